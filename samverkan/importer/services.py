"""The import pipeline (STYLE.md "Importers"): read the file and keep its text, extract its
structure, propose records matched against what exists, let a person correct the proposal, and
apply it through the same services the interface uses.

Applying records what it wrote (`ImportedDocument.applied["written"]`). A corrected version of a
document (same body and date) is applied as a difference: a field is changed only where the
record still holds what the importer last wrote there (or is empty); a field a person edited
since is left alone and reported as kept.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samverkan.core.audit import audit_record
from samverkan.core.models import AuditEvent
from samverkan.documents import ocr
from samverkan.documents.capped import read_capped
from samverkan.documents.models import Reading
from samverkan.documents.reader import sniff
from samverkan.importer import extract as extraction
from samverkan.importer.models import (
    AGREEMENT_REASON,
    NOTHING_TO_APPLY_REASON,
    ImportBatch,
    ImportedDocument,
    proposal_reason,
)
from samverkan.meetings import services as meeting_services
from samverkan.meetings.models import STATED_ROLES, AgendaItem, Attendance, Meeting
from samverkan.structure import services as structure_services
from samverkan.structure.models import Body, Membership, Person

MAX_UPLOAD_MB = 50
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_REQUEST_MB = 100
MAX_FILES = 20
MEETING_KINDS = {"protocol", "notes", "notice"}

ITEM_TYPES = {
    "information": AgendaItem.Kind.INFORMATION,
    "beslut": AgendaItem.Kind.DECISION,
    "ställningstagande": AgendaItem.Kind.POSITION,
}
PROCEDURAL_TITLES = [
    (re.compile(r"^(mötet|sammanträdet)s? (öppnas|öppnande)|^öppnande"), AgendaItem.Kind.OPENING),
    (re.compile(r"^(val av )?justera"), AgendaItem.Kind.ADJUSTER),
    (re.compile(r"^(godkännande av |fastställande av )?(dagordning|föredragningslista)"), AgendaItem.Kind.AGENDA),
    (re.compile(r"^föregående (mötes )?(protokoll|anteckningar)"), AgendaItem.Kind.PREVIOUS_MINUTES),
    (re.compile(r"^övriga frågor"), AgendaItem.Kind.OTHER_BUSINESS),
    (re.compile(r"^(mötet avslutas|avslutning|mötets avslutande)"), AgendaItem.Kind.CLOSING),
]
ROLE_CAPACITY = {
    "ordförande": Attendance.Capacity.MEMBER,
    "vice ordförande": Attendance.Capacity.MEMBER,
    "ledamot": Attendance.Capacity.MEMBER,
    "ersättare": Attendance.Capacity.SUBSTITUTE,
    "sekreterare": Attendance.Capacity.SECRETARY,
    "tjänsteperson": Attendance.Capacity.OFFICIAL,
    "övrig": Attendance.Capacity.GUEST,
}
ROLES = list(ROLE_CAPACITY)
ROLE_LABELS = STATED_ROLES  # the roles' names in the review form
MEETING_FIELDS = ("start", "end", "time_decided", "location_name", "status")
ITEM_FIELDS = ("title", "kind", "presenters", "decision", "paragraph")
ATTENDANCE_FIELDS = ("capacity", "status", "party", "represents", "description")


class ImportFailed(Exception):
    """A document that was read but whose structure could not be extracted or applied."""


# --- Matching --------------------------------------------------------------------------------


# A reference to the papers at the end of an agenda title ("… 2019 för VästKom. Bilaga").
PAPER_TAIL = re.compile(r"(?:\s+(?:se\s+)?bilag[ao]r?(?:\s+\d+)?)+$")


def _item_by_title(by_title: dict[str, Any], title: str, used: set[int]) -> Any:
    """The existing item with this title, ignoring a trailing reference to the papers, or one
    whose title begins with it (or it with theirs) when that is unambiguous."""
    bare = PAPER_TAIL.sub("", title)
    if bare in by_title:
        return by_title[bare]
    for have, item in by_title.items():
        if item.pk in used or not have:
            continue
        have_bare = PAPER_TAIL.sub("", have)
        shorter, longer = sorted((have_bare, bare), key=len)
        if have_bare == bare or (len(shorter) >= 12 and longer.startswith(shorter)):
            return item
    return None


def normalise(text: object) -> str:
    """Case-, diacritics- and punctuation-insensitive form of a name."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKD", str(text))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold()
    s = re.sub(r"[^\w]+", " ", s)
    return " ".join(s.split())


