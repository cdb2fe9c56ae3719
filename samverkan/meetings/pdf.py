"""The papers of a meeting as PDF: the notice (kallelse), the minutes (protokoll), an extract of
one paragraph (protokollsutdrag) and the notice of adjustment (anslag/bevis om justering).

Each paper is a Django template (templates/meetings/pdf/) laid out by WeasyPrint with CSS paged
media (static/meetings/pdf.css): A4, "Sida 1 av 3" in the footer, Swedish dates and times.
Nothing is fetched from the network: the URL fetcher only serves data: URLs and files from this
app's static folder, and the fonts are the system's (DejaVu).

Minutes are rendered from their frozen `content` once adjusted, otherwise from
`services.snapshot()` under a "UTKAST – ej justerat" watermark. With `public=True` confidential
paragraphs are left out completely (no "§ 34 – Sekretess" line), and so is every mention of them.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint.urls import URLFetcher

from samverkan.documents.models import Reading
from samverkan.meetings import services
from samverkan.meetings.models import AgendaItem, Attendance, Meeting, Minutes
from samverkan.structure.models import Membership

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static" / "meetings"
DRAFT_LABEL = "UTKAST – ej justerat"
NBSP = "\u00a0"  # "§ 35" and "kl. 17.30" are never broken over two lines

WEEKDAYS = ("måndagen", "tisdagen", "onsdagen", "torsdagen", "fredagen", "lördagen", "söndagen")
MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
KIND_LABELS: dict[str, str] = {
    AgendaItem.Kind.INFORMATION: "Information",
    AgendaItem.Kind.DECISION: "Beslut",
    AgendaItem.Kind.POSITION: "Ställningstagande",
}
ROLE_HEADINGS: dict[str, str] = {
    Membership.Role.CHAIR: "Ordförande",
    Membership.Role.VICE_CHAIR: "Vice ordförande",
    Membership.Role.MEMBER: "Ledamöter",
    Membership.Role.SUBSTITUTE: "Ersättare",
    Membership.Role.COOPTED: "Adjungerade",
    Membership.Role.SECRETARY: "Sekreterare",
    Membership.Role.OFFICIAL: "Tjänstepersoner",
}
MEMBER_CAPACITIES = {Attendance.Capacity.MEMBER}
SUBSTITUTE_CAPACITIES = {Attendance.Capacity.SUBSTITUTE, Attendance.Capacity.STAND_IN}
OTHER_CAPACITIES = {Attendance.Capacity.OFFICIAL, Attendance.Capacity.GUEST}
# A description that only restates the group a person is listed under is left out of their line
# ("Sekreterare: Johanna Karlsson Deucher, VGR", not "..., sekreterare, VGR"); a title that says
# more ("ordförande", "avdelningschef") stays.
GROUP_WORDS: dict[str, set[str]] = {
    Attendance.Capacity.MEMBER: {"ledamot"},
    Attendance.Capacity.SUBSTITUTE: {"ersättare"},
    Attendance.Capacity.STAND_IN: {"ersättare"},
    Attendance.Capacity.SECRETARY: {"sekreterare"},
    Attendance.Capacity.GUEST: {"övrig"},
}


# --- Swedish formatting ----------------------------------------------------------------------


def long_date(day: datetime.date) -> str:
    """'måndagen den 17 december 2018'."""
    return f"{WEEKDAYS[day.weekday()]} den {day.day} {MONTHS[day.month - 1]} {day.year}"


def clock(moment: datetime.datetime) -> str:
    """'17.30' (Swedish writes the time with a full stop)."""
    return f"{moment.hour:02d}.{moment.minute:02d}"


def when(start: datetime.datetime, end: datetime.datetime | None) -> str:
    """'måndagen den 17 december 2018, kl. 17.30–18.30' (local time)."""
    start = timezone.localtime(start)
    if end is None:
        return f"{long_date(start.date())}, kl.{NBSP}{clock(start)}"
    end = timezone.localtime(end)
    if end.date() == start.date():
        return f"{long_date(start.date())}, kl.{NBSP}{clock(start)}–{clock(end)}"
    return f"{long_date(start.date())}, kl.{NBSP}{clock(start)} – {long_date(end.date())}, kl.{NBSP}{clock(end)}"


def time_span(start: datetime.datetime, end: datetime.datetime | None) -> str:
    """'kl. 17.30–18.30'."""
    start = timezone.localtime(start)
    if end is None:
        return f"kl.{NBSP}{clock(start)}"
    end = timezone.localtime(end)
    if end.date() != start.date():
        return f"kl.{NBSP}{clock(start)} – {end.date().isoformat()} kl.{NBSP}{clock(end)}"
    return f"kl.{NBSP}{clock(start)}–{clock(end)}"


def local_day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(moment).date() if moment is not None else None


def join_names(names: Sequence[str]) -> str:
    """'A, B och C'."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} och {names[-1]}"


