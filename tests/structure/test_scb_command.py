"""`samverkan scb population`: the address it asks SCB's PxWebApi 2.0 (table TAB638, contents
BE0101N1, JSON-stat2, the principals' codes and the years), and what it does with the answer:
loaded exactly as `samverkan load population` loads a saved file. The tests never touch the
network: they give a saved answer (--answer), or an address on this machine where nothing
listens, to see the refusal when SCB cannot be reached."""

from __future__ import annotations

import socket
import urllib.parse
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from samverkan.structure.management.commands.scb import scb_url
from samverkan.structure.models import Population, Principal
from tests.factories import PrincipalFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "samples"
ANSWER = SAMPLES / "TAB638-BE0101N1-2017-2018.json"


@pytest.fixture
def four() -> dict[str, Principal]:
    return {
        code: PrincipalFactory(key=key, name=name, kind=kind, scb_code=code)
        for code, key, name, kind in [
            ("14", "vgr", "Västra Götalandsregionen", "region"),
            ("1440", "ale", "Ale kommun", "municipality"),
            ("1480", "goteborg", "Göteborgs kommun", "municipality"),
            ("1489", "alingsas", "Alingsås kommun", "municipality"),
        ]
    }


def scb(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("scb", "population", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_address_asks_for_the_totals_of_the_codes_and_years() -> None:
    url = scb_url(years=[2018, 2017, 2018], regions=["1480", "14"])
    parts = urllib.parse.urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "api.scb.se",
        "/OV0104/v2beta/api/v2/tables/TAB638/data",
    )
    query = dict(urllib.parse.parse_qsl(parts.query))
    assert query == {
        "lang": "sv",
        "outputFormat": "json-stat2",
        "valueCodes[ContentsCode]": "BE0101N1",
        "valueCodes[Tid]": "2017,2018",
        "valueCodes[Region]": "14,1480",
    }


def test_an_answer_is_loaded_as_load_population_does_and_again_changes_nothing(
    four: dict[str, Principal], tmp_path: Path
) -> None:
    saved = tmp_path / "svar.json"
    out, err = scb("--year", "2017", "--year", "2018", "--answer", str(ANSWER), "--save", str(saved))
    assert err == ""
    lines = out.splitlines()
    # It names the address it would have asked: every principal's code, the years.
    assert lines[0].startswith("Read ") and "valueCodes%5BRegion%5D=14%2C1440%2C1480%2C1489" in lines[0]
    assert "valueCodes%5BTid%5D=2017%2C2018" in lines[0]
    assert lines[1] == f"Saved SCB's answer to {saved}"
    assert "created goteborg (1480) 2018-12-31: 571 868" in lines
    assert lines[-1].endswith("created 8, unchanged 0, conflicting 0; 2 row(s) name no principal here")
    assert saved.read_bytes() == ANSWER.read_bytes()
    assert Population.objects.get(principal=four["1480"], year=2018).inhabitants == 571_868
    assert Population.objects.get(principal=four["14"], year=2017).inhabitants == 1_690_782
    out, _err = scb("--year", "2018", "--answer", str(ANSWER))
    assert out.splitlines()[-1].endswith("created 0, unchanged 8, conflicting 0; 2 row(s) name no principal here")
    assert Population.objects.count() == 8


def test_a_broken_or_conflicting_answer_changes_nothing(four: dict[str, Principal], tmp_path: Path) -> None:
    broken = tmp_path / "trasig.json"
    broken.write_text(ANSWER.read_text(encoding="utf-8").replace("571868", '".."'), encoding="utf-8")
    with pytest.raises(CommandError, match="refused, nothing was changed"):
        scb("--answer", str(broken))
    assert not Population.objects.exists()
    Population.objects.create(
        principal=four["1480"], reference_date="2018-12-31", year=2018, inhabitants=571_869, source="rättad"
    )
    with pytest.raises(CommandError, match="never overwritten"):
        scb("--answer", str(ANSWER))
    assert Population.objects.count() == 1


def test_without_scb_it_says_so_and_changes_nothing(four: dict[str, Principal]) -> None:
    with socket.socket() as sock:  # a port on this machine where nothing listens
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(CommandError, match="SCB did not answer") as info:
        scb("--year", "2018", "--api", f"http://127.0.0.1:{port}/api/v2")
    assert "--answer FILE" in str(info.value)
    assert not Population.objects.exists()


def test_bad_options_are_refused(four: dict[str, Principal]) -> None:
    for args, message in [
        (["--year", "tjugo"], "write a year"),
        (["--year", "1900"], "from 1968"),
        (["--region", "148"], "four digits"),
        (["--api", "file:///etc/passwd"], "https://"),
    ]:
        with pytest.raises(CommandError, match=message):
            scb(*args)
    Principal.objects.update(scb_code="")
    with pytest.raises(CommandError, match="No principal has a kommunkod"):
        scb()
