"""The forms' renderer (settings.FORM_RENDERER)."""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates

ERROR_TEMPLATES = "django/forms/errors/"


class FormRenderer(DjangoTemplates):
    """Django's own, except that an empty error list is "" without rendering its template.

    Templates show `{{ field.errors }}` beside every field; Django renders the error list's
    template (an include and an `{% if errors %}`) even when there is none, which was a fifth of
    the time of a form with a field per row (the import review, the roll call). Its templates
    (list and dict; HTML, ul and text) all render nothing for no errors, so the page is the same.
    """

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name.startswith(ERROR_TEMPLATES) and not context.get("errors"):
            return ""
        return super().render(template_name, context, request)