def paragraph_label(number: int | str) -> str:
    return f"§{NBSP}{number}"


def paragraph_ranges(numbers: Iterable[int]) -> str:
    """'§ 31–33, 35' for [31, 32, 33, 35]; '' for none."""
    values = sorted({n for n in numbers if n})
    if not values:
        return ""
    runs: list[list[int]] = []
    for n in values:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(str(n) for n in r) for r in runs]
    return paragraph_label(", ".join(parts))


_ATT = re.compile(r"^\s*att\s+", re.IGNORECASE)


def att_clause(text: str) -> str:
    """A decision clause as it is written in Swedish minutes: 'att godkänna ...'."""
    text = str(text).strip()
    return f"att {_ATT.sub('', text, count=1)}" if text else ""


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text else ""


# --- Rendering -------------------------------------------------------------------------------


class LocalOnlyFetcher(URLFetcher):
    """Serves data: URLs and files inside the allowed folders; refuses everything else
    (http, https, ftp, and files elsewhere on the machine). A refused resource is left out."""

    def __init__(self, roots: Sequence[Path] = (STATIC_DIR,)) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, timeout=1)
        self.roots = [root.resolve() for root in roots]

    def fetch(self, url: str, headers: Any = None) -> Any:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
                return super().fetch(url, headers)
        logger.warning("PDF rendering refused to fetch %s", url[:200])
        raise ValueError(f"Refused to fetch {url[:200]}: only local files and data: URLs are allowed")


# The PDF/A variant of papers made for an archive (an E-ARK package): PDF/A-2b, which the
# Swedish National Archives accepts for delivery, with the text tagged as in every other paper.
ARCHIVAL_VARIANT = "pdf/a-2b"


def write_pdf(template: str, context: dict[str, Any], *, pdf_variant: str | None = None) -> bytes:
    """Render a paper's template (templates/meetings/pdf/ or another app's, on the same style
    sheet) to PDF bytes; `pdf_variant` (e.g. ARCHIVAL_VARIANT) makes WeasyPrint write a PDF/A."""
    with translation.override("sv"):
        html = render_to_string(template, context)
    document = weasyprint.HTML(
        string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=LocalOnlyFetcher(), media_type="print"
    )
    data: bytes = document.write_pdf(pdf_tags=True, pdf_variant=pdf_variant)
    return data


# --- Notice ----------------------------------------------------------------------------------


def _membership_line(seat: Membership) -> dict[str, str]:
    details = [seat.principal.name if seat.principal else "", seat.delegation, seat.title]
    if seat.role == Membership.Role.SUBSTITUTE and seat.substitute_for:
        details.append(f"ersättare för {seat.substitute_for.name}")
    return {
        "name": seat.person.name,
        "party": seat.party,
        "details": ", ".join(d for d in details if d),
    }


