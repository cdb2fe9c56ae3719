"""The agreement register's pages. Who may open each is declared in permissions.py; what a
user may see on them comes from the selectors, so a draft answers 404 to outsiders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.agreements import selectors, services
from samverkan.agreements.forms import AgreementFilterForm, AgreementForm, ExtendForm, VersionForm
from samverkan.agreements.permissions import AGREEMENT, may_edit
from samverkan.core.editing import errors_to_form, save_create, save_edit
from samverkan.core.files import serve_stored
from samverkan.documents.papers import stored_for_reading
from samverkan.structure.selectors import bodies_kept_by


def agreement_list(request: HttpRequest) -> HttpResponse:
    form = AgreementFilterForm(request.GET or None, states=selectors.STATE_LABELS)
    state = kind = ""
    if form.is_valid():
        state, kind = form.cleaned_data["state"], form.cleaned_data["kind"]
    rows = selectors.agreement_rows(request.user, timezone.localdate(), state=state, kind=kind)
    return render(
        request,
        "agreements/list.html",
        {
            "rows": rows,
            "form": form,
            "may_create": request.user.is_authenticated and bodies_kept_by(request.user).exists(),
        },
    )


def agreement_detail(request: HttpRequest, key: str) -> HttpResponse:
    page = selectors.agreement_page(request.user, key, timezone.localdate())
    if page is None:
        raise Http404
    return render(request, "agreements/detail.html", {"page": page, "may_edit": may_edit(request.user, page.agreement)})


def version_file(request: HttpRequest, key: str, pk: int) -> FileResponse:
    version = selectors.version_for(request.user, key, pk)
    if version is None:
        raise Http404
    return serve_stored(version.file, version.content_type, version.original_name)


def agreement_create(request: HttpRequest) -> HttpResponse:
    bodies = bodies_kept_by(request.user)
    if not bodies.exists():
        raise PermissionDenied
    # An imported agreement's page links here with the title and summary it read (importer).
    initial = {name: request.GET[name][:1000] for name in ("title", "summary") if name in request.GET}
    form = AgreementForm(
        request.POST or None,
        initial=initial,
        bodies=bodies,
        agreements=selectors.agreement_choices(request.user),
    )
    agreement = save_create(request, form, _("The agreement was registered."), services.agreement_create)
    if agreement is not None:
        return redirect(agreement)
    return render(request, "agreements/form.html", {"form": form, "agreement": None})


def agreement_edit(request: HttpRequest, key: str) -> HttpResponse:
    agreement = AGREEMENT.get(key)
    bodies = bodies_kept_by(request.user, agreement.body)
    form = AgreementForm(
        request.POST or None,
        instance=agreement,
        bodies=bodies,
        agreements=selectors.agreement_choices(request.user),
    )
    if save_edit(request, form, services.agreement_update, agreement=agreement):
        return redirect(agreement)
    return render(request, "agreements/form.html", {"form": form, "agreement": agreement})


def agreement_extend(request: HttpRequest, key: str) -> HttpResponse:
    agreement = AGREEMENT.get(key)
    form = ExtendForm(
        request.POST or None,
        body=agreement.body,
        initial={"version": agreement.version, "until_replaced": agreement.until_replaced},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.agreement_extend(
                actor=request.user,
                agreement=agreement,
                version=data["version"],
                until=data["until"],
                until_replaced=data["until_replaced"],
                on=data["on"],
                note=data["note"],
                agenda_item=data["agenda_item"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The extension was recorded."))
            return redirect(agreement)
    return render(request, "agreements/extend.html", {"form": form, "agreement": agreement})


def version_add(request: HttpRequest, key: str) -> HttpResponse:
    agreement = AGREEMENT.get(key)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.version_add(
                actor=request.user,
                agreement=agreement,
                upload=data["file"],
                label=data["label"],
                adopted_on=data["adopted_on"],
                note=data["note"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors_to_form(form, exc)
            else:
                form.add_error("file", exc)  # the file itself was refused (type, size, damaged)
        else:
            messages.success(request, f"{_('The version was added.')} {stored_for_reading()}")
            return redirect(agreement)
    return render(request, "agreements/version_form.html", {"form": form, "agreement": agreement})
