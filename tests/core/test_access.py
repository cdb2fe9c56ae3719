"""The access registry and middleware (samverkan/core/access.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

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
from tests.support import Personas


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


# --- Object policies: one loader, one fetch a request -------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "url_name", "lookup"),
    [
        ("secretary", "structure:body_edit", '"structure_body"."key" = '),
        ("secretary", "meetings:meeting_edit", '"meetings_meeting"."id" = '),
        ("secretary", "referrals:edit", '"referrals_recommendation"."id" = '),
    ],
)
def test_the_view_gets_the_object_its_policy_already_fetched(
    personas: Personas, login: Any, persona: str, url_name: str, lookup: str
) -> None:
    """The object policy fetched the body, meeting or recommendation the URL names; the view
    uses that one instead of asking the database again."""
    from tests.support import meeting_world, referral_world

    kwargs = {
        "structure:body_edit": lambda: {"key": personas.body.key},
        "meetings:meeting_edit": lambda: {"pk": meeting_world(personas).planned.pk},
        "referrals:edit": lambda: {"pk": referral_world(personas).draft.pk},
    }[url_name]()
    client = login(persona)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(url_name, kwargs=kwargs))
    assert response.status_code == 200
    table = lookup.split(".")[0]
    fetches = [
        q["sql"] for q in queries.captured_queries if f"FROM {table}" in q["sql"] and f"WHERE {lookup}" in q["sql"]
    ]
    assert len(fetches) == 1, fetches


def test_a_loader_answers_404_for_an_unknown_or_malformed_key(db: Any) -> None:
    from django.http import Http404

    from samverkan.meetings.permissions import MEETING
    from samverkan.structure.permissions import BODY

    for loader, value in ((MEETING, 999_999), (MEETING, "inte-ett-tal"), (BODY, "finns-inte")):
        with pytest.raises(Http404):
            loader.get(value)
