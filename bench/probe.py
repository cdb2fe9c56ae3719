"""The harness's look inside the database, run as its own Django process (never the server's):

    python -m bench.probe status --scale county --seed 1 --data generate
    python -m bench.probe pages [--pages body,search]

`status` says whether the data is ready. `pages` picks each benchmarked page from the data by a
query (no hard-coded ids), requests it twice through Django's test client with the server's
settings, checks that it answers 2xx, and counts the SQL queries of the second request (the
first fills per-process caches, as the server's warm-up does). Each prints one line of JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlencode

import django

PAGE_NAMES = [
    "floor",
    "body",
    "meeting",
    "minutes",
    "person",
    "recommendation",
    "board",
    "search",
    "api_bodies",
    "api_principals",
    "api_recommendations",
    "api_decisions",
    "api_search",
    # Money (issue 14), follow-up (issue 15), open data and feeds (issue 16)
    "money",
    "allocation",
    "fee",
    "budget",
    "fund",
    "project",
    "indicator",
    "survey",
    "goal_report",
    "oparl_meetings",
    "feed",
]
# The screens people use logged in, and who: measured built (the public page cache never
# answers a logged-in request), each with a session of a bench user (see sessions()).
LOGGED_IN: dict[str, str] = {
    "meeting_manage": "secretary",
    "agenda": "secretary",
    "roll_call": "secretary",
    "minutes_edit": "secretary",
    "recommendation_status": "secretary",
    "board_secretary": "secretary",
    "import_review": "secretary",
    "inbox": "registrar",
    "answer_form": "registrar",
    "my_tasks": "secretary",
}
PAGE_NAMES += list(LOGGED_IN)
PERSONAS = ("anonymous", "secretary", "registrar")
GENERATED_LABELS = (
    "finance.Allocation",
    "followup.Project",
    "followup.GoalReport",
)  # what a data set must hold to be current
MEETING_ITEMS = 15
RECOMMENDATION_RECIPIENTS = 50
WORD = re.compile(r"[a-zåäöéü]{6,}")


@dataclass
class Page:
    name: str
    path: str
    note: str = ""
    queries: int = -1
    status: int = 0
    persona: str = "anonymous"
    session: str = ""  # the session cookie's value for a logged-in persona


class Missing(Exception):
    """The data holds nothing to build this page from."""


class NotInThisTree(Exception):
    """The page does not exist in this version of the application (skipped, not a failure)."""


def _url(name: str, **kwargs: Any) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch as exc:
        raise NotInThisTree(f"no page {name} in this tree") from exc


def _client() -> Any:
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1")


# --- Picking the pages ----------------------------------------------------------------------


def _floor() -> tuple[str, str]:
    from samverkan.structure.models import Principal

    key = Principal.objects.order_by("key").values_list("key", flat=True).first()
    if key is None:
        raise Missing("no principal")
    return f"/bench/golv/{key}/", f"principal {key}"


def _body() -> tuple[str, str]:
    from django.db.models import Count

    from samverkan.structure.models import Body

    body = Body.objects.annotate(n=Count("memberships")).order_by("-n", "key").values_list("key", "n").first()
    if body is None:
        raise Missing("no body")
    return f"/organ/{body[0]}/", f"{body[1]} memberships (the most)"


def _meeting_near(items: int, *, published: bool) -> tuple[int, int]:
    from django.db.models import Count, F, Q
    from django.db.models.functions import Abs

    from samverkan.meetings.models import Meeting, Minutes

    meetings = Meeting.objects.all()
    if published:
        meetings = meetings.filter(minutes__status=Minutes.Status.ADJUSTED, minutes__published_at__isnull=False)
    found = (
        meetings.annotate(n=Count("items", filter=Q(items__confidential=False)))
        .filter(n__gt=0)
        .annotate(off=Abs(F("n") - items))
        .order_by("off", "-start", "pk")
        .values_list("pk", "n")
        .first()
    )
    if found is None:
        raise Missing("no published minutes with items" if published else "no meeting with items")
    return found


def _note(count: int, wanted: int, what: str) -> str:
    return f"{count} {what}" + ("" if count == wanted else f" (none with {wanted}: the nearest)")


def _meeting() -> tuple[str, str]:
    pk, n = _meeting_near(MEETING_ITEMS, published=False)
    return f"/moten/{pk}/", _note(n, MEETING_ITEMS, "public items")


def _minutes() -> tuple[str, str]:
    pk, n = _meeting_near(MEETING_ITEMS, published=True)
    return f"/moten/{pk}/protokoll/", _note(n, MEETING_ITEMS, "public items")


def _person() -> tuple[str, str]:
    from django.db.models import Count

    from samverkan.structure.models import Person

    person = Person.objects.annotate(n=Count("memberships")).order_by("-n", "key").values_list("key", "n").first()
    if person is None:
        raise Missing("no person")
    return f"/personer/{person[0]}/", f"{person[1]} memberships (the most)"


def _recommendation() -> tuple[str, str]:
    from django.db.models import Count, F
    from django.db.models.functions import Abs

    from samverkan.referrals.selectors import public_recommendations

    found = (
        public_recommendations()
        .annotate(n=Count("recipients"))
        .annotate(off=Abs(F("n") - RECOMMENDATION_RECIPIENTS))
        .order_by("off", "-sent_at", "pk")
        .values_list("pk", "n")
        .first()
    )
    if found is None:
        raise Missing("no public recommendation")
    return f"/rekommendationer/{found[0]}/", _note(found[1], RECOMMENDATION_RECIPIENTS, "recipients")


_word: str | None = None


def common_word() -> str:
    """The most common long word of the public agenda items' titles (or of the bodies' names)
    that the search finds."""
    global _word
    if _word is not None:
        return _word
    from samverkan.meetings.models import AgendaItem
    from samverkan.structure.models import Body

    titles = list(AgendaItem.objects.filter(confidential=False).order_by("pk").values_list("title", flat=True)[:5000])
    titles += list(Body.objects.order_by("pk").values_list("name", flat=True)[:500])
    counts = Counter(word for title in titles for word in WORD.findall(title.lower()))
    client = _client()
    for word, _n in counts.most_common(20):
        response = client.get("/api/v1/search", {"q": word})
        if response.status_code == 200 and response.json()["count"] > 0:
            _word = word
            return word
    raise Missing("no common word that the search finds")


def _search() -> tuple[str, str]:
    word = common_word()
    return f"/sok/?{urlencode({'q': word})}", f"q={word}"


def _search_body() -> tuple[str, str]:
    """The search with its body filter typed as a part of a name that several bodies share
    (the first word of the most common body name): the page then offers them as choices."""
    from django.db.models import Count

    from samverkan.structure.models import Body

    word = common_word()
    name = Body.objects.values("name").annotate(n=Count("pk")).order_by("-n", "name").values_list("name", flat=True)
    part = (name.first() or "styrelse").split()[0][:12].lower()
    return f"/sok/?{urlencode({'q': word, 'body': part})}", f"q={word}, body={part}"


def _body_suggestions() -> tuple[str, str]:
    from samverkan.structure.models import Body

    name = Body.objects.order_by("pk").values_list("name", flat=True).first() or "styrelse"
    part = name.split()[0][:6].lower()
    return f"/organ/forslag.json?{urlencode({'q': part})}", f"q={part}"


def _api_search() -> tuple[str, str]:
    word = common_word()
    return f"/api/v1/search?{urlencode({'q': word})}", f"q={word}"


def _first_public(model: Any, order: tuple[str, ...], what: str, url_name: str, **filters: Any) -> tuple[str, str]:
    from django.db.models import Count
    from django.urls import reverse

    annotate = {}
    if order and order[0].startswith("-n_"):
        annotate[order[0][1:]] = Count(order[0][3:], distinct=True)
    row = model.objects.filter(public=True, **filters).annotate(**annotate).order_by(*order).first()
    if row is None:
        raise Missing(f"no public {what}")
    count = getattr(row, order[0][1:], None) if annotate else None
    return reverse(url_name, kwargs={"key": row.key}), (
        f"{count} {order[0][3:]} (the most)" if count is not None else ""
    )


def _allocation() -> tuple[str, str]:
    from samverkan.finance.models import Allocation

    return _first_public(Allocation, ("-n_principals", "-year", "key"), "allocation", "finance:allocation_detail")


def _fee() -> tuple[str, str]:
    from samverkan.finance.models import FeeSchedule

    return _first_public(FeeSchedule, ("-n_payers", "-year", "key"), "fee", "finance:fee_detail")


def _budget() -> tuple[str, str]:
    from samverkan.finance.models import Budget

    return _first_public(Budget, ("-n_lines", "-year", "key"), "budget", "finance:budget_detail")


def _fund() -> tuple[str, str]:
    from samverkan.finance.models import Fund

    return _first_public(Fund, ("-n_years", "key"), "fund", "finance:fund_detail")


def _project() -> tuple[str, str]:
    from django.db.models import Count

    from samverkan.followup.models import Project

    project = (
        Project.objects.annotate(n=Count("goals", distinct=True) + Count("indicators", distinct=True))
        .order_by("-n", "key")
        .first()
    )
    if project is None:
        raise Missing("no follow-up project")
    return f"/projekt/{project.key}/", f"{project.n} goals and indicators (the most)"


def _indicator() -> tuple[str, str]:
    from django.db.models import Count

    from samverkan.followup.models import Indicator

    found = Indicator.objects.annotate(n=Count("values")).order_by("-n", "pk").select_related("project").first()
    if found is None:
        raise Missing("no indicator")
    return f"/projekt/{found.project.key}/indikatorer/{found.pk}/", f"{found.n} values (the most)"


def _goal_report() -> tuple[str, str]:
    from django.db.models import Count

    from samverkan.followup.models import GoalReport

    found = (
        GoalReport.objects.filter(status=GoalReport.Status.PUBLISHED)
        .annotate(n=Count("body__projects__goals", distinct=True) + Count("body__projects__indicators", distinct=True))
        .order_by("-n", "-year", "pk")
        .select_related("body")
        .first()
    )
    if found is None:
        raise Missing("no published goal fulfilment report")
    return found.get_absolute_url(), f"{found.n} goals and indicators reported, {found.year} (the most)"


def _survey() -> tuple[str, str]:
    from django.db.models import Count

    from samverkan.followup.models import Survey

    found = Survey.objects.annotate(n=Count("questions")).order_by("-n", "pk").select_related("project").first()
    if found is None:
        raise Missing("no survey")
    return f"/projekt/{found.project.key}/enkater/{found.pk}/", f"{found.n} questions (the most)"


def _feed() -> tuple[str, str]:
    from django.db.models import Count

    from samverkan.structure.models import Body

    body = Body.objects.annotate(n=Count("meetings")).order_by("-n", "key").values_list("key", "n").first()
    if body is None:
        raise Missing("no body")
    return f"/organ/{body[0]}/flode.atom", f"{body[1]} meetings (the most)"


# --- Logged in ------------------------------------------------------------------------------


def _managed_meeting() -> int:
    """The secretary's meeting: the one with 15 public items among published minutes."""
    return _meeting_near(MEETING_ITEMS, published=True)[0]


