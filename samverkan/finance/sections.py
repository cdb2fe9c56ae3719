"""What money adds to the structure's pages (registered in apps.py, see core/sections.py): what a
principal pays and receives per year."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from samverkan.core import sections
from samverkan.finance import selectors


def principal_money(request: HttpRequest | None, principal: Any) -> dict[str, Any]:
    """Public fees and allocations of the principal, per year (constant queries)."""
    return {"lines": selectors.principal_money(principal), "principal": principal}


def register() -> None:
    sections.register("structure:principal_detail", "end", "finance/_principal_money.html", principal_money, order=10)
