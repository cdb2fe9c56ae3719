"""Full-text search over the public entries of the index (papers, agenda items, decisions,
recommendations, bodies, people): the same search as the site's /sok/, in three queries."""

import datetime

from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Router, Schema

from samverkan.api.params import OFFSET_MAX, TEXT_MAX, TEXT_PATTERN, KeyFilter, errors
from samverkan.search.query import Filters, Search

router = Router(tags=["search"])

MAX_LIMIT = 100


class SearchItemOut(Schema):
    type: str
    title: str
    url: str
    date: datetime.date | None
    body: str | None
    snippet: str


class SearchOut(Schema):
    count: int
    more: bool
    items: list[SearchItemOut]


@router.get("/search", response=SearchOut, url_name="search", openapi_extra=errors())
def search(
    request: HttpRequest,
    q: str = Query("", max_length=TEXT_MAX, pattern=TEXT_PATTERN),
    type: str | None = Query(None, max_length=40, pattern=r"^[a-z_]+$"),
    body: KeyFilter = None,
    principal: KeyFilter = None,
    date_from: datetime.date | None = Query(None, alias="from"),  # noqa: B008
    date_to: datetime.date | None = Query(None, alias="to"),  # noqa: B008
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=OFFSET_MAX),
) -> dict:
    """Public entries matching `q` (Swedish stemming: "avtal" finds "avtalet"; "a phrase" in
    quotes; `or`; `-word` leaves out), best first, with a snippet whose matching words are in
    `<mark>` (the rest HTML-escaped). Filter by type (paper, item, decision, recommendation,
    body, person), body key, principal key and date range (from, to: YYYY-MM-DD). Matches are
    counted up to 1 000: `more` is true when there are more than `count`."""
    found = Search(
        q,
        Filters(type=type or "", body=body or "", principal=principal or "", date_from=date_from, date_to=date_to),
        public_only=True,
    )
    hits = found.page(offset, limit)
    return {
        "count": found.count(),
        "more": found.more,
        "items": [
            {
                "type": hit.entry.type,
                "title": hit.entry.title,
                "url": settings.SITE_URL + hit.entry.url,
                "date": hit.entry.date,
                "body": hit.entry.body.name if hit.entry.body else None,
                "snippet": str(hit.snippet),
            }
            for hit in hits
        ],
    }
