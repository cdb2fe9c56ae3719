"""The OParl endpoint's views: the System, the Body, every type's external list (paginated,
filtered) and object, and the files' access and download URLs. Every answer is JSON, errors
too (a JSON 4xx, never an HTML page), with `Access-Control-Allow-Origin: *` as OParl asks so
that clients in a browser can read it."""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Q
from django.db.models.functions import Cast
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from samverkan.api.oparl import objects
from samverkan.api.oparl.objects import KINDS, PAGE_SIZE, Json, Kind, Source
from samverkan.core.models import AuditEvent

FILTERS = {
    "created_since": ("created_at", "gte"),
    "created_until": ("created_at", "lte"),
    "modified_since": ("updated_at", "gte"),
    "modified_until": ("updated_at", "lte"),
}


class BadRequest(Exception):
    pass


def answer(data: Json, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/json; charset=utf-8"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error(status: int, message: str) -> JsonResponse:
    return answer({"error": message, "status": status}, status=status)


def in_swedish(view: Any) -> Any:
    """The data's words (roles, kinds, states) are Swedish whatever language the visitor chose,
    so an object is the same for every client."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override("sv"), objects.bound():
            return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return require_safe(wrapped)


@in_swedish
def system(request: HttpRequest) -> HttpResponse:
    return answer(objects.system_json())


# --- Lists --------------------------------------------------------------------------------------


def _moment(name: str, value: str) -> datetime.datetime:
    """A filter's value: a date-time with or without offset (the site's zone), or a date."""
    moment = parse_datetime(value)
    if moment is None:
        only_day = parse_date(value)
        if only_day is None:
            raise BadRequest(
                f"{name}: '{value}' är inte en tidpunkt (ISO 8601, t.ex. 2024-01-31T12:00:00+01:00) / "
                f"is not a date-time (ISO 8601)"
            )
        moment = datetime.datetime.combine(only_day, datetime.time())
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _filters(request: HttpRequest) -> tuple[dict[str, Any], dict[str, str], bool, int]:
    """The queryset filters, the parameters to keep in the paging links, omit_internal and the
    page number, from the query string; a bad value is a BadRequest."""
    lookups: dict[str, Any] = {}
    kept: dict[str, str] = {}
    for name, (field_name, op) in FILTERS.items():
        value = request.GET.get(name)
        if value:
            lookups[f"{field_name}__{op}"] = _moment(name, value)
            kept[name] = value
    omit = request.GET.get("omit_internal", "")
    if omit not in ("", "true", "false", "1", "0"):
        raise BadRequest("omit_internal: skriv true eller false / write true or false")
    omit_internal = omit in ("true", "1")
    if omit:
        kept["omit_internal"] = omit
    raw_page = request.GET.get("page", "1")
    if not raw_page.isdigit() or int(raw_page) < 1 or len(raw_page) > 9:
        raise BadRequest("page: ett sidnummer från 1 / a page number from 1")
    return lookups, kept, omit_internal, int(raw_page)


def _without_internal(data: Json) -> Json:
    """An object without its internal (embedded) objects, for omit_internal: any value that is
    an object with a type, or a list of them; Body's legislativeTerm is required and stays."""

    def internal(value: Any) -> bool:
        if isinstance(value, dict):
            return "type" in value
        return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)

    return {k: v for k, v in data.items() if k == "legislativeTerm" or not internal(v)}


@dataclass(frozen=True)
class Segment:
    """A run of a list: its length and a reader of its objects from `lo` to `hi`."""

    count: int
    read: Callable[[int, int], list[Json]]


def _rows(kind: Kind, source: Source, narrow: dict[str, Any], lookups: dict[str, Any]) -> Segment:
    """Every row the source is made of (narrowed), in the order of its primary key: the public
    ones as their objects, the others (a confidential item, a draft, an unpublished paper) as
    `deleted: true` with their `modified`, as they answer at their own address. A row keeps its
    place when it is hidden, so the pages do not shift. Three queries a page whatever the data
    (the count, the keys of the page, the public rows among them with what they embed)."""
    rows = source.rows().filter(**narrow).filter(**lookups).order_by("pk")

    def read(lo: int, hi: int) -> list[Json]:
        keys = list(rows.values_list("pk", "updated_at")[lo:hi])
        public = source.public().filter(**narrow).filter(pk__in=[pk for pk, _m in keys])
        shown = {row.pk: row for row in source.read(public)}
        return [
            source.serialize(shown[pk]) if pk in shown else _deleted(kind, f"{source.prefix}{pk}", modified)
            for pk, modified in keys
        ]

    return Segment(rows.count(), read)


