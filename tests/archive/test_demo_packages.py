"""The demo's archive packages: SRO 2022 and GR 2019, written by `samverkan export archive`,
validated with commons-ip against E-ARK CSIP/SIP 2.1.0 (0 errors), reproducible, their checksums
catching a changed file, the frozen minutes' hash carried and checked, the papers PDF/A.

The demo (both example structures, the seeds' meetings, recommendations and agreements) is built
once for the module inside a transaction rolled back at the end."""

from __future__ import annotations

import datetime
import hashlib
import io
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from pypdf import PdfReader

from samverkan.archive import writer
from samverkan.archive.models import ArchiveExport
from samverkan.core.models import AuditEvent
from samverkan.meetings.models import Minutes
from samverkan.publishing.demo_agreements import load_demo_agreements
from samverkan.publishing.demo_meetings import load_demo_meetings
from samverkan.publishing.demo_referrals import load_demo_referrals
from samverkan.structure.models import Body
from tests.archive.conftest import problems, validate

pytestmark = pytest.mark.django_db

NS = {"m": writer.METS_NS, "x": writer.XLINK_NS, "p": writer.PREMIS_NS, "e": writer.EAD_NS}
GR = "gr-styrgrupp-social-valfard"


@dataclass
class Demo:
    out: Path
    stdout: str
    sro: Path
    gr: Path


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    out = tmp_path_factory.mktemp("archive")
    with django_db_blocker.unblock(), transaction.atomic():
        for name in ["vastra-gotaland.yaml", "vasterbotten.yaml"]:
            call_command("load", "structure", str(Path(settings.BASE_DIR) / "examples" / name), stdout=StringIO())
        actor = get_user_model().objects.create_user(username="admin", is_staff=True, is_superuser=True)
        load_demo_meetings(actor=actor)
        load_demo_referrals(actor=actor)
        load_demo_agreements(actor=actor)
        stdout = StringIO()
        call_command("export", "archive", "--body", "sro", "--year", "2022", str(out), stdout=stdout)
        call_command("export", "archive", "--body", GR, "--year", "2019", str(out), stdout=stdout)
        yield Demo(out, stdout.getvalue(), out / "samverkan-sro-2022.zip", out / f"samverkan-{GR}-2019.zip")
        transaction.set_rollback(True)


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}


def xml(data: bytes) -> ET.Element:
    return ET.fromstring(data)  # noqa: S314 - our own package


def test_the_command_says_what_it_wrote(demo: Demo) -> None:
    lines = demo.stdout.strip().splitlines()
    sro_sha = hashlib.sha256(demo.sro.read_bytes()).hexdigest()
    gr_sha = hashlib.sha256(demo.gr.read_bytes()).hexdigest()
    assert lines == [
        f"{demo.sro}: 19 documents, open, sha256 {sro_sha}",
        f"{demo.gr}: 9 documents, open, sha256 {gr_sha}",
    ]
    exports = ArchiveExport.objects.order_by("pk")
    assert [(e.body.key, e.year, e.status, e.source, e.sha256) for e in exports] == [
        ("sro", 2022, "done", "cli", sro_sha),
        (GR, 2019, "done", "cli", gr_sha),
    ]
    audited = AuditEvent.objects.filter(target_id__in=[str(e.pk) for e in exports], source="cli")
    assert audited.filter(action="create").count() == 2
    assert audited.filter(action="update", changes__status=["running", "done"]).count() == 2


@pytest.mark.parametrize("which", ["sro", "gr"])
def test_the_demo_packages_validate_with_commons_ip(demo: Demo, which: str) -> None:
    report = validate(getattr(demo, which))
    assert report["header"]["specifications"][0]["id"] == "CSIP-2.1.0"
    assert problems(report) == []
    assert report["summary"]["errors"] == 0
    assert report["summary"]["result"] == "VALID"