def _meeting_screen(suffix: str) -> Callable[[], tuple[str, str]]:
    def pick() -> tuple[str, str]:
        pk, n = _meeting_near(MEETING_ITEMS, published=True)
        return f"/moten/{pk}/{suffix}", _note(n, MEETING_ITEMS, "public items")

    return pick


def _roll_call() -> tuple[str, str]:
    """The roll call (upprop) where the tree has it, else the attendance page. The roll call of
    the measured meeting is locked (its minutes are published) and shows no form: measured is
    the next meeting of the same body whose minutes are not drawn up (the form with every seat
    and the people to add), else, when it has none, the locked one."""
    from samverkan.meetings.models import Meeting, Minutes

    pk, n = _meeting_near(MEETING_ITEMS, published=True)
    meeting = Meeting.objects.get(pk=pk)
    editable = (
        Meeting.objects.filter(body_id=meeting.body_id, start__gt=meeting.start)
        .exclude(minutes__status__in=[s for s in Minutes.Status.values if s != Minutes.Status.DRAFT])
        .order_by("start", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    note = _note(n, MEETING_ITEMS, "public items")
    if editable is not None:
        pk, note = editable, f"the next meeting of the same body, minutes not drawn up (meeting {pk}'s is locked)"
    try:
        return _url("meetings:roll_call", pk=pk), note
    except NotInThisTree:
        return f"/moten/{pk}/narvaro/", note + ", the attendance page"


def _recommendation_status() -> tuple[str, str]:
    path, note = _recommendation()
    return path, note + ", as its body's secretary"


def _import_review() -> tuple[str, str]:
    from bench import personas

    meeting = _managed_meeting()
    doc = personas.import_document(meeting)
    return f"/import/dokument/{doc.pk}/", f"the minutes PDF of meeting {meeting} uploaded again, proposed"


def _inbox() -> tuple[str, str]:
    from bench import personas

    principal, n = personas.registrar_principal()
    return "/rekommendationer/att-besvara/", f"{n} recommendations awaiting {principal.key}'s answer"


def _answer_form() -> tuple[str, str]:
    from bench import personas

    recipient = personas.open_recipient()
    return f"/rekommendationer/svar/{recipient.pk}/", f"{recipient.principal.key}'s answer"


def _fixed(path: str) -> Callable[[], tuple[str, str]]:
    return lambda: (path, "")


PICKERS: dict[str, Callable[[], tuple[str, str]]] = {
    "floor": _floor,
    "body": _body,
    "meeting": _meeting,
    "minutes": _minutes,
    "person": _person,
    "recommendation": _recommendation,
    "board": _fixed("/rekommendationer/tavla/"),
    "search": _search,
    "api_bodies": _fixed("/api/v1/bodies"),
    "api_principals": _fixed("/api/v1/principals"),
    "api_recommendations": _fixed("/api/v1/recommendations"),
    "api_decisions": _fixed("/api/v1/decisions"),
    "api_search": _api_search,
    # Not in the bench's table (PAGE_NAMES); for `python -m bench.inprocess --pages ...`.
    "search_body": _search_body,
    "body_suggestions": _body_suggestions,
    "money": _fixed("/ekonomi/"),
    "allocation": _allocation,
    "fee": _fee,
    "budget": _budget,
    "fund": _fund,
    "project": _project,
    "indicator": _indicator,
    "survey": _survey,
    "goal_report": _goal_report,
    "oparl_meetings": _fixed("/oparl/v1/meeting/"),
    "feed": _feed,
    "meeting_manage": _meeting_screen("andra/"),
    "agenda": _meeting_screen("dagordning/"),
    "roll_call": _roll_call,
    "minutes_edit": _meeting_screen("protokoll/hantera/"),
    "recommendation_status": _recommendation_status,
    "board_secretary": _fixed("/rekommendationer/tavla/"),
    "import_review": _import_review,
    "inbox": _inbox,
    "answer_form": _answer_form,
    "my_tasks": lambda: (_url("publishing:my_tasks"), "the secretary's own tasks (Mina uppgifter)"),
}


def measure(page: Page) -> Page:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client()
    if page.session:
        client.cookies[settings.SESSION_COOKIE_NAME] = page.session
    first = client.get(page.path)
    page.status = first.status_code
    if not 200 <= first.status_code < 300:
        return page
    with CaptureQueriesContext(connection) as captured:
        second = client.get(page.path)
    page.status = second.status_code
    page.queries = len(captured.captured_queries)
    return page


def pages(names: list[str]) -> dict[str, Any]:
    found: list[dict[str, Any]] = []
    missing: list[dict[str, str]] = []
    sessions: dict[str, str] = {}
    if any(name in LOGGED_IN for name in names):
        from bench import personas

        try:
            sessions = personas.sessions(_managed_meeting())
        except Missing as exc:
            missing += [{"name": n, "reason": str(exc)} for n in names if n in LOGGED_IN]
            names = [n for n in names if n not in LOGGED_IN]
    skipped: list[dict[str, str]] = []
    for name in names:
        try:
            path, note = PICKERS[name]()
        except Missing as exc:
            missing.append({"name": name, "reason": str(exc)})
            continue
        except NotInThisTree as exc:
            skipped.append({"name": name, "reason": str(exc)})
            continue
        persona = LOGGED_IN.get(name, "anonymous")
        page = Page(name, path, note, persona=persona, session=sessions.get(persona, ""))
        found.append(asdict(measure(page)))
    from django.conf import settings

    return {"pages": found, "missing": missing, "skipped": skipped, "session_cookie": settings.SESSION_COOKIE_NAME}


# --- Is the data there? ---------------------------------------------------------------------


def summary() -> dict[str, int]:
    from samverkan.meetings.models import AgendaItem, Meeting
    from samverkan.referrals.models import Recommendation
    from samverkan.structure.models import Body, Person, Principal

    return {
        "principals": Principal.objects.count(),
        "bodies": Body.objects.count(),
        "people": Person.objects.count(),
        "meetings": Meeting.objects.count(),
        "items": AgendaItem.objects.count(),
        "recommendations": Recommendation.objects.count(),
    }


def status(scale: str, seed: int, data: str) -> dict[str, Any]:
    from django.core.management import get_commands
    from django.db import connection

    generator = "generate" in get_commands()
    ready = stale = False
    if data == "generate":
        try:
            from samverkan.synthetic.models import Dataset  # type: ignore[attr-defined,unused-ignore]
        except ImportError:
            ready = False
        else:
            finished = (
                Dataset.objects.filter(scale=scale, seed=seed, finished_at__isnull=False).first()
                if Dataset._meta.db_table in connection.introspection.table_names()
                else None
            )
            # Data generated before the generator made money and follow-up lacks their pages:
            # stale, generated again (`generate --replace`).
            ready = finished is not None and all(label in finished.counts for label in GENERATED_LABELS)
            stale = finished is not None and not ready
    else:
        from samverkan.meetings.models import Minutes
        from samverkan.structure.models import Body

        if data == "demo":
            ready = Minutes.objects.filter(status=Minutes.Status.ADJUSTED, published_at__isnull=False).exists()
        else:
            ready = Body.objects.exists()
    counts = summary()
    return {
        "ready": bool(ready),
        "stale": bool(stale),
        "generator": generator,
        "counts": counts,
        "summary": ", ".join(f"{n} {what}" for what, n in counts.items()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.probe")
    sub = parser.add_subparsers(dest="command", required=True)
    st = sub.add_parser("status")
    st.add_argument("--scale", required=True)
    st.add_argument("--seed", type=int, required=True)
    st.add_argument("--data", required=True)
    pg = sub.add_parser("pages")
    pg.add_argument("--pages", default=",".join(PAGE_NAMES))
    args = parser.parse_args(argv)
    django.setup()
    if args.command == "status":
        result = status(args.scale, args.seed, args.data)
    else:
        names = [n for n in args.pages.split(",") if n]
        unknown = sorted(set(names) - set(PICKERS))
        if unknown:
            parser.error(f"unknown page(s): {', '.join(unknown)}")
        result = pages(names)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
