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


class PlainTextInput(forms.TextInput):
    """A text input rendered in one pass of Python (as Django's input template renders it), for
    forms with a field per row (the import review: seven a person, six an item)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        final = {"type": self.input_type, "name": name}
        shown = self.format_value(value)
        if shown is not None:
            final["value"] = str(shown)
        final.update(self.build_attrs(self.attrs, attrs))
        return format_html("<input{}>", flatatt(final))


class PlainCheckbox(forms.CheckboxInput):
    """A checkbox rendered in one pass of Python (see PlainTextInput)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        final: dict[str, Any] = {"type": self.input_type, "name": name}
        shown = self.format_value(value)
        if shown is not None:
            final["value"] = shown
        final.update(self.build_attrs(self.attrs, attrs))
        if self.check_test(value):
            final["checked"] = True
        return format_html("<input{}>", flatatt(final))


class PlainTextarea(forms.Textarea):
    """A text area rendered in one pass of Python (see PlainTextInput)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        final = {"name": name, **self.build_attrs(self.attrs, attrs)}
        shown = self.format_value(value)
        return format_html("<textarea{}>\n{}</textarea>", flatatt(final), shown or "")
