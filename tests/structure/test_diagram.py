"""The structure diagram's layout (samverkan/structure/diagram.py) and its page."""

from __future__ import annotations

import pytest
from django.test import Client

from samverkan.structure import diagram
from samverkan.structure.diagram import BOX_H, BOX_W, H_GAP, MARGIN, V_GAP, Edge
from samverkan.structure.models import Body
from tests.factories import BodyFactory, PrincipalFactory

pytestmark = pytest.mark.django_db

ROW = BOX_H + V_GAP  # 120
COLUMN = BOX_W + H_GAP  # 224


def test_a_tree_is_laid_out_with_parents_centred_over_their_children() -> None:
    top = BodyFactory(name="Styrelsen")
    au = BodyFactory(name="Arbetsutskottet", parent=top)
    beredning = BodyFactory(name="Beredningen", reports_to=top)  # no parent: hangs under its reporting line
    grupp = BodyFactory(name="Gruppen", parent=au, reports_to=top)  # reports elsewhere than its parent

    result = diagram.build([top, au, beredning, grupp])

    nodes = {n.body.name: n for n in result.nodes}
    assert [n.body.name for n in result.roots] == ["Styrelsen"]
    assert [c.body.name for c in nodes["Styrelsen"].children] == ["Arbetsutskottet", "Beredningen"]
    assert [c.body.name for c in nodes["Arbetsutskottet"].children] == ["Gruppen"]
    positions = {name: (n.x, n.y, n.depth) for name, n in nodes.items()}
    assert positions == {
        "Gruppen": (MARGIN, MARGIN + 2 * ROW, 2),
        "Arbetsutskottet": (MARGIN, MARGIN + ROW, 1),
        "Beredningen": (MARGIN + COLUMN, MARGIN + ROW, 1),
        "Styrelsen": (MARGIN + COLUMN / 2, MARGIN, 0),
    }
    cx = {name: x + BOX_W / 2 for name, (x, _y, _d) in positions.items()}
    y = {name: yy for name, (_x, yy, _d) in positions.items()}
    assert sorted(result.edges, key=lambda e: (e.dashed, e.x2, e.y2)) == [
        Edge(cx["Styrelsen"], y["Styrelsen"] + BOX_H, cx["Arbetsutskottet"], y["Arbetsutskottet"], dashed=False),
        Edge(cx["Arbetsutskottet"], y["Arbetsutskottet"] + BOX_H, cx["Gruppen"], y["Gruppen"], dashed=False),
        Edge(cx["Styrelsen"], y["Styrelsen"] + BOX_H, cx["Beredningen"], y["Beredningen"], dashed=False),
        # The reporting line of Gruppen to Styrelsen, beside its parent AU: dashed, upwards.
        Edge(cx["Gruppen"], y["Gruppen"], cx["Styrelsen"], y["Styrelsen"] + BOX_H, dashed=True),
    ]
    assert (result.width, result.height) == (MARGIN + COLUMN + BOX_W + MARGIN, MARGIN + 2 * ROW + BOX_H + MARGIN)


def test_a_circle_through_parent_and_reporting_line_ends_and_draws_both() -> None:
    """Each field alone has no circle (so the model allows it), but mixed they make one."""
    a = BodyFactory(name="A")
    b = BodyFactory(name="B", reports_to=a)
    Body.objects.filter(pk=a.pk).update(parent=b)
    a.refresh_from_db()
    result = diagram.build([a, b])
    assert sorted(n.body.name for n in result.roots) == ["A", "B"]
    assert all(n.children == [] for n in result.nodes)


def test_a_parent_outside_the_list_makes_a_root() -> None:
    child = BodyFactory(name="Barn", parent=BodyFactory(name="Utanför"))
    result = diagram.build([child])
    assert [n.body.name for n in result.roots] == ["Barn"]
    assert result.edges == []


def test_long_names_are_wrapped_into_at_most_three_lines() -> None:
    body = BodyFactory(name="Beredning för hållbar utveckling inom Västra Götaland med alla dess kommuner och regionen")
    [node] = diagram.build([body]).nodes
    assert node.lines == ["Beredning för hållbar", "utveckling inom Västra", "Götaland med alla dess…"]


def test_unrelated_counties_are_drawn_as_separate_parts_titled_by_their_region() -> None:
    vgr = PrincipalFactory(name="Västra Götalandsregionen", kind="region")
    vastkom = PrincipalFactory(name="VästKom", kind="association")
    vb = PrincipalFactory(name="Region Västerbotten", kind="region")
    skelleftea = PrincipalFactory(name="Skellefteå kommun", kind="municipality")
    forening = PrincipalFactory(name="En förening", kind="association")
    sro = BodyFactory(name="SRO", owners=[vgr, vastkom])
    stamma = BodyFactory(name="Stämman", owners=[vastkom])
    BodyFactory(name="Styrelsen", owners=[vastkom], parent=stamma)
    vb_body = BodyFactory(name="Regionstyrelsen", owners=[vb])
    BodyFactory(name="Länsgruppen", owners=[skelleftea], reports_to=vb_body)  # linked by its reporting line
    BodyFactory(name="Föreningens råd", owners=[forening])

    parts = diagram.build_parts(list(Body.objects.prefetch_related("owners").order_by("name")))

    assert [(p.title, sorted(n.body.name for n in p.diagram.nodes)) for p in parts] == [
        ("En förening", ["Föreningens råd"]),
        ("Region Västerbotten", ["Länsgruppen", "Regionstyrelsen"]),
        ("Västra Götalandsregionen", ["SRO", "Styrelsen", "Stämman"]),
    ]
    assert sro.pk in {n.body.pk for n in parts[2].diagram.nodes}


def test_the_diagram_page_draws_each_part_with_a_text_equivalent() -> None:
    vgr = PrincipalFactory(name="Västra Götalandsregionen", kind="region")
    vb = PrincipalFactory(name="Region Västerbotten", kind="region")
    top = BodyFactory(name="Styrelsen VG", owners=[vgr])
    BodyFactory(name="Utskottet VG", owners=[vgr], parent=top)
    BodyFactory(name="Styrelsen VB", owners=[vb])
    html = Client().get("/struktur/").content.decode()
    assert html.count("<svg ") == 2
    assert html.count('<ul class="tree">') == 2
    assert html.index("Region Västerbotten") < html.index("Västra Götalandsregionen")
    assert f'<a href="{top.get_absolute_url()}">Styrelsen VG</a>' in html
