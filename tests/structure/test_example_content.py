"""What the issue asks the pages to show, checked on the loaded Västra Götaland example."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from samverkan.structure.loader import Report, load_structure
from samverkan.structure.models import Body, Membership, Principal
from tests.structure.helpers import VASTRA_GOTALAND, Table, tables

pytestmark = pytest.mark.django_db

TERM = "(Mandatperiod 2019–2022)"


@pytest.fixture(scope="module")
def vastra_gotaland(django_db_setup: None, django_db_blocker: Any) -> Iterator[Report]:
    """The example, loaded once for this module inside a transaction that is rolled back at
    its end (each test runs in a savepoint inside it, as in Django's TestCase.setUpTestData)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield load_structure(VASTRA_GOTALAND)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_the_example_has_the_known_totals(vastra_gotaland: Report) -> None:
    """The numbers a person can check against the file and the issue."""
    assert vastra_gotaland.summary == "created 195, changed 0, unchanged 0"
    assert Principal.objects.filter(kind="municipality").count() == 50  # the 49 and Kungsbacka
    assert Principal.objects.get(key="vastkom").org_number == "858501-2084"
    assert Body.objects.count() == 12
    assert Membership.objects.filter(body__key="vastkom-styrelse").count() == 16


def page(url: str) -> Any:
    response = Client().get(url)
    assert response.status_code == 200
    return response


def test_sro_shows_members_from_both_sides_with_party_and_principal(vastra_gotaland: Report) -> None:
    response = page("/organ/sro/")
    ctx = response.context["page"]
    assert ctx.body.name == "Samrådsorganet"
    assert ctx.delegations == ["VGK", "VGR"]
    politicians = [
        (m.person.name, m.role, m.party, m.principal.key, m.delegation)
        for group in ctx.current
        if group.role in ("ordförande", "vice ordförande", "ledamot")
        for m in group.memberships
    ]
    assert politicians == [
        ("Johnny Magnusson", "ordförande", "M", "vgr", "VGR"),
        ("Axel Josefsson", "vice ordförande", "M", "gr", "VGK"),
        ("Anna-Karin Skatt", "ledamot", "S", "skaraborg", "VGK"),
        ("Bengt Hilmersson", "ledamot", "C", "borasregionen", "VGK"),
        ("Katarina Jonsson", "ledamot", "M", "skaraborg", "VGK"),
        ("Lena Hult", "ledamot", "S", "fyrbodal", "VGK"),
        ("Martin Carling", "ledamot", "C", "fyrbodal", "VGK"),
        ("Nina Miskovsky", "ledamot", "M", "gr", "VGK"),
        ("Ulf Olsson", "ledamot", "S", "borasregionen", "VGK"),
        ("Helene Eliasson", "ledamot", "S", "vgr", "VGR"),
        ("Kerstin Brunnström", "ledamot", "S", "vgr", "VGR"),
        ("Madeleine Jonsson", "ledamot", "MP", "vgr", "VGR"),
        ("Pär Lundquist", "ledamot", "L", "vgr", "VGR"),
    ]
    # The page, as a person reads it: the members' table with its two sides.
    members = next(t for t in tables(response) if t.caption.startswith("Ledamot"))
    assert members == Table(
        caption="Ledamot (11)",
        rows=[
            ["För VGK"],
            ["Anna-Karin Skatt", "S", "Skaraborgs kommunalförbund", TERM],
            ["Bengt Hilmersson", "C", "Boråsregionen Sjuhärads kommunalförbund", TERM],
            ["Katarina Jonsson", "M", "Skaraborgs kommunalförbund", TERM],
            ["Lena Hult", "S", "Fyrbodals kommunalförbund", TERM],
            ["Martin Carling", "C", "Fyrbodals kommunalförbund", TERM],
            ["Nina Miskovsky", "M", "Göteborgsregionens kommunalförbund", TERM],
            ["Ulf Olsson", "S", "Boråsregionen Sjuhärads kommunalförbund", TERM],
            ["För VGR"],
            ["Helene Eliasson vice ordf. Regionstyrelsen", "S", "Västra Götalandsregionen", TERM],
            ["Kerstin Brunnström andra vice ordf. HSS", "S", "Västra Götalandsregionen", TERM],
            ["Madeleine Jonsson förste vice ordf. HSS", "MP", "Västra Götalandsregionen", TERM],
            ["Pär Lundquist ordf. Hälso- och sjukvårdsstyrelsen (HSS)", "L", "Västra Götalandsregionen", TERM],
        ],
    )
    assert [t.caption for t in tables(response)] == [
        "Ordförande (1)",
        "Vice ordförande (1)",
        "Ledamot (11)",
        "Sekreterare (1)",
        "Tjänsteperson (9)",
    ]


def test_the_vastkom_board_has_16_current_members_with_its_chair_and_vice_chair(vastra_gotaland: Report) -> None:
    response = page("/organ/vastkom-styrelse/")
    current = {group.role: [m.person.name for m in group.memberships] for group in response.context["page"].current}
    assert current["ordförande"] == ["Ulf Olsson"]
    assert current["vice ordförande"] == ["Jonas Ransgård"]
    assert sum(len(names) for names in current.values()) == 16
    assert list(current) == ["ordförande", "vice ordförande", "ledamot"]
    assert response.context["page"].past == []
    shown = [(t.caption, [row[0] for row in t.rows]) for t in tables(response)]
    assert shown == [
        ("Ordförande (1)", ["Ulf Olsson"]),
        ("Vice ordförande (1)", ["Jonas Ransgård"]),
        (
            "Ledamot (14)",
            [
                "Ann-Sofie Hermansson",
                "Anna-Karin Skatt",
                "Bengt Hilmersson",
                "Ingemar Samuelsson",
                "Johan Abrahamsson",
                "Jonas Sundström",
                "Katarina Jonsson",
                "Liselotte Fröjd",
                "Martin Carling",
                "Mattias Josefsson",
                "Miguel Odhner",
                "Paul Åkerlund",
                "Stefan Svensson",
                "Tomas Johansson",
            ],
        ),
    ]


def test_the_gr_steering_group_shows_party_and_municipality(vastra_gotaland: Report) -> None:
    response = page("/organ/gr-styrgrupp-social-valfard/")
    rows = {row[0]: row[1:3] for t in tables(response) for row in t.rows}
    assert rows["Kent Lagrell"] == ["M", "Öckerö kommun"]
    assert rows["Patrik Linde"] == ["S", "Härryda kommun"]
    assert rows["Kalle Pässe Sundvall"] == ["M", "Kungsbacka kommun"]
    assert rows["Marita Henriksson"] == ["SD", "Ale kommun"]
    assert len(rows) == 16
    chair = response.context["page"].current[0]
    assert (chair.role, [(m.person.name, m.party, m.principal.name) for m in chair.memberships]) == (
        "ordförande",
        [("Kent Lagrell", "M", "Öckerö kommun")],
    )


def test_a_person_page_lists_every_assignment(vastra_gotaland: Report) -> None:
    response = page("/personer/ulf-olsson/")
    seats = sorted((m.body.key, m.role, m.party) for m in response.context["page"].current)
    assert seats == [("sro", "ledamot", "S"), ("vastkom-styrelse", "ordförande", "")]


def test_a_principal_page_lists_its_groupings_bodies_and_representatives(vastra_gotaland: Report) -> None:
    ctx = page("/huvudman/ockero/").context["page"]
    assert [g.key for g in ctx.groupings] == ["gr-kommuner", "vg-kommuner", "vg-kommuner-och-regionen"]
    assert [(m.person.name, m.body.key) for m in ctx.representatives] == [
        ("Kent Lagrell", "gr-styrgrupp-social-valfard")
    ]
    assert ctx.owned_bodies == []


def test_the_vg_grouping_has_the_49_municipalities(vastra_gotaland: Report) -> None:
    grouping = page("/grupperingar/vg-kommuner/").context["grouping"]
    keys = [p.key for p in grouping.principals.all()]
    assert len(keys) == 49
    assert "kungsbacka" not in keys
