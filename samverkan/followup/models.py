"""Follow-up of the collaboration's projects: their goals and traces, surveys, and decision points
(beslutspunkter), which may wait for the principals' decisions on a recommendation."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.agreements.models import Agreement
from samverkan.core.models import TimeStampedModel
from samverkan.core.paths import fast_reverse
from samverkan.referrals.models import Recommendation
from samverkan.structure.models import KEY_VALIDATOR, Body, Principal


class Project(TimeStampedModel):
    """A project with goals, or an organisation's own goals (its plan: the goals it follows up
    year by year, at the levels it uses), with the same goals, traces, surveys, indicators and
    risks. Either way it is kept by the secretaries of the body that steers it."""

    class Kind(models.TextChoices):
        PROJECT = "project", _("project")
        PLAN = "plan", _("an organisation's goals")

    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking (core.editing)
    key = models.SlugField(_("key"), max_length=60, unique=True, validators=[KEY_VALIDATOR])
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    body = models.ForeignKey(
        Body,
        verbose_name=_("steering body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PROJECT)
    organisation = models.ForeignKey(
        Principal,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goal_sets",
        help_text=_("The organisation whose goals these are (for an organisation's goals; for a project, optional)."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return fast_reverse("followup:project_detail", key=self.key)


class DecisionPoint(TimeStampedModel):
    """A gate in a project. Tied to a recommendation, it is reached when the recommendation's
    outcome says adopted; otherwise it is reached when someone records the date."""

    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking (core.editing)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="decision_points")
    code = models.CharField(_("code"), max_length=20, help_text=_("For example “BP1”."))
    title = models.CharField(_("decision"), max_length=300)
    planned = models.CharField(_("planned for"), max_length=100, blank=True, help_text=_("For example “Hösten 2018”."))
    requirement = models.TextField(_("what it takes"), blank=True)
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decision_points",
        help_text=_("The decision point is reached when this recommendation is adopted."),
    )
    reached_on = models.DateField(
        _("reached on"), null=True, blank=True, help_text=_("For a decision point without a recommendation.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["project", "position", "code"]
        verbose_name = _("decision point")
        verbose_name_plural = _("decision points")
        constraints = [models.UniqueConstraint(fields=["project", "code"], name="decision_point_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Goal(TimeStampedModel):
    """A goal of a project at one of its levels (effect goal, project goal, ...), with its
    baseline and target as the directive writes them. A goal contributes to goals of the same
    project (P2 -> E1, E5); read the other way, a goal is reached through those (E1 <- P2, P4, P5)."""

    class Level(models.TextChoices):
        OVERALL = "overall", _("overall goal")
        STRATEGIC = "strategic", _("strategic goal")
        EFFECT = "effect", _("effect goal")
        PROJECT = "project", _("project goal")
        ACTION_PLAN = "action_plan", _("action-plan goal")
        SUB = "sub", _("sub-goal")
        ACTIVITY = "activity", _("activity")

    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking (core.editing)
    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="goals")
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.EFFECT)
    code = models.CharField(_("code"), max_length=20, help_text=_("For example “E1” or “P2”."))
    text = models.TextField(_("goal"))
    reference_value = models.TextField(_("reference value"), blank=True, help_text=_("The baseline: where we start."))
    target = models.TextField(_("target"), blank=True)
    period = models.CharField(
        _("period"), max_length=100, blank=True, help_text=_("For example “2019” or “2018–2020”.")
    )
    owner = models.CharField(
        pgettext_lazy("who answers for it", "owner"),
        max_length=200,
        blank=True,
        help_text=_("Who answers for the goal."),
    )
    target_share = models.DecimalField(
        _("target share (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("For a goal measured by a survey: reached when at least this share answers yes (for example 75)."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    contributes_to = models.ManyToManyField(
        "self",
        verbose_name=_("contributes to"),
        symmetrical=False,
        blank=True,
        related_name="reached_through",
    )

    class Meta:
        ordering = ["project", "position", "code"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [models.UniqueConstraint(fields=["project", "code"], name="goal_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:80]}"

    def anchor(self) -> str:
        return f"mal-{slugify(self.code)}"


class Survey(TimeStampedModel):
    """A survey of a project: whom it asked, how many, its questions. Answers are kept only as
    counts (never who answered), recorded in aggregate or one respondent at a time."""

    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking (core.editing)
    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(_("title"), max_length=300)
    asked = models.CharField(
        _("who was asked"),
        max_length=300,
        help_text=_("For example “Personer i samverkansstrukturen (intervjuer)”."),
    )
    invited = models.PositiveIntegerField(_("number asked"))
    period = models.CharField(_("when"), max_length=100, blank=True, help_text=_("For example “Hösten 2019”."))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["project", "title"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return fast_reverse("followup:survey_detail", key=self.project.key, pk=self.pk)


class Question(TimeStampedModel):
    """A yes/no question of a survey ("Anser du att kontinuiteten i samverkan är
    tillfredsställande?"). Tied to a goal, its share of yes answers measures the goal."""

    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking (core.editing)
    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("question"))
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("measures the goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["survey", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text[:100]


class AnswerCount(models.Model):
    """Answers to one question added at once: `answered` people answered, `agreed` of them
    yes. An aggregate entry is one row; an answer entered one by one is a row of one. Rows are
    added, never changed; nothing says who answered."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="counts")
    answered = models.PositiveIntegerField(_("answered"))
    agreed = models.PositiveIntegerField(_("answered yes"))
    demo = models.BooleanField(_("demo answers"), default=False)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["question", "id"]
        verbose_name = _("answers")
        verbose_name_plural = _("answers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(agreed__lte=models.F("answered")), name="answer_agreed_lte_answered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreed}/{self.answered}"


class Indicator(TimeStampedModel):
    """A measure followed over periods (a year, a half-year, ...), with a target and the direction
    in which it improves. Values come from a staff screen, a CSV file or Kolada (the national
    key-figure database), whose key figure and municipality the indicator may name."""

    class Direction(models.TextChoices):
        INCREASE = "increase", _("higher is better")
        DECREASE = "decrease", _("lower is better")

    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking (core.editing)
    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="indicators")
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators"
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
        help_text=_("An agreement whose follow-up this indicator serves."),
    )
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("For example “%”, “dagar” or “antal”."))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    data_source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("Where the values usually come from.")
    )
    kolada_kpi = models.CharField(
        _("Kolada key figure"), max_length=20, blank=True, help_text=_("For example “N00945”.")
    )
    kolada_municipality = models.CharField(
        _("Kolada municipality or region"),
        max_length=10,
        blank=True,
        help_text=_("The code, for example “2480” for Umeå."),
    )

    class Meta:
        ordering = ["project", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return fast_reverse("followup:indicator_detail", key=self.project.key, pk=self.pk)


class IndicatorValue(TimeStampedModel):
    """The value of an indicator for one period, with its source and a comment. A period has
    one value; a new one for the same period replaces it (audited)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(_("period"), max_length=20, help_text=_("A year (“2019”) or a part of one (“2019-06”)."))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=200, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["indicator", "period"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="indicator_value_period_unique")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}: {self.value}"


