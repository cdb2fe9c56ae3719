"""The API serves public data only; every endpoint is named here with its policy."""

from samverkan.core.access import PUBLIC

URL_POLICIES = {
    "api:api-root": PUBLIC,
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api:principal_list": PUBLIC,
    "api:principal_detail": PUBLIC,
    "api:grouping_list": PUBLIC,
    "api:body_list": PUBLIC,
    "api:body_detail": PUBLIC,
    "api:person_detail": PUBLIC,
    "api:body_meetings": PUBLIC,
    "api:meeting_detail": PUBLIC,
    "api:meeting_minutes": PUBLIC,
    "api:decision_list": PUBLIC,
    "api:recommendation_list": PUBLIC,
    "api:recommendation_detail": PUBLIC,
    "api:principal_decisions": PUBLIC,
    "api:project_list": PUBLIC,
    "api:project_detail": PUBLIC,
    "api:agreement_list": PUBLIC,
    "api:agreement_detail": PUBLIC,
    "api:search": PUBLIC,
    "api:money_index": PUBLIC,
    "api:allocation_detail": PUBLIC,
    "api:fee_detail": PUBLIC,
    "api:budget_detail": PUBLIC,
    "api:fund_detail": PUBLIC,
    "api:principal_money": PUBLIC,
}
