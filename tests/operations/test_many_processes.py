"""The production set-up under load: two gunicorn servers and two `samverkan worker` processes
against one PostgreSQL database, a real SMTP server counting every message.

Sixty principals get a recommendation ("at least 35 approve"); the two workers send the
invitations (each once, although both run the queue and the clock); fifty registrars answer at
the same moment through their personal links, alternating between the servers, ten of them
double-clicking; then the secretary adds a reminder for today and the workers remind exactly the
ten who have not answered, once each, however many clock ticks pass.
"""

from __future__ import annotations

import contextlib
import datetime
import email
import email.policy
import functools
import html
import http.client
import re
import subprocess
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from samverkan.referrals import links, selectors, services
from samverkan.referrals.models import Recipient, Recommendation, Reminder, Response
from samverkan.structure.models import Body
from tests.factories import BodyFactory
from tests.operations.conftest import BIN, ROOT, Inbox, clean_env, free_port
from tests.referrals.factories import principals_with_registrars

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: several processes share the test database (run with DATABASE_URL=postgres://...)",
)

PRINCIPALS = 60
ANSWERING = 50
DOUBLE_CLICKS = 10  # of the answering, these post the same form twice at once
RULE_COUNT = 35
CLOCK = 1  # WORKER_CLOCK_SECONDS
HTTP_TIMEOUT = 20


def database_url() -> str:
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "")
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


# --- Processes -------------------------------------------------------------------------------


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path
    lasting: bool  # a server or a worker, expected to run until stopped

    def tail(self) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return f"--- {self.name} (exit {self.popen.poll()}) ---\n{text[-3000:]}"


class Fleet:
    """The subprocesses of one test; each is stopped when the test ends, passed or failed."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.processes: list[Process] = []

    def start(self, name: str, argv: list[str], env: dict[str, str], *, lasting: bool = True) -> Process:
        log = self.logs / f"{name}.log"
        with log.open("wb") as out:
            popen = subprocess.Popen(  # noqa: S603 - our own executables, fixed arguments
                argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        process = Process(name, popen, log, lasting)
        self.processes.append(process)
        return process

    def stop(self) -> None:
        for process in self.processes:
            if process.popen.poll() is None:
                process.popen.terminate()
        deadline = time.monotonic() + 10
        for process in self.processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
            if process.popen.poll() is None:
                process.popen.kill()
                process.popen.wait(timeout=5)

    def report(self) -> str:
        return "\n".join(p.tail() for p in self.processes)


def wait_for(what: str, check: Callable[[], bool], timeout: float, fleet: Fleet) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        dead = [p.name for p in fleet.processes if p.lasting and p.popen.poll() is not None]
        if dead:
            pytest.fail(f"{', '.join(dead)} stopped while waiting for {what}\n{fleet.report()}")
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout} s waiting for {what}\n{fleet.report()}")


# --- HTTP ------------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: str


def request(
    port: int, method: str, path: str, *, body: str | None = None, headers: dict[str, str] | None = None
) -> Reply:
    """One request over a fresh connection (no cookie jar: production marks cookies Secure, and
    these servers are plain HTTP on 127.0.0.1)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=HTTP_TIMEOUT)
    try:
        conn.request(method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})})
        raw = conn.getresponse()
        return Reply(raw.status, raw.headers, raw.read().decode("utf-8", errors="replace"))
    finally:
        conn.close()


def answers_up(port: int) -> bool:
    try:
        return request(port, "GET", "/rekommendationer/").status == 200
    except OSError:
        return False


@dataclass
class Answer:
    """A filled-in answer form, ready to post."""

    port: int
    path: str
    cookie: str
    fields: dict[str, str]

    def post(self) -> Reply:
        return request(
            self.port,
            "POST",
            self.path,
            body=urllib.parse.urlencode(self.fields),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": self.cookie},
        )


