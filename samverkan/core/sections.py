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
`order`, then of registration (the order of INSTALLED_APPS). A context function may return None
for "nothing here for this viewer": the section is then left out.

"Mina uppgifter" (publishing's page of the logged-in user's own tasks) is composed the same way
from the slot `MY_TASKS`: each app adds the block of what waits for the user in its part (the
meetings of my bodies, notices not yet sent, minutes to adjust, recommendations to answer,
imports to review), its context function getting the request and the user and returning None
when the user has nothing there and no role that would give them anything:

    sections.register_my_tasks("referrals/_my_tasks.html", my_recommendations, order=40)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString

SectionContext = Callable[[HttpRequest | None, Any], dict[str, Any] | None]

# The page and slot of "Mina uppgifter" (publishing:my_tasks); the object is the user.
MY_TASKS = ("publishing:my_tasks", "my_tasks")


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


def render_sections(request: HttpRequest | None, page: str, slot: str, obj: Any) -> list[SafeString]:
    """Each section of the slot rendered, leaving out those whose context is None."""
    from django.template.loader import render_to_string

    parts: list[SafeString] = []
    for section in sections_for(page, slot):
        found = section.context(request, obj)
        if found is not None:
            parts.append(render_to_string(section.template, found, request=request))
    return parts


def register_my_tasks(template: str, context: SectionContext, *, order: int = 0) -> None:
    """Add a block to the logged-in user's own tasks ("Mina uppgifter"); `context(request, user)`
    returns the block's context, or None when the user has nothing there."""
    register(*MY_TASKS, template, context, order=order)