def test_a_changed_file_is_caught_by_its_checksum(demo: Demo, tmp_path: Path) -> None:
    with zipfile.ZipFile(demo.gr) as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / f"samverkan-{GR}-2019"
    minutes = folder / "representations/rep1/data/sammantraden/2019-10-03/protokoll.json"
    minutes.write_bytes(minutes.read_bytes().replace(b"Justerare", b"JUSTERARE", 1))
    report = validate(folder)
    assert report["summary"]["result"] == "INVALID"
    failed = [v for v in report["validation"] if v["testing"]["outcome"] == "FAILED"]
    assert [v["id"] for v in failed] == ["CSIP71"]  # file/@CHECKSUM
    assert "protokoll.json" in " ".join(failed[0]["testing"]["issues"])


def test_the_package_holds_the_minutes_extracts_and_frozen_content(demo: Demo) -> None:
    files = members(demo.gr)
    root = f"samverkan-{GR}-2019/"
    data = root + "representations/rep1/data/sammantraden/2019-10-03/"
    assert sorted(files) == sorted(
        [
            root + "METS.xml",
            root + "metadata/descriptive/ead.xml",
            root + "metadata/preservation/premis.xml",
            root + "representations/rep1/METS.xml",
            root + "representations/rep1/metadata/preservation/premis.xml",
            data + "protokoll.pdf",
            data + "protokoll.json",
            *(data + f"utdrag/paragraf-{n:03d}.pdf" for n in range(31, 38)),
            root + "schemas/DILCISExtensionMETS.xsd",
            root + "schemas/DILCISExtensionSIPMETS.xsd",
            root + "schemas/mets1_12.xsd",
            root + "schemas/xlink.xsd",
            root + "documentation/lasmig.txt",
        ]
    )
    minutes = Minutes.objects.get(meeting__body__key=GR)
    # The frozen content, byte for byte as hashed at adjustment.
    assert hashlib.sha256(files[data + "protokoll.json"]).hexdigest() == minutes.content_hash
    # Every file's checksum and size in the representation's METS is right.
    mets = xml(files[root + "representations/rep1/METS.xml"])
    for entry in mets.iterfind(".//m:file", NS):
        href = entry.find("m:FLocat", NS).get(f"{{{writer.XLINK_NS}}}href")  # type: ignore[union-attr]
        content = files[root + "representations/rep1/" + href]
        assert entry.get("CHECKSUM") == hashlib.sha256(content).hexdigest().upper()
        assert entry.get("SIZE") == str(len(content))
    # The logical map: the meeting, its documents.
    labels = [d.get("LABEL") for d in mets.iterfind(".//m:structMap[@TYPE='LOGICAL']//m:div", NS)]
    assert labels[:4] == [
        "Styrgruppen för social välfärd 2019",
        "Sammanträden",
        "Sammanträde 2019-10-03",
        "Protokoll 2019-10-03",
    ]


def test_premis_records_the_check_of_the_frozen_hash(demo: Demo) -> None:
    files = members(demo.gr)
    premis = xml(files[f"samverkan-{GR}-2019/representations/rep1/metadata/preservation/premis.xml"])
    minutes = Minutes.objects.get(meeting__body__key=GR)
    checks = [
        e
        for e in premis.iterfind("p:event", NS)
        if e.findtext("p:eventType", namespaces=NS) == "fixity check"
        and e.findtext(".//p:linkingObjectIdentifierValue", namespaces=NS)
        == "data/sammantraden/2019-10-03/protokoll.json"
    ]
    assert len(checks) == 1
    assert checks[0].findtext(".//p:eventOutcome", namespaces=NS) == "success"
    assert minutes.content_hash in (checks[0].findtext(".//p:eventDetail", namespaces=NS) or "")
    fixities = {
        o.findtext(".//p:objectIdentifierValue", namespaces=NS): o.findtext(".//p:messageDigest", namespaces=NS)
        for o in premis.iterfind("p:object", NS)
    }
    assert fixities["data/sammantraden/2019-10-03/protokoll.json"] == minutes.content_hash


