"""Fees per inhabitant and their invoice bases: per payer (an association for its members, or a
principal for itself), rounded as the decision says with the difference shown, the decision's
stated basis beside the official figures and the rule that explains its amount; the pages, the
XLSX of every payer and the PDF of one, the staff form, audit and query counts."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.core.models import AuditEvent
from samverkan.finance import selectors, services
from samverkan.finance.models import FeeSchedule
from samverkan.structure.models import Grouping, Principal
from samverkan.structure.services import population_record
from tests.factories import GroupingFactory, PrincipalFactory
from tests.support import Personas

pytestmark = pytest.mark.django_db

NB = "\u00a0"
DEC_2017 = datetime.date(2017, 12, 31)
DEC_2018 = datetime.date(2018, 12, 31)


def plain(text: str) -> str:
    return " ".join(text.replace(NB, " ").replace("&nbsp;", " ").split())


def town(key: str, name: str, **figures: int) -> Principal:
    principal = PrincipalFactory(key=key, name=name)
    for day, people in ((DEC_2017, figures.get("y2017")), (DEC_2018, figures.get("y2018"))):
        if people is not None:
            population_record(actor=None, principal=principal, reference_date=day, inhabitants=people, source="t")
    return principal


@pytest.fixture
def associations(personas: Personas) -> dict[str, Any]:
    gr = PrincipalFactory(key="gr", name="Göteborgsregionen", short_name="GR", kind="municipal_association")
    fb = PrincipalFactory(key="fyrbodal", name="Fyrbodal", kind="municipal_association")
    a = town("a", "Astad kommun", y2017=500_123, y2018=505_000)
    b = town("b", "Bby kommun", y2017=300_050, y2018=301_000)
    c = town("c", "Cholm kommun", y2017=400_432, y2018=404_000)
    return {
        "collector": PrincipalFactory(key="vastkom", name="VästKom", kind="association"),
        "gr": gr,
        "fyrbodal": fb,
        "gr_members": GroupingFactory(key="gr-m", name="GR:s medlemmar", owner=gr, principals=[a, b]),
        "fb_members": GroupingFactory(key="fb-m", name="Fyrbodals medlemmar", owner=fb, principals=[c]),
        "towns": [a, b, c],
    }


def make(personas: Personas, world: dict[str, Any], **fields: Any) -> FeeSchedule:
    values: dict[str, Any] = {
        "key": "medlemsavgift-2019",
        "title": "Medlemsavgift 2019",
        "year": 2019,
        "rate": 200,
        "collector": world["collector"],
        "population_date": DEC_2017,
        "stated_inhabitants": 1_200_605,
        "stated_amount": 240_120_000,
        "rounding": FeeSchedule.Rounding.HUNDRED,
        "rounding_mode": "nearest",
        "body": personas.body,
        "decision": "Styrelsen 2018-12-17 § 3",
        "payers": [(world["gr"], world["gr_members"]), (world["fyrbodal"], world["fb_members"])],
    }
    values.update(fields)
    return services.fee_create(actor=personas.secretary, source="test", **values)


def test_each_association_pays_for_its_members_rounded_with_the_difference_shown(
    personas: Personas, associations: dict[str, Any]
) -> None:
    basis = selectors.fee_basis(make(personas, associations))
    assert basis.complete
    rows = {row.principal.key: (row.inhabitants, row.exact, row.amount, row.difference) for row in basis.rows}
    # GR: 800 173 inhabitants x 2 kr = 1 600 346 kr, to the nearest hundred 1 600 300 kr (-46 kr).
    # Fyrbodal: 400 432 x 2 kr = 800 864 kr -> 800 900 kr (+36 kr).
    assert rows == {
        "gr": (800_173, 160_034_600, 160_030_000, -4_600),
        "fyrbodal": (400_432, 80_086_400, 80_090_000, 3_600),
    }
    assert (basis.inhabitants, basis.exact, basis.amount, basis.difference) == (
        1_200_605,
        240_121_000,
        240_120_000,
        -1_000,
    )


def test_the_stated_basis_is_compared_with_the_official_figures_and_its_rounding_explained(
    personas: Personas, associations: dict[str, Any], login: Callable[[str], Any]
) -> None:
    fee = make(personas, associations, stated_inhabitants=1_205_055, stated_amount=241_010_000)
    basis = selectors.fee_basis(fee)
    assert basis.stated_exact == 241_011_000  # 2 kr x 1 205 055 = 2 410 110 kr
    assert basis.stated_difference == -1_000
    assert basis.stated_rules == [(10_000, "nearest"), (10_000, "down")]
    assert [(o.day, o.inhabitants, o.difference) for o in basis.officials] == [
        (DEC_2017, 1_200_605, 4_450),
        (DEC_2018, 1_210_000, -4_945),
    ]
    page = plain(login("anonymous").get(fee.get_absolute_url()).content.decode())
    assert "Beslutet anger 1 205 055 invånare: 2 kr × 1 205 055 = 2 410 110 kr." in page
    assert "Det skriver 2 410 100 kr, en skillnad på −10 kr." in page
    assert "2 410 110 kr avrundat till hela hundratal kronor (till närmaste eller nedåt) är 2 410 100 kr." in page
    assert "1 200 605" in page and "4 450" in page and "−4 945" in page
    assert (
        "2 betalare betalar 2 kr per invånare för 1 200 605 invånare den 31 december 2017: 2 401 200 kr sammanlagt; "
        "störst belopp har Göteborgsregionen, 1 600 300 kr." in page
    )
    assert 'role="img"' in page


def test_a_payer_without_every_figure_is_unknown_not_zero(
    personas: Personas, associations: dict[str, Any], login: Callable[[str], Any]
) -> None:
    newcomer = PrincipalFactory(key="ny", name="Nyby kommun")
    associations["fb_members"].principals.add(newcomer)
    fee = make(personas, associations)
    basis = selectors.fee_basis(fee)
    assert not basis.complete and basis.missing == [newcomer]
    fyrbodal = next(row for row in basis.rows if row.principal.key == "fyrbodal")
    assert (fyrbodal.inhabitants, fyrbodal.amount) == (None, None)
    page = plain(login("anonymous").get(fee.get_absolute_url()).content.decode())
    assert "Nyby kommun" in page and "okänt" in page
    assert login("anonymous").get(reverse("finance:fee_xlsx", kwargs={"key": fee.key})).status_code == 404


def test_the_invoice_bases_download_as_xlsx_and_one_payers_as_pdf(
    personas: Personas, associations: dict[str, Any], login: Callable[[str], Any]
) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    fee = make(personas, associations)
    client = login("anonymous")
    book = load_workbook(io.BytesIO(client.get(reverse("finance:fee_xlsx", kwargs={"key": fee.key})).content))
    assert book.sheetnames == ["Fakturaunderlag", "Fyrbodal", "GR"]
    summary = [[c.value for c in row] for row in book["Fakturaunderlag"].iter_rows()]
    assert summary[0][:3] == ["Betalare", "Avser", "Invånare"]
    assert summary[1][:3] == ["Fyrbodal", "Fyrbodals medlemmar", 400_432]
    assert Decimal(str(summary[1][5])) == Decimal("800900")
    assert Decimal(str(summary[-1][6])) == Decimal("-10")
    members = [[c.value for c in row] for row in book["GR"].iter_rows()]
    assert members[1][:2] == ["Astad kommun", 500_123]
    assert Decimal(str(members[1][3])) == Decimal("1000246")
    url = reverse("finance:fee_payer_pdf", kwargs={"key": fee.key, "payer": "gr"})
    pdf = client.get(url)
    assert pdf["Content-Type"] == "application/pdf"
    text = plain("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages))
    assert "Fakturaunderlag" in text and "Göteborgsregionen" in text
    assert "Astad kommun 500 123 1 000 246 kr" in text
    assert "Avrundning −46 kr" in text and "Att betala 1 600 300 kr" in text
    assert "avrundat till hela hundratal kronor (till närmaste)" in text
    assert client.get(reverse("finance:fee_payer_pdf", kwargs={"key": fee.key, "payer": "nope"})).status_code == 404


def test_a_secretary_records_a_fee_on_the_form_and_it_is_audited(
    personas: Personas, associations: dict[str, Any], login: Callable[[str], Any]
) -> None:
    client = login("secretary")
    data = {
        "key": "avgift",
        "title": "Avgift",
        "year": "2019",
        "rate": "2",
        "collector": associations["collector"].pk,
        "population_date": "2017-12-31",
        "stated_inhabitants": "1200605",
        "stated_amount": "2 401 200 kr",
        "rounding": "10000",
        "rounding_mode": "nearest",
        "body": personas.body.pk,
        "member_groupings": [associations["gr_members"].pk, associations["fb_members"].pk],
        "public": "on",
    }
    response = client.post(reverse("finance:fee_create"), {**data, "member_groupings": []})
    assert "Välj vem som betalar avgiften." in response.content.decode()
    assert not FeeSchedule.objects.exists()
    response = client.post(reverse("finance:fee_create"), data)
    assert response.status_code == 302
    fee = FeeSchedule.objects.get()
    assert (fee.rate, fee.stated_amount) == (200, 240_120_000)
    assert sorted(p.principal.key for p in fee.payers.all()) == ["fyrbodal", "gr"]
    trail = AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(FeeSchedule), target_id=str(fee.pk)
    ).order_by("id")
    assert [r.action for r in trail] == ["create", "update"]
    assert trail[1].changes["payers"][1] == ["Fyrbodal (Fyrbodals medlemmar)", "Göteborgsregionen (GR:s medlemmar)"]
    edit = reverse("finance:fee_edit", kwargs={"key": "avgift"})
    page = client.get(edit).content.decode()
    assert 'value="2"' in page and 'value="2 401 200"' in page
    response = client.post(
        edit, {**data, "version": page.split('name="version" value="')[1].split('"')[0], "rate": "6"}
    )
    assert response.status_code == 302
    assert FeeSchedule.objects.get().rate == 600
    assert trail.all().count() == 3


def test_the_fee_pages_make_as_many_queries_with_twice_the_data(
    personas: Personas, associations: dict[str, Any], login: Callable[[str], Any]
) -> None:
    fee = make(personas, associations)
    client = login("anonymous")

    def counts() -> list[int]:
        result = []
        for url in (
            reverse("finance:fee_list"),
            fee.get_absolute_url(),
            reverse("finance:fee_xlsx", kwargs={"key": fee.key}),
            reverse("finance:fee_payer_pdf", kwargs={"key": fee.key, "payer": "gr"}),
        ):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    def add(offset: int) -> None:
        for i in range(offset, offset + 3):
            owner = PrincipalFactory(key=f"forbund-{i}", name=f"Förbund {i}")
            members = [town(f"t-{i}-{j}", f"Ort {i} {j}", y2017=1000 + j, y2018=1100 + j) for j in range(2)]
            grouping = GroupingFactory(key=f"g-{i}", name=f"G {i}", owner=owner, principals=members)
            associations["gr_members"].principals.add(town(f"gr-{i}", f"GR-ort {i}", y2017=10, y2018=11))
            services.fee_update(
                actor=None,
                fee=fee,
                payers=[(p.principal, p.members) for p in fee.payers.all()] + [(owner, grouping)],
            )
        make(personas, associations, key=f"annan-{offset}")

    add(0)
    before = counts()
    add(10)
    assert counts() == before
    assert Grouping.objects.count() > 5
