"""`{{ item.title|item_title }}` and `{{ item.proposal|item_text:item.title }}`: an agenda item's
title and text as the page shows them. A report-back's labels, stored in Swedish with the agenda,
in the interface's language (samverkan.meetings.report_backs); everything else as written. For
items and for a minutes' snapshot alike."""

from __future__ import annotations

from django import template

from samverkan.meetings import report_backs

register = template.Library()


@register.filter
def item_title(title: str | None) -> str:
    return report_backs.shown_title(title or "")


@register.filter
def item_text(text: str | None, title: str | None) -> str:
    return report_backs.shown_text(text or "", title or "")
