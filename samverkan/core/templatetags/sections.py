"""`{% sections page slot object %}`: what the apps above have registered for a slot of this page
(samverkan/core/sections.py), rendered in order; nothing when no app has."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from samverkan.core.sections import render_sections

register = template.Library()


@register.simple_tag(takes_context=True)
def sections(context: Any, page: str, slot: str, obj: Any) -> SafeString:
    request = context.get("request")
    return mark_safe("".join(render_sections(request, page, slot, obj)))  # noqa: S308 - rendered (auto-escaped) templates
