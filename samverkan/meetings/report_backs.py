"""The wording of a report-back (återrapportering) on an agenda: the item that the recommendations
(samverkan.referrals.deadlines) put on the body's next meeting.

Its title and text are stored in Swedish, the language of the agenda, the notice and the minutes
(the documents keep them as written, and a secretary may edit them). What the system wrote into
them is labels: the pages show those in the interface's language, as `stated_role` does for the
role words of an attendee list. The recommendation's title, the figures and the dates are shown
as stored, and so is any line a person changed (it no longer reads as the system wrote it).

The Swedish wording is built here and read back here, so that the two cannot drift apart."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

TITLE_PREFIX = "Återrapportering: "

# The outcome under the adoption rule as the text states it.
OUTCOME_ADOPTED = "antagen"
OUTCOME_NOT_ADOPTED = "inte antagen"
OUTCOME_ANSWERED = "alla har svarat"
OUTCOME_UNDECIDED = "inte avgjord"


def outcome_adopted_for(approved: int) -> str:
    return f"gäller för de {approved} huvudmän som bifallit"


def title(recommendation_title: str) -> str:
    """The stored title of the report-back item (at most the field's 300 characters)."""
    return f"{TITLE_PREFIX}{recommendation_title}"[:300]


def sent_line(recommendation_title: str, total: int, deadline: datetime.date) -> str:
    return f"Rekommendationen ”{recommendation_title}” skickades till {total} huvudmän med svar senast {deadline:%Y-%m-%d}."


def answered_line(answered: int, total: int) -> str:
    return f"Remissvar har kommit från {answered} av {total}."


def count_line(approved: int, rejected: int, pending: int) -> str:
    return f"Bifall: {approved}. Avslag: {rejected}. Har inte svarat: {pending}."


def outcome_line(outcome: str) -> str:
    return f"Utfall enligt beslutsregeln: {outcome}."


# --- Shown in the interface's language ---------------------------------------------------------


def _outcome_shown(stored: str) -> str | None:
    fixed: dict[str, Callable[[], str]] = {
        OUTCOME_ADOPTED: lambda: pgettext("recommendation outcome", "adopted"),
        OUTCOME_NOT_ADOPTED: lambda: pgettext("recommendation outcome", "not adopted"),
        OUTCOME_ANSWERED: lambda: pgettext("recommendation outcome", "everyone has answered"),
        OUTCOME_UNDECIDED: lambda: pgettext("recommendation outcome", "not decided"),
    }
    if stored in fixed:
        return fixed[stored]()
    found = re.fullmatch(r"gäller för de (\d+) huvudmän som bifallit", stored)
    if found:
        return _("applies to the %(n)s principals that approved") % {"n": found[1]}
    return None


def _sent(m: re.Match[str]) -> str | None:
    return _("The recommendation “%(title)s” was sent to %(total)s principals with answers due by %(deadline)s.") % {
        "title": m["title"],
        "total": m["total"],
        "deadline": m["deadline"],
    }


def _answered(m: re.Match[str]) -> str | None:
    return _("Answers to the consultation have come from %(answered)s of %(total)s.") % {
        "answered": m["answered"],
        "total": m["total"],
    }


def _counts(m: re.Match[str]) -> str | None:
    return _("Approved: %(approved)s. Rejected: %(rejected)s. Not answered: %(pending)s.") % {
        "approved": m["approved"],
        "rejected": m["rejected"],
        "pending": m["pending"],
    }


def _outcome(m: re.Match[str]) -> str | None:
    shown = _outcome_shown(m["outcome"])
    return None if shown is None else _("Outcome under the adoption rule: %(outcome)s.") % {"outcome": shown}


LINES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str | None]]] = [
    (
        re.compile(
            r"Rekommendationen ”(?P<title>.*)” skickades till (?P<total>\d+) huvudmän "
            r"med svar senast (?P<deadline>\d{4}-\d{2}-\d{2})\."
        ),
        _sent,
    ),
    (re.compile(r"Remissvar har kommit från (?P<answered>\d+) av (?P<total>\d+)\."), _answered),
    (
        re.compile(r"Bifall: (?P<approved>\d+)\. Avslag: (?P<rejected>\d+)\. Har inte svarat: (?P<pending>\d+)\."),
        _counts,
    ),
    (re.compile(r"Utfall enligt beslutsregeln: (?P<outcome>.+)\."), _outcome),
]


def is_report_back(stored_title: str) -> bool:
    return stored_title.startswith(TITLE_PREFIX)


def shown_title(stored_title: str) -> str:
    """An item's title as the page shows it: a report-back's label in the interface's language,
    the recommendation's title as written; any other title as written."""
    if not is_report_back(stored_title):
        return stored_title
    return _("Report-back: %(title)s") % {"title": stored_title[len(TITLE_PREFIX) :]}


def shown_text(stored_text: str, stored_title: str) -> str:
    """A report-back item's text as the page shows it: each line the system wrote in the
    interface's language, any other line as written. Another item's text as written."""
    if not is_report_back(stored_title):
        return stored_text
    shown = []
    for line in stored_text.split("\n"):
        for pattern, show in LINES:
            found = pattern.fullmatch(line.strip())
            if found and (text := show(found)) is not None:
                shown.append(text)
                break
        else:
            shown.append(line)
    return "\n".join(shown)
