"""The OParl objects: which rows each type is made of, what the public may see of them, and
how one row becomes one OParl object.

Every type is a `Kind` made of one or more `Source`s (an OParl Organization is a body or a
principal; an OParl File is a paper of an agenda item, published minutes, a paper of a
recommendation or an extract of a principal's answer). A source's identifiers carry a prefix
(`organ-12`, `huvudman-3`); its public queryset holds exactly what the public site shows and
fetches what the serializer reads, so a list page costs the same number of queries whatever
the size of the data. Rows that exist but are not public (a confidential item, a withdrawn
paper) and rows that were deleted (the audit trail keeps their deletion) answer as
`deleted: true`, with nothing else of them.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, NamedTuple
from urllib.parse import quote

from django.conf import settings
from django.db.models import Model, Prefetch, Q, QuerySet
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from samverkan.api.paths import int_path
from samverkan.documents.models import Reading
from samverkan.meetings.models import AgendaItem, Attachment, Attendance, Meeting, Minutes
from samverkan.meetings.selectors import public_items, published_minutes
from samverkan.referrals.models import Paper as RecommendationPaper
from samverkan.referrals.models import Recipient, Recommendation, Response
from samverkan.referrals.selectors import public_recommendations
from samverkan.structure.models import Body, Membership, Person, Principal, Term

SCHEMA = "https://schema.oparl.org/1.1/"
BODY_IDENT = "samverkan"
BODY_NAME = "Samverkan"
PAGE_SIZE = 100
MEETING_PAGE_SIZE = 20

Json = dict[str, Any]


# --- Addresses --------------------------------------------------------------------------------


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def list_url(kind: str) -> str:
    return absolute(reverse("oparl:list", kwargs={"kind": kind}))


class _Here(NamedTuple):
    prefix: str
    urlconf: Any
    zone: datetime.tzinfo


_bound: ContextVar[_Here | None] = ContextVar("oparl_here", default=None)


def _now_here() -> _Here:
    return _Here(get_script_prefix(), get_urlconf(), timezone.get_current_timezone())


def _here() -> _Here:
    """The script prefix, URL configuration and time zone the addresses and moments are written
    in: those bound for the request (bound()), else looked up now. Each of Django's lookups reads
    a thread-local (a few µs), and a list page writes about a thousand addresses and moments."""
    found = _bound.get()
    return found if found is not None else _now_here()


@contextmanager
def bound() -> Iterator[None]:
    """Looks the request's script prefix, URL configuration and time zone up once, for every
    address and moment written inside (the views answer within it)."""
    token = _bound.set(_now_here())
    try:
        yield
    finally:
        _bound.reset(token)


_IDENT = "0ident0"  # a placeholder the path converter takes and no kind's name holds
_SAFE = "!$&'()*+,;=~:@"  # what Django's reverse() leaves unquoted in a path (less "/")
_PLAIN = re.compile(r"[-A-Za-z0-9_.~]*")  # what quote() returns unchanged (a number, organ-12)


@functools.lru_cache(maxsize=256)
def _object_path(kind: str, prefix: str, urlconf: Any) -> str:
    return reverse("oparl:object", kwargs={"kind": kind, "ident": _IDENT}, urlconf=urlconf)


@functools.lru_cache(maxsize=16)
def _meeting_path(prefix: str, urlconf: Any) -> str:
    return reverse("meetings:meeting_detail", kwargs={"pk": 0}, urlconf=urlconf)


def meeting_web(meeting_id: int) -> str:
    """Meeting.get_absolute_url() without a reverse() per agenda item."""
    here = _here()
    return _meeting_path(here.prefix, here.urlconf).replace("/0/", f"/{int(meeting_id)}/")


def object_url(kind: str, ident: str | int) -> str:
    """The object's address: reverse() once per kind (a list page names thousands of objects;
    reversing each cost a third of its time), the ident quoted as reverse() would."""
    here = _here()
    path = _object_path(kind, here.prefix, here.urlconf)
    text = str(ident)
    return absolute(path.replace(_IDENT, text if _PLAIN.fullmatch(text) else quote(text, safe=_SAFE)))


@functools.lru_cache(maxsize=64)
def _ident_path(name: str, prefix: str, urlconf: Any) -> str:
    return reverse(name, kwargs={"ident": _IDENT}, urlconf=urlconf)


def system_url() -> str:
    return absolute(reverse("oparl:system"))


def body_url() -> str:
    return object_url("body", BODY_IDENT)


def organ_url(body_id: int) -> str:
    return object_url("organization", f"organ-{body_id}")


def principal_url(principal_id: int) -> str:
    return object_url("organization", f"huvudman-{principal_id}")


def file_urls(ident: str) -> tuple[str, str]:
    """The file's accessUrl and downloadUrl."""
    quoted = quote(ident, safe=_SAFE)
    prefix, urlconf, _zone = _here()
    return (
        absolute(_ident_path("oparl:file_access", prefix, urlconf).replace(_IDENT, quoted)),
        absolute(_ident_path("oparl:file_download", prefix, urlconf).replace(_IDENT, quoted)),
    )


