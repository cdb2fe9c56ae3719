"""Follow-up pages (public)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from samverkan.followup import selectors
from samverkan.followup.models import Project


def project_list(request: HttpRequest) -> HttpResponse:
    return render(request, "followup/project_list.html", {"projects": Project.objects.select_related("body")})


def project_detail(request: HttpRequest, key: str) -> HttpResponse:
    try:
        project, points = selectors.project_page(key)
    except Project.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "followup/project_detail.html", {"project": project, "points": points})
