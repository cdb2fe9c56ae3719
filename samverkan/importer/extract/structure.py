"""Extracting meeting structure from a document's text. (To be written.)"""

from __future__ import annotations

from typing import Any


def extract(text: str) -> dict[str, Any]:
    raise NotImplementedError
