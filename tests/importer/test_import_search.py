"""Imported documents are found by administrators only: their whole text may hold confidential
items or minutes not yet published; the public finds the meeting's own items instead."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from samverkan.importer.models import ImportedDocument
from samverkan.search.query import Filters, search

pytestmark = pytest.mark.django_db(transaction=True)


def found(q: str, *, public_only: bool = True) -> list[str]:
    return [hit.entry.type + ":" + hit.entry.title for hit in search(q, Filters(), public_only=public_only).hits]


def test_the_sro_notes_are_found_by_administrators_and_their_items_by_everyone(
    structure: None, seeds: list[Path], run: Callable[..., Any]
) -> None:
    sro = next(path for path in seeds if path.name.startswith("001"))
    run(sro, "--apply")
    assert ImportedDocument.objects.get().status == ImportedDocument.Status.APPLIED
    public = found("ungdomsmottagningar")
    assert not any("001_" in title for title in public), public
    assert any(title.startswith("item:") and "ungdomsmottagningarna" in title for title in public), public
    assert any("001_" in title for title in found("ungdomsmottagningar", public_only=False))
