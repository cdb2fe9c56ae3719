"""Every URL pattern has a declared access policy, and a URL without one is refused."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import get_resolver

from samverkan.core.access import DELEGATED, PUBLIC, registry
from tests.factories import UserFactory
from tests.support import walk


def all_view_names() -> list[tuple[str, str]]:
    return list(walk(get_resolver("config.urls").url_patterns))


def test_the_walk_reaches_every_part_of_the_site() -> None:
    """Guards the walk itself: if it stopped recursing, the policy test below would pass on nothing."""
    names = {name for _route, name in all_view_names()}
    for expected in [
        "publishing:home",
        "structure:body_detail",
        "structure:membership_edit",
        "core:audit_trail",
        "api:body_detail",
        "api:openapi-json",
        "account_login",
        "mfa_index",
        "openid_connect_callback",
        "admin:index",
        "admin:structure_body_change",
        "set_language",
        "sitemap",
        "robots",
    ]:
        assert expected in names
    assert len(names) > 100


def test_every_url_pattern_has_an_access_policy() -> None:
    missing = sorted(f"{name}  ({route})" for route, name in all_view_names() if registry.lookup(name) is None)
    assert missing == [], "URL patterns without an access policy:\n" + "\n".join(missing)


@pytest.mark.parametrize(
    ("view_name", "expected"),
    [
        ("admin:index", DELEGATED),
        ("admin:structure_body_change", DELEGATED),
        ("account_login", DELEGATED),
        ("mfa_activate_totp", DELEGATED),
        ("openid_connect_callback", DELEGATED),
        ("api:body_detail", PUBLIC),
        ("sitemap", PUBLIC),
    ],
)
def test_wildcard_and_exact_policies_resolve_as_declared(view_name: str, expected: object) -> None:
    assert registry.lookup(view_name) is expected


@pytest.mark.parametrize(
    "view_name", ["structure:nonexistent", "undeclared_named", "accounts_typo", "apix:body_detail"]
)
def test_lookup_of_an_undeclared_name_is_none(view_name: str) -> None:
    assert registry.lookup(view_name) is None


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.urls_undeclared")
@pytest.mark.parametrize("path", ["/utan-policy/namngiven/", "/utan-policy/onamngiven/"])
@pytest.mark.parametrize("as_administrator", [False, True])
def test_a_url_without_a_policy_is_refused_to_everyone(path: str, as_administrator: bool) -> None:
    client = Client()
    if as_administrator:
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(path)
    assert response.status_code == 403
    assert b"must never be reached" not in response.content


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.urls_undeclared")
def test_the_test_urlconf_still_serves_the_real_site() -> None:
    """The refusal above comes from the missing policy, not from a broken URL configuration."""
    assert Client().get("/om/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/accounts/social/login/cancelled/", "/accounts/3rdparty/login/cancelled/"),
        ("/accounts/social/login/error/", "/accounts/3rdparty/login/error/"),
        ("/accounts/social/signup/", "/accounts/3rdparty/signup/"),
        ("/accounts/social/connections/", "/accounts/3rdparty/"),
    ],
)
def test_allauths_unnamed_redirects_from_old_addresses_work(old: str, new: str) -> None:
    """These unnamed patterns were refused (403) before they had a policy."""
    response = Client().get(old)
    assert response.status_code == 301
    assert response["Location"] == new
