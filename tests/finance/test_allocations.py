"""Allocations by population: the service (audited, refusing what cannot be computed), the
public page with its chart, table and one-sentence summary, the downloads (CSV, XLSX, PDF), the
staff form, drafts kept from the public, and query counts that do not grow with the data."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.core.models import AuditEvent
from samverkan.finance import selectors, services
from samverkan.finance.models import Allocation
from samverkan.structure.models import Principal
from samverkan.structure.services import population_record
from tests.factories import PrincipalFactory
from tests.support import Personas, finance_world

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 12, 31)
NB = "\u00a0"


def plain(text: str) -> str:
    return text.replace(NB, " ").replace("&nbsp;", " ")


def municipality(key: str, name: str, inhabitants: int | None) -> Principal:
    principal = PrincipalFactory(key=key, name=name, short_name=name.split()[0])
    if inhabitants is not None:
        population_record(actor=None, principal=principal, reference_date=DAY, inhabitants=inhabitants, source="test")
    return principal


@pytest.fixture
def county(personas: Personas) -> dict[str, Principal]:
    region = PrincipalFactory(key="regionen", name="Regionen", kind=Principal.Kind.REGION)
    return {
        "region": region,
        "a": municipality("a-stad", "Astad kommun", 100_000),
        "b": municipality("b-by", "Bby kommun", 200_000),
        "c": municipality("c-holm", "Cholm kommun", 300_001),
    }


def make(personas: Personas, county: dict[str, Principal], **fields: Any) -> Allocation:
    values: dict[str, Any] = {
        "key": "ungdomsmottagningar",
        "title": "Länsgemensamma medel för ungdomsmottagningarna 2022",
        "year": 2022,
        "amount": 2_500_000_000,
        "population_date": DAY,
        "principals": [county["a"], county["b"], county["c"]],
        "co_financier": county["region"],
        "co_financier_numerator": 2,
        "co_financier_denominator": 3,
        "body": personas.body,
        "decision": "SRO 2022-04-28, punkt 7",
    }
    values.update(fields)
    return services.allocation_create(actor=personas.secretary, source="test", **values)


def test_the_region_takes_two_thirds_and_the_rest_follows_population_to_the_ore(
    personas: Personas, county: dict[str, Principal]
) -> None:
    result = selectors.allocation_result(make(personas, county))
    assert result.complete
    amounts = {row.principal.key: row.amount for row in result.rows}
    # 25 000 000 kr: the region 2/3 = 16 666 666,67 kr; 8 333 333,33 kr by 100 000 : 200 000 : 300 001.
    assert amounts == {
        "regionen": 1_666_666_667,
        "a-stad": 138_888_657,
        "b-by": 277_777_315,
        "c-holm": 416_667_361,
    }
    assert result.total == 2_500_000_000
    assert result.total_population == 600_001
    assert [row.co_financier for row in result.rows] == [True, False, False, False]


def test_creating_and_changing_an_allocation_is_audited(personas: Personas, county: dict[str, Principal]) -> None:
    allocation = make(personas, county)
    trail = AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(Allocation), target_id=str(allocation.pk)
    ).order_by("id")
    assert [(r.action, r.actor) for r in trail] == [("create", personas.secretary), ("update", personas.secretary)]
    assert trail[0].changes["amount"] == [None, 2_500_000_000]
    assert trail[1].changes["principals"] == [[], ["Astad kommun", "Bby kommun", "Cholm kommun"]]
    seen = trail.last().pk
    changes = services.allocation_update(
        actor=personas.secretary, allocation=allocation, principals=[county["a"], county["b"]], amount=2_400_000_000
    )
    assert set(changes) == {"amount", "principals"}
    rows = trail.filter(pk__gt=seen)
    assert [sorted(r.changes) for r in rows] == [["amount"], ["principals"]]
    assert Allocation.objects.get(pk=allocation.pk).amount == 2_400_000_000


def test_what_cannot_be_computed_is_refused(personas: Personas, county: dict[str, Principal]) -> None:
    with pytest.raises(ValidationError) as refused:
        make(personas, county, principals=[])
    assert "principals" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        make(personas, county, principals=[county["region"], county["a"]])
    assert "co_financier" in refused.value.message_dict
    with pytest.raises(ValidationError):
        make(personas, county, co_financier_numerator=4, co_financier_denominator=3)
    with pytest.raises(ValidationError):
        make(personas, county, amount=0)
    assert not Allocation.objects.exists()


def test_a_principal_without_a_figure_is_named_and_nothing_is_computed(
    personas: Personas, county: dict[str, Principal], login: Callable[[str], Any]
) -> None:
    unknown = municipality("d-vik", "Dvik kommun", None)
    allocation = make(personas, county, principals=[county["a"], unknown])
    result = selectors.allocation_result(allocation)
    assert not result.complete and result.missing == [unknown]
    page = login("anonymous").get(allocation.get_absolute_url()).content.decode()
    assert "1 principal has no population figure" not in page  # Swedish first
    assert "Dvik kommun" in page and "har inget invånarantal" in page
    assert "<svg" not in page
    assert login("anonymous").get(reverse("finance:allocation_csv", kwargs={"key": allocation.key})).status_code == 404


def test_the_public_page_shows_the_summary_the_chart_and_the_table(
    personas: Personas, county: dict[str, Principal], login: Callable[[str], Any]
) -> None:
    allocation = make(personas, county, example=True)
    page = plain(login("anonymous").get(allocation.get_absolute_url()).content.decode())
    assert "2 022" not in page
    assert "Exempel på fördelning." in page
    assert (
        "Av 25 000 000 kr tar Regionen 66,67 % (16 666 666,67 kr) och 3 huvudmän delar 8 333 333,33 kr "
        "efter invånarantal den 31 december 2021; störst andel får Cholm kommun, 4 166 673,61 kr." in page
    )
    assert 'role="img"' in page and '<title id="allocation-chart-title">' in page
    # The chart's bars carry their labels and values as text (never colour alone).
    assert ">Astad</text>" in page and ">1 388 886,57 kr</text>" in page
    # The table, with the exact share beside the rounded one, and the total.
    assert "1 388 886,5741 kr" in page and "1 388 886,57 kr" in page
    assert "600 001" in page and "25 000 000 kr</td></tr></tfoot>" in page


def test_the_downloads_hold_the_same_figures(
    personas: Personas, county: dict[str, Principal], login: Callable[[str], Any]
) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    allocation = make(personas, county)
    client = login("anonymous")
    csv_text = client.get(reverse("finance:allocation_csv", kwargs={"key": allocation.key})).content.decode("utf-8-sig")
    lines = csv_text.splitlines()
    assert lines[0] == "Huvudman;Del;Invånare;Andel;Belopp (kr)"
    assert lines[1] == f"Regionen;fast andel;;66,6667{NB}%;16666666,67"
    assert lines[-1] == f"Summa;;600001;100,0000{NB}%;25000000,00"
    response = client.get(reverse("finance:allocation_xlsx", kwargs={"key": allocation.key}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[2][:3] == ["Astad kommun", "efter invånarantal", 100_000]
    assert Decimal(str(values[2][4])) == Decimal("1388886.57")
    assert values[-1][4] == 25_000_000
    pdf = client.get(reverse("finance:allocation_pdf", kwargs={"key": allocation.key}))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(plain("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)).split())
    assert "Länsgemensamma medel för ungdomsmottagningarna 2022" in text
    assert "År 2022" in text
    assert "16 666 666,67 kr" in text and "4 166 673,61 kr" in text and "25 000 000 kr" in text


def test_a_secretary_records_an_allocation_on_the_form(
    personas: Personas, county: dict[str, Principal], login: Callable[[str], Any]
) -> None:
    client = login("secretary")
    form = client.get(reverse("finance:allocation_create")).content.decode()
    assert "Belopp (kr)" in form
    data = {
        "key": "statsbidrag",
        "title": "Statsbidrag",
        "year": "2022",
        "amount": "25 000 000 kr",
        "direction": "receive",
        "population_date": "2021-12-31",
        "principals": [county["a"].pk, county["b"].pk, county["c"].pk],
        "co_financier": county["region"].pk,
        "co_financier_part": "2/3",
        "body": personas.body.pk,
        "public": "on",
    }
    response = client.post(reverse("finance:allocation_create"), {**data, "amount": "25 miljoner"})
    assert response.status_code == 200
    assert "Skriv ett belopp i kronor" in response.content.decode()
    response = client.post(reverse("finance:allocation_create"), {**data, "co_financier_part": "4/3"})
    assert "Skriv andelen som ett bråk" in response.content.decode()
    assert not Allocation.objects.exists()
    response = client.post(reverse("finance:allocation_create"), data)
    assert response.status_code == 302
    allocation = Allocation.objects.get()
    assert (allocation.amount, allocation.co_financier_numerator, allocation.co_financier_denominator) == (
        2_500_000_000,
        2,
        3,
    )
    assert allocation.principals.count() == 3
    # Editing: the form shows the amount as typed, and a stale form is refused.
    edit_url = reverse("finance:allocation_edit", kwargs={"key": "statsbidrag"})
    page = client.get(edit_url).content.decode()
    assert 'value="25 000 000"' in page and 'value="2/3"' in page
    shown = page.split('name="version" value="')[1].split('"')[0]
    services.allocation_update(actor=None, allocation=Allocation.objects.get(), description="Ändrad av någon annan")
    stale = {**data, "version": shown, "amount": "1"}
    response = client.post(edit_url, stale)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Allocation.objects.get().amount == 2_500_000_000


def test_a_non_public_allocation_is_seen_only_by_its_body_and_administrators(
    personas: Personas, county: dict[str, Principal], login: Callable[[str], Any]
) -> None:
    allocation = make(personas, county, public=False)
    for name, status in (("anonymous", 404), ("outsider", 404), ("other_secretary", 404), ("secretary", 200)):
        client = login("anonymous") if name == "anonymous" else login(name)
        if name == "other_secretary":
            client.force_login(personas.other_secretary)
        assert client.get(allocation.get_absolute_url()).status_code == status, name
        assert client.get(reverse("finance:allocation_pdf", kwargs={"key": allocation.key})).status_code == status
    assert "Länsgemensamma" not in login("anonymous").get(reverse("finance:allocation_list")).content.decode()
    public = make(personas, county, key="offentlig")
    sitemap = login("anonymous").get("/sitemap.xml").content.decode()
    assert public.get_absolute_url() in sitemap and "/fordelningar/</loc>" in sitemap
    assert allocation.get_absolute_url() not in sitemap


def test_the_pages_make_as_many_queries_with_twice_the_data(personas: Personas, login: Callable[[str], Any]) -> None:
    world = finance_world(personas)
    client = login("anonymous")

    def counts() -> list[int]:
        result = []
        for url in (
            reverse("finance:index"),
            reverse("finance:allocation_list"),
            world.allocation.get_absolute_url(),
            reverse("finance:allocation_csv", kwargs={"key": world.allocation.key}),
        ):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    def add(offset: int) -> None:
        extra = []
        for i in range(offset, offset + 5):
            p = PrincipalFactory(key=f"extra-{i}", name=f"Extra {i}")
            population_record(actor=None, principal=p, reference_date=world.day, inhabitants=10 + i, source="test")
            extra.append(p)
        services.allocation_update(
            actor=None, allocation=world.allocation, principals=[*world.allocation.principals.all(), *extra]
        )
        services.allocation_create(
            actor=None,
            key=f"fler-{offset}",
            title=f"Fler {offset}",
            year=2024,
            amount=100,
            population_date=world.day,
            principals=extra,
            body=personas.body,
        )

    add(0)
    before = counts()
    add(100)
    assert counts() == before


def test_the_money_page_names_an_allocations_year_once(
    personas: Personas, county: dict[str, Principal], login: Callable[[str], Any]
) -> None:
    """/ekonomi/ lists each allocation with its year, unless its title already says it: the
    demo's "… ungdomsmottagningarna 2022" read "… 2022, 2022: 25 000 000 kr"."""
    make(personas, county, public=True)
    make(personas, county, key="statsbidrag", title="Statsbidrag till ungdomsmottagningarna", year=2023, public=True)
    page = plain(login("anonymous").get(reverse("finance:index")).content.decode())
    assert "ungdomsmottagningarna 2022</a>: 25 000 000 kr" in page
    assert "2022, 2022" not in page
    assert "Statsbidrag till ungdomsmottagningarna</a>, 2023: 25 000 000 kr" in page


def test_the_money_page_shows_the_newest_and_links_to_the_rest(
    personas: Personas, county: dict[str, Principal], login: Callable[[str], Any]
) -> None:
    """/ekonomi/ lists the first ten of each kind (newest year first) and, when there are more,
    links to the kind's own page with all of them: its size does not follow the data."""
    for year in range(2010, 2022):
        make(personas, county, key=f"medel-{year}", title=f"Medel {year}", year=year, public=True)
    client = login("anonymous")
    page = plain(client.get(reverse("finance:index")).content.decode())
    shown = [year for year in range(2010, 2022) if f"Medel {year}</a>" in page]
    assert shown == list(range(2012, 2022))  # the ten newest
    assert f'<a href="{reverse("finance:allocation_list")}">Alla fördelningar</a>' in page
    assert "Alla avgifter" not in page  # no fees at all: nothing more to see
    everything = plain(client.get(reverse("finance:allocation_list")).content.decode())
    assert all(f"Medel {year}" in everything for year in range(2010, 2022))
