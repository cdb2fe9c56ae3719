from django.urls import path

from samverkan.publishing import views

app_name = "publishing"

urlpatterns = [
    path("", views.home, name="home"),
    path("om/", views.about, name="about"),
]
