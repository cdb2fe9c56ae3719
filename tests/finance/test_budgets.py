"""Budgets: lines grouped by code with subtotals and the net, the document's own sums shown
beside the computed ones (never counted), proposed and adopted versions, the staff screens
(lines on one form, or read from the officials' XLSX/CSV, all or nothing), the XLSX export,
audit, visibility and query counts."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.core.models import AuditEvent
from samverkan.finance import selectors, services
from samverkan.finance.budget_files import read_budget_file
from samverkan.finance.models import Budget
from tests.support import Personas

pytestmark = pytest.mark.django_db

NB = "\u00a0"


def plain(text: str) -> str:
    return " ".join(text.replace(NB, " ").replace("&nbsp;", " ").split())


def line(code: str, name: str, income: int = 0, cost: int = 0, **extra: Any) -> SimpleNamespace:
    return SimpleNamespace(
        code=code,
        heading=extra.get("heading", ""),
        name=name,
        income=income * 100,
        cost=cost * 100,
        note=extra.get("note", ""),
        stated_sum=extra.get("stated_sum", False),
    )


LINES = [
    line("100", "Medlemsavgifter", 3_401_200, heading="Styrning-ledning", note="1 700 605 invånare"),
    line("100", "Personalkostnader", cost=1_440_000, heading="Styrning-ledning"),
    line("100", "Summa 100", 3_401_200, 1_400_000, heading="Styrning-ledning", stated_sum=True),
    line("111", "HoS-avtalet uppföljning", cost=100_000),
    line("115", "Kvinnofridsatsning", 600_000, 360_000),
    line("", "Totalt", 4_001_200, 1_850_000, stated_sum=True),
]


def make(personas: Personas, **fields: Any) -> Budget:
    values: dict[str, Any] = {
        "key": "budget-2019",
        "title": "Budget 2019",
        "year": 2019,
        "body": personas.body,
        "status": Budget.Status.PROPOSED,
        "lines": LINES,
    }
    values.update(fields)
    return services.budget_create(actor=personas.secretary, source="test", **values)


def test_lines_are_grouped_with_subtotals_and_the_documents_sums_are_shown_not_counted(personas: Personas) -> None:
    page = selectors.budget_page(make(personas))
    assert [(g.code, g.income, g.cost, g.net) for g in page.groups] == [
        ("100", 340_120_000, 144_000_000, 196_120_000),
        ("111", 0, 10_000_000, -10_000_000),
        ("115", 60_000_000, 36_000_000, 24_000_000),
    ]
    assert (page.income, page.cost, page.net) == (400_120_000, 190_000_000, 210_120_000)
    first = page.groups[0]
    assert first.stated is not None and first.stated.name == "Summa 100" and first.stated_differs
    assert page.stated is not None and page.stated.name == "Totalt" and page.stated_differs
    assert [g.code for g in page.differing_groups] == ["100"]


def test_the_page_shows_the_net_the_chart_and_where_the_document_differs(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    budget = make(personas)
    page = plain(login("anonymous").get(budget.get_absolute_url()).content.decode())
    assert "Förslag, inte fastställt." in page
    assert (
        "Intäkter 4 001 200 kr och kostnader 1 900 000 kr ger ett netto på 2 101 200 kr; störst kostnader har "
        "100 Styrning-ledning, 1 440 000 kr." in page
    )
    assert (
        "Dokumentet anger intäkter 4 001 200 kr, kostnader 1 850 000 kr och ett netto på 2 151 200 kr, "
        "vilket raderna inte summerar till." in page
    )
    assert (
        'Summa 100 <span class="muted">(som dokumentet anger den)</span>' in page and "skiljer sig från raderna" in page
    )
    assert ">−100 000 kr</text>" in page  # the chart's bar for 111, labelled with its net
    assert "−100 000 kr" in page and "2 101 200 kr" in page


def test_an_adopted_budget_reads_fastställd_in_swedish_not_the_agreements_antaget(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    """The word for "adopted" agrees with its noun: en budget is "fastställd" (as "föreslagen"),
    where ett avtal is "antaget" and a recommendation "antagen"."""
    budget = make(personas, status=Budget.Status.ADOPTED, adopted_by="Förbundsstyrelsen 2018-12-12, § 3")
    client = login("anonymous")
    page = plain(client.get(budget.get_absolute_url()).content.decode())
    assert "2019 · Fastställd (Förbundsstyrelsen 2018-12-12, § 3)" in page
    listing = plain(client.get(reverse("finance:budget_list")).content.decode())
    assert "fastställd: Förbundsstyrelsen 2018-12-12, § 3" in listing
    assert "antaget" not in page.lower() and "antaget" not in listing.lower()
    proposal = make(personas, key="budget-2020", year=2020)
    assert "2020 · Föreslagen" in plain(client.get(proposal.get_absolute_url()).content.decode())


def test_the_officials_spreadsheet_is_read_and_a_bad_row_refuses_the_file(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    text = (
        "Kod;Rubrik;Post;Intäkter;Kostnader;Not\n"
        "100;Styrning-ledning;Medlemsavgifter;3 401 200 kr;;1 700 605 invånare\n"
        "100;Styrning-ledning;Styrelsen;;25 000;\n"
        "100;Styrning-ledning;Summa 100;3 401 200;25 000;\n"
        ";;Netto;;;\n"
        "111;;HoS-avtalet uppföljning;-;100 000;\n"
    )
    read = read_budget_file(text.encode("latin-1"))
    assert read.errors == []
    assert [(r.code, r.name, r.income, r.cost, r.stated_sum) for r in read.rows] == [
        ("100", "Medlemsavgifter", 340_120_000, 0, False),
        ("100", "Styrelsen", 0, 2_500_000, False),
        ("100", "Summa 100", 340_120_000, 2_500_000, True),
        ("111", "HoS-avtalet uppföljning", 0, 10_000_000, False),
    ]
    assert read.skipped == [5]
    broken = read_budget_file(text.replace("25 000;\n", "tjugofem;\n", 1).encode())
    assert broken.errors == ["Rad 3: ”tjugofem” är inte ett belopp i kronor."]
    assert read_budget_file(b"Namn;Belopp\nx;1\n").errors[0].startswith("Rad 1: första raden måste namnge kolumnerna")

    budget = make(personas, lines=[])
    client = login("secretary")
    url = reverse("finance:budget_lines", kwargs={"key": budget.key})
    bad = SimpleUploadedFile("budget.csv", text.replace("25 000;\n", "tjugofem;\n", 1).encode())
    response = client.post(url, {"import-file": bad})
    assert "Rad 3: ”tjugofem” är inte ett belopp i kronor." in response.content.decode()
    assert budget.lines.count() == 0
    response = client.post(url, {"import-file": SimpleUploadedFile("budget.csv", text.encode())})
    assert response.status_code == 302
    assert budget.lines.count() == 4

    # The same read from an XLSX.
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in text.splitlines():
        sheet.append([cell or None for cell in row.split(";")])
    sheet["E3"] = 25000  # a number cell
    buffer = io.BytesIO()
    book.save(buffer)
    read = read_budget_file(buffer.getvalue(), "budget.xlsx")
    assert read.errors == []
    assert [(r.name, r.income, r.cost) for r in read.rows][:2] == [
        ("Medlemsavgifter", 340_120_000, 0),
        ("Styrelsen", 0, 2_500_000),
    ]


def test_lines_are_edited_on_one_screen_and_every_change_is_audited(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    budget = make(personas, lines=LINES[:2])
    client = login("secretary")
    url = reverse("finance:budget_lines", kwargs={"key": budget.key})
    page = client.get(url).content.decode()
    assert 'value="3 401 200"' in page
    data = {"lines-TOTAL_FORMS": "3", "lines-INITIAL_FORMS": "2"}
    for i, (code, name, income, cost) in enumerate(
        [
            ("100", "Medlemsavgifter", "3 401 200", ""),
            ("100", "Personalkostnader", "", "1 440 000"),
            ("120", "Ny", "", "10"),
        ]
    ):
        data.update(
            {f"lines-{i}-code": code, f"lines-{i}-name": name, f"lines-{i}-income": income, f"lines-{i}-cost": cost}
        )
    data["lines-1-DELETE"] = "on"
    assert client.post(url, {**data, "lines-2-cost": "tio"}).status_code == 200
    assert budget.lines.count() == 2
    assert client.post(url, data).status_code == 302
    assert [(x.name, x.cost) for x in budget.lines.order_by("position")] == [("Medlemsavgifter", 0), ("Ny", 1000)]
    trail = AuditEvent.objects.filter(target_type=ContentType.objects.get_for_model(Budget), target_id=str(budget.pk))
    last = trail.order_by("id").last()
    assert last is not None and last.actor == personas.secretary
    assert last.changes["lines"][1] == [
        "100 Medlemsavgifter: 3\xa0401\xa0200\xa0kr / 0\xa0kr",
        "120 Ny: 0\xa0kr / 10\xa0kr",
    ]


def test_a_proposal_is_adopted_as_a_new_version_and_the_proposal_stays(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    proposal = make(personas)
    client = login("secretary")
    url = reverse("finance:budget_adopt", kwargs={"key": proposal.key})
    response = client.post(url, {"key": "budget-2019-faststalld", "adopted_by": "Styrelsen 2018-12-17 § 3"})
    assert response.status_code == 302
    adopted = Budget.objects.get(key="budget-2019-faststalld")
    assert (adopted.status, adopted.proposal, adopted.adopted_by) == ("adopted", proposal, "Styrelsen 2018-12-17 § 3")
    assert adopted.lines.count() == proposal.lines.count() == 6
    page = plain(client.get(proposal.get_absolute_url()).content.decode())
    assert "Den fastställda budgeten" in page
    assert "Fastställd från förslaget" in plain(client.get(adopted.get_absolute_url()).content.decode())


def test_the_pages_link_the_other_version_only_where_the_visitor_may_see_it(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    """A public proposal adopted into a budget not yet public: the public reads that it was
    adopted (not "not adopted") with no link to a page it cannot open; the secretary gets the
    link. And the other way round for an adopted budget whose proposal is not public."""
    proposal = make(personas, public=True)
    adopted = services.budget_adopt(
        actor=personas.secretary, proposal=proposal, key="budget-2019-faststalld", adopted_by="Styrelsen § 3"
    )
    Budget.objects.filter(pk=adopted.pk).update(public=False)
    public_page = plain(login("anonymous").get(proposal.get_absolute_url()).content.decode())
    assert "Förslag, sedan fastställt; den fastställda budgeten är ännu inte offentlig." in public_page
    assert "inte fastställt" not in public_page and adopted.get_absolute_url() not in public_page
    staff_page = login("secretary").get(proposal.get_absolute_url()).content.decode()
    assert "Förslag, sedan fastställt:" in plain(staff_page) and adopted.get_absolute_url() in staff_page

    Budget.objects.filter(pk=adopted.pk).update(public=True)
    Budget.objects.filter(pk=proposal.pk).update(public=False)
    public_page = plain(login("anonymous").get(adopted.get_absolute_url()).content.decode())
    assert "Fastställd utifrån ett förslag som inte är offentligt." in public_page
    assert proposal.get_absolute_url() not in public_page
    assert proposal.get_absolute_url() in login("secretary").get(adopted.get_absolute_url()).content.decode()


def test_the_export_has_the_lines_the_sums_and_the_total(personas: Personas, login: Callable[[str], Any]) -> None:
    from openpyxl import load_workbook

    budget = make(personas)
    response = login("anonymous").get(reverse("finance:budget_xlsx", kwargs={"key": budget.key}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Kod", "Rubrik", "Post", "Intäkter", "Kostnader", "Netto", "Not"]
    assert rows[1][:3] == ["100", "Styrning-ledning", "Medlemsavgifter"]
    assert Decimal(str(rows[1][3])) == Decimal("3401200")
    names = [r[2] for r in rows]
    assert names == [
        "Post",
        "Medlemsavgifter",
        "Personalkostnader",
        "Summa 100",
        "Summa 100 (angiven)",
        "HoS-avtalet uppföljning",
        "Kvinnofridsatsning",
        "Totalt",
        "Totalt (angiven)",
    ]
    assert Decimal(str(rows[-2][5])) == Decimal("2101200")


def test_a_non_public_budget_is_seen_only_by_its_body(personas: Personas, login: Callable[[str], Any]) -> None:
    budget = make(personas, public=False)
    assert login("anonymous").get(budget.get_absolute_url()).status_code == 404
    assert login("outsider").get(budget.get_absolute_url()).status_code == 404
    assert login("secretary").get(budget.get_absolute_url()).status_code == 200
    assert "Budget 2019" not in login("anonymous").get(reverse("finance:budget_list")).content.decode()


def test_the_budget_pages_make_as_many_queries_with_twice_the_data(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    budget = make(personas)
    client = login("anonymous")

    def counts() -> list[int]:
        result = []
        for url in (
            reverse("finance:budget_list"),
            budget.get_absolute_url(),
            reverse("finance:budget_xlsx", kwargs={"key": budget.key}),
        ):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    def add(offset: int) -> None:
        lines = list(budget.lines.order_by("position"))
        extra = [line(str(200 + offset + i), f"Post {offset + i}", cost=i + 1) for i in range(5)]
        services.budget_lines_set(actor=None, budget=budget, lines=[*lines, *extra])
        make(personas, key=f"annan-{offset}")

    add(0)
    before = counts()
    add(10)
    assert counts() == before
