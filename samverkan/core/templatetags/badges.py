"""`{% badge x %}`: the one way a page shows a state (see core/badges.py). `x` is a `Badge`
(from a model, an outcome or a selector that knows the rule), or a label with its css class:

    {% load badges %}
    {% badge page.badge %}  {% badge _("not public") %}  {% badge _("Being read…") "badge reading" %}
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from samverkan.core.badges import Badge

register = template.Library()


@register.simple_tag
def badge(value: Any, css: str = "badge") -> SafeString:
    return (value if isinstance(value, Badge) else Badge(value, css)).__html__()
