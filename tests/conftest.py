"""Shared fixtures: the named personas every permission test uses, and a log-in helper.

The personas relate to one body (`personas.body`) owned by one principal
(`personas.principal`):

    anonymous      not logged in (None)
    outsider       logged in, no role at all
    member         linked to a person with a current seat in the body
    secretary      in body.secretaries
    registrar      in principal.registrars
    administrator  is_superuser

plus `other_secretary` (secretary of `other_body`) and `other_registrar` (registrar of
`other_principal`), who must be refused on this body and principal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.support import Personas, build_personas


@pytest.fixture(autouse=True)
def _site_language() -> Iterator[None]:
    """Every test starts in the site's language. A request made with the English cookie leaves
    English active in the thread (as Django's LocaleMiddleware does), which must not leak into
    the next test's str() of a model."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def personas(db: None) -> Personas:
    return build_personas()


@pytest.fixture
def login(personas: Personas) -> Callable[[str], Client]:
    """`login("secretary")` returns a fresh test client logged in as that persona
    (`login("anonymous")` one that is not logged in)."""

    def log_in(name: str) -> Client:
        client = Client()
        user = personas.user(name)
        if user is not None:
            client.force_login(user)
        return client

    return log_in
