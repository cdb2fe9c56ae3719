"""Query counts of the recommendation pages do not grow with the data: each page is measured,
its data doubled (more principals and more recommendations, with answers), and measured again.

The data is made with bulk_create (the services are tested elsewhere) so that the board of 50
principals x 100 recommendations, and then 100 x 200, is built in well under a second."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db.models import OuterRef, Subquery
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.followup.models import DecisionPoint, Project
from samverkan.referrals.models import Recipient, Recommendation, Reminder, Response
from samverkan.referrals.selectors import INBOX_ANSWERED_SHOWN
from samverkan.structure.models import Body, Population, Principal
from tests.support import Personas, assert_constant_queries, logged_in

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)
ANSWERS = ["approved", "rejected", "approved_with_condition", None]


@dataclass
class World:
    """Principals and sent recommendations made in bulk, every principal asked every
    recommendation made after it, most of them answered (some late, some demo, some twice)."""

    body: Body
    principals: list[Principal] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)

    def add_principals(self, count: int, *, registrar: Any = None) -> list[Principal]:
        year = timezone.localdate().year
        made = Principal.objects.bulk_create(
            [
                Principal(
                    key=f"q-{n}",
                    name=f"Kommun {n:05d}",
                    kind=Principal.Kind.REGION if n % 25 == 0 else Principal.Kind.MUNICIPALITY,
                )
                for n in (next(_numbers) for _ in range(count))
            ]
        )
        Population.objects.bulk_create(
            [
                Population(principal=p, year=y, reference_date=datetime.date(y, 12, 31), inhabitants=1000 + p.pk)
                for p in made
                for y in (year, year + 1)
            ]
        )
        if registrar is not None:
            registrar.registrar_of.add(*made)
        self.principals += made
        return made

    def add_recommendations(
        self, count: int, *, to: list[Principal] | None = None, history: bool = False, reminders: bool = False
    ) -> list[Recommendation]:
        """`count` sent recommendations to `to` (default: every principal so far), answered."""
        to = self.principals if to is None else to
        now = timezone.now()
        today = timezone.localdate()
        rules = ["all", "at_least", "population_share", "approvers"]
        made = Recommendation.objects.bulk_create(
            [
                Recommendation(
                    body=self.body,
                    title=f"Rekommendation {n}",
                    question="X kommun ställer sig bakom förslaget.",
                    kind="consultation" if n % 7 == 0 else "decision",
                    rule=rules[n % 4],
                    rule_count=1 if rules[n % 4] == "at_least" else None,
                    rule_share=50 if rules[n % 4] == "population_share" else None,
                    deadline=today + datetime.timedelta(days=10 + 40 * (n % 10)),
                    status=Recommendation.Status.SENT,
                    sent_at=now,
                    public=True,
                )
                for n in (next(_numbers) for _ in range(count))
            ]
        )
        recipients = Recipient.objects.bulk_create(
            [
                Recipient(recommendation_id=rec.pk, principal_id=p.pk, invited_at=now, invited_to="a@b.example")
                for rec in made
                for p in to
            ]
        )
        kinds = {rec.pk: rec.kind for rec in made}
        earlier = now - datetime.timedelta(days=2)
        responses = []
        for i, recipient in enumerate(recipients):
            value = ANSWERS[i % len(ANSWERS)]
            if value is None:
                continue
            if kinds[recipient.recommendation_id] == "consultation":
                value = "written"
            if history:
                responses.append(
                    Response(recipient_id=recipient.pk, answer="rejected", answered_at=earlier, via="link")
                )
            responses.append(
                Response(
                    recipient_id=recipient.pk,
                    answer=value,
                    condition="Om staten betalar." if value == "approved_with_condition" else "",
                    text="Vårt svar." if value == "written" else "",
                    decided_on=today,
                    decided_by="council",
                    paragraph=f"§ {i}",
                    extract=f"extracts/2026/utdrag-{recipient.pk}.pdf" if i % 3 == 0 else "",
                    answered_at=now,
                    late=i % 5 == 0,
                    via="demo" if i % 6 == 0 else "link",
                )
            )
        Response.objects.bulk_create(responses)
        latest = Response.objects.filter(recipient=OuterRef("pk")).order_by("-answered_at", "-pk").values("pk")[:1]
        Recipient.objects.filter(recommendation__in=made).update(current_response=Subquery(latest))
        if reminders:
            Reminder.objects.bulk_create(
                [Reminder(recipient_id=r.pk, days_before=d, sent_at=now) for r in recipients for d in (14, 3)]
            )
        self.recommendations += made
        return made


@pytest.fixture
def world(personas: Personas) -> World:
    return World(body=personas.body)


@pytest.mark.parametrize("page", ["", "?page=5"])
def test_the_board_of_50_principals_and_100_recommendations(world: World, page: str) -> None:
    """25 principals asked 50 recommendations; then 25 more principals and 50 more
    recommendations to all 50: the board of 50 x 100, shown 20 recommendations a page (the
    first page, or the last)."""
    world.add_principals(25)
    world.add_recommendations(50)

    def double(_n: int) -> None:
        world.add_principals(25)
        world.add_recommendations(50)

    def cells(response: Any) -> int:
        result = response.context["board"]
        return result.page.paginator.count + len(result.principals) * len(result.recommendations) + len(result.cells)

    response = Client().get(reverse("referrals:board") + page)
    assert response.context["board"].page.paginator.num_pages == 3
    count, shown = assert_constant_queries(
        reverse("referrals:board") + page, double, cells, client=Client(), grow_first=False
    )
    # 100 recommendations; a page of 20 to the 50 principals, half of them sent to 25 only (on
    # every deadline the second batch comes first, having the higher ids).
    assert shown == 100 + 50 * 20 + (10 * 50 + 10 * 25)
    # The body filter's choices, the count, the page of recommendations, their recipients with
    # answers and principals, populations.
    assert count == 5


@pytest.mark.parametrize(
    "query", ["?principal_kind=municipality&open_only=on", "?body=testorgan&kind=decision", "?year=1"]
)
def test_the_filtered_board(world: World, query: str) -> None:
    world.add_principals(10)
    world.add_recommendations(10)

    def double(_n: int) -> None:
        world.add_principals(10)
        world.add_recommendations(10)

    def shown(response: Any) -> int:
        return len(response.context["board"].cells)

    if query == "?year=1":  # next year's deadlines
        query = f"?year={timezone.localdate().year + 1}"
    assert_constant_queries(reverse("referrals:board") + query, double, shown, client=Client(), grow_first=False)


@pytest.mark.parametrize("export", ["referrals:board_csv", "referrals:board_xlsx"])
def test_the_exports(world: World, export: str) -> None:
    world.add_principals(5)
    world.add_recommendations(5)

    def double(_n: int) -> None:
        world.add_principals(5)
        world.add_recommendations(5)

    assert_constant_queries(reverse(export), double, lambda r: len(r.content), client=Client(), grow_first=False)


def test_the_board_of_a_registrar(personas: Personas, world: World) -> None:
    """A logged-in user also sees the recommendations not marked public their principals were asked."""
    world.add_principals(5, registrar=personas.registrar)
    world.add_recommendations(5)

    def double(_n: int) -> None:
        world.add_principals(5, registrar=personas.registrar)
        made = world.add_recommendations(5)
        Recommendation.objects.filter(pk__in=[r.pk for r in made[:2]]).update(public=False)

    def cells(response: Any) -> int:
        return len(response.context["board"].cells)

    assert_constant_queries(
        reverse("referrals:board"), double, cells, client=logged_in(personas.registrar), grow_first=False
    )


@pytest.mark.parametrize("persona", ["anonymous", "secretary"])
def test_the_status_page(personas: Personas, world: World, persona: str) -> None:
    principals = world.add_principals(20)
    rec = world.add_recommendations(1, history=True, reminders=True)[0]
    Recommendation.objects.filter(pk=rec.pk).update(rule="population_share", rule_share=50)

    def double(_n: int) -> None:
        more = world.add_principals(20)
        now = timezone.now()
        new = Recipient.objects.bulk_create([Recipient(recommendation=rec, principal=p, invited_at=now) for p in more])
        Response.objects.bulk_create(
            [
                Response(recipient=r, answer=a, answered_at=now - datetime.timedelta(days=d), via="link", late=True)
                for r in new[::2]
                for a, d in (("rejected", 2), ("approved", 1))
            ]
        )
        latest = Response.objects.filter(recipient=OuterRef("pk")).order_by("-answered_at").values("pk")[:1]
        Recipient.objects.filter(pk__in=[r.pk for r in new]).update(current_response=Subquery(latest))
        Reminder.objects.bulk_create([Reminder(recipient=r, days_before=3, sent_at=now) for r in new])

    def recipients(response: Any) -> int:
        return len(response.context["recipients"])

    client = Client() if persona == "anonymous" else logged_in(personas.secretary)
    _count, shown = assert_constant_queries(rec.get_absolute_url(), double, recipients, client=client, grow_first=False)
    assert shown == 2 * len(principals)


def test_the_status_page_of_a_draft_with_missing_populations(personas: Personas, world: World) -> None:
    world.add_principals(5)
    rec = world.add_recommendations(1)[0]
    Recommendation.objects.filter(pk=rec.pk).update(
        status="draft", rule="population_share", rule_share=50, kind="decision", population_year=1990
    )

    def double(_n: int) -> None:
        more = world.add_principals(5)
        Recipient.objects.bulk_create([Recipient(recommendation=rec, principal=p) for p in more])

    def missing(response: Any) -> int:
        return len(response.context["missing_population"])

    assert_constant_queries(
        rec.get_absolute_url(), double, missing, client=logged_in(personas.secretary), grow_first=False
    )


def test_the_principal_pages_decisions(personas: Personas, world: World) -> None:
    world.principals = [personas.principal]
    world.add_recommendations(10)

    def double(_n: int) -> None:
        world.add_recommendations(10)

    def decisions(response: Any) -> int:
        return response.content.decode().count('href="/rekommendationer/')

    assert_constant_queries(personas.principal.get_absolute_url(), double, decisions, client=Client(), grow_first=False)
    assert_constant_queries(
        personas.principal.get_absolute_url(), double, decisions, client=logged_in(personas.registrar), grow_first=False
    )


@pytest.mark.parametrize("persona", ["anonymous", "secretary", "member"])
def test_the_list(personas: Personas, world: World, persona: str) -> None:
    world.add_principals(3)
    world.add_recommendations(10)

    def double(_n: int) -> None:
        world.add_principals(3)
        made = world.add_recommendations(10)
        Recommendation.objects.filter(pk__in=[r.pk for r in made[:3]]).update(public=False)
        Recommendation.objects.filter(pk__in=[r.pk for r in made[3:5]]).update(status="draft")

    def rows(response: Any) -> int:
        return len(response.context["recommendations"])

    client = Client() if persona == "anonymous" else logged_in(personas.user(persona))
    assert_constant_queries(reverse("referrals:list"), double, rows, client=client, grow_first=False)


def test_the_inbox(personas: Personas, world: World) -> None:
    world.add_principals(3, registrar=personas.registrar)
    world.add_recommendations(10)

    def double(_n: int) -> None:
        world.add_principals(3, registrar=personas.registrar)
        world.add_recommendations(10)

    def rows(response: Any) -> int:
        return len(response.context["recipients"])

    assert_constant_queries(
        reverse("referrals:inbox"), double, rows, client=logged_in(personas.registrar), grow_first=False
    )


def test_the_answer_page(personas: Personas, world: World) -> None:
    world.principals = [personas.principal]
    rec = world.add_recommendations(1)[0]
    recipient = Recipient.objects.get(recommendation=rec)
    url = reverse("referrals:answer", kwargs={"pk": recipient.pk})

    def double(_n: int) -> None:
        now = timezone.now()
        Response.objects.bulk_create(
            [Response(recipient=recipient, answer="rejected", answered_at=now, via="link") for _ in range(5)]
        )

    def history(response: Any) -> int:
        return len(response.context["history"])

    assert_constant_queries(url, double, history, client=logged_in(personas.registrar), grow_first=False)


def test_the_project_page(personas: Personas, world: World) -> None:
    project = Project.objects.create(key="projektet", name="Projektet", body=personas.body)
    world.add_principals(10)
    positions = itertools.count(1)

    def add_points(count: int) -> None:
        for rec in world.add_recommendations(count):
            n = next(positions)
            DecisionPoint.objects.create(
                project=project, code=f"BP{n}", title=f"Punkt {n}", recommendation=rec, position=n
            )
        n = next(positions)
        DecisionPoint.objects.create(project=project, code=f"BP{n}", title="Utan rekommendation", position=n)

    def double(_n: int) -> None:
        world.add_principals(10)
        add_points(4)

    def points(response: Any) -> int:
        return sum(s.outcome.total if s.outcome else 1 for s in response.context["points"])

    # Eight points from the start: at least one of them is a decision under the population rule, so
    # the populations are read at N as at 2N (which rule comes first depends on what the world made before).
    add_points(8)
    count, _shown = assert_constant_queries(
        project.get_absolute_url(), double, points, client=Client(), grow_first=False
    )
    assert (
        count <= 9
    )  # the page also shows the goals with their traces, surveys, indicators, and the risks with their assessments
    assert_constant_queries(
        reverse("followup:project_list"), lambda _n: add_project(), count_projects, client=Client(), grow_first=False
    )


def add_project() -> None:
    n = next(_numbers)
    Project.objects.create(key=f"projekt-{n}", name=f"Projekt {n}", body=Body.objects.first())


def count_projects(response: Any) -> int:
    return len(response.context["projects"])


def test_the_inbox_shows_the_latest_answered_and_points_to_the_rest(personas: Personas, world: World) -> None:
    """The answered only grow with the years: the inbox shows the latest and says where the rest
    are (the principal's page), while everything not yet answered stays."""
    world.add_principals(1, registrar=personas.registrar)
    world.add_recommendations(30)
    mine = Recipient.objects.filter(principal__registrars=personas.registrar)
    answered = mine.filter(current_response__isnull=False).count()
    open_ = mine.filter(current_response__isnull=True).count()
    assert answered > INBOX_ANSWERED_SHOWN
    page = logged_in(personas.registrar).get(reverse("referrals:inbox"))
    shown = page.context["parts"][2][2]
    assert len(shown) == INBOX_ANSWERED_SHOWN
    assert len(page.context["recipients"]) == open_ + INBOX_ANSWERED_SHOWN
    latest = mine.filter(current_response__isnull=False).order_by("-recommendation__deadline", "-recommendation__pk")
    assert [r.pk for r in shown] == [r.pk for r in latest[:INBOX_ANSWERED_SHOWN]]
    text = " ".join(page.content.decode().split())
    assert f"{answered} besvarade" in text
    assert f"De senaste {INBOX_ANSWERED_SHOWN} av {answered} besvarade visas." in text
    assert f'href="{world.principals[-1].get_absolute_url()}"' in text
