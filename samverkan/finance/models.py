"""Money: allocations of an amount between the principals by population share (with a
co-financing part), fee schedules per inhabitant and their invoice bases, budgets and funds.

Amounts are integers of öre (`BigIntegerField`), never floats; see money.py. What is computed
from the population figures (an allocation's shares, a fee's invoice basis) is computed when it
is shown, from figures that are never overwritten, so it is the same every time; it is not
stored as a fact of its own.
"""

from __future__ import annotations

from fractions import Fraction

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.core.models import TimeStampedModel
from samverkan.structure.models import KEY_VALIDATOR, Body, Principal


class Allocation(TimeStampedModel):
    """An amount divided between principals by their population on a date, optionally after a
    fixed part for a co-financier (the region pays two thirds, the municipalities one third by
    population)."""

    class Direction(models.TextChoices):
        RECEIVE = "receive", _("distributed to the principals")
        PAY = "pay", _("paid by the principals")

    key = models.SlugField(_("key"), max_length=80, unique=True, validators=[KEY_VALIDATOR])
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.BigIntegerField(_("amount (öre)"))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.RECEIVE)
    population_date = models.DateField(
        _("population on"), help_text=_("The reference date of the population figures the shares follow.")
    )
    principals = models.ManyToManyField(
        Principal, verbose_name=_("shared by population between"), related_name="allocations"
    )
    co_financier = models.ForeignKey(
        Principal,
        verbose_name=_("co-financier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="co_financed_allocations",
        help_text=_("A principal with a fixed part of the amount, e.g. the region's two thirds."),
    )
    co_financier_numerator = models.PositiveIntegerField(_("co-financier's part (numerator)"), default=0)
    co_financier_denominator = models.PositiveIntegerField(_("co-financier's part (denominator)"), default=1)
    body = models.ForeignKey(
        Body,
        verbose_name=_("deciding body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    decision = models.CharField(
        _("decision"), max_length=300, blank=True, help_text=_("Where it was decided, e.g. SRO 2022-04-28, item 7.")
    )
    example = models.BooleanField(
        _("example split"),
        default=False,
        help_text=_("The decision gives no split: this one is an example computed by the rule."),
    )
    public = models.BooleanField(_("public"), default=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="allocation_amount_positive"),
            models.CheckConstraint(condition=Q(co_financier_denominator__gt=0), name="allocation_denominator_positive"),
            models.CheckConstraint(
                condition=Q(co_financier_numerator__lte=models.F("co_financier_denominator")),
                name="allocation_part_at_most_whole",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("finance:allocation_detail", kwargs={"key": self.key})

    @property
    def co_financier_part(self) -> Fraction:
        if self.co_financier_id is None:
            return Fraction(0)
        return Fraction(self.co_financier_numerator, self.co_financier_denominator)
