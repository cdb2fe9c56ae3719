"""The Django admin's log-in is no way around the second factor or the rate limits: /admin/login/
reads no password and sends everyone to allauth's log-in (issue 11, point 1)."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse

from samverkan.accounts.models import User

from .test_login_mfa import PASSWORD, fresh_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_administrator() -> User:
    """An administrator who may use the Django admin and has an authenticator app."""
    return User.objects.create_user(
        username="admin.ada", email="ada@region.example", password=PASSWORD, is_superuser=True, is_staff=True
    )


def test_a_password_posted_to_the_admin_login_logs_nobody_in(browser: Client, forms, staff_administrator) -> None:
    secret = generate_totp_secret()
    TOTP.activate(staff_administrator, secret)
    # The admin sends a visitor to its log-in page, which sends them on to allauth's.
    response = browser.get("/admin/structure/body/")
    assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/admin/structure/body/")
    response = browser.get(response["Location"])
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/admin/structure/body/")

    # What the old admin form took (username and password) is not read.
    response = Client().post(
        "/admin/login/?next=/admin/",
        {"username": staff_administrator.username, "password": PASSWORD, "next": "/admin/"},
    )
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/admin/")
    assert "_auth_user_id" not in response.wsgi_request.session
    assert response.client.get("/admin/").status_code == 302

    # Through allauth the password leads to the code, not to the admin.
    page = browser.get("/accounts/login/?next=/admin/structure/body/")
    response = forms.submit(
        browser, page, {"login": staff_administrator.username, "password": PASSWORD}, action=reverse("account_login")
    )
    assert (response.status_code, response["Location"]) == (302, reverse("mfa_authenticate"))
    assert not forms.is_logged_in(browser)
    assert browser.get("/admin/").status_code == 302
    assert browser.get("/granskning/").status_code == 302

    code_page = browser.get(reverse("mfa_authenticate"))
    response = forms.submit(browser, code_page, {"code": fresh_code(secret)}, field="code")
    assert (response.status_code, response["Location"]) == (302, "/admin/structure/body/")
    assert browser.get("/admin/structure/body/").status_code == 200
    # Logged in, the admin's log-in page goes on to where it was asked to (only on this site).
    assert browser.get("/admin/login/?next=/admin/structure/")["Location"] == "/admin/structure/"
    assert browser.get("/admin/login/?next=https://evil.example/")["Location"] == "/admin/"


def test_wrong_passwords_reached_from_the_admin_login_are_limited(browser: Client, forms, staff_administrator) -> None:
    """30 wrong passwords: the admin log-in reads none, and allauth's, where it leads, stops
    taking them for the account long before, even the right one."""
    outcomes = []
    for _attempt in range(30):
        first = Client().post("/admin/login/", {"username": staff_administrator.username, "password": "fel-lösenord"})
        assert first["Location"] == "/accounts/login/?next=/admin/login/"
        page = browser.get(first["Location"])
        response = forms.submit(
            browser, page, {"login": staff_administrator.username, "password": "fel-lösenord-igen"}, field="login"
        )
        assert not forms.is_logged_in(browser)
        outcomes.append((response.status_code, "För många" in response.content.decode()))
    # allauth's limit per account: five failures, then "too many failed log-in attempts".
    assert outcomes == [(200, False)] * 5 + [(200, True)] * 25
    # Even the right password is refused now (and the page says why, in Swedish).
    response = Client().post("/accounts/login/", {"login": staff_administrator.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Vänta några minuter och försök igen" in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session


def test_a_logged_in_user_who_is_not_staff_is_refused_the_admin_login() -> None:
    client = Client()
    client.force_login(User.objects.create_user(username="bertil", email="b@kommun.example", password=PASSWORD))
    assert client.get("/admin/login/").status_code == 403
