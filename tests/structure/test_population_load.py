"""`samverkan load population`: official figures from SCB's own formats, matched by kommunkod,
never overwritten, and refused whole (nothing written) with the line of every problem."""

from __future__ import annotations

import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from samverkan.core.models import AuditEvent
from samverkan.structure.loader import load_structure
from samverkan.structure.models import Population, Principal
from tests.factories import PrincipalFactory
from tests.structure.helpers import VASTERBOTTEN, VASTRA_GOTALAND, db_state

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "samples"
JSON_STAT = SAMPLES / "TAB638-BE0101N1-2017-2018.json"
PXWEB = SAMPLES / "befolkning-pxweb-latin1.csv"
SEMICOLON = SAMPLES / "folkmangd-semikolon.csv"
SHARED_DATA = Path(settings.BASE_DIR).parent / "shared" / "data"
D = datetime.date


def load(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("load", "population", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as info:
        call_command("load", "population", *args, stdout=out, stderr=err)
    return err.getvalue(), str(info.value)


def figures() -> list[tuple[str, str, int | None, int, str]]:
    return list(
        Population.objects.order_by("principal__scb_code", "reference_date").values_list(
            "principal__scb_code", "reference_date", "year", "inhabitants", "source"
        )
    )


@pytest.fixture
def four() -> dict[str, Principal]:
    """The region and three of its municipalities, with their codes (Umeå, in the samples, is not a principal here)."""
    return {
        code: PrincipalFactory(key=key, name=name, short_name=short, kind=kind, scb_code=code)
        for code, key, name, short, kind in [
            ("14", "vgr", "Västra Götalandsregionen", "VGR", "region"),
            ("1440", "ale", "Ale kommun", "Ale", "municipality"),
            ("1480", "goteborg", "Göteborgs kommun", "Göteborg", "municipality"),
            ("1489", "alingsas", "Alingsås kommun", "Alingsås", "municipality"),
        ]
    }


SAMPLE_FIGURES = [
    ("14", D(2017, 12, 31), 2017, 1_690_782),
    ("14", D(2018, 12, 31), 2018, 1_709_814),
    ("1440", D(2017, 12, 31), 2017, 30_223),
    ("1440", D(2018, 12, 31), 2018, 30_926),
    ("1480", D(2017, 12, 31), 2017, 564_039),
    ("1480", D(2018, 12, 31), 2018, 571_868),
    ("1489", D(2017, 12, 31), 2017, 40_390),
    ("1489", D(2018, 12, 31), 2018, 41_070),
]


# --- The real files of ../shared/data -------------------------------------------------------


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared/data is not next to the project")
def test_every_file_of_the_shared_data_loads_and_a_second_load_changes_nothing() -> None:
    load_structure(VASTRA_GOTALAND)
    load_structure(VASTERBOTTEN)
    files = sorted(SHARED_DATA.glob("population-*.csv"))
    assert len(files) == 11

    summaries = [load(str(path))[0].splitlines()[-1] for path in files]

    assert summaries == [
        f"code,name,population CSV, {path.stem[-10:]}: created {49 if '-14-' in path.name else 15}, "
        "unchanged 0, conflicting 0; 0 row(s) name no principal here"
        for path in files
    ]
    assert Population.objects.count() == 5 * 49 + 6 * 15
    by_date: dict[tuple[str, D], int] = {}
    for kind, code, when, inhabitants in Population.objects.values_list(
        "principal__kind", "principal__scb_code", "reference_date", "inhabitants"
    ):
        assert kind == "municipality"
        by_date[(code[:2], when)] = by_date.get((code[:2], when), 0) + inhabitants
    # The county totals the data's README checks against SCB.
    assert by_date[("14", D(2016, 12, 31))] == 1_671_783
    assert by_date[("14", D(2017, 12, 31))] == 1_690_782
    assert by_date[("14", D(2018, 12, 31))] == 1_709_814
    assert by_date[("14", D(2019, 12, 31))] == 1_725_881
    assert by_date[("24", D(2018, 12, 31))] == 270_154
    assert by_date[("24", D(2021, 12, 31))] == 274_563
    goteborg = Population.objects.get(principal__key="goteborg", reference_date=D(2018, 12, 31))
    assert (goteborg.inhabitants, goteborg.year, goteborg.source) == (
        571_868,
        2018,
        "population-14-2018-12-31.csv (2018-12-31)",
    )
    state, events = db_state(), AuditEvent.objects.count()

    again = [load(str(path))[0] for path in files]

    assert [text.splitlines()[-1] for text in again] == [
        f"code,name,population CSV, {path.stem[-10:]}: created 0, "
        f"unchanged {49 if '-14-' in path.name else 15}, conflicting 0; 0 row(s) name no principal here"
        for path in files
    ]
    assert all(len(text.splitlines()) == 1 for text in again)  # no "created" line
    assert db_state() == state
    assert AuditEvent.objects.count() == events


# --- SCB's formats --------------------------------------------------------------------------


def test_json_stat2_from_pxwebapi_loads_by_kommunkod_and_lanskod(four: dict[str, Principal]) -> None:
    out, err = load(str(JSON_STAT))
    assert err == ""
    assert out.splitlines() == [
        "created vgr (14) 2017-12-31: 1 690 782",
        "created vgr (14) 2018-12-31: 1 709 814",
        "created ale (1440) 2017-12-31: 30 223",
        "created ale (1440) 2018-12-31: 30 926",
        "created goteborg (1480) 2017-12-31: 564 039",
        "created goteborg (1480) 2018-12-31: 571 868",
        "created alingsas (1489) 2017-12-31: 40 390",
        "created alingsas (1489) 2018-12-31: 41 070",
        "JSON-stat2, 2017-12-31, 2018-12-31: created 8, unchanged 0, conflicting 0; 2 row(s) name no principal here",
    ]
    source = "SCB tabell TAB638 BE0101N1 (uppdaterad 2019-02-21)"
    assert figures() == [(*row, source) for row in SAMPLE_FIGURES]
    assert AuditEvent.objects.filter(action="create", source="cli:load").count() == 8


def test_the_pxweb_csv_export_in_latin_1_gives_the_same_figures(four: dict[str, Principal]) -> None:
    load(str(JSON_STAT))
    out, err = load(str(PXWEB))
    assert (out, err) == (
        "PxWeb CSV, 2017-12-31, 2018-12-31: created 0, unchanged 8, conflicting 0; 2 row(s) name no principal here\n",
        "",
    )
    Population.objects.all().delete()
    load(str(PXWEB))
    source = "SCB Statistikdatabasen: Folkmängd efter region och år, befolkning-pxweb-latin1.csv"
    assert figures() == [(*row, source) for row in SAMPLE_FIGURES]


def test_a_table_without_a_year_needs_the_date(four: dict[str, Principal]) -> None:
    err, message = refused(str(SEMICOLON))
    assert err == (
        f"{SEMICOLON}:1: the column 'Antal' does not name one year: give the date of the figures with --date YYYY-MM-DD\n"
    )
    assert message == f"{SEMICOLON}: refused, nothing was changed (1 problem(s))."
    assert Population.objects.count() == 0

    out, _err = load(str(SEMICOLON), "--date", "2018-12-31", "--source", "SCB BE0101N1, utdrag 2021-02-22")
    assert out.splitlines()[-1] == (
        "PxWeb CSV, 2018-12-31: created 3, unchanged 0, conflicting 0; 0 row(s) name no principal here"
    )
    assert figures() == [
        ("1440", D(2018, 12, 31), 2018, 30_926, "SCB BE0101N1, utdrag 2021-02-22"),
        ("1480", D(2018, 12, 31), 2018, 571_868, "SCB BE0101N1, utdrag 2021-02-22"),
        ("1489", D(2018, 12, 31), 2018, 41_070, "SCB BE0101N1, utdrag 2021-02-22"),
    ]


def test_a_figure_on_another_date_than_31_december_is_held_beside_the_years(
    tmp_path: Path, four: dict[str, Principal]
) -> None:
    load(str(JSON_STAT))
    path = tmp_path / "avgiftsunderlag.csv"
    path.write_text("code,name,population\n1440,Ale,30700\n", encoding="utf-8")
    out, _err = load(str(path), "--date", "2018-11-01")
    assert out.splitlines()[0] == "created ale (1440) 2018-11-01: 30 700"
    assert list(
        Population.objects.filter(principal__key="ale").values_list("reference_date", "year", "inhabitants")
    ) == [(D(2018, 12, 31), 2018, 30_926), (D(2018, 11, 1), None, 30_700), (D(2017, 12, 31), 2017, 30_223)]


def test_the_plain_format_takes_its_date_from_the_files_name(tmp_path: Path, four: dict[str, Principal]) -> None:
    undated = tmp_path / "folkmangd.csv"
    undated.write_text("code,name,population\n1440,Ale,30926\n", encoding="utf-8")
    err, _message = refused(str(undated))
    assert err == f"{undated}:1: the file does not say its date: give it with --date YYYY-MM-DD or in the file's name\n"
    dated = tmp_path / "population-14-2018-12-31.csv"
    dated.write_text("code,name,population\n1440,Ale,30926\n", encoding="utf-8")
    assert load(str(dated))[0].splitlines()[0] == "created ale (1440) 2018-12-31: 30 926"


def test_dry_run_writes_nothing(four: dict[str, Principal]) -> None:
    out, _err = load(str(JSON_STAT), "--dry-run")
    assert out.splitlines()[-2:] == [
        "(dry run: nothing was saved)",
        "JSON-stat2, 2017-12-31, 2018-12-31: created 8, unchanged 0, conflicting 0; 2 row(s) name no principal here",
    ]
    assert (Population.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_a_name_that_does_not_fit_the_principal_is_warned_about(tmp_path: Path, four: dict[str, Principal]) -> None:
    path = tmp_path / "population-2018-12-31.csv"
    path.write_text("code,name,population\n1440,Alingsås,41070\n", encoding="utf-8")
    out, err = load(str(path))
    assert err == f"{path}:2: warning: 1440 is 'Alingsås' in the file, but 'Ale kommun' here\n"
    assert out.splitlines()[0] == "created ale (1440) 2018-12-31: 41 070"


# --- Refused whole --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (
            '"region","2018"\n"1440 Ale",30926\n"1480 Göteborg",..\n"1489 Alingsås",4l070\n',
            [
                "3: 1480 Göteborg: there is no figure (..)",
                "4: 1489 Alingsås: '4l070' is not a whole number of inhabitants",
            ],
        ),
        (
            '"region","2018"\n"1440 Ale",30926\n"Ale",30926\n',
            ["3: 'Ale' is not a region label such as \"1480 Göteborg\""],
        ),
        (
            '"region","2018"\n"1440 Ale",30926\n"1440 Ale",30926\n',
            ["3: 1440 Ale on 2018-12-31 is already given on line 2"],
        ),
        (
            "code,name,population\n1440,Ale\n144,Ale,1\n",
            [
                "2: expected 3 columns (code,name,population), found 2",
                "3: '144' is not a kommunkod (four digits) or länskod (two digits)",
            ],
        ),
        ('"region";\n"1440 Ale";\n', ["1: the table has no column of figures"]),
        (
            "namn,antal\nAle,1\n",
            [
                "1: this is not a population file this command reads: expected SCB's PxWeb export (a first "
                "column 'region' with labels such as \"1480 Göteborg\"), JSON-stat2 from PxWebApi 2.0, or "
                "the columns code,name,population"
            ],
        ),
    ],
    ids=["bad figures", "bad label", "repeated", "plain", "no figures", "foreign"],
)
def test_a_file_with_a_bad_row_is_refused_with_its_line_and_nothing_is_written(
    tmp_path: Path, four: dict[str, Principal], text: str, problems: list[str]
) -> None:
    path = tmp_path / "population-2018-12-31.csv"
    path.write_text(text, encoding="utf-8")
    err, message = refused(str(path))
    assert err.splitlines() == [f"{path}:{problem}" for problem in problems]
    assert message == f"{path}: refused, nothing was changed ({len(problems)} problem(s))."
    assert (Population.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_a_figure_that_differs_from_one_held_refuses_the_whole_file(tmp_path: Path, four: dict[str, Principal]) -> None:
    load(str(JSON_STAT))
    Population.objects.filter(principal__key="goteborg", reference_date=D(2018, 12, 31)).update(
        created_at=datetime.datetime(2019, 3, 1, 9, 0, tzinfo=datetime.UTC)
    )
    other = PrincipalFactory(key="partille", name="Partille kommun", scb_code="1402")
    path2 = tmp_path / "rattad.csv"
    path2.write_text(
        '"region","2018"\n"1402 Partille",37810\n"1480 Göteborg",571869\n"1489 Alingsås",41071\n', encoding="utf-8"
    )
    state, events = db_state(), AuditEvent.objects.count()

    err, message = refused(str(path2))

    assert err.splitlines() == [
        f"{path2}:3: Göteborgs kommun (1480) has 571 868 inhabitants on 2018-12-31 "
        "(source: SCB tabell TAB638 BE0101N1 (uppdaterad 2019-02-21), loaded 2019-03-01); the file says 571 869",
        f"{path2}:4: Alingsås kommun (1489) has 41 070 inhabitants on 2018-12-31 "
        "(source: SCB tabell TAB638 BE0101N1 (uppdaterad 2019-02-21), loaded "
        f"{Population.objects.get(principal__key='alingsas', year=2018).created_at:%Y-%m-%d}); the file says 41 071",
    ]
    assert message == (
        f"{path2}: refused, nothing was changed (2 figure(s) differ from those held; a recorded figure is never overwritten)."
    )
    # Partille's figure, new and right, was not written either.
    assert not other.populations.exists()
    assert db_state() == state
    assert AuditEvent.objects.count() == events


def sample(**changes: object) -> dict:
    data = json.loads(JSON_STAT.read_text(encoding="utf-8"))
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ('{\n  "class": "dataset",\n  "value": [1,\n}', (4, "this is not valid JSON: Expecting value")),
        (
            json.dumps({"class": "collection"}),
            (1, "this is not a JSON-stat2 dataset (PxWebApi 2.0, outputFormat=json-stat2)"),
        ),
        (
            json.dumps(
                sample(
                    dimension={
                        **sample()["dimension"],
                        "ContentsCode": {"category": {"index": {"BE0101N2": 0}, "label": {"BE0101N2": "Folkökning"}}},
                    }
                ),
                indent=1,
            ),
            ("ContentsCode", "the contents are BE0101N2, not BE0101N1 (folkmängd)"),
        ),
        (
            json.dumps(
                sample(
                    id=["Region", "Kon", "ContentsCode", "Tid"],
                    size=[5, 1, 1, 2],
                    dimension={
                        **sample()["dimension"],
                        "Kon": {"label": "kön", "category": {"index": {"1": 0}, "label": {"1": "män"}}},
                    },
                ),
                indent=1,
            ),
            (
                "Kon",
                "the figures are broken down by Kon (män): load the whole population (leave that variable out of the query)",
            ),
        ),
        (json.dumps(sample(value=[1, 2, 3]), indent=1), ("value", "the dataset should have 10 values")),
        (
            json.dumps(
                sample(value=[1690782, 1709814, 30223, None, 564039, 571868, 40390, 41070, 125080, 127119]), indent=1
            ),
            ("1440", "1440 Ale 2018: there is no whole number of inhabitants (None)"),
        ),
    ],
    ids=["syntax", "not a dataset", "other contents", "broken down", "count", "missing value"],
)
def test_a_broken_json_stat_file_is_refused_with_its_line(
    tmp_path: Path, four: dict[str, Principal], data: str, problem: tuple[int | str, str]
) -> None:
    path = tmp_path / "tab638.json"
    path.write_text(data, encoding="utf-8")
    err, _message = refused(str(path))
    where, text = problem
    # A line, or a name in the file: the line where that part of the file is.
    line = where if isinstance(where, int) else data[: data.index(f'"{where}"')].count("\n") + 1
    assert err == f"{path}:{line}: {text}\n"
    assert Population.objects.count() == 0


def test_an_unreadable_or_empty_file_is_refused(tmp_path: Path) -> None:
    err, message = refused(str(tmp_path / "saknas.csv"))
    assert message.startswith(f"{tmp_path / 'saknas.csv'}: the file cannot be read: No such file or directory")
    empty = tmp_path / "tom.csv"
    empty.write_bytes(b"\n\n")
    err, message = refused(str(empty))
    assert err == f"{empty}:0: the file is empty\n"


def test_a_bad_date_option_is_refused(four: dict[str, Principal]) -> None:
    with pytest.raises(CommandError, match=r"--date: '2018-13-01' is not a date"):
        call_command("load", "population", str(SEMICOLON), "--date", "2018-13-01")
