"""Browser tests: the real Django server (pytest-django's `live_server`, in a thread) driven by
chromium through Playwright.

Every test in this folder is marked `e2e` (deselect them with `-m "not e2e"`). When chromium
cannot be started (not installed, no `playwright` package, a sandbox that refuses it) the tests
are SKIPPED with the reason "chromium is not available: ..."; they never pass without a browser.
The browser is /usr/bin/chromium, or the one named by SAMVERKAN_CHROMIUM. Nothing is downloaded.

The data: the two example structure files are loaded ONCE into the test database (per xdist
worker) with `samverkan load structure`, then the seeds' three meetings (`load_demo_meetings`:
VästKom's board 17 Dec 2018 and its 2019 plan, SRO 28 Apr 2022, GR 3 Oct 2019) and three
accounts: an administrator, a secretary of VästKom's board, SRO and GR's steering group for
social welfare, and a member of VästKom's board whose account is linked to their person (see
`_load_meetings_and_accounts`; they log in through the real log-in page, `browse_as`). The
pages are read from that. How that fits pytest-django's database handling:

* pytest-django's autouse helper `_live_server_helper` gives every test that uses `live_server`
  the `transactional_db` fixture, which FLUSHES the database after each test. That would throw
  the loaded structure away after the first test. This folder therefore overrides that helper:
  the e2e tests get the live server and database access (the live server thread needs the
  database blocker lifted), but no per-test flush. Most tests only read. The meeting journeys
  write, but only records of their own (meetings they plan, absences and minutes of those
  meetings), never anything another test reads or counts; each sets up what it needs itself,
  so the tests can run in any order and be shared out by xdist.
* The structure is loaded by a package-scoped fixture and removed again (a flush, exactly what
  a `transactional_db` test leaves behind) when the last e2e test of a run of e2e tests is done,
  so tests elsewhere in the same worker never see it. Under xdist a worker that gets e2e tests
  in two separate batches loads the files twice; that is correct, only a little slower.
* SQLite: the test database is in memory; pytest-django hands the same connection to the live
  server thread, so the server sees what was loaded. PostgreSQL: the load is committed, so the
  server's own connection sees it. Both are exercised (DATABASE_URL=postgres://...).
* One chromium serves all e2e tests of a worker; it is package-scoped too, so Playwright (which
  registers an asyncio loop on the main thread and runs the test code in a context of its own)
  is stopped before any other test of the worker runs. See `browser` for what that requires.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
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
    mark_e2e(items, HERE)


def mark_e2e(items: list[pytest.Item], folder: Path) -> None:
    """Mark the tests under `folder` `e2e` (another browser package's conftest calls it too)."""
    for item in items:
        if folder in Path(str(item.path)).resolve().parents:
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
def _async_unsafe_allowed() -> Iterator[None]:
    """Playwright's sync API keeps an asyncio loop registered on the main thread while it runs,
    and Django then refuses every ORM call on that thread (SynchronousOnlyOperation) although
    nothing runs concurrently. Allowed while the browser is up, and only then: the loop is gone
    once Playwright stops, so tests elsewhere in the worker keep Django's check."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# --- Data -----------------------------------------------------------------------------------


# The accounts the journeys log in with, through the real log-in page (`browse_as`); they are
# created by `_load_meetings_and_accounts`.
PASSWORD = "e2e-Lösenord-2026"
ADMIN = "e2e-admin"
SECRETARY = "e2e-sekreterare"
MEMBER = "e2e-ledamot"
# The secretary runs these bodies (VästKom's board, SRO, GR's steering group for social welfare).
SECRETARY_OF = ["vastkom-styrelse", "sro", "gr-styrgrupp-social-valfard"]
# The member's person: a current member of VästKom's board.
MEMBER_PERSON = "johan-abrahamsson"
# A matter made for the tests (the seeds name none), on the board's budget item of 17 Dec 2018.
MATTER_REFERENCE = "E2E-2018-01"


@pytest.fixture(scope="package")
def structure(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The two example counties, loaded with `samverkan load structure`, the seeds' three
    meetings (`load_demo_meetings`) and the journeys' accounts, all committed."""
    with loaded_structure(django_db_blocker, _load_meetings_and_accounts):
        yield


@contextlib.contextmanager
def loaded_structure(django_db_blocker: Any, load_more: Callable[[], None]) -> Iterator[None]:
    """The two example counties loaded with `samverkan load structure`, then `load_more()`, all
    committed; flushed again at the end. Shared with the other browser packages (tests/e2e_import),
    whose `structure` loads other data on top."""
    from django.core.management import call_command

    try:
        with django_db_blocker.unblock():
            for path in EXAMPLES:
                call_command("load", "structure", str(path), stdout=io.StringIO())
            load_more()
        yield
    finally:
        # Leave the database as a `transactional_db` test does: empty, for the other tests.
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)


