"""`samverkan demo` where the seed documents are not next to the project: it says so, skips the
import and builds the seeds' meetings by hand (samverkan/publishing/demo_meetings.py)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from samverkan.importer.models import ImportedDocument
from samverkan.meetings.models import Meeting
from samverkan.publishing.management.commands import demo as demo_command

pytestmark = pytest.mark.django_db


def test_without_the_seeds_the_meetings_are_built_by_hand(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(demo_command, "seeds_dir", lambda: tmp_path / "no-seeds")
    out = StringIO()
    call_command("demo", password="x", stdout=out, stderr=StringIO())
    assert "No seed documents in" in out.getvalue()
    assert not ImportedDocument.objects.exists()
    assert Meeting.objects.get(body__key="gr-styrgrupp-social-valfard").minutes.is_published
    assert Meeting.objects.get(body__key="sro").minutes.is_published
    assert not Meeting.objects.filter(body__key="vb-styrgrupp-regionkommun").exists()
