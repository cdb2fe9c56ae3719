"""The seeds' recommendations to the principals, loaded as demo data through the services.

- Seed 000: VästKom's board asks each of the 49 municipalities to take a stance on the county's
  collaboration on mental health 2019–2020, under a condition; in force for those who approve.
- Seed 001: SRO's item 10 of 28 April 2022 recommends every principal (the region and the 49
  municipalities) to adopt the collaboration agreement on digital aids; before that the proposal
  was out for consultation (remiss) 19 January – 18 April 2022.
- Seed 002: Västerbotten's political steering group (punkt 80, 27 September 2018) recommends the
  15 municipalities and the county council to adopt the main points of the collaboration
  structure and to approve the directive of the implementation project, whose decision point BP1
  needs all 16 decisions.
- One open recommendation from SRO, plainly marked as invented, so that the demo registrar
  (Göteborg) has something to answer through a link that still works.

The seeds say what was asked, not what each principal answered: every answer here is invented,
recorded with `via="demo"` (shown with a "demo" badge), and spread deterministically by the
principal's place in name order, so that every load gives the same board.

A recommendation is tied to the agenda item it came from, found by body, day and title (else
number), whether demo_meetings built the meeting or the importer made it from the seed; punkt 80
of seed 002 only exists when the seed was imported (`samverkan demo`).

Running it again creates nothing: a recommendation of the body with the same title that already
exists is left exactly as it is (answers included), and so are the project and its decision
points. Each recommendation is written with its answers in one transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from samverkan.core.audit import create_instance
from samverkan.followup.models import DecisionPoint, Project
from samverkan.importer.services import normalise
from samverkan.meetings.models import AgendaItem
from samverkan.publishing.demo_loader import demo_facts, local_time, text
from samverkan.publishing.demo_meetings import BOARD, SRO, STOCKHOLM, body_by_key, day_bounds
from samverkan.referrals import selectors, services
from samverkan.referrals.models import Recipient, Recommendation, Response
from samverkan.structure.models import Body, Grouping, Principal

SOURCE = "cli:demo"

Answer = Response.Answer
DecidedBy = Response.DecidedBy


def local(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """An aware wall-clock time in Sweden on that day."""
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=STOCKHOLM)


def _weekday(day: datetime.date) -> datetime.date:
    """The day itself, or the Friday before it if it falls on a weekend."""
    return day - datetime.timedelta(days=max(0, day.weekday() - 4))


# --- How the invented answers fall ---------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    """The demo answers of one recommendation. Everyone not named approves, deciding on a
    weekday between `first` and `last` and recording the answer a few days later (at the latest
    on the deadline); `late` ones record it on the given day, after the deadline."""

    first: datetime.date
    last: datetime.date
    region: tuple[str, str]  # how a region decides: (decided_by, name of the deciding body)
    paragraph_from: int = 10
    rejected: tuple[str, ...] = ()
    conditional: Mapping[str, str] = field(default_factory=dict)
    late: Mapping[str, datetime.date] = field(default_factory=dict)
    unanswered: tuple[str, ...] = ()


@dataclass(frozen=True)
class Written:
    """A written consultation answer."""

    key: str
    decided_on: datetime.date
    decided_by: str
    decided_by_name: str
    paragraph: str
    text: str


def _decisions(recipients: list[Recipient], spread: Spread, deadline: datetime.date) -> Iterator[dict[str, Any]]:
    """The answers to record, as keyword arguments of `services.response_record`."""
    ordered = sorted(recipients, key=lambda r: r.principal.name)  # by code point: the same on every database
    span = (spread.last - spread.first).days + 1
    for i, recipient in enumerate(ordered):
        key = recipient.principal.key
        if key in spread.unanswered:
            continue
        if key in spread.late:
            answered_on = spread.late[key]
            decided_on = _weekday(answered_on - datetime.timedelta(days=3))
        else:
            decided_on = _weekday(spread.first + datetime.timedelta(days=(i * 17) % span))
            answered_on = min(_weekday(decided_on + datetime.timedelta(days=1 + i % 4)), deadline)
        if recipient.principal.kind == Principal.Kind.REGION:
            decided_by, decided_by_name = spread.region
        elif i % 4 == 0:
            decided_by, decided_by_name = DecidedBy.COUNCIL, "Kommunfullmäktige"
        else:
            decided_by, decided_by_name = DecidedBy.EXECUTIVE, "Kommunstyrelsen"
        if key in spread.rejected:
            answer = Answer.REJECTED
        elif key in spread.conditional:
            answer = Answer.APPROVED_WITH_CONDITION
        else:
            answer = Answer.APPROVED
        yield {
            "recipient": recipient,
            "answer": answer,
            "condition": spread.conditional.get(key, ""),
            "decided_on": decided_on,
            "decided_by": decided_by,
            "decided_by_name": decided_by_name,
            "paragraph": f"§ {spread.paragraph_from + (i * 29) % 180}",
            "answered_at": local(answered_on, 9 + i % 7),
        }


# --- The facts, as examples/demo/referrals.yaml gives them ---------------------------------------

FACTS = demo_facts("referrals")
PROJECT_KEY: str = FACTS["project"]["key"]


def _fields(recommendation: Mapping[str, Any]) -> dict[str, Any]:
    """The keyword arguments of `services.recommendation_create` the file gives."""
    return {**recommendation, "background": text(recommendation.get("background"))}


def _spread(answers: Mapping[str, Any] | None) -> Spread | None:
    if answers is None:
        return None
    return Spread(
        first=answers["first"],
        last=answers["last"],
        region=(answers["region"][0], answers["region"][1]),
        paragraph_from=answers.get("paragraph_from", 10),
        rejected=tuple(answers.get("rejected", ())),
        conditional=dict(answers.get("conditional", {})),
        late=dict(answers.get("late", {})),
        unanswered=tuple(answers.get("unanswered", ())),
    )


def _written(answers: list[Mapping[str, Any]] | None) -> list[Written] | None:
    if answers is None:
        return None
    return [
        Written(
            key=answer["principal"],
            decided_on=answer["decided_on"],
            decided_by=answer["decided_by"],
            decided_by_name=answer["decided_by_name"],
            paragraph=answer["paragraph"],
            text=answer["text"],
        )
        for answer in answers
    ]


def _agenda_item(body: Body, facts: Mapping[str, Any] | None) -> AgendaItem | None:
    if facts is None:
        return None
    return find_item(
        body, local_time(facts["meeting"]), title_contains=facts["title_contains"], number=facts.get("number")
    )


# --- Loading -----------------------------------------------------------------------------------


def load_demo_referrals(*, actor: Any) -> list[str]:
    """Create the demo recommendations that are not there yet; returns what was done, line by line."""
    lines: list[str] = []
    board, sro = body_by_key(BOARD), body_by_key(SRO)
    if board is None or sro is None:
        lines.append("VästKom's board or SRO is not in the structure: the recommendations of seeds 000-001 skipped.")
    else:
        bodies = {BOARD: board, SRO: sro}
        for name in ("mental_health", "consultation", "digital_aids"):
            facts = FACTS[name]
            body = bodies[facts["body"]]
            lines.append(
                _recommendation(
                    actor,
                    body,
                    _fields(facts["recommendation"]),
                    grouping=facts["recipients"],
                    sent=local_time(facts["sent"]),
                    agenda_item=_agenda_item(body, facts.get("agenda_item")),
                    spread=_spread(facts.get("answers")),
                    written=_written(facts.get("written")),
                )
            )
        open_demo = FACTS["open_demo"]
        fields = {
            **_fields(open_demo["recommendation"]),
            "deadline": timezone.localdate() + datetime.timedelta(days=open_demo["deadline_days"]),
        }
        lines.append(_recommendation(actor, sro, fields, grouping=open_demo["recipients"], sent=None))
    vasterbotten = FACTS["vasterbotten"]
    steering = body_by_key(vasterbotten["body"])
    if steering is None:
        lines.append(f"No body {vasterbotten['body']!r} in the structure: the recommendations of seed 002 skipped.")
    else:
        # Punkt 80, if the meeting is there (imported from the seed; demo_meetings does not build it).
        punkt_80 = _agenda_item(steering, vasterbotten["agenda_item"])
        for name in ("main_points", "directive"):
            lines.append(
                _recommendation(
                    actor,
                    steering,
                    _fields(vasterbotten[name]["recommendation"]),
                    grouping=vasterbotten["recipients"],
                    sent=local_time(vasterbotten["sent"]),
                    agenda_item=punkt_80,
                    spread=_spread(vasterbotten[name]["answers"]),
                )
            )
        lines += _project(actor, steering)
    return lines


def find_item(
    body: Body, start: datetime.datetime, *, title_contains: str, number: int | None = None
) -> AgendaItem | None:
    """The item of the body's meeting on the day of `start`, built by demo_meetings or imported
    from the seed (whose title may carry a tail such as ". Se bilaga" and whose time the document
    may not give): the first whose title contains `title_contains` (case, accents and punctuation
    aside), else the one numbered `number` (its paragraph, else its place on the agenda)."""
    first, following = day_bounds(start)
    items = list(
        AgendaItem.objects.filter(meeting__body=body, meeting__start__gte=first, meeting__start__lt=following)
        .select_related("meeting")
        .order_by("meeting__start", "meeting_id", "position")
    )
    wanted = normalise(title_contains)
    found = next((item for item in items if wanted and wanted in normalise(item.title)), None)
    if found is None and number is not None:
        found = next((item for item in items if item.paragraph == number), None) or next(
            (item for item in items if item.position == number), None
        )
    return found


def _existing(body: Body, title: str) -> Recommendation | None:
    return Recommendation.objects.filter(body=body, title=title).first()


def _recommendation(
    actor: Any,
    body: Body,
    fields: Mapping[str, Any],
    *,
    grouping: str,
    sent: datetime.datetime | None,
    agenda_item: AgendaItem | None = None,
    spread: Spread | None = None,
    written: list[Written] | None = None,
) -> str:
    """Create, send and answer one recommendation unless the body already has one with its title.
    `sent=None` sends it now through the normal path (the registrars get their links by e-mail)."""
    label = f"{body.label}: ”{fields['title']}”"
    existing = _existing(body, fields["title"])
    if existing is not None:
        return f"{label}: already there, left as it is."
    recipients_from = Grouping.objects.filter(key=grouping).first()
    if recipients_from is None:
        return f"{label}: no grouping {grouping!r} in the structure, skipped."
    with transaction.atomic():
        recommendation = services.recommendation_create(
            actor=actor,
            body=body,
            groupings=[recipients_from],
            agenda_item=agenda_item,
            source=SOURCE,
            **fields,
        )
        if sent is None:
            services.recommendation_send(actor=actor, recommendation=recommendation, source=SOURCE)
        else:
            services.recommendation_send(
                actor=actor, recommendation=recommendation, at=sent, notify=False, source=SOURCE
            )
        recipients = list(Recipient.objects.filter(recommendation=recommendation).select_related("principal"))
        answers: list[dict[str, Any]] = []
        if spread is not None:
            answers = list(_decisions(recipients, spread, recommendation.deadline))
        if written is not None:
            by_key = {r.principal.key: r for r in recipients}
            answers = [
                {
                    "recipient": by_key[w.key],
                    "answer": Answer.WRITTEN,
                    "text": w.text,
                    "decided_on": w.decided_on,
                    "decided_by": w.decided_by,
                    "decided_by_name": w.decided_by_name,
                    "paragraph": w.paragraph,
                    "answered_at": local(w.decided_on + datetime.timedelta(days=1), 14),
                }
                for w in written
                if w.key in by_key
            ]
        for answer in answers:
            services.response_record(actor=actor, via=Response.Via.DEMO, source=SOURCE, **answer)
        result = selectors.outcome_of(recommendation)
    when = "now" if sent is None else f"{sent:%Y-%m-%d}"
    return (
        f"{label}: sent {when} to {result.total} principals, deadline {recommendation.deadline:%Y-%m-%d}; "
        f"{result.answered} demo answers; outcome: {result.status}."
    )


def _project(actor: Any, steering: Body) -> list[str]:
    """The implementation project and its decision points; BP1 follows the directive's answers."""
    directive = _existing(steering, FACTS["vasterbotten"]["directive"]["recommendation"]["title"])
    if directive is None:
        return ["The project directive's recommendation is missing: the project is skipped."]
    lines = []
    with transaction.atomic():
        facts = FACTS["project"]
        project = Project.objects.filter(key=PROJECT_KEY).first()
        if project is None:
            project = create_instance(
                Project,
                {
                    "key": PROJECT_KEY,
                    "body": body_by_key(facts["body"]) or steering,
                    "name": facts["name"],
                    "description": facts["description"],
                },
                actor=actor,
                source=SOURCE,
            )
            lines.append(f"Project ”{project.name}”: created.")
        else:
            lines.append(f"Project ”{project.name}”: already there, left as it is.")
        have = set(DecisionPoint.objects.filter(project=project).values_list("code", flat=True))
        added = []
        for point in facts["decision_points"]:
            code = point["code"]
            if code in have:
                continue
            create_instance(
                DecisionPoint,
                {
                    "project": project,
                    "code": code,
                    "title": point["title"],
                    "planned": point["planned"],
                    "requirement": point["requirement"],
                    "recommendation": directive if code == "BP1" else None,
                    "position": int(code.removeprefix("BP")),
                },
                actor=actor,
                source=SOURCE,
            )
            added.append(code)
        if added:
            lines.append(
                f"Project ”{project.name}”: decision points {', '.join(added)} added (BP1 follows the directive)."
            )
    return lines
