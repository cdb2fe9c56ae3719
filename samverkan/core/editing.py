"""Optimistic locking, the one scheme: a row that is edited in a form has an integer `version`;
the form carries the version it showed, the service locks the row and refuses (ConcurrentEdit)
when it has moved on, and raises it with every change. `errors_to_form` then shows the refusal
and gives the form the saved version, so what was typed is kept and saving again works.
Every edit screen uses it (structure, meetings, referrals, agreements, finance, followup)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.forms import BaseForm
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from samverkan.core.audit import update_instance

M = TypeVar("M", bound=models.Model)


class ConcurrentEdit(ValidationError):
    """Someone else saved the row after it was opened for editing; `current` is its saved version."""

    def __init__(self, message: str, *, current: Any) -> None:
        super().__init__(message, code="concurrent")
        self.current = current


def stale_message() -> str:
    return _(
        "Someone else saved this record while you were editing it. Your changes have not "
        "been saved: the form now shows what you typed; compare it with the saved version "
        "(open the page in a new tab) and save again."
    )


def lock_at_version(row: M, version: int | None, message: str | None = None) -> M:
    """The row to change. Opened in a form at `version`: read again and locked until the
    transaction ends, or ConcurrentEdit if someone saved it since. `version` None (a loader, the
    demo, not opened in a form): the row as given."""
    if version is None:
        return row
    current = type(row)._default_manager.select_for_update().get(pk=row.pk)
    if current.version != version:  # type: ignore[attr-defined]
        raise ConcurrentEdit(message or stale_message(), current=current.version)  # type: ignore[attr-defined]
    return current


def version_raise(row: models.Model) -> None:
    """After a change: every form opened before it is now stale."""
    type(row)._default_manager.filter(pk=row.pk).update(version=F("version") + 1)
    row.version += 1  # type: ignore[attr-defined]


def update_at_version(
    row: models.Model,
    version: int | None,
    values: dict[str, Any],
    *,
    actor: Any,
    source: str = "web",
    message: str | None = None,
) -> dict[str, tuple[Any, Any]]:
    """`core.audit.update_instance` on the row opened at `version` (see lock_at_version), raising
    the version when something changed. Call it inside the service's transaction."""
    current = lock_at_version(row, version, message)
    changes = update_instance(current, values, actor=actor, source=source)
    if changes:
        version_raise(current)
        for name in (*changes, "version", "updated_at"):  # the caller's copy shows what was saved
            setattr(row, name, getattr(current, name))
    return changes


class VersionedModelForm(forms.ModelForm):
    """A model form that carries, hidden, the version of the row it shows; the view passes
    `cleaned_data["version"] or 0` to the service (a form without it is refused as stale)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def service_fields(self) -> dict[str, Any]:
        """What `save_create`/`save_edit` pass to the service: the cleaned data but the version and
        the fields the form shows without letting them change (disabled, e.g. a key once created).
        A form whose service takes something else says so by overriding this."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "version" and not (name in self.fields and self.fields[name].disabled)
        }


def errors_to_form(form: BaseForm, exc: ValidationError) -> None:
    """Show a service's refusal on the form: field errors on their fields, the rest on top. A
    ConcurrentEdit keeps what was typed but gives the form the saved version, so that saving
    again after comparing works (with the old version it would be refused forever)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
    if isinstance(exc, ConcurrentEdit):
        data = cast(QueryDict, form.data).copy()
        data["version"] = str(exc.current)
        form.data = data


def save_create(request: HttpRequest, form: Any, message: str, create: Callable[..., M], **given: Any) -> M | None:
    """Save a posted create form through its service: `create(actor=the user, **given, **the
    form's service_fields())`, called only when the form is valid. The new record, with
    `message` shown; None (the form is shown again, with the service's refusal on it) when
    nothing was created."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        created = create(actor=request.user, **given, **form.service_fields())
    except ValidationError as exc:
        errors_to_form(form, exc)
        return None
    messages.success(request, message)
    return created


def save_edit(request: HttpRequest, form: Any, update: Callable[..., dict[str, Any]], **given: Any) -> bool:
    """Save a posted edit form (a VersionedModelForm) through its service: `update(actor=the
    user, version=the version the form showed, **given, **the form's service_fields())`, called
    only when the form is valid. False (the form is shown again with the refusal; a
    ConcurrentEdit keeps what was typed, with the saved version) unless it was saved."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        changes = update(
            actor=request.user, version=form.cleaned_data["version"] or 0, **given, **form.service_fields()
        )
    except ValidationError as exc:
        errors_to_form(form, exc)
        return False
    if changes:
        messages.success(request, _("Your changes were saved."))
    else:
        messages.info(request, _("Nothing was changed."))
    return True


def save_rows(request: HttpRequest, formset: Any, update: Callable[..., Any], **given: Any) -> bool:
    """Save the rows of a valid formset (a budget's lines, a fund's years) in one service call,
    `update(actor=the user, **given)`. False (the service's refusal shown above the rows) unless
    it was saved."""
    try:
        changes = update(actor=request.user, **given)
    except ValidationError as exc:
        formset._non_form_errors = formset.error_class(exc.messages)
        return False
    messages.success(request, _("Your changes were saved.") if changes else _("Nothing was changed."))
    return True


def act(request: HttpRequest, done: str, action: Callable[..., Any], **given: Any) -> bool:
    """Do a posted action that has no form (send, withdraw, remove) through its service,
    `action(actor=the user, **given)`: `done` is shown when it was done, the service's refusal
    (a ValidationError) as error messages when not. True when it was done."""
    try:
        action(actor=request.user, **given)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    messages.success(request, done)
    return True
