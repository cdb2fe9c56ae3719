from django.urls import path, re_path
from django.views.generic import RedirectView

from samverkan.api.oparl import views

app_name = "oparl"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="oparl:system", permanent=False), name="root"),
    path("v1/", views.system, name="system"),
    path("v1/organization/<str:ident>/meeting/", views.organization_meetings, name="organization_meetings"),
    path("v1/file/<str:ident>/access/", views.file_access, name="file_access"),
    path("v1/file/<str:ident>/download/", views.file_download, name="file_download"),
    path("v1/<str:kind>/", views.object_list, name="list"),
    path("v1/<str:kind>/<str:ident>/", views.object_detail, name="object"),
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not_found"),
]
