from django.urls import path

from samverkan.importer import views

app_name = "importer"

urlpatterns = [
    path("import/", views.upload, name="upload"),
    path("import/omgang/<int:pk>/", views.batch, name="batch"),
    path("import/dokument/<int:pk>/", views.document, name="document"),
]