def notice_context(meeting: Meeting, *, public: bool = False) -> dict[str, Any]:
    body = meeting.body
    seats = sorted(
        services.invited_memberships(meeting),
        key=lambda m: Membership.ROLE_ORDER.index(m.role) if m.role in Membership.ROLE_ORDER else 99,
    )
    groups: list[dict[str, Any]] = []
    for seat in seats:
        heading = ROLE_HEADINGS.get(seat.role, capitalised(seat.role))
        if not groups or groups[-1]["heading"] != heading:
            groups.append({"heading": heading, "people": []})
        groups[-1]["people"].append(_membership_line(seat))
    secretary = next((s.person for s in seats if s.role == Membership.Role.SECRETARY), None)
    items = []
    for item in meeting.items.order_by("position").select_related("matter").prefetch_related("attachments"):
        if public and item.confidential:
            continue
        items.append(
            {
                "number": f"{item.position}.",
                "title": item.title,
                "kind": KIND_LABELS.get(item.kind, ""),
                "presenters": item.presenters,
                "proposal": item.proposal,
                # An information item (a report-back) proposes no decision: its text is a report.
                "is_report": item.kind == AgendaItem.Kind.INFORMATION,
                "confidential": item.confidential,
                "matter": item.matter.reference if item.matter else "",
                "attachments": [a.title for a in item.attachments.filter(reading=Reading.READ).order_by("pk")],
            }
        )
    absent = [a.person.name for a in meeting.absences.select_related("person").order_by("person__name")]
    start = timezone.localtime(meeting.start)
    return {
        "title": f"Kallelse – {body.name} {start.date().isoformat()}",
        "author": body.name,
        "head_left": f"Kallelse {start.date().isoformat()}",
        "head_right": body.name,
        "body": body,
        "meeting": meeting,
        "when": when(meeting.start, meeting.end)
        if meeting.time_decided
        else long_date(timezone.localtime(meeting.start).date()),
        "online_only": meeting.is_online,
        "place_lines": [p for p in (meeting.location_name, meeting.address) if p],
        "room": meeting.room,
        "cancelled": meeting.status == Meeting.Status.CANCELLED,
        "prel_cancelled": meeting.status == Meeting.Status.PRELIMINARILY_CANCELLED,
        "groups": groups,
        "items": items,
        "absent": "" if public else join_names(absent),
        "secretary": secretary,
    }


def render_notice(meeting: Meeting, *, public: bool = False, pdf_variant: str | None = None) -> bytes:
    """The notice (kallelse) to the members: time, place, who is called, the agenda with
    presenters, proposals and attachments. Confidential items are listed but marked, since
    the notice goes to the members only; `public=True` (the public's copy of a sent notice, an
    open archive package) leaves them out, and the names of those who reported absence too
    (personal data thinned after a year, not a public record as the minutes' attendance is)."""
    return write_pdf("meetings/pdf/notice.html", notice_context(meeting, public=public), pdf_variant=pdf_variant)


# --- Minutes ---------------------------------------------------------------------------------


def minutes_document(minutes: Minutes) -> tuple[dict[str, Any], bool]:
    """The minutes' content and whether it is the adjusted (frozen) one."""
    adjusted = minutes.status == Minutes.Status.ADJUSTED
    if adjusted and minutes.content:
        return minutes.content, True
    return services.snapshot(minutes), adjusted


def _item_label(item: dict[str, Any]) -> str:
    return paragraph_label(item["paragraph"]) if item.get("paragraph") else f"{item.get('position', '')}."


def _item_context(item: dict[str, Any], *, show_confidential_mark: bool) -> dict[str, Any]:
    return {
        "label": _item_label(item),
        "paragraph": item.get("paragraph"),
        "title": item.get("title", ""),
        "kind": KIND_LABELS.get(item.get("kind", ""), ""),
        "presenters": item.get("presenters", ""),
        "notes": item.get("notes", ""),
        "decision": item.get("decision", ""),
        "clauses": [c for c in (att_clause(c) for c in item.get("clauses") or []) if c],
        "confidential": bool(item.get("confidential")) and show_confidential_mark,
        "matter": item.get("matter") or "",
        "attachments": [a.get("title", "") for a in item.get("attachments") or []],
    }


def _person_line(row: dict[str, Any], paragraphs: list[int], *, member: bool) -> str:
    name = row.get("person", "")
    if member and row.get("party"):
        name = f"{name} ({row['party']})"
    description = row.get("description", "")
    if str(description).strip().lower() in GROUP_WORDS.get(str(row.get("capacity")), set()):
        description = ""
    parts = [row.get("represents", ""), description]
    if not member:
        parts.reverse()  # officials: "avdelningschef, Göteborgsregionen"
    line = ", ".join([name, *(p for p in parts if p)])
    if paragraphs:
        line = f"{line} {paragraph_ranges(paragraphs)}"
    elif row.get("paragraphs"):
        line = f"{line} (del av sammanträdet)"  # items not yet numbered in a draft
    return line


def _seat_rank(row: dict[str, Any]) -> int:
    """The chair first, then vice chairs, then everyone else in the order given."""
    description = str(row.get("description") or "").strip().lower()
    if description == "ordförande":
        return 0
    return 1 if "vice ordförande" in description else 2


