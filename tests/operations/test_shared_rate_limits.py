"""Behind a reverse proxy, with two server processes (production settings, gunicorn, one
SQLite database in a file): the log-in limits count the real client, whichever process it
reaches, and one client cannot lock the others out (issue 11, point 4).

The proxy is played by the test: it connects from 127.0.0.1 and appends the client's address
to X-Forwarded-For, as nginx's `$proxy_add_x_forwarded_for` does (TRUSTED_PROXIES=1, set by
BEHIND_PROXY=1). allauth's limits: five failed log-ins per account in five minutes, ten per
address (in a minute in production; in ten here, see tests/operations/proxy_settings.py)."""

from __future__ import annotations

import functools
import html
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.operations.conftest import BIN, ROOT, clean_env, free_port
from tests.operations.test_many_processes import Fleet, Reply, request, wait_for

PASSWORD = "Rätt-lösenord-för-ada-2026"
TOO_MANY = "För många"


@pytest.fixture
def fleet(tmp_path: Path) -> Iterator[Fleet]:
    running = Fleet(tmp_path)
    try:
        yield running
    finally:
        running.stop()


def up(port: int) -> bool:
    try:
        return request(port, "GET", "/accounts/login/").status == 200
    except OSError:
        return False


class Client:
    """A browser at `address`, reaching the site through the proxy."""

    def __init__(self, address: str, *, claims: str = "") -> None:
        # What the client itself puts in X-Forwarded-For (a forgery), before the proxy appends.
        self.forwarded = f"{claims}, {address}" if claims else address
        self.forms: dict[int, tuple[str, str]] = {}

    def log_in(self, port: int, login: str, password: str) -> Reply:
        headers = {"X-Forwarded-For": self.forwarded}
        if port not in self.forms:
            page = request(port, "GET", "/accounts/login/", headers=headers)
            assert page.status == 200, page.body[:300]
            cookie = next(
                c.split(";", 1)[0] for c in page.headers.get_all("Set-Cookie") or [] if c.startswith("csrftoken=")
            )
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
            assert token
            self.forms[port] = (cookie, html.unescape(token.group(1)))
        cookie, token = self.forms[port]
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "login": login, "password": password})
        return request(
            port,
            "POST",
            "/accounts/login/",
            body=body,
            headers={**headers, "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
        )


def refused(reply: Reply) -> bool:
    assert reply.status in (200, 429), reply.body[:300]
    return reply.status == 429 or TOO_MANY in reply.body


def test_two_processes_behind_a_proxy_count_each_client_together(tmp_path: Path, fleet: Fleet) -> None:
    env = clean_env(
        SAMVERKAN_ENV="production",
        SECRET_KEY="a-secret-key-for-the-two-process-test-" + "x" * 20,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        BEHIND_PROXY="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'samverkan.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        SAMVERKAN_DATA_DIR=str(tmp_path / "data"),
        SITE_URL="http://127.0.0.1",
        LOG_LEVEL="WARNING",
    )
    servers = {**env, "DJANGO_SETTINGS_MODULE": "tests.operations.proxy_settings", "PYTHONPATH": str(ROOT)}
    collect = fleet.start(
        "collectstatic",
        [str(BIN / "samverkan"), "collectstatic", "--noinput", "-v0"],
        {**env, "DJANGO_SETTINGS_MODULE": "tests.operations.static_settings", "PYTHONPATH": str(ROOT)},
        lasting=False,
    )
    migrate = fleet.start("migrate", [str(BIN / "samverkan"), "migrate", "--no-input", "-v0"], env, lasting=False)
    assert migrate.popen.wait(timeout=180) == 0, migrate.tail()
    make_user = fleet.start(
        "user",
        [
            str(BIN / "samverkan"),
            "shell",
            "-c",
            "from samverkan.accounts.models import User; "
            f"User.objects.create_user('ada', 'ada@region.example', {PASSWORD!r}, is_superuser=True, is_staff=True)",
        ],
        env,
        lasting=False,
    )
    assert make_user.popen.wait(timeout=60) == 0, make_user.tail()
    assert collect.popen.wait(timeout=180) == 0, collect.tail()
    ports = [free_port(), free_port()]
    for n, port in enumerate(ports, 1):
        fleet.start(
            f"gunicorn{n}",
            [str(BIN / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", "--timeout", "30"],
            servers,
        )
    for port in ports:
        wait_for(f"the server on {port}", functools.partial(up, port), 60, fleet)

    # One account: five wrong passwords, alternating between the processes, then it is closed
    # for a while, from any address and through either process, even with the right password.
    attacker = Client("203.0.113.7")
    for attempt in range(5):
        assert not refused(attacker.log_in(ports[attempt % 2], "ada", f"fel-{attempt}")), attempt
    for port in ports:
        assert refused(Client("198.51.100.20").log_in(port, "ada", PASSWORD)), port

    # One address: ten failed log-ins (for accounts that do not exist) across both processes,
    # then that address is refused, also when it forges an address of its own in front ...
    noisy = Client("203.0.113.50")
    for attempt in range(10):
        assert not refused(noisy.log_in(ports[attempt % 2], f"nobody{attempt}", "fel")), attempt
    for port in ports:
        assert refused(noisy.log_in(port, "nobody-else", "fel")), port
        assert refused(Client("203.0.113.50", claims="192.0.2.99").log_in(port, "nobody-else", "fel")), port
    # ... while other clients, behind the same proxy, are not.
    for port in ports:
        assert not refused(Client("198.51.100.33").log_in(port, "nobody-at-all", "fel")), port
