"""An applied imported document is found by the public search; one waiting for review is not."""

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


def test_the_sro_notes_are_found_by_ungdomsmottagning_once_applied(
    structure: None, seeds: list[Path], run: Callable[..., Any]
) -> None:
    sro = next(path for path in seeds if path.name.startswith("001"))
    run(sro)  # proposed, not applied
    document = ImportedDocument.objects.get()
    assert document.status == ImportedDocument.Status.PROPOSED
    assert not any("001_" in title for title in found("ungdomsmottagning"))
    assert any("001_" in title for title in found("ungdomsmottagning", public_only=False))

    run(sro, "--apply")
    public = found("ungdomsmottagningar")
    assert any(title.startswith("paper:Samrådsorganet 2022-04-28") for title in public), public