def stamp(value: datetime.datetime | None) -> str | None:
    """A moment as OParl writes it: ISO 8601 with the offset, in the site's time zone."""
    return timezone.localtime(value, _here().zone).isoformat(timespec="seconds") if value else None


def day(value: datetime.date | datetime.datetime | None) -> str | None:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value, _here().zone).date().isoformat()
    return value.isoformat() if value else None


def common(kind: str, type_name: str, ident: str | int, row: Any, web: str | None) -> Json:
    """id, type, created, modified and web, which every object has."""
    data: Json = {"id": object_url(kind, ident), "type": SCHEMA + type_name}
    data["created"] = stamp(row.created_at)
    data["modified"] = stamp(row.updated_at)
    if web:
        data["web"] = absolute(web)
    return data


@functools.lru_cache(maxsize=32)
def _choices(model: type[Model], name: str) -> dict[Any, Any]:
    return dict(model._meta.get_field(name).flatchoices)  # type: ignore[union-attr]


def display(model: type[Model], name: str, value: Any) -> str:
    """`row.get_<name>_display()` for a row read as plain values: the choice's label in the
    active language (the value itself when it is no choice)."""
    return str(_choices(model, name).get(value, value))


def clean(data: Json) -> Json:
    """Leaves out what Samverkan does not know (None, empty text) rather than sending nulls,
    which OParl's schemas do not allow."""
    return {k: v for k, v in data.items() if v is not None and v != ""}


# --- Serializers ---------------------------------------------------------------------------


def term_json(term: Term) -> Json:
    return clean(
        common("legislativeTerm", "LegislativeTerm", term.pk, term, None)
        | {"body": body_url(), "name": term.name, "startDate": day(term.start), "endDate": day(term.end)}
    )


def organ_json(body: Body) -> Json:
    ident = f"organ-{body.pk}"
    return clean(
        common("organization", "Organization", ident, body, body.get_absolute_url())
        | {
            "body": body_url(),
            "name": body.name,
            "shortName": body.short_name,
            "organizationType": "Gremium",
            "classification": f"{body.get_kind_display()}, {body.get_level_display()}",
            "membership": [object_url("membership", m.pk) for m in body.memberships.all()],
            "meeting": absolute(reverse("oparl:organization_meetings", kwargs={"ident": ident})),
            "subOrganizationOf": organ_url(body.parent_id) if body.parent_id else None,
            "startDate": day(body.active_from),
            "endDate": day(body.active_to),
        }
    )


def principal_json(principal: Principal) -> Json:
    return clean(
        common("organization", "Organization", f"huvudman-{principal.pk}", principal, principal.get_absolute_url())
        | {
            "body": body_url(),
            "name": principal.name,
            "shortName": principal.short_name,
            "organizationType": "Institution",
            "classification": principal.get_kind_display(),
            "website": principal.website,
        }
    )


def membership_json(membership: Membership) -> Json:
    return clean(
        common("membership", "Membership", membership.pk, membership, membership.body.get_absolute_url())
        | {
            "person": object_url("person", membership.person_id),
            "organization": organ_url(membership.body_id),
            "role": membership.get_role_display(),
            "startDate": day(membership.start),
            "endDate": day(membership.end),
            "onBehalfOf": principal_url(membership.principal_id) if membership.principal_id else None,
            "keyword": [membership.party] if membership.party else None,
        }
    )


