"""Open and closed packages of a body with a confidential item, a non-public recommendation,
papers, answers with extracts and an agreement with a version: what each package holds, how a
closed one is marked, and a stored paper changed behind the app's back."""

from __future__ import annotations

import datetime
import hashlib
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from samverkan.archive import writer
from samverkan.meetings import services as meeting_services
from samverkan.referrals import services as referral_services
from tests.archive.conftest import problems, validate
from tests.support import Personas, agreement_world, pdf_bytes, referral_world

pytestmark = pytest.mark.django_db

NS = {"m": writer.METS_NS, "e": writer.EAD_NS, "p": writer.PREMIS_NS}


@dataclass
class World:
    year: int
    secret_paper: Any
    open_paper: Any


def build_world(personas: Personas) -> World:
    """A meeting on 1 January this year (so always in this year's package, and in the past) with
    an open item and a confidential one, each with a paper, adjusted minutes; the public
    recommendation sent today and answered with an extract, its draft sibling, and a non-public
    one sent today; the agreement registered today with a version."""
    now = timezone.localtime()
    start = now.replace(month=1, day=1, hour=0, minute=30, second=0, microsecond=0)
    assert start < now, "run after 00:30 on 1 January"
    meeting = meeting_services.meeting_plan(
        actor=None, body=personas.body, start=start, location_name="Rådhuset", with_procedural_items=False
    )
    open_item = meeting_services.item_add(actor=None, meeting=meeting, title="Budget 2026", kind="decision")
    meeting_services.item_update(
        actor=None, item=open_item, version=open_item.version, decision="Budgeten fastställs.", source="test"
    )
    secret_item = meeting_services.item_add(actor=None, meeting=meeting, title="Upphandling", kind="decision")
    meeting_services.item_update(
        actor=None,
        item=secret_item,
        version=secret_item.version,
        confidential=True,
        decision="Anbud A antas.",
        source="test",
    )
    open_paper = meeting_services.attachment_add(
        actor=None, item=open_item, upload=SimpleUploadedFile("Budget 2026.pdf", pdf_bytes(2)), title="Budget"
    )
    secret_paper = meeting_services.attachment_add(
        actor=None, item=secret_item, upload=SimpleUploadedFile("anbud.pdf", pdf_bytes(3)), title="Anbud"
    )
    meeting_services.attendance_record(actor=None, meeting=meeting, person=personas.person)
    meeting_services.minutes_draw_up(actor=None, meeting=meeting, adjusters=[personas.person])
    minutes = meeting_services.minutes_for(meeting)
    meeting_services.adjustment_confirm(actor=None, minutes=minutes, person=personas.person, via="login")

    sent = referral_world(personas).sent  # answered by the principal with an extract; a draft beside it
    agreement_world(personas)  # registered today, with a version
    today = timezone.localdate()
    hidden = referral_services.recommendation_create(
        actor=None,
        body=personas.body,
        principals=[personas.principal],
        title="Intern remiss",
        question="Yttra er.",
        deadline=today + datetime.timedelta(days=30),
        public=False,
        source="test",
    )
    referral_services.recommendation_send(actor=None, recommendation=hidden, source="test")
    assert sent.is_sent
    return World(today.year, secret_paper, open_paper)


def names(package: writer.Package) -> list[str]:
    return [p.removeprefix("representations/rep1/data/") for p in package.files if "/data/" in p]