def attendance_context(content: dict[str, Any], hidden: set[int], visible: set[int]) -> dict[str, Any]:
    """The roll call grouped as Swedish minutes show it. Paragraphs in `hidden` (confidential,
    public rendering) are never mentioned, and whoever took part only in them is left out."""
    rows = content.get("attendance") or []
    replaced_by = {r.get("replaced_by"): r.get("person") for r in rows if r.get("replaced_by")}
    present: dict[str, list[str]] = {
        "Ledamöter": [],
        "Tjänstgörande ersättare": [],
        "Ersättare": [],
        "Sekreterare": [],
        "Övriga närvarande": [],
    }
    absent: dict[str, list[str]] = {"Ledamöter": [], "Ersättare": [], "Övriga": []}
    chairs: list[str] = []
    chair_fallback: list[str] = []
    for row in sorted(rows, key=_seat_rank):
        all_paragraphs = [p for p in row.get("paragraphs") or [] if p]
        paragraphs = [p for p in all_paragraphs if p not in hidden]
        if all_paragraphs and not paragraphs:
            continue  # present only for confidential paragraphs
        capacity = row.get("capacity")
        status = row.get("status")
        member = capacity in MEMBER_CAPACITIES or capacity in SUBSTITUTE_CAPACITIES
        line = _person_line(row, paragraphs, member=member)
        if status == Attendance.Status.PRESENT:
            if capacity in MEMBER_CAPACITIES:
                present["Ledamöter"].append(line)
            elif capacity in SUBSTITUTE_CAPACITIES:
                stands_for = replaced_by.get(row.get("person"))
                if stands_for:
                    present["Tjänstgörande ersättare"].append(f"{line}, för {stands_for}")
                else:
                    present["Ersättare"].append(line)
            elif capacity == Attendance.Capacity.SECRETARY:
                present["Sekreterare"].append(line)
            else:
                present["Övriga närvarande"].append(line)
            chaired = [p for p in row.get("chairs") or [] if p and p not in hidden]
            if chaired:
                covers_all = set(chaired) >= visible
                chairs.append(
                    row.get("person", "") if covers_all else f"{row.get('person', '')} {paragraph_ranges(chaired)}"
                )
            elif (row.get("description") or "").strip().lower() == "ordförande":
                chair_fallback.append(row.get("person", ""))
        else:
            if status == Attendance.Status.NOTIFIED:
                line = f"{line} (anmält förhinder)"
            elif status == Attendance.Status.REPLACED and row.get("replaced_by"):
                line = f"{line}, ersatt av {row['replaced_by']}"
            key = "Ledamöter" if capacity in MEMBER_CAPACITIES else "Ersättare" if member else "Övriga"
            absent[key].append(line)
    return {
        "present": [(k, v) for k, v in present.items() if v],
        "absent": [(k, v) for k, v in absent.items() if v],
        "chairs": chairs or chair_fallback,
    }


def _description_of(content: dict[str, Any], name: str | None) -> str:
    for row in content.get("attendance") or []:
        if name and row.get("person") == name and row.get("description"):
            return capitalised(str(row["description"]))
    return ""


def minutes_context(minutes: Minutes, *, public: bool) -> dict[str, Any]:
    content, adjusted = minutes_document(minutes)
    items = content.get("items") or []
    hidden = {i["paragraph"] for i in items if public and i.get("confidential") and i.get("paragraph")}
    shown = [i for i in items if not (public and i.get("confidential"))]
    visible = {i["paragraph"] for i in shown if i.get("paragraph")}
    start = timezone.localtime(datetime.datetime.fromisoformat(content["start"]))
    end = timezone.localtime(datetime.datetime.fromisoformat(content["end"])) if content.get("end") else None
    corrections = [
        {
            "date": local_day(c.created_at),
            "paragraph": paragraph_label(c.paragraph) if c.paragraph else "",
            "text": c.text,
        }
        for c in minutes.corrections.order_by("created_at")
        if not (c.paragraph and c.paragraph in hidden)
    ]
    secretary = content.get("secretary") or ""
    verified = services.minutes_verify(minutes) if adjusted and minutes.content else None
    return {
        "body_name": content.get("body", ""),
        "date": start.date(),
        "long_date": long_date(start.date()),
        # Older snapshots lack the flag: their time was decided.
        "time": time_span(start, end) if content.get("time_decided", True) else "",
        "place": content.get("place") or "",
        "online": content.get("online") or "",
        "paragraphs": paragraph_ranges(visible),
        "attendance": attendance_context(content, hidden, visible),
        "items": [_item_context(i, show_confidential_mark=not public) for i in shown],
        "secretary": secretary,
        "secretary_title": _description_of(content, secretary),
        "adjusters": [{"name": n, "title": _description_of(content, n)} for n in content.get("adjusters") or []],
        "adjusted": adjusted,
        "notes": services.keeps_notes(minutes),
        "adjusted_on": local_day(minutes.adjusted_at) if adjusted and minutes.adjusted_at else None,
        "draft": not adjusted,
        "draft_label": DRAFT_LABEL,
        "verified": verified,
        "content_hash": minutes.content_hash if verified else "",
        "corrections": corrections,
        "public": public,
    }


