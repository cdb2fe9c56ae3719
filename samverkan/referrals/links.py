"""A recipient's personal answer link: signed, expiring, revocable.

The token carries the recipient and the link's version, signed with the site's secret and a
purpose-specific salt. It works until the recommendation's deadline plus its grace period.
Revoking or re-issuing raises the recipient's `link_version`, so every older link stops working.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.referrals.models import Recipient, Recommendation

SALT = "samverkan.referrals.answer"


class BadLink(Exception):
    """The link cannot be used. `reason` is one of forged, revoked, expired, withdrawn."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> str:
        return {
            "forged": _("The link is incomplete or has been changed."),
            "revoked": _("The link has been replaced by a newer one, or withdrawn by the secretary."),
            "expired": _("The link has expired: the time for answering through it is over."),
            "withdrawn": _("The recommendation has been withdrawn; no answer is needed."),
        }[self.reason]


def token_for(recipient: Recipient) -> str:
    return signing.Signer(salt=SALT).sign_object({"r": recipient.pk, "v": recipient.link_version}, compress=True)


def url_for(recipient: Recipient) -> str:
    return settings.SITE_URL + reverse("referrals:answer_link", kwargs={"token": token_for(recipient)})


def read(token: str) -> Recipient:
    """The recipient the link is for, or BadLink saying why it cannot be used."""
    try:
        data = signing.Signer(salt=SALT).unsign_object(token)
        recipient_id, version = int(data["r"]), int(data["v"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise BadLink("forged") from exc
    recipient = (
        Recipient.objects.select_related("recommendation__body", "principal", "current_response")
        .filter(pk=recipient_id)
        .first()
    )
    if recipient is None:
        raise BadLink("forged")
    if recipient.recommendation.status == Recommendation.Status.WITHDRAWN:
        raise BadLink("withdrawn")
    if recipient.recommendation.status != Recommendation.Status.SENT:
        raise BadLink("forged")
    if recipient.link_revoked or version != recipient.link_version:
        raise BadLink("revoked")
    if timezone.localdate() > recipient.recommendation.links_expire:
        raise BadLink("expired")
    return recipient
