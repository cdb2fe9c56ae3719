"""Sections that an app higher in the layers adds to a page of an app below it.

A lower app may not import a higher one, nor load its template tags (docs/decisions/0001): the
body's page (structure) does not know that meetings exist. It names places (slots) where other
apps may add to it, and each higher app registers what it shows there in its AppConfig.ready():

    # samverkan/meetings/apps.py
    def ready(self) -> None:
        sections.register("structure:body_detail", "after_members", "meetings/_body_meetings_summary.html",
                          body_meetings_summary)

    {# samverkan/structure/templates/structure/body_detail.html #}
    {% load sections %}{% sections "structure:body_detail" "after_members" body %}

The context function gets the request and the page's object and returns the section template's
context; it does its own (constant) queries, as the view would. Sections render in the order of
`order`, then of registration (the order of INSTALLED_APPS).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

SectionContext = Callable[[HttpRequest | None, Any], dict[str, Any]]


@dataclass(frozen=True)
class Section:
    template: str
    context: SectionContext
    order: int = 0


_registry: dict[tuple[str, str], list[Section]] = defaultdict(list)


def register(page: str, slot: str, template: str, context: SectionContext, *, order: int = 0) -> None:
    """Add a section to a slot of a page (the page's URL name, e.g. "structure:body_detail").
    Registering the same template twice in a slot replaces the first (ready() may run twice)."""
    found = [s for s in _registry[(page, slot)] if s.template != template]
    found.append(Section(template=template, context=context, order=order))
    _registry[(page, slot)] = sorted(found, key=lambda s: s.order)


def sections_for(page: str, slot: str) -> list[Section]:
    return list(_registry.get((page, slot), ()))