def _removed(kind: Kind, lookups: dict[str, Any]) -> dict[int, Segment]:
    """Each source's rows that were deleted (their deletion is in the audit trail), by the
    source's place in `kind.sources`: `deleted: true` with the moment of the deletion as
    `modified`, in the order they were deleted. Filtered by `modified_*`; with a `created_*`
    filter they are left out, since when they were created is no longer known; so is a source
    with a `universe` (whether a deleted row was of that type, had a place or an extract, is
    unknown). One query counts them for every source of the kind; a source's page of them is one
    more, only where the page reaches them."""
    if any(lookup.startswith("created_at") for lookup in lookups):
        return {}
    deleted = AuditEvent.objects.filter(
        action=AuditEvent.Action.DELETE,
        **{lookup.replace("updated_at", "at"): moment for lookup, moment in lookups.items()},
    )
    wheres: dict[int, Q] = {}
    for place, source in enumerate(kind.sources):
        if source.universe is None:
            alive = source.model._default_manager.annotate(pk_text=Cast("pk", CharField())).values("pk_text")
            wheres[place] = Q(target_type=ContentType.objects.get_for_model(source.model)) & ~Q(target_id__in=alive)
    if not wheres:
        return {}
    counts = deleted.aggregate(**{f"s{place}": Count("pk", filter=where) for place, where in wheres.items()})

    def segment(where: Q, count: int, prefix: str) -> Segment:
        events = deleted.filter(where).order_by("pk")

        def read(lo: int, hi: int) -> list[Json]:
            return [
                _deleted(kind, f"{prefix}{target}", moment)
                for target, moment in events.values_list("target_id", "at")[lo:hi]
            ]

        return Segment(count, read)

    return {
        place: segment(where, counts[f"s{place}"] or 0, kind.sources[place].prefix) for place, where in wheres.items()
    }


def _page(request: HttpRequest, kind: Kind, narrow: dict[str, Any] | None = None) -> HttpResponse:
    """One page of a kind's list: each source's rows one after the other (public rows as their
    objects, hidden ones as deleted), then its deleted rows (OParl 1.1: a deleted object stays
    in the lists with `deleted: true`). One count per segment, then the rows of the page."""
    try:
        lookups, kept, omit_internal, page = _filters(request)
    except BadRequest as exc:
        return error(400, str(exc))
    removed = {} if narrow else _removed(kind, lookups)
    segments: list[Segment] = []
    for place, source in enumerate(kind.sources):
        segments.append(_rows(kind, source, narrow or {}, lookups))
        if place in removed:
            segments.append(removed[place])
    total = sum(segment.count for segment in segments)
    size = kind.page_size
    pages = max(1, math.ceil(total / size))
    if page > pages:
        return error(404, f"Sidan {page} finns inte; listan har {pages} sidor / page {page} does not exist")
    start, end = (page - 1) * size, page * size
    data: list[Json] = []
    offset = 0
    for segment in segments:
        lo, hi = max(start - offset, 0), min(end - offset, segment.count)
        if lo < hi:
            data.extend(segment.read(lo, hi))
        offset += segment.count
    if omit_internal:
        data = [d if d.get("deleted") else _without_internal(d) for d in data]

    def link(number: int) -> str:
        return objects.absolute(request.path + "?" + urlencode(kept | {"page": str(number)}))

    links = {"first": link(1), "last": link(pages), "self": link(page)}
    if page > 1:
        links["prev"] = link(page - 1)
    if page < pages:
        links["next"] = link(page + 1)
    return answer(
        {
            "data": data,
            "pagination": {
                "totalElements": total,
                "elementsPerPage": size,
                "currentPage": page,
                "totalPages": pages,
            },
            "links": links,
        }
    )


@in_swedish
def object_list(request: HttpRequest, kind: str) -> HttpResponse:
    if kind == "body":
        return _body_list(request)
    found = KINDS.get(kind)
    if found is None:
        return error(404, f"OParl-typen '{kind}' finns inte här / no such list")
    return _page(request, found)


def _body_list(request: HttpRequest) -> HttpResponse:
    try:
        lookups, kept, omit_internal, page = _filters(request)
    except BadRequest as exc:
        return error(400, str(exc))
    if page > 1:
        return error(404, f"Sidan {page} finns inte; listan har 1 sida / page {page} does not exist")
    body = objects.body_json()
    data = [_without_internal(body) if omit_internal else body]
    # The one Body is in the list when its times match the filters (all of them; a Body
    # without organizations has no times and matches only no filter).
    created, modified = objects.body_times()
    times = {"created_at": created, "updated_at": modified}
    for lookup, moment in lookups.items():
        field_name, op = lookup.split("__")
        value = times[field_name]
        if value is None or (value < moment if op == "gte" else value > moment):
            data = []
    url = objects.absolute(request.path + "?" + urlencode(kept | {"page": "1"}))
    return answer(
        {
            "data": data,
            "pagination": {"totalElements": len(data), "elementsPerPage": PAGE_SIZE, "currentPage": 1, "totalPages": 1},
            "links": {"first": url, "last": url, "self": url},
        }
    )


