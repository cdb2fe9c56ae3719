"""Helpers for staff edit screens: optimistic locking so concurrent edits never overwrite."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BaseForm
from django.http import QueryDict
from django.utils.translation import gettext as _


def version_of(instance: models.Model) -> str:
    stamp = getattr(instance, "updated_at", None)
    return stamp.isoformat() if stamp else ""


def stale(form: BaseForm, current: models.Model) -> bool:
    """True (and an error on the form) if the record changed since the form was shown."""
    seen = form.cleaned_data.get("version") or ""
    if seen and seen != version_of(current):
        # Keep what was typed, but carry the saved version: after comparing, saving again works.
        data = cast(QueryDict, form.data).copy()
        data["version"] = version_of(current)
        form.data = data
        form.add_error(
            None,
            _(
                "Someone else saved this record while you were editing it. Your changes have not "
                "been saved: the form now shows what you typed; compare it with the saved version "
                "(open the page in a new tab) and save again."
            ),
        )
        return True
    return False


def errors_to_form(form: BaseForm, exc: ValidationError) -> None:
    """Show a service's refusal on the form: field errors on their fields, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
