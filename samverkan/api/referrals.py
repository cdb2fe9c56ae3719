"""Recommendations to the principals, their answers and outcomes (the projects whose decision
points wait for them: `samverkan.api.followup`). Public recommendations only
(`public_recommendations()`): a draft or a recommendation not marked public never appears, and its id answers 404. Every endpoint
reads in a constant number of queries (see `samverkan.referrals.api_selectors`).

No `from __future__ import annotations` here: the list view is wrapped by ninja's `paginate`,
which resolves the view's annotations in its own module, so they must be real objects."""

import datetime
from typing import Any, Literal

from django.conf import settings
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import paginate

from samverkan.api.params import PAGE_MAX, BoundedPagination, IdPath, KeyFilter, KeyPath, YearFilter, errors
from samverkan.api.paths import int_path
from samverkan.documents.models import Reading
from samverkan.referrals import api_selectors
from samverkan.referrals import outcome as outcomes
from samverkan.referrals import selectors as referral_selectors
from samverkan.referrals.models import Recipient, Recommendation, Response
from samverkan.structure.models import Principal

router = Router(tags=["recommendations"])


# Named apart from structure's BodyRef and PrincipalRef: OpenAPI components are keyed by class
# name, and a second class of the same name would replace the first in the document.
class BodyBrief(Schema):
    key: str
    name: str


class PrincipalBrief(Schema):
    key: str
    name: str
    kind: str


class OutcomeOut(Schema):
    status: str
    label: str
    total: int
    approved: int
    rejected: int
    written: int
    pending: int
    approved_population: int | None
    total_population: int | None


class RecommendationOut(Schema):
    id: int
    title: str
    body: BodyBrief
    kind: str
    rule: str
    rule_count: int | None
    rule_share: int | None
    population_year: int | None
    question: str
    condition: str
    deadline: datetime.date
    status: str
    sent_at: datetime.datetime | None
    url: str
    outcome: OutcomeOut | None


class EarlierAnswerOut(Schema):
    answer: str
    condition: str
    answered_at: datetime.datetime
    late: bool


class RecipientOut(Schema):
    principal: PrincipalBrief
    answer: str | None
    condition: str
    text: str
    decided_on: datetime.date | None
    decided_by: str
    decided_by_name: str
    paragraph: str
    answered_at: datetime.datetime | None
    late: bool
    demo: bool
    extract_url: str | None
    history: list[EarlierAnswerOut]


class RecommendationDetailOut(RecommendationOut):
    background: str
    recipients: list[RecipientOut]


class RecommendationRef(Schema):
    id: int
    title: str
    body: BodyBrief
    kind: str
    deadline: datetime.date
    status: str
    url: str
    outcome: OutcomeOut | None


class PrincipalDecisionOut(Schema):
    recommendation: RecommendationRef
    answer: str | None
    condition: str
    text: str
    decided_on: datetime.date | None
    decided_by: str
    decided_by_name: str
    paragraph: str
    answered_at: datetime.datetime | None
    late: bool
    demo: bool
    extract_url: str | None


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _outcome(result: outcomes.Outcome | None) -> dict[str, Any] | None:
    return None if result is None else result.as_dict()


def _recommendation(rec: Recommendation, result: outcomes.Outcome | None) -> dict[str, Any]:
    return {
        "id": rec.pk,
        "title": rec.title,
        "body": {"key": rec.body.key, "name": rec.body.name},
        "kind": rec.kind,
        "rule": rec.rule,
        "rule_count": rec.rule_count,
        "rule_share": rec.rule_share,
        "population_year": rec.population_year,
        "question": rec.question,
        "condition": rec.condition,
        "deadline": rec.deadline,
        "status": rec.status,
        "sent_at": rec.sent_at,
        "url": _absolute(int_path("referrals:detail", rec.pk)),
        "outcome": _outcome(result),
    }