def person_json(person: Person) -> Json:
    return clean(
        common("person", "Person", person.pk, person, person.get_absolute_url())
        | {
            "body": body_url(),
            "name": person.name,
            "status": [person.title] if person.title else None,
            "membership": [membership_json(m) for m in person.memberships.all()],
        }
    )


def location_json(meeting: Meeting) -> Json:
    """A meeting's place. Online links are never published: only the invited get them."""
    return clean(
        common("location", "Location", f"mote-{meeting.pk}", meeting, meeting_web(meeting.pk))
        | {
            "description": ", ".join(p for p in (meeting.location_name, meeting.address, meeting.room) if p),
            "streetAddress": meeting.address,
            "room": meeting.room,
            "meetings": [object_url("meeting", meeting.pk)],
        }
    )


def has_place(meeting: Meeting) -> bool:
    return bool(meeting.location_name or meeting.address or meeting.room)


def attachment_json(paper: Attachment) -> Json:
    ident = f"bilaga-{paper.pk}"
    access, download = file_urls(ident)
    return clean(
        common("file", "File", ident, paper, int_path("meetings:attachment", paper.item.meeting_id, paper.pk))
        | {
            "name": paper.title,
            "fileName": paper.original_name,
            "mimeType": paper.content_type,
            "date": day(paper.created_at),
            "size": paper.size,
            "accessUrl": access,
            "downloadUrl": download,
            "meeting": [object_url("meeting", paper.item.meeting_id)],
            "agendaItem": [object_url("agendaItem", paper.item_id)],
        }
    )


def minutes_file_name(minutes: Minutes) -> str:
    return f"protokoll-{timezone.localdate(minutes.meeting.start):%Y-%m-%d}.pdf"


def minutes_json(minutes: Minutes) -> Json:
    ident = f"protokoll-{minutes.pk}"
    access, download = file_urls(ident)
    meeting = minutes.meeting
    return clean(
        common("file", "File", ident, minutes, int_path("meetings:minutes", meeting.pk))
        | {
            "name": f"Protokoll {meeting.body.name} {timezone.localdate(meeting.start):%Y-%m-%d}",
            "fileName": minutes_file_name(minutes),
            "mimeType": "application/pdf",
            "date": day(minutes.adjusted_at or minutes.published_at),
            "accessUrl": access,
            "downloadUrl": download,
            "meeting": [object_url("meeting", meeting.pk)],
        }
    )


def paper_file_json(paper: RecommendationPaper) -> Json:
    ident = f"handling-{paper.pk}"
    access, download = file_urls(ident)
    return clean(
        common("file", "File", ident, paper, int_path("referrals:paper", paper.recommendation_id, paper.pk))
        | {
            "name": paper.title,
            "fileName": paper.original_name,
            "mimeType": paper.content_type,
            "date": day(paper.created_at),
            "size": paper.size,
            "accessUrl": access,
            "downloadUrl": download,
            "paper": [object_url("paper", paper.recommendation_id)],
        }
    )


def extract_json(response: Response) -> Json:
    ident = f"utdrag-{response.pk}"
    access, download = file_urls(ident)
    recommendation_id = response.recipient.recommendation_id
    return clean(
        common("file", "File", ident, response, int_path("referrals:extract", recommendation_id, response.pk))
        | {
            "name": f"Protokollsutdrag, {response.recipient.principal.name}",
            "fileName": response.extract_name or "utdrag.pdf",
            "mimeType": "application/pdf",
            "date": day(response.decided_on),
            "accessUrl": access,
            "downloadUrl": download,
            "paper": [object_url("paper", recommendation_id)],
        }
    )