def _check_public(minutes: Minutes, public: bool) -> None:
    if public and not minutes.is_published:
        raise LookupError("These minutes are not adjusted and published.")


def render_minutes(minutes: Minutes, public: bool = False, *, pdf_variant: str | None = None) -> bytes:
    """The minutes (protokoll). `public=True` leaves confidential paragraphs out completely and
    is refused (LookupError) for minutes that are not adjusted and published."""
    _check_public(minutes, public)
    context = minutes_context(minutes, public=public)
    kind = "Mötesanteckningar" if context["notes"] else "Protokoll"
    context |= {
        "title": f"{kind} – {context['body_name']} {context['date'].isoformat()}",
        "author": context["body_name"],
        "head_left": f"{kind} {context['date'].isoformat()}",
        "head_right": context["body_name"],
    }
    return write_pdf("meetings/pdf/minutes.html", context, pdf_variant=pdf_variant)


def render_extract(minutes: Minutes, paragraph: int, public: bool = False, *, pdf_variant: str | None = None) -> bytes:
    """An extract (protokollsutdrag) of one paragraph. LookupError if there is no such
    paragraph, or (public) it is confidential or the minutes are not published."""
    _check_public(minutes, public)
    context = minutes_context(minutes, public=public)
    item = next((i for i in context["items"] if i["paragraph"] == paragraph), None)
    if item is None:
        raise LookupError(f"There is no paragraph § {paragraph} in these minutes.")
    label = paragraph_label(paragraph)
    kind = "Utdrag ur mötesanteckningar" if context["notes"] else "Protokollsutdrag"
    context |= {
        "item": item,
        "corrections": [c for c in context["corrections"] if c["paragraph"] == label],
        "title": f"{kind} {label} – {context['body_name']} {context['date'].isoformat()}",
        "author": context["body_name"],
        "head_left": f"{kind} {context['date'].isoformat()} {label}",
        "head_right": context["body_name"],
    }
    return write_pdf("meetings/pdf/extract.html", context, pdf_variant=pdf_variant)


def render_adjustment_notice(minutes: Minutes, *, pdf_variant: str | None = None) -> bytes:
    """The notice of adjustment for the notice board (anslag/bevis om justering). Only adjusted
    minutes have one (LookupError otherwise)."""
    if minutes.status != Minutes.Status.ADJUSTED:
        raise LookupError("These minutes are not adjusted.")
    meeting = minutes.meeting
    body = meeting.body
    content, _adjusted = minutes_document(minutes)
    day = timezone.localtime(meeting.start).date()
    numbered = [i["paragraph"] for i in content.get("items") or [] if i.get("paragraph")]
    context = {
        "title": f"Anslag om justering – {body.name} {day.isoformat()}",
        "author": body.name,
        "head_left": "Anslag/bevis om justering",
        "head_right": body.name,
        "body_name": body.name,
        "meeting_date": day,
        "paragraphs": paragraph_ranges(numbered),
        "adjusted_on": local_day(minutes.adjusted_at),
        "posted_on": minutes.posted_on,
        "appeal_ends": minutes.appeal_ends,
        "kept_by": join_names([p.name for p in body.owners.order_by("name")]) or body.name,
        "secretary": content.get("secretary") or "",
    }
    return write_pdf("meetings/pdf/adjustment_notice.html", context, pdf_variant=pdf_variant)