class Risk(TimeStampedModel):
    """A risk of a project (seed 002's "Övergripande risker"): what could go wrong, how likely it
    is and how much it would matter (as words, never only a colour), who watches it and what is
    done about it. Each change of likelihood, consequence or status adds a `RiskAssessment`, so
    the risk's status over time is kept beside its current one."""

    class Level(models.IntegerChoices):
        LOW = 1, _("low")
        MEDIUM = 2, _("medium")
        HIGH = 3, _("high")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        MITIGATING = "mitigating", _("being mitigated")
        OCCURRED = "occurred", _("occurred")
        CLOSED = "closed", _("closed")

    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking (core.editing)
    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="risks")
    title = models.CharField(_("risk"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood"), choices=Level.choices, null=True, blank=True, help_text=_("Empty: not assessed.")
    )
    consequence = models.PositiveSmallIntegerField(
        _("consequence"), choices=Level.choices, null=True, blank=True, help_text=_("Empty: not assessed.")
    )
    owner = models.CharField(
        pgettext_lazy("who answers for it", "owner"), max_length=200, blank=True, help_text=_("Who watches the risk.")
    )
    mitigation = models.TextField(_("mitigation"), blank=True, help_text=_("What is done to lessen the risk."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["project", "position", "id"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self) -> str:
        return self.title[:100]

    def anchor(self) -> str:
        return f"risk-{self.pk}"


class RiskAssessment(models.Model):
    """The likelihood, consequence and status of a risk from a date on: a row is added each time
    one of them changes (never changed afterwards), so the page can show the status over time."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), choices=Risk.Level.choices, null=True, blank=True)
    consequence = models.PositiveSmallIntegerField(_("consequence"), choices=Risk.Level.choices, null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Risk.Status.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["risk", "assessed_on", "id"]
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")

    def __str__(self) -> str:
        return f"{self.risk} {self.assessed_on}: {self.status}"


class GoalReport(TimeStampedModel):
    """The yearly goal fulfilment (måluppfyllnad) of a body, or of an organisation through the
    body that writes it (seed 003: VästKom's "Måluppfyllnad 2019"): the narrative per area is
    written by staff (`ReportSection`); the page adds the computed status of the goals and
    indicators of the body's projects for the year. Drafted, approved, then published: only a
    published report is public, and only a draft is edited."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")
        PUBLISHED = "published", _("published")

    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking (core.editing)
    body = models.ForeignKey(
        Body,
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="goal_reports",
        help_text=_("The body that writes and approves the report; the goals of the projects it steers are reported."),
    )
    principal = models.ForeignKey(
        Principal,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goal_reports",
        help_text=_("The organisation the report is for, if not the body itself (for example VästKom)."),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)])
    title = models.CharField(_("title"), max_length=300, help_text=_("For example “Måluppfyllnad 2019”."))
    introduction = models.TextField(_("introduction"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    approval = models.CharField(
        _("approved by"), max_length=200, blank=True, help_text=_("The decision that approved it, for example “§ 12”.")
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("goal fulfilment report")
        verbose_name_plural = _("goal fulfilment reports")
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="goal_report_body_year_unique")]

    def __str__(self) -> str:
        return self.title

    @property
    def public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_draft(self) -> bool:
        """Only a draft is edited (its areas) and approved."""
        return self.status == self.Status.DRAFT

    @property
    def is_approved(self) -> bool:
        """Approved, not yet published."""
        return self.status == self.Status.APPROVED

    @property
    def organisation_name(self) -> str:
        return self.principal.name if self.principal else self.body.name

    def get_absolute_url(self) -> str:
        return fast_reverse("followup:report_detail", body=self.body.key, year=self.year)


class ReportSection(TimeStampedModel):
    """One area of a goal fulfilment report with its narrative ("Särskilt omnämnande",
    "Resurser", ...), written by staff."""

    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking (core.editing)
    report = models.ForeignKey(GoalReport, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(_("heading"), max_length=200)
    text = models.TextField(_("text"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["report", "position", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.heading