def item_json(item: AgendaItem, *, published: bool) -> Json:
    """An agenda item; its decision only once the meeting's minutes are published (before
    that it is a draft)."""
    decision = ""
    if published:
        clauses = "\n".join(f"att {c}" for c in item.clauses or [])
        decision = "\n".join(part for part in (item.decision, clauses) if part)
    origins = [r for r in getattr(item, "public_recommendations", [])]
    return clean(
        common("agendaItem", "AgendaItem", item.pk, item, meeting_web(item.meeting_id))
        | {
            "meeting": object_url("meeting", item.meeting_id),
            "number": item.label if published else str(item.position),
            "order": item.position,
            "name": item.title,
            "public": True,
            "consultation": object_url("consultation", f"beslut-{origins[0].pk}") if origins else None,
            "resolutionText": decision,
            "auxiliaryFile": [attachment_json(a) for a in _attachments_of(item)] or None,
        }
    )


def _attachments_of(item: AgendaItem) -> list[Attachment]:
    """The item's attachments as prefetched by _items() (a list: asking the related manager for
    them cloned a query per item, a fifth of a list page's time), else from the database."""
    found: list[Attachment] | None = getattr(item, "oparl_attachments", None)
    return found if found is not None else list(item.attachments.all())


def minutes_published(meeting: Meeting) -> Minutes | None:
    minutes = getattr(meeting, "minutes", None)
    return minutes if minutes is not None and minutes.is_published else None


def meeting_json(meeting: Meeting) -> Json:
    minutes = minutes_published(meeting)
    data = common("meeting", "Meeting", meeting.pk, meeting, meeting_web(meeting.pk)) | {
        "name": f"{meeting.body.name} {timezone.localdate(meeting.start):%Y-%m-%d}",
        "meetingState": display(Meeting, "status", meeting.status),
        "cancelled": meeting.status == Meeting.Status.CANCELLED,
        "organization": [organ_url(meeting.body_id)],
        # OParl has only start and end, both moments; the day as a date for clients that need
        # one when the time is not decided yet (start is then left out).
        "samverkan:date": day(meeting.start),
    }
    if meeting.time_decided:  # a meeting whose time is undecided has no start to tell
        data["start"] = stamp(meeting.start)
        data["end"] = stamp(meeting.end)
    else:
        data["keyword"] = ["tid ej bestämd"]
    if has_place(meeting):
        data["location"] = location_json(meeting)
    if minutes is not None:
        data["participant"] = [object_url("person", a.person_id) for a in getattr(meeting, "present", [])]
        data["resultsProtocol"] = minutes_json(minutes)
    data["agendaItem"] = [item_json(i, published=minutes is not None) for i in getattr(meeting, "public_items", [])]
    return clean(data)


def recipient_json(recipient: Recipient) -> Json:
    """A principal's part in a recommendation: asked to decide (or to answer), and its answer."""
    recommendation = recipient.recommendation
    response = recipient.current_response
    data = common(
        "consultation", "Consultation", f"mottagare-{recipient.pk}", recipient, recommendation.get_absolute_url()
    ) | {
        "paper": object_url("paper", recommendation.pk),
        "organization": [principal_url(recipient.principal_id)],
        "authoritative": recommendation.kind == Recommendation.Kind.DECISION,
        "role": "Beslut" if recommendation.kind == Recommendation.Kind.DECISION else "Yttrande",
    }
    if response is not None:
        data["samverkan:answer"] = response.get_answer_display()
        data["samverkan:answered"] = stamp(response.answered_at)
        data["samverkan:decidedOn"] = day(response.decided_on)
        data["samverkan:decidedBy"] = response.decided_by_name or response.get_decided_by_display()
        data["samverkan:paragraph"] = response.paragraph
        data["samverkan:late"] = response.late
        if response.extract and response.extract_reading == Reading.READ:
            data["samverkan:extract"] = object_url("file", f"utdrag-{response.pk}")
    return clean(data)


def origin_json(recommendation: Recommendation) -> Json:
    """The body's decision to send the recommendation, at the agenda item that decided it."""
    item = recommendation.agenda_item
    assert item is not None
    return clean(
        common(
            "consultation",
            "Consultation",
            f"beslut-{recommendation.pk}",
            recommendation,
            recommendation.get_absolute_url(),
        )
        | {
            "paper": object_url("paper", recommendation.pk),
            "agendaItem": object_url("agendaItem", item.pk),
            "meeting": object_url("meeting", item.meeting_id),
            "organization": [organ_url(recommendation.body_id)],
            "authoritative": False,
            "role": "Beslut om rekommendation" if recommendation.kind == "decision" else "Beslut om remiss",
        }
    )


