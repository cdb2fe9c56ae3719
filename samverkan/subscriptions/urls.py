from django.urls import path

from samverkan.subscriptions import views

app_name = "subscriptions"

urlpatterns = [
    path("prenumerera/", views.subscribe, name="subscribe"),
    path("prenumerera/skickat/", views.requested, name="requested"),
    path("prenumerera/bekrafta/<str:token>/", views.confirm, name="confirm"),
    path("prenumerera/mina-organ/", views.member_subscribe, name="member"),
    path("prenumerationer/", views.manage_request, name="manage_request"),
    path("prenumerationer/avsluta/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("prenumerationer/<str:token>/", views.manage, name="manage"),
]