def _load_meetings_and_accounts() -> None:
    """The demo meetings (VästKom's board 17 Dec 2018 and its 2019 plan, SRO 28 Apr 2022, GR
    3 Oct 2019) and the seeds' agreements (the youth-clinic agreement extended at SRO's item 6,
    the health-care agreement and its sub-agreement, the digital-aids agreement), loaded by an
    administrator; then a secretary of the bodies the journeys use and a member of VästKom's
    board whose account is linked to their person."""
    from django.contrib.auth import get_user_model

    from samverkan.meetings import services as meeting_services
    from samverkan.meetings.models import AgendaItem
    from samverkan.publishing.demo_agreements import load_demo_agreements
    from samverkan.publishing.demo_meetings import load_demo_meetings
    from samverkan.structure import services as structure_services
    from samverkan.structure.models import Body, Person

    users = get_user_model()
    admin = users.objects.create_superuser(ADMIN, "e2e-admin@example.test", PASSWORD)
    load_demo_meetings(actor=admin)
    load_demo_agreements(actor=admin)
    _load_money(admin)
    secretary = users.objects.create_user(SECRETARY, "e2e-sekreterare@example.test", PASSWORD)
    for key in SECRETARY_OF:
        structure_services.secretary_grant(
            actor=admin, body=Body.objects.get(key=key), user=secretary, source="cli:e2e"
        )
    member = users.objects.create_user(MEMBER, "e2e-ledamot@example.test", PASSWORD)
    structure_services.person_update(
        actor=admin, person=Person.objects.get(key=MEMBER_PERSON), user=member, source="cli:e2e"
    )
    # The seeds name no matter (ärende); one, for test data, so that a matter's page is in the
    # sitemap too: the board's budget item of 17 Dec 2018 (its minutes are not drawn up).
    item = AgendaItem.objects.get(meeting__body__key="vastkom-styrelse", meeting__start__year=2018, position=3)
    matter = meeting_services.matter_create(actor=admin, reference=MATTER_REFERENCE, title=item.title, source="cli:e2e")
    meeting_services.item_update(actor=admin, item=item, version=item.version, matter=matter, source="cli:e2e")


def _load_money(admin: Any) -> None:
    """The official population figures of ../shared/data (when there) and the demo's money on
    them (the youth clinics' 25 000 000 kr allocated by population)."""
    from django.core.management import call_command

    from samverkan.publishing.demo_finance import load_demo_finance

    data = ROOT.parent / "shared" / "data"
    for path in sorted(data.glob("population-*.csv")):
        call_command("load", "population", str(path), stdout=io.StringIO())
    load_demo_finance(actor=admin)


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


def _close_db_connections_of_this_context() -> None:
    """Django keeps database connections in context variables, and while Playwright runs, the
    test code runs in a context of Playwright's (its greenlet), so the ORM opens a second
    connection there. Close it before Playwright stops, or nothing else can: it would stay
    open and dropping the test database (PostgreSQL) would fail with "database ... is being
    accessed by other users"."""
    from django.db import connections

    connections.close_all()


def _wait_for_server_request_threads(timeout: float = 10.0) -> None:
    """The live server answers each browser connection in a thread of its own, which holds a
    database connection until the browser's keep-alive connection ends. Once the browser is
    closed those threads finish; wait for them, or dropping the test database (PostgreSQL)
    fails with "database ... is being accessed by other users"."""
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and "process_request_thread" in thread.name:
            thread.join(max(0.0, deadline - time.monotonic()))


