from django.urls import path

from samverkan.meetings import views

app_name = "meetings"

urlpatterns = [
    # Public
    path("organ/<slug:key>/moten/", views.body_meetings, name="body_meetings"),
    path("organ/<slug:key>/moten.ics", views.body_calendar, name="body_calendar"),
    path("personer/<slug:key>/moten.ics", views.person_calendar, name="person_calendar"),
    path("moten/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("moten/<int:pk>/protokoll/", views.minutes_page, name="minutes"),
    path("moten/<int:pk>/protokoll.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("moten/<int:pk>/protokoll/<int:paragraph>.pdf", views.extract_pdf, name="extract_pdf"),
    path("moten/<int:pk>/anslag.pdf", views.adjustment_notice_pdf, name="adjustment_notice_pdf"),
    path("moten/<int:pk>/bilagor/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("arenden/<int:pk>/", views.matter_detail, name="matter_detail"),
    path("arenden/forslag.json", views.matter_suggestions, name="matter_suggestions"),
    path("forhinder/<str:token>/", views.absence_link, name="absence_link"),
    path("justering/<str:token>/", views.adjust_link, name="adjust_link"),
    # Members
    path("moten/<int:pk>/kallelse.pdf", views.notice_pdf, name="notice_pdf"),
    path("moten/<int:pk>/forhinder/", views.absence_report, name="absence_report"),
    path("moten/<int:pk>/justera/", views.adjust, name="adjust"),
    # Secretaries
    path("organ/<slug:key>/moten/nytt/", views.meeting_create, name="meeting_create"),
    path("organ/<slug:key>/moten/planera/", views.plan_year, name="plan_year"),
    path("organ/<slug:key>/moten/installningar/", views.meeting_settings, name="settings"),
    path("moten/<int:pk>/andra/", views.meeting_edit, name="meeting_edit"),
    path("moten/<int:pk>/dagordning/", views.agenda, name="agenda"),
    path("moten/<int:pk>/punkter/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("moten/<int:pk>/punkter/<int:item_pk>/ta-bort/", views.item_delete, name="item_delete"),
    path("moten/<int:pk>/punkter/<int:item_pk>/bilagor/", views.attachment_add, name="attachment_add"),
    path("moten/<int:pk>/franvaro/", views.absences, name="absences"),
    path("moten/<int:pk>/kallelse/skicka/", views.notice_send, name="notice_send"),
    path("moten/<int:pk>/narvaro/", views.attendance, name="attendance"),
    path("moten/<int:pk>/narvaro/upprop/", views.roll_call, name="roll_call"),
    path("moten/<int:pk>/narvaro/<int:attendance_pk>/", views.attendance_edit, name="attendance_edit"),
    path("moten/<int:pk>/protokoll/hantera/", views.minutes_edit, name="minutes_edit"),
]
