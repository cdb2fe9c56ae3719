from __future__ import annotations

import base64
import hashlib
import ipaddress
import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from cryptography.fernet import Fernet
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from samverkan.core import tasks

logger = logging.getLogger(__name__)


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip().strip("[]")))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """The address of the client, counted by the configured number of trusted proxies
    (TRUSTED_PROXIES). Each proxy appends the address it was reached from to X-Forwarded-For,
    so with N trusted proxies the client is the N-th entry from the right; anything left of it
    was written by the client and is not believed. With no trusted proxy, or a header shorter
    than the configured chain (a request that did not come through it), the address the
    connection came from (REMOTE_ADDR)."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    trusted = int(getattr(settings, "TRUSTED_PROXIES", 0))
    if trusted <= 0:
        return remote
    hops = [hop for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
    if len(hops) < trusted:
        if hops:
            logger.warning("X-Forwarded-For has %d address(es), TRUSTED_PROXIES is %d", len(hops), trusted)
        return remote
    return _address(hops[-trusted]) or remote


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by administrators, or on first log-in through an organisation's own
    identity provider (OpenID Connect); nobody signs up with a password on their own."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Rendered here, in the visitor's language, and sent by the worker (core.tasks)."""
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request), **context},
        )
        html = next((content for content, kind in getattr(message, "alternatives", []) if kind == "text/html"), "")
        tasks.send_rendered.enqueue(message.subject, message.body, message.from_email, list(message.to), str(html))

    def get_client_ip(self, request: HttpRequest) -> str:
        """The address allauth's rate limits count per client (see `client_address`)."""
        address = client_address(request)
        if address is None:
            raise PermissionDenied("The client's address is unknown.")
        return address


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        # A configured identity provider vouches for its users; roles are still granted by an
        # administrator, so a new account starts with no more rights than the public.
        return True


class MFAAdapter(DefaultMFAAdapter):
    """Keeps TOTP secrets and recovery-code seeds encrypted in the database (Fernet, with a key
    derived from MFA_ENCRYPTION_KEY, or from SECRET_KEY when that is not set)."""

    PREFIX = "fernet:"

    def _fernet(self) -> Fernet:
        secret = settings.MFA_ENCRYPTION_KEY or settings.SECRET_KEY
        digest = hashlib.sha256(f"samverkan-mfa:{secret}".encode()).digest()
        return Fernet(base64.urlsafe_b64encode(digest))

    def encrypt(self, text: str) -> str:
        return self.PREFIX + self._fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(self.PREFIX):
            return encrypted_text  # stored before encryption was turned on
        return self._fernet().decrypt(encrypted_text.removeprefix(self.PREFIX).encode()).decode()
