"""Browser tests of the importer against a database WITHOUT the seeds' meetings: journey 11 of
PRODUCT.md (a secretary imports the five seed documents and confirms what the importer proposes)
must create all four meetings in the browser, which it cannot do in tests/e2e, whose shared
database already holds three of them (`load_demo_meetings`).

Everything but the data is tests/e2e/conftest.py's, imported rather than copied (see its
docstring): the chromium of this package, the override of pytest-django's `_live_server_helper`
(no flush after each test), the log-in helpers (`browse_as`), the Swedish catalogue compiled
before the first page, and the `e2e` mark on every test here. The data: the two example
structure files, loaded once for this package by `structure` below (the same loader as
tests/e2e, with other data on top), and one account, a secretary of the four bodies the seeds
are about; no meetings. The database is flushed again when the package's last test is done, so
tests/e2e (which loads its own) and every other test in the worker never see it, nor it theirs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import (
    PASSWORD,
    _live_server_helper,
    _logged_in_sessions,
    axe_page,
    browse_as,
    browser,
    loaded_structure,
    mark_e2e,
    page,
    pytest_configure,
    site,
)

__all__ = [
    "_live_server_helper",
    "_logged_in_sessions",
    "axe_page",
    "browse_as",
    "browser",
    "page",
    "pytest_configure",
    "site",
]

HERE = Path(__file__).resolve().parent

# The account journey 11 logs in with (through the real log-in page, `browse_as`).
ADMIN = "e2e-import-admin"
SECRETARY = "e2e-import-sekreterare"
# The bodies of the four seed meetings: VästKom's board (000), SRO (001), Västerbotten's political
# steering group for the region municipality (002), GR's steering group for social welfare (004).
SECRETARY_OF = ["vastkom-styrelse", "sro", "vb-styrgrupp-regionkommun", "gr-styrgrupp-social-valfard"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mark_e2e(items, HERE)


@pytest.fixture(scope="package")
def structure(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The two example counties (`samverkan load structure`) and the secretary; no meetings."""
    with loaded_structure(django_db_blocker, _load_accounts):
        yield


def _load_accounts() -> None:
    """An administrator (who grants the roles, as in production) and the secretary of the four
    bodies the seeds are about."""
    from django.contrib.auth import get_user_model

    from samverkan.structure import services as structure_services
    from samverkan.structure.models import Body

    users = get_user_model()
    admin = users.objects.create_superuser(ADMIN, "e2e-import-admin@example.test", PASSWORD)
    secretary = users.objects.create_user(SECRETARY, "e2e-import-sekreterare@example.test", PASSWORD)
    for key in SECRETARY_OF:
        structure_services.secretary_grant(
            actor=admin, body=Body.objects.get(key=key), user=secretary, source="cli:e2e"
        )