@pytest.fixture
def site(structure: None, live_server: Any) -> str:
    """The live server's base URL (http://localhost:PORT), with the structure loaded."""
    return str(live_server.url)


# --- Browser --------------------------------------------------------------------------------


def chromium_path() -> str:
    return os.environ.get("SAMVERKAN_CHROMIUM") or "/usr/bin/chromium"


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """One chromium for all the e2e tests (per xdist worker). Package scope rather than session
    scope so that Playwright, and the event loop it registers, is gone before any other test of
    the same worker runs."""
    path = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        pytest.skip(f"chromium is not available: the playwright package cannot be imported ({exc})")
    if not os.access(path, os.X_OK):
        pytest.skip(f"chromium is not available: {path} is not an executable file (set SAMVERKAN_CHROMIUM)")
    with _async_unsafe_allowed():
        playwright = sync_playwright().start()
        try:
            chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, timeout=60_000)
        except Exception as exc:  # any failure to start means: no browser here
            playwright.stop()
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            pytest.skip(f"chromium is not available: {path} could not be launched: {first_line}")
        try:
            yield chromium
        finally:
            chromium.close()
            _close_db_connections_of_this_context()
            playwright.stop()
            _wait_for_server_request_threads()


@contextlib.contextmanager
def _open_page(
    browser: Any, site: str, *, with_axe: bool = False, storage_state: dict[str, Any] | None = None
) -> Iterator[Any]:
    """A fresh page with its own cookies (a language choice does not leak between tests), or
    with the cookies of `storage_state` (a session logged in before)."""
    context = browser.new_context(base_url=site, locale=BROWSER_LOCALE, storage_state=storage_state)
    context.set_default_timeout(TIMEOUT_MS)
    if with_axe:
        # axe-core from the local npm package, put into every document the page opens (three
        # times faster than add_script_tag after each navigation, which re-sends 500 kB).
        context.add_init_script(path=str(AXE_JS))
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:
    """A page on the live server, in a Swedish browser."""
    with _open_page(browser, site) as tab:
        yield tab


@pytest.fixture
def axe_page(browser: Any, site: str) -> Iterator[Any]:
    """Like `page`, with axe-core loaded into every document it opens."""
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is missing: {AXE_JS} (run `npm ci`)")
    with _open_page(browser, site, with_axe=True) as tab:
        yield tab


def log_in(page: Any, username: str, password: str = PASSWORD) -> None:
    """Log in through the real log-in page, as a person would, and land on the home page."""
    page.goto("/accounts/login/")
    page.get_by_label("Användarnamn eller e-postadress").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.locator("header").get_by_role("link", name="Mitt konto", exact=True).wait_for()


@pytest.fixture(scope="package")
def _logged_in_sessions(structure: None) -> dict[str, Any]:
    """The cookies of each account once it has logged in through the log-in page, so that the
    next page opened for it starts logged in (a second log-in would prove nothing new and costs
    a second). Package scope, like the accounts and their sessions in the database."""
    return {}


@pytest.fixture
def browse_as(browser: Any, site: str, _logged_in_sessions: dict[str, Any]) -> Iterator[Callable[..., Any]]:
    """`browse_as(SECRETARY)` opens a page of its own (own cookies, a Swedish browser) logged in
    as that account: through the real log-in page the first time, with the session that gave
    after that. `browse_as(None)` opens one that is not logged in. With `axe=True`, axe-core is
    loaded into every document (for `test_accessibility.run_axe`)."""
    with contextlib.ExitStack() as stack:

        def open_as(username: str | None, *, axe: bool = False) -> Any:
            session = _logged_in_sessions.get(username) if username else None
            tab = stack.enter_context(_open_page(browser, site, with_axe=axe, storage_state=session))
            if username is not None and session is None:
                log_in(tab, username)
                _logged_in_sessions[username] = tab.context.storage_state()
            return tab

        yield open_as