def hidden(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert match, f"no {name} field in the form"
    value = re.search(r'value="([^"]*)"', match.group(0))
    assert value
    return html.unescape(value.group(1))


def fill(port: int, recipient: Recipient, answer: str) -> Answer:
    path = reverse("referrals:answer_link", kwargs={"token": links.token_for(recipient)})
    form = request(port, "GET", path)
    assert form.status == 200, form.body[:500]
    csrf = next(c.split(";", 1)[0] for c in form.headers.get_all("Set-Cookie") or [] if c.startswith("csrftoken="))
    fields = {
        "csrfmiddlewaretoken": hidden(form.body, "csrfmiddlewaretoken"),
        "submission": hidden(form.body, "submission"),
        "answer": answer,
        "decided_on": timezone.localdate().isoformat(),
        "decided_by": "council",
        "decided_by_name": "Kommunfullmäktige",
        "paragraph": f"§ {recipient.pk}",
    }
    if answer == Response.Answer.APPROVED_WITH_CONDITION:
        fields["condition"] = "Under förutsättning att regionen står för driften."
    return Answer(port, path, csrf, fields)


# --- Mail ------------------------------------------------------------------------------------


def subjects(inbox: Inbox, prefix: str) -> Counter[str]:
    """How many messages whose subject starts with `prefix` each address got."""
    got: Counter[str] = Counter()
    for rcpts, data in inbox.messages():
        message = email.message_from_bytes(data, policy=email.policy.default)
        if " ".join(str(message["Subject"]).split()).startswith(prefix):
            got.update(rcpts)
    return got


# --- The test --------------------------------------------------------------------------------


@pytest.fixture
def fleet(tmp_path: Path) -> Iterator[Fleet]:
    running = Fleet(tmp_path)
    try:
        yield running
    finally:
        running.stop()


def test_two_servers_and_two_workers_fifty_registrars_at_once(
    transactional_db: None, smtp_inbox: tuple[Inbox, int], fleet: Fleet, tmp_path: Path
) -> None:
    started = time.monotonic()
    inbox, smtp_port = smtp_inbox
    static_root = tmp_path / "static"
    env = clean_env(
        SAMVERKAN_ENV="production",
        SECRET_KEY=settings.SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url(),
        DB_CONN_MAX_AGE="60",
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(tmp_path / "media"),
        SAMVERKAN_DATA_DIR=str(tmp_path / "data"),
        SITE_URL="http://127.0.0.1",
        TASKS_BACKEND="database",
        WORKER_CLOCK_SECONDS=str(CLOCK),
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        EMAIL_USE_TLS="false",
        LOG_LEVEL="WARNING",
    )
    # Production serves hashed static files from STATIC_ROOT: collect them while the data is made.
    # (tests/operations/static_settings.py: the manifest without WhiteNoise's slow compression.)
    collect = fleet.start(
        "collectstatic",
        [str(BIN / "samverkan"), "collectstatic", "--noinput", "-v0"],
        {**env, "DJANGO_SETTINGS_MODULE": "tests.operations.static_settings", "PYTHONPATH": str(ROOT)},
        lasting=False,
    )

    principals = principals_with_registrars(PRINCIPALS)
    today = timezone.localdate()
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        recommendation = services.recommendation_create(
            actor=None,
            body=cast(Body, BodyFactory()),
            principals=principals,
            title="Samverkansavtal om digitala hjälpmedel",
            question="X kommun ställer sig bakom samverkansavtalet.",
            deadline=today + datetime.timedelta(days=7),
            reminder_days=[3],  # due in four days: no reminder while the answers come in
            rule=Recommendation.Rule.AT_LEAST,
            rule_count=RULE_COUNT,
            source="test",
        )
        # Sending enqueues the invitations in the database, for the workers to send.
        services.recommendation_send(actor=None, recommendation=recommendation, source="test")
    # As if sent a week ago (the invitations still go now): a reminder may fall today.
    Recommendation.objects.filter(pk=recommendation.pk).update(sent_at=timezone.now() - datetime.timedelta(days=7))
    recipients = list(
        Recipient.objects.filter(recommendation=recommendation).select_related("principal").order_by("pk")
    )
    registrar_of = {r.pk: f"registrator@{r.principal.key}.example" for r in recipients}
    assert len(recipients) == PRINCIPALS

    assert collect.popen.wait(timeout=30) == 0, collect.tail()
    ports = [free_port(), free_port()]
    for n, port in enumerate(ports, 1):
        fleet.start(
            f"gunicorn{n}",
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "2",
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
            ],
            env,
        )
    for n in (1, 2):
        fleet.start(f"worker{n}", [str(BIN / "samverkan"), "worker"], env)

    # The invitations: each registrar gets exactly one, although two workers ran the queue and
    # both clocks looked for invitations still owed.
    wait_for("60 invitations", lambda: sum(subjects(inbox, recommendation.body.name).values()) >= PRINCIPALS, 30, fleet)
    for port in ports:
        wait_for(f"the server on {port}", functools.partial(answers_up, port), 30, fleet)

    # --- Fifty registrars answer at the same moment ------------------------------------------
    answering = recipients[:ANSWERING]
    kinds = {
        r.pk: Response.Answer.REJECTED
        if i % 10 in (3, 7, 9)  # 15 rejections
        else Response.Answer.APPROVED_WITH_CONDITION
        if i % 10 == 5  # 5 approvals with a condition
        else Response.Answer.APPROVED  # 30 approvals
        for i, r in enumerate(answering)
    }
    forms: dict[int, Answer] = {}

    def get_form(i: int, recipient: Recipient) -> None:
        forms[recipient.pk] = fill(ports[i % 2], recipient, kinds[recipient.pk])

    threads = [threading.Thread(target=get_form, args=(i, r), daemon=True) for i, r in enumerate(answering)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=HTTP_TIMEOUT * 2)
    assert len(forms) == ANSWERING
    posts = [forms[r.pk] for r in answering] + [forms[r.pk] for r in answering[:: ANSWERING // DOUBLE_CLICKS]]
    assert len(posts) == ANSWERING + DOUBLE_CLICKS
    barrier = threading.Barrier(len(posts), timeout=HTTP_TIMEOUT)
    replies: list[tuple[Answer, Reply | BaseException]] = []
    lock = threading.Lock()

    def post(form: Answer) -> None:
        barrier.wait()
        try:
            reply: Reply | BaseException = form.post()
        except BaseException as exc:  # reported below
            reply = exc
        with lock:
            replies.append((form, reply))

    posting = [threading.Thread(target=post, args=(form,), daemon=True) for form in posts]
    answered_from = time.monotonic()
    for t in posting:
        t.start()
    for t in posting:
        t.join(timeout=HTTP_TIMEOUT * 2)
    answer_seconds = time.monotonic() - answered_from
    failures = [(f.path, r) for f, r in replies if not isinstance(r, Reply) or r.status != 302]
    assert not failures, f"{failures[:3]}\n{fleet.report()}"
    assert len(replies) == len(posts)
    assert all(isinstance(r, Reply) and r.headers["Location"] == f.path for f, r in replies)

    # Every answer recorded exactly once; the double clicks recorded nothing more.
    per_recipient = Counter(
        Response.objects.filter(recipient__recommendation=recommendation).values_list("recipient", flat=True)
    )
    assert per_recipient == Counter({r.pk: 1 for r in answering})
    for recipient in Recipient.objects.filter(recommendation=recommendation).select_related("current_response"):
        if recipient.pk in kinds:
            assert recipient.current_response is not None
            assert (recipient.current_response.answer, recipient.current_response.via) == (kinds[recipient.pk], "link")
            assert str(recipient.current_response.submission) == forms[recipient.pk].fields["submission"]
        else:
            assert recipient.current_response is None

    # The outcome: 35 approvals (5 with a condition) meet "at least 35", 15 rejected, 10 pending.
    result = selectors.outcome_of(recommendation)
    assert (result.status, result.approved, result.rejected, result.pending) == ("adopted", 35, 15, 10)
    page = request(ports[0], "GET", reverse("referrals:detail", kwargs={"pk": recommendation.pk}))
    assert page.status == 200
    text = " ".join(re.sub(r"<[^>]+>", " ", html.unescape(page.body)).split())
    assert "50 av 60 har svarat" in text
    assert "Bifall: 35 · Avslag: 15 · Har inte svarat: 10" in text
    assert "Antagen" in text

    # --- Reminders ---------------------------------------------------------------------------
    recommendation.refresh_from_db()
    services.recommendation_update(
        actor=None, recommendation=recommendation, version=recommendation.version, reminder_days=[7, 3], source="test"
    )
    silent = {registrar_of[r.pk] for r in recipients[ANSWERING:]}
    wait_for("10 reminders", lambda: sum(subjects(inbox, "Påminnelse").values()) >= len(silent), 20, fleet)
    time.sleep(3 * CLOCK + 1)  # three more ticks of both clocks: nothing more may come
    reminders = subjects(inbox, "Påminnelse")
    assert reminders == Counter(dict.fromkeys(silent, 1))
    assert Reminder.objects.filter(recipient__recommendation=recommendation, days_before=7).count() == 10
    invitations = subjects(inbox, recommendation.body.name)
    assert invitations == Counter(dict.fromkeys(registrar_of.values(), 1))
    assert len(inbox.messages()) == PRINCIPALS + len(silent)

    fleet.stop()
    assert all(p.popen.returncode is not None for p in fleet.processes)
    elapsed = time.monotonic() - started
    print(f"\n{len(posts)} posts answered in {answer_seconds:.2f} s; whole test {elapsed:.1f} s")
    assert elapsed < 90, f"took {elapsed:.0f} s"
