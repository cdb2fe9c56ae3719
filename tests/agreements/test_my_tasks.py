""" "Mina uppgifter" lists the agreements of my bodies that end or are to be followed up within a
year (issue 16, point 4), nearest first; nothing of other bodies, terminated or far-off ones."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone, translation

from samverkan.agreements import sections as agreement_sections
from samverkan.agreements import services
from samverkan.core import sections
from tests.support import Personas

pytestmark = pytest.mark.django_db


def make(personas: Personas, key: str, body: Any = None, **fields: Any) -> Any:
    values: dict[str, Any] = {"title": f"Avtal {key}", "kind": "accord", "status": "adopted", "public": True}
    values.update(fields)
    return services.agreement_create(actor=None, key=key, body=body or personas.body, source="test", **values)


def world(personas: Personas) -> datetime.date:
    today = timezone.localdate()
    make(personas, "snart", valid_until=today + datetime.timedelta(days=150))
    make(personas, "uppfoljning", follow_up_on=today + datetime.timedelta(days=90))
    make(personas, "langt-bort", valid_until=today + datetime.timedelta(days=800))
    make(personas, "avslutat", status="terminated", valid_until=today + datetime.timedelta(days=100))
    make(personas, "annat-organ", body=personas.other_body, valid_until=today + datetime.timedelta(days=100))
    return today


def test_the_agreements_of_my_bodies_that_end_within_a_year(personas: Personas) -> None:
    today = world(personas)
    context = agreement_sections.my_agreements(None, personas.secretary)
    assert context is not None
    assert [(on, occasion, a.key) for on, occasion, a in context["rows"]] == [
        (today + datetime.timedelta(days=90), "follow_up", "uppfoljning"),
        (today + datetime.timedelta(days=150), "end", "snart"),
    ]
    with translation.override("sv"):
        html = render_to_string("agreements/_my_tasks.html", context)
    # One of them only has a follow-up date: the heading says both, not "that end".
    assert "Avtal som upphör eller ska följas upp inom ett år" in html and "Avtal som upphör inom" not in html
    assert "Avtal snart</a> · upphör " in html and "Avtal uppfoljning</a> · ska följas upp " in html
    assert agreement_sections.my_agreements(None, personas.member) is None  # runs no body


def test_on_mina_uppgifter(personas: Personas, login: Callable[[str], Client]) -> None:
    if not hasattr(sections, "register_my_tasks"):
        pytest.skip("'Mina uppgifter' (issue 12, point 8) is not in core yet: the section is not registered")
    world(personas)
    page = login("secretary").get("/mina-uppgifter/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert (
        "Avtal som upphör eller ska följas upp inom ett år" in page
        and "Avtal snart" in page
        and "Avtal annat-organ" not in page
    )
