"""Extraction does linear work on hostile input: 1 MB of text built to make patterns backtrack (runs of
names without separators, chains of numbers, stacked labels, unclosed parentheses, endless words)
is read in under 3 s of CPU time (a bound on the work, not a benchmark: CPU time, not wall time, so a
loaded machine does not fail it)."""

from __future__ import annotations

import time

import pytest

from samverkan.importer.extract import extract

SIZE = 1_000_000
BOUND_SECONDS = 3.0

PIECES = (
    "Anna Berg Lennart Ek Maria Ixcot Nilsson ",
    "Anna Berg (s), Ersättare: Bo Ek, kansliet, t o m 15 ",
    "1 Val 2 Val 3 Val 4 Val § 1 § 2 § 3 Beslut: ",
    "Närvarande Ledamöter Plats och tid Tid: Plats: Underskrifter Sekreterare Ordförande ",
    "(s (s (s ((( ÅÄÖ AB CD . . . , , : ",
    "Bo Ek för Bo Ek för Bo Ek ersätter Bo Ek utses att justera ",
    "a" * 3000 + " sam-\n",
    " •   1\n  • a\n",
)


def _text(pieces: tuple[str, ...], newline: str) -> str:
    unit = newline.join(pieces) + newline
    return unit * (SIZE // len(unit))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(_text(PIECES, ""), id="one line"),
        pytest.param(_text(PIECES, "\n"), id="lines"),
        pytest.param(_text(PIECES[:2], ""), id="names"),
        pytest.param(_text(PIECES[2:3], ""), id="numbers"),
    ],
)
def test_a_megabyte_of_hostile_text_is_read_in_bounded_time(text: str) -> None:
    assert len(text) >= SIZE * 0.9
    started = time.process_time()
    result = extract(text)
    spent = time.process_time() - started
    assert spent < BOUND_SECONDS, f"{spent:.2f} s of CPU for {len(text)} characters"
    assert set(result) >= {"kind", "attendees", "items"}
