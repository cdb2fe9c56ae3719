"""The forms' renderer (settings.FORM_RENDERER)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.safestring import SafeData

from samverkan.core.widgets import escaped

ERROR_TEMPLATES = "django/forms/errors/"
WIDGETS = "django/forms/widgets/"


def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}` with autoescaping: the text of the value, escaped unless
    it is already safe HTML (stringformat keeps a safe value safe)."""
    if isinstance(value, tuple):
        value = str(value)
    text = "%s" % (value,)  # noqa: UP031 - the filter's own formatting
    return text if isinstance(value, SafeData) else escaped(text)


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/attrs.html and django/forms/widgets/attrs.html: every attribute in its
    order, a True one as a bare name, a False one left out."""
    return "".join(
        f" {escaped(name)}" if value is True else f' {escaped(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _text(value: Any) -> str | None:
    """`{{ value }}` for a string (None for anything the template would localise)."""
    return escaped(value) if isinstance(value, str | Promise) else None


def _input(context: dict[str, Any]) -> str:
    widget = context["widget"]
    value = widget["value"]
    shown = "" if value == None else f' value="{_formatted(value)}"'  # noqa: E711 - the template's test
    return f'<input type="{escaped(widget["type"])}" name="{escaped(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'


def _textarea(context: dict[str, Any]) -> str | None:
    widget = context["widget"]
    value = widget["value"]
    text = _text(value) if value else ""
    if text is None:
        return None
    return f'<textarea name="{escaped(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>'


def _label(context: dict[str, Any]) -> str | None:
    label = _text(context["label"])
    if label is None:
        return None
    if not context["use_tag"]:
        return label
    tag = escaped(context["tag"])
    return f"<{tag}{_attrs(context['attrs'] or {})}>{label}</{tag}>"


OPTIONS = {f"{WIDGETS}radio_option.html", f"{WIDGETS}checkbox_option.html"}


def _option(option: dict[str, Any]) -> str | None:
    """django/forms/widgets/radio_option.html (and checkbox_option.html): input_option.html,
    each include keeping its file's closing newline."""
    if option["template_name"] not in OPTIONS:
        return None
    written = _input({"widget": option}) + "\n"
    if option["wrap_label"]:
        label = _text(option["label"])
        if label is None:
            return None
        id_ = option["attrs"].get("id")
        target = f' for="{escaped(id_)}"' if id_ else ""
        written = f"<label{target}>{written} {label}</label>"
    return written + "\n\n"


def _choices(context: dict[str, Any]) -> str | None:
    """django/forms/widgets/multiple_input.html, which radio.html and checkbox_select.html are."""
    widget = context["widget"]
    attrs = widget["attrs"]
    id_ = f' id="{escaped(attrs["id"])}"' if attrs.get("id") else ""
    css = f' class="{escaped(attrs["class"])}"' if attrs.get("class") else ""
    parts = [f"<div{id_}{css}>"]
    for group, options, _index in widget["optgroups"]:
        if group:
            name = _text(group)
            if name is None:
                return None
            parts.append(f"\n  <div><label>{name}</label>")
        for option in options:
            written = _option(option)
            if written is None:
                return None
            parts.append(f"<div>\n    {written}</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


# Django's templates that are an input (each includes django/forms/widgets/input.html alone).
INPUTS = ("input", "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time", "checkbox")
IN_PYTHON: dict[str, Callable[[dict[str, Any]], str | None]] = {
    **{f"{WIDGETS}{name}.html": _input for name in INPUTS},
    f"{WIDGETS}textarea.html": _textarea,
    f"{WIDGETS}radio.html": _choices,
    f"{WIDGETS}checkbox_select.html": _choices,
    "django/forms/label.html": _label,
}


class FormRenderer(DjangoTemplates):
    """Django's own, except for what it renders most, in one pass of Python.

    - An empty error list is "" without rendering its template. Templates show
      `{{ field.errors }}` beside every field; Django renders the error list's template (an
      include and an `{% if errors %}`) even when there is none, which was a fifth of the time
      of a form with a field per row (the import review, the roll call). Its templates (list and
      dict; HTML, ul and text) all render nothing for no errors, so the page is the same.
    - A field's label and its input, text area, radio buttons or checkboxes (IN_PYTHON) are
      written as Django's templates write them (the same text: tests/core/test_renderers.py
      renders both ways), without a template render and two includes each: on a secretary's
      edit form (ten fields) they were a third of the page's time (issue 19). Anything else
      (selects, a value the template would localise, an option with a template of its own) is
      rendered by Django's templates. No app overrides these templates (a test checks).
    """

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name.startswith(ERROR_TEMPLATES) and not context.get("errors"):
            return ""
        write = IN_PYTHON.get(template_name)
        if write is not None:
            written = write(context)
            if written is not None:
                return written.strip()
        return super().render(template_name, context, request)
