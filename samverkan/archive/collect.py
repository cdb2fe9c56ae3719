"""What goes into a body's archive package for one year, read from the domain apps.

A package holds the public records (allmänna handlingar) of one body and one calendar year:

* every meeting of the year that was not cancelled: the notice as sent, the agenda papers, and,
  once the minutes are adjusted and published, the minutes as PDF/A with their frozen content
  (JSON), the notice of adjustment and an extract of every paragraph with a decision;
* every recommendation the body sent that year, with each principal's answers (the history,
  not only the current one) and the extracts of minutes they came with;
* the body's agreements with something that happened that year (registered, adopted, extended,
  renamed, a version adopted), with their versions.

Confidential items (with their papers and extracts), recommendations and agreements not marked
public are left out of an open package; they are included only in a closed one, which says so
in every place an archive looks (see writer.py). Drafts are never included: they are not yet
records. Nothing here depends on the day it runs, so the same data gives the same package.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from samverkan.agreements.models import Agreement
from samverkan.documents.models import Reading
from samverkan.meetings import services as meeting_services
from samverkan.meetings.models import AgendaItem, Meeting, Minutes
from samverkan.referrals import selectors as referral_selectors
from samverkan.referrals.models import Recipient, Recommendation, Response
from samverkan.structure.models import Body

SERIES_MEETINGS = "meetings"
SERIES_RECOMMENDATIONS = "recommendations"
SERIES_AGREEMENTS = "agreements"
SERIES_TITLES = {
    SERIES_MEETINGS: "Sammanträden",
    SERIES_RECOMMENDATIONS: "Rekommendationer och remisser till huvudmännen",
    SERIES_AGREEMENTS: "Avtal och överenskommelser",
}

PDF = "application/pdf"
JSON = "application/json"


@dataclass
class FixityCheck:
    """A hash recorded earlier, checked again when the package is made."""

    what: str  # "stored file" or "frozen minutes"
    recorded: str
    computed: str

    @property
    def ok(self) -> bool:
        return bool(self.recorded) and self.recorded == self.computed


@dataclass
class Document:
    """One file of the package, made when the package is written."""

    path: str  # inside the representation's data/ folder
    title: str
    created: datetime.datetime  # when the record it shows came into being (not when it is written)
    mimetype: str
    format_name: str  # as PREMIS names it: "PDF/A-2b", "PDF", "JSON", ...
    make: Callable[[], bytes]
    original_name: str = ""
    confidential: bool = False
    # For a stored file: the SHA-256 recorded when it was received. For the minutes' content:
    # the hash frozen at adjustment. Checked against the bytes when the package is written.
    recorded_sha256: str = ""
    recorded_what: str = ""


@dataclass
class Unit:
    """A meeting, a recommendation or an agreement: a file (akt) of the archival description."""

    series: str
    ref: str  # a stable reference within the package ("meeting-2022-04-28", "agreement-<key>")
    title: str
    date_from: datetime.date | None
    date_to: datetime.date | None
    documents: list[Document] = field(default_factory=list)
    confidential: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass
class Contents:
    body: Body
    year: int
    closed: bool
    units: list[Unit]

    @property
    def documents(self) -> list[Document]:
        return [d for u in self.units for d in u.documents]

    @property
    def has_confidential(self) -> bool:
        return any(u.confidential or any(d.confidential for d in u.documents) for u in self.units)


def slug(text: str, limit: int = 60) -> str:
    """A file or folder name a person can read and every system accepts: 'Föregående protokoll'
    -> 'foregaende-protokoll'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    plain = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return plain[:limit].strip("-") or "dokument"


def file_name(original: str, fallback: str) -> str:
    """A safe name for a stored file: its original name's stem and extension made plain."""
    stem, dot, ext = original.rpartition(".")
    if not dot:
        stem, ext = original, ""
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())[:8]
    return f"{slug(stem or fallback)}.{ext}" if ext else slug(stem or fallback)


