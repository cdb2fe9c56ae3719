from __future__ import annotations

from typing import Any

from django import template

from samverkan.referrals import selectors

register = template.Library()


@register.inclusion_tag("referrals/_principal_decisions.html", takes_context=True)
def principal_decisions(context: dict[str, Any], principal: Any) -> dict[str, Any]:
    """Where the principal stands on every recommendation the viewer may see (one query)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "principal": principal,
        "decisions": selectors.decisions_of(principal, user),
        "request": request,
    }
