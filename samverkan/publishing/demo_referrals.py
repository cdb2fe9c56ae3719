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
from samverkan.publishing.demo_meetings import BOARD, BOARD_START, SRO, SRO_START, STOCKHOLM, day_bounds
from samverkan.referrals import selectors, services
from samverkan.referrals.models import Recipient, Recommendation, Response
from samverkan.structure.models import Body, Grouping, Principal

SOURCE = "cli:demo"

Answer = Response.Answer
DecidedBy = Response.DecidedBy
Rule = Recommendation.Rule


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


# --- Seed 000: VästKom's board, 17 December 2018 --------------------------------------------------

MENTAL_HEALTH: dict[str, Any] = {
    "title": "Länssamverkan inom området psykisk hälsa 2019–2020",
    "question": "X kommun ställer sig bakom länssamverkan enligt detta förslag.",
    "condition": (
        "under förutsättning att regeringen fattar erforderliga beslut om överenskommelser om psykisk hälsa "
        "2019 och 2020"
    ),
    "background": (
        "Hösten 2016 fattade samtliga 49 kommuner beslut om att samfinansiera det länsgemensamma arbetet med "
        "analys och handlingsplan inom området psykisk hälsa. Utifrån erfarenheterna från 2017 och 2018 "
        "föreslås att länssamordnaren för psykisk hälsa framöver arbetar 50 % och att medlen till "
        "mellankommunal verksamhet tas bort; vårdsamverkan får även fortsättningsvis medel till sina "
        "genomförandeplaner och brukarmedverkan utvecklas. Förslag till budget: 1 734 500 kr 2019 och "
        "1 745 300 kr 2020. Respektive kommun tar ställning till förslaget via digitalt formulär."
    ),
    "rule": Rule.APPROVERS,
    # The seed says "senast 2018-01-31", a date before the board's meeting of 17 December 2018
    # that sent it out: obviously a slip for 2019-01-31, which is used here.
    "deadline": datetime.date(2019, 1, 31),
}
MENTAL_HEALTH_SENT = local(datetime.date(2018, 12, 18))
MENTAL_HEALTH_ANSWERS = Spread(
    first=datetime.date(2019, 1, 8),
    last=datetime.date(2019, 1, 30),
    region=(DecidedBy.EXECUTIVE, "Regionstyrelsen"),  # no region is asked; kept for completeness
    paragraph_from=5,
    rejected=("dals-ed",),
    conditional={"tjorn": "Under förutsättning att kostnaden även 2020 fördelas efter invånarantal."},
    late={"lysekil": datetime.date(2019, 2, 14), "herrljunga": datetime.date(2019, 2, 21)},
    unanswered=("bengtsfors", "svenljunga"),
)

# --- Seed 001: SRO, item 10 of 28 April 2022, and the consultation before it ---------------------

DIGITAL_AIDS_BACKGROUND = (
    "Utredningen Välfärdsteknik i samverkan pågick mellan mars och december 2021. Den visar att invånarna "
    "får en mer jämlik tillgång till digitala hjälpmedel inom vård och socialtjänst om regionen och "
    "kommunerna samarbetar kring att tillhandahålla digitala hjälpmedel, och att samverkan kan ge bättre "
    "användning av gemensamma resurser, exempelvis kopplat till upphandling, logistik och support."
)
DIGITAL_AIDS: dict[str, Any] = {
    "title": "Samverkansavtal digitala hjälpmedel",
    "question": (
        "X ställer sig bakom förslag till samverkansavtal digitala hjälpmedel och beslutar i enlighet med förslaget."
    ),
    "background": (
        DIGITAL_AIDS_BACKGROUND + " Förslaget har varit på remiss till Västra Götalandsregionen och de 49 "
        "kommunerna 19 januari – 18 april 2022. SRO ställer sig bakom förslaget och rekommenderar respektive "
        "huvudman att besluta i enlighet med det. ”Om det är många kommuner som säger nej till avtalet behöver "
        "vi avbryta, om det är ett fåtal skalar vi ner samarbetet och utrullningstakten. Kraften ligger dock "
        "i att alla är med.”"
    ),
    "rule": Rule.ALL,
    "deadline": datetime.date(2022, 9, 30),  # the seed gives none
}
DIGITAL_AIDS_SENT = local(datetime.date(2022, 5, 2))
# A few say no, so under the rule (all must approve) it is not adopted; Göteborg has not answered,
# so that the demo registrar (registrar of Göteborg) finds it waiting.
DIGITAL_AIDS_ANSWERS = Spread(
    first=datetime.date(2022, 5, 24),
    last=datetime.date(2022, 9, 27),
    region=(DecidedBy.EXECUTIVE, "Regionstyrelsen"),
    paragraph_from=40,
    rejected=("tanum", "karlsborg"),
    conditional={
        "vanersborg": (
            "Under förutsättning att fördelningen av kostnadsansvaret mellan regionen och kommunerna "
            "förtydligas i avtalet innan det undertecknas."
        )
    },
    late={"mark": datetime.date(2022, 10, 12)},
    unanswered=("goteborg", "essunga", "orust", "ulricehamn"),
)

