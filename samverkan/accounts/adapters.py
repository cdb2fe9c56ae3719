from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by administrators, or on first log-in through an organisation's own
    identity provider (OpenID Connect); nobody signs up with a password on their own."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        # A configured identity provider vouches for its users; roles are still granted by an
        # administrator, so a new account starts with no more rights than the public.
        return True
