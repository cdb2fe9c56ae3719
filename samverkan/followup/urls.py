from django.urls import path

from samverkan.followup import views

app_name = "followup"

urlpatterns = [
    path("projekt/", views.project_list, name="project_list"),
    path("projekt/<slug:key>/", views.project_detail, name="project_detail"),
]