CONSULTATION: dict[str, Any] = {
    "title": "Remiss: Förslag till samverkansavtal digitala hjälpmedel",
    "question": "Synpunkter på förslaget till samverkansavtal för digitala hjälpmedel.",
    "background": DIGITAL_AIDS_BACKGROUND + " Baserat på utredningen har ett förslag till samverkansavtal tagits fram.",
    "kind": Recommendation.Kind.CONSULTATION,
    "deadline": datetime.date(2022, 4, 18),
}
# The seed says the proposal was out for consultation in this period; who sent it is not said
# (SRO is taken, the body that later recommended it).
CONSULTATION_SENT = local(datetime.date(2022, 1, 19))
# The themes are the seed's "Exempel på medskick från remissvaren".
CONSULTATION_ANSWERS = [
    Written(
        "vgr",
        datetime.date(2022, 4, 5),
        DecidedBy.EXECUTIVE,
        "Regionstyrelsen",
        "§ 87",
        "Västra Götalandsregionen är positiv till en utökad samverkan i linje med förslaget. Frågor kring "
        "datahantering och IT-säkerhet behöver utredas och beaktas innan avtalet träder i kraft.",
    ),
    Written(
        "alingsas",
        datetime.date(2022, 3, 22),
        DecidedBy.COMMITTEE,
        "Socialnämnden",
        "§ 31",
        "Alingsås kommun ställer sig positiv till förslaget men vill att informationssäkerheten vid delning "
        "av data mellan huvudmännen säkerställs.",
    ),
    Written(
        "boras",
        datetime.date(2022, 4, 11),
        DecidedBy.EXECUTIVE,
        "Kommunstyrelsen",
        "§ 112",
        "Borås kommun är positiv till samverkan kring digitala hjälpmedel. Fördelningen av kostnadsansvaret "
        "mellan regionen och kommunerna behöver bli tydligare i avtalet.",
    ),
    Written(
        "lidkoping",
        datetime.date(2022, 4, 7),
        DecidedBy.COMMITTEE,
        "Socialnämnden",
        "§ 45",
        "Lidköpings kommun ställer sig bakom den principiella modellen för samverkan. Kostnadsansvaret vid "
        "gemensam upphandling, logistik och support behöver förtydligas.",
    ),
    Written(
        "skovde",
        datetime.date(2022, 3, 30),
        DecidedBy.COMMITTEE,
        "Socialnämnden",
        "§ 52",
        "Skövde kommun tillstyrker förslaget och önskar en bred politisk förankring i berörda nämnder innan "
        "avtalet beslutas.",
    ),
    Written(
        "trollhattan",
        datetime.date(2022, 4, 13),
        DecidedBy.OFFICIAL,
        "Sektorchef vård och omsorg",
        "",
        "Trollhättans kommun tillstyrker förslaget med språkliga ändringar: begreppen hjälpmedel och "
        "välfärdsteknik bör användas konsekvent i hela avtalet.",
    ),
]

# --- Seed 002: Västerbotten, punkt 80 of 27 September 2018 -----------------------------------------