def paper_json(recommendation: Recommendation) -> Json:
    papers = list(recommendation.papers.all())
    consultations = [recipient_json(r) for r in recommendation.recipients.all()]
    item = recommendation.agenda_item
    if item is not None and not item.confidential:
        consultations.insert(0, origin_json(recommendation))
    matter = item.matter if item is not None and not item.confidential else None
    return clean(
        common("paper", "Paper", recommendation.pk, recommendation, recommendation.get_absolute_url())
        | {
            "body": body_url(),
            "name": recommendation.title,
            "reference": matter.reference if matter else None,
            "date": day(recommendation.sent_at),
            "paperType": "Rekommendation" if recommendation.kind == Recommendation.Kind.DECISION else "Remiss",
            "mainFile": paper_file_json(papers[0]) if papers else None,
            "auxiliaryFile": [paper_file_json(p) for p in papers[1:]] or None,
            "underDirectionOf": [organ_url(recommendation.body_id)],
            "originatorOrganization": [organ_url(recommendation.body_id)],
            "consultation": consultations,
            "keyword": ["återkallad"] if recommendation.status == Recommendation.Status.WITHDRAWN else None,
        }
    )


# --- What the public sees, fetched for the serializers -----------------------------------------


def _memberships() -> QuerySet[Membership]:
    return Membership.objects.order_by("pk")


def organs() -> QuerySet[Body]:
    return Body.objects.prefetch_related(Prefetch("memberships", queryset=_memberships().only("pk", "body_id")))


def people() -> QuerySet[Person]:
    return Person.objects.prefetch_related(Prefetch("memberships", queryset=_memberships().select_related("body")))


def _attachments() -> QuerySet[Attachment]:
    return Attachment.objects.filter(reading=Reading.READ).select_related("item").order_by("pk")


def _items() -> QuerySet[AgendaItem]:
    return (
        public_items()
        .select_related("meeting")
        .prefetch_related(
            Prefetch("attachments", queryset=_attachments(), to_attr="oparl_attachments"),
            Prefetch(
                "recommendations",
                queryset=public_recommendations().order_by("pk").only("pk", "agenda_item_id"),
                to_attr="public_recommendations",
            ),
        )
    )


def meetings() -> QuerySet[Meeting]:
    return Meeting.objects.all()


class Row(SimpleNamespace):
    """A row read as plain values, with the attributes the serializers read of its model (and
    its related rows as Rows): the serializers take either."""


_MEETING = ("pk", "created_at", "updated_at", "body_id", "start", "end", "time_decided", "status")
_PLACE = ("location_name", "address", "room")
_MINUTES = ("pk", "created_at", "updated_at", "status", "adjusted_at", "published_at")
_ITEM = ("pk", "created_at", "updated_at", "meeting_id", "position", "paragraph", "title", "decision", "clauses")
_ATTACHMENT = ("pk", "created_at", "updated_at", "item_id", "title", "original_name", "content_type", "size")


