"""The collaboration structure: who the principals are, which bodies exist, who sits in them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.core.models import TimeStampedModel
from samverkan.core.paths import fast_reverse

KEY_VALIDATOR = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lower-case letters a-z, digits and single hyphens."),
)
SCB_CODE_VALIDATOR = RegexValidator(
    r"^(?:[0-9]{2}|[0-9]{4})$",
    _("Write the kommunkod (four digits, e.g. 1480) or, for a region, the länskod (two digits, e.g. 14)."),
)


def validate_org_number(value: str) -> None:
    """A Swedish organisation number: NNNNNN-NNNN whose last digit is the Luhn check digit."""
    digits = value.replace("-", "")
    if len(value) != 11 or value[6] != "-" or not digits.isdigit():
        raise ValidationError(_("An organisation number is written NNNNNN-NNNN."), code="format")
    total = 0
    for i, ch in enumerate(digits[:9]):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    if (10 - total % 10) % 10 != int(digits[9]):
        raise ValidationError(_("The organisation number's check digit is wrong."), code="checksum")


class Term(TimeStampedModel):
    """A term of office (mandatperiod), usually four years after an election."""

    key = models.SlugField(_("key"), max_length=40, unique=True, validators=[KEY_VALIDATOR])
    name = models.CharField(_("name"), max_length=100)
    start = models.DateField(_("starts"))
    end = models.DateField(_("ends"))

    class Meta:
        ordering = ["-start"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="term_ends_after_start")]

    def __str__(self) -> str:
        return self.name


class Principal(TimeStampedModel):
    """A huvudman: a legal party that decides for itself."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        REGION = "region", _("region")
        MUNICIPAL_ASSOCIATION = "municipal_association", _("municipal association")
        ASSOCIATION = "association", _("association")
        OTHER = "other", _("other")

    key = models.SlugField(_("key"), max_length=60, unique=True, validators=[KEY_VALIDATOR])
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    org_number = models.CharField(_("organisation number"), max_length=11, blank=True, validators=[validate_org_number])
    scb_code = models.CharField(
        _("municipality or county code"),
        max_length=4,
        blank=True,
        validators=[SCB_CODE_VALIDATOR],
        help_text=_(
            "SCB's code: the kommunkod of a municipality (1480), the länskod of a region (14). "
            "Official population figures are matched by it."
        ),
    )
    website = models.URLField(_("website"), blank=True)
    registrars = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrars"),
        related_name="registrar_of",
        blank=True,
        help_text=_("Users who record this principal's decisions."),
    )

    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking (core.editing)

    class Meta:
        ordering = ["name"]
        verbose_name = _("principal")
        verbose_name_plural = _("principals")
        constraints = [
            models.UniqueConstraint(
                fields=["org_number"], condition=~Q(org_number=""), name="principal_org_number_unique"
            ),
            models.UniqueConstraint(fields=["scb_code"], condition=~Q(scb_code=""), name="principal_scb_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return fast_reverse("structure:principal_detail", key=self.key)

    @property
    def label(self) -> str:
        return self.short_name or self.name


class Population(TimeStampedModel):
    """Inhabitants of a principal on a reference date: SCB's folkmängd is counted on 31 December;
    a fee may use another date (1 November). Fees and allocations are computed from these
    figures, so one is never overwritten: a principal has one figure per date, kept with its
    source, and `created_at` says when it was loaded.

    `year` is set only for a 31 December figure (by `population_record`, from the date): it is
    that year's official figure, the one the population rule of a recommendation uses ("the
    population of 2019")."""

    principal = models.ForeignKey(Principal, on_delete=models.CASCADE, related_name="populations")
    reference_date = models.DateField(_("reference date"))
    inhabitants = models.PositiveIntegerField(_("inhabitants"))
    source = models.CharField(_("source"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        editable=False,
        validators=[MinValueValidator(1900)],
        help_text=_("The year whose official (31 December) figure this is; empty for a figure at another date."),
    )

    class Meta:
        ordering = ["principal", "-reference_date"]
        verbose_name = _("population")
        verbose_name_plural = _("populations")
        constraints = [
            models.UniqueConstraint(fields=["principal", "reference_date"], name="population_one_per_date"),
            models.UniqueConstraint(fields=["principal", "year"], name="population_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.principal} {self.reference_date:%Y-%m-%d}: {self.inhabitants}"

    @staticmethod
    def year_of(reference_date: datetime.date) -> int | None:
        """The year a figure on this date is the official figure of (31 December), else None."""
        return reference_date.year if (reference_date.month, reference_date.day) == (12, 31) else None

    @property
    def loaded_at(self) -> datetime.datetime:
        return self.created_at


class Grouping(TimeStampedModel):
    """Principals grouped: an association's member municipalities, a sub-region, a recipient list."""

    key = models.SlugField(_("key"), max_length=60, unique=True, validators=[KEY_VALIDATOR])
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        Principal,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_groupings",
    )
    principals = models.ManyToManyField(Principal, verbose_name=_("principals"), related_name="groupings")

    class Meta:
        ordering = ["name"]
        verbose_name = _("grouping")
        verbose_name_plural = _("groupings")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return fast_reverse("structure:grouping_detail", key=self.key)


class Body(TimeStampedModel):
    """A collaboration body: board, committee, consultation body, steering or working group."""

    class Kind(models.TextChoices):
        POLITICAL = "political", _("political")
        OFFICIALS = "officials", _("officials")
        MIXED = "mixed", _("mixed")

    class Level(models.TextChoices):
        NATIONAL = "national", _("national")
        REGIONAL = "regional", _("regional")
        SUBREGIONAL = "subregional", _("sub-regional")
        LOCAL = "local", _("local")

    key = models.SlugField(_("key"), max_length=60, unique=True, validators=[KEY_VALIDATOR])
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    owners = models.ManyToManyField(Principal, verbose_name=_("owning principals"), related_name="owned_bodies")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reporting_bodies",
    )
    meeting_rhythm = models.CharField(_("meeting rhythm"), max_length=200, blank=True)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active until"), null=True, blank=True)
    secretaries = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secretaries"),
        related_name="secretary_of",
        blank=True,
        help_text=_("Users who plan this body's meetings and keep its members."),
    )

    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking (core.editing)

    class Meta:
        ordering = ["name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="body_not_own_parent"),
            models.CheckConstraint(condition=~Q(reports_to=models.F("id")), name="body_not_reporting_to_itself"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return fast_reverse("structure:body_detail", key=self.key)

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        for field_name in ("parent", "reports_to"):
            seen = {self.pk}
            node = getattr(self, field_name)
            while node is not None:
                if node.pk in seen:
                    raise ValidationError({field_name: _("This would make a circle of bodies.")})
                seen.add(node.pk)
                node = getattr(node, field_name)


class Mandate(TimeStampedModel):
    """A version of a body's mandate (uppdrag, mandat); the latest valid one is in force."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="mandates")
    valid_from = models.DateField(_("valid from"))
    text = models.TextField(_("mandate"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["body", "-valid_from"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        constraints = [models.UniqueConstraint(fields=["body", "valid_from"], name="mandate_one_per_date")]

    def __str__(self) -> str:
        return f"{self.body} ({self.valid_from})"


class Person(TimeStampedModel):
    """A politician, official or anyone else who sits in a body."""

    key = models.SlugField(_("key"), max_length=80, unique=True, validators=[KEY_VALIDATOR])
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking (core.editing)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return fast_reverse("structure:person_detail", key=self.key)


class Membership(TimeStampedModel):
    """A person's seat in a body, with the role, party and principal represented."""

    class Role(models.TextChoices):
        CHAIR = "ordförande", _("chair")
        VICE_CHAIR = "vice ordförande", _("vice chair")
        MEMBER = "ledamot", _("member")
        SUBSTITUTE = "ersättare", _("substitute")
        COOPTED = "adjungerad", _("co-opted")
        SECRETARY = "sekreterare", _("secretary")
        OFFICIAL = "tjänsteperson", _("official")

    ROLE_ORDER = [r.value for r in Role]

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    party = models.CharField(_("party"), max_length=20, blank=True)
    principal = models.ForeignKey(
        Principal,
        verbose_name=_("represents"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    delegation = models.CharField(
        _("side"), max_length=100, blank=True, help_text=_("The side the member sits for, e.g. VGK or VGR.")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    term = models.ForeignKey(Term, verbose_name=_("term"), null=True, blank=True, on_delete=models.PROTECT)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)
    substitute_for = models.ForeignKey(
        Person,
        verbose_name=_("substitute for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="substituted_by",
    )

    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking (core.editing)

    class Meta:
        ordering = ["body", "role", "person__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "person", "role", "start"],
                condition=Q(start__isnull=False),
                name="membership_unique_seat",
            ),
            models.UniqueConstraint(
                fields=["body", "person", "role"],
                condition=Q(start__isnull=True),
                name="membership_unique_seat_undated",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=models.F("start")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}, {self.body}"

    def is_current(self, on: datetime.date | None = None) -> bool:
        """Sitting on the given day (today by default). The term is informative only: a seat
        ends on its own `end` date, since bodies often keep members past an election."""
        day = on or timezone.localdate()
        return (self.start is None or self.start <= day) and (self.end is None or self.end >= day)

    def clean(self) -> None:
        if self.substitute_for_id and self.substitute_for_id == self.person_id:
            raise ValidationError({"substitute_for": _("A person cannot be their own substitute.")})
