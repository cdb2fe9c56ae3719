"""Follow-up of the collaboration's projects. So far: projects and their decision points
(beslutspunkter), which may wait for the principals' decisions on a recommendation."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from samverkan.core.models import TimeStampedModel
from samverkan.referrals.models import Recommendation
from samverkan.structure.models import KEY_VALIDATOR, Body


class Project(TimeStampedModel):
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

    class Meta:
        ordering = ["name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("followup:project_detail", kwargs={"key": self.key})


class DecisionPoint(TimeStampedModel):
    """A gate in a project. Tied to a recommendation, it is reached when the recommendation's
    outcome says adopted; otherwise it is reached when someone records the date."""

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
        EFFECT = "effect", _("effect goal")
        PROJECT = "project", _("project goal")
        SUB = "sub", _("sub-goal")
        ACTIVITY = "activity", _("activity")

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="goals")
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.EFFECT)
    code = models.CharField(_("code"), max_length=20, help_text=_("For example “E1” or “P2”."))
    text = models.TextField(_("goal"))
    reference_value = models.TextField(_("reference value"), blank=True, help_text=_("The baseline: where we start."))
    target = models.TextField(_("target"), blank=True)
    period = models.CharField(
        _("period"), max_length=100, blank=True, help_text=_("For example “2019” or “2018–2020”.")
    )
    owner = models.CharField(_("owner"), max_length=200, blank=True, help_text=_("Who answers for the goal."))
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
