"""Layout tags shared by every app's templates.

`{% scrollable label %}…{% endscrollable %}` wraps a table that may be wider than a phone: the
table scrolls sideways inside its own region (keyboard-focusable, named by `label` for screen
readers) while the page itself never does, and the table's first column stays in view (see
`.table-scroll` in site.css). Every table of the web pages goes in one:

    {% load layout %}
    {% translate "Members" as label %}{% scrollable label %}<table>…</table>{% endscrollable %}
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.html import format_html
from django.utils.safestring import SafeString

from samverkan.core.paths import fast_reverse

register = template.Library()


class ScrollableNode(template.Node):
    def __init__(self, label: FilterExpression, nodelist: NodeList) -> None:
        self.label = label
        self.nodelist = nodelist

    def render(self, context: Any) -> SafeString:
        return format_html(
            '<div class="table-scroll" role="region" tabindex="0" aria-label="{}">{}</div>',
            self.label.resolve(context),
            self.nodelist.render(context),
        )


@register.tag
def scrollable(parser: Parser, token: Token) -> ScrollableNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% scrollable %} takes one argument: the region's label")
    nodelist = parser.parse(("endscrollable",))
    parser.delete_first_token()
    return ScrollableNode(parser.compile_filter(bits[1]), nodelist)


@register.simple_tag
def path(viewname: str, **kwargs: Any) -> str:
    """`{% url %}` for the site's own addresses from the database (the menu's, a row's key): the
    same address, reversed once per view rather than per use (samverkan/core/paths.py). Every
    page names its menu's twenty addresses, and a list its rows'."""
    return fast_reverse(viewname, **kwargs)
