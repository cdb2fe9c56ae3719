"""Fixtures of the importer's tests: the example structures (the bodies and people the seeds
speak of), the seed files, and a helper that runs `samverkan import`."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from samverkan.structure.loader import load_structure

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
SEED_FILES = sorted(SEEDS.glob("0*.txt"))


@pytest.fixture
def structure(db: None) -> None:
    examples = Path(settings.BASE_DIR) / "examples"
    for name in ("vastra-gotaland.yaml", "vasterbotten.yaml"):
        load_structure(examples / name)


@pytest.fixture
def seeds() -> list[Path]:
    if len(SEED_FILES) != 5:
        pytest.skip(f"the five seed documents are not in {SEEDS}")
    return SEED_FILES


@pytest.fixture
def run() -> Callable[..., tuple[str, str]]:
    def run(*args: object) -> tuple[str, str]:
        out, err = io.StringIO(), io.StringIO()
        call_command("import", *[str(a) for a in args], stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    return run
