"""Widgets shared by the apps' forms."""

from __future__ import annotations

import html
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe


def escaped(value: Any) -> str:
    """conditional_escape() without its lazy wrapper: already safe HTML as it is, else escaped."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def flatatt(attrs: dict[str, Any]) -> str:
    """django.forms.utils.flatatt, the same string (the named values sorted, then the true
    flags sorted), in one pass: Django's builds it through format_html_join, a format_html and
    two lazy escapes per attribute, most of the time of a plain widget on forms with a field
    per row."""
    pairs = sorted((k, v) for k, v in attrs.items() if v is not None and not isinstance(v, bool))
    flags = sorted(k for k, v in attrs.items() if v is True)
    return "".join(f' {escaped(k)}="{escaped(v)}"' for k, v in pairs) + "".join(f" {escaped(k)}" for k in flags)


class PlainSelect(forms.Select):
    """A select rendered in one pass of Python, for long lists and for many selects on a page:
    Django renders each option through a template of its own (the search's body and principal
    filters, 2,000 and 300 options nationally, took 200 ms; the roll call's 'replaced by' list,
    a row's worth of options on every row, most of the page's time). Flat choices only (no
    groups)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        chosen = "" if value is None else str(value[0] if isinstance(value, list | tuple) and value else value)
        final = self.build_attrs(self.attrs, attrs)
        head = f'<select name="{escaped(name)}"{flatatt(final)}>'
        options = "".join(
            f'<option value="{html.escape(str(key))}"{" selected" if str(key) == chosen else ""}>'
            f"{html.escape(str(label))}</option>"
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
        return mark_safe(f"<input{flatatt(final)}>")  # noqa: S308 - flatatt escapes every part


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
        return mark_safe(f"<input{flatatt(final)}>")  # noqa: S308 - flatatt escapes every part


class PlainTextarea(forms.Textarea):
    """A text area rendered in one pass of Python (see PlainTextInput)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        final = {"name": name, **self.build_attrs(self.attrs, attrs)}
        shown = self.format_value(value)
        return mark_safe(f"<textarea{flatatt(final)}>\n{escaped(shown or '')}</textarea>")  # noqa: S308 - escaped
