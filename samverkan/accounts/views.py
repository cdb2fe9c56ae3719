"""The one way in: every log-in goes through allauth's, with its second factor and its limits."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def admin_login(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Replaces the Django admin's own log-in page, which would take a password alone: no
    second factor and no rate limit. A visitor who is not logged in is sent to allauth's log-in
    (coming back to where the admin was going); a logged-in member of staff goes on to the admin;
    anyone else logged in is refused. No password is ever read here, whatever is posted."""
    target = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(target or request.get_full_path())
    if not (user.is_active and user.is_staff):
        raise PermissionDenied
    return HttpResponseRedirect(target or reverse("admin:index"))
