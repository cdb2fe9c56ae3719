"""Recommendation pages. Who may open each one is declared in permissions.py; pages that also
depend on the record ask the selectors, so an outsider gets 404 rather than a draft."""

from __future__ import annotations

import csv
import io
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.core.editing import act, errors_to_form
from samverkan.core.files import serve_stored
from samverkan.documents.papers import stored_for_reading
from samverkan.referrals import links, selectors, services
from samverkan.referrals.forms import BoardFilterForm, RecommendationForm, ResponseForm
from samverkan.referrals.models import Recipient, Recommendation, Response
from samverkan.referrals.permissions import RECIPIENT, RECOMMENDATION
from samverkan.structure.permissions import BODY
from samverkan.structure.roles import is_secretary_of

T = TypeVar("T")


def _found(found: T | None) -> T:
    """What a selector found, or 404 (it finds nothing the user may not see)."""
    if found is None:
        raise Http404
    return found


def _visible(request: HttpRequest, pk: int) -> Recommendation:
    return _found(selectors.recommendation_for(request.user, pk))


# --- Public ----------------------------------------------------------------------------------


def recommendation_list(request: HttpRequest) -> HttpResponse:
    return render(request, "referrals/list.html", {"recommendations": selectors.recommendation_list(request.user)})


def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _visible(request, pk)
    recipients = selectors.recipients_with_history(recommendation)
    secretary = is_secretary_of(request.user, recommendation.body)
    report_back = selectors.report_back_of(recommendation) if recommendation.is_sent else None
    return render(
        request,
        "referrals/detail.html",
        {
            "recommendation": recommendation,
            "recipients": recipients,
            "outcome": selectors.outcome_for(recommendation, recipients),
            "secretary": secretary,
            "report_back": report_back,
            "papers": selectors.papers_of(recommendation),
            "today": timezone.localdate(),
            "missing_population": (
                services.missing_populations(recommendation)
                if secretary
                and recommendation.status == Recommendation.Status.DRAFT
                and selectors.needs_population(recommendation)
                else []
            ),
        },
    )


def extract(request: HttpRequest, pk: int, response_pk: int) -> FileResponse:
    recommendation = _visible(request, pk)
    response = _found(selectors.extract_of(recommendation, response_pk))
    if not response.extract:
        raise Http404
    return serve_stored(response.extract, "application/pdf", response.extract_name or "utdrag.pdf")


def paper(request: HttpRequest, pk: int, paper_pk: int) -> FileResponse:
    recommendation = _visible(request, pk)
    document = _found(selectors.read_paper_of(recommendation.pk, paper_pk))
    return serve_stored(document.file, document.content_type, document.original_name or "handling")


def _board(request: HttpRequest, *, paged: bool = False) -> tuple[BoardFilterForm, selectors.Board]:
    """The board as filtered by the query string: on the page a page of recommendations
    (`?page=`), in the downloads all of them."""
    form = BoardFilterForm(request.GET or None)
    filters = selectors.BoardFilter()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.BoardFilter(
            body=data.get("body"),
            year=data.get("year"),
            kind=data.get("kind") or "",
            open_only=bool(data.get("open_only")),
            principal_kind=data.get("principal_kind") or "",
        )
    page = (request.GET.get("page") or "1") if paged else None
    return form, selectors.board(request.user, filters, page=page)


def board(request: HttpRequest) -> HttpResponse:
    form, result = _board(request, paged=True)
    filters = request.GET.copy()
    filters.pop("page", None)  # the page links and the downloads keep the filters, not the page
    return render(
        request,
        "referrals/board.html",
        {"form": form, "board": result, "query": filters.urlencode()},
    )


EXPORT_COLUMNS = [
    "Rekommendation",
    "Organ",
    "Typ",
    "Sista svarsdag",
    "Utfall",
    "Huvudman",
    "Svar",
    "Villkor",
    "Beslutsdatum",
    "Beslutande organ",
    "Paragraf",
    "Besvarad",
    "Sent svar",
    "Demosvar",
]


