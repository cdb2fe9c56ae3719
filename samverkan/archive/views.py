"""The administrators' archive screen: ask for a package (made by the worker), follow its
progress, download it. Who may open each page is declared in permissions.py."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from samverkan.archive import services
from samverkan.archive.forms import ExportForm
from samverkan.archive.models import ArchiveExport
from samverkan.core.files import serve_stored


def index(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        export = services.archive_export_request(
            actor=request.user,
            body=form.cleaned_data["body"],
            year=form.cleaned_data["year"],
            closed=form.cleaned_data["closed"],
        )
        messages.success(request, _("The package is being made. This page shows how far it has come."))
        return redirect(export)
    exports = ArchiveExport.objects.select_related("body", "requested_by")[:30]
    return render(
        request,
        "archive/index.html",
        {"form": form, "exports": exports},
        status=400 if request.method == "POST" else 200,
    )


def export(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(ArchiveExport.objects.select_related("body", "requested_by"), pk=pk)
    return render(request, "archive/export.html", {"export": item})


def download(request: HttpRequest, pk: int) -> FileResponse:
    item = get_object_or_404(ArchiveExport, pk=pk, status=ArchiveExport.Status.DONE)
    if not item.file:  # written into a folder by the command line, not kept here
        raise Http404
    return serve_stored(item.file, "application/zip", f"{item.package_id}.zip")