def meeting_rows(found: QuerySet[Meeting]) -> list[Row]:
    """The meetings with what meeting_json embeds (their body's name, published minutes, public
    items with their read attachments and the first public recommendation decided at each, the
    people present) as plain values: five queries, and none of the model instances and prefetch
    machinery that cost seven times the SQL on a list page (issue 19). The minutes are read
    without their frozen content: the File of the minutes names them, it does not carry them."""
    minutes_fields = [f"minutes__{name}" for name in _MINUTES]
    meetings: dict[int, Row] = {}
    for values in found.values(*_MEETING, *_PLACE, "body__name", *minutes_fields):
        meeting = Row(**{name: values[name] for name in (*_MEETING, *_PLACE)})
        meeting.body = Row(name=values["body__name"])
        meeting.minutes = None
        if values["minutes__pk"] is not None:
            minutes = Row(**{name: values[f"minutes__{name}"] for name in _MINUTES}, meeting=meeting)
            minutes.is_published = Minutes.published(minutes.status, minutes.published_at)
            meeting.minutes = minutes
        meeting.public_items = []
        meeting.present = []
        meetings[meeting.pk] = meeting
    if not meetings:
        return []
    items: dict[int, Row] = {}
    shown = public_items().filter(meeting_id__in=list(meetings))
    for values in shown.values(*_ITEM):
        item = Row(**values, oparl_attachments=[], public_recommendations=[])
        item.label = AgendaItem.label.fget(item)  # type: ignore[attr-defined]
        meetings[item.meeting_id].public_items.append(item)
        items[item.pk] = item
    if items:
        # The items as a subquery: a list of their hundreds of ids cost more to build than the SQL.
        for values in (
            Attachment.objects.filter(reading=Reading.READ, item__in=shown).order_by("pk").values(*_ATTACHMENT)
        ):
            item = items[values["item_id"]]
            item.oparl_attachments.append(Row(**values, item=item))
        decided = public_recommendations().filter(agenda_item__in=shown).order_by("pk")
        for item_id, pk in decided.values_list("agenda_item_id", "pk"):
            items[item_id].public_recommendations.append(Row(pk=pk))
    # A participant is named by its person's address only.
    present = Attendance.objects.filter(status=Attendance.Status.PRESENT, meeting_id__in=list(meetings)).order_by("pk")
    for meeting_id, person_id in present.values_list("meeting_id", "person_id"):
        meetings[meeting_id].present.append(Row(person_id=person_id))
    return list(meetings.values())


def items() -> QuerySet[AgendaItem]:
    return _items().select_related("meeting__minutes")


def item_object(item: AgendaItem) -> Json:
    return item_json(item, published=minutes_published(item.meeting) is not None)


def places() -> QuerySet[Meeting]:
    return Meeting.objects.filter(~Q(location_name="") | ~Q(address="") | ~Q(room=""))


def papers() -> QuerySet[Recommendation]:
    return (
        public_recommendations()
        .select_related("agenda_item__matter")
        .prefetch_related(
            Prefetch("papers", queryset=RecommendationPaper.objects.filter(reading=Reading.READ).order_by("pk")),
            Prefetch("recipients", queryset=_recipients()),
        )
    )


def _recipients() -> QuerySet[Recipient]:
    return Recipient.objects.select_related("recommendation", "current_response").order_by("pk")


def recipients() -> QuerySet[Recipient]:
    return _recipients().filter(recommendation__in=public_recommendations())


def origins() -> QuerySet[Recommendation]:
    return public_recommendations().filter(agenda_item__confidential=False).select_related("agenda_item")


def attachments() -> QuerySet[Attachment]:
    return _attachments().filter(item__confidential=False)


def minutes_files() -> QuerySet[Minutes]:
    return published_minutes()


def recommendation_papers() -> QuerySet[RecommendationPaper]:
    return RecommendationPaper.objects.filter(recommendation__in=public_recommendations(), reading=Reading.READ)


def extracts() -> QuerySet[Response]:
    return (
        Response.objects.filter(recipient__recommendation__in=public_recommendations(), extract_reading=Reading.READ)
        .exclude(extract="")
        .select_related("recipient__principal")
    )


# --- The types ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One model's rows as one OParl type: identifiers `<prefix><pk>`."""

    model: type[Model]
    public: Callable[[], QuerySet[Any]]
    serialize: Callable[[Any], Json]
    prefix: str = ""
    # The rows that are of this type at all, public or not (the lists hold the others as
    # deleted): by default all of the model's; e.g. only the answers that have an extract.
    universe: Callable[[], QuerySet[Any]] | None = None
    # How public rows are read for `serialize`: by default as model instances (the public
    # queryset fetches what the serializer reads); e.g. as plain values (meeting_rows).
    load: Callable[[QuerySet[Any]], Iterable[Any]] | None = None

    def rows(self) -> QuerySet[Any]:
        return self.universe() if self.universe is not None else self.model._default_manager.all()

    def read(self, public: QuerySet[Any]) -> Iterable[Any]:
        """The rows of `public` (narrowed from `self.public()`), ready for `serialize`."""
        return self.load(public) if self.load is not None else public