def test_the_papers_are_pdf_a_2b(demo: Demo) -> None:
    files = members(demo.sro)
    reader = PdfReader(
        io.BytesIO(files["samverkan-sro-2022/representations/rep1/data/sammantraden/2022-04-28/protokoll.pdf"])
    )
    xmp = reader.xmp_metadata
    assert xmp is not None
    raw = xmp.rdf_root.toxml()
    assert re.search(r"pdfaid:part[^0-9]{1,3}2", raw) and re.search(r"pdfaid:conformance[^A-Z]{1,3}B", raw)
    intents = reader.trailer["/Root"]["/OutputIntents"]
    assert intents[0].get_object()["/S"] == "/GTS_PDFA1"
    assert "Samrådsorganet" in reader.pages[0].extract_text()


def test_the_descriptive_metadata_names_the_body_and_every_record(demo: Demo) -> None:
    files = members(demo.sro)
    ead = xml(files["samverkan-sro-2022/metadata/descriptive/ead.xml"])
    assert ead.findtext("e:archdesc/e:did/e:unittitle", namespaces=NS) == Body.objects.get(key="sro").name
    assert ead.find("e:archdesc/e:accessrestrict", NS).get("type") == "offentlig"  # type: ignore[union-attr]
    series = [c.findtext("e:did/e:unittitle", namespaces=NS) for c in ead.iterfind("e:archdesc/e:dsc/e:c", NS)]
    assert series == ["Sammanträden", "Rekommendationer och remisser till huvudmännen", "Avtal och överenskommelser"]
    files_titles = [
        c.findtext("e:did/e:unittitle", namespaces=NS) for c in ead.iterfind("e:archdesc/e:dsc/e:c/e:c", NS)
    ]
    assert files_titles == [
        "Sammanträde 2022-04-28",
        "Remiss: Förslag till samverkansavtal digitala hjälpmedel",
        "Samverkansavtal digitala hjälpmedel",
        "Samarbetsavtal för ungdomsmottagningarna i Västra Götaland",
        "Samverkansavtal digitala hjälpmedel",
    ]


def test_the_same_data_gives_the_same_package_but_for_its_creation_date(demo: Demo) -> None:
    """The command's package, made earlier, against one made now with another creation date."""
    root = f"samverkan-{GR}-2019/"
    first = {path.removeprefix(root): data for path, data in members(demo.gr).items()}
    created = xml(first["METS.xml"]).find("m:metsHdr", NS).get("CREATEDATE")  # type: ignore[union-attr]
    second = writer.build(
        Body.objects.get(key=GR), 2019, created=datetime.datetime(2031, 6, 7, 8, 9, 10, tzinfo=datetime.UTC)
    ).files
    assert sorted(first) == sorted(second)
    differing = sorted(p for p in first if first[p] != second[p])
    assert differing == [
        "METS.xml",
        "metadata/preservation/premis.xml",
        "representations/rep1/METS.xml",
        "representations/rep1/metadata/preservation/premis.xml",
    ]
    for path in differing:
        a = first[path].decode().replace(str(created), "CREATED")
        b = second[path].decode().replace("2031-06-07T08:09:10Z", "CREATED")
        # The METS files carry the checksums of the metadata files, which hold the date.
        a, b = (re.sub(r'CHECKSUM="[0-9A-F]{64}"', "", t) for t in (a, b))
        assert a == b, path


def test_an_unknown_body_or_a_future_year_is_refused(demo: Demo, tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no body with the key 'nope'"):
        call_command("export", "archive", "--body", "nope", str(tmp_path))
    with pytest.raises(CommandError, match="Året måste vara mellan 1900 och"):
        call_command("export", "archive", "--body", "sro", "--year", "3000", str(tmp_path))
    assert list(tmp_path.iterdir()) == []
    shutil.rmtree(tmp_path)
