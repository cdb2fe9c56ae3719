from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from samverkan.core.models import AuditEvent


def audit_trail(request: HttpRequest) -> HttpResponse:
    """The audit trail, newest first, filterable by who and by kind of record."""
    events = AuditEvent.objects.select_related("target_type").order_by("-at", "-id")
    who = request.GET.get("who", "").strip()
    what = request.GET.get("what", "").strip()
    if who:
        events = events.filter(actor_label__icontains=who)
    if what:
        events = events.filter(target_repr__icontains=what)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_trail.html", {"page": page, "who": who, "what": what})


def choose_language(request: HttpRequest) -> HttpResponse:
    """The language button in every page's header: a GET that stores the choice in the
    language cookie and goes back to the page. A GET (unlike Django's set_language, a POST with
    a CSRF token) so that the header holds no token and public pages can be cached (see
    samverkan/core/pagecache.py); choosing a language changes nothing but that preference."""
    language = request.GET.get("language", "")
    supported = {code for code, _name in settings.LANGUAGES}
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    if language in supported:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
