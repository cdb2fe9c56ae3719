"""Browser tests: the real Django server (pytest-django's `live_server`, in a thread) driven by
chromium through Playwright.

Every test in this folder is marked `e2e` (deselect them with `-m "not e2e"`). When chromium
cannot be started (not installed, no `playwright` package, a sandbox that refuses it) the tests
are SKIPPED with the reason "chromium is not available: ..."; they never pass without a browser.
The browser is /usr/bin/chromium, or the one named by SAMVERKAN_CHROMIUM. Nothing is downloaded.

The data: the two example structure files are loaded ONCE into the test database (per xdist
worker) with `samverkan load structure`, and the pages are read from that. How that fits
pytest-django's database handling:

* pytest-django's autouse helper `_live_server_helper` gives every test that uses `live_server`
  the `transactional_db` fixture, which FLUSHES the database after each test. That would throw
  the loaded structure away after the first test. This folder therefore overrides that helper:
  the e2e tests get the live server and database access (the live server thread needs the
  database blocker lifted), but no per-test flush. The tests only read; none of them writes.
* The structure is loaded by a package-scoped fixture and removed again (a flush, exactly what
  a `transactional_db` test leaves behind) when the last e2e test of a run of e2e tests is done,
  so tests elsewhere in the same worker never see it. Under xdist a worker that gets e2e tests
  in two separate batches loads the files twice; that is correct, only a little slower.
* SQLite: the test database is in memory; pytest-django hands the same connection to the live
  server thread, so the server sees what was loaded. PostgreSQL: the load is committed, so the
  server's own connection sees it. Both are exercised (DATABASE_URL=postgres://...).
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EXAMPLES = [ROOT / "examples" / "vastra-gotaland.yaml", ROOT / "examples" / "vasterbotten.yaml"]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# A Swedish visitor: the browser asks for Swedish, as most visitors' browsers will.
BROWSER_LOCALE = "sv-SE"
TIMEOUT_MS = 15_000


def pytest_configure(config: pytest.Config) -> None:
    _compile_translations()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


def _compile_translations() -> None:
    """The pages are checked in Swedish, so the catalogue must be compiled (.po -> .mo) before
    the first page is rendered. `compiletranslations` only rewrites stale files; the lock keeps
    two xdist workers from writing the same .mo at once."""
    from django.core.management import call_command

    lock_path = Path(tempfile.gettempdir()) / "samverkan-compiletranslations.lock"
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            call_command("compiletranslations", verbosity=0)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextlib.contextmanager
def _sync_db_access(django_db_blocker: Any) -> Iterator[None]:
    """Database work in the test process itself. Playwright's sync API keeps an asyncio loop
    registered on the main thread, which makes Django refuse ORM calls there
    (SynchronousOnlyOperation) although nothing runs concurrently; allow them just for this."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with django_db_blocker.unblock():
            yield
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# --- Data -----------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def structure(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The two example counties, loaded with `samverkan load structure` and committed."""
    from django.core.management import call_command

    with _sync_db_access(django_db_blocker):
        for path in EXAMPLES:
            call_command("load", "structure", str(path), stdout=io.StringIO())
    yield
    with _sync_db_access(django_db_blocker):
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _live_server_helper(request: pytest.FixtureRequest, django_db_blocker: Any) -> Iterator[None]:
    """Overrides pytest-django's helper of the same name for this folder only: the live server
    and database access for the server thread, WITHOUT `transactional_db` (whose flush after
    every test would remove the structure loaded once for all of them)."""
    if "live_server" not in request.fixturenames:
        yield
        return
    # The test database first, so the server thread is handed the test connection (SQLite).
    request.getfixturevalue("django_db_setup")
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    try:
        with django_db_blocker.unblock():
            yield
    finally:
        live_server._live_server_modified_settings.disable()


@pytest.fixture
def site(structure: None, live_server: Any) -> str:
    """The live server's base URL (http://localhost:PORT), with the structure loaded."""
    return str(live_server.url)


# --- Browser --------------------------------------------------------------------------------


def chromium_path() -> str:
    return os.environ.get("SAMVERKAN_CHROMIUM") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One chromium for the whole session (per xdist worker)."""
    path = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        pytest.skip(f"chromium is not available: the playwright package cannot be imported ({exc})")
    if not os.access(path, os.X_OK):
        pytest.skip(f"chromium is not available: {path} is not an executable file (set SAMVERKAN_CHROMIUM)")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, timeout=60_000)
    except Exception as exc:  # noqa: BLE001 - any failure to start means: no browser here
        playwright.stop()
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        pytest.skip(f"chromium is not available: {path} could not be launched: {first_line}")
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:
    """A fresh page (own cookies, so a language choice does not leak) on the live server."""
    context = browser.new_context(base_url=site, locale=BROWSER_LOCALE)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()
