"""`samverkan backup` and `samverkan restore`, on the database the suite runs on (SQLite or
PostgreSQL): make data, back up, destroy it, restore, and find it all back."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from samverkan.meetings.models import Attachment, Meeting
from samverkan.referrals.models import Recipient, Recommendation, Response
from samverkan.structure.models import Body
from tests.support import build_personas, meeting_world, referral_world


@pytest.fixture
def media(tmp_path: Path) -> Iterator[Path]:
    """Papers on the filesystem, as in production without S3."""
    root = tmp_path / "media"
    root.mkdir()
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(root)}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, MEDIA_ROOT=str(root)):
        yield root


def run(*args: Any) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_backup_destroy_restore(transactional_db: None, media: Path, tmp_path: Path) -> None:
    personas = build_personas()
    meetings = meeting_world(personas)
    referrals = referral_world(personas)
    paper: Attachment = meetings.paper
    paper_bytes = (media / paper.file.name).read_bytes()
    extract_bytes = (media / referrals.response.extract.name).read_bytes()
    before = {
        "bodies": sorted(Body.objects.values_list("key", flat=True)),
        "meetings": Meeting.objects.count(),
        "responses": list(Response.objects.values_list("pk", "answer", "recipient_id")),
        "current": list(Recipient.objects.order_by("pk").values_list("pk", "current_response_id")),
        "recommendations": list(Recommendation.objects.order_by("pk").values_list("pk", "status")),
    }
    assert before["responses"]

    dest = tmp_path / "backup"
    said = run("backup", str(dest))
    assert f"Backup written to {dest}" in said
    manifest = json.loads((dest / "manifest.json").read_text())
    assert manifest["vendor"] == connection.vendor
    assert manifest["counts"]["structure.Body"] == 2
    assert manifest["counts"]["meetings.Attachment"] == 1
    assert manifest["counts"]["referrals.Response"] == 1
    assert "0001_initial" in manifest["migrations"]["referrals"]
    assert manifest["files"]["copied"] is True
    assert manifest["files"]["files"] == len([p for p in media.rglob("*") if p.is_file()]) >= 3
    assert len(manifest["database"]["sha256"]) == 64
    assert (dest / "media" / paper.file.name).read_bytes() == paper_bytes

    # The backup refuses to write over another one, and a restore refuses a database with data.
    with pytest.raises(CommandError, match="is not empty"):
        run("backup", str(dest))
    with pytest.raises(CommandError, match="already holds data"):
        run("restore", str(dest))

    # Disaster: every row and every paper gone.
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    media.mkdir()
    assert not Body.objects.exists()
    assert Client().get(reverse("structure:body_detail", kwargs={"key": "testorgan"})).status_code == 404

    said = run("restore", str(dest))
    assert "Restored the backup" in said
    assert "Files: " in said

    assert sorted(Body.objects.values_list("key", flat=True)) == before["bodies"]
    assert Meeting.objects.count() == before["meetings"]
    assert list(Response.objects.values_list("pk", "answer", "recipient_id")) == before["responses"]
    assert list(Recipient.objects.order_by("pk").values_list("pk", "current_response_id")) == before["current"]
    assert list(Recommendation.objects.order_by("pk").values_list("pk", "status")) == before["recommendations"]
    # The papers, byte for byte, through their views; the pages render.
    client = Client()
    got = client.get(reverse("meetings:attachment", kwargs={"pk": paper.item.meeting_id, "attachment_pk": paper.pk}))
    assert got.status_code == 200
    assert streamed(got) == paper_bytes
    extract = client.get(
        reverse("referrals:extract", kwargs={"pk": referrals.sent.pk, "response_pk": referrals.response.pk})
    )
    assert extract.status_code == 200
    assert streamed(extract) == extract_bytes
    body_page = client.get(reverse("structure:body_detail", kwargs={"key": "testorgan"}))
    assert body_page.status_code == 200
    assert "Testorganet" in body_page.content.decode()
    status_page = client.get(reverse("referrals:detail", kwargs={"pk": referrals.sent.pk}))
    assert status_page.status_code == 200
    assert "Samverkansavtal om hjälpmedel" in status_page.content.decode()

    # Over data, only with --force (and the result is the backup again).
    Body.objects.filter(key="testorgan").update(name="Ändrat efter backupen")
    with pytest.raises(CommandError, match="already holds data"):
        run("restore", str(dest))
    run("restore", str(dest), "--force")
    assert Body.objects.get(key="testorgan").name == "Testorganet"


def test_restore_refuses_another_vendor_a_damaged_dump_and_no_manifest(
    transactional_db: None, media: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "backup"
    run("backup", str(dest))
    manifest_path = dest / "manifest.json"
    manifest = json.loads(manifest_path.read_text())

    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest_path.write_text(json.dumps({**manifest, "vendor": other}))
    with pytest.raises(CommandError, match=f"backup is of a {other} database and this one is {connection.vendor}"):
        run("restore", str(dest))

    manifest_path.write_text(json.dumps(manifest))
    dump = dest / manifest["database"]["file"]
    dump.write_bytes(dump.read_bytes() + b"x")
    with pytest.raises(CommandError, match="does not match the manifest's sha256"):
        run("restore", str(dest))

    manifest_path.unlink()
    with pytest.raises(CommandError, match=r"no manifest\.json"):
        run("restore", str(dest))


def test_papers_in_a_bucket_are_not_copied(transactional_db: None, tmp_path: Path) -> None:
    """The test settings keep papers in memory, which stands for any storage that is not the
    filesystem (an S3 bucket): the backup says it did not copy them."""
    said = run("backup", str(tmp_path / "backup"))
    assert "Files: not copied" in said
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["files"] == {"copied": False, "storage": "django.core.files.storage.memory.InMemoryStorage"}
    assert not (tmp_path / "backup" / "media").exists()


def test_missing_pg_dump_is_a_clear_error(
    transactional_db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump is used only on PostgreSQL")
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    with pytest.raises(CommandError, match="pg_dump was not found on PATH"):
        run("backup", str(tmp_path / "backup"))
