"""A badge: how a state is shown next to what it is about, the one way for every page. A state
(a recommendation's outcome, an agreement's validity, a goal's status, a paper being read) is
turned into a `Badge` (its translated label, its css class, an optional icon) by the code that
knows the rule; templates only show it, with `{% badge %}` (core/templatetags/badges.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Badge:
    label: Any  # a str or a lazy translation
    css: str = "badge"
    icon: str = ""  # a character before the label, hidden from screen readers (the label says it)

    def __html__(self) -> SafeString:
        if self.icon:
            return format_html(
                '<span class="{}"><span aria-hidden="true">{}</span> {}</span>', self.css, self.icon, self.label
            )
        return format_html('<span class="{}">{}</span>', self.css, self.label)