@in_swedish
def organization_meetings(request: HttpRequest, ident: str) -> HttpResponse:
    """The meetings of one body (OParl's Organization.meeting)."""
    found = KINDS["organization"].source_for(ident)
    if found is None or found[0].model is not objects.Body or not objects.Body.objects.filter(pk=found[1]).exists():
        return error(404, "Organisationen finns inte eller har inga sammanträden / no such organization")
    return _page(request, KINDS["meeting"], {"body_id": found[1]})


# --- Objects -----------------------------------------------------------------------------------


def _deleted(kind: Kind, ident: str, moment: datetime.datetime) -> Json:
    return {
        "id": objects.object_url(kind.name, ident),
        "type": objects.SCHEMA + kind.type_name,
        "deleted": True,
        "modified": objects.stamp(moment),
    }


def _find(kind: Kind, ident: str) -> tuple[Json | None, int]:
    """The public object; a tombstone for a row that is not public or was deleted; else 404."""
    found = kind.source_for(ident)
    if found is None:
        return None, 404
    source, pk = found
    row = next(iter(source.read(source.public().filter(pk=pk))), None)
    if row is not None:
        return source.serialize(row), 200
    hidden = source.model._default_manager.filter(pk=pk).values_list("updated_at", flat=True).first()
    if hidden is not None:
        return _deleted(kind, ident, hidden), 200
    removal = (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.DELETE,
            target_type=ContentType.objects.get_for_model(source.model),
            target_id=str(pk),
        )
        .values_list("at", flat=True)
        .first()
    )
    if removal is not None:
        return _deleted(kind, ident, removal), 200
    return None, 404


@in_swedish
def object_detail(request: HttpRequest, kind: str, ident: str) -> HttpResponse:
    if kind == "body":
        if ident != objects.BODY_IDENT:
            return error(404, "Det finns en enda Body här / there is one Body only")
        return answer(objects.body_json())
    found_kind = KINDS.get(kind)
    data, status = _find(found_kind, ident) if found_kind else (None, 404)
    if data is None:
        return error(status, f"{kind} '{ident}' finns inte / does not exist")
    return answer(data)


# --- Files ---------------------------------------------------------------------------------------


def _file_response(ident: str, *, download: bool) -> HttpResponse | FileResponse:
    """The file's bytes with Content-Type, Content-Length, Last-Modified and (for a download)
    Content-Disposition: attachment. Only what the public may see; anything else 404."""
    found = KINDS["file"].source_for(ident)
    if found is None:
        return error(404, "Filen finns inte / no such file")
    source, pk = found
    row = source.public().filter(pk=pk).first()
    if row is None:
        return error(404, "Filen finns inte / no such file")
    if isinstance(row, objects.Minutes):
        from samverkan.meetings.pdf import render_minutes

        data = render_minutes(row, public=True)
        response: HttpResponse | FileResponse = HttpResponse(data, content_type="application/pdf")
        name, modified = objects.minutes_file_name(row), row.updated_at
        response["Content-Length"] = str(len(data))
        disposition = "attachment" if download else "inline"
        response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    else:
        stored, content_type, name, size = _stored(row)
        response = FileResponse(stored.open("rb"), content_type=content_type, as_attachment=download, filename=name)
        response["Content-Length"] = str(size)
        modified = row.created_at
    response["Last-Modified"] = http_date(modified.timestamp())
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _stored(row: Any) -> tuple[Any, str, str, int]:
    """(stored file, content type, file name, size) of a stored paper."""
    if isinstance(row, objects.Response):
        return row.extract, "application/pdf", row.extract_name or "utdrag.pdf", row.extract.size
    return row.file, row.content_type, row.original_name or row.title, row.size


@require_safe
def file_access(request: HttpRequest, ident: str) -> HttpResponse | FileResponse:
    return _file_response(ident, download=False)


@require_safe
def file_download(request: HttpRequest, ident: str) -> HttpResponse | FileResponse:
    return _file_response(ident, download=True)


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Anything else under /oparl/: a JSON 404 rather than the site's HTML page."""
    return error(404, f"{request.path} finns inte; OParl-systemet är {reverse('oparl:system')} / not found")
