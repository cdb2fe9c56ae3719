"""The Content-Security-Policy header (Django 5.2 has none of its own): every response says
where its scripts, styles, images and forms may come from. The policy is one setting,
`CONTENT_SECURITY_POLICY` (see config/settings.py): by default self only, no inline script and
no inline style, so an injected `<script>` or `onclick=` would not run even if an escape were
ever missed. Pages are built for it: no inline script, no `style=` attribute, no CDN."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = str(getattr(settings, "CONTENT_SECURITY_POLICY", "") or "")
        if policy and HEADER not in response:
            response[HEADER] = policy
        return response
