"""Meeting pages. Who may open each one is declared in permissions.py."""

from __future__ import annotations

import datetime
import logging
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from samverkan.core.choosing import suggestions
from samverkan.core.editing import errors_to_form
from samverkan.core.files import serve_stored
from samverkan.core.pagecache import ignores_query
from samverkan.documents.papers import stored_for_reading
from samverkan.meetings import links, notice_tasks, selectors, services
from samverkan.meetings.forms import (
    ADDED_ROWS,
    AbsenceOnBehalfForm,
    AddAttendeeForm,
    AttachmentForm,
    AttendanceForm,
    CorrectionForm,
    DrawUpForm,
    ItemForm,
    MeetingForm,
    MeetingSettingsForm,
    NewItemForm,
    RollCallForm,
    YearPlanForm,
)
from samverkan.meetings.models import Absence, Meeting, Minutes
from samverkan.meetings.permissions import MEETING
from samverkan.structure import services as structure_services
from samverkan.structure.models import Person
from samverkan.structure.permissions import BODY, PERSON
from samverkan.structure.roles import is_secretary_of
from samverkan.structure.selectors import mail_address

logger = logging.getLogger(__name__)
T = TypeVar("T")


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _found(found: T | None) -> T:
    """What a selector found, or 404 (it finds nothing the user may not see)."""
    if found is None:
        raise Http404
    return found


# --- Public ----------------------------------------------------------------------------------


def body_meetings(request: HttpRequest, key: str) -> HttpResponse:
    """The body's meeting plan, year by year."""
    body = BODY.get(key)
    meetings = list(selectors.meetings_of_body(body.pk))
    years: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        years.setdefault(timezone.localtime(meeting.start).year, []).append(meeting)
    return render(
        request,
        "meetings/body_meetings.html",
        {"body": body, "years": sorted(years.items(), reverse=True), "can_edit": is_secretary_of(request.user, body)},
    )


def body_calendar(request: HttpRequest, key: str) -> HttpResponse:
    from samverkan.meetings.calendar import body_calendar as build

    body = BODY.get(key)
    return HttpResponse(build(body), content_type="text/calendar; charset=utf-8")


def person_calendar(request: HttpRequest, key: str) -> HttpResponse:
    from samverkan.meetings.calendar import person_calendar as build

    person = PERSON.get(key)
    return HttpResponse(build(person), content_type="text/calendar; charset=utf-8")


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.meeting_page(request.user, MEETING.get(pk))
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": page.meeting,
            "items": page.items,
            "minutes": page.minutes,
            "published": page.published,
            "notes": page.minutes is not None and services.keeps_notes(page.minutes),
            "insider": page.insider,
            "can_edit": page.secretary,
            "my_absence": page.my_absence,
            "is_adjuster": page.is_adjuster,
        },
    )


def minutes_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Published minutes, from their frozen content, without confidential items."""
    page = _found(selectors.public_minutes(pk))
    minutes = page.minutes
    return render(
        request,
        "meetings/minutes.html",
        {
            "minutes": minutes,
            "meeting": minutes.meeting,
            "content": page.content,
            "items": page.content["items"],
            "attendance": page.content.get("attendance", []),
            "corrections": page.corrections,
            "intact": services.minutes_verify(minutes),
            "notes": services.keeps_notes(minutes),
        },
    )


@ignores_query
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from samverkan.meetings.pdf import render_minutes

    minutes = _found(selectors.published_minutes_of(pk))
    name = "anteckningar" if services.keeps_notes(minutes) else "protokoll"
    return _pdf(
        render_minutes(minutes, public=True), f"{name}-{timezone.localdate(minutes.meeting.start):%Y-%m-%d}.pdf"
    )


@ignores_query
def extract_pdf(request: HttpRequest, pk: int, paragraph: int) -> HttpResponse:
    from samverkan.meetings.pdf import render_extract

    minutes = _found(selectors.published_minutes_of(pk))
    try:
        data = render_extract(minutes, paragraph, public=True)
    except LookupError as exc:
        raise Http404 from exc
    return _pdf(data, f"protokollsutdrag-{timezone.localdate(minutes.meeting.start):%Y-%m-%d}-{paragraph}.pdf")


@ignores_query
def adjustment_notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from samverkan.meetings.pdf import render_adjustment_notice

    minutes = _found(selectors.posted_minutes_of(pk))
    return _pdf(render_adjustment_notice(minutes), f"anslag-{timezone.localdate(minutes.meeting.start):%Y-%m-%d}.pdf")


def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    paper = _found(selectors.attachment_for(request.user, pk, attachment_pk))
    return serve_stored(paper.file, paper.content_type, paper.original_name)


def matter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A matter and every public item that dealt with it, across bodies."""
    matter, items = _found(selectors.matter_page(pk))
    return render(request, "meetings/matter_detail.html", {"matter": matter, "items": items})