VB_BODY = "vb-styrgrupp-regionkommun"
VB_RECIPIENTS = "vb-kommuner-och-regionen"
VB_BACKGROUND = (
    "Politisk styrgrupp Förberedelse för bildande av regionkommun 2019, 27 september 2018, punkt 80. "
    "Uppdragsledaren har lämnat sin slutrapport med förslag till ny samverkansstruktur avseende vård och "
    "omsorg. Förslaget har genomgått en förankringsprocess i form av tre seminarier där sammanlagt drygt "
    "130 personer deltagit och där samtliga länets kommuner varit representerade."
)
VB_MEETING = local(datetime.date(2018, 9, 27), 0)  # "Tid 27 september 2018": no clock time
# Punkt 80's title: "Uppdrag Ta fram förslag på organiseringen av samverkan mellan ..."
VB_ITEM_TITLE = "förslag på organiseringen av samverkan"
VB_SENT = local(datetime.date(2018, 10, 1))  # the seed gives no dates for sending or answering
VB_DEADLINE = datetime.date(2018, 11, 30)  # "Hösten 2018" (BP1)
VB_REGION = (DecidedBy.EXECUTIVE, "Landstingsstyrelsen")  # in 2018 still Västerbottens läns landsting
MAIN_POINTS: dict[str, Any] = {
    "title": "Huvudpunkter i förslaget till samverkansstruktur för vård och omsorg",
    "question": (
        "X beslutar att anta huvudpunkterna i förslaget till samverkansstruktur enligt bilagan "
        "”Huvudpunkter förslag samverkansstruktur”."
    ),
    "background": VB_BACKGROUND,
    "rule": Rule.ALL,
    "deadline": VB_DEADLINE,
}
MAIN_POINTS_ANSWERS = Spread(
    first=datetime.date(2018, 10, 15),
    last=datetime.date(2018, 11, 28),
    region=VB_REGION,
    paragraph_from=120,
    unanswered=("dorotea", "sorsele", "storuman"),
)
DIRECTIVE: dict[str, Any] = {
    "title": "Direktiv för implementeringsprojektet för ny samverkansstruktur",
    "question": (
        "X beslutar att godkänna förslaget till direktiv för det implementeringsprojekt som skall leda fram "
        "till ett införande av den beslutade samverkansstrukturen, enligt bilaga ”Förslag Projektdirektiv”."
    ),
    "background": VB_BACKGROUND + " Efter det att samtliga huvudmän beslutat om direktivet kan projektet startas.",
    "rule": Rule.ALL,
    "deadline": VB_DEADLINE,
}
DIRECTIVE_ANSWERS = Spread(
    first=datetime.date(2018, 10, 15), last=datetime.date(2018, 11, 28), region=VB_REGION, paragraph_from=120
)

PROJECT_KEY = "vb-implementering-samverkansstruktur"
PROJECT_BODY = "ac-konsensus"  # "AC Konsensus representerar beställaren i projektet" (9.2)
PROJECT = {
    "name": "Implementering av ny samverkansstruktur",
    "description": (
        "Implementering av ny struktur för samverkan mellan regionkommunen och länets kommuner avseende vård "
        "och omsorg. Projektbeställare: Västerbottens läns landsting och Västerbottens kommuner. Syftet är att "
        "skapa en gemensam process där samtliga parter är delaktiga i införandet av den nya strukturen för "
        "samverkan avseende vård och omsorg."
    ),
}
# "5. Tidplan" of the project directive. It has no BP3: the demo records one that says so, so
# that the project shows all five points and claims nothing the directive does not.
DECISION_POINTS: list[tuple[str, str, str, str]] = [
    (
        "BP1",
        "Hösten 2018",
        "Fastställa projektdirektivet och därigenom starta projektet",
        "För att BP1 ska vara genomförd krävs beslut hos samtliga kommuner i Västerbotten (15 st) samt landstinget",
    ),
    (
        "BP2",
        "Januari 2019",
        "Beslut att starta projektet, genom styrgruppens godkännande av projektplan inklusive projektets budget",
        "Styrgruppens beslut",
    ),
    (
        "BP3",
        "",
        "Beslutspunkt 3 anges inte i projektdirektivet",
        "Projektdirektivets tidplan går från BP2 till BP4; detaljerad tids- och aktivitetsplan fastställs i "
        "projektplanen (beslut BP2)",
    ),
    (
        "BP4",
        "September 2019",
        "Beslut att godkänna projektets resultat för leverans till mottagare och förvaltning. "
        "Beslut att påbörja avslutsfasen.",
        "Styrgruppens beslut",
    ),
    (
        "BP5",
        "Oktober/November 2019",
        "Beslut att avsluta projektet, genom att godkänna projektet och dess slutrapport.",
        "Styrgruppens beslut",
    ),
]

# --- Invented: an open recommendation to try the answer form with -------------------------------

