"""Widgets shared by the apps' forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


class PlainSelect(forms.Select):
    """A select rendered in one pass of Python, for long lists and for many selects on a page:
    Django renders each option through a template of its own (the search's body and principal
    filters, 2,000 and 300 options nationally, took 200 ms; the roll call's 'replaced by' list,
    a row's worth of options on every row, most of the page's time). Flat choices only (no
    groups)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        chosen = "" if value is None else str(value[0] if isinstance(value, list | tuple) and value else value)
        final = self.build_attrs(self.attrs, attrs)
        head = format_html('<select name="{}"{}>', name, flatatt(final))
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if str(key) == chosen else ""}>{escape(label)}</option>'
            for key, label in self.choices
        )
        return mark_safe(f"{head}{options}</select>")  # noqa: S308 - every part is escaped above
