"""The site's own addresses without a reverse() per row (samverkan/core/paths.py), and the short
date of a row without the `date` filter per row (core/formatting.py): the same text as the slow
way, in every case a page meets."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from samverkan.core.formatting import date_formatter, short_dates
from samverkan.core.paths import fast_reverse

CASES = [
    ("publishing:home", {}),
    ("structure:body_list", {}),
    ("structure:person_detail", {"key": "aida-forsberg"}),
    ("structure:body_detail", {"key": "kommunstyrelsen_1"}),
    ("meetings:meeting_detail", {"pk": 432}),
    ("referrals:detail", {"pk": 7}),
    ("followup:indicator_detail", {"key": "e-halsa", "pk": 81}),
    ("followup:report_detail", {"body": "sro", "year": 2025}),
    ("structure:membership_edit", {"key": "sro", "pk": 3}),
]


@pytest.mark.parametrize(("name", "kwargs"), CASES)
def test_the_same_address_as_reverse(name: str, kwargs: dict) -> None:
    assert fast_reverse(name, **kwargs) == reverse(name, kwargs=kwargs or None)
    assert fast_reverse(name, **kwargs) == reverse(name, kwargs=kwargs or None)  # from the pattern


def test_the_same_address_under_a_script_prefix() -> None:
    fast_reverse("structure:person_detail", key="anna")  # the pattern without a prefix, first
    set_script_prefix("/samverkan/")
    try:
        assert fast_reverse("structure:person_detail", key="anna") == "/samverkan/personer/anna/"
        assert fast_reverse("structure:person_detail", key="anna") == reverse(
            "structure:person_detail", kwargs={"key": "anna"}
        )
    finally:
        clear_script_prefix()
        set_script_prefix("/")
    assert fast_reverse("structure:person_detail", key="anna") == "/personer/anna/"


def test_a_value_to_quote_is_quoted_as_reverse_does() -> None:
    # A str converter takes what a slug does not; reverse() quotes it, and so does fast_reverse.
    for value in ["a b", "åäö", "x&y", "50%"]:
        assert fast_reverse("search:search") == reverse("search:search")
        assert fast_reverse("oparl:list", kind=value) == reverse("oparl:list", kwargs={"kind": value})


def test_an_unknown_view_or_argument_is_refused() -> None:
    with pytest.raises(NoReverseMatch):
        fast_reverse("structure:no_such_page")
    with pytest.raises(NoReverseMatch):
        fast_reverse("structure:person_detail", pk=1)


def test_the_layout_tag_writes_the_url_tags_address() -> None:
    template = Template(
        "{% load layout %}{% path 'structure:body_detail' key=k %}|{% url 'structure:body_detail' key=k %}"
    )
    fast, slow = template.render(Context({"k": "sro"})).split("|")
    assert fast == slow == "/organ/sro/"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_short_dates_write_what_the_date_filter_writes(language: str) -> None:
    days = [datetime.date(2026, 1, 5), datetime.date(999, 12, 31), datetime.date(2024, 2, 29)]
    template = Template('{{ d|date:"SHORT_DATE_FORMAT" }}')
    with translation.override(language):
        short_date = short_dates()
        for day in days:
            assert short_date(day) == template.render(Context({"d": day}))
        assert short_date(None) == ""


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("name", ["SHORT_DATE_FORMAT", "DATE_FORMAT", "j F Y", "Y-m-d", "F Y"])
def test_date_formatter_writes_what_the_date_filter_writes(language: str, name: str) -> None:
    moments = [
        datetime.date(2026, 1, 5),
        datetime.date(999, 12, 31),
        datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC),  # 1 April in Stockholm
        datetime.datetime(2026, 10, 25, 1, 30),  # naive: as it is
    ]
    template = Template(f'{{{{ d|date:"{name}" }}}}')
    with translation.override(language):
        write = date_formatter(name)
        for moment in moments:
            assert write(moment) == template.render(Context({"d": moment})), moment
        assert write(None) == ""
