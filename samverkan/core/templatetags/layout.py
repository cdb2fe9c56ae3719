"""Layout tags shared by every app's templates.

`{% scrollable label %}…{% endscrollable %}` wraps a table that may be wider than a phone: the
table scrolls sideways inside its own region (keyboard-focusable, named by `label` for screen
readers) while the page itself never does, and the table's first column stays in view (see
`.table-scroll` in site.css). Every table of the web pages goes in one:

    {% load layout %}
    {% translate "Members" as label %}{% scrollable label %}<table>…</table>{% endscrollable %}

Content is stored in Swedish (the site's own language, `LANGUAGE_CODE`): names of bodies, titles
of meetings, items, recommendations and agreements, minutes, decisions. On a page in another
language (the English interface) an element holding such content says so, for screen readers
and translation tools (WCAG 2.1 SC 3.1.2, language of parts); in Swedish nothing is added:

    <h1{% content_lang %}>{{ body.name }}</h1>        an element of its own: the attribute
    {% translate "From" %}: {{ body.name|content_lang }}   inline: a <span lang="sv"> around it
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils import translation
from django.utils.html import conditional_escape, format_html
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


def _content_language() -> str | None:
    """The language the content is stored in when the page is in another one; else None."""
    content = settings.LANGUAGE_CODE
    active = translation.get_language() or content
    return None if active.split("-")[0] == content.split("-")[0] else content


@register.simple_tag(name="content_lang")
def content_lang_attribute() -> str:
    """` lang="sv"` for an element holding stored content, on a page not in Swedish; else nothing."""
    language = _content_language()
    return format_html(' lang="{}"', language) if language else ""


@register.filter(name="content_lang", needs_autoescape=True)
def content_lang_span(value: Any, autoescape: bool = True) -> Any:
    """The stored text in a `<span lang="sv">` on a page not in Swedish; else the text as it is."""
    if value is None or value == "":
        return value
    text = conditional_escape(value) if autoescape else value
    language = _content_language()
    return format_html('<span lang="{}">{}</span>', language, text) if language else text
