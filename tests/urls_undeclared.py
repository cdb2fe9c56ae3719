"""A URL configuration for tests/test_url_policies.py: the real one plus two patterns that have
no declared access policy (one named, one unnamed). Requests to them must be refused."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def undeclared_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("this view has no access policy and must never be reached")


urlpatterns = [
    path("", include("config.urls")),
    path("utan-policy/namngiven/", undeclared_view, name="undeclared_named"),
    path("utan-policy/onamngiven/", undeclared_view),
]