def _indefinite(name: str) -> str:
    """The name with its first word in the indefinite form ("samradsorganet" -> "samradsorgan",
    "styrgruppen for ..." -> "styrgrupp for ..."), so that a document's wording still matches."""
    first, _sep, rest = name.partition(" ")
    for ending in ("arna", "erna", "et", "en"):
        if first.endswith(ending) and len(first) - len(ending) >= 6:
            return f"{first[: -len(ending)]} {rest}".strip()
    return name


def _body_names(body: Body) -> list[str]:
    return [n for n in (normalise(body.name), normalise(body.short_name)) if n]


def match_body(name: str | None, organisation: str | None = None) -> Body | None:
    """The body a document names, by its name or short name; None when unknown or ambiguous.
    The organisation the document names breaks ties between bodies of the same name."""
    wanted = normalise(name)
    if not wanted:
        return None
    bodies = list(Body.objects.prefetch_related("owners"))
    exact = [b for b in bodies if wanted in _body_names(b)]
    padded = f" {wanted} "
    candidates = exact or [
        b
        for b in bodies
        if (n := normalise(b.name))
        and len(n) >= 6
        and (f" {n} " in padded or f" {_indefinite(n)} " in padded or (len(wanted) >= 6 and wanted in n))
    ]
    if not candidates:
        candidates = [b for b in bodies if (s := normalise(b.short_name)) and len(s) >= 3 and f" {s} " in padded]
    if len(candidates) > 1 and organisation:
        org = normalise(organisation)
        owned = [
            b
            for b in candidates
            if any(
                org in (normalise(o.name), normalise(o.short_name)) or org in normalise(o.name) for o in b.owners.all()
            )
        ]
        candidates = owned or candidates
    if len(candidates) > 1:
        longest = max(len(normalise(b.name)) for b in candidates)
        best = [b for b in candidates if len(normalise(b.name)) == longest and normalise(b.name) in wanted]
        candidates = best or candidates
    return candidates[0] if len(candidates) == 1 else None


def people_index(body: Body | None) -> tuple[dict[str, Person], dict[str, Person]]:
    """The body's current and past members by normalised name, and everyone else whose name is
    unique."""
    members: dict[str, Person] = {}
    if body is not None:
        for seat in Membership.objects.filter(body=body).select_related("person"):
            members.setdefault(normalise(seat.person.name), seat.person)
    others: dict[str, Person] = {}
    duplicates: set[str] = set()
    for person in Person.objects.all():
        key = normalise(person.name)
        if key in others:
            duplicates.add(key)
        others[key] = person
    for key in duplicates:
        others.pop(key, None)
    return members, others


# --- Reading and storing ---------------------------------------------------------------------


def size_error(size: int | None) -> str | None:
    """The message for a file that is too large, before anything of it is read."""
    if size is not None and size > MAX_UPLOAD_BYTES:
        return _("The file is too large: %(size)s MB; at most %(max)s MB per file is accepted.") % {
            "size": round(size / (1024 * 1024)),
            "max": MAX_UPLOAD_MB,
        }
    return None


def existing_document(data: bytes) -> ImportedDocument | None:
    return ImportedDocument.objects.filter(sha256=hashlib.sha256(data).hexdigest()).first()


