"""Who may use the recommendation pages (see samverkan/core/access.py)."""

from __future__ import annotations

from typing import Any

from samverkan.core.access import AUTHENTICATED, PUBLIC, ObjectLoader, Policy
from samverkan.referrals.models import Recipient, Recommendation
from samverkan.structure.permissions import BODY
from samverkan.structure.roles import is_registrar_of, is_secretary_of

RECOMMENDATION = ObjectLoader(Recommendation.objects.select_related("body"))  # <int:pk>
RECIPIENT = ObjectLoader(Recipient.objects.select_related("recommendation__body", "principal"))  # <int:pk>


def may_answer_for(user: Any, recipient: Recipient) -> bool:
    """The principal's registrars answer; the asking body's secretaries record answers that
    came another way (by post, by e-mail)."""
    return is_registrar_of(user, recipient.principal) or is_secretary_of(user, recipient.recommendation.body)


RECOMMENDATION_SECRETARY = Policy(
    "recommendation secretary",
    lambda user, kw: user.is_authenticated and is_secretary_of(user, RECOMMENDATION(kw).body),
    "The secretaries of the body that sends the recommendation, and administrators.",
)
RECIPIENT_REGISTRAR = Policy(
    "recipient registrar",
    lambda user, kw: user.is_authenticated and may_answer_for(user, RECIPIENT(kw)),
    "The registrars of the asked principal, the sending body's secretaries, and administrators.",
)
BODY_SECRETARY = Policy(
    "body secretary (recommendations)",
    lambda user, kw: user.is_authenticated and is_secretary_of(user, BODY(kw)),
    "The body's secretaries and administrators.",
)

URL_POLICIES = {
    # Public; a draft or non-public recommendation answers 404 to those outside it (the view
    # asks selectors.visible_recommendations).
    "referrals:list": PUBLIC,
    "referrals:detail": PUBLIC,
    "referrals:extract": PUBLIC,
    "referrals:paper": PUBLIC,
    "referrals:board": PUBLIC,
    "referrals:board_csv": PUBLIC,
    "referrals:board_xlsx": PUBLIC,
    # The personal link from the e-mail: the signed token is the authorisation.
    "referrals:answer_link": PUBLIC,
    "referrals:answer_link_paper": PUBLIC,
    # Registrars
    "referrals:inbox": AUTHENTICATED,
    "referrals:answer": RECIPIENT_REGISTRAR,
    # Secretaries
    "referrals:create": BODY_SECRETARY,
    "referrals:edit": RECOMMENDATION_SECRETARY,
    "referrals:send": RECOMMENDATION_SECRETARY,
    "referrals:withdraw": RECOMMENDATION_SECRETARY,
    "referrals:link": RECOMMENDATION_SECRETARY,
    "referrals:paper_add": RECOMMENDATION_SECRETARY,
    "referrals:paper_remove": RECOMMENDATION_SECRETARY,
}
