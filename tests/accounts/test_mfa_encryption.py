"""TOTP secrets are stored encrypted, and still verify codes."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value
from django.db import connection

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_totp_secret_is_encrypted_at_rest_and_still_verifies_codes():
    user = UserFactory()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)

    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator WHERE user_id = %s", [user.pk])
        (raw,) = cursor.fetchone()
    assert secret not in str(raw)
    assert "fernet:" in str(raw)

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    code = hotp_value(secret, int(time.time()) // 30)
    assert TOTP(authenticator).validate_code(f"{code:06d}") is True
    assert TOTP(authenticator).validate_code("000000" if code != 0 else "111111") is False
