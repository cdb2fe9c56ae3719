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
]
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


class Missing(Exception):
    """The data holds nothing to build this page from."""


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


def _api_search() -> tuple[str, str]:
    word = common_word()
    return f"/api/v1/search?{urlencode({'q': word})}", f"q={word}"


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
}


def measure(page: Page) -> Page:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client()
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
    for name in names:
        try:
            path, note = PICKERS[name]()
        except Missing as exc:
            missing.append({"name": name, "reason": str(exc)})
            continue
        found.append(asdict(measure(Page(name, path, note))))
    return {"pages": found, "missing": missing}


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
    ready = False
    if data == "generate":
        try:
            from samverkan.synthetic.models import Dataset  # type: ignore[attr-defined,unused-ignore]
        except ImportError:
            ready = False
        else:
            ready = Dataset._meta.db_table in connection.introspection.table_names() and (
                Dataset.objects.filter(scale=scale, seed=seed, finished_at__isnull=False).exists()
            )
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