def test_open_and_closed_packages(personas: Personas, tmp_path: Path) -> None:
    world = build_world(personas)
    day = f"{world.year}-01-01"
    open_package = writer.build(personas.body, world.year)
    closed_package = writer.build(personas.body, world.year, closed=True)
    rec = f"rekommendationer/{timezone.localdate().isoformat()}"
    referrals = referral_world(personas)
    assert names(open_package) == [
        "avtal/testavtal/avtal.json",
        "avtal/testavtal/avtal.pdf",
        f"avtal/testavtal/versioner/{agreement_world(personas).versions.get().pk}-avtal.pdf",
        f"{rec}-samverkansavtal-om-hjalpmedel/handlingar/{referrals.paper.pk}-forslag.pdf",
        f"{rec}-samverkansavtal-om-hjalpmedel/rekommendation.json",
        f"{rec}-samverkansavtal-om-hjalpmedel/rekommendation.pdf",
        f"{rec}-samverkansavtal-om-hjalpmedel/svar/testkommun/{referrals.response.pk}-protokollsutdrag.pdf",
        f"sammantraden/{day}/handlingar/01-budget-2026/{world.open_paper.pk}-budget-2026.pdf",
        f"sammantraden/{day}/protokoll.json",
        f"sammantraden/{day}/protokoll.pdf",
        f"sammantraden/{day}/utdrag/paragraf-001.pdf",
    ]
    closed_names = names(closed_package)
    assert set(closed_names) - set(names(open_package)) == {
        f"{rec}-intern-remiss/rekommendation.json",
        f"{rec}-intern-remiss/rekommendation.pdf",
        f"sammantraden/{day}/handlingar/02-upphandling/{world.secret_paper.pk}-anbud.pdf",
        f"sammantraden/{day}/utdrag/paragraf-002.pdf",
    }
    # Nothing confidential anywhere in the open package, not even in its metadata.
    for path, data in open_package.files.items():
        if path.endswith((".xml", ".json", ".txt")):
            text = data.decode()
            for secret in ("Upphandling", "Anbud A antas", "Intern remiss", "Utkast om ungdomsmottagningar"):
                assert secret not in text, (path, secret)
    assert open_package.package_id == "samverkan-testorgan-" + str(world.year)
    # The closed package says so: its identifier, its METS label, the archival description, the readme.
    assert closed_package.package_id == f"samverkan-testorgan-{world.year}-sluten"
    mets = ET.fromstring(closed_package.files["METS.xml"])  # noqa: S314
    assert (
        mets.get("LABEL")
        == f"Testorganet: allmänna handlingar {world.year} – SLUTEN LEVERANS, innehåller handlingar med sekretess"
    )
    ead = ET.fromstring(closed_package.files["metadata/descriptive/ead.xml"])  # noqa: S314
    assert ead.find("e:archdesc/e:accessrestrict", NS).get("type") == "sekretess"  # type: ignore[union-attr]
    assert "SLUTEN LEVERANS" in closed_package.files["documentation/lasmig.txt"].decode()
    # In the closed package the frozen content is whole: its hash is the one frozen at adjustment.
    minutes = meeting_services.minutes_for(personas.body.meetings.get())
    content = closed_package.files[f"representations/rep1/data/sammantraden/{day}/protokoll.json"]
    assert hashlib.sha256(content).hexdigest() == minutes.content_hash
    # ...while the open one's, with the confidential paragraph left out, cannot carry it.
    open_content = open_package.files[f"representations/rep1/data/sammantraden/{day}/protokoll.json"]
    assert hashlib.sha256(open_content).hexdigest() != minutes.content_hash
    # Both validate.
    for package in (open_package, closed_package):
        target = tmp_path / package.file_name
        target.write_bytes(package.zip_bytes())
        report = validate(target)
        assert problems(report) == [], package.package_id
        assert report["summary"]["result"] == "VALID"


def test_a_stored_paper_changed_behind_the_apps_back_fails_its_check(personas: Personas, tmp_path: Path) -> None:
    world = build_world(personas)
    field = world.open_paper.file
    changed = field.read() + b"\n% changed"
    field.close()
    field.storage.delete(field.name)
    assert field.storage.save(field.name, ContentFile(changed)) == field.name
    out = tmp_path / "out"
    stderr = StringIO()
    with pytest.raises(CommandError, match="1 document"):
        call_command(
            "export",
            "archive",
            "--body",
            personas.body.key,
            "--year",
            str(world.year),
            str(out),
            stderr=stderr,
            stdout=StringIO(),
        )
    path = f"sammantraden/{world.year}-01-01/handlingar/01-budget-2026/{world.open_paper.pk}-budget-2026.pdf"
    assert f"{path}: the stored file's recorded SHA-256 {world.open_paper.sha256} does not match" in stderr.getvalue()
    # The package is written all the same, and its preservation metadata records the failed check.
    with zipfile.ZipFile(out / f"samverkan-testorgan-{world.year}.zip") as archive:
        premis = ET.fromstring(  # noqa: S314
            archive.read(f"samverkan-testorgan-{world.year}/representations/rep1/metadata/preservation/premis.xml")
        )
    outcomes = {
        e.findtext(".//p:linkingObjectIdentifierValue", namespaces=NS): e.findtext(".//p:eventOutcome", namespaces=NS)
        for e in premis.iterfind("p:event", NS)
        if e.findtext("p:eventType", namespaces=NS) == "fixity check"
    }
    assert outcomes[f"data/{path}"] == "failure"
    assert outcomes[f"data/sammantraden/{world.year}-01-01/protokoll.json"] == "not applicable"
