"""Swedish words for the index: tokenising and Snowball stemming (PyStemmer), the parsing of a
query typed by a person into an FTS5 expression (SQLite) or a tsquery (PostgreSQL), and
highlighted snippets.

Both databases index the stems made here, so that both find the same: "avtal" finds "avtalet"
and "avtalen", and "kommun" finds "kommunerna". (PostgreSQL's own 'swedish' configuration
carries an older Snowball that leaves "avtalet", "beslutet", "huset" unstemmed; see
docs/decisions/0004-search.md.)

The query language is that of `websearch_to_tsquery`: words (all must be present),
"a phrase" in double quotes, `or` between alternatives, `-word` to exclude.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

import Stemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WORD = re.compile(r"\w+")
# Control characters (PostgreSQL refuses NUL in text) are not kept in the index.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

_local = threading.local()


def _stemmer() -> Stemmer.Stemmer:
    # A PyStemmer object is not safe to share between threads.
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("swedish")
    return stemmer


def clean(text: str) -> str:
    """Text as stored in the index: without control characters."""
    return _CONTROL.sub(" ", text)


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def stem(word: str) -> str:
    return str(_stemmer().stemWord(word.lower()))


def stems(text: str) -> str:
    """The text as a sequence of stems, one per word, in order (what the FTS5 table holds)."""
    return " ".join(_stemmer().stemWords(words(text)))


@dataclass
class Term:
    """A word or a phrase of the query (its words stemmed)."""

    stems: list[str]
    negated: bool = False

    def fts(self) -> str:
        return '"' + " ".join(self.stems) + '"'

    def tsquery(self) -> str:
        quoted = [f"'{s}'" for s in self.stems]  # a stem is word characters only: no quote to escape
        return quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")"


@dataclass
class ParsedQuery:
    """Alternatives (joined by OR), each a list of terms that must all be present, and the terms
    that must not."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(self.groups)

    def highlight_stems(self) -> set[str]:
        return {s for group in self.groups for term in group for s in term.stems}

    def fts(self) -> str:
        """The FTS5 MATCH expression: every stem quoted, so that nothing a person types is read
        as FTS5 syntax."""
        alternatives = ["(" + " AND ".join(t.fts() for t in group) + ")" for group in self.groups if group]
        expression = " OR ".join(alternatives)
        if len(alternatives) > 1:
            expression = f"({expression})"
        for term in self.excluded:
            expression += f" NOT {term.fts()}"
        return expression

    def tsquery(self) -> str:
        """The same for PostgreSQL's to_tsquery('simple', ...)."""
        expression = " | ".join("(" + " & ".join(t.tsquery() for t in group) + ")" for group in self.groups if group)
        expression = f"({expression})"
        for term in self.excluded:
            expression += f" & !{term.tsquery()}"
        return expression


TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse(query: str) -> ParsedQuery:
    parsed = ParsedQuery(groups=[[]])
    for match in TOKEN.finditer(query):
        negated = False
        if match.group(2) is not None:
            negated = match.group(1) == "-"
            raw = match.group(2)
        else:
            raw = match.group(3)
            if raw.lower() == "or":
                if parsed.groups[-1]:
                    parsed.groups.append([])
                continue
            if raw.startswith("-"):
                negated, raw = True, raw[1:]
        found = words(raw)
        if not found:
            continue
        term = Term(stems=[stem(w) for w in found], negated=negated)
        (parsed.excluded if negated else parsed.groups[-1]).append(term)
    parsed.groups = [g for g in parsed.groups if g]
    return parsed


SNIPPET_SCAN = 50_000


def snippet(text: str, wanted: set[str], *, size: int = 30) -> SafeString:
    """About `size` words of the text around the most matches, HTML-escaped, with each matching
    word in <mark>. The start of the text when nothing matches."""
    text = text[:SNIPPET_SCAN]  # a snippet comes from the start of a long paper: bounded work
    tokens = list(WORD.finditer(text))
    if not tokens:
        return mark_safe("")
    hits = [i for i, t in enumerate(tokens) if stem(t.group()) in wanted]
    start = 0
    if hits:
        # The window of `size` words with the most hits, starting a few words before the first
        # (two pointers: linear in the number of hits).
        best, best_count, last = hits[0], 0, 0
        for index, first in enumerate(hits):
            last = max(last, index)
            while last + 1 < len(hits) and hits[last + 1] < first + size:
                last += 1
            if last - index + 1 > best_count:
                best, best_count = first, last - index + 1
        start = max(0, best - 5)
    end = min(len(tokens), start + size)
    hit_set = set(hits)
    begin_char = tokens[start].start() if start > 0 else 0
    end_char = tokens[end - 1].end() if end < len(tokens) else len(text)
    parts: list[str] = ["… " if start > 0 else ""]
    position = begin_char
    for i in range(start, end):
        token = tokens[i]
        if i in hit_set:
            parts.append(escape(text[position : token.start()]))
            parts.append(f"<mark>{escape(token.group())}</mark>")
            position = token.end()
    parts.append(escape(text[position:end_char]))
    if end < len(tokens):
        parts.append(" …")
    return mark_safe("".join(parts).strip())  # noqa: S308 - every piece of the text is escaped
