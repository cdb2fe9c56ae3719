from django.urls import path

from samverkan.followup import views

app_name = "followup"

urlpatterns = [
    path("projekt/", views.project_list, name="project_list"),
    path("projekt/nytt-projekt/", views.project_create, name="project_create"),
    path("projekt/<slug:key>/", views.project_detail, name="project_detail"),
    path("projekt/<slug:key>/andra/", views.project_edit, name="project_edit"),
    path("projekt/<slug:key>/mal/nytt/", views.goal_add, name="goal_add"),
    path("projekt/<slug:key>/mal/<int:pk>/", views.goal_edit, name="goal_edit"),
    path("projekt/<slug:key>/mal/<int:pk>/ta-bort/", views.goal_delete, name="goal_delete"),
    path("projekt/<slug:key>/beslutspunkter/ny/", views.point_add, name="point_add"),
    path("projekt/<slug:key>/beslutspunkter/<int:pk>/", views.point_edit, name="point_edit"),
    path("projekt/<slug:key>/beslutspunkter/<int:pk>/ta-bort/", views.point_delete, name="point_delete"),
    path("projekt/<slug:key>/enkater/ny/", views.survey_add, name="survey_add"),
    path("projekt/<slug:key>/enkater/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("projekt/<slug:key>/enkater/<int:pk>/andra/", views.survey_edit, name="survey_edit"),
    path("projekt/<slug:key>/enkater/<int:pk>/fragor/ny/", views.question_add, name="question_add"),
    path("projekt/<slug:key>/enkater/<int:pk>/fragor/<int:question_pk>/", views.question_edit, name="question_edit"),
    path("projekt/<slug:key>/enkater/<int:pk>/svar/", views.answers_add, name="answers_add"),
    path("projekt/<slug:key>/indikatorer/ny/", views.indicator_add, name="indicator_add"),
    path("projekt/<slug:key>/indikatorer/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("projekt/<slug:key>/indikatorer/<int:pk>/andra/", views.indicator_edit, name="indicator_edit"),
    path("projekt/<slug:key>/indikatorer/<int:pk>/varde/", views.indicator_value_add, name="indicator_value_add"),
    path("projekt/<slug:key>/indikatorer/<int:pk>/import/", views.indicator_import, name="indicator_import"),
    path("projekt/<slug:key>/risker/ny/", views.risk_add, name="risk_add"),
    path("projekt/<slug:key>/risker/<int:pk>/", views.risk_edit, name="risk_edit"),
    path("projekt/<slug:key>/risker/<int:pk>/ta-bort/", views.risk_delete, name="risk_delete"),
    path("maluppfyllnad/", views.report_list, name="report_list"),
    path("maluppfyllnad/ny/", views.report_create, name="report_create"),
    path("maluppfyllnad/<slug:body>/<int:year>/", views.report_detail, name="report_detail"),
    path("maluppfyllnad/<slug:body>/<int:year>/pdf/", views.report_pdf, name="report_pdf"),
    path("maluppfyllnad/<slug:body>/<int:year>/andra/", views.report_edit, name="report_edit"),
    path("maluppfyllnad/<slug:body>/<int:year>/status/", views.report_status, name="report_status"),
    path("maluppfyllnad/<slug:body>/<int:year>/omraden/nytt/", views.section_add, name="section_add"),
    path("maluppfyllnad/<slug:body>/<int:year>/omraden/<int:pk>/", views.section_edit, name="section_edit"),
    path("maluppfyllnad/<slug:body>/<int:year>/omraden/<int:pk>/ta-bort/", views.section_delete, name="section_delete"),
]
