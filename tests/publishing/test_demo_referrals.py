"""The demo's recommendations (samverkan/publishing/demo_referrals.py), loaded on both example
structures and the demo meetings: seeds 000 (VästKom's board), 001 (SRO) and 002 (Västerbotten).

The data is built once for the module, inside a transaction rolled back at the end; each test
runs in a savepoint within it."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Model
from django.test import Client
from django.utils import timezone

from samverkan.core.models import AuditEvent
from samverkan.followup import selectors as followup_selectors
from samverkan.followup.models import DecisionPoint, Goal, GoalReport, Project, Risk, RiskAssessment
from samverkan.publishing.demo_followup import load_demo_followup
from samverkan.publishing.demo_meetings import load_demo_meetings
from samverkan.publishing.demo_referrals import STOCKHOLM, find_item, load_demo_referrals
from samverkan.referrals import outcome, selectors, services
from samverkan.referrals.models import Recipient, Recommendation, Response
from samverkan.structure.models import Body

pytestmark = pytest.mark.django_db

COUNTED: list[type[Model]] = [
    Recommendation,
    Recipient,
    Response,
    Project,
    DecisionPoint,
    Goal,
    Risk,
    RiskAssessment,
    GoalReport,
    AuditEvent,
]

MENTAL_HEALTH = "Länssamverkan inom området psykisk hälsa 2019–2020"
CONSULTATION = "Remiss: Förslag till samverkansavtal digitala hjälpmedel"
DIGITAL_AIDS = "Samverkansavtal digitala hjälpmedel"
OPEN_DEMO = "Demo: Gemensam riktlinje för läkemedelsgenomgångar"
MAIN_POINTS = "Huvudpunkter i förslaget till samverkansstruktur för vård och omsorg"
DIRECTIVE = "Direktiv för implementeringsprojektet för ny samverkansstruktur"


def counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in COUNTED}


@dataclass
class Demo:
    first: list[str]
    second: list[str]
    after_first: dict[str, int]
    after_second: dict[str, int]
    today: datetime.date


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Demo]:
    with django_db_blocker.unblock(), transaction.atomic():
        for name in ["vastra-gotaland.yaml", "vasterbotten.yaml"]:
            call_command("load", "structure", str(Path(settings.BASE_DIR) / "examples" / name), stdout=StringIO())
        actor = get_user_model().objects.create_user(username="admin", is_staff=True, is_superuser=True)
        load_demo_meetings(actor=actor)
        first = load_demo_referrals(actor=actor) + load_demo_followup(actor=actor)
        after_first = counts()
        second = load_demo_referrals(actor=actor) + load_demo_followup(actor=actor)
        yield Demo(first, second, after_first, counts(), timezone.localdate())
        transaction.set_rollback(True)


def rec(title: str) -> Recommendation:
    return Recommendation.objects.select_related("body", "agenda_item__meeting").get(title=title)


def answers_by_key(recommendation: Recommendation) -> dict[str, Response | None]:
    return {
        r.principal.key: r.current_response
        for r in Recipient.objects.filter(recommendation=recommendation).select_related("principal", "current_response")
    }


def test_running_it_again_adds_nothing(demo: Demo) -> None:
    assert demo.after_second == demo.after_first
    assert all("already there" in line for line in demo.second), demo.second
    assert not any("already there" in line for line in demo.first), demo.first
    assert demo.after_first["Recommendation"] == 6
    assert demo.after_first["DecisionPoint"] == 5
    assert demo.after_first["Goal"] == 10
    assert demo.after_first["Risk"] == demo.after_first["RiskAssessment"] == 3


def test_the_directives_risks_are_there_not_assessed(demo: Demo) -> None:
    """Seed 002's "Övergripande risker", word for word; the directive gives no likelihood or
    consequence, so they are left unassessed rather than invented."""
    risks = list(Risk.objects.filter(project__key="vb-implementering-samverkansstruktur").order_by("position"))
    assert [r.title for r in risks] == [
        "Bristande delaktighet från någon eller några av huvudmännen",
        "Tidsbrist hos medverkande i projektet",
        "Otillräcklig information",
    ]
    assert risks[0].description == "Några av huvudmännen utser inte kontaktpersoner eller medarbetare i projektet"
    assert {(r.likelihood, r.consequence, r.status) for r in risks} == {(None, None, "open")}


def test_vastkoms_goal_fulfilment_2019_is_published_from_seed_003(demo: Demo) -> None:
    report = GoalReport.objects.get()
    assert (report.body.key, report.principal and report.principal.key, report.year) == (
        "vastkom-styrelse",
        "vastkom",
        2019,
    )
    assert (report.title, report.status) == ("Måluppfyllnad 2019", "published")
    assert report.introduction.startswith("Det regionala arbetet har fokuserat på nationella uppdrag")
    assert [s.heading for s in report.sections.order_by("position")] == ["Särskilt omnämnande", "Resurser"]
    page = Client().get(report.get_absolute_url()).content.decode()
    assert '"Arena för utveckling i en digital tid"' in page.replace("&quot;", '"')
    assert "Fyrbodal (en)" in page


def test_recipients_of_each_recommendation(demo: Demo) -> None:
    recipients = {
        title: Recipient.objects.filter(recommendation__title=title).count()
        for title in [MENTAL_HEALTH, CONSULTATION, DIGITAL_AIDS, OPEN_DEMO, MAIN_POINTS, DIRECTIVE]
    }
    assert recipients == {
        MENTAL_HEALTH: 49,
        CONSULTATION: 50,
        DIGITAL_AIDS: 50,
        OPEN_DEMO: 50,
        MAIN_POINTS: 16,
        DIRECTIVE: 16,
    }
    assert "vgr" not in answers_by_key(rec(MENTAL_HEALTH))
    assert "vgr" in answers_by_key(rec(DIGITAL_AIDS))
    assert "kungsbacka" not in answers_by_key(rec(DIGITAL_AIDS))  # a GR member, but not in the county
    assert "region-vasterbotten" in answers_by_key(rec(DIRECTIVE))
    assert all(r.status == Recommendation.Status.SENT for r in Recommendation.objects.all())


def test_outcome_of_each_recommendation(demo: Demo) -> None:
    def summary(title: str) -> tuple[str, int, int, int, int]:
        result = selectors.outcome_of(rec(title))
        return (result.status, result.approved, result.rejected, result.written, result.pending)

    assert summary(MENTAL_HEALTH) == (outcome.ADOPTED_FOR, 46, 1, 0, 2)
    assert summary(CONSULTATION) == (outcome.PENDING, 0, 0, 6, 44)
    # Two rejections: under "all must approve" it is not adopted, whatever the rest answer.
    assert summary(DIGITAL_AIDS) == (outcome.NOT_ADOPTED, 44, 2, 0, 4)
    assert summary(OPEN_DEMO) == (outcome.PENDING, 0, 0, 0, 50)
    assert summary(MAIN_POINTS) == (outcome.PENDING, 13, 0, 0, 3)
    assert summary(DIRECTIVE) == (outcome.ADOPTED, 16, 0, 0, 0)


def test_every_answer_is_demo_data_and_plausible(demo: Demo) -> None:
    responses = list(Response.objects.select_related("recipient__recommendation", "recipient__principal"))
    assert len(responses) == 46 + 1 + 6 + 44 + 2 + 13 + 16
    assert {r.via for r in responses} == {Response.Via.DEMO}
    assert all(r.is_demo for r in responses)
    for r in responses:
        assert r.decided_on is not None
        assert r.decided_on <= r.answered_at.astimezone(STOCKHOLM).date(), r
        assert r.decided_on.weekday() < 5, r
        assert r.decided_by and r.decided_by_name, r
        assert r.paragraph == "" or re.fullmatch(r"§ \d+", r.paragraph), r
        assert r.recipient.recommendation.sent_at is not None
        assert r.answered_at > r.recipient.recommendation.sent_at, r
        assert r.late == (r.answered_at.astimezone(STOCKHOLM).date() > r.recipient.recommendation.deadline)
    late = sorted((r.recipient.recommendation.title, r.recipient.principal.key) for r in responses if r.late)
    assert late == [(MENTAL_HEALTH, "herrljunga"), (MENTAL_HEALTH, "lysekil"), (DIGITAL_AIDS, "mark")]
    bodies = {(r.decided_by, r.decided_by_name) for r in responses}
    assert ("council", "Kommunfullmäktige") in bodies
    assert ("executive", "Kommunstyrelsen") in bodies
    assert ("executive", "Regionstyrelsen") in bodies
    assert ("executive", "Landstingsstyrelsen") in bodies
    # Each answer is in the audit trail, made by the admin through the demo.
    audited = AuditEvent.objects.filter(target_type__model="response", action="create")
    assert audited.count() == len(responses)
    assert set(audited.values_list("actor_label", "source")) == {("admin", "cli:demo")}


def test_every_question_reads_as_a_recommendation_without_the_forms_placeholder(demo: Demo) -> None:
    """The seeds' forms say "X kommun ställer sig bakom ...": the demo shows what the body recommends
    (a consultation asks for views instead)."""
    decisions = Recommendation.objects.filter(kind=Recommendation.Kind.DECISION)
    questions = list(decisions.values_list("question", flat=True))
    assert len(questions) >= 4
    assert all(" rekommenderar " in q and not q.startswith("X ") for q in questions), questions


def test_the_mental_health_stance_of_seed_000(demo: Demo) -> None:
    recommendation = rec(MENTAL_HEALTH)
    assert recommendation.body.key == "vastkom-styrelse"
    assert recommendation.question == (
        "VästKoms styrelse rekommenderar kommunerna att ställa sig bakom länssamverkan inom området psykisk hälsa "
        "2019–2020 enligt förslaget."
    )
    assert recommendation.condition == (
        "under förutsättning att regeringen fattar erforderliga beslut om överenskommelser om psykisk hälsa "
        "2019 och 2020"
    )
    assert recommendation.rule == Recommendation.Rule.APPROVERS
    assert recommendation.kind == Recommendation.Kind.DECISION
    # The seed's "senast 2018-01-31" is read as 2019-01-31.
    assert recommendation.deadline == datetime.date(2019, 1, 31)
    assert recommendation.sent_at is not None
    assert recommendation.sent_at.astimezone(STOCKHOLM).date() == datetime.date(2018, 12, 18)
    item = recommendation.agenda_item
    assert item is not None
    assert (item.position, item.title) == (4, "Information om projekt Psykisk hälsa 2019-2020")
    assert item.meeting.start == datetime.datetime(2018, 12, 17, 17, 30, tzinfo=STOCKHOLM)
    answers = answers_by_key(recommendation)
    conditional = [k for k, a in answers.items() if a and a.answer == Response.Answer.APPROVED_WITH_CONDITION]
    assert conditional == ["tjorn"]
    assert answers["tjorn"] is not None and answers["tjorn"].condition
    assert all(r.invited_at == recommendation.sent_at for r in recommendation.recipients.all())


def test_the_digital_aids_agreement_of_seed_001(demo: Demo) -> None:
    recommendation = rec(DIGITAL_AIDS)
    assert recommendation.body.key == "sro"
    assert recommendation.question == (
        "SRO rekommenderar respektive huvudman att ställa sig bakom förslaget till samverkansavtal för digitala "
        "hjälpmedel och att besluta i enlighet med förslaget."
    )
    assert recommendation.rule == Recommendation.Rule.ALL
    assert recommendation.deadline == datetime.date(2022, 9, 30)
    assert recommendation.sent_at is not None
    assert recommendation.sent_at.astimezone(STOCKHOLM).date() == datetime.date(2022, 5, 2)
    item = recommendation.agenda_item
    assert item is not None
    assert (item.position, item.title) == (10, "Förslag till samverkansavtal digitala hjälpmedel")
    assert item.meeting.body.key == "sro"
    answers = answers_by_key(recommendation)
    assert answers["goteborg"] is None  # waiting for the demo registrar
    assert sorted(k for k, a in answers.items() if a is None) == ["essunga", "goteborg", "orust", "ulricehamn"]
    assert sorted(k for k, a in answers.items() if a and a.answer == Response.Answer.REJECTED) == [
        "karlsborg",
        "tanum",
    ]
    vanersborg = answers["vanersborg"]
    assert vanersborg is not None and vanersborg.answer == Response.Answer.APPROVED_WITH_CONDITION
    vgr = answers["vgr"]
    assert vgr is not None and (vgr.answer, vgr.decided_by_name) == (Response.Answer.APPROVED, "Regionstyrelsen")


def test_the_consultation_before_it(demo: Demo) -> None:
    consultation = rec(CONSULTATION)
    assert consultation.kind == Recommendation.Kind.CONSULTATION
    assert consultation.body.key == "sro"
    assert consultation.sent_at is not None
    assert consultation.sent_at.astimezone(STOCKHOLM).date() == datetime.date(2022, 1, 19)
    assert consultation.deadline == datetime.date(2022, 4, 18)
    written = {k: a for k, a in answers_by_key(consultation).items() if a is not None}
    assert sorted(written) == ["alingsas", "boras", "lidkoping", "skovde", "trollhattan", "vgr"]
    assert all(a.answer == Response.Answer.WRITTEN and a.text and not a.late for a in written.values())


def test_the_open_demo_recommendation_can_be_answered(demo: Demo) -> None:
    recommendation = rec(OPEN_DEMO)
    assert recommendation.body.key == "sro"
    assert recommendation.deadline == demo.today + datetime.timedelta(days=60)
    assert "påhittad" in recommendation.background
    assert recommendation.links_expire > demo.today
    goteborg = recommendation.recipients.get(principal__key="goteborg")
    recorded = services.response_record(
        actor=None, recipient=goteborg, answer=Response.Answer.APPROVED, via=Response.Via.LINK
    )
    assert recorded.created and not recorded.response.late


def test_the_vasterbotten_recommendations_of_seed_002(demo: Demo) -> None:
    main_points, directive = rec(MAIN_POINTS), rec(DIRECTIVE)
    for recommendation in (main_points, directive):
        assert recommendation.body.key == "vb-styrgrupp-regionkommun"
        assert recommendation.rule == Recommendation.Rule.ALL
        assert recommendation.deadline == datetime.date(2018, 11, 30)
    assert main_points.question.startswith(
        "Styrgruppen rekommenderar länets kommuner och Västerbottens läns landsting att besluta att anta huvudpunkterna"
    )
    assert "godkänna förslaget till direktiv för det implementeringsprojekt" in directive.question
    waiting = sorted(k for k, a in answers_by_key(main_points).items() if a is None)
    assert waiting == ["dorotea", "sorsele", "storuman"]
    region = answers_by_key(directive)["region-vasterbotten"]
    assert region is not None and region.decided_by_name == "Landstingsstyrelsen"


def test_the_project_bp1_is_reached_through_the_directive_bp2_is_not(demo: Demo) -> None:
    project, points = followup_selectors.project_page("vb-implementering-samverkansstruktur")
    assert project.name == "Implementering av ny samverkansstruktur"
    assert project.body is not None and project.body.key == "ac-konsensus"
    by_code = {status.point.code: status for status in points}
    assert list(by_code) == ["BP1", "BP2", "BP3", "BP4", "BP5"]
    bp1 = by_code["BP1"]
    assert bp1.point.planned == "Hösten 2018"
    assert bp1.point.title == "Fastställa projektdirektivet och därigenom starta projektet"
    assert "beslut hos samtliga kommuner i Västerbotten (15 st) samt landstinget" in bp1.point.requirement
    assert bp1.point.recommendation is not None and bp1.point.recommendation.title == DIRECTIVE
    assert bp1.reached
    assert bp1.outcome is not None and bp1.outcome.status == outcome.ADOPTED
    for code in ["BP2", "BP4", "BP5"]:
        assert by_code[code].point.recommendation is None
        assert by_code[code].point.requirement == "Styrgruppens beslut"
        assert not by_code[code].reached
    assert by_code["BP2"].point.planned == "Januari 2019"
    # The directive has no BP3: the demo's says so, and is neither planned nor reached.
    bp3 = by_code["BP3"]
    assert (bp3.point.title, bp3.point.planned, bp3.reached) == (
        "Beslutspunkt 3 anges inte i projektdirektivet",
        "",
        False,
    )


def test_the_projects_goals_and_their_traces_are_the_directives(demo: Demo) -> None:
    project = Project.objects.get(key="vb-implementering-samverkansstruktur")
    levels = {level.level: level.goals for level in followup_selectors.goal_levels(project)}
    assert [g.code for g in levels["effect"]] == ["E1", "E2", "E3", "E4", "E5"]
    assert [g.code for g in levels["project"]] == ["P1", "P2", "P3", "P4", "P5"]
    e1 = levels["effect"][0]
    assert (e1.text, e1.reference_value) == (
        "En större kontinuitet i samverkan",
        "En känsla av otydlighet och omstarter",
    )
    assert e1.target == (
        "Minst 75 % av 60 intervjuade personer i samverkansstrukturen anser att kontinuiteten i samverkan är "
        "tillfredsställande"
    )
    traces = {g.code: [t.code for t in g.contributes_to.all()] for g in levels["project"]}
    assert traces == {"P1": ["E3"], "P2": ["E1", "E5"], "P3": ["E3"], "P4": ["E1"], "P5": ["E1", "E2", "E3"]}
    reached_through = {g.code: [t.code for t in g.reached_through.all()] for g in levels["effect"]}
    assert reached_through == {
        "E1": ["P2", "P4", "P5"],
        "E2": ["P5"],
        "E3": ["P1", "P3", "P5"],
        "E4": [],
        "E5": ["P2"],
    }


def test_the_item_is_found_by_day_and_title_else_number(demo: Demo) -> None:
    sro = Body.objects.get(key="sro")
    at_ten = rec(DIGITAL_AIDS).agenda_item
    # Another time of the same day (an imported meeting's time may be missing): the same item.
    midnight = datetime.datetime(2022, 4, 28, tzinfo=STOCKHOLM)
    assert find_item(sro, midnight, title_contains="Samverkansavtal, digitala hjälpmedel!") == at_ten
    assert find_item(sro, midnight, title_contains="not on the agenda", number=10) == at_ten
    assert find_item(sro, midnight, title_contains="not on the agenda") is None
    assert find_item(sro, midnight + datetime.timedelta(days=1), title_contains="digitala hjälpmedel") is None


def test_without_the_imported_meeting_seed_002_has_no_item(demo: Demo) -> None:
    # demo_meetings does not build Västerbotten's meeting; `samverkan demo` imports it
    # (tests/publishing/test_demo_import.py).
    assert rec(MAIN_POINTS).agenda_item is None
    assert rec(DIRECTIVE).agenda_item is None


def test_the_demo_survey_measures_the_effect_goals_with_demo_answers(demo: Demo) -> None:
    project = Project.objects.get(key="vb-implementering-samverkansstruktur")
    shares = followup_selectors.goal_shares(project)
    by_code = {g.code: shares[g.pk] for g in Goal.objects.filter(project=project, level="effect")}
    assert {code: (s.agreed, s.answered, s.invited) for code, s in by_code.items()} == {
        "E1": (45, 60, 60),
        "E2": (39, 60, 60),
        "E3": (48, 60, 60),
        "E4": (44, 58, 60),
        "E5": (42, 60, 60),
    }
    assert {code: s.status.code for code, s in by_code.items() if s.status} == {
        "E1": "reached",
        "E2": "not_reached",
        "E3": "reached",
        "E4": "reached",
        "E5": "not_reached",
    }
    assert all(s.demo for s in by_code.values())
    page = Client().get(project.get_absolute_url()).content.decode()
    assert "45 av 60 = 75\u00a0%" in page
    survey = project.surveys.get()
    assert survey.title.startswith("Demo:")
    assert "Demosvar." in Client().get(survey.get_absolute_url()).content.decode()
