"""The forms' renderer (core.renderers.FormRenderer) writes a label, an input and a text area in
Python: the same text as Django's templates, which are what every other renderer renders."""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil
from pathlib import Path
from typing import Any

import django
import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

import samverkan
from samverkan.core.renderers import IN_PYTHON, FormRenderer

OURS = FormRenderer()
DJANGOS = DjangoTemplates()

VALUES: list[Any] = [
    None,
    "",
    "Sal 3",
    "a \"quoted\" <b>&amp;</b> 'x'",
    mark_safe("<i>safe</i>"),
    gettext_lazy("Name"),
    0,
    12345,
    1.5,
    datetime.date(2026, 12, 6),
    datetime.datetime(2026, 12, 6, 18, 30),
    datetime.time(9, 5),
    True,
    False,
]
ATTRS: list[dict[str, Any]] = [
    {},
    {"id": "id_x", "maxlength": 200, "required": True, "disabled": False, "title": None},
    {"class": "wide", "autofocus": True, "aria-describedby": "id_x_helptext", "placeholder": gettext_lazy("Name")},
    {"data-x": mark_safe("<b>"), "rows": 0, "step": 0.5, "pattern": '[a-z]+"<'},
]
WIDGETS: list[forms.Widget] = [
    forms.TextInput(),
    forms.NumberInput(),
    forms.EmailInput(),
    forms.URLInput(),
    forms.PasswordInput(render_value=True),
    forms.HiddenInput(),
    forms.DateInput(),
    forms.DateInput(attrs={"type": "date"}),
    forms.DateTimeInput(),
    forms.TimeInput(format="%H:%M"),
    forms.CheckboxInput(),
    forms.Textarea(),
    forms.Textarea(attrs={"rows": 3}),
]
CHOICES: list[Any] = [
    [("ja", "Ja"), ("nej", "Nej <inte>"), ("", gettext_lazy("Name")), ("s", mark_safe("<b>S</b>"))],
    [("Grupp & A", [("1", "Ett"), ("2", "Två")]), ("3", "Tre"), (4, 2026)],
    [],
]
CHOICE_VALUES: list[Any] = [None, "", "ja", ["nej", "1"], ["4"], 4]
CHOICE_ATTRS: list[dict[str, Any]] = [{}, {"id": "id_val"}, {"id": "id_val", "class": "rad <x>", "required": True}]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_radio_buttons_and_checkboxes_read_as_djangos_templates_write_them(language: str) -> None:
    with override(language):
        for cls in (forms.RadioSelect, forms.CheckboxSelectMultiple):
            for choices in CHOICES:
                widget = cls(choices=choices)
                for value in CHOICE_VALUES:
                    for attrs in CHOICE_ATTRS:
                        ours = widget.render("val", value, attrs, renderer=OURS)
                        assert ours == widget.render("val", value, attrs, renderer=DJANGOS), (cls, choices, value)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_widgets_read_as_djangos_templates_write_them(language: str) -> None:
    with override(language):
        for widget in WIDGETS:
            for value in VALUES:
                for attrs in ATTRS:
                    ours = widget.render("fält", value, attrs, renderer=OURS)
                    assert ours == widget.render("fält", value, attrs, renderer=DJANGOS), (widget, value, attrs)


class Everything(forms.Form):
    required_css_class = "required"
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200, help_text="Högst 200 tecken.")
    note = forms.CharField(label="Anteckning <intern>", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    count = forms.IntegerField(label=mark_safe("Antal <abbr>st</abbr>"), required=False)
    when = forms.DateTimeField(label="När?", required=False)
    agree = forms.BooleanField(label="Jag godkänner", required=False)
    mail = forms.EmailField(label="E-post", required=False, disabled=True)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label="Slag", choices=[("a", "A & B"), ("b", "<C>")], required=False)
    answer = forms.ChoiceField(label="Beslut", choices=[("y", "Ja"), ("n", "Nej")], widget=forms.RadioSelect)
    many = forms.MultipleChoiceField(
        label="Flera", choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple, required=False
    )


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_whole_form_reads_the_same_bound_or_not(language: str) -> None:
    data = {
        "title": '"Möte" <1>',
        "note": "a < b\nrad två",
        "count": "x",
        "when": "2026-12-06 18:30",
        "agree": "on",
        "answer": "n",
        "many": ["y"],
    }
    with override(language):
        for form_kwargs in (
            {},
            {"initial": {"title": "Förslag", "count": 3, "agree": True}},
            {"data": data},
            {"auto_id": False},
            {"label_suffix": ":"},
        ):
            shown = []
            for renderer in (OURS, DJANGOS):
                form = Everything(renderer=renderer, **form_kwargs)
                shown.append([str(form), form.as_p(), form.as_table(), form.as_ul(), form["title"].label_tag()])
            assert shown[0] == shown[1], form_kwargs


def _site_forms() -> list[type[forms.BaseForm]]:
    found = []
    for module_info in pkgutil.walk_packages(samverkan.__path__, "samverkan."):
        if not module_info.name.endswith(".forms"):
            continue
        module = importlib.import_module(module_info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


@pytest.mark.django_db
def test_the_sites_forms_read_the_same() -> None:
    """Every form of the site that can be made without arguments, through the shared form
    template (structure/_form.html) and as Django writes it, with each renderer."""
    from django.template.loader import render_to_string

    compared = 0
    with override("sv"):
        for cls in _site_forms():
            shown = []
            for renderer in (OURS, DJANGOS):
                try:
                    form = cls(renderer=renderer)
                except (TypeError, ValueError):  # it needs arguments (a user, a body), or is abstract
                    break
                shown.append((str(form), render_to_string("structure/_form.html", {"form": form})))
            if len(shown) == 2:
                assert shown[0] == shown[1], cls
                compared += 1
    assert compared >= 10


def test_no_app_overrides_the_templates_written_in_python() -> None:
    djangos = Path(django.__file__).parent / "forms" / "templates"
    for name in IN_PYTHON:
        origin = Path(OURS.get_template(name).origin.name)
        assert origin.is_relative_to(djangos), origin
