"""Indicators: values per period with source and comment, entered on a staff screen or imported
from a CSV file or Kolada's JSON (a broken file changes nothing); status as text, icon and
colour; a line chart drawn on the server with the same values in a table."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.core.models import AuditEvent
from samverkan.followup import selectors, services
from samverkan.followup.indicator_files import FileProblem, Row, read_csv, read_kolada
from samverkan.followup.models import Indicator, IndicatorValue, Project
from tests.support import Personas

pytestmark = pytest.mark.django_db

KOLADA = Path(__file__).parent / "files" / "kolada-N00945-2480.json"


@pytest.fixture
def project(personas: Personas) -> Project:
    return Project.objects.create(key="vasterbotten", name="Implementering", body=personas.body)


@pytest.fixture
def indicator(project: Project) -> Indicator:
    return services.indicator_create(
        actor=None,
        project=project,
        name="Andel nöjda brukare",
        unit="%",
        direction=Indicator.Direction.INCREASE,
        target=Decimal(75),
        kolada_kpi="N00945",
        kolada_municipality="2480",
    )


def values_of(indicator: Indicator) -> list[tuple[str, str, str, str]]:
    return [(v.period, str(v.value), v.source, v.comment) for v in indicator.values.order_by("period")]


def test_a_csv_file_imports_through_the_staff_screen(
    personas: Personas, indicator: Indicator, login: Callable[[str], Client]
) -> None:
    csv = "period;värde;källa;kommentar\n2017;69,6;Enkät;Första mätningen\n2018;72,4;Enkät;\n".encode()
    url = reverse("followup:indicator_import", kwargs={"key": indicator.project.key, "pk": indicator.pk})
    response = login("secretary").post(
        url, {"kind": "csv", "file": SimpleUploadedFile("v.csv", csv, content_type="text/csv")}
    )
    assert response.status_code == 302
    assert values_of(indicator) == [
        ("2017", "69.60", "Enkät", "Första mätningen"),
        ("2018", "72.40", "Enkät", ""),
    ]
    created = AuditEvent.objects.filter(action="create", target_repr__startswith="Andel nöjda brukare 2017")
    assert [(a.actor_label, a.source) for a in created] == [(personas.secretary.username, "web:csv")]


def test_a_broken_csv_changes_nothing_and_names_each_problem(
    indicator: Indicator, login: Callable[[str], Client]
) -> None:
    services.indicator_values_set(actor=None, indicator=indicator, rows=[Row("2016", Decimal("60.00"))])
    csv = b"period;value\n2017;69,6\n20x8;72\n2019;mycket\n2017;70\n"
    url = reverse("followup:indicator_import", kwargs={"key": indicator.project.key, "pk": indicator.pk})
    response = login("secretary").post(url, {"kind": "csv", "file": SimpleUploadedFile("v.csv", csv)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rad 3: ”20x8” är inte en period" in html
    assert "Rad 4: ”mycket” är inte ett tal." in html
    assert "Rad 5: perioden 2017 förekommer två gånger." in html
    assert values_of(indicator) == [("2016", "60.00", "", "")]


@pytest.mark.parametrize(
    "data",
    [b"", b"\xff\xfe\x00garbage\x00", b"year,amount\n2019,1\n", b"period;value\n"],
)
def test_files_that_are_not_values_are_refused(data: bytes) -> None:
    with pytest.raises(FileProblem):
        read_csv(data)


def test_kolada_json_is_read_for_the_indicators_key_figure_and_municipality(
    indicator: Indicator, login: Callable[[str], Client]
) -> None:
    rows = read_kolada(KOLADA.read_bytes(), kpi="N00945", municipality="2480")
    # The total (T) of each year; 2020 has no value (null) and another municipality is left out.
    assert [(r.period, r.value) for r in rows] == [
        ("2017", Decimal("69.60")),
        ("2018", Decimal("72.40")),
        ("2019", Decimal("76.10")),
    ]
    url = reverse("followup:indicator_import", kwargs={"key": indicator.project.key, "pk": indicator.pk})
    upload = SimpleUploadedFile("kolada.json", KOLADA.read_bytes(), content_type="application/json")
    assert login("secretary").post(url, {"kind": "kolada", "file": upload}).status_code == 302
    assert values_of(indicator)[-1] == ("2019", "76.10", "Kolada N00945, 2480", "")


@pytest.mark.parametrize(
    "data",
    [
        b"{not json",
        b'{"count": 0}',
        b'{"values": [{"kpi": "N00945", "municipality": "2480", "period": "nyss", "values": []}]}',
        b'{"values": [{"kpi": "N00945", "municipality": "2480", "period": 2019, '
        b'"values": [{"gender": "T", "value": "mycket"}]}]}',
        b'{"values": [{"kpi": "N00001", "municipality": "2480", "period": 2019, '
        b'"values": [{"gender": "T", "value": 1}]}]}',
    ],
)
def test_a_broken_kolada_file_changes_nothing(
    indicator: Indicator, data: bytes, login: Callable[[str], Client]
) -> None:
    url = reverse("followup:indicator_import", kwargs={"key": indicator.project.key, "pk": indicator.pk})
    response = login("secretary").post(url, {"kind": "kolada", "file": SimpleUploadedFile("k.json", data)})
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_the_kolada_command_reads_a_file(indicator: Indicator) -> None:
    call_command("kolada", str(indicator.pk), "--file", str(KOLADA))
    assert [v[0] for v in values_of(indicator)] == ["2017", "2018", "2019"]
    # Again: nothing changes.
    call_command("kolada", str(indicator.pk), "--file", str(KOLADA))
    assert IndicatorValue.objects.count() == 3
    with pytest.raises(CommandError):
        call_command("kolada", str(indicator.pk), "--file", str(KOLADA.with_name("finns-inte.json")))


def test_a_value_entered_on_the_staff_screen_replaces_the_periods_value(
    personas: Personas, indicator: Indicator, login: Callable[[str], Client]
) -> None:
    url = reverse("followup:indicator_value_add", kwargs={"key": indicator.project.key, "pk": indicator.pk})
    client = login("secretary")
    client.post(url, {"period": "2019", "value": "70,5", "source": "Enkät", "comment": "Efter införandet"})
    client.post(url, {"period": "2019", "value": "71", "source": "Enkät", "comment": "Rättad"})
    assert values_of(indicator) == [("2019", "71.00", "Enkät", "Rättad")]
    value = indicator.values.get()
    change = AuditEvent.objects.filter(target_id=str(value.pk), action="update").get()
    assert change.changes == {"value": ["70.50", "71.00"], "comment": ["Efter införandet", "Rättad"]}
    response = client.post(url, {"period": "förra året", "value": "1"})
    assert response.status_code == 200
    assert "Skriv perioden som ett år" in response.content.decode()


@pytest.mark.parametrize(
    ("direction", "values", "expected"),
    [
        ("increase", [], "not_measured"),
        ("increase", ["70", "76"], "reached"),
        ("increase", ["70", "72"], "on_track"),
        ("increase", ["72", "70"], "not_reached"),
        ("decrease", ["90", "80"], "on_track"),
        ("decrease", ["80", "70"], "reached"),
    ],
)
def test_the_status_against_the_target(project: Project, direction: str, values: list[str], expected: str) -> None:
    indicator = services.indicator_create(
        actor=None, project=project, name="X", direction=direction, target=Decimal(75)
    )
    rows = [Row(str(2017 + i), Decimal(v)) for i, v in enumerate(values)]
    if rows:
        services.indicator_values_set(actor=None, indicator=indicator, rows=rows)
    status = selectors.indicator_page(project.key, indicator.pk).status
    assert status is not None and status.code == expected


def test_the_page_has_the_chart_its_summary_and_the_table(indicator: Indicator) -> None:
    services.indicator_values_set(
        actor=None,
        indicator=indicator,
        rows=[Row("2017", Decimal("69.6"), "Kolada"), Row("2018", Decimal("72.4"), "Kolada", "Ny metod")],
    )
    html = Client().get(indicator.get_absolute_url()).content.decode()
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in svg
    assert "<title" in svg and "Andel nöjda brukare" in svg
    assert "2 värden från 2017 till 2018; det senaste är 72,4 %." in svg
    assert len(re.findall(r"<circle", svg)) == 2
    rows = re.findall(
        r'<tr><th scope="row">(\d{4})</th><td class="num">([^<]+)</td><td>([^<]*)</td><td>([^<]*)</td>', html
    )
    assert rows == [("2017", "69,6 %", "Kolada", "–"), ("2018", "72,4 %", "Kolada", "Ny metod")]
    assert "↗</span> På väg" in html


def test_the_project_page_lists_the_indicators_in_constant_queries(project: Project, indicator: Indicator) -> None:
    def grow(n: int) -> None:
        for i in range(n):
            other = services.indicator_create(actor=None, project=project, name=f"Indikator {i}", target=Decimal(1))
            services.indicator_values_set(
                actor=None, indicator=other, rows=[Row("2018", Decimal(1)), Row("2019", Decimal(2))]
            )

    url = project.get_absolute_url()
    grow(2)
    Client().get(url)
    with CaptureQueriesContext(connection) as first:
        html_n = Client().get(url).content.decode()
    grow(2)
    with CaptureQueriesContext(connection) as second:
        html_2n = Client().get(url).content.decode()
    assert html_2n.count("Indikator ") > html_n.count("Indikator ")
    assert len(second.captured_queries) == len(first.captured_queries)