def canonical_json(value: Any) -> bytes:
    """The canonical JSON the minutes' hash is computed on (meetings.services.content_hash)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def readable_json(value: Any) -> bytes:
    return (json.dumps(value, sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def iso_day(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).date().isoformat() if moment is not None else None


def _stored(field_file: Any) -> Callable[[], bytes]:
    def read() -> bytes:
        with field_file.open("rb") as handle:
            data: bytes = handle.read()
        return data

    return read


def _format_of(content_type: str) -> str:
    return {
        PDF: "PDF",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    }.get(content_type, content_type)


def _record_documents(
    *,
    folder: str,
    stem: str,
    title: str,
    json_title: str,
    created: datetime.datetime,
    record: dict[str, Any],
    render_pdf: Callable[[dict[str, Any]], bytes],
    confidential: bool,
) -> list[Document]:
    """A record made into a paper: the PDF/A a person reads and the JSON a machine reads."""
    return [
        Document(
            path=f"{folder}/{stem}.pdf",
            title=title,
            created=created,
            mimetype=PDF,
            format_name="PDF/A-2b",
            make=lambda: render_pdf(record),
            confidential=confidential,
        ),
        Document(
            path=f"{folder}/{stem}.json",
            title=json_title,
            created=created,
            mimetype=JSON,
            format_name="JSON",
            make=lambda: readable_json(record),
            confidential=confidential,
        ),
    ]


def _stored_document(*, path: str, title: str, paper: Any, confidential: bool) -> Document:
    """A paper kept as received (an attachment, a recommendation's paper, an agreement's
    version), with the SHA-256 recorded when it came in."""
    return Document(
        path=path,
        title=title,
        created=paper.created_at,
        mimetype=paper.content_type,
        format_name=_format_of(paper.content_type),
        make=_stored(paper.file),
        original_name=paper.original_name,
        confidential=confidential,
        recorded_sha256=paper.sha256,
        recorded_what="stored file",
    )


# --- Which years ----------------------------------------------------------------------------


def years_with_records(body: Body) -> list[int]:
    """The calendar years for which the body has anything to deliver."""
    years: set[int] = set()
    for start in (
        Meeting.objects.filter(body=body).exclude(status=Meeting.Status.CANCELLED).values_list("start", flat=True)
    ):
        years.add(timezone.localtime(start).year)
    for sent in _sent_recommendations(body).values_list("sent_at", flat=True):
        years.add(timezone.localtime(sent).year)
    for agreement in _agreements(body):
        years |= _agreement_years(agreement)
    return sorted(years)


# --- Meetings -------------------------------------------------------------------------------


def _meetings(body: Body, year: int) -> list[Meeting]:
    meetings = (
        Meeting.objects.filter(body=body)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body", "minutes")
        .order_by("start", "pk")
    )
    return [m for m in meetings if timezone.localtime(m.start).year == year]


def _meeting_unit(meeting: Meeting, *, closed: bool) -> Unit:
    from samverkan.meetings import pdf

    day = timezone.localtime(meeting.start).date()
    folder = f"sammantraden/{day.isoformat()}"
    unit = Unit(
        series=SERIES_MEETINGS,
        ref=f"meeting-{day.isoformat()}-{meeting.pk}",
        title=f"Sammanträde {day.isoformat()}",
        date_from=day,
        date_to=day,
    )
    items = list(meeting.items.order_by("position").prefetch_related("attachments"))
    hidden = {i.pk for i in items if i.confidential and not closed}
    public = not closed
    if meeting.notice_sent_at is not None:
        unit.documents.append(
            Document(
                path=f"{folder}/kallelse.pdf",
                title=f"Kallelse till sammanträde {day.isoformat()}",
                created=meeting.notice_sent_at,
                mimetype=PDF,
                format_name="PDF/A-2b",
                make=lambda: pdf.render_notice(meeting, public=public, pdf_variant=pdf.ARCHIVAL_VARIANT),
                confidential=closed and any(i.confidential for i in items),
            )
        )
    for item in items:
        if item.pk in hidden:
            continue
        for attachment in item.attachments.all():
            if not attachment.is_read:  # being read or refused by the reader: not a paper of the record
                continue
            name = file_name(attachment.original_name, attachment.title)
            unit.documents.append(
                _stored_document(
                    path=f"{folder}/handlingar/{item.position:02d}-{slug(item.title, 40)}/{attachment.pk}-{name}",
                    title=f"{attachment.title} (punkt {item.position}. {item.title})",
                    paper=attachment,
                    confidential=item.confidential,
                )
            )
    minutes: Minutes | None = getattr(meeting, "minutes", None)
    if minutes is not None and minutes.is_published and minutes.content:
        _minutes_documents(unit, minutes, folder, items, closed=closed)
    elif minutes is None or not minutes.is_published:
        unit.notes.append("Protokollet är inte justerat och publicerat och ingår därför inte.")
    if hidden:
        unit.notes.append(
            f"{len(hidden)} punkt(er) med sekretess ingår inte i denna öppna leverans (se den slutna leveransen)."
        )
    unit.confidential = closed and any(i.confidential for i in items)
    return unit


def _minutes_documents(unit: Unit, minutes: Minutes, folder: str, items: list[AgendaItem], *, closed: bool) -> None:
    from samverkan.meetings import pdf

    public = not closed
    adjusted = minutes.adjusted_at or minutes.published_at or minutes.updated_at
    has_confidential = any(i.confidential for i in items)
    content = minutes.content if closed else meeting_services.public_content(minutes.content)
    day = unit.date_from
    unit.documents.append(
        Document(
            path=f"{folder}/protokoll.pdf",
            title=f"Protokoll {day}" if minutes.adjusters.exists() else f"Mötesanteckningar {day}",
            created=adjusted,
            mimetype=PDF,
            format_name="PDF/A-2b",
            make=lambda: pdf.render_minutes(minutes, public=public, pdf_variant=pdf.ARCHIVAL_VARIANT),
            confidential=closed and has_confidential,
        )
    )
    unit.documents.append(
        Document(
            path=f"{folder}/protokoll.json",
            title=f"Protokollets innehåll som det låstes vid justeringen {day} (kanonisk JSON)",
            created=adjusted,
            mimetype=JSON,
            format_name="JSON",
            make=lambda: canonical_json(content),
            confidential=closed and has_confidential,
            # The hash frozen at adjustment covers the whole content: it is the file's own hash
            # whenever nothing is left out (a closed package, or minutes without secrets).
            recorded_sha256=minutes.content_hash if (closed or not has_confidential) else "",
            recorded_what="frozen minutes",
        )
    )
    if minutes.posted_on is not None:
        unit.documents.append(
            Document(
                path=f"{folder}/anslag-om-justering.pdf",
                title=f"Anslag/bevis om justering av protokoll {day}",
                created=adjusted,
                mimetype=PDF,
                format_name="PDF/A-2b",
                make=lambda: pdf.render_adjustment_notice(minutes, pdf_variant=pdf.ARCHIVAL_VARIANT),
            )
        )
    for row in content.get("items") or []:
        number = row.get("paragraph")
        if not number or not (row.get("decision") or row.get("clauses")):
            continue
        unit.documents.append(
            Document(
                path=f"{folder}/utdrag/paragraf-{number:03d}.pdf",
                title=f"Protokollsutdrag § {number} {row.get('title', '')}".strip(),
                created=adjusted,
                mimetype=PDF,
                format_name="PDF/A-2b",
                make=_extract_maker(minutes, int(number), public=public),
                confidential=bool(row.get("confidential")),
            )
        )


def _extract_maker(minutes: Minutes, paragraph: int, *, public: bool) -> Callable[[], bytes]:
    from samverkan.meetings import pdf

    return lambda: pdf.render_extract(minutes, paragraph, public=public, pdf_variant=pdf.ARCHIVAL_VARIANT)


# --- Recommendations ------------------------------------------------------------------------


def _sent_recommendations(body: Body) -> Any:
    return Recommendation.objects.filter(body=body, sent_at__isnull=False).exclude(status=Recommendation.Status.DRAFT)


def _recommendations(body: Body, year: int, *, closed: bool) -> list[Recommendation]:
    rows = _sent_recommendations(body).select_related("body", "agenda_item__meeting").order_by("sent_at", "pk")
    if not closed:
        rows = rows.filter(public=True)
    return [r for r in rows if timezone.localtime(r.sent_at).year == year]


def _history(recipient: Recipient) -> list[Response]:
    """Every answer of a recipient from `recipients_with_history` (prefetched), oldest first."""
    return sorted(getattr(recipient, "history", []), key=lambda a: (a.answered_at, a.pk))


def recommendation_record(recommendation: Recommendation) -> dict[str, Any]:
    """The recommendation, its recipients and every answer, as plain data (the PDF and the JSON
    of the package are made from it)."""
    recipients = referral_selectors.recipients_with_history(recommendation)
    result = referral_selectors.outcome_for(recommendation, recipients)
    item = recommendation.agenda_item
    return {
        "title": recommendation.title,
        "body": recommendation.body.name,
        "kind": recommendation.kind,
        "kind_label": str(Recommendation.Kind(recommendation.kind).label),
        "status": recommendation.status,
        "public": recommendation.public,
        "question": recommendation.question,
        "condition": recommendation.condition,
        "background": recommendation.background,
        "rule": recommendation.rule,
        "rule_label": str(Recommendation.Rule(recommendation.rule).label),
        "rule_count": recommendation.rule_count,
        "rule_share": recommendation.rule_share,
        "deadline": recommendation.deadline.isoformat(),
        "sent": iso_day(recommendation.sent_at),
        "decided_under": (
            {
                "meeting": local_date(item.meeting.start).isoformat(),
                "item": item.label,
                "title": item.title,
            }
            if item is not None
            else None
        ),
        "outcome": result.as_dict() if result is not None else None,
        "recipients": [
            {
                "principal": r.principal.name,
                "org_number": r.principal.org_number,
                "invited": iso_day(r.invited_at),
                "answers": [
                    {
                        "answer": a.answer,
                        "answer_label": str(a.get_answer_display()),
                        "condition": a.condition,
                        "text": a.text,
                        "decided_on": a.decided_on.isoformat() if a.decided_on else None,
                        "decided_by": a.decided_by_name or (str(a.get_decided_by_display()) if a.decided_by else ""),
                        "paragraph": a.paragraph,
                        "answered": local_date(a.answered_at).isoformat(),
                        "late": a.late,
                        "via": str(a.get_via_display()),
                        "current": r.current_response_id == a.pk,
                        "extract": a.extract_name or "",
                    }
                    for a in _history(r)
                ],
            }
            for r in recipients
        ],
    }


def _recommendation_unit(recommendation: Recommendation) -> Unit:
    from samverkan.archive import render

    sent = local_date(recommendation.sent_at) if recommendation.sent_at else recommendation.deadline
    folder = f"rekommendationer/{sent.isoformat()}-{slug(recommendation.title, 50)}"
    unit = Unit(
        series=SERIES_RECOMMENDATIONS,
        ref=f"recommendation-{recommendation.pk}",
        title=recommendation.title,
        date_from=sent,
        date_to=recommendation.deadline,
        confidential=not recommendation.public,
    )
    record = recommendation_record(recommendation)
    unit.documents += _record_documents(
        folder=folder,
        stem="rekommendation",
        title=f"{record['kind_label'].capitalize()}: {recommendation.title}, med huvudmännens svar",
        json_title=f"{recommendation.title}: mottagare och svar (JSON)",
        created=recommendation.sent_at or recommendation.created_at,
        record=record,
        render_pdf=render.recommendation_pdf,
        confidential=not recommendation.public,
    )
    for paper in recommendation.papers.filter(reading=Reading.READ).order_by("pk"):
        unit.documents.append(
            _stored_document(
                path=f"{folder}/handlingar/{paper.pk}-{file_name(paper.original_name, paper.title)}",
                title=paper.title,
                paper=paper,
                confidential=not recommendation.public,
            )
        )
    recipients = referral_selectors.recipients_with_history(recommendation)
    for recipient in recipients:
        for answer in _history(recipient):
            if not answer.extract or answer.extract_reading != Reading.READ:
                continue
            unit.documents.append(
                Document(
                    path=(
                        f"{folder}/svar/{recipient.principal.key}/"
                        f"{answer.pk}-{file_name(answer.extract_name or 'utdrag.pdf', 'utdrag')}"
                    ),
                    title=f"Protokollsutdrag, {recipient.principal.name}: {answer.get_answer_display()}",
                    created=answer.answered_at,
                    mimetype=PDF,
                    format_name="PDF",
                    make=_stored(answer.extract),
                    original_name=answer.extract_name,
                    confidential=not recommendation.public,
                    recorded_sha256=answer.extract_sha256,
                    recorded_what="stored file",
                )
            )
    return unit


# --- Agreements -----------------------------------------------------------------------------


def _agreements(body: Body) -> list[Agreement]:
    return list(
        Agreement.objects.filter(body=body)
        .exclude(status=Agreement.Status.DRAFT)
        .select_related("body", "parent", "replaces", "recommendation", "decided_under__meeting")
        .prefetch_related("parties", "versions", "events")
        .order_by("title", "pk")
    )


def _agreement_years(agreement: Agreement) -> set[int]:
    years = {e.on.year for e in agreement.events.all()}
    years |= {v.adopted_on.year for v in agreement.versions.all() if v.adopted_on}
    if agreement.valid_from:
        years.add(agreement.valid_from.year)
    return years


def agreement_record(agreement: Agreement) -> dict[str, Any]:
    return {
        "key": agreement.key,
        "title": agreement.title,
        "kind": agreement.kind,
        "kind_label": str(Agreement.Kind(agreement.kind).label),
        "status": agreement.status,
        "status_label": str(Agreement.Status(agreement.status).label),
        "public": agreement.public,
        "summary": agreement.summary,
        "body": agreement.body.name if agreement.body else "",
        "parties": sorted(p.name for p in agreement.parties.all()),
        "part_of": agreement.parent.title if agreement.parent else None,
        "replaces": agreement.replaces.title if agreement.replaces else None,
        "recommendation": agreement.recommendation.title if agreement.recommendation else None,
        "decided_under": (
            {
                "meeting": local_date(agreement.decided_under.meeting.start).isoformat(),
                "item": agreement.decided_under.label,
                "title": agreement.decided_under.title,
            }
            if agreement.decided_under
            else None
        ),
        "valid_from": agreement.valid_from.isoformat() if agreement.valid_from else None,
        "valid_until": agreement.valid_until.isoformat() if agreement.valid_until else None,
        "until_replaced": agreement.until_replaced,
        "events": [
            {
                "kind": e.kind,
                "kind_label": str(e.get_kind_display()),
                "on": e.on.isoformat(),
                "note": e.note,
                "changes": e.changes,
            }
            for e in sorted(agreement.events.all(), key=lambda e: (e.on, e.pk))
        ],
        "versions": [
            {
                "label": v.label,
                "adopted_on": v.adopted_on.isoformat() if v.adopted_on else None,
                "note": v.note,
                "file": v.original_name,
                "sha256": v.sha256,
            }
            for v in sorted(agreement.versions.all(), key=lambda v: (v.adopted_on or datetime.date.min, v.pk))
        ],
    }


def _agreement_unit(agreement: Agreement) -> Unit:
    from samverkan.archive import render

    folder = f"avtal/{agreement.key}"
    record = agreement_record(agreement)
    events = [datetime.date.fromisoformat(e["on"]) for e in record["events"]]
    start = agreement.valid_from or (min(events) if events else None)
    unit = Unit(
        series=SERIES_AGREEMENTS,
        ref=f"agreement-{agreement.key}",
        title=agreement.title,
        date_from=start,
        date_to=agreement.valid_until,
        confidential=not agreement.public,
    )
    unit.documents += _record_documents(
        folder=folder,
        stem="avtal",
        title=f"{agreement.title}: uppgifter ur avtalsregistret med händelser och versioner",
        json_title=f"{agreement.title}: uppgifter ur avtalsregistret (JSON)",
        created=agreement.created_at,
        record=record,
        render_pdf=render.agreement_pdf,
        confidential=not agreement.public,
    )
    for version in sorted((v for v in agreement.versions.all() if v.is_read), key=lambda v: v.pk):
        unit.documents.append(
            _stored_document(
                path=f"{folder}/versioner/{version.pk}-{file_name(version.original_name, version.label)}",
                title=f"{agreement.title}, version {version.label}",
                paper=version,
                confidential=not agreement.public,
            )
        )
    return unit


# --- The whole --------------------------------------------------------------------------------


def contents(body: Body, year: int, *, closed: bool = False) -> Contents:
    """Everything of `body` for `year` that goes into the package (open unless `closed`)."""
    units = [_meeting_unit(m, closed=closed) for m in _meetings(body, year)]
    units += [_recommendation_unit(r) for r in _recommendations(body, year, closed=closed)]
    for agreement in _agreements(body):
        if year in _agreement_years(agreement) and (closed or agreement.public):
            units.append(_agreement_unit(agreement))
    return Contents(body=body, year=year, closed=closed, units=units)


def bodies_with_records() -> Any:
    """Bodies that have something to deliver (for the administrators' form)."""
    return Body.objects.filter(
        Q(meetings__isnull=False) | Q(recommendations__sent_at__isnull=False) | Q(agreements__isnull=False)
    ).distinct()
