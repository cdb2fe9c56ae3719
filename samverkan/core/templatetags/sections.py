"""`{% sections page slot object %}`: what the apps above have registered for a slot of this page
(samverkan/core/sections.py), rendered in order; nothing when no app has."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from samverkan.core.sections import sections_for

register = template.Library()


@register.simple_tag(takes_context=True)
def sections(context: Any, page: str, slot: str, obj: Any) -> SafeString:
    request = context.get("request")
    parts = [
        render_to_string(section.template, section.context(request, obj), request=request)
        for section in sections_for(page, slot)
    ]
    return mark_safe("".join(parts))  # noqa: S308 - each part is a rendered (auto-escaped) template
