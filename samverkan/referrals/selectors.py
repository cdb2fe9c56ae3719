"""Reads of recommendations: what each user may see, and the prefetching that keeps the pages'
query counts constant."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import chain, repeat
from typing import Any

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from samverkan.core.access import is_administrator
from samverkan.documents.models import Reading
from samverkan.meetings.models import AgendaItem
from samverkan.referrals import outcome as outcomes
from samverkan.referrals.models import Paper, Recipient, Recommendation, Reminder, ReportBack, Response
from samverkan.structure.models import Body, Principal
from samverkan.structure.roles import current_memberships_q
from samverkan.structure.selectors import year_populations


def public_recommendations() -> QuerySet[Recommendation]:
    """What the public sees: sent (or withdrawn) recommendations not marked otherwise."""
    return Recommendation.objects.filter(public=True, sent_at__isnull=False).exclude(status=Recommendation.Status.DRAFT)


def is_public(recommendation: Recommendation) -> bool:
    """Whether public_recommendations() holds this recommendation, told from the row already
    loaded (no query): the same rule, for code that has the row (a decision point, the search
    index). tests/referrals/test_visibility.py holds the two together."""
    return (
        recommendation.public
        and recommendation.sent_at is not None
        and recommendation.status != Recommendation.Status.DRAFT
    )


def visible_recommendations(user: Any) -> QuerySet[Recommendation]:
    """Public ones, and for a logged-in user also those of the bodies they run or sit in and
    those their principals were asked (drafts only to the body's secretaries)."""
    if is_administrator(user):
        return Recommendation.objects.all()
    if not user.is_authenticated:
        return public_recommendations()
    secretary = Q(body__secretaries=user)
    sent = ~Q(status=Recommendation.Status.DRAFT)
    member = Q(
        pk__in=Recommendation.objects.filter(
            Q(body__memberships__person__user=user) & current_memberships_q("body__memberships__")
        ).values("pk")
    )
    registrar = Q(pk__in=Recipient.objects.filter(principal__registrars=user).values("recommendation_id"))
    return Recommendation.objects.filter(Q(public=True) & sent | secretary | (member | registrar) & sent).distinct()


def recommendation_list(user: Any) -> list[Recommendation]:
    """The list page: what the user may see, latest deadline first."""
    return list(visible_recommendations(user).select_related("body").order_by("-deadline", "-pk"))


def recommendation_for(user: Any, pk: int) -> Recommendation | None:
    """The recommendation if the user may see it (visible_recommendations), else None. A public
    one (is_public, which visible_recommendations holds for everyone) is told from its own row,
    in one query: building the rule's subqueries for a logged-in user was a third of the page's
    time. Any other is checked against the rule itself, in one query more."""
    found = Recommendation.objects.select_related("body", "agenda_item__meeting").filter(pk=pk).first()
    if found is None or is_public(found):
        return found
    if not user.is_authenticated:
        return None
    return found if visible_recommendations(user).filter(pk=pk).exists() else None


def recommendation_to_edit(pk: int) -> Recommendation:
    """A fresh copy of a recommendation for the edit form to change, apart from the one the
    policy loaded (which the service compares against)."""
    return Recommendation.objects.get(pk=pk)


def report_back_of(recommendation: Recommendation) -> ReportBack | None:
    """Where the recommendation's outcome was reported back to its body, if it was."""
    return ReportBack.objects.select_related("meeting__body").filter(recommendation=recommendation).first()


def extract_of(recommendation: Recommendation, response_pk: int) -> Response | None:
    """An answer's minutes extract that has been read (one being read or refused is served to
    nobody), of a recommendation the caller may see."""
    return Response.objects.filter(
        pk=response_pk, recipient__recommendation=recommendation, extract_reading=Reading.READ
    ).first()


def read_paper_of(recommendation_id: int, paper_pk: int) -> Paper | None:
    """A paper of a recommendation the caller may see, that has been read (one being read or
    refused is served to nobody)."""
    return Paper.objects.filter(pk=paper_pk, recommendation_id=recommendation_id, reading=Reading.READ).first()


def papers_of(recommendation: Recommendation) -> list[Paper]:
    return list(recommendation.papers.all())


def registers_for(user: Any, principal: Principal) -> bool:
    """Whether the user is one of the principal's registrars: an answer they give is recorded
    as given logged in, not on the principal's behalf (an administrator is no registrar here)."""
    return principal.registrars.filter(pk=user.pk).exists()


def paper_of(recommendation: Recommendation, paper_pk: int) -> Paper | None:
    """A paper of the recommendation in any state (for its secretaries), its recommendation the
    one given."""
    paper = Paper.objects.filter(pk=paper_pk, recommendation=recommendation).first()
    if paper is not None:
        paper.recommendation = recommendation
    return paper


def recipient_of(recommendation: Recommendation, recipient_pk: int) -> Recipient | None:
    """A recipient of the recommendation with its principal, its recommendation the one given."""
    recipient = (
        Recipient.objects.select_related("principal").filter(pk=recipient_pk, recommendation=recommendation).first()
    )
    if recipient is not None:
        recipient.recommendation = recommendation
    return recipient


def agenda_item_of(body: Body, item_pk: int) -> AgendaItem | None:
    """An item on the agenda of one of the body's meetings (a recommendation may start from it)."""
    return AgendaItem.objects.select_related("meeting").filter(pk=item_pk, meeting__body=body).first()


def recipients_with_history(recommendation: Recommendation) -> list[Recipient]:
    """Every recipient with its principal, current answer, answer history and reminders, and
    `reachable`: whether one of the principal's registrars has an open account with an e-mail
    address (an invitation not yet sent to a reachable principal is waiting in the mail queue;
    to any other it cannot go)."""
    reachable = Exists(
        get_user_model().objects.filter(registrar_of=OuterRef("principal_id"), is_active=True).exclude(email="")
    )
    return list(
        Recipient.objects.filter(recommendation=recommendation)
        .annotate(reachable=reachable)
        .select_related("principal", "current_response")
        .prefetch_related(
            Prefetch("responses", queryset=Response.objects.order_by("-answered_at", "-pk"), to_attr="history"),
            Prefetch("reminders", queryset=Reminder.objects.order_by("-days_before"), to_attr="reminder_log"),
        )
        .order_by("principal__name")
    )


def population_year(recommendation: Recommendation) -> int:
    return recommendation.population_year or recommendation.deadline.year


def needs_population(recommendation: Recommendation) -> bool:
    return (
        recommendation.kind == Recommendation.Kind.DECISION
        and recommendation.rule == Recommendation.Rule.POPULATION_SHARE
    )


# The (principal id, current answer or None) of each recipient of a recommendation.
Answers = list[tuple[int, str | None]]


def answers_of(recipients: Iterable[Recipient]) -> Answers:
    """The answers of recipients already loaded with their current response."""
    return [(r.principal_id, r.current_response.answer if r.current_response else None) for r in recipients]


# A recommendation's answers counted: (principal id, answer or None, how many recipients). The
# principal is given only where the population rule needs it (one recipient a row); elsewhere it
# is None and the recipients with the same answer are one row.
Tally = list[tuple[int | None, str | None, int]]


def _tallies(recs: list[Recommendation], by_population: list[Recommendation]) -> dict[int, Tally]:
    """The current answers of the recommendations' recipients, counted by the database: a
    page of 100 recommendations reads some hundred rows instead of its 5,000 recipients
    (issue 19), each principal apart only for a recommendation under the population rule."""
    principal: Any = Value(None, output_field=IntegerField())
    if by_population:
        principal = Case(
            When(recommendation_id__in=[r.pk for r in by_population], then=F("principal_id")),
            default=Value(None),
            output_field=IntegerField(),
        )
    found: dict[int, Tally] = defaultdict(list)
    for rec_id, principal_id, answer, count in (
        Recipient.objects.filter(recommendation__in=[r.pk for r in recs])
        .order_by()  # the outcome does not depend on the order; sorting by name would join principals
        .annotate(counted_principal=principal)
        .values("recommendation_id", "counted_principal", "current_response__answer")
        .annotate(recipients=Count("pk"))
        .values_list("recommendation_id", "counted_principal", "current_response__answer", "recipients")
    ):
        found[rec_id].append((principal_id, answer, count))
    return found


def outcomes_of(
    recommendations: Iterable[Recommendation], answers: Mapping[int, Answers] | None = None
) -> dict[int, outcomes.Outcome | None]:
    """Each recommendation's outcome under its rule now, by its id: the one place where the
    outcome (referrals.outcome) is computed from what is stored. It reads the current answers
    in one query, counted by the database (unless `answers` gives them by recommendation id,
    for a caller that loaded the recipients anyway), and the populations in one more when a
    recommendation uses the population rule: never a query per recommendation. An outcome is
    None when the population rule lacks a figure (possible only before sending)."""
    recs = list(recommendations)
    if not recs:
        return {}
    by_population = [r for r in recs if needs_population(r)]
    population_ids = {r.pk for r in by_population}
    if answers is None:
        tallies = _tallies(recs, by_population)
    else:
        tallies = {pk: [(pid, answer, 1) for pid, answer in rows] for pk, rows in answers.items()}
    pops = (
        year_populations(
            {population_year(r) for r in by_population},
            {pid for r in by_population for pid, _a, _n in tallies.get(r.pk, []) if pid is not None},
        )
        if by_population
        else {}
    )
    result: dict[int, outcomes.Outcome | None] = {}
    for rec in recs:
        rows = tallies.get(rec.pk, [])
        counted = chain.from_iterable(repeat(answer, n) for _pid, answer, n in rows)
        principal_ids: list[int] | None = None
        populations: dict[int, int] | None = None
        if rec.pk in population_ids:  # a row per recipient, each with its principal
            year = population_year(rec)
            principal_ids = [pid for pid, _a, _n in rows if pid is not None]
            populations = {pid: pops[(pid, year)] for pid in principal_ids if (pid, year) in pops}
        try:
            result[rec.pk] = outcomes.compute(rec, counted, populations=populations, principal_ids=principal_ids)
        except ValueError:
            result[rec.pk] = None
    return result


def outcome_for(recommendation: Recommendation, recipients: list[Recipient]) -> outcomes.Outcome | None:
    """The outcome from recipients already loaded (outcomes_of); None when the population rule
    lacks a figure (only possible for a draft)."""
    return outcomes_of([recommendation], {recommendation.pk: answers_of(recipients)})[recommendation.pk]


BOARD_PAGE = 20  # recommendations (columns) on a page of the board


@dataclass
class Board:
    """The recommendations shown (a page of them, or all for the downloads), the principals
    asked any of them (the rows), each recipient by (recommendation, principal), and each
    recommendation's outcome. `page` is the page of recommendations, None when all are shown."""

    recommendations: list[Recommendation]
    principals: list[Principal]
    cells: dict[tuple[int, int], Recipient | Cell] = field(default_factory=dict)
    results: dict[int, outcomes.Outcome | None] = field(default_factory=dict)
    page: Page[Recommendation] | None = None

    def rows(self) -> list[tuple[Principal, list[Recipient | Cell | None]]]:
        return [
            (principal, [self.cells.get((rec.pk, principal.pk)) for rec in self.recommendations])
            for principal in self.principals
        ]

    def columns(self) -> list[tuple[Recommendation, outcomes.Outcome | None]]:
        return [(rec, self.results.get(rec.pk)) for rec in self.recommendations]


@dataclass(frozen=True, slots=True)
class Cell:
    """What a cell of the board's screen shows of a recipient: its current answer (None: not
    answered) and the answer's badges. The screen reads these as plain rows (up to 20 x 300 of
    them), where building a recipient, its principal and its answer as model instances per cell
    was most of the page's time; the exports read the whole recipients."""

    answer: str | None
    late: bool
    demo: bool


@dataclass(frozen=True)
class BoardFilter:
    body: Body | None = None
    year: int | None = None
    kind: str = ""
    open_only: bool = False
    principal_kind: str = ""


BOARD_PRINCIPAL_FIELDS = ("id", "key", "name", "short_name", "kind")


def board(
    user: Any, filters: BoardFilter | None = None, *, page: int | str | None = None, per_page: int = BOARD_PAGE
) -> Board:
    """Principals x recommendations, newest deadline first, in a constant number of queries
    (recommendations, recipients with answers and principals, populations; with `page`, also
    the count). With `page` only that page of `per_page` recommendations is read (a page that
    is not a number gives the first, one beyond the end the last); without, all of them."""
    filters = filters or BoardFilter()
    recs = visible_recommendations(user).exclude(status=Recommendation.Status.DRAFT).select_related("body")
    if filters.body is not None:
        recs = recs.filter(body=filters.body)
    if filters.year:
        recs = recs.filter(deadline__year=filters.year)
    if filters.kind:
        recs = recs.filter(kind=filters.kind)
    if filters.open_only:
        # Awaiting answers: sent, and some recipient has not answered.
        waiting = Recipient.objects.filter(recommendation=OuterRef("pk"), current_response__isnull=True)
        recs = recs.filter(Exists(waiting), status=Recommendation.Status.SENT)
    recs = recs.order_by("-deadline", "-pk")
    shown: Page[Recommendation] | None = None
    if page is None:
        recommendations = list(recs)
    else:
        shown = Paginator(recs, per_page).get_page(page)
        recommendations = list(shown.object_list)
    result = Board(recommendations=recommendations, principals=[], page=shown)
    principals: dict[int, Principal] = {}
    # Every recipient counts towards the outcome; the principal filter only chooses the rows.
    answers: dict[int, list[tuple[int, str | None]]] = defaultdict(list)
    recipients = Recipient.objects.filter(recommendation__in=[r.pk for r in recommendations])
    if page is None:
        for recipient in recipients.select_related("principal", "current_response"):
            response = recipient.current_response
            answers[recipient.recommendation_id].append((recipient.principal_id, response.answer if response else None))
            if filters.principal_kind and recipient.principal.kind != filters.principal_kind:
                continue
            result.cells[(recipient.recommendation_id, recipient.principal_id)] = recipient
            principals.setdefault(recipient.principal_id, recipient.principal)
    else:
        # The screen shows a cell per answer: it reads only what a cell shows, as plain rows.
        columns = [f"principal__{name}" for name in BOARD_PRINCIPAL_FIELDS]
        rows = recipients.values_list(
            "recommendation_id", "current_response__answer", "current_response__late", "current_response__via", *columns
        )
        for rec_id, answer, late, via, *principal in rows:
            principal_id, kind = principal[0], principal[4]
            answers[rec_id].append((principal_id, answer))
            if filters.principal_kind and kind != filters.principal_kind:
                continue
            result.cells[(rec_id, principal_id)] = Cell(answer, bool(late), via == Response.Via.DEMO)
            if principal_id not in principals:
                principals[principal_id] = Principal.from_db(None, list(BOARD_PRINCIPAL_FIELDS), principal)
    result.principals = sorted(principals.values(), key=lambda p: (p.kind != Principal.Kind.REGION, p.name))
    result.results = outcomes_of(recommendations, answers)
    return result


def decisions_of(principal: Principal, user: Any = None) -> list[Recipient]:
    """Where a principal stands on every recommendation it was asked (that the user may see)."""
    visible = public_recommendations() if user is None else visible_recommendations(user)
    return list(
        Recipient.objects.filter(
            principal=principal, recommendation__in=visible.exclude(status=Recommendation.Status.DRAFT)
        )
        .select_related("recommendation__body", "current_response")
        .order_by("-recommendation__deadline", "-recommendation__pk")
    )


INBOX_ANSWERED_SHOWN = 20
# What a row of the inbox (and of "Mina uppgifter") shows: the recommendation's title, deadline
# and body, the principal, and the current answer's cell. Not the recommendation's question,
# background and condition, nor the invitations: long texts read for nothing, 50 rows a page.
INBOX_FIELDS = (
    "id",
    "recommendation_id",
    "principal_id",
    "current_response_id",
    "recommendation__id",
    "recommendation__title",
    "recommendation__deadline",
    "recommendation__status",
    "recommendation__body_id",
    "recommendation__body__id",
    "recommendation__body__key",
    "recommendation__body__name",
    "principal__id",
    "principal__key",
    "principal__name",
)
INBOX_ANSWER_FIELDS = (
    "current_response__id",
    "current_response__answer",
    "current_response__late",
    "current_response__via",
)


@dataclass
class Inbox:
    """A registrar's open recommendations in three parts: `to_answer` (not answered, deadline
    ahead: the nearest deadline first), `expired` (not answered, deadline passed: a late answer
    is still accepted; the most recently passed first) and `answered` (the latest deadline
    first; only the latest INBOX_ANSWERED_SHOWN of them, `answered_total` in all: the rest are on
    each principal's page, which lists every recommendation it was asked)."""

    to_answer: list[Recipient] = field(default_factory=list)
    expired: list[Recipient] = field(default_factory=list)
    answered: list[Recipient] = field(default_factory=list)
    answered_total: int = 0

    def __len__(self) -> int:
        return len(self.to_answer) + len(self.expired) + self.answered_total


def registrar_inbox(
    user: Any, today: datetime.date | None = None, *, answered_shown: int = INBOX_ANSWERED_SHOWN
) -> Inbox:
    """The registrar's inbox, sorted by deadline, with answered and expired apart. What is not
    answered is the open work and is all there; of the answered, which only grow with the years,
    the latest `answered_shown` (0: none, only their number). Two queries, three when more are
    answered than shown."""
    inbox = Inbox()
    if not user.is_authenticated:
        return inbox
    today = today or timezone.localdate()
    mine = Recipient.objects.filter(principal__registrars=user, recommendation__status=Recommendation.Status.SENT)
    open_rows = (
        mine.filter(current_response__isnull=True)
        .select_related("recommendation__body", "principal")
        .only(*INBOX_FIELDS)
        .order_by("recommendation__deadline", "recommendation__pk", "principal__name")
    )
    for recipient in open_rows:
        recipient.current_response = None  # known: saves a query per row in the templates
        if recipient.recommendation.deadline < today:
            inbox.expired.append(recipient)
        else:
            inbox.to_answer.append(recipient)
    inbox.expired.reverse()
    answered = mine.filter(current_response__isnull=False)
    if answered_shown:
        inbox.answered = list(
            answered.select_related("recommendation__body", "principal", "current_response")
            .only(*INBOX_FIELDS, *INBOX_ANSWER_FIELDS)
            .order_by("-recommendation__deadline", "-recommendation__pk", "-principal__name")[:answered_shown]
        )
    shown_all = answered_shown and len(inbox.answered) < answered_shown
    inbox.answered_total = len(inbox.answered) if shown_all else answered.count()
    return inbox


def principals_of(registrar: Any) -> list[Principal]:
    """The principals the user registers answers for, by name."""
    return list(Principal.objects.filter(registrars=registrar).order_by("name"))


def deadline_passed(recommendation: Recommendation, today: datetime.date) -> bool:
    return today > recommendation.deadline


def outcome_of(recommendation: Recommendation) -> outcomes.Outcome:
    """The outcome now, from the current answers (outcomes_of: one query, two for the population
    rule); a ValueError when the population rule lacks a figure."""
    result = outcomes_of([recommendation])[recommendation.pk]
    if result is None:
        raise ValueError("The population rule needs every recipient's population.")
    return result
