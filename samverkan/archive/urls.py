from django.urls import path

from samverkan.archive import views

app_name = "archive"

urlpatterns = [
    path("arkiv/", views.index, name="index"),
    path("arkiv/<int:pk>/", views.export, name="export"),
    path("arkiv/<int:pk>/paket.zip", views.download, name="download"),
]
