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
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.core.models import TimeStampedModel
from samverkan.core.paths import fast_reverse
from samverkan.structure.models import KEY_VALIDATOR, Body, Grouping, Principal


class Allocation(TimeStampedModel):
    """An amount divided between principals by their population on a date, optionally after a
    fixed part for a co-financier (the region pays two thirds, the municipalities one third by
    population)."""

    MONEY_FIELDS = ("amount",)  # amounts of öre (shown in kronor, e.g. in the audit trail)

    class Direction(models.TextChoices):
        RECEIVE = "receive", _("distributed to the principals")
        PAY = "pay", _("paid by the principals")

    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking (core.editing)
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
        return fast_reverse("finance:allocation_detail", key=self.key)

    @property
    def co_financier_part(self) -> Fraction:
        if self.co_financier_id is None:
            return Fraction(0)
        return Fraction(self.co_financier_numerator, self.co_financier_denominator)


class FeeSchedule(TimeStampedModel):
    """A fee per inhabitant (medlemsavgift, "6-kronan"): the rate in öre, who pays (each
    principal for its own inhabitants, or each association for its member municipalities), the
    population basis (official figures on a reference date; and the basis the decision states,
    if it states one), the rounding the decision uses, the year and the deciding paragraph."""

    MONEY_FIELDS = ("rate", "stated_amount")  # amounts of öre (shown in kronor, e.g. in the audit trail)

    class Rounding(models.IntegerChoices):
        ORE = 1, _("to the öre")
        KRONA = 100, _("to whole kronor")
        TEN = 1_000, _("to whole tens of kronor")
        HUNDRED = 10_000, _("to whole hundreds of kronor")
        THOUSAND = 100_000, _("to whole thousands of kronor")

    class RoundingMode(models.TextChoices):
        NEAREST = "nearest", _("to the nearest")
        DOWN = "down", _("down")
        UP = "up", _("up")

    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking (core.editing)
    key = models.SlugField(_("key"), max_length=80, unique=True, validators=[KEY_VALIDATOR])
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    rate = models.BigIntegerField(_("amount per inhabitant (öre)"))
    collector = models.ForeignKey(
        Principal,
        verbose_name=_("paid to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fees_collected",
    )
    population_date = models.DateField(
        _("population on"), help_text=_("The reference date of the official figures each payer's basis uses.")
    )
    stated_inhabitants = models.PositiveIntegerField(_("inhabitants stated in the decision"), null=True, blank=True)
    stated_amount = models.BigIntegerField(_("amount stated in the decision (öre)"), null=True, blank=True)
    rounding = models.PositiveIntegerField(_("rounding"), choices=Rounding.choices, default=Rounding.KRONA)
    rounding_mode = models.CharField(
        _("rounding direction"), max_length=10, choices=RoundingMode.choices, default=RoundingMode.NEAREST
    )
    body = models.ForeignKey(
        Body, verbose_name=_("deciding body"), null=True, blank=True, on_delete=models.PROTECT, related_name="fees"
    )
    decision = models.CharField(_("decision"), max_length=300, blank=True)
    public = models.BooleanField(_("public"), default=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("fee schedule")
        verbose_name_plural = _("fee schedules")
        constraints = [
            models.CheckConstraint(condition=Q(rate__gt=0), name="fee_rate_positive"),
            models.CheckConstraint(
                condition=Q(stated_amount__isnull=True) | Q(stated_amount__gte=0), name="fee_stated_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return fast_reverse("finance:fee_detail", key=self.key)


class FeePayer(models.Model):
    """One payer of a fee: a principal paying for its own inhabitants, or (with `members`) for
    the principals of a grouping, e.g. an association for its member municipalities."""

    fee = models.ForeignKey(FeeSchedule, on_delete=models.CASCADE, related_name="payers")
    principal = models.ForeignKey(
        Principal, verbose_name=_("payer"), on_delete=models.PROTECT, related_name="fees_paid"
    )
    members = models.ForeignKey(
        Grouping,
        verbose_name=_("pays for the members of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["fee", "principal__name"]
        verbose_name = _("payer")
        verbose_name_plural = _("payers")
        constraints = [models.UniqueConstraint(fields=["fee", "principal"], name="fee_payer_once")]

    def __str__(self) -> str:
        return f"{self.fee}: {self.principal}"


class Budget(TimeStampedModel):
    """A budget of an organisation or body for a year, in one version: proposed, or adopted (by
    which decision). An adopted budget may replace the proposal it came from, which stays."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("budget status", "proposed")
        ADOPTED = "adopted", pgettext_lazy("budget status", "adopted")

    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking (core.editing)
    key = models.SlugField(_("key"), max_length=80, unique=True, validators=[KEY_VALIDATOR])
    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))
    organisation = models.ForeignKey(
        Principal,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budgets",
    )
    body = models.ForeignKey(
        Body, verbose_name=_("deciding body"), null=True, blank=True, on_delete=models.PROTECT, related_name="budgets"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    adopted_by = models.CharField(
        _("adopted by"),
        max_length=300,
        blank=True,
        help_text=_("The decision, e.g. VästKom's board 2018-12-17, item 3."),
    )
    proposal = models.OneToOneField(
        "self",
        verbose_name=_("adopted from the proposal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adopted_version",
    )
    note = models.TextField(_("note"), blank=True)
    public = models.BooleanField(_("public"), default=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return fast_reverse("finance:budget_detail", key=self.key)

    @property
    def is_proposal(self) -> bool:
        """Proposed, not (yet) adopted."""
        return self.status == self.Status.PROPOSED


class BudgetLine(models.Model):
    """One line of a budget: its account code (100, 110: lines with the same code are summed
    into a subtotal under the code's heading), name, income and cost in öre, and a note."""

    MONEY_FIELDS = ("income", "cost")  # amounts of öre (shown in kronor, e.g. in the audit trail)

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(_("position"))
    code = models.CharField(_("code"), max_length=20, blank=True)
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    name = models.CharField(_("item"), max_length=200)
    income = models.BigIntegerField(_("income (öre)"), default=0)
    cost = models.BigIntegerField(_("cost (öre)"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)
    stated_sum = models.BooleanField(
        _("sum as stated"),
        default=False,
        help_text=_(
            "A sum as the budget document writes it (Summa 100, Totalt): not counted, shown beside the sum "
            "computed from the lines."
        ),
    )

    class Meta:
        ordering = ["budget", "position"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(fields=["budget", "position"], name="budget_line_position_once"),
            models.CheckConstraint(condition=Q(income__gte=0) & Q(cost__gte=0), name="budget_line_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()

    @property
    def net(self) -> int:
        return self.income - self.cost


class Fund(TimeStampedModel):
    """A fund (e.g. the IT collaboration's "6-kronan"): its balance year by year, actual or
    estimated, and the planned income and costs from which its future is projected."""

    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking (core.editing)
    key = models.SlugField(_("key"), max_length=80, unique=True, validators=[KEY_VALIDATOR])
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        Principal, verbose_name=_("organisation"), null=True, blank=True, on_delete=models.PROTECT, related_name="funds"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("deciding body"), null=True, blank=True, on_delete=models.PROTECT, related_name="funds"
    )
    fee = models.ForeignKey(
        FeeSchedule,
        verbose_name=_("fed by the fee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="funds",
    )
    project_until = models.PositiveSmallIntegerField(
        _("project until"),
        null=True,
        blank=True,
        help_text=_("The last year of the projection; a year without a plan repeats the latest plan."),
    )
    public = models.BooleanField(_("public"), default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("fund")
        verbose_name_plural = _("funds")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return fast_reverse("finance:fund_detail", key=self.key)


class FundYear(models.Model):
    """A fund's year: opening balance (with its parts where the document keeps merged columns
    apart, e.g. the eHälsa part of 2014-2015), income, costs and closing balance, each in öre and
    each unknown where the document gives none. `estimate` marks figures that are estimates
    (uppskattning), replaced by actuals when recorded; the income and costs of an estimated
    year are the plan the projection uses."""

    MONEY_FIELDS = ("opening", "income", "cost", "closing")  # amounts of öre (shown in kronor, e.g. in the audit trail)

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    opening = models.BigIntegerField(_("opening balance (öre)"), null=True, blank=True)
    parts = models.JSONField(_("parts of the opening balance"), default=dict, blank=True)
    income = models.BigIntegerField(_("income (öre)"), null=True, blank=True)
    cost = models.BigIntegerField(_("costs (öre)"), null=True, blank=True)
    closing = models.BigIntegerField(_("closing balance (öre)"), null=True, blank=True)
    estimate = models.BooleanField(_("estimate"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["fund", "year"]
        verbose_name = _("fund year")
        verbose_name_plural = _("fund years")
        constraints = [
            models.UniqueConstraint(fields=["fund", "year"], name="fund_year_once"),
            models.CheckConstraint(
                condition=(Q(income__isnull=True) | Q(income__gte=0)) & (Q(cost__isnull=True) | Q(cost__gte=0)),
                name="fund_year_income_cost_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.year}"
