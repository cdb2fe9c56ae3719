"""The outcome of a recommendation under its adoption rule, computed from the current answers.

Pure functions of the answers (and, for the population rule, the inhabitants of each recipient),
so that the status page, the board, the API and the decision points all agree. An approval with
a condition counts as an approval; the condition is shown beside it. A missing answer is pending
even after the deadline, since late answers are accepted; the outcome is settled as soon as the
remaining answers could no longer change it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from samverkan.core.badges import Badge
from samverkan.referrals.models import Recommendation, Response

ADOPTED = "adopted"
NOT_ADOPTED = "not_adopted"
PENDING = "pending"
ADOPTED_FOR = "adopted_for"
ANSWERED = "answered"  # a consultation every recipient has answered


@dataclass(frozen=True)
class Outcome:
    status: str
    total: int
    approved: int
    rejected: int
    written: int
    pending: int
    approved_population: int | None = None
    total_population: int | None = None

    @property
    def answered(self) -> int:
        return self.total - self.pending

    @property
    def is_adopted(self) -> bool:
        return self.status in (ADOPTED, ADOPTED_FOR)

    @property
    def population_share(self) -> Fraction | None:
        if not self.total_population or self.approved_population is None:
            return None
        return Fraction(self.approved_population, self.total_population)

    def as_dict(self) -> dict[str, object]:
        """The outcome as plain data (the API, the archive package)."""
        return {
            "status": self.status,
            "label": str(self.label),
            "total": self.total,
            "approved": self.approved,
            "rejected": self.rejected,
            "written": self.written,
            "pending": self.pending,
            "approved_population": self.approved_population,
            "total_population": self.total_population,
        }

    @property
    def badge(self) -> Badge:
        return Badge(self.label, f"outcome outcome-{self.status}")

    @property
    def label(self) -> str:
        if self.status == ADOPTED:
            return pgettext("recommendation outcome", "Adopted")
        if self.status == NOT_ADOPTED:
            return pgettext("recommendation outcome", "Not adopted")
        if self.status == ADOPTED_FOR:
            return ngettext("In force for %(count)d principal", "In force for %(count)d principals", self.approved) % {
                "count": self.approved
            }
        if self.status == ANSWERED:
            return _("All have answered")
        return _("Pending")


def compute(
    recommendation: Recommendation,
    answers: Iterable[str | None],
    populations: Mapping[int, int] | None = None,
    principal_ids: Iterable[int] | None = None,
) -> Outcome:
    """The outcome given each recipient's current answer (None = not answered).

    For the population rule, `principal_ids` lists the recipients' principals in the same order
    as `answers` and `populations` maps each to its inhabitants in the recommendation's year.
    """
    answers = list(answers)
    tally = Counter(answers)  # counted in one pass (a list page computes 100 outcomes)
    total = len(answers)
    approved = sum(tally[a] for a in Response.APPROVING)
    rejected = tally[Response.Answer.REJECTED]
    written = tally[Response.Answer.WRITTEN]
    pending = tally[None]
    counts = {"total": total, "approved": approved, "rejected": rejected, "written": written, "pending": pending}

    if recommendation.kind == Recommendation.Kind.CONSULTATION:
        return Outcome(ANSWERED if total and not pending else PENDING, **counts)

    rule = recommendation.rule
    if rule == Recommendation.Rule.ALL:
        if total and approved == total:
            return Outcome(ADOPTED, **counts)
        if approved + pending < total:  # someone has said no
            return Outcome(NOT_ADOPTED, **counts)
        return Outcome(PENDING, **counts)

    if rule == Recommendation.Rule.AT_LEAST:
        needed = recommendation.rule_count or total
        if approved >= needed:
            return Outcome(ADOPTED, **counts)
        if approved + pending < needed:
            return Outcome(NOT_ADOPTED, **counts)
        return Outcome(PENDING, **counts)

    if rule == Recommendation.Rule.POPULATION_SHARE:
        ids = list(principal_ids or [])
        pops = populations or {}
        if len(ids) != total or any(pid not in pops for pid in ids):
            raise ValueError("The population rule needs every recipient's population.")
        all_people = sum(pops[pid] for pid in ids)
        yes_people = sum(pops[pid] for pid, a in zip(ids, answers, strict=True) if a in Response.APPROVING)
        open_people = sum(pops[pid] for pid, a in zip(ids, answers, strict=True) if a is None)
        share = Fraction(recommendation.rule_share or 100, 100)
        extra = {"approved_population": yes_people, "total_population": all_people}
        if all_people and Fraction(yes_people, all_people) >= share:
            return Outcome(ADOPTED, **counts, **extra)
        if not all_people or Fraction(yes_people + open_people, all_people) < share:
            return Outcome(NOT_ADOPTED, **counts, **extra)
        return Outcome(PENDING, **counts, **extra)

    # In force for those who approve.
    if approved:
        return Outcome(ADOPTED_FOR, **counts)
    if total and not pending:
        return Outcome(NOT_ADOPTED, **counts)
    return Outcome(PENDING, **counts)
