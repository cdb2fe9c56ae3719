"""The administrators' personal-data screens: find a person, see everything held on them,
export it as a zip (art. 15 and 20), erase it (art. 17), and read the log of requests."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from samverkan.privacy import selectors, services, thinning
from samverkan.privacy.forms import EraseForm, NoteForm
from samverkan.privacy.models import PrivacyRequest, ThinningRun

KINDS = {"person": selectors.subject_for_person, "konto": selectors.subject_for_user}


def _subject(kind: str, pk: int) -> selectors.Subject:
    finder = KINDS.get(kind)
    found = finder(pk) if finder else None
    if found is None:
        raise Http404
    return found


def index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    people, users = selectors.matching(query) if query else ([], [])
    return render(
        request,
        "privacy/index.html",
        {
            "query": query,
            "people": people,
            "users": users,
            "requests": PrivacyRequest.objects.select_related("handled_by")[:30],
            "runs": ThinningRun.objects.all()[:14],
            "retention": thinning.retention(),
        },
    )


def subject(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    found = _subject(kind, pk)
    return render(
        request,
        "privacy/subject.html",
        {
            "kind": kind,
            "pk": pk,
            "subject": found,
            "sections": selectors.holdings(found),
            "public_records": selectors.public_records(found.person),
            "requests": services.requests_about(found),
            "form": NoteForm(),
        },
    )


@require_POST
def export(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    found = _subject(kind, pk)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    _logged, data = services.personal_data_export(actor=request.user, subject=found, note=note)
    response = HttpResponse(data, content_type="application/zip")
    name = f"personuppgifter-{kind}-{pk}-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def erase(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    found = _subject(kind, pk)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        logged = services.personal_data_erase(actor=request.user, subject=found, note=form.cleaned_data["note"])
        return redirect(logged)
    return render(
        request,
        "privacy/erase.html",
        {"kind": kind, "pk": pk, "subject": found, "plan": services.erasure_plan(found), "form": form},
        status=400 if request.method == "POST" else 200,
    )


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    logged = get_object_or_404(PrivacyRequest.objects.select_related("handled_by"), pk=pk)
    return render(request, "privacy/request.html", {"logged": logged})