@dataclass(frozen=True)
class Kind:
    name: str  # as in the URL, OParl's own spelling (agendaItem, legislativeTerm)
    type_name: str
    sources: list[Source] = field(default_factory=list)
    page_size: int = PAGE_SIZE  # OParl lets the server choose (elementsPerPage)

    def source_for(self, ident: str) -> tuple[Source, int] | None:
        for source in self.sources:
            if source.prefix and not ident.startswith(source.prefix):
                continue
            rest = ident[len(source.prefix) :]
            if rest.isdigit() and not rest.startswith("0"):
                return source, int(rest)
        return None


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in [
        Kind(
            "organization",
            "Organization",
            [
                Source(Body, organs, organ_json, "organ-"),
                Source(Principal, Principal.objects.all, principal_json, "huvudman-"),
            ],
        ),
        Kind("person", "Person", [Source(Person, people, person_json)]),
        Kind(
            "membership",
            "Membership",
            [Source(Membership, lambda: Membership.objects.select_related("body"), membership_json)],
        ),
        # A meeting embeds its agenda items: 100 of them were 1 MB a page (issue 19), over the
        # page cache's limit and 100x the benchmark's floor to build.
        Kind(
            "meeting",
            "Meeting",
            [Source(Meeting, meetings, meeting_json, load=meeting_rows)],
            page_size=MEETING_PAGE_SIZE,
        ),
        Kind("agendaItem", "AgendaItem", [Source(AgendaItem, items, item_object)]),
        Kind("paper", "Paper", [Source(Recommendation, papers, paper_json)]),
        Kind(
            "consultation",
            "Consultation",
            [
                Source(
                    Recommendation,
                    origins,
                    origin_json,
                    "beslut-",
                    lambda: Recommendation.objects.filter(agenda_item__isnull=False),
                ),
                Source(Recipient, recipients, recipient_json, "mottagare-"),
            ],
        ),
        Kind(
            "file",
            "File",
            [
                Source(Attachment, attachments, attachment_json, "bilaga-"),
                Source(Minutes, minutes_files, minutes_json, "protokoll-"),
                Source(RecommendationPaper, recommendation_papers, paper_file_json, "handling-"),
                Source(Response, extracts, extract_json, "utdrag-", lambda: Response.objects.exclude(extract="")),
            ],
        ),
        Kind("location", "Location", [Source(Meeting, places, location_json, "mote-", places)]),
        Kind("legislativeTerm", "LegislativeTerm", [Source(Term, Term.objects.all, term_json)]),
    ]
}


def system_json() -> Json:
    return {
        "id": system_url(),
        "type": SCHEMA + "System",
        "oparlVersion": SCHEMA,
        "body": list_url("body"),
        "name": BODY_NAME,
        "website": absolute("/"),
        "web": absolute("/"),
    }


def body_times() -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """The Body's created (its first organization's) and modified (its latest changed
    organization's): the Body is made of its bodies and principals."""
    first = Body.objects.order_by("created_at").values_list("created_at", flat=True).first()
    last = [
        model.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
        for model in (Body, Principal)
    ]
    return first, max((t for t in last if t is not None), default=None)


def body_json() -> Json:
    """The one OParl Body: the collaboration this installation serves. Its bodies and
    principals are its Organizations."""
    created, modified = body_times()
    data: Json = {
        "id": body_url(),
        "type": SCHEMA + "Body",
        "system": system_url(),
        "name": BODY_NAME,
        "website": absolute("/"),
        "organization": list_url("organization"),
        "person": list_url("person"),
        "meeting": list_url("meeting"),
        "paper": list_url("paper"),
        "agendaItem": list_url("agendaItem"),
        "consultation": list_url("consultation"),
        "file": list_url("file"),
        "locationList": list_url("location"),
        "legislativeTermList": list_url("legislativeTerm"),
        "membership": list_url("membership"),
        "legislativeTerm": [term_json(t) for t in Term.objects.order_by("pk")],
        "classification": "Samverkan mellan region och kommuner",
        "web": absolute("/"),
        "created": stamp(created),
        "modified": stamp(modified),
    }
    return clean(data)
