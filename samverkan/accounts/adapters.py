from __future__ import annotations

import base64
import hashlib
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from cryptography.fernet import Fernet
from django.conf import settings
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
