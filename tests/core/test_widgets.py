"""The one-pass widgets (core.widgets) write the same attributes as Django's own flatatt."""

from __future__ import annotations

from django.forms.utils import flatatt as django_flatatt
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from samverkan.core.widgets import PlainCheckbox, PlainSelect, PlainTextarea, PlainTextInput, flatatt


def test_the_attributes_read_as_djangos_flatatt_writes_them() -> None:
    cases = [
        {},
        {"id": "id_x", "maxlength": 200, "required": True, "disabled": False, "title": None},
        {"value": 'a "quoted" <b>&amp;</b>', "class": "wide", "autofocus": True, "checked": True},
        {"aria-label": mark_safe("<i>safe</i>"), "placeholder": gettext_lazy("Name"), "rows": 0},
    ]
    with override("sv"):
        for attrs in cases:
            assert flatatt(attrs) == str(django_flatatt(attrs))


def test_the_plain_widgets_escape_what_they_show() -> None:
    text = PlainTextInput().render("title", '"Möte" <1> & 2', {"id": "id_title", "required": True})
    assert text == '<input id="id_title" name="title" type="text" value="&quot;Möte&quot; &lt;1&gt; &amp; 2" required>'
    box = PlainCheckbox().render("include", True, {"id": "id_include"})
    assert box == '<input id="id_include" name="include" type="checkbox" checked>'
    area = PlainTextarea(attrs={"rows": 2}).render("decision", "a < b", {"id": "id_decision"})
    assert area == '<textarea cols="40" id="id_decision" name="decision" rows="2">\na &lt; b</textarea>'
    select = PlainSelect(choices=[("1", "Ja & nej"), ("2", "<Två>")]).render("vote", "2", {"id": "id_vote"})
    assert select == (
        '<select name="vote" id="id_vote"><option value="1">Ja &amp; nej</option>'
        '<option value="2" selected>&lt;Två&gt;</option></select>'
    )