def _export_rows(result: selectors.Board) -> list[list[Any]]:
    from django.utils import translation

    rows = []
    with translation.override("sv"):
        for rec, outcome in result.columns():
            for principal in result.principals:
                recipient = result.cells.get((rec.pk, principal.pk))
                if recipient is None:
                    continue
                assert isinstance(recipient, Recipient)  # the exports read whole recipients
                answer = recipient.current_response
                rows.append(
                    [
                        rec.title,
                        rec.body.name,
                        rec.get_kind_display(),
                        rec.deadline,
                        outcome.label if outcome else "",
                        principal.name,
                        answer.get_answer_display() if answer else "Inte besvarad",
                        answer.condition if answer else "",
                        answer.decided_on if answer else None,
                        (answer.decided_by_name or answer.get_decided_by_display()) if answer else "",
                        answer.paragraph if answer else "",
                        timezone.localtime(answer.answered_at).replace(tzinfo=None, microsecond=0) if answer else None,
                        ("ja" if answer.late else "nej") if answer else "",
                        ("ja" if answer.is_demo else "nej") if answer else "",
                    ]
                )
    return rows


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula (a condition typed through a personal
    link may start with "=") gets a leading apostrophe, so it stays text."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def board_csv(request: HttpRequest) -> HttpResponse:
    _form, result = _board(request)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")  # Swedish Excel reads semicolons
    writer.writerow(EXPORT_COLUMNS)
    for row in _export_rows(result):
        writer.writerow([_csv_value(v) for v in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="rekommendationer.csv"'
    return response


def board_xlsx(request: HttpRequest) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    _form, result = _board(request)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Svar"
    sheet.append(EXPORT_COLUMNS)
    for row in _export_rows(result):
        sheet.append(row)
    for index, _name in enumerate(EXPORT_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":  # text starting with "=" is text here, never a formula
                cell.data_type = "s"
            if cell.is_date:
                cell.number_format = "yyyy-mm-dd hh:mm" if cell.column == 12 else "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="rekommendationer.xlsx"'
    return response


# --- Answering ---------------------------------------------------------------------------------


def _answer(request: HttpRequest, recipient: Recipient, *, via: str, done_url: str, token: str = "") -> HttpResponse:
    recommendation = recipient.recommendation
    if request.method == "POST":
        form = ResponseForm(request.POST, request.FILES, recommendation=recommendation)
        if form.is_valid():
            data = form.cleaned_data
            try:
                recorded = services.response_record(
                    actor=request.user,
                    recipient=recipient,
                    answer=data["answer"],
                    via=via,
                    submission=data["submission"],
                    condition=data.get("condition", ""),
                    text=data.get("text", ""),
                    decided_on=data.get("decided_on"),
                    decided_by=data.get("decided_by", ""),
                    decided_by_name=data.get("decided_by_name", ""),
                    paragraph=data.get("paragraph", ""),
                    extract=data.get("extract"),
                    link_version=recipient.link_version if via == Response.Via.LINK else None,
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                if recorded.created:
                    messages.success(request, _("Thank you. The answer has been recorded."))
                else:
                    messages.info(request, _("This answer had already been recorded; nothing was added."))
                return redirect(done_url)
    else:
        form = ResponseForm(recommendation=recommendation)
    history = list(recipient.responses.order_by("-answered_at", "-pk"))
    return render(
        request,
        "referrals/answer.html",
        {
            "recommendation": recommendation,
            "recipient": recipient,
            "form": form,
            "history": history,
            "current": history[0] if history else None,
            "papers": selectors.papers_of(recommendation),
            "token": token,
            "late": timezone.localdate() > recommendation.deadline,
            "via_link": via == Response.Via.LINK,
        },
        status=400 if request.method == "POST" else 200,
    )


def answer_link(request: HttpRequest, token: str) -> HttpResponse:
    """Answer through the personal link: no account needed; the token is the authorisation."""
    try:
        recipient = links.read(token)
    except links.BadLink as bad:
        return render(request, "referrals/bad_link.html", {"reason": bad.message}, status=403)
    return _answer(
        request,
        recipient,
        via=Response.Via.LINK,
        done_url=reverse("referrals:answer_link", kwargs={"token": token}),
        token=token,
    )


def answer_link_paper(request: HttpRequest, token: str, paper_pk: int) -> HttpResponse | FileResponse:
    """A paper of the recommendation, for the holder of a working personal link (who may have
    no account, and the recommendation may not be public)."""
    try:
        recipient = links.read(token)
    except links.BadLink as bad:
        return render(request, "referrals/bad_link.html", {"reason": bad.message}, status=403)
    document = _found(selectors.read_paper_of(recipient.recommendation_id, paper_pk))
    return serve_stored(document.file, document.content_type, document.original_name or "handling")


def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer logged in: the principal's registrars, or the secretary recording an answer."""
    recipient = RECIPIENT.get(pk)
    if recipient.recommendation.status != Recommendation.Status.SENT:
        raise Http404
    registrar = selectors.registers_for(request.user, recipient.principal)
    return _answer(
        request,
        recipient,
        via=Response.Via.LOGIN if registrar else Response.Via.SECRETARY,
        done_url=reverse("referrals:answer", kwargs={"pk": pk}),
    )


def inbox(request: HttpRequest) -> HttpResponse:
    """The registrar's inbox: to answer, deadline passed, answered (the latest only: the rest are
    on the principal's page); each sorted by deadline."""
    found = selectors.registrar_inbox(request.user)
    parts = [
        ("to-answer", _("To answer, nearest deadline first"), found.to_answer),
        ("expired", _("Deadline passed, not answered (a late answer is still accepted)"), found.expired),
        ("answered", _("Answered"), found.answered),
    ]
    principals = selectors.principals_of(request.user) if found.answered_total > len(found.answered) else []
    return render(
        request,
        "referrals/inbox.html",
        {
            "parts": parts,
            "recipients": [*found.to_answer, *found.expired, *found.answered],  # those shown
            "counts": [len(found.to_answer), len(found.expired), found.answered_total],
            "answered_total": found.answered_total,
            "principals": principals,
            "any": len(found) > 0,
            "today": timezone.localdate(),
        },
    )


# --- Secretaries -------------------------------------------------------------------------------


def recommendation_create(request: HttpRequest, key: str) -> HttpResponse:
    body = BODY.get(key)
    item = None
    item_pk = request.POST.get("item") if request.method == "POST" else request.GET.get("item")
    if item_pk:
        if not item_pk.isdigit():
            raise Http404
        item = _found(selectors.agenda_item_of(body, int(item_pk)))
    if request.method == "POST":
        form = RecommendationForm(request.POST)
        if form.is_valid():
            try:
                recommendation = services.recommendation_create(
                    actor=request.user,
                    body=body,
                    agenda_item=item,
                    principals=form.cleaned_data["principals"],
                    groupings=form.cleaned_data["groupings"],
                    **form.service_fields(),
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("The recommendation is saved as a draft. Check it, then send it."))
                return redirect(recommendation)
    else:
        initial: dict[str, Any] = {}
        if item is not None:
            initial = {"title": item.title, "question": item.decision or item.proposal}
        form = RecommendationForm(initial=initial)
    return render(request, "referrals/form.html", {"form": form, "body": body, "item": item})


def recommendation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = RECOMMENDATION.get(pk)
    if recommendation.status == Recommendation.Status.WITHDRAWN:
        raise Http404
    if request.method == "POST":
        form = RecommendationForm(request.POST, instance=selectors.recommendation_to_edit(pk))
        if form.is_valid():
            extra: dict[str, Any] = {}
            if "principals" in form.fields:
                extra = {"principals": form.cleaned_data["principals"], "groupings": form.cleaned_data["groupings"]}
            try:
                services.recommendation_update(
                    actor=request.user,
                    recommendation=recommendation,
                    version=form.cleaned_data.get("version") or 0,
                    **extra,
                    **form.service_fields(),
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(recommendation)
    else:
        form = RecommendationForm(instance=recommendation)
    return render(
        request, "referrals/form.html", {"form": form, "body": recommendation.body, "recommendation": recommendation}
    )


def recommendation_send(request: HttpRequest, pk: int) -> HttpResponse:
    """First the list of whom the invitations will reach and whom not, and why; sent on
    confirming."""
    from samverkan.referrals.mail import addressees

    recommendation = RECOMMENDATION.get(pk)
    if request.method != "POST":
        if recommendation.status != Recommendation.Status.DRAFT:
            messages.error(request, _("The recommendation has already been sent."))
            return redirect(recommendation)
        reached, missed = addressees(recommendation)
        return render(
            request,
            "referrals/send_confirm.html",
            {"recommendation": recommendation, "reached": reached, "missed": missed},
        )
    act(
        request,
        _("The recommendation has been sent. The registrars get their links by e-mail."),
        services.recommendation_send,
        recommendation=recommendation,
    )
    return redirect(recommendation)


@require_POST
def recommendation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = RECOMMENDATION.get(pk)
    act(
        request,
        _("The recommendation has been withdrawn; its links no longer work."),
        services.recommendation_withdraw,
        recommendation=recommendation,
    )
    return redirect(recommendation)


@require_POST
def recipient_link(request: HttpRequest, pk: int, recipient_pk: int) -> HttpResponse:
    recipient = _found(selectors.recipient_of(RECOMMENDATION.get(pk), recipient_pk))
    action = request.POST.get("action")
    try:
        if action == "revoke":
            services.link_revoke(actor=request.user, recipient=recipient)
            messages.success(request, _("The link for %(name)s no longer works.") % {"name": recipient.principal.name})
        elif action == "reissue":
            services.link_reissue(actor=request.user, recipient=recipient)
            messages.success(
                request,
                _("A new link has been sent to the registrars of %(name)s; the old one no longer works.")
                % {"name": recipient.principal.name},
            )
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(reverse("referrals:detail", kwargs={"pk": pk}) + f"#mottagare-{recipient.pk}")


@require_POST
def paper_add(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = RECOMMENDATION.get(pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
    else:
        try:
            services.paper_add(
                actor=request.user,
                recommendation=recommendation,
                upload=upload,
                title=request.POST.get("title", "").strip(),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"{_('The paper has been attached.')} {stored_for_reading()}")
    return redirect(reverse("referrals:detail", kwargs={"pk": pk}) + "#handlingar")


@require_POST
def paper_remove(request: HttpRequest, pk: int, paper_pk: int) -> HttpResponse:
    document = _found(selectors.paper_of(RECOMMENDATION.get(pk), paper_pk))
    act(request, _("The paper has been removed."), services.paper_remove, paper=document)
    return redirect(reverse("referrals:detail", kwargs={"pk": pk}) + "#handlingar")
