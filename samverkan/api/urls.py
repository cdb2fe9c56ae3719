"""The JSON API: public data only, read-only. OpenAPI document at /api/v1/openapi.json."""

from __future__ import annotations

from samverkan.api.agreements import router as agreements_router
from samverkan.api.docs import TranslatedAPI
from samverkan.api.finance import router as finance_router
from samverkan.api.followup import router as followup_router
from samverkan.api.meetings import router as meetings_router
from samverkan.api.referrals import router as referrals_router
from samverkan.api.search import router as search_router
from samverkan.api.structure import router as structure_router

api = TranslatedAPI(
    title="Samverkan API",
    version="1",
    description=(
        "Public data: principals, groupings, bodies, people, meetings, published minutes and decisions, "
        "recommendations to the principals with their answers and outcomes, agreements, projects with their "
        "goals, surveys (counts only) and indicators, the published yearly goal fulfilment, "
        "and money (fees, budgets, funds, allocations; amounts in öre)."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("", structure_router)
api.add_router("", meetings_router)
api.add_router("", referrals_router)
api.add_router("", followup_router)
api.add_router("", agreements_router)
api.add_router("", finance_router)
api.add_router("", search_router)
