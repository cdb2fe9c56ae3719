"""Password log-in with TOTP two-factor authentication, through allauth's real pages.

The codes are computed by an RFC 6238 implementation written here (not allauth's), from the
secret allauth shows on its activation page.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from samverkan.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "Sju-sjösjuka-sjömän-2024"
TOTP_STEP = 30
TOTP_DIGITS = 6


# --- RFC 6238 (TOTP over RFC 4226 HOTP), HMAC-SHA1 ---------------------------------------------
def hotp(key: bytes, counter: int, digits: int = TOTP_DIGITS) -> str:
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F  # dynamic truncation, RFC 4226 5.3
    binary = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(binary % 10**digits).zfill(digits)


def totp(secret_b32: str, at: float, digits: int = TOTP_DIGITS) -> str:
    key = base64.b32decode(secret_b32.replace(" ", "").upper() + "=" * (-len(secret_b32) % 8))
    return hotp(key, int(at // TOTP_STEP), digits)


@pytest.mark.parametrize(
    ("at", "expected"),
    # RFC 6238 appendix B, SHA1 rows (8 digits), secret = ASCII "12345678901234567890".
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ],
)
def test_own_totp_matches_rfc6238_test_vectors(at, expected):
    secret = base64.b32encode(b"12345678901234567890").decode()
    assert totp(secret, at, digits=8) == expected
    assert totp(secret, at) == expected[-6:]


def fresh_code(secret: str, margin: float = 5.0) -> str:
    """The current code, with at least `margin` seconds left in its 30-second window (allauth
    accepts only the current window), so it cannot expire between computing and posting it."""
    left = TOTP_STEP - time.time() % TOTP_STEP
    if left < margin:
        time.sleep(left + 0.05)
    return totp(secret, time.time())


# --- Page helpers ------------------------------------------------------------------------------
def follow_link(client: Client, page: Any, url_name: str) -> Any:
    """Follows the link to `url_name` that the page shows, as a person would."""
    href = reverse(url_name)
    assert f'href="{href}"'.encode() in page.content, f"no link to {href} on {page.wsgi_request.path}"
    return client.get(href)


def log_in_with_password(client: Client, forms: Any, login: str, password: str) -> Any:
    page = client.get(reverse("account_login"))
    assert page.status_code == 200
    return forms.submit(client, page, {"login": login, "password": password}, action=reverse("account_login"))


def log_out(client: Client, forms: Any) -> None:
    page = client.get("/konto/")
    forms.submit(client, page, action=reverse("account_logout"))
    assert not forms.is_logged_in(client)


def activate_totp(client: Client, forms: Any, password: str) -> str:
    """From "My account" to allauth's TOTP activation; returns the secret allauth showed."""
    account_page = client.get("/konto/")
    mfa_index = follow_link(client, account_page, "mfa_index")
    # allauth asks for the password again before a second factor is added, even right after
    # logging in (only an explicit re-authentication counts), then returns to the activation.
    response = follow_link(client, mfa_index, "mfa_activate_totp")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    reauth_page = client.get(response["Location"])
    wrong = forms.submit(client, reauth_page, {"password": "not-the-password-at-all"}, field="password")
    assert wrong.status_code == 200 and wrong.context["form"].errors
    response = forms.submit(client, wrong, {"password": password}, field="password")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    activate_page = client.get(response["Location"])
    assert activate_page.status_code == 200

    shown = forms.parse(activate_page).inputs_by_id["authenticator_secret"]
    secret = shown["value"] or ""
    assert re.fullmatch(r"[A-Z2-7]{32}", secret), secret  # 20 random bytes, base32

    # A wrong code does not activate anything.
    wrong = forms.submit(client, activate_page, {"code": wrong_code(secret)}, field="code")
    assert wrong.status_code == 200 and wrong.context["form"].errors.get("code")
    assert not Authenticator.objects.filter(type=Authenticator.Type.TOTP).exists()

    done = forms.submit(client, wrong, {"code": fresh_code(secret)}, field="code")
    assert done.status_code == 302, done.context["form"].errors if done.context else done
    assert done["Location"] == reverse("mfa_view_recovery_codes")
    return secret


def wrong_code(secret: str) -> str:
    """A well-formed code that is not valid now: the one from two minutes ago."""
    now = time.time()
    stale = totp(secret, now - 4 * TOTP_STEP)
    assert stale not in {totp(secret, now + d) for d in (-TOTP_STEP, 0, TOTP_STEP)}, "unlucky collision"
    return stale


@pytest.fixture
def administrator() -> User:
    return User.objects.create_user(
        username="admin.anna",
        email="anna.admin@region.example",
        password=PASSWORD,
        first_name="Anna",
        last_name="Admin",
        is_superuser=True,
    )


# --- The tests ---------------------------------------------------------------------------------
def test_totp_activation_then_password_and_code_login(browser, forms, administrator):
    # Log in with the password alone; no second factor exists yet.
    response = log_in_with_password(browser, forms, administrator.username, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/mina-uppgifter/"
    assert forms.is_logged_in(browser)

    secret = activate_totp(browser, forms, PASSWORD)
    assert Authenticator.objects.filter(user=administrator, type=Authenticator.Type.TOTP).count() == 1
    log_out(browser, forms)

    # The password alone no longer logs in: allauth asks for the code.
    response = log_in_with_password(browser, forms, administrator.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not forms.is_logged_in(browser)
    trail = browser.get("/granskning/")
    assert trail.status_code == 302 and trail["Location"].startswith(reverse("account_login"))

    code_page = browser.get(reverse("mfa_authenticate"))
    assert code_page.status_code == 200
    for bad in (wrong_code(secret), "000000x", ""):
        refused = forms.submit(browser, code_page, {"code": bad}, field="code")
        assert refused.status_code == 200
        assert refused.context["form"].errors
        assert not forms.is_logged_in(browser)
        code_page = refused

    code = fresh_code(secret)
    response = forms.submit(browser, code_page, {"code": code}, field="code")
    assert response.status_code == 302 and response["Location"] == "/mina-uppgifter/"
    assert browser.session["_auth_user_id"] == str(administrator.pk)

    home = browser.get("/")
    assert b'href="/konto/"' in home.content and b'href="/granskning/"' in home.content
    trail = browser.get("/granskning/")
    assert trail.status_code == 200
    assert "core/audit_trail.html" in [t.name for t in trail.templates]

    # The same code cannot be used a second time, even within its window.
    log_out(browser, forms)
    response = log_in_with_password(browser, forms, administrator.username, PASSWORD)
    assert response["Location"] == reverse("mfa_authenticate")
    replay = forms.submit(browser, browser.get(reverse("mfa_authenticate")), {"code": code}, field="code")
    assert replay.status_code == 200 and replay.context["form"].errors
    assert not forms.is_logged_in(browser)


def test_wrong_password_does_not_reach_the_code_step(browser, forms, administrator):
    response = log_in_with_password(browser, forms, administrator.username, "not-the-password-at-all")
    assert response.status_code == 200 and response.context["form"].errors
    assert not forms.is_logged_in(browser)
    assert browser.get(reverse("mfa_authenticate")).status_code == 302  # no pending log-in


def test_audit_trail_is_for_administrators_only(browser, forms):
    User.objects.create_user(username="bertil", email="bertil@kommun.example", password=PASSWORD)
    response = log_in_with_password(browser, forms, "bertil", PASSWORD)
    assert response.status_code == 302 and forms.is_logged_in(browser)
    assert browser.get("/konto/").status_code == 200
    assert b'href="/granskning/"' not in browser.get("/").content
    assert browser.get("/granskning/").status_code == 403