def store_document(
    *,
    data: bytes,
    filename: str,
    actor: Any,
    batch: ImportBatch | None = None,
    source: str = "web",
    recognise_now: bool = True,
    read_later: bool = False,
) -> tuple[ImportedDocument, bool]:
    """Keep a file with its text. The same content again returns the stored document
    (created=False). A file that cannot be read raises DocumentError and writes nothing.

    A scanned PDF is read by text recognition (OCR) here when `recognise_now` (the command line);
    otherwise (an upload) it is kept without text, to be recognised by the worker (`recognise`).

    With `read_later` (an upload through the web) the file is only checked by its size and its
    first bytes and stored as being read: the worker reads it in a capped process
    (`process_document`), never the request."""
    sha = hashlib.sha256(data).hexdigest()
    existing = ImportedDocument.objects.filter(sha256=sha).first()
    if existing is not None:
        return existing, False
    error = size_error(len(data))
    if error:
        raise extraction.DocumentError(error, "too_large")
    recognised: int | None = None
    if read_later:
        document = extraction.Document(text="", content_type=sniff(data))
    else:
        try:
            document = extraction.read_document(data, filename, ocr=recognise_now)
            recognised = document.pages if document.recognised else None
        except extraction.DocumentError as exc:
            if exc.code != "needs_ocr":
                raise
            document = extraction.Document(text="", content_type=extraction.PDF, pages=ocr.page_count(data))
            recognised = 0
    doc = ImportedDocument(
        batch=batch,
        original_name=(filename or "dokument")[:300],
        sha256=sha,
        size=len(data),
        content_type=document.content_type,
        pages=document.pages,
        text=document.text,
        recognised_pages=recognised,
        reading=Reading.READING if read_later else Reading.READ,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    doc.file.save(filename.rsplit("/", 1)[-1] or "dokument", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            doc.save()
            audit_record(
                actor=actor,
                action=AuditEvent.Action.CREATE,
                target=doc,
                changes={"file": (None, doc.original_name), "sha256": (None, sha)},
                source=source,
            )
    except Exception:
        doc.file.storage.delete(doc.file.name)
        raise
    return doc, True


def discard_file(doc: ImportedDocument) -> None:
    """Remove a stored file whose row was rolled back."""
    if doc.file.name:
        doc.file.storage.delete(doc.file.name)


# --- The proposal ----------------------------------------------------------------------------


def item_key(number: object, title: object = "") -> str:
    s = normalise(number)
    s = re.sub(r"^(punkt|p|arende)\s*", "", s).strip()
    return s or f"t:{normalise(title)}"


def item_kind(type_: str | None, title: str) -> str:
    if type_ in ITEM_TYPES:
        return ITEM_TYPES[type_]
    lowered = (title or "").strip().casefold()
    for pattern, kind in PROCEDURAL_TITLES:
        if pattern.search(lowered):
            return kind
    return AgendaItem.Kind.INFORMATION


def build_proposal(extracted: dict[str, Any], *, body: Body | None = None) -> dict[str, Any]:
    """Records proposed from the extracted structure, matched against what exists."""
    kind = extracted.get("kind") or "other"
    body = body or match_body(extracted.get("body"), extracted.get("organisation"))
    proposal: dict[str, Any] = {
        "kind": kind,
        "applicable": kind in MEETING_KINDS
        or (
            kind == "other"
            and body is not None
            and bool(extracted.get("date"))
            and bool(extracted.get("items") or extracted.get("attendees"))
        ),
        "reason": "",
        "body": body.pk if body else None,
        "body_text": extracted.get("body") or "",
        "organisation": extracted.get("organisation") or "",
        "date": extracted.get("date"),
        "start_time": extracted.get("start_time"),
        "end_time": extracted.get("end_time"),
        "place": (extracted.get("place") or "")[:200],
        "attendees": [],
        "items": [],
        "adjusters": list(extracted.get("adjusters") or []),
    }
    if kind == "agreement":
        proposal["reason"] = str(AGREEMENT_REASON)
    elif not proposal["applicable"]:
        proposal["reason"] = str(NOTHING_TO_APPLY_REASON)
    members, others = people_index(body)
    seen: set[str] = set()
    for row in extracted.get("attendees") or []:
        name = " ".join(str(row.get("name") or "").split())
        key = normalise(name)
        if not key or key in seen:
            continue
        seen.add(key)
        person = members.get(key)
        match = "member" if person else ""
        if person is None and (person := others.get(key)) is not None:
            match = "person"
        role = row.get("role") if row.get("role") in ROLE_CAPACITY else "övrig"
        proposal["attendees"].append(
            {
                "name": name[:200],
                "person": person.pk if person else None,
                "match": match or "new",
                "role": role,
                "party": (row.get("party") or "")[:20],
                "municipality": (row.get("municipality") or "")[:200],
                "present": bool(row.get("present", True)),
                "include": True,
            }
        )
    for row in extracted.get("items") or []:
        title = " ".join(str(row.get("title") or "").split())
        if not title:
            continue
        proposal["items"].append(
            {
                "number": str(row.get("number") or "")[:20],
                "title": title[:300],
                # Only a type the document states decides the item's kind ("type_stated" is False where
                # the extractor inferred it from what the item records).
                "type": item_kind(row.get("type") if row.get("type_stated", True) else None, title),
                "presenters": ", ".join(str(p) for p in row.get("presenters") or [])[:300],
                "decision": row.get("decision") or "",
                "include": True,
            }
        )
    return proposal


def propose(doc: ImportedDocument, *, body: Body | None = None) -> ImportedDocument:
    """Extract the structure of a stored document and propose records from it."""
    try:
        extracted = extraction.extract(doc.text)
    except Exception as exc:  # the extractor's failure is the document's, reported as such
        raise ImportFailed(_("The structure of the document could not be read (%(error)s).") % {"error": exc}) from exc
    proposal = build_proposal(extracted, body=body)
    ImportedDocument.objects.filter(pk=doc.pk).update(
        extracted=extracted,
        kind=proposal["kind"],
        proposal=proposal,
        status=ImportedDocument.Status.PROPOSED,
        error="",
        updated_at=timezone.now(),
    )
    doc.refresh_from_db()
    return doc


def recognise(doc: ImportedDocument) -> None:
    """Read a stored scanned PDF by text recognition (OCR), page by page, saving the pages done as
    it goes (the upload's page shows them); the recognised text is kept on the document."""

    def progress(done: int, total: int) -> None:
        ImportedDocument.objects.filter(pk=doc.pk).update(recognised_pages=done, pages=total)

    with doc.file.open("rb") as fh:
        data = fh.read()
    try:
        document = extraction.read_document(data, doc.original_name, ocr=True, progress=progress)
    except extraction.DocumentError as exc:
        raise ImportFailed(exc.message) from exc
    doc.text = document.text
    doc.pages = document.pages
    doc.recognised_pages = document.pages
    doc.save(update_fields=["text", "pages", "recognised_pages", "updated_at"])


def read_stored(doc: ImportedDocument) -> None:
    """Read an uploaded document in a capped child process (samverkan.documents.capped): its text,
    or, for a scanned PDF, its pages to be recognised next. A refusal (the reader's, or a cap's)
    fails the document with the reader's message."""
    with doc.file.open("rb") as fh:
        data = fh.read()
    try:
        with translation.override("sv"):
            document = read_capped(data, doc.original_name)
    except extraction.DocumentError as exc:
        if exc.code != "needs_ocr":
            ImportedDocument.objects.filter(pk=doc.pk).update(reading=Reading.REFUSED, refusal=exc.message)
            raise ImportFailed(exc.message) from exc
        doc.text, doc.content_type, doc.pages, doc.recognised_pages = "", extraction.PDF, ocr.page_count(data), 0
    else:
        doc.text, doc.content_type, doc.pages = document.text, document.content_type, document.pages
    doc.reading = Reading.READ
    doc.save(update_fields=["text", "content_type", "pages", "recognised_pages", "reading", "updated_at"])


def process_document(doc_id: int) -> ImportedDocument:
    """The background step of an upload: recognise the text of a scanned PDF, extract and propose; a
    failure is kept on the document."""
    doc = ImportedDocument.objects.get(pk=doc_id)
    if doc.status != ImportedDocument.Status.PENDING:
        return doc
    try:
        if doc.is_being_read:
            read_stored(doc)
        if doc.recognised_pages is not None and not doc.text:
            recognise(doc)
        with transaction.atomic():
            propose(doc)
    except ImportFailed as exc:
        ImportedDocument.objects.filter(pk=doc.pk).update(status=ImportedDocument.Status.FAILED, error=str(exc))
        if doc.batch_id:
            ImportBatch.objects.filter(pk=doc.batch_id).update(failed=F("failed") + 1)
    if doc.batch_id:
        ImportBatch.objects.filter(pk=doc.batch_id).update(processed=F("processed") + 1)
    doc.refresh_from_db()
    return doc


# --- The plan: what applying would create, change or leave alone -----------------------------


@dataclass
class Row:
    """One line of the plan as a person reads it."""

    target: str  # meeting, item, attendance, person
    label: str
    action: str  # create, update, same, kept
    field: str = ""
    old: Any = None
    new: Any = None

    def _model_field(self) -> Any:
        model = {"meeting": Meeting, "item": AgendaItem, "attendance": Attendance}.get(self.target)
        return model._meta.get_field(self.field) if model and self.field else None

    @property
    def field_label(self) -> str:
        """The field by its name in the interface (e.g. "plats"), never its internal key."""
        found = self._model_field()
        return str(found.verbose_name) if found is not None else self.field

    def _shown(self, value: Any) -> Any:
        found = self._model_field()
        if found is not None and found.choices and value is not None:
            return dict(found.flatchoices).get(value, value)
        return value

    @property
    def old_shown(self) -> Any:
        return self._shown(self.old)

    @property
    def new_shown(self) -> Any:
        return self._shown(self.new)


@dataclass
class Plan:
    body: Body | None
    meeting: Meeting | None
    meeting_values: dict[str, Any]
    meeting_updates: dict[str, Any] = field(default_factory=dict)
    new_items: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    item_updates: list[tuple[AgendaItem, str, dict[str, Any]]] = field(default_factory=list)
    new_attendances: list[tuple[Person | None, str, dict[str, Any]]] = field(default_factory=list)
    attendance_updates: list[tuple[Attendance, dict[str, Any]]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    base: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return sum(1 for r in self.rows if r.action in ("create", "update"))

    @property
    def kept(self) -> list[Row]:
        return [r for r in self.rows if r.action == "kept"]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    return value


def _parse_time(value: Any) -> datetime.time | None:
    if not value:
        return None
    try:
        return datetime.time.fromisoformat(str(value))
    except ValueError:
        return None


def meeting_values(proposal: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    errors: list[str] = []
    try:
        day = datetime.date.fromisoformat(str(proposal.get("date") or ""))
    except ValueError:
        return {}, [_("The document states no meeting date: give one.")]
    start_time, end_time = _parse_time(proposal.get("start_time")), _parse_time(proposal.get("end_time"))
    start = timezone.make_aware(datetime.datetime.combine(day, start_time or datetime.time(0, 0)))
    end = timezone.make_aware(datetime.datetime.combine(day, end_time)) if start_time and end_time else None
    if end is not None and end <= start:
        end = None
    status = Meeting.Status.PLANNED if proposal.get("kind") == "notice" else Meeting.Status.HELD
    return {
        "start": start,
        "end": end,
        "time_decided": start_time is not None,
        "location_name": (proposal.get("place") or "")[:200],
        "status": status,
    }, errors


def _decide(current: Any, new: Any, base: dict[str, Any], name: str) -> str:
    """same / update / kept: never overwrite what a person changed since the importer wrote it."""
    if _plain(current) == _plain(new):
        return "same"
    if current in (None, "") or (name in base and base[name] == _plain(current)):
        return "update"
    return "kept"


def last_written(meeting: Meeting) -> dict[str, Any]:
    """What the importer last wrote to the meeting (empty if it never did)."""
    doc = (
        ImportedDocument.objects.filter(
            meeting=meeting, status__in=[ImportedDocument.Status.APPLIED, ImportedDocument.Status.UNCHANGED]
        )
        .order_by("-applied_at", "-pk")
        .first()
    )
    return dict(doc.applied.get("written") or {}) if doc else {}


def find_meeting(body: Body, start: datetime.datetime) -> Meeting | None:
    """The body's meeting that day, one already imported into first (one query). The day is a
    range of `start` between two local midnights, which the (body, start) index answers; not
    `start__date`, a function of every one of the body's meetings."""
    day = timezone.localtime(start).date()
    zone = timezone.get_current_timezone()
    first = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    after = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    meetings = list(
        Meeting.objects.filter(body=body, start__gte=first, start__lt=after)
        .annotate(imported=Exists(ImportedDocument.objects.filter(meeting=OuterRef("pk"))))
        .order_by("pk")
    )
    imported = [m for m in meetings if m.imported]
    chosen = imported or meetings
    return chosen[0] if chosen else None


def _paragraph(number: str) -> int | None:
    if "§" not in number:
        return None
    digits = re.search(r"\d+", number)
    return int(digits.group()) if digits else None


def make_plan(proposal: dict[str, Any]) -> Plan:
    """What applying the proposal would create, change and leave alone, computed against the
    records as they are now."""
    body = Body.objects.filter(pk=int(proposal["body"])).first() if proposal.get("body") else None
    values, errors = meeting_values(proposal)
    plan = Plan(body=body, meeting=None, meeting_values=values, errors=errors)
    if not proposal.get("applicable"):
        plan.errors.append(proposal_reason(proposal) or _("There is nothing to apply."))
        return plan
    if body is None:
        plan.errors.append(_("The body was not recognised: choose it."))
    if plan.errors or body is None:
        return plan
    meeting = find_meeting(body, values["start"])
    plan.meeting = meeting
    base = last_written(meeting) if meeting else {}
    plan.base = base
    label = f"{body.label} {proposal.get('date')}"
    if meeting is None:
        plan.rows.append(Row("meeting", label, "create"))
    else:
        for name in MEETING_FIELDS:
            current, new = getattr(meeting, name), values[name]
            action = _decide(current, new, base.get("meeting", {}), name)
            if action == "update":
                plan.meeting_updates[name] = new
            if action != "same":
                plan.rows.append(Row("meeting", label, action, name, _plain(current), _plain(new)))
    # Items, matched by number (else title) with what the importer wrote, else by title.
    written_items: dict[str, dict[str, Any]] = base.get("items", {})
    existing = {i.pk: i for i in meeting.items.all()} if meeting else {}
    by_title = {normalise(i.title): i for i in existing.values()}
    used: set[int] = set()
    for row in proposal.get("items", []):
        if not row.get("include", True):
            continue
        key = item_key(row.get("number"), row.get("title"))
        new_values = {
            "title": row["title"][:300],
            "kind": row.get("type") or AgendaItem.Kind.INFORMATION,
            "presenters": (row.get("presenters") or "")[:300],
            "decision": row.get("decision") or "",
            "paragraph": _paragraph(row.get("number") or ""),
        }
        item_label = f"{row.get('number') or ''} {row['title']}".strip()
        prior = written_items.get(key)
        item = existing.get(prior["id"]) if prior else None
        if item is None:
            item = _item_by_title(by_title, normalise(row["title"]), used)
        if item is None or item.pk in used:
            plan.new_items.append((key, new_values))
            plan.rows.append(Row("item", item_label, "create"))
            continue
        used.add(item.pk)
        updates: dict[str, Any] = {}
        for name in ITEM_FIELDS:
            action = _decide(getattr(item, name), new_values[name], (prior or {}).get("fields", {}), name)
            if action == "update":
                updates[name] = new_values[name]
            if action != "same":
                plan.rows.append(Row("item", item_label, action, name, getattr(item, name), new_values[name]))
        plan.item_updates.append((item, key, updates))
    # Attendance, by person.
    written_people: dict[str, dict[str, Any]] = base.get("attendances", {})
    attendances = (
        {a.person_id: a for a in Attendance.objects.filter(meeting=meeting).select_related("person")} if meeting else {}
    )
    people = {p.pk: p for p in Person.objects.filter(pk__in=[a.get("person") for a in proposal.get("attendees", [])])}
    seen: set[Any] = set()
    for row in proposal.get("attendees", []):
        if not row.get("include", True):
            continue
        person = people.get(row.get("person")) if row.get("match") != "new" else None
        identity = person.pk if person else f"new:{normalise(row['name'])}"
        if identity in seen:
            continue
        seen.add(identity)
        new_values = {
            "capacity": ROLE_CAPACITY.get(row.get("role") or "", Attendance.Capacity.GUEST),
            "status": Attendance.Status.PRESENT if row.get("present") else Attendance.Status.NOTIFIED,
            "party": (row.get("party") or "")[:20],
            "represents": (row.get("municipality") or "")[:200],
            "description": row.get("role") or "",
        }
        attendance = attendances.get(person.pk) if person else None
        if attendance is None:
            if person is None:
                plan.rows.append(Row("person", row["name"], "create"))
            plan.new_attendances.append((person, row["name"], new_values))
            plan.rows.append(Row("attendance", row["name"], "create"))
            continue
        assert person is not None
        prior_fields = written_people.get(str(person.pk), {}).get("fields", {})
        updates = {}
        for name in ATTENDANCE_FIELDS:
            action = _decide(getattr(attendance, name), new_values[name], prior_fields, name)
            if action == "update":
                updates[name] = new_values[name]
            if action != "same":
                plan.rows.append(
                    Row("attendance", row["name"], action, name, getattr(attendance, name), new_values[name])
                )
        plan.attendance_updates.append((attendance, updates))
    return plan


# --- Applying --------------------------------------------------------------------------------


@dataclass
class Outcome:
    result: str  # created, updated, unchanged
    plan: Plan | None = None


@transaction.atomic
def apply_document(doc: ImportedDocument, *, actor: Any, source: str = "web") -> Outcome:
    """Apply the (corrected) proposal through the meetings and structure services, in one
    transaction. A document already applied is not applied again."""
    doc = ImportedDocument.objects.select_for_update().get(pk=doc.pk)
    if doc.status in (ImportedDocument.Status.APPLIED, ImportedDocument.Status.UNCHANGED):
        return Outcome("unchanged")
    if doc.status != ImportedDocument.Status.PROPOSED:
        raise ValidationError(_("This document has no proposal to apply."), code="not_proposed")
    plan = make_plan(doc.proposal)
    if plan.errors:
        raise ValidationError(plan.errors, code="incomplete")
    assert plan.body is not None
    base = plan.base
    written: dict[str, Any] = {
        "meeting": dict(base.get("meeting", {})),
        "items": dict(base.get("items", {})),
        "attendances": dict(base.get("attendances", {})),
    }
    created: dict[str, list[int]] = {"meeting": [], "items": [], "attendances": [], "people": []}
    updated: dict[str, list[int]] = {"meeting": [], "items": [], "attendances": []}
    meeting = plan.meeting
    if meeting is None:
        meeting = meeting_services.meeting_plan(
            actor=actor,
            body=plan.body,
            with_procedural_items=False,
            source=source,
            **plan.meeting_values,
        )
        created["meeting"].append(meeting.pk)
        written["meeting"] = {k: _plain(v) for k, v in plan.meeting_values.items()}
    else:
        if plan.meeting_updates:
            meeting_services.meeting_update(actor=actor, meeting=meeting, source=source, **plan.meeting_updates)
            updated["meeting"].append(meeting.pk)
        for name, value in plan.meeting_updates.items():
            written["meeting"][name] = _plain(value)
    for item, key, updates in plan.item_updates:
        if updates:
            meeting_services.item_update(actor=actor, item=item, version=item.version, source=source, **updates)
            updated["items"].append(item.pk)
        entry = written["items"].setdefault(key, {"id": item.pk, "fields": {}})
        entry["id"] = item.pk
        entry["fields"].update(updates)
    position = meeting.items.count()
    for key, values in plan.new_items:
        position += 1
        item = meeting_services.item_add(actor=actor, meeting=meeting, position=position, source=source, **values)
        created["items"].append(item.pk)
        written["items"][key] = {"id": item.pk, "fields": dict(values)}
    for attendance, updates in plan.attendance_updates:
        if updates:
            meeting_services.attendance_record(
                actor=actor, meeting=meeting, person=attendance.person, source=source, **updates
            )
            updated["attendances"].append(attendance.pk)
        entry = written["attendances"].setdefault(str(attendance.person_id), {"id": attendance.pk, "fields": {}})
        entry["fields"].update(updates)
    for person, name, values in plan.new_attendances:
        if person is None:
            person = structure_services.person_create_from_name(actor=actor, name=name, source=source)
            created["people"].append(person.pk)
        attendance = meeting_services.attendance_record(
            actor=actor, meeting=meeting, person=person, source=source, **values
        )
        created["attendances"].append(attendance.pk)
        written["attendances"][str(person.pk)] = {"id": attendance.pk, "fields": dict(values)}
    if any(created.values()) and created["meeting"]:
        result = "created"
    elif any(created.values()) or any(updated.values()):
        result = "updated"
    else:
        result = "unchanged"
    status = ImportedDocument.Status.UNCHANGED if result == "unchanged" else ImportedDocument.Status.APPLIED
    doc.applied = {"result": result, "created": created, "updated": updated, "written": written}
    doc.status = status
    doc.meeting = meeting
    doc.applied_at = timezone.now()
    doc.applied_by = actor if getattr(actor, "is_authenticated", False) else None
    doc.error = ""
    doc.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=doc,
        changes={"status": (ImportedDocument.Status.PROPOSED, status), "meeting": (None, str(meeting))},
        source=source,
    )
    if doc.batch_id:
        counter = {"created": "created", "updated": "updated", "unchanged": "unchanged"}[result]
        ImportBatch.objects.filter(pk=doc.batch_id).update(**{counter: F(counter) + 1})
    return Outcome(result, plan)


@transaction.atomic
def proposal_update(doc: ImportedDocument, proposal: dict[str, Any], *, actor: Any, source: str = "web") -> None:
    """Keep a person's corrections to the proposal (audited)."""
    doc = ImportedDocument.objects.select_for_update().get(pk=doc.pk)
    if doc.status != ImportedDocument.Status.PROPOSED:
        raise ValidationError(_("This document is already applied."), code="applied")
    if doc.proposal == proposal:
        return
    changed = sorted(k for k in set(proposal) | set(doc.proposal) if proposal.get(k) != doc.proposal.get(k))
    doc.proposal = proposal
    doc.save(update_fields=["proposal", "updated_at"])
    audit_record(
        actor=actor, action=AuditEvent.Action.UPDATE, target=doc, changes={"proposal": (None, changed)}, source=source
    )


# --- A whole file, as the command line imports it ----------------------------------------------


@dataclass
class FileReport:
    name: str
    result: str  # created, updated, unchanged, proposed, stored, failed
    message: str = ""
    document: ImportedDocument | None = None


def import_file(
    *,
    data: bytes,
    filename: str,
    actor: Any,
    batch: ImportBatch | None = None,
    apply: bool = False,
    body: Body | None = None,
    source: str = "cli",
) -> FileReport:
    """Store, extract, propose and (with `apply`) apply one file, all in one transaction:
    a failure leaves nothing of the file behind."""
    doc: ImportedDocument | None = None
    created = False
    try:
        with transaction.atomic():
            doc, created = store_document(data=data, filename=filename, actor=actor, batch=batch, source=source)
            if not created and doc.status in (ImportedDocument.Status.APPLIED, ImportedDocument.Status.UNCHANGED):
                return FileReport(filename, "unchanged", _("already imported"), doc)
            if not created and (not apply or not doc.proposal.get("applicable", True)):
                waiting = doc.status == ImportedDocument.Status.PROPOSED and doc.proposal.get("applicable")
                message = _("already imported, waiting for review") if waiting else _("already imported")
                return FileReport(filename, "unchanged", message, doc)
            if doc.status in (ImportedDocument.Status.PENDING, ImportedDocument.Status.FAILED):
                doc = propose(doc, body=body)
            elif body is not None:
                doc.proposal = {**doc.proposal, "body": body.pk}
                doc.save(update_fields=["proposal", "updated_at"])
            if not doc.proposal.get("applicable"):
                return FileReport(filename, "stored", doc.reason, doc)
            if not apply:
                return FileReport(filename, "proposed", _("to be reviewed"), doc)
            plan = make_plan(doc.proposal)
            if plan.errors:
                return FileReport(filename, "proposed", " ".join(plan.errors), doc)
            outcome = apply_document(doc, actor=actor, source=source)
            assert outcome.plan is not None or outcome.result == "unchanged"
            detail = ""
            if outcome.plan is not None:
                kept = len(outcome.plan.kept)
                detail = _("%(changes)s changes") % {"changes": outcome.plan.changes}
                if kept:
                    detail += ", " + _("%(kept)s edited by a person left alone") % {"kept": kept}
            doc.refresh_from_db()  # apply_document wrote through its own copy
            return FileReport(filename, outcome.result, detail, doc)
    except extraction.DocumentError as exc:
        return FileReport(filename, "failed", exc.message)
    except (ImportFailed, ValidationError) as exc:
        if doc is not None and created:
            discard_file(doc)
        message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        return FileReport(filename, "failed", message)
    except Exception as exc:
        if doc is not None and created:
            discard_file(doc)
        return FileReport(filename, "failed", f"{type(exc).__name__}: {exc}")


def reviewers_q(user: Any) -> Q:
    """Documents a user may review: their own uploads, uploads by the secretaries of a body they
    are secretary of, and documents proposed for such a body."""
    bodies = Body.objects.filter(secretaries=user)
    return (
        Q(uploaded_by=user)
        | Q(uploaded_by__secretary_of__in=bodies)
        | Q(proposal__body__in=list(bodies.values_list("pk", flat=True)))
    )


def agreement_draft(doc: ImportedDocument) -> dict[str, str]:
    """What the agreement register's form starts with for an imported agreement: its title
    (the document's first line of text) and its opening as the summary."""
    lines = [" ".join(line.split()) for line in (doc.text or "").splitlines()]
    lines = [line for line in lines if line]
    title = lines[0][:300] if lines else doc.original_name
    summary = " ".join(lines[1:])[:1000]
    return {"title": title, "summary": summary}
