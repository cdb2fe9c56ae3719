from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
