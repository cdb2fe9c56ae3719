"""Loading a structure file (docs/structure-file.md): what it creates, that a second run
changes nothing, and that a file with any error is refused whole, naming the line."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import textwrap
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

from samverkan.core.models import AuditEvent
from samverkan.structure.loader import LoadError, Problem, load_structure
from samverkan.structure.models import Membership, Person, Population, Principal
from tests.structure.helpers import VASTERBOTTEN, VASTRA_GOTALAND, db_state, expected_from_file, row_counts

pytestmark = pytest.mark.django_db


def write(tmp_path: Path, text: str, name: str = "file.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


# --- The examples ------------------------------------------------------------------------------


@pytest.mark.parametrize("example", [VASTRA_GOTALAND, VASTERBOTTEN], ids=lambda p: p.name)
def test_an_example_creates_exactly_what_it_reports_and_a_second_load_changes_nothing(example: Path) -> None:
    expected = expected_from_file(example)
    empty = row_counts()

    first = load_structure(example)

    created = {label: n - empty[label] for label, n in row_counts().items() if n != empty[label]}
    # Besides the records: one audit event per record (plus one per set of owners or members)
    # and the many-to-many rows.
    records = {label: n for label, n in created.items() if label in expected}
    assert records == {label: n for label, n in expected.items() if n}
    assert first.created == sum(expected.values())
    assert (first.changed, first.unchanged) == (0, 0)
    assert len(first.lines) == first.created
    assert all(line.startswith("created ") for line in first.lines)
    assert first.summary == f"created {first.created}, changed 0, unchanged 0"
    audit_after_first = AuditEvent.objects.count()
    state = db_state()

    second = load_structure(example)

    assert second.summary == f"created 0, changed 0, unchanged {first.created}"
    assert second.lines == []
    assert db_state() == state
    assert AuditEvent.objects.count() == audit_after_first


def test_every_audit_event_of_a_load_names_the_command() -> None:
    load_structure(VASTERBOTTEN)
    assert set(AuditEvent.objects.values_list("actor", "actor_label", "source")) == {(None, "(cli:load)", "cli:load")}


def test_a_changed_field_is_reported_and_only_that_field_is_updated(tmp_path: Path) -> None:
    load_structure(VASTERBOTTEN)
    text = VASTERBOTTEN.read_text(encoding="utf-8")
    assert text.count("name: Region Västerbotten\n") == 1
    changed = write(tmp_path, text.replace("name: Region Västerbotten\n", "name: Region Västerbotten (regionkommun)\n"))
    before = db_state()
    events = AuditEvent.objects.count()

    report = load_structure(changed)

    assert report.lines == ["changed principal region-vasterbotten (Region Västerbotten (regionkommun)): name"]
    assert report.summary == f"created 0, changed 1, unchanged {sum(expected_from_file(VASTERBOTTEN).values()) - 1}"
    after = db_state()
    region = Principal.objects.get(key="region-vasterbotten")
    assert region.name == "Region Västerbotten (regionkommun)"
    # Only that principal's row differs, and only in `name`, `updated_at` and its `version` (raised
    # by every change, so that an edit form opened before the load is refused, not saved over it).
    assert {label for label in before if before[label] != after[label]} == {"structure.Principal", "core.AuditEvent"}
    fields = [f.attname for f in Principal._meta.concrete_fields]
    differing = [
        (fields[i], old[i], new[i])
        for old, new in zip(before["structure.Principal"], after["structure.Principal"], strict=True)
        for i in range(len(fields))
        if old[i] != new[i]
    ]
    bookkeeping = {"updated_at", "version"}
    assert [(name, old) for name, old, _new in differing if name not in bookkeeping] == [
        ("name", "Region Västerbotten")
    ]
    assert sorted(name for name, _old, _new in differing) == ["name", "updated_at", "version"]
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == events + 1
    assert (event.action, event.target_repr, event.changes) == (
        "update",
        "Region Västerbotten (regionkommun)",
        {"name": ["Region Västerbotten", "Region Västerbotten (regionkommun)"]},
    )


def test_a_dry_run_reports_but_saves_nothing() -> None:
    before = db_state()
    report = load_structure(VASTERBOTTEN, dry_run=True)
    assert report.created == sum(expected_from_file(VASTERBOTTEN).values())
    assert db_state() == before


def test_ending_a_membership_in_the_file_keeps_it_as_a_past_seat(tmp_path: Path) -> None:
    base = """
        principals:
          - {key: ale, name: Ale kommun, kind: municipality}
        bodies:
          - {key: styrelsen, name: Styrelsen, kind: political, level: local, owners: [ale]}
        memberships:
          - body: styrelsen
            start: 2020-01-01
            members:
              - {person: Ulla Ek, role: ledamot, party: S}
        """
    load_structure(write(tmp_path, base))
    ended = base.replace("party: S}", "party: S, end: 2021-06-30}")
    report = load_structure(write(tmp_path, ended, "ended.yaml"))
    assert report.lines == ["changed membership ulla-ek as ledamot in styrelsen: end"]
    seat = Membership.objects.get()
    assert (seat.person.name, str(seat.start), str(seat.end)) == ("Ulla Ek", "2020-01-01", "2021-06-30")


# --- Broken files: refused whole, with the line and the problem -------------------------------

BASE = """
    terms:
      - {key: 2019-2022, name: Mandatperiod 2019–2022, start: 2019-01-01, end: 2022-12-31}
    principals:
      - key: ale
        name: Ale kommun
        kind: municipality
        population:
          2019: 30000
      - {key: lerum, name: Lerums kommun, kind: municipality}
    bodies:
      - {key: styrelsen, name: Styrelsen, kind: political, level: local, owners: [ale, lerum]}
    memberships:
      - body: styrelsen
        term: 2019-2022
        members:
          - {person: Ulla Ek, role: ordförande, party: S, principal: ale}
    """


@pytest.fixture
def base_loaded(tmp_path: Path) -> dict[str, list[tuple]]:
    """A database holding BASE; returns its state to compare with after a refused file."""
    load_structure(write(tmp_path, BASE, "base.yaml"))
    assert Membership.objects.count() == 1
    return db_state()


BROKEN = {
    "unknown key": (
        """
        bodies:
          - key: nytt-organ
            name: Nytt organ
            colour: blå
            kind: political
            level: local
            owners: [ale]
        """,
        [
            (
                4,
                "bodies: unknown key 'colour' (known: key, name, short_name, kind, level, owners, parent, "
                "reports_to, meeting_rhythm, active_from, active_to, mandates)",
            )
        ],
    ),
    "unknown section": (
        """
        principals:
          - {key: ale, name: Ale kommun, kind: municipality}
        committees:
          - {key: x}
        """,
        [(3, "unknown section 'committees' (known: terms, principals, groupings, bodies, people, memberships)")],
    ),
    "impossible month": (
        """
        terms:
          - key: 2023-2026
            name: Mandatperiod 2023–2026
            start: 2019-13-01
            end: 2026-12-31
        """,
        [(4, "terms: start: '2019-13-01' is not a date (write YYYY-MM-DD, e.g. 2019-01-01)")],
    ),
    "impossible day in a member's end": (
        """
        memberships:
          - body: styrelsen
            members:
              - {person: Ulla Ek, role: ordförande}
              - {person: Per Ek, role: ledamot, end: 2021-02-30}
        """,
        [(5, "members: end: '2021-02-30' is not a date (write YYYY-MM-DD, e.g. 2019-01-01)")],
    ),
    "member of a body that does not exist": (
        """
        memberships:
          - body: styrelsen
            members:
              - {person: Ulla Ek, role: ordförande}
          - body: finns-inte
            members:
              - {person: Per Ek, role: ledamot}
        """,
        [(5, "memberships: body: there is no body with the key 'finns-inte'")],
    ),
    "member representing a principal that does not exist": (
        """
        memberships:
          - body: styrelsen
            members:
              - {person: Per Ek, role: ledamot, principal: finns-inte}
        """,
        [(4, "members: principal: there is no principal with the key 'finns-inte'")],
    ),
    "duplicate key": (
        """
        principals:
          - {key: partille, name: Partille kommun, kind: municipality}
          - {key: molndal, name: Mölndals kommun, kind: municipality}
          - {key: partille, name: Partille igen, kind: municipality}
        """,
        [(4, "principals: the key 'partille' is already used on line 2")],
    ),
    "duplicate key in one mapping": (
        """
        principals:
          - key: partille
            name: Partille kommun
            kind: municipality
            name: Partille
        """,
        [(5, "the key 'name' appears twice in this mapping")],
    ),
    "duplicate membership": (
        """
        memberships:
          - body: styrelsen
            start: 2022-01-01
            members:
              - {person: Per Ek, role: ledamot, party: S}
              - {person: Eva Ek, role: ledamot}
              - {person: Per Ek, role: ledamot, party: M}
        """,
        [(7, "members: the same seat (person, role, start) is already listed on line 5")],
    ),
    "invalid YAML": (
        """
        principals:
          - {key: partille, name: Partille kommun, kind: municipality}
          - {key: molndal, name: Mölndals kommun, kind: municipality
        bodies: []
        """,
        [(4, "this is not valid YAML: expected ',' or '}', but got ':'")],
    ),
    "wrong role": (
        """
        memberships:
          - body: styrelsen
            members:
              - {person: Per Ek, role: kassör}
        """,
        [
            (
                4,
                "members: role: 'kassör' is not one of: ordförande, vice ordförande, ledamot, ersättare, "
                "adjungerad, sekreterare, tjänsteperson",
            )
        ],
    ),
    "a reference on a later line of its entry": (
        """
        bodies:
          - key: au
            name: AU
            kind: political
            level: local
            owners: [ale]
            parent: finns-inte
        """,
        [(7, "bodies: parent: there is no body with the key 'finns-inte'")],
    ),
    "two versions of a mandate from the same day": (
        """
        bodies:
          - key: au
            name: AU
            kind: political
            level: local
            owners: [ale]
            mandates:
              - valid_from: 2019-01-01
                text: Ett.
              - valid_from: 2019-01-01
                text: Två.
        """,
        [(10, "mandates: two versions valid from the same date")],
    ),
    "a term ending before it starts": (
        """
        terms:
          - key: 2023-2026
            name: Bakvänd
            start: 2026-12-31
            end: 2023-01-01
        """,
        [(5, "terms: the term must end after it starts")],
    ),
    "a required key missing": (
        """
        principals:
          - key: ny
            kind: municipality
        """,
        [(2, "principals: 'name' is missing")],
    ),
    "codes and population dates that are not": (
        """
        principals:
          - {key: a, name: A, kind: municipality, scb_code: 1440}
          - {key: b, name: B, kind: municipality, scb_code: "14400"}
          - {key: c, name: C, kind: municipality, scb_code: "1480"}
          - {key: d, name: D, kind: municipality, scb_code: "1480"}
          - {key: e, name: E, kind: municipality, population: {2019-02-30: 1, tjugo: 2}}
        """,
        [
            (2, 'principals: scb_code: must be written as text in quotes, e.g. "1480" (a leading zero would be lost)'),
            (3, "principals: scb_code: '14400' is not a kommunkod (four digits) or länskod (two digits)"),
            (5, "principals: scb_code '1480' is already used on line 4"),
            (6, "principals: population: '2019-02-30' is not a year or a date (YYYY-MM-DD)"),
        ],
    ),
    "two problems, both reported": (
        """
        bodies:
          - {key: au, name: AU, kind: political, level: local, owners: [ale], parent: finns-inte}
        memberships:
          - body: au
            members:
              - {person: Per Ek, role: ledamot, start: 2022-01-01, end: 2021-01-01}
        """,
        [
            (2, "bodies: parent: there is no body with the key 'finns-inte'"),
            (6, "members: the membership ends before it starts"),
        ],
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_file_is_refused_with_its_line_and_changes_nothing(
    case: str, tmp_path: Path, base_loaded: dict[str, list[tuple]]
) -> None:
    text, expected = BROKEN[case]
    with pytest.raises(LoadError) as info:
        load_structure(write(tmp_path, text))
    assert info.value.problems == [Problem(line, message) for line, message in expected]
    assert str(info.value) == "\n".join(f"line {line}: {message}" for line, message in expected)
    assert db_state() == base_loaded


def test_a_population_figure_that_would_overwrite_a_stored_one_is_refused(
    tmp_path: Path, base_loaded: dict[str, list[tuple]]
) -> None:
    text = """
        principals:
          - {key: lerum, name: Lerums kommun, kind: municipality, population: {2019: 42000}}
          - key: ale
            name: Ale kommun
            kind: municipality
            population:
              2018: 29500
              2019: 30001
        """
    with translation.override("en"), pytest.raises(LoadError) as info:
        load_structure(write(tmp_path, text))
    assert info.value.problems == [
        Problem(
            8,
            "Ale kommun already has 30000 inhabitants recorded on 2019-12-31; a recorded figure is never overwritten.",
        )
    ]
    # Lerum's 2019 and Ale's 2018, written before the conflict, are gone with it.
    assert db_state() == base_loaded
    assert list(Population.objects.values_list("principal__key", "year", "inhabitants")) == [("ale", 2019, 30000)]


def test_codes_and_population_on_a_date_or_for_a_year(tmp_path: Path) -> None:
    text = """
        principals:
          - key: ale
            name: Ale kommun
            kind: municipality
            scb_code: "1440"
            population:
              2018: 30926
              2018-11-01: 30850
        """
    report = load_structure(write(tmp_path, text, "ale.yaml"))
    assert report.lines == [
        "created principal ale (Ale kommun)",
        "created population ale 2018",
        "created population ale 2018-11-01",
    ]
    assert Principal.objects.get(key="ale").scb_code == "1440"
    assert list(Population.objects.values_list("reference_date", "year", "inhabitants", "source")) == [
        (datetime.date(2018, 12, 31), 2018, 30926, "ale.yaml"),
        (datetime.date(2018, 11, 1), None, 30850, "ale.yaml"),
    ]


def test_a_file_that_fails_late_in_applying_leaves_nothing(tmp_path: Path, base_loaded: dict[str, list[tuple]]) -> None:
    """Everything before the last member is valid and is written; the last member's party is
    longer than the database allows, which only the model's validation finds."""
    text = """
        terms:
          - {key: 2023-2026, name: Mandatperiod 2023–2026, start: 2023-01-01, end: 2026-12-31}
        principals:
          - {key: partille, name: Partille kommun, kind: municipality, population: {2023: 39000}}
          - {key: ale, name: Ale kommun (ändrat), kind: municipality}
        groupings:
          - {key: grannar, name: Grannar, principals: [ale, lerum, partille]}
        bodies:
          - key: nytt-organ
            name: Nytt organ
            kind: political
            level: local
            owners: [partille]
            mandates:
              - {valid_from: 2023-01-01, text: Ett uppdrag.}
        people:
          - {key: per-ek, name: Per Ek, title: Ordförande}
        memberships:
          - body: nytt-organ
            term: 2023-2026
            members:
              - {person: per-ek, role: ordförande, party: S}
              - {person: Ulla Ek, role: ledamot, party: S}
              - {person: Eva Ek, role: ledamot, party: Ett parti med ett mycket långt namn}
        """
    with translation.override("en"), pytest.raises(LoadError) as info:
        load_structure(write(tmp_path, text))
    assert info.value.problems == [Problem(24, "party: Ensure this value has at most 20 characters (it has 35).")]
    assert db_state() == base_loaded
    assert not Person.objects.filter(key__in=["per-ek", "eva-ek"]).exists()


def test_a_file_that_cannot_be_read_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        load_structure(tmp_path / "finns-inte.yaml")
    [problem] = info.value.problems
    assert problem.line == 0
    assert problem.message.startswith("the file cannot be read: ")


# --- Through the command line ------------------------------------------------------------------


def test_the_load_command_prints_each_record_and_ends_with_the_summary() -> None:
    out = StringIO()
    call_command("load", "structure", str(VASTERBOTTEN), stdout=out)
    lines = out.getvalue().splitlines()
    total = sum(expected_from_file(VASTERBOTTEN).values())
    assert lines[-1] == f"created {total}, changed 0, unchanged 0"
    assert len(lines) == total + 1
    assert lines[0] == "created principal region-vasterbotten (Region Västerbotten)"

    again = StringIO()
    call_command("load", "structure", str(VASTERBOTTEN), stdout=again)
    assert again.getvalue().splitlines() == [f"created 0, changed 0, unchanged {total}"]


def test_the_load_command_dry_run_says_so_and_saves_nothing() -> None:
    before = db_state()
    out = StringIO()
    call_command("load", "structure", str(VASTERBOTTEN), "--dry-run", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[-2:] == [
        "(dry run: nothing was saved)",
        f"created {sum(expected_from_file(VASTERBOTTEN).values())}, changed 0, unchanged 0",
    ]
    assert db_state() == before


def test_the_load_command_refuses_a_broken_file_naming_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, BROKEN["member of a body that does not exist"][0])
    before = db_state()
    err = StringIO()
    with pytest.raises(CommandError) as info:
        call_command("load", "structure", str(path), stderr=err)
    assert str(info.value) == f"{path}: refused, nothing was changed (2 problem(s))."
    assert err.getvalue().splitlines() == [
        f"{path}:2: memberships: body: there is no body with the key 'styrelsen'",
        f"{path}:5: memberships: body: there is no body with the key 'finns-inte'",
    ]
    assert db_state() == before


def test_the_samverkan_command_loads_a_file_end_to_end(tmp_path: Path) -> None:
    """The installed `samverkan` script, in its own process, on its own SQLite database."""
    script = Path(sys.executable).parent / "samverkan"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "SAMVERKAN_DATA_DIR": str(tmp_path),
        "SAMVERKAN_ENV": "development",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own script, with fixed arguments
            [str(script), *args],
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    migrate = run("migrate", "--no-input", "-v", "0")
    assert migrate.returncode == 0, migrate.stderr
    loaded = run("load", "structure", str(VASTERBOTTEN))
    assert loaded.returncode == 0, loaded.stderr
    total = sum(expected_from_file(VASTERBOTTEN).values())
    assert loaded.stdout.splitlines()[-1] == f"created {total}, changed 0, unchanged 0"
