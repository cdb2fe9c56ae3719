from django.urls import path

from samverkan.agreements import views

app_name = "agreements"

urlpatterns = [
    path("avtal/", views.agreement_list, name="list"),
    path("avtal/nytt/", views.agreement_create, name="create"),
    path("avtal/<slug:key>/", views.agreement_detail, name="detail"),
    path("avtal/<slug:key>/andra/", views.agreement_edit, name="edit"),
    path("avtal/<slug:key>/forlang/", views.agreement_extend, name="extend"),
    path("avtal/<slug:key>/versioner/ny/", views.version_add, name="version_add"),
    path("avtal/<slug:key>/versioner/<int:pk>/", views.version_file, name="version_file"),
]
