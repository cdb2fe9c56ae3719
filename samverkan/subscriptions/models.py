"""E-mail subscriptions: anyone, without an account, follows a body, a principal, a
recommendation, an agreement or a search, by e-mail at once or in a daily digest.

A subscription starts unconfirmed and is confirmed from a signed link mailed to the address
(double opt-in); `sent_until` says up to which moment its entries have been mailed, so each
entry goes out once. Addresses are never shown: the pages name a subscription by its topic, and
the signed links carry a subscription's number, never the address. Requests are counted per
address and per client (`SubscribeAttempt`, keyed by hashes, never the address itself) for the
rate limits.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.agreements.models import Agreement
from samverkan.core.models import TimeStampedModel
from samverkan.referrals.models import Recommendation
from samverkan.structure.models import Body, Principal


class Subscription(TimeStampedModel):
    class Topic(models.TextChoices):
        BODY = "body", _("a body")
        PRINCIPAL = "principal", _("a principal")
        RECOMMENDATION = "recommendation", _("a recommendation")
        AGREEMENT = "agreement", _("an agreement")
        SEARCH = "search", _("a search")

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("at once")
        DAILY = "daily", _("a daily digest")

    email = models.EmailField(_("e-mail address"), db_index=True)
    topic = models.CharField(_("follows"), max_length=20, choices=Topic.choices)
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    principal = models.ForeignKey(Principal, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    agreement = models.ForeignKey(Agreement, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    query = models.CharField(_("search"), max_length=500, blank=True, help_text="The search's query string.")
    frequency = models.CharField(_("how often"), max_length=20, choices=Frequency.choices)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    sent_until = models.DateTimeField(
        null=True, blank=True, help_text="Every entry up to this moment has been mailed (or predates the subscription)."
    )
    last_digest_on = models.DateField(null=True, blank=True, help_text="The day of the last daily digest.")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(topic="body", body__isnull=False)
                    | models.Q(topic="principal", principal__isnull=False)
                    | models.Q(topic="recommendation", recommendation__isnull=False)
                    | models.Q(topic="agreement", agreement__isnull=False)
                    | (models.Q(topic="search") & ~models.Q(query=""))
                ),
                name="subscription_names_what_it_follows",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_topic_display()}: {self.subject_label}"

    @property
    def subject_label(self) -> str:
        """What it follows, as a person reads it (never the address)."""
        if self.body_id:
            return self.body.name  # type: ignore[union-attr]
        if self.principal_id:
            return self.principal.name  # type: ignore[union-attr]
        if self.recommendation_id:
            return self.recommendation.title  # type: ignore[union-attr]
        if self.agreement_id:
            return self.agreement.title  # type: ignore[union-attr]
        from urllib.parse import parse_qs

        return (parse_qs(self.query).get("q") or [""])[0]

    def subject_url(self) -> str:
        if self.body_id:
            return self.body.get_absolute_url()  # type: ignore[union-attr]
        if self.principal_id:
            return self.principal.get_absolute_url()  # type: ignore[union-attr]
        if self.recommendation_id:
            return self.recommendation.get_absolute_url()  # type: ignore[union-attr]
        if self.agreement_id:
            return self.agreement.get_absolute_url()  # type: ignore[union-attr]
        return reverse("search:search") + "?" + self.query


class SubscribeAttempt(models.Model):
    """One request to subscribe or for the link to one's subscriptions, for the rate limits:
    keyed by hashes of the address and of the client, never the address itself."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    address_hash = models.CharField(max_length=64, db_index=True)
    client_hash = models.CharField(max_length=64, db_index=True)

    class Meta:
        verbose_name = _("subscription request")
        verbose_name_plural = _("subscription requests")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}"


class Mailing(models.Model):
    """One message sent for a subscription: the confirmation request or a digest. The log."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("request to confirm")
        DIGEST = "digest", _("news")

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="mailings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True)
    entries = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["subscription", "at"]
        verbose_name = _("subscription mailing")
        verbose_name_plural = _("subscription mailings")

    def __str__(self) -> str:
        return f"{self.subscription_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class AgreementAlert(models.Model):
    """The log of the alerts before an agreement ends or is to be followed up (issue 16, point
    4): a row per lead time of the agreement, for the date it was about. A row is written (the
    claim) before the mails go out, and the unique constraint makes each alert go out once,
    however often and by however many workers the alerts are run; a changed date (an extension)
    is a new date, alerted again."""

    class Occasion(models.TextChoices):
        END = "end", _("the agreement ends")
        FOLLOW_UP = "follow_up", _("the agreement is to be followed up")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="alerts")
    occasion = models.CharField(_("before"), max_length=20, choices=Occasion.choices)
    on = models.DateField(_("date"))
    months = models.PositiveSmallIntegerField(_("months before"))
    at = models.DateTimeField(_("sent"), auto_now_add=True)
    mailed = models.BooleanField(
        default=True,
        help_text="False for a lead time passed together with a shorter one (the agreement was registered "
        "late, or the alerts were off): one mail said both.",
    )
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["agreement", "on", "-months"]
        verbose_name = _("agreement alert")
        verbose_name_plural = _("agreement alerts")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "occasion", "on", "months"], name="agreement_alert_once")
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.occasion} {self.on:%Y-%m-%d} -{self.months}"
