"""The access registry and middleware (samverkan/core/access.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from samverkan.core.access import (
    ADMINISTRATOR,
    AUTHENTICATED,
    DELEGATED,
    PUBLIC,
    AccessPolicyMiddleware,
    Policy,
    _Registry,
    is_administrator,
)
from tests.factories import UserFactory


def test_the_registry_refuses_a_key_declared_twice() -> None:
    registry = _Registry()
    registry._loaded = True  # only what is added here
    registry.add("structure:body_detail", PUBLIC)
    registry.add("admin:*", DELEGATED)
    with pytest.raises(ValueError, match="'structure:body_detail' is declared twice"):
        registry.add("structure:body_detail", ADMINISTRATOR)
    with pytest.raises(ValueError, match=r"'admin:\*' is declared twice"):
        registry.add("admin:*", PUBLIC)


def test_an_exact_key_wins_over_a_pattern_and_patterns_match_whole_names() -> None:
    registry = _Registry()
    registry._loaded = True
    registry.add("account_*", DELEGATED)
    registry.add("account_signup", ADMINISTRATOR)
    assert registry.lookup("account_signup") is ADMINISTRATOR
    assert registry.lookup("account_login") is DELEGATED
    assert registry.lookup("my_account_login") is None
    assert registry.lookup("account") is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("user_kind", "public", "authenticated", "administrator"),
    [
        ("anonymous", True, False, False),
        ("user", True, True, False),
        ("staff", True, True, False),
        ("superuser", True, True, True),
        ("inactive superuser", True, True, False),
    ],
)
def test_the_basic_policies(user_kind: str, public: bool, authenticated: bool, administrator: bool) -> None:
    user: Any = {
        "anonymous": lambda: AnonymousUser(),
        "user": lambda: UserFactory(),
        "staff": lambda: UserFactory(is_staff=True),
        "superuser": lambda: UserFactory(is_superuser=True),
        "inactive superuser": lambda: UserFactory(is_superuser=True, is_active=False),
    }[user_kind]()
    assert (PUBLIC.allows(user, {}), AUTHENTICATED.allows(user, {}), ADMINISTRATOR.allows(user, {})) == (
        public,
        authenticated,
        administrator,
    )
    assert is_administrator(user) is administrator


def test_a_policy_passes_the_urls_keyword_arguments_to_its_check() -> None:
    seen: list[Any] = []
    policy = Policy("test", lambda user, kw: seen.append(dict(kw)) or kw["key"] == "ok")
    assert policy.allows(AnonymousUser(), {"key": "ok"}) is True
    assert policy.allows(AnonymousUser(), {"key": "no"}) is False
    assert seen == [{"key": "ok"}, {"key": "no"}]


@pytest.mark.django_db
def test_the_middleware_refuses_with_permission_denied_and_redirects_anonymous() -> None:
    middleware = AccessPolicyMiddleware(lambda request: HttpResponse("ok"))
    request = RequestFactory().get("/granskning/?who=anna")
    request.resolver_match = resolve("/granskning/")

    request.user = AnonymousUser()
    response = middleware.process_view(request, lambda r: HttpResponse(), (), {})
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/granskning/%3Fwho%3Danna")

    request.user = UserFactory()
    with pytest.raises(PermissionDenied):
        middleware.process_view(request, lambda r: HttpResponse(), (), {})

    request.user = UserFactory(is_superuser=True)
    assert middleware.process_view(request, lambda r: HttpResponse(), (), {}) is None
