"""Swedish first, really: every message the code and the templates mark for translation has a
Swedish translation, and no catalogue holds an empty or fuzzy one.

The messages are found as Django's `makemessages` finds them, without needing GNU gettext: the
Python files are read with `ast` (calls of gettext, gettext_lazy, _, ngettext, pgettext, ...),
the templates through Django's own `templatize`, which turns {% translate %},
{% blocktranslate %} and _("...") into such calls. Each message must be translated in the
catalogues Django reads: the shared one (samverkan/locale/), an app's own
(samverkan/<app>/locale/), or, for the templates that override a library's (allauth's log-in
pages), the library's own.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator
from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

from samverkan.core.management.commands.compiletranslations import catalogue_roots

ROOT = Path(settings.BASE_DIR)
SOURCES = [ROOT / "samverkan", ROOT / "config"]
# name -> (index of the context argument or None, index of the message, index of the plural or None)
KEYWORDS: dict[str, tuple[int | None, int, int | None]] = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
SKIP_PARTS = {"migrations", "tests", "synthetic"}  # the generator's data is Swedish text, not messages


Message = tuple[str | None, str, str | None]  # (context, msgid, plural)


def _from_call(name: str, args: list[object]) -> Message | None:
    context_at, msgid_at, plural_at = KEYWORDS[name]
    needed = [i for i in (context_at, msgid_at, plural_at) if i is not None]
    if len(args) <= max(needed) or not all(isinstance(args[i], str) for i in needed):
        return None  # not a literal: nothing to extract (as xgettext)
    return (
        args[context_at] if context_at is not None else None,  # type: ignore[misc]
        args[msgid_at],  # type: ignore[return-value]
        args[plural_at] if plural_at is not None else None,  # type: ignore[misc]
    )


def python_messages(source: str) -> Iterator[Message]:
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in KEYWORDS:
            args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
            message = _from_call(name, args)
            if message is not None:
                yield message


def template_messages(source: str, origin: str) -> Iterator[Message]:
    """The calls `templatize` writes (not valid Python, but made of Python tokens)."""
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(templatize(source, origin=origin)).readline)]
    for i, token in enumerate(tokens[:-1]):
        if token.type != tokenize.NAME or token.string not in KEYWORDS or tokens[i + 1].string != "(":
            continue
        args: list[object] = []
        current: str | None = None
        for inner in tokens[i + 2 :]:
            if inner.type == tokenize.STRING:
                current = (current or "") + ast.literal_eval(inner.string)
            elif inner.string in (",", ")"):
                args.append(current)
                current = None
                if inner.string == ")":
                    break
            else:
                current = None
                break
        message = _from_call(token.string, args)
        if message is not None:
            yield message


def messages() -> dict[Message, list[str]]:
    """Every message marked for translation, with where it is used."""
    found: dict[Message, list[str]] = {}
    for base in SOURCES:
        for path in sorted(base.rglob("*")):
            relative = path.relative_to(ROOT)
            if SKIP_PARTS & set(relative.parts) or not path.is_file():
                continue
            if path.suffix == ".py":
                extracted = python_messages(path.read_text(encoding="utf-8"))
            elif path.suffix in (".html", ".txt") and "templates" in relative.parts:
                extracted = template_messages(path.read_text(encoding="utf-8"), str(path))
            else:
                continue
            for message in extracted:
                found.setdefault(message, []).append(str(relative))
    return found


def catalogue_files() -> list[Path]:
    return [po for root in catalogue_roots() for po in sorted(root.glob("sv/LC_MESSAGES/django.po"))]


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt or None, entry.msgid)


def test_the_extractor_finds_messages_of_every_kind() -> None:
    """The extractor itself: Python calls, {% translate %}, {% blocktranslate %} with a plural,
    _() in a tag's argument and a context."""
    python = 'x = _("One") + gettext_lazy("Two " "joined")\ny = ngettext("a day", "%(n)s days", n)\n'
    assert sorted(python_messages(python)) == sorted(
        [(None, "One", None), (None, "Two joined", None), (None, "a day", "%(n)s days")]
    )
    template = (
        '{% load i18n layout %}{% translate "Three" %}{% translate "Four" context "month" %}'
        "{% blocktranslate count n=x %}one item{% plural %}{{ n }} items{% endblocktranslate %}"
        '{% scrollable _("Five") %}<table></table>{% endscrollable %}'
    )
    assert sorted(template_messages(template, "t.html"), key=str) == sorted(
        [(None, "Three", None), ("month", "Four", None), (None, "one item", "%(n)s items"), (None, "Five", None)],
        key=str,
    )


def test_every_message_has_a_swedish_translation() -> None:
    translated: set[tuple[str | None, str]] = set()
    for po_path in catalogue_files():
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete or entry.fuzzy:
                continue
            if entry.msgstr or (entry.msgstr_plural and all(entry.msgstr_plural.values())):
                translated.add(_key(entry))
    with translation.override("sv"):
        runtime = translation.trans_real.translation("sv")._catalog  # every catalogue Django loaded, libraries' too
    missing = []
    for (context, msgid, _plural), where in sorted(messages().items(), key=lambda kv: kv[0][1]):
        if (context, msgid) in translated:
            continue
        key = f"{context}\x04{msgid}" if context else msgid
        if key in runtime or (key, 0) in runtime:
            continue
        missing.append(f"{msgid!r}" + (f" (context {context!r})" if context else "") + f" in {', '.join(where[:3])}")
    assert not missing, f"{len(missing)} message(s) without a Swedish translation:\n" + "\n".join(missing)


def test_no_catalogue_holds_an_empty_or_fuzzy_translation() -> None:
    problems = []
    for po_path in catalogue_files():
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete or not entry.msgid:
                continue
            empty = not entry.msgstr and not (entry.msgstr_plural and all(entry.msgstr_plural.values()))
            if empty or entry.fuzzy:
                problems.append(f"{po_path.relative_to(ROOT)}: {entry.msgid!r} ({'fuzzy' if entry.fuzzy else 'empty'})")
    assert not problems, f"{len(problems)} catalogue entries are not translated:\n" + "\n".join(problems)
