from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from samverkan.core.sections import MY_TASKS, render_sections
from samverkan.structure import selectors as structure_selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "publishing/home.html",
        {"counts": structure_selectors.structure_counts(), "top_bodies": structure_selectors.top_bodies()},
    )


def my_tasks(request: HttpRequest) -> HttpResponse:
    """ "Mina uppgifter": what waits for the logged-in user, each app's block from the slot
    core.sections.MY_TASKS (the next meetings of their bodies, notices not yet sent, minutes to
    adjust, recommendations to answer, imports to review). Where the user lands after log-in."""
    blocks = render_sections(request, *MY_TASKS, request.user)
    return render(request, "publishing/my_tasks.html", {"blocks": blocks})


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "publishing/about.html")


def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /konto/",
        "Disallow: /accounts/",
        "Disallow: /granskning/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
