"""Synthetic money (allocations, fees, budgets, funds) and follow-up (projects with goals,
decision points, indicators with values, surveys with answers), after the structure, meetings
and recommendations: so the benchmark measures the money and follow-up pages on data of a
realistic size. Deterministic like the rest (its own `random.Random` per part, the fixed
calendar); written through the generator's Writer (COPY on PostgreSQL)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.utils.text import slugify

from samverkan.finance.models import Allocation, Budget, BudgetLine, FeePayer, FeeSchedule, Fund, FundYear
from samverkan.followup.models import (
    AnswerCount,
    DecisionPoint,
    Goal,
    GoalReport,
    Indicator,
    IndicatorValue,
    Project,
    Question,
    ReportSection,
    Survey,
)
from samverkan.referrals.models import Recommendation
from samverkan.synthetic.scales import REFERENCE_DAY

YEARS = range(2017, REFERENCE_DAY.year + 1)
FUND_UNTIL = REFERENCE_DAY.year + 4
TOPICS = (
    "psykisk hälsa",
    "barn och unga",
    "äldreomsorg",
    "e-hälsa",
    "missbruk och beroende",
    "hemsjukvård",
    "funktionsnedsättning",
    "socialtjänst",
    "vårdsamverkan",
    "kompetensförsörjning",
)
BUDGET_LINES = (
    ("100", "Intäkter", "Medlemsavgifter"),
    ("100", "Intäkter", "Statsbidrag"),
    ("100", "Intäkter", "Projektmedel"),
    ("100", "Intäkter", "Övriga intäkter"),
    ("200", "Personal", "Löner"),
    ("200", "Personal", "Sociala avgifter"),
    ("200", "Personal", "Kompetensutveckling"),
    ("300", "Verksamhet", "Lokaler"),
    ("300", "Verksamhet", "IT och system"),
    ("300", "Verksamhet", "Konferenser"),
    ("300", "Verksamhet", "Resor"),
    ("300", "Verksamhet", "Konsulttjänster"),
    ("400", "Utvecklingsarbete", "Nätverk och samverkan"),
    ("400", "Utvecklingsarbete", "Utvärdering"),
    ("400", "Utvecklingsarbete", "Kommunikation"),
    ("500", "Övrigt", "Oförutsett"),
)
GOAL_LEVELS = (Goal.Level.OVERALL, Goal.Level.EFFECT, Goal.Level.EFFECT, Goal.Level.PROJECT, Goal.Level.PROJECT)
QUESTIONS = (
    "Anser du att samverkan mellan huvudmännen fungerar väl?",
    "Har du fått den information du behöver?",
    "Känner du till målen för arbetet?",
    "Upplever du att arbetet har gjort skillnad för invånarna?",
    "Är kontinuiteten i samverkan tillfredsställande?",
    "Vill du att arbetet fortsätter efter projekttiden?",
    "Har mötesformerna fungerat?",
    "Är ansvarsfördelningen tydlig?",
)
REPORT_AREAS = ("Verksamhetens inriktning", "Särskilt omnämnande", "Resurser", "Resultat")
INDICATORS = (
    ("Andel brukare med genomförandeplan", "%", Indicator.Direction.INCREASE),
    ("Väntetid till första besök", "dagar", Indicator.Direction.DECREASE),
    ("Antal deltagare i utbildning", "antal", Indicator.Direction.INCREASE),
    ("Andel återinskrivningar inom 30 dagar", "%", Indicator.Direction.DECREASE),
    ("Antal samordnade individuella planer", "antal", Indicator.Direction.INCREASE),
)


# The length of a project's key (followup.Project.key's max_length; tests/synthetic holds them equal).
PROJECT_KEY_LENGTH = 60


class MoneyAndFollowup:
    def __init__(self, gen: Any) -> None:
        """`gen`: the running `generator.Generator` (its writer, seed, regions, associations and
        body plans); not imported here, since the generator imports this module."""
        self.gen = gen
        self.w = gen.writer
        self.keys: set[str] = set()

    def _key(self, text: str, length: int = 70) -> str:
        """A key no other row of this run has, at most `length` characters: a number is put
        after a taken one within the length (cutting after numbering made two projects of
        long body names one key at the national scale)."""
        base = slugify(text)[:length].strip("-")
        key, n = base, 1
        while key in self.keys:
            n += 1
            suffix = f"-{n}"
            key = base[: length - len(suffix)].rstrip("-") + suffix
        self.keys.add(key)
        return key

    def run(self) -> None:
        self.allocations()
        self.fees_budgets_and_funds()
        self.followup()

    # --- money ---------------------------------------------------------------------------------

    def allocations(self) -> None:
        """Two allocations per region and year among its municipalities (every second with the
        region's two thirds as co-financier)."""
        rng = random.Random(f"{self.gen.seed}/allocations")  # noqa: S311
        rows: list[Allocation] = []
        links: list[object] = []
        through = Allocation.principals.through
        bodies = [plan.body for plan in self.gen.plans]
        for region in self.gen.regions:
            municipalities = self.gen.region_municipalities[region.pk]
            for year in YEARS:
                for n in range(2):
                    topic = rng.choice(TOPICS)
                    title = f"Fördelning av statsbidrag för {topic} {year}"
                    allocation = Allocation(
                        id=self.gen._id(Allocation),
                        key=self._key(f"{region.key}-{topic}-{year}-{n}"),
                        title=title,
                        description=f"Statsbidraget för {topic} fördelas efter befolkningen den 31 december.",
                        year=year,
                        amount=rng.randint(500, 20_000) * 1_000_00,
                        direction=Allocation.Direction.RECEIVE if n == 0 else Allocation.Direction.PAY,
                        population_date=datetime.date(year - 1, 12, 31),
                        co_financier_id=region.pk if n == 1 else None,
                        co_financier_numerator=2 if n == 1 else 0,
                        co_financier_denominator=3 if n == 1 else 1,
                        body=rng.choice(bodies),
                        decision=f"Beslut {year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}, § {rng.randint(1, 30)}",
                    )
                    rows.append(allocation)
                    links += [
                        through(id=self.gen._id(through), allocation_id=allocation.id, principal_id=m.pk)
                        for m in municipalities
                    ]
        self.w.write(Allocation, rows)
        self.w.write(through, links)

    def fees_budgets_and_funds(self) -> None:
        """Per municipal association: a fee per inhabitant each year paid by its members, a
        budget proposed and adopted each year with 16 lines, and one fund fed by the fee."""
        rng = random.Random(f"{self.gen.seed}/fees")  # noqa: S311
        fees: list[FeeSchedule] = []
        payers: list[FeePayer] = []
        budgets: list[Budget] = []
        lines: list[BudgetLine] = []
        funds: list[Fund] = []
        years: list[FundYear] = []
        bodies = [plan.body for plan in self.gen.plans]
        for association_id, members in self.gen.association_members.items():
            association = next(
                a for group in self.gen.region_associations.values() for a in group if a.pk == association_id
            )
            rate = rng.randint(5, 30) * 100
            last_fee: FeeSchedule | None = None
            for year in YEARS:
                fee = FeeSchedule(
                    id=self.gen._id(FeeSchedule),
                    key=self._key(f"medlemsavgift-{association.key}-{year}"),
                    title=f"Medlemsavgift {association.short_name or association.name} {year}",
                    year=year,
                    rate=rate + (year - 2017) * 10,
                    collector_id=association.pk,
                    population_date=datetime.date(year - 1, 11, 1),
                    body=rng.choice(bodies),
                    decision=f"Förbundsstämman {year - 1}-11-2{rng.randint(0, 9)}, § {rng.randint(1, 20)}",
                )
                fees.append(fee)
                payers += [FeePayer(id=self.gen._id(FeePayer), fee_id=fee.id, principal_id=m.pk) for m in members]
                last_fee = fee
                proposal = None
                for status in (Budget.Status.PROPOSED, Budget.Status.ADOPTED):
                    budget = Budget(
                        id=self.gen._id(Budget),
                        key=self._key(f"budget-{association.key}-{year}-{status}"),
                        title=f"Budget {year} för {association.name}" + (" (förslag)" if proposal is None else ""),
                        year=year,
                        organisation_id=association.pk,
                        body=rng.choice(bodies),
                        status=status,
                        adopted_by=f"Förbundsstyrelsen {year - 1}-12-1{rng.randint(0, 9)}, § 3"
                        if status == Budget.Status.ADOPTED
                        else "",
                        proposal_id=proposal,
                    )
                    budgets.append(budget)
                    proposal = budget.id
                    for position, (code, heading, name) in enumerate(BUDGET_LINES, start=1):
                        amount = rng.randint(50, 5_000) * 1_000_00
                        lines.append(
                            BudgetLine(
                                id=self.gen._id(BudgetLine),
                                budget_id=budget.id,
                                position=position,
                                code=code,
                                heading=heading,
                                name=name,
                                income=amount if code == "100" else 0,
                                cost=0 if code == "100" else amount,
                            )
                        )
            fund = Fund(
                id=self.gen._id(Fund),
                key=self._key(f"utvecklingsfond-{association.key}"),
                title=f"Utvecklingsfonden, {association.name}",
                description="Fonden byggs upp av medlemsavgiften och används till gemensamma utvecklingsprojekt.",
                organisation_id=association.pk,
                body=rng.choice(bodies),
                fee_id=last_fee.id if last_fee else None,
                project_until=FUND_UNTIL,
            )
            funds.append(fund)
            balance = rng.randint(1_000, 10_000) * 1_000_00
            for year in range(YEARS[0], FUND_UNTIL + 1):
                income = rng.randint(1_000, 4_000) * 1_000_00
                cost = rng.randint(800, 4_200) * 1_000_00
                closing = max(0, balance + income - cost)
                cost = balance + income - closing
                years.append(
                    FundYear(
                        id=self.gen._id(FundYear),
                        fund_id=fund.id,
                        year=year,
                        opening=balance,
                        income=income,
                        cost=cost,
                        closing=closing,
                        estimate=year >= REFERENCE_DAY.year,
                    )
                )
                balance = closing
        for model, rows in (
            (FeeSchedule, fees),
            (FeePayer, payers),
            (Budget, budgets),
            (BudgetLine, lines),
            (Fund, funds),
            (FundYear, years),
        ):
            self.w.write(model, rows)

    # --- follow-up -----------------------------------------------------------------------------

    def followup(self) -> None:
        """A project for every third body, steered by it: five goals, four decision points (two
        tied to the body's recommendations), five indicators with a value per half-year, and two
        surveys of eight questions with their answers."""
        rng = random.Random(f"{self.gen.seed}/followup")  # noqa: S311
        recs: dict[int, list[int]] = {}
        for body_id, pk in Recommendation.objects.filter(status=Recommendation.Status.SENT).values_list(
            "body_id", "pk"
        ):
            recs.setdefault(body_id, []).append(pk)
        projects: list[Project] = []
        points: list[DecisionPoint] = []
        goals: list[Goal] = []
        indicators: list[Indicator] = []
        values: list[IndicatorValue] = []
        surveys: list[Survey] = []
        questions: list[Question] = []
        counts: list[AnswerCount] = []
        for plan in self.gen.plans[::3]:
            topic = rng.choice(TOPICS)
            start = rng.randint(2018, 2024)
            project = Project(
                id=self.gen._id(Project),
                key=self._key(f"{topic}-{plan.body.key}", length=PROJECT_KEY_LENGTH),
                name=f"Utvecklingsarbete inom {topic} ({plan.body.name})",
                description=f"Ett gemensamt utvecklingsarbete {start}–{start + 2} inom {topic}.",
                body_id=plan.body.pk,
            )
            projects.append(project)
            project_goals = []
            for position, goal_level in enumerate(GOAL_LEVELS):
                goal = Goal(
                    id=self.gen._id(Goal),
                    project_id=project.id,
                    level=goal_level,
                    code=f"{goal_level[0].upper()}{position + 1}",
                    text=f"Fler invånare får ett samordnat stöd inom {topic} (mål {position + 1}).",
                    reference_value="Mätning vid projektets start.",
                    target="En tydlig förbättring jämfört med utgångsläget.",
                    period=f"{start}–{start + 2}",
                    owner=plan.body.name[:200],
                    target_share=Decimal(75) if position % 2 else None,
                    position=position,
                )
                goals.append(goal)
                project_goals.append(goal)
            body_recs = recs.get(plan.body.pk, [])
            for position in range(4):
                rec = body_recs[position] if position < min(2, len(body_recs)) else None
                points.append(
                    DecisionPoint(
                        id=self.gen._id(DecisionPoint),
                        project_id=project.id,
                        code=f"BP{position + 1}",
                        title=f"Beslut om {('start', 'inriktning', 'fortsättning', 'avslut')[position]} av arbetet",
                        planned=f"{('Våren', 'Hösten')[position % 2]} {start + position // 2}",
                        recommendation_id=rec,
                        reached_on=datetime.date(start + position // 2, 5 + 5 * (position % 2), 15)
                        if rec is None and start + position // 2 < REFERENCE_DAY.year
                        else None,
                        position=position,
                    )
                )
            for n, (name, unit, direction) in enumerate(INDICATORS):
                indicator = Indicator(
                    id=self.gen._id(Indicator),
                    project_id=project.id,
                    goal_id=project_goals[1 + n % 4].id,
                    name=name,
                    unit=unit,
                    direction=direction,
                    target=Decimal(rng.randint(10, 90)),
                    data_source="Egen uppföljning",
                )
                indicators.append(indicator)
                level = rng.uniform(10, 80)
                for year in range(start, REFERENCE_DAY.year + 1):
                    for half in ("06", "12"):
                        level = max(0.0, level + rng.uniform(-5, 6))
                        values.append(
                            IndicatorValue(
                                id=self.gen._id(IndicatorValue),
                                indicator_id=indicator.id,
                                period=f"{year}-{half}",
                                value=Decimal(f"{level:.2f}"),
                                source="Egen uppföljning",
                            )
                        )
            for n, season in enumerate(("Våren", "Hösten")):
                survey = Survey(
                    id=self.gen._id(Survey),
                    project_id=project.id,
                    title=f"Enkät till deltagarna, {season.lower()} {start + 1}",
                    asked="Personer i samverkansstrukturen",
                    invited=rng.randint(40, 400),
                    period=f"{season} {start + 1}",
                )
                surveys.append(survey)
                for position, text in enumerate(QUESTIONS):
                    question = Question(
                        id=self.gen._id(Question),
                        survey_id=survey.id,
                        text=text,
                        goal_id=project_goals[1 + position % 4].id if position % 2 == n else None,
                        position=position,
                    )
                    questions.append(question)
                    answered = rng.randint(20, survey.invited)
                    counts.append(
                        AnswerCount(
                            id=self.gen._id(AnswerCount),
                            question_id=question.id,
                            answered=answered,
                            agreed=rng.randint(0, answered),
                        )
                    )
        reports, sections = self._goal_reports(rng, projects)
        for model, rows in (
            (Project, projects),
            (Goal, goals),
            (DecisionPoint, points),
            (Indicator, indicators),
            (IndicatorValue, values),
            (Survey, surveys),
            (Question, questions),
            (AnswerCount, counts),
            (GoalReport, reports),
            (ReportSection, sections),
        ):
            self.w.write(model, rows)

    def _goal_reports(
        self, rng: random.Random, projects: list[Project]
    ) -> tuple[list[GoalReport], list[ReportSection]]:
        """The yearly goal fulfilment of each body that steers a project, for the last three
        full years: published (approved at the body's spring meeting), with a narrative per area
        as seed 003 writes it; the last year is still a draft for one body in three (the
        first), as a report being written."""
        reports: list[GoalReport] = []
        sections: list[ReportSection] = []
        seen: set[int] = set()
        for project in projects:
            body_id = project.body_id
            if body_id is None or body_id in seen:
                continue
            seen.add(body_id)
            for year in range(REFERENCE_DAY.year - 3, REFERENCE_DAY.year):
                draft = year == REFERENCE_DAY.year - 1 and len(seen) % 3 == 1
                approved = datetime.datetime(year + 1, 3, rng.randint(10, 28), 14, tzinfo=datetime.UTC)
                report = GoalReport(
                    id=self.gen._id(GoalReport),
                    body_id=body_id,
                    year=year,
                    title=f"Måluppfyllnad {year}",
                    introduction=f"Uppföljning av målen för {year} i de arbeten som organet styr.",
                    status=GoalReport.Status.DRAFT if draft else GoalReport.Status.PUBLISHED,
                    approval="" if draft else f"§ {rng.randint(5, 40)}",
                    approved_at=None if draft else approved,
                    published_at=None if draft else approved + datetime.timedelta(days=7),
                )
                reports.append(report)
                for position, heading in enumerate(REPORT_AREAS):
                    sections.append(
                        ReportSection(
                            id=self.gen._id(ReportSection),
                            report_id=report.id,
                            heading=heading,
                            text=f"{heading} {year}: arbetet har följt planen; se målen och indikatorerna nedan.",
                            position=position,
                        )
                    )
        return reports, sections