def _answer(recommendation_id: int, response: Response | None) -> dict[str, Any]:
    """The fields of a current answer (all empty when the principal has not answered)."""
    if response is None:
        return {
            "answer": None,
            "condition": "",
            "text": "",
            "decided_on": None,
            "decided_by": "",
            "decided_by_name": "",
            "paragraph": "",
            "answered_at": None,
            "late": False,
            "demo": False,
            "extract_url": None,
        }
    extract_url = (
        _absolute(reverse("referrals:extract", kwargs={"pk": recommendation_id, "response_pk": response.pk}))
        if response.extract and response.extract_reading == Reading.READ
        else None
    )
    return {
        "answer": response.answer,
        "condition": response.condition,
        "text": response.text,
        "decided_on": response.decided_on,
        "decided_by": response.decided_by,
        "decided_by_name": response.decided_by_name,
        "paragraph": response.paragraph,
        "answered_at": response.answered_at,
        "late": response.late,
        "demo": response.is_demo,
        "extract_url": extract_url,
    }


def _recipient(recipient: Recipient) -> dict[str, Any]:
    current = recipient.current_response
    earlier = [r for r in getattr(recipient, "history", []) if current is None or r.pk != current.pk]
    return {
        "principal": {
            "key": recipient.principal.key,
            "name": recipient.principal.name,
            "kind": recipient.principal.kind,
        },
        **_answer(recipient.recommendation_id, current),
        "history": [
            {"answer": r.answer, "condition": r.condition, "answered_at": r.answered_at, "late": r.late}
            for r in earlier
        ],
    }


class RecommendationPagination(BoundedPagination):
    """Limit and offset over the recommendations; the page's outcomes are then computed for all
    of its recommendations at once."""

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        recs = list(page["items"])
        found = referral_selectors.outcomes_of(recs)
        page["items"] = [_recommendation(rec, found[rec.pk]) for rec in recs]
        return page


@router.get(
    "/recommendations", response=list[RecommendationOut], url_name="recommendation_list", openapi_extra=errors()
)
@paginate(RecommendationPagination, max_limit=PAGE_MAX)
def recommendation_list(
    request: HttpRequest,
    body: KeyFilter = None,
    status: Literal["sent", "withdrawn"] | None = None,
    kind: Literal["decision", "consultation"] | None = None,
    deadline_year: YearFilter = None,
) -> Any:
    """Public recommendations, newest deadline first, with their outcome under the adoption
    rule. Filter by body key, status, kind and the year of the deadline."""
    return api_selectors.api_recommendations(body=body, status=status, kind=kind, deadline_year=deadline_year)


@router.get(
    "/recommendations/{recommendation_id}",
    response=RecommendationDetailOut,
    url_name="recommendation_detail",
    openapi_extra=errors(not_found=True),
)
def recommendation_detail(request: HttpRequest, recommendation_id: IdPath) -> dict[str, Any]:
    """A public recommendation with every recipient's current answer and earlier answers."""
    rec = api_selectors.api_recommendation(recommendation_id)
    if rec is None:
        raise Http404
    loaded = api_selectors.load([rec], history=True)
    return _recommendation(rec, loaded.outcomes[rec.pk]) | {
        "background": rec.background,
        "recipients": [_recipient(r) for r in loaded.recipients[rec.pk]],
    }


@router.get(
    "/principals/{key}/decisions",
    response=list[PrincipalDecisionOut],
    url_name="principal_decisions",
    openapi_extra=errors(not_found=True),
)
def principal_decisions(request: HttpRequest, key: KeyPath) -> list[dict[str, Any]]:
    """Where the principal stands on every public recommendation it was asked."""
    principal = get_object_or_404(Principal, key=key)
    recipients = api_selectors.decisions_of(principal)
    found = referral_selectors.outcomes_of(r.recommendation for r in recipients)
    rows = []
    for recipient in recipients:
        rec = recipient.recommendation
        rows.append(
            {
                "recommendation": {
                    "id": rec.pk,
                    "title": rec.title,
                    "body": {"key": rec.body.key, "name": rec.body.name},
                    "kind": rec.kind,
                    "deadline": rec.deadline,
                    "status": rec.status,
                    "url": _absolute(int_path("referrals:detail", rec.pk)),
                    "outcome": _outcome(found[rec.pk]),
                },
                **_answer(rec.pk, recipient.current_response),
            }
        )
    return rows
