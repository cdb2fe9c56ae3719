"""Choose one of many: a text field in place of a <select> of thousands of options.

A form field (`SearchChoiceField`), its widget (`SearchChoiceInput`) and the small JSON answer
of suggestions (`suggestions`), over a *lookup* an app provides: how to find a record by its
key and which records a piece of text matches (bounded). The value sent is the record's key, as
a <select> sent it, or what the user typed:

* a key (links made elsewhere, `?body=sro`) chooses that record;
* text matching one record (its label, its name, or a part of either that no other record
  has) chooses it;
* text matching several gives the form an error and the field the first of them
  (`field.candidates`, `field.more`) for the page to offer as choices (`choice_links`);
* text matching none is an error too.

Without JavaScript that is the whole of it. With JavaScript (static samverkan/choosing.js, added
by the widget's media) the input becomes an ARIA 1.2 combobox: suggestions while typing, from
the lookup's JSON address (`data-suggest`), chosen with the arrow keys and Enter or a click;
the chosen record's key is what the form sends.

A lookup for bodies: `samverkan.structure.selectors.BODIES`; its suggestions at /organ/forslag.json.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, Protocol, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, JsonResponse, QueryDict
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy, ngettext

from samverkan.core.widgets import escaped, flatatt

# What a page offers when the text matches several records, and what the suggestions list.
CANDIDATES = 20
SUGGESTIONS = 10
# Text longer than this is no name anyone types: refused (the suggestions) or an error (the field).
MAX_TEXT = 200
# Suggestions start from this many characters (fewer match too much to be of use).
MIN_TEXT = 2


@dataclass(frozen=True)
class Option:
    """A record as the field shows it: its key, and a label that tells it from the others
    (a body's name, with its owners when another body has the same name)."""

    key: str
    label: str


@dataclass(frozen=True)
class Found:
    """The first records a text matches, best first (exact label or name, then those starting
    with the text, then by label), and whether there were more."""

    options: list[Option]
    more: bool


class Lookup(Protocol):
    def get(self, key: str) -> Option | None:
        """The record with this key, or None."""

    def find(self, text: str, limit: int) -> Found:
        """The first `limit` records the text matches (bounded: a query or two, whatever the
        number of records)."""


def any_case(field: str, lookup: str, text: str) -> Q:
    """`<field>__i<lookup>` (contains, startswith, exact) for text typed by a user, also where the
    database ignores case for ASCII letters only (SQLite's LIKE: "östergötland" would not find
    "Östergötland"): the text is also matched as written in lower case, capitalised, in title case
    and in capitals. Text of ASCII letters only needs nothing more."""
    matches = Q(**{f"{field}__i{lookup}": text})
    if not text.isascii():
        for variant in dict.fromkeys([text.lower(), text.capitalize(), text.title(), text.upper()]):
            matches |= Q(**{f"{field}__{lookup}": variant})
    return matches


def folded(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().strip()


def clean_text(value: str) -> str:
    """Whitespace collapsed; raises ValueError for text no one types (control characters, which
    a database refuses or an address should not carry, and overlong text)."""
    if len(value) > MAX_TEXT:
        raise ValueError("too long")
    if any(unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn") and c not in "\t\n\r" for c in value):
        raise ValueError("control character")
    return " ".join(value.split())


class SearchChoiceInput(forms.TextInput):
    """A text input for a `SearchChoiceField`: shows the chosen record's label, carries the
    address of its suggestions for the script, and an empty list box the script fills. Rendered
    in one pass (core.widgets)."""

    input_type = "text"

    class Media:
        js = [forms.Script("samverkan/choosing.js", defer=True)]

    # The choices offered when the text matched several (set by the field); the page may offer
    # them itself instead (`offer=False`: the search page links them).
    candidates: list[Option] = []

    def __init__(
        self, suggest_url: str | Promise = "", attrs: dict[str, Any] | None = None, *, offer: bool = True
    ) -> None:
        super().__init__(attrs)
        self.suggest_url = suggest_url
        self.offer = offer

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        """The candidate picked (a radio button `<name>__pick`), else the text."""
        return data.get(f"{name}__pick") or data.get(name)

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        final: dict[str, Any] = {"type": self.input_type, "name": name}
        if value not in (None, ""):
            final["value"] = str(value)
        final.update(self.build_attrs(self.attrs, attrs))
        final.setdefault("autocomplete", "off")
        final.setdefault("spellcheck", "false")
        list_id = f"{final.get('id') or 'id_' + name}_suggestions"
        if self.suggest_url:
            final["data-suggest"] = self.suggest_url
            final["data-listbox"] = list_id
        box = ""
        if self.suggest_url:  # the script's list box, and what it says of it to a screen reader
            box = (
                f'<ul id="{escaped(list_id)}" role="listbox" class="suggestions" hidden{flatatt(self.messages())}></ul>'
            )
        picks = ""
        if self.offer and self.candidates:
            id_ = final.get("id") or f"id_{name}"
            picks = "".join(
                f'<div><input type="radio" name="{escaped(name)}__pick" id="{escaped(id_)}_pick_{i}"'
                f' value="{escaped(o.key)}"> <label for="{escaped(id_)}_pick_{i}">{escaped(o.label)}</label></div>'
                for i, o in enumerate(self.candidates)
            )
            picks = f'<fieldset class="picks"><legend>{escaped(gettext("Choose one:"))}</legend>{picks}</fieldset>'
        return mark_safe(f'<span class="choose-one"><input{flatatt(final)}>{box}</span>{picks}')  # noqa: S308 - escaped

    @staticmethod
    def messages() -> dict[str, str]:
        return {
            "aria-label": gettext("Suggestions"),
            "data-count": gettext("Suggestions: %s. Choose with the arrow keys and Enter."),
            "data-more": gettext("The first %s suggestions: write more of the name to narrow them."),
            "data-none": gettext("No suggestions."),
        }


class SearchChoiceField(forms.CharField):
    """One record of many, by key or by (part of) its label; cleaned to the record's key ("" for
    none). After cleaning, `choice` is the chosen Option, or `candidates` (and `more`) what the
    text matched when it matched several. Messages can be named for the records through
    `error_messages` ("none", with %(text)s)."""

    widget = SearchChoiceInput
    default_error_messages = {
        "invalid_text": gettext_lazy("Write a name to search for."),
        "none": gettext_lazy("Nothing matches “%(text)s”."),
    }

    def __init__(self, *, lookup: Lookup, suggest_url: str | Promise = "", **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_TEXT)
        kwargs.setdefault("widget", SearchChoiceInput(suggest_url=suggest_url))
        super().__init__(**kwargs)
        self.lookup = lookup
        self.choice: Option | None = None
        self.candidates: list[Option] = []
        self.more = False

    def clean(self, value: Any) -> str:
        self.choice, self.candidates, self.more = None, [], False
        text = super().clean(value)
        if not text:
            return ""
        try:
            text = clean_text(text)
        except ValueError:
            raise ValidationError(self.error_messages["invalid_text"], code="invalid_text") from None
        self.choice = self.lookup.get(text) or self.resolve(text)
        return self.choice.key

    def resolve(self, text: str) -> Option:
        found = self.lookup.find(text, CANDIDATES)
        wanted = folded(text)
        exact = [o for o in found.options if folded(o.label) == wanted]
        if len(exact) == 1:
            return exact[0]
        if len(found.options) == 1 and not found.more:
            return found.options[0]
        if not found.options:
            raise ValidationError(self.error_messages["none"], code="none", params={"text": text})
        self.candidates, self.more = found.options, found.more
        cast(SearchChoiceInput, self.widget).candidates = found.options
        if found.more:
            message = gettext("More than %(count)s matches for “%(text)s”: choose one below or write more of the name.")
        else:
            message = ngettext(
                "%(count)s match for “%(text)s”: choose it below.",
                "%(count)s matches for “%(text)s”: choose one below.",
                len(found.options),
            )
        raise ValidationError(message, code="several", params={"count": len(found.options), "text": text})

    def bound_data(self, data: Any, initial: Any) -> Any:
        """What the input shows again: the chosen record's label rather than its key."""
        return self.choice.label if self.choice is not None else super().bound_data(data, initial)


def choice_links(query: QueryDict, name: str, options: list[Option]) -> list[tuple[str, str]]:
    """(label, query string) of each candidate: the same query with the field set to its key
    (and no page number), for links that choose it."""
    links = []
    for option in options:
        chosen = query.copy()
        chosen[name] = option.key
        chosen.pop("page", None)
        links.append((option.label, chosen.urlencode()))
    return links


def suggestions(request: HttpRequest, lookup: Lookup) -> JsonResponse:
    """The records matching ?q= as JSON, `{"results": [{"key", "label"}], "more": bool}`, at
    most SUGGESTIONS; fewer than MIN_TEXT characters match nothing. Text no one types (too long,
    control characters, several q) is refused with 400 and `{"error": ...}`."""
    if request.method not in ("GET", "HEAD"):
        refused = JsonResponse({"error": "GET only"}, status=405)
        refused["Allow"] = "GET, HEAD"
        return refused
    values = request.GET.getlist("q")
    if len(values) > 1:
        return JsonResponse({"error": "one q only"}, status=400)
    try:
        text = clean_text(values[0] if values else "")
    except ValueError as exc:
        return JsonResponse({"error": f"q: {exc}"}, status=400)
    found = lookup.find(text, SUGGESTIONS) if len(text) >= MIN_TEXT else Found([], False)
    response = JsonResponse(
        {"results": [{"key": o.key, "label": o.label} for o in found.options], "more": found.more},
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "private, max-age=60"  # some lookups are for logged-in users only
    return response