def absence_link(request: HttpRequest, token: str) -> HttpResponse:
    """Report absence from the personal link in the notice; no log-in needed."""
    try:
        meeting, person = links.absence_read(token)
    except links.BadLink as bad:
        return _bad_link(request, bad)
    error = None
    absence = selectors.absence_of(meeting, person)
    if absence is None and (meeting.status == Meeting.Status.HELD or meeting.start <= timezone.now()):
        error = _("The meeting has already taken place.")
    if request.method == "POST" and absence is None and error is None:
        try:
            absence, _created = services.absence_report(
                actor=request.user,
                meeting=meeting,
                person=person,
                via=Absence.Via.LINK,
                note=request.POST.get("note", "")[:300],
                source="link",
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    return render(
        request,
        "meetings/absence_link.html",
        {
            "meeting": meeting,
            "person": person,
            "absence": absence,
            "error": error,
            "recorded_present": absence is not None and services.recorded_present_before(absence),
        },
    )


def adjust_link(request: HttpRequest, token: str) -> HttpResponse:
    """An adjuster confirms the minutes from the personal link; no log-in needed."""
    try:
        minutes, person = links.adjust_read(token)
    except links.BadLink as bad:
        return _bad_link(request, bad)
    return _adjust(request, minutes, person, via="link")


def _bad_link(request: HttpRequest, bad: links.BadLink) -> HttpResponse:
    return render(request, "meetings/bad_link.html", {"revoked": bad.reason == "revoked"}, status=400)


def _adjust(request: HttpRequest, minutes: Minutes, person: Person, via: str) -> HttpResponse:
    adjuster = _found(selectors.adjuster_of(minutes, person))
    error = None
    completed = False
    if request.method == "POST" and adjuster.confirmed_at is None:
        try:
            completed = services.adjustment_confirm(
                actor=request.user, minutes=minutes, person=person, via=via, source=via
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        adjuster = _found(selectors.adjuster_of(minutes, person))
        minutes = _found(selectors.adjustable_minutes(minutes.meeting_id))
    content = minutes.content if minutes.status == Minutes.Status.ADJUSTED else services.snapshot(minutes)
    return render(
        request,
        "meetings/adjust.html",
        {
            "minutes": minutes,
            "meeting": minutes.meeting,
            "person": person,
            "adjuster": adjuster,
            "content": content,
            "error": error,
            "completed": completed,
        },
    )


# --- Members ---------------------------------------------------------------------------------


def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from samverkan.meetings.pdf import render_notice

    meeting = MEETING.get(pk)
    # The policy lets the public in once the notice is sent: they read the public version.
    public = not selectors.sees_confidential(request.user, meeting)
    return _pdf(render_notice(meeting, public=public), f"kallelse-{timezone.localdate(meeting.start):%Y-%m-%d}.pdf")


@require_POST
def absence_report(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = MEETING.get(pk)
    person = getattr(request.user, "person", None)
    if person is None:
        messages.error(request, _("Your account is not linked to a member; ask the secretary."))
        return redirect(meeting)
    try:
        absence, _created = services.absence_report(
            actor=request.user, meeting=meeting, person=person, via=Absence.Via.LOGIN
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your absence is noted. Thank you for letting us know."))
        if services.recorded_present_before(absence):
            messages.warning(request, _("The roll call already records you as present; the secretary has been told."))
    return redirect(meeting)


def adjust(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = _found(selectors.adjustable_minutes(pk))
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404
    return _adjust(request, minutes, person, via="login")


# --- Secretaries -----------------------------------------------------------------------------


def meeting_create(request: HttpRequest, key: str) -> HttpResponse:
    body = BODY.get(key)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            meeting = services.meeting_plan(actor=request.user, body=body, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The meeting was added to the plan."))
            if meeting.is_planned and meeting.start < timezone.now():
                messages.warning(
                    request,
                    _(
                        "The meeting starts in the past. If it has taken place, set its status to held "
                        "under “Time and place”; no notice can be sent for a meeting that has begun."
                    ),
                )
            return redirect("meetings:agenda", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "body": body, "meeting": None})


def plan_year(request: HttpRequest, key: str) -> HttpResponse:
    """Plan a year's meetings in one form: several dates, the time and place copied to each."""
    body = BODY.get(key)
    form = YearPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            planned = services.meetings_plan_year(actor=request.user, body=body, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request,
                ngettext("%(n)s meeting was added to the plan.", "%(n)s meetings were added to the plan.", len(planned))
                % {"n": len(planned)},
            )
            return redirect("meetings:body_meetings", key=body.key)
    return render(request, "meetings/plan_year.html", {"form": form, "body": body})


def meeting_settings(request: HttpRequest, key: str) -> HttpResponse:
    body = BODY.get(key)
    form = MeetingSettingsForm(request.POST or None, instance=services.settings_for(body))
    if request.method == "POST" and form.is_valid():
        services.meeting_settings_update(actor=request.user, body=body, **form.service_fields())
        messages.success(request, _("Your changes were saved."))
        return redirect("meetings:body_meetings", key=body.key)
    return render(request, "meetings/settings_form.html", {"form": form, "body": body})


def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = MEETING.get(pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            services.meeting_update(actor=request.user, meeting=meeting, version=version, **data)
        except ValidationError as exc:  # a ConcurrentEdit keeps what was typed, with the saved version
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "body": meeting.body, "meeting": meeting})


def matter_suggestions(request: HttpRequest) -> HttpResponse:
    """The matters whose reference number or title holds ?q=, for the item form's matter field."""
    return suggestions(request, selectors.matters_for(request.user))


def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary's view of the meeting: agenda, papers, and the way to everything else."""
    meeting = MEETING.get(pk)
    form = NewItemForm(request.POST or None, matters=selectors.matters_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"version", "clauses_text"}}
        reference = data.pop("new_matter_reference", "").strip()
        matter_title = data.pop("new_matter_title", "").strip()
        try:
            with transaction.atomic():
                if reference:
                    data["matter"] = services.matter_create(
                        actor=request.user, reference=reference, title=matter_title or data["title"]
                    )
                services.item_add(actor=request.user, meeting=meeting, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The item was added."))
            return redirect("meetings:agenda", pk=pk)
    minutes = selectors.minutes_of(meeting)
    return render(
        request,
        "meetings/agenda.html",
        {
            "meeting": meeting,
            "items": selectors.agenda_of(meeting, public=False),
            "form": form,
            "minutes": minutes,
            "locked": selectors.drawn_up(minutes),
            "conflicts": services.absence_conflict_messages(meeting),
        },
    )


def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = MEETING.get(pk)
    item = _found(selectors.item_of(meeting, item_pk))
    form = ItemForm(request.POST or None, instance=item, matters=selectors.matters_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"version", "clauses_text"}}
        data["clauses"] = form.cleaned_data["clauses_text"]
        try:
            services.item_update(
                actor=request.user,
                item=_found(selectors.item_of(meeting, item_pk)),  # as saved: the form changed `item`
                version=form.cleaned_data.get("version") or 0,
                **data,
            )
        except ValidationError as exc:  # a ConcurrentEdit keeps the text and takes the saved version
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("meetings:agenda", pk=pk)
    return render(request, "meetings/item_form.html", {"form": form, "item": item, "meeting": item.meeting})


def item_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Remove an item only after confirming: a GET (or a POST without the confirmation) shows what
    will go, with its papers; the confirming POST removes it (audited by the service)."""
    item = _found(selectors.item_of(MEETING.get(pk), item_pk, papers=True))
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.item_delete(actor=request.user, item=item)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The item “%(title)s” was removed.") % {"title": item.title})
        return redirect("meetings:agenda", pk=pk)
    return render(
        request,
        "meetings/item_confirm_delete.html",
        {
            "item": item,
            "meeting": item.meeting,
            "papers": list(item.attachments.all()),
            "locked": selectors.drawn_up(selectors.minutes_of(item.meeting)),
        },
    )


def attachment_add(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _found(selectors.item_of(MEETING.get(pk), item_pk))
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(
                actor=request.user, item=item, upload=form.cleaned_data["file"], title=form.cleaned_data["title"]
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"{_('The paper was attached.')} {stored_for_reading()}")
            return redirect("meetings:agenda", pk=pk)
    return render(request, "meetings/attachment_form.html", {"form": form, "item": item, "meeting": item.meeting})


def absences(request: HttpRequest, pk: int) -> HttpResponse:
    """Who has reported absence, and which substitute to call in for each."""
    meeting = MEETING.get(pk)
    invited = services.invited_memberships(meeting)
    people = selectors.people([m.person_id for m in invited])
    form = AbsenceOnBehalfForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.absence_report(
                actor=request.user,
                meeting=meeting,
                person=form.cleaned_data["person"],
                via=Absence.Via.SECRETARY,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The absence was noted."))
            return redirect("meetings:absences", pk=pk)
    # Reports of absence are thinned a while after the meeting (RETENTION_ABSENCE_DAYS): for such a
    # meeting "nobody reported absence" would be untrue; who had notified stays in the attendance.
    absences = selectors.absences_of(meeting)
    kept_days = int(getattr(settings, "RETENTION_ABSENCE_DAYS", 0))
    thinned = not absences and kept_days > 0 and meeting.start < timezone.now() - datetime.timedelta(days=kept_days)
    return render(
        request,
        "meetings/absences.html",
        {
            "meeting": meeting,
            "thinned": thinned,
            "kept_days": kept_days,
            "absences": absences,
            "to_call": services.substitutes_to_call(meeting),
            "invited": invited,
            "form": form,
            "conflicts": selectors.conflicts_in_absences(absences),
        },
    )


def notice_send(request: HttpRequest, pk: int) -> HttpResponse:
    """First the list of who will get the notice and who will not, and why; queued for the worker
    on confirming (notice_tasks.notice_enqueue)."""
    from samverkan.meetings.notices import notice_addressees

    meeting = MEETING.get(pk)
    if request.method != "POST":
        reached, missed = notice_addressees(meeting)
        return render(
            request, "meetings/notice_confirm.html", {"meeting": meeting, "reached": reached, "missed": missed}
        )
    try:
        result = notice_tasks.notice_enqueue(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The notice is being sent: %(n)s e-mail(s). The agenda shows when it has gone out.") % {"n": result.sent},
        )
        if result.without_email:
            names = ", ".join(p.name for p in result.without_email)
            messages.warning(request, _("These members have no e-mail address: %(names)s.") % {"names": names})
    return redirect("meetings:agenda", pk=pk)


def _kept_people(data: Any, names: list[str]) -> list[int]:
    """The people already chosen in a submitted form: offered again when it is shown again."""
    return [int(v) for v in (data.get(n, "") for n in names) if str(v).isdigit()] if data else []


def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The roll call: start it from the structure, add guests and stand-ins."""
    meeting = MEETING.get(pk)
    action = request.POST.get("action") if request.method == "POST" else None
    data = request.POST if action in ("add", "find") else None
    people = selectors.people_to_add(
        meeting,
        find=data.get("find", "") if data is not None and action == "find" else "",
        keep=_kept_people(data, ["person"]),
    )
    form = AddAttendeeForm(data, people=people)
    if request.method == "POST":
        try:
            if action == "prepare":
                added = services.roll_call_prepare(actor=request.user, meeting=meeting)
                messages.success(request, _("%(n)s member(s) added to the roll call.") % {"n": added})
                return redirect("meetings:attendance", pk=pk)
            if action == "add" and form.is_valid():
                with transaction.atomic():
                    person = form.cleaned_data["person"]
                    if person is None:
                        person = structure_services.person_create_from_name(
                            actor=request.user, name=form.cleaned_data["new_person_name"]
                        )
                    services.attendance_record(
                        actor=request.user,
                        meeting=meeting,
                        person=person,
                        capacity=form.cleaned_data["capacity"],
                        description=form.cleaned_data["description"],
                    )
                messages.success(request, _("%(name)s was added.") % {"name": person.name})
                return redirect("meetings:attendance", pk=pk)
        except ValidationError as exc:
            errors_to_form(form, exc)
    rows = selectors.attendance_rows(meeting)
    return render(
        request,
        "meetings/attendance.html",
        {"meeting": meeting, "rows": rows, "form": form, "conflicts": selectors.conflicts_in_attendance(rows)},
    )


def roll_call(request: HttpRequest, pk: int) -> HttpResponse:
    """The roll call on one screen: a row per member and substitute of the body (and per
    official or guest recorded), officials and guests added below, one submit saves all; a save
    after someone else's is refused and keeps what was chosen. Once the minutes are drawn up it
    is locked: nothing is read beyond the meeting and its minutes, and nothing is saved.
    "Find" shows the form again, as filled in, with the people found offered to add."""
    meeting = MEETING.get(pk)
    if selectors.minutes_drawn_up(meeting):
        return render(request, "meetings/roll_call.html", {"meeting": meeting, "form": None, "locked": True})
    rows = services.roll_call_rows(meeting)
    people = selectors.roll_call_people(rows)
    version = services.roll_call_version(meeting, [r.attendance for r in rows if r.attendance is not None])
    data = request.POST if request.method == "POST" else None
    finding = data is not None and data.get("action") == "find"
    to_add = selectors.people_to_add(
        meeting,
        find=data.get("find", "") if data is not None and finding else "",
        keep=_kept_people(data, [f"new-{i}-person" for i in range(ADDED_ROWS)]),
    )
    form = RollCallForm(data, rows=rows, people=people, to_add=to_add, initial={"version": version})
    if data is not None and not finding and form.is_valid():
        try:
            changed = services.roll_call_save(
                actor=request.user,
                meeting=meeting,
                version=form.cleaned_data["version"],
                rows=form.saved_rows(),
                added=form.added(),
            )
        except ValidationError as exc:  # a ConcurrentEdit keeps the rows and takes the saved version
            errors_to_form(form, exc)
        else:
            saved = ngettext(
                "The roll call was saved: %(n)s row changed or added.",
                "The roll call was saved: %(n)s rows changed or added.",
                changed,
            )
            messages.success(request, saved % {"n": changed})
            return redirect("meetings:roll_call", pk=pk)
    return render(
        request,
        "meetings/roll_call.html",
        {"meeting": meeting, "form": form, "locked": False, "conflicts": services.roll_call_conflicts(rows)},
    )


def attendance_edit(request: HttpRequest, pk: int, attendance_pk: int) -> HttpResponse:
    row = _found(selectors.attendance_of(MEETING.get(pk), attendance_pk))
    form = AttendanceForm(request.POST or None, instance=row, meeting=row.meeting)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        items, chair_items = list(data.pop("items")), list(data.pop("chair_items"))
        try:
            services.attendance_record(
                actor=request.user,
                meeting=row.meeting,
                person=row.person,
                items=items,
                chair_items=chair_items,
                **data,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("meetings:attendance", pk=pk)
    return render(request, "meetings/attendance_form.html", {"form": form, "row": row, "meeting": row.meeting})


def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Draw up the minutes, follow the adjustment, add corrections."""
    meeting = MEETING.get(pk)
    minutes = services.minutes_for(meeting)
    draw_up = DrawUpForm(
        request.POST if request.POST.get("action") == "draw_up" else None,
        people=selectors.present_people(meeting),
        initial={"first_paragraph": services.next_paragraph(meeting)},
    )
    correction = CorrectionForm(request.POST if request.POST.get("action") == "correct" else None)
    notes = services.keeps_notes(minutes)
    if notes:
        del draw_up.fields["adjusters"]  # notes are not adjusted
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "draw_up" and draw_up.is_valid():
                services.minutes_draw_up(
                    actor=request.user,
                    meeting=meeting,
                    adjusters=list(draw_up.cleaned_data.get("adjusters") or []),
                    secretary=draw_up.cleaned_data["secretary"],
                    first_paragraph=draw_up.cleaned_data["first_paragraph"],
                )
                messages.success(
                    request,
                    _("The meeting notes are drawn up and published.")
                    if notes
                    else _("The minutes are drawn up and sent for adjustment."),
                )
                return redirect("meetings:minutes_edit", pk=pk)
            if action == "reopen":
                services.minutes_reopen(actor=request.user, minutes=minutes)
                messages.success(request, _("The minutes are a draft again."))
                return redirect("meetings:minutes_edit", pk=pk)
            if action == "correct" and correction.is_valid():
                services.correction_add(
                    actor=request.user,
                    minutes=minutes,
                    text=correction.cleaned_data["text"],
                    paragraph=correction.cleaned_data["paragraph"],
                )
                messages.success(request, _("The correction was recorded."))
                return redirect("meetings:minutes_edit", pk=pk)
        except ValidationError as exc:
            errors_to_form(draw_up if action == "draw_up" else correction, exc)
            if action == "reopen":
                messages.error(request, " ".join(exc.messages))
    if request.method == "POST":  # shown again: as saved, not as a failed action left it
        minutes = services.minutes_for(meeting)
    adjusters = selectors.adjusters_of(minutes)
    return render(
        request,
        "meetings/minutes_edit.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "adjusters": [(a, links.adjuster_url(minutes, a), mail_address(a.person)) for a in adjusters],
            "draw_up": draw_up,
            "notes": notes,
            "correction": correction,
            "corrections": selectors.corrections_of(minutes),
            "intact": services.minutes_verify(minutes) if minutes.content_hash else None,
        },
    )
