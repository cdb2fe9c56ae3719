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
    # OParl 1.1 (samverkan/api/oparl): public data only, like the rest of the API.
    "oparl:root": PUBLIC,
    "oparl:system": PUBLIC,
    "oparl:list": PUBLIC,
    "oparl:object": PUBLIC,
    "oparl:organization_meetings": PUBLIC,
    "oparl:file_access": PUBLIC,
    "oparl:file_download": PUBLIC,
    "oparl:not_found": PUBLIC,
}
