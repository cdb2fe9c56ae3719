"""A recipient's personal answer link: signed, expiring, revocable (a `core.links` kind).

The token carries the recipient and the link's version. It works until the recommendation's
deadline plus its grace period. Revoking or re-issuing raises the recipient's `link_version`, so every older link stops working.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.core import links
from samverkan.referrals.models import Recipient, Recommendation

SALT = "samverkan.referrals.answer"
ANSWER = links.LinkKind(SALT)

BadLink = links.BadLink  # reason: forged, revoked, expired, withdrawn


def token_for(recipient: Recipient) -> str:
    return ANSWER.make(r=recipient.pk, version=recipient.link_version)


def url_for(recipient: Recipient) -> str:
    return settings.SITE_URL + reverse("referrals:answer_link", kwargs={"token": token_for(recipient)})


def read(token: str) -> Recipient:
    """The recipient the link is for, or BadLink saying why it cannot be used."""
    (recipient_id,), version = ANSWER.read(token, "r")
    recipient = (
        Recipient.objects.select_related("recommendation__body", "principal", "current_response")
        .filter(pk=recipient_id)
        .first()
    )
    if recipient is None:
        raise BadLink("forged")
    if recipient.recommendation.status == Recommendation.Status.WITHDRAWN:
        raise BadLink("withdrawn", _("The recommendation has been withdrawn; no answer is needed."))
    if recipient.recommendation.status != Recommendation.Status.SENT:
        raise BadLink("forged")
    links.check_version(version, recipient.link_version, revoked=recipient.link_revoked)
    if timezone.localdate() > recipient.recommendation.links_expire:
        raise BadLink("expired")
    return recipient
