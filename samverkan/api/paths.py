"""Paths of pages with integer ids, reversed once per name: a list of the API names a page of
each of its hundreds of rows, and reverse() per row cost a tenth of such a list's time."""

from __future__ import annotations

import functools
from typing import Any

from django.urls import get_script_prefix, get_urlconf, reverse

_INT_ARGS = (918273645, 546372819)  # placeholders for integer ids, in no path's text


@functools.lru_cache(maxsize=64)
def _int_path(name: str, count: int, prefix: str, urlconf: Any) -> str:
    return reverse(name, args=_INT_ARGS[:count], urlconf=urlconf)


def int_path(name: str, *ids: int) -> str:
    """reverse(name, args=ids) for a path of integer ids only."""
    path = _int_path(name, len(ids), get_script_prefix(), get_urlconf())
    for placeholder, value in zip(_INT_ARGS, ids, strict=False):
        path = path.replace(str(placeholder), str(int(value)))
    return path
