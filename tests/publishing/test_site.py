"""The public site's own pages: home, the sitemap (public pages only) and robots.txt."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from samverkan.meetings import services
from tests.factories import BodyFactory, GroupingFactory, PersonFactory, PrincipalFactory

pytestmark = pytest.mark.django_db


def test_the_sitemap_lists_every_public_page_and_nothing_else() -> None:
    ale = PrincipalFactory(key="ale")
    styrelsen = BodyFactory(key="styrelsen", owners=[ale])
    BodyFactory(key="au", owners=[ale], parent=styrelsen)
    ulla = PersonFactory(key="ulla-ek")
    GroupingFactory(key="grannar", principals=[ale])
    past = timezone.now() - datetime.timedelta(days=30)
    held = services.meeting_plan(actor=None, body=styrelsen, start=past, with_procedural_items=False)
    draft = services.meeting_plan(
        actor=None, body=styrelsen, start=past + datetime.timedelta(days=7), with_procedural_items=False
    )
    matter = services.matter_create(actor=None, reference="DNR 2019/12", title="Budget")
    services.item_add(
        actor=None, meeting=held, title="Budget", kind="decision", matter=matter, decision="Budgeten antas."
    )
    services.item_add(actor=None, meeting=draft, title="Personalfråga", kind="decision", confidential=True)
    services.minutes_draw_up(actor=None, meeting=held, adjusters=[ulla])
    services.adjustment_confirm(actor=None, minutes=held.minutes, person=ulla, via="login")
    services.minutes_for(draft)  # a draft: never in the sitemap
    response = Client().get("/sitemap.xml")
    assert response.status_code == 200
    locations = re.findall(r"<loc>http://testserver(.*?)</loc>", response.content.decode())
    assert locations == [
        "/",
        "/huvudman/",
        "/organ/",
        "/struktur/",
        "/om/",
        "/huvudman/ale/",
        "/organ/styrelsen/",
        "/organ/au/",
        "/personer/ulla-ek/",
        "/grupperingar/grannar/",
        "/organ/styrelsen/moten/",
        "/organ/au/moten/",
        f"/moten/{held.pk}/",
        f"/moten/{draft.pk}/",
        f"/moten/{held.pk}/protokoll/",
        f"/arenden/{matter.pk}/",
    ]


def test_robots_txt_points_at_the_sitemap_and_keeps_staff_pages_out() -> None:
    response = Client().get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    assert response.content.decode() == (
        "User-agent: *\n"
        "Disallow: /admin/\n"
        "Disallow: /konto/\n"
        "Disallow: /accounts/\n"
        "Disallow: /granskning/\n"
        "Sitemap: http://testserver/sitemap.xml\n"
    )


def test_home_counts_the_structure_and_lists_the_top_bodies() -> None:
    ale = PrincipalFactory()
    top = BodyFactory(name="Styrelsen", owners=[ale])
    BodyFactory(name="Utskottet", owners=[ale], parent=top)
    BodyFactory(name="Beredningen", owners=[ale])
    PersonFactory.create_batch(3)
    response = Client().get("/")
    assert response.context["counts"] == {"principals": 1, "bodies": 3, "people": 3}
    assert [b.name for b in response.context["top_bodies"]] == ["Beredningen", "Styrelsen"]


def test_home_tells_apart_two_top_bodies_of_the_same_name_by_their_owners() -> None:
    """Each region has its "Regionstyrelsen": the start page says whose is which."""
    vgr, vbn = PrincipalFactory(name="Västra Götalandsregionen"), PrincipalFactory(name="Region Västerbotten")
    BodyFactory(name="Regionstyrelsen", owners=[vgr])
    BodyFactory(name="Regionstyrelsen", owners=[vbn])
    BodyFactory(name="Beredningen", owners=[vgr])
    text = " ".join(Client().get("/").content.decode().split())
    assert 'Regionstyrelsen</a> <span class="muted">(Region Västerbotten)</span>' in text
    assert 'Regionstyrelsen</a> <span class="muted">(Västra Götalandsregionen)</span>' in text
    assert "Beredningen</a></li>" in text