OPEN_DEMO: dict[str, Any] = {
    "title": "Demo: Gemensam riktlinje för läkemedelsgenomgångar",
    "question": "X ställer sig bakom förslaget till gemensam riktlinje för läkemedelsgenomgångar.",
    "background": (
        "Detta är en påhittad rekommendation i demodata: den finns inte i källdokumenten. Den är öppen för svar "
        "så att demokontot registrator (registrator för Göteborgs kommun) kan pröva att svara, genom länken i "
        "e-postmeddelandet eller inloggad."
    ),
    "rule": Rule.ALL,
}
OPEN_DEMO_DAYS = 60


# --- Loading -----------------------------------------------------------------------------------


def load_demo_referrals(*, actor: Any) -> list[str]:
    """Create the demo recommendations that are not there yet; returns what was done, line by line."""
    lines: list[str] = []
    board, sro = _body(BOARD), _body(SRO)
    if board is None or sro is None:
        lines.append("VästKom's board or SRO is not in the structure: the recommendations of seeds 000-001 skipped.")
    else:
        lines.append(
            _recommendation(
                actor,
                board,
                MENTAL_HEALTH,
                grouping="vg-kommuner",
                sent=MENTAL_HEALTH_SENT,
                agenda_item=find_item(board, BOARD_START, title_contains="projekt Psykisk hälsa", number=4),
                spread=MENTAL_HEALTH_ANSWERS,
            )
        )
        lines.append(
            _recommendation(
                actor,
                sro,
                CONSULTATION,
                grouping="vg-kommuner-och-regionen",
                sent=CONSULTATION_SENT,
                written=CONSULTATION_ANSWERS,
            )
        )
        lines.append(
            _recommendation(
                actor,
                sro,
                DIGITAL_AIDS,
                grouping="vg-kommuner-och-regionen",
                sent=DIGITAL_AIDS_SENT,
                agenda_item=find_item(sro, SRO_START, title_contains="samverkansavtal digitala hjälpmedel", number=10),
                spread=DIGITAL_AIDS_ANSWERS,
            )
        )
        open_demo = {**OPEN_DEMO, "deadline": timezone.localdate() + datetime.timedelta(days=OPEN_DEMO_DAYS)}
        lines.append(_recommendation(actor, sro, open_demo, grouping="vg-kommuner-och-regionen", sent=None))
    steering = _body(VB_BODY)
    if steering is None:
        lines.append(f"No body {VB_BODY!r} in the structure: the recommendations of seed 002 skipped.")
    else:
        # Punkt 80, if the meeting is there (imported from the seed; demo_meetings does not build it).
        punkt_80 = find_item(steering, VB_MEETING, title_contains=VB_ITEM_TITLE)
        lines.append(
            _recommendation(
                actor,
                steering,
                MAIN_POINTS,
                grouping=VB_RECIPIENTS,
                sent=VB_SENT,
                agenda_item=punkt_80,
                spread=MAIN_POINTS_ANSWERS,
            )
        )
        lines.append(
            _recommendation(
                actor,
                steering,
                DIRECTIVE,
                grouping=VB_RECIPIENTS,
                sent=VB_SENT,
                agenda_item=punkt_80,
                spread=DIRECTIVE_ANSWERS,
            )
        )
        lines += _project(actor, steering)
    return lines


def _body(key: str) -> Body | None:
    return Body.objects.filter(key=key).first()


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
    directive = _existing(steering, DIRECTIVE["title"])
    if directive is None:
        return ["The project directive's recommendation is missing: the project is skipped."]
    lines = []
    with transaction.atomic():
        project = Project.objects.filter(key=PROJECT_KEY).first()
        if project is None:
            project = create_instance(
                Project,
                {"key": PROJECT_KEY, "body": _body(PROJECT_BODY) or steering, **PROJECT},
                actor=actor,
                source=SOURCE,
            )
            lines.append(f"Project ”{project.name}”: created.")
        else:
            lines.append(f"Project ”{project.name}”: already there, left as it is.")
        have = set(DecisionPoint.objects.filter(project=project).values_list("code", flat=True))
        added = []
        for code, planned, title, requirement in DECISION_POINTS:
            if code in have:
                continue
            create_instance(
                DecisionPoint,
                {
                    "project": project,
                    "code": code,
                    "title": title,
                    "planned": planned,
                    "requirement": requirement,
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
