"""Extraction on ../shared/importer-devset: real documents of other organisations.

The set is split (devset_split.py) into a development part, which the rules were written against,
and a held-out part, which is only scored. The guards below are the levels reached minus a margin:
a change that generalises worse fails here. Reproduce the figures with

    .venv/bin/python tests/importer/score_devset.py development   (and held-out, all, --empty)
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import devset_split  # noqa: E402
import score_devset  # noqa: E402

sys.path.remove(str(HERE))

needs_devset = pytest.mark.skipif(not score_devset.available(), reason="../shared/importer-devset is not available")

# Reached: development 0.959 (unchanged by the fourth round's layout families; 0.959 after the third round,
# 0.957 after the second round of issue 18's general rules, 0.935 after the first,
# 0.920 before them, baseline 0.547, empty 0.350); held-out 0.625 (0.620 after the second round, 0.615 after the
# first; the third round's 0.625 unchanged by the fourth; baseline 0.384, empty 0.317).
# docs/decisions/0021 has the figures per group.
DEVELOPMENT_MIN = 0.955
HELD_OUT_MIN = 0.62


@needs_devset
def test_the_split_follows_its_written_rule() -> None:
    names = sorted(p.name for p in (score_devset.DEVSET / "docs").glob("*.txt"))
    development, held_out = devset_split.split(names)
    assert tuple(development) == devset_split.DEVELOPMENT
    assert tuple(held_out) == devset_split.HELD_OUT
    assert sorted(development + held_out) == names
    assert len(held_out) == len(names) // 3


@needs_devset
@pytest.mark.parametrize(("part", "minimum"), [("development", DEVELOPMENT_MIN), ("held-out", HELD_OUT_MIN)])
def test_score_does_not_drop(part: str, minimum: float) -> None:
    means, _ = score_devset.score(part)
    empty, _ = score_devset.score(part, empty=True)
    assert means["doc"] >= minimum, means
    assert means["doc"] > empty["doc"] + 0.2, (means, empty)
