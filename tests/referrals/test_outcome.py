"""The adoption rules at their edges (outcome.compute is pure: no database needed), plus the
same rules computed from stored answers and populations (selectors.outcome_of)."""

from __future__ import annotations

import datetime
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverkan.referrals import outcome, selectors, services
from samverkan.referrals.models import Recipient, Recommendation
from samverkan.structure.models import Population
from tests.referrals.factories import principals_with_registrars, sent_recommendation

A = "approved"
C = "approved_with_condition"
R = "rejected"
W = "written"
P = None  # not answered

DECISION_ANSWERS = st.sampled_from([A, C, R, P])


def rec(rule: str = "all", *, kind: str = "decision", count: int | None = None, share: int | None = None):
    return Recommendation(kind=kind, rule=rule, rule_count=count, rule_share=share)


def compute(recommendation: Recommendation, answers, populations: list[int] | None = None) -> outcome.Outcome:
    if populations is None:
        return outcome.compute(recommendation, answers)
    ids = list(range(1, len(answers) + 1))
    return outcome.compute(
        recommendation, answers, populations=dict(zip(ids, populations, strict=True)), principal_ids=ids
    )


# --- ALL -------------------------------------------------------------------------------------


def test_all_approve_is_adopted_with_counts():
    result = compute(rec("all"), [A, A, A])
    assert result == outcome.Outcome(outcome.ADOPTED, total=3, approved=3, rejected=0, written=0, pending=0)
    assert result.is_adopted
    assert result.answered == 3
    assert result.label == "Antagen"


def test_all_one_rejection_is_not_adopted_even_with_others_pending():
    assert compute(rec("all"), [A, R, A]).status == outcome.NOT_ADOPTED
    result = compute(rec("all"), [A, R, P, P])
    assert result.status == outcome.NOT_ADOPTED
    assert (result.approved, result.rejected, result.pending, result.answered) == (1, 1, 2, 2)
    assert not result.is_adopted
    assert result.label == "Inte antagen"  # en rekommendation (ett avtal: "antaget")


def test_all_one_pending_is_pending():
    result = compute(rec("all"), [A, A, P])
    assert result.status == outcome.PENDING
    assert result.pending == 1
    assert result.label == "Inte avgjord"


def test_all_approval_with_condition_counts_as_approval():
    result = compute(rec("all"), [A, C, C])
    assert result.status == outcome.ADOPTED
    assert result.approved == 3


def test_all_with_no_recipients_is_never_adopted():
    assert compute(rec("all"), []).status == outcome.PENDING


# --- AT_LEAST --------------------------------------------------------------------------------


def test_at_least_exactly_n_approvals_is_adopted():
    assert compute(rec("at_least", count=3), [A, C, A, R, R]).status == outcome.ADOPTED


def test_at_least_n_minus_one_approvals_with_room_left_is_pending():
    result = compute(rec("at_least", count=3), [A, A, R, P])
    assert result.status == outcome.PENDING
    assert (result.approved, result.rejected, result.pending) == (2, 1, 1)


def test_at_least_n_minus_one_approvals_all_answered_is_not_adopted():
    assert compute(rec("at_least", count=3), [A, A, R, R]).status == outcome.NOT_ADOPTED


def test_at_least_impossible_to_reach_is_not_adopted_before_everyone_answered():
    # 1 approval + 1 pending can give at most 2 of the 3 needed.
    result = compute(rec("at_least", count=3), [A, R, R, P])
    assert result.status == outcome.NOT_ADOPTED
    assert result.pending == 1


def test_at_least_reached_early_is_adopted_with_others_pending():
    assert compute(rec("at_least", count=2), [A, A, P, P, P]).status == outcome.ADOPTED


def test_at_least_one():
    assert compute(rec("at_least", count=1), [R, R, C]).status == outcome.ADOPTED
    assert compute(rec("at_least", count=1), [R, R, R]).status == outcome.NOT_ADOPTED


# --- POPULATION_SHARE ------------------------------------------------------------------------


def test_population_share_exactly_at_the_share_is_adopted():
    # 50 000 of 100 000 = exactly 50 %.
    result = compute(rec("population_share", share=50), [A, R, R], populations=[50_000, 30_000, 20_000])
    assert result.status == outcome.ADOPTED
    assert result.approved_population == 50_000
    assert result.total_population == 100_000
    assert result.population_share == Fraction(1, 2)


def test_population_share_one_inhabitant_below_is_not_adopted():
    result = compute(rec("population_share", share=50), [A, R, R], populations=[49_999, 30_001, 20_000])
    assert result.status == outcome.NOT_ADOPTED
    assert result.population_share == Fraction(49_999, 100_000)


def test_population_share_is_exact_where_floats_are_not():
    # 2/3 of 3 is 2: a float share (0.6666…) would tip either way; a Fraction does not.
    assert compute(rec("population_share", share=67), [A, A, R], populations=[1, 1, 1]).status == outcome.NOT_ADOPTED
    # 67 of 100 people is exactly 67 %.
    assert compute(rec("population_share", share=67), [A, R], populations=[67, 33]).status == outcome.ADOPTED


def test_population_share_pending_while_it_can_still_be_reached():
    # 40 % have approved, 20 % have not answered: 60 % is still possible.
    result = compute(rec("population_share", share=60), [A, R, P], populations=[40, 40, 20])
    assert result.status == outcome.PENDING
    assert result.approved_population == 40


def test_population_share_not_adopted_once_it_cannot_be_reached():
    # 40 % approved + 19 % open < 60 %.
    result = compute(rec("population_share", share=60), [A, R, P], populations=[40, 41, 19])
    assert result.status == outcome.NOT_ADOPTED
    assert result.pending == 1


def test_population_share_a_large_principal_outweighs_many_small():
    pops = [700_000, 10_000, 10_000, 10_000]
    assert compute(rec("population_share", share=50), [A, R, R, R], populations=pops).status == outcome.ADOPTED
    assert compute(rec("population_share", share=50), [R, A, A, A], populations=pops).status == outcome.NOT_ADOPTED


def test_population_share_approval_with_condition_counts():
    assert compute(rec("population_share", share=50), [C, R], populations=[5, 5]).status == outcome.ADOPTED


def test_population_share_needs_every_recipients_population():
    with pytest.raises(ValueError, match="population"):
        outcome.compute(rec("population_share", share=50), [A, A], populations={1: 10}, principal_ids=[1, 2])
    with pytest.raises(ValueError):
        outcome.compute(rec("population_share", share=50), [A, A])


# --- APPROVERS -------------------------------------------------------------------------------


def test_approvers_in_force_for_those_who_approve_with_count():
    result = compute(rec("approvers"), [A, R, C, P])
    assert result.status == outcome.ADOPTED_FOR
    assert result.approved == 2
    assert result.is_adopted
    assert result.label == "Gäller för 2 huvudmän"
    assert compute(rec("approvers"), [A, R]).label == "Gäller för 1 huvudman"


def test_approvers_none_approved_all_answered_is_not_adopted():
    assert compute(rec("approvers"), [R, R]).status == outcome.NOT_ADOPTED


def test_approvers_none_approved_some_pending_is_pending():
    assert compute(rec("approvers"), [R, P]).status == outcome.PENDING


# --- Consultations ---------------------------------------------------------------------------


def test_consultation_answered_when_everyone_has_written():
    result = compute(rec("all", kind="consultation"), [W, W])
    assert result.status == outcome.ANSWERED
    assert result.written == 2
    assert result.label == "Alla har svarat"
    assert not result.is_adopted


def test_consultation_pending_while_someone_has_not_answered():
    result = compute(rec("all", kind="consultation"), [W, P, W])
    assert result.status == outcome.PENDING
    assert (result.written, result.pending) == (2, 1)


def test_consultation_ignores_the_adoption_rule():
    assert compute(rec("at_least", kind="consultation", count=5), [W]).status == outcome.ANSWERED


# --- Properties ------------------------------------------------------------------------------


@given(st.lists(DECISION_ANSWERS, max_size=12))
def test_all_is_adopted_only_if_every_answer_approves(answers):
    result = compute(rec("all"), answers)
    every_approves = bool(answers) and all(a in (A, C) for a in answers)
    assert (result.status == outcome.ADOPTED) == every_approves
    if R in answers:
        assert result.status == outcome.NOT_ADOPTED


@given(st.lists(DECISION_ANSWERS, max_size=12))
def test_counts_add_up(answers):
    result = compute(rec("all"), answers)
    assert result.approved + result.rejected + result.written + result.pending == result.total == len(answers)


RULES = st.one_of(
    st.just(rec("all")),
    st.integers(1, 8).map(lambda n: rec("at_least", count=n)),
    st.just(rec("approvers")),
)


@given(RULES, st.lists(DECISION_ANSWERS, min_size=1, max_size=8), st.data())
def test_a_pending_turned_approval_never_undoes_adoption(recommendation, answers, data):
    if P not in answers:
        answers = [*answers, P]
    index = data.draw(st.sampled_from([i for i, a in enumerate(answers) if a is P]))
    before = compute(recommendation, answers)
    after = compute(recommendation, [*answers[:index], A, *answers[index + 1 :]])
    if before.is_adopted:
        assert after.status == before.status
    if before.status == outcome.NOT_ADOPTED and recommendation.rule != "approvers":
        assert after.status == outcome.NOT_ADOPTED


@given(
    st.lists(st.tuples(DECISION_ANSWERS, st.integers(1, 1_000_000)), min_size=1, max_size=8),
    st.integers(1, 100),
    st.data(),
)
def test_population_share_monotone_and_settled_only_when_certain(rows, share, data):
    answers = [a for a, _pop in rows]
    pops = [p for _a, p in rows]
    recommendation = rec("population_share", share=share)
    before = compute(recommendation, answers, pops)
    yes = sum(p for a, p in rows if a in (A, C))
    open_ = sum(p for a, p in rows if a is P)
    total = sum(pops)
    # Compared in integers: yes/total >= share/100 ⇔ 100*yes >= share*total.
    assert (before.status == outcome.ADOPTED) == (100 * yes >= share * total)
    assert (before.status == outcome.NOT_ADOPTED) == (100 * (yes + open_) < share * total)
    pending = [i for i, a in enumerate(answers) if a is P]
    if pending:
        index = data.draw(st.sampled_from(pending))
        after = compute(recommendation, [*answers[:index], A, *answers[index + 1 :]], pops)
        if before.status == outcome.ADOPTED:
            assert after.status == outcome.ADOPTED
        assert after.status != outcome.NOT_ADOPTED or before.status == outcome.NOT_ADOPTED


# --- From stored answers ---------------------------------------------------------------------


@pytest.mark.django_db
def test_outcome_of_uses_the_current_answer_and_the_population_year():
    principals = principals_with_registrars(3, population=None)
    big, middle, small = principals
    for principal, inhabitants in ((big, 60), (middle, 30), (small, 10)):
        Population.objects.create(
            principal=principal, year=2031, reference_date=datetime.date(2031, 12, 31), inhabitants=inhabitants
        )
        Population.objects.create(
            principal=principal, year=2030, reference_date=datetime.date(2030, 12, 31), inhabitants=100 - inhabitants
        )  # not used
    recommendation = sent_recommendation(
        principals=principals, deadline=datetime.date(2031, 3, 31), rule="population_share", rule_share=60
    )
    assert recommendation.population_year == 2031
    recipient = Recipient.objects.get(recommendation=recommendation, principal=big)
    services.response_record(actor=None, recipient=recipient, answer="rejected", via="secretary")
    result = selectors.outcome_of(recommendation)
    assert result.status == outcome.NOT_ADOPTED  # 0 + 40 open < 60
    assert (result.approved_population, result.total_population) == (0, 100)
    # A changed answer counts, not the history.
    services.response_record(actor=None, recipient=recipient, answer="approved", via="secretary")
    result = selectors.outcome_of(recommendation)
    assert result.status == outcome.ADOPTED
    assert (result.approved_population, result.total_population) == (60, 100)
    assert (result.approved, result.rejected, result.pending) == (1, 0, 2)


@pytest.mark.django_db
def test_outcomes_of_many_recommendations_in_two_queries_agrees_with_each_alone(django_assert_num_queries):
    """One computation for the lists and the pages: read together (answers, then populations)
    the outcomes are those of each recommendation read alone, and of its recipients loaded."""
    principals = principals_with_registrars(3, population=None)
    for principal, inhabitants in zip(principals, (60, 30, 10), strict=True):
        Population.objects.create(
            principal=principal, year=2031, reference_date=datetime.date(2031, 12, 31), inhabitants=inhabitants
        )
    deadline = datetime.date(2031, 3, 31)
    by_share = sent_recommendation(principals=principals, deadline=deadline, rule="population_share", rule_share=60)
    by_all = sent_recommendation(principals=principals, deadline=deadline, rule="all")
    asked = sent_recommendation(principals=principals[:2], deadline=deadline, kind="consultation")
    for recommendation, answers in ((by_share, (A, R)), (by_all, (A, A)), (asked, (W, W))):
        for principal, answer in zip(principals, answers, strict=False):
            recipient = Recipient.objects.get(recommendation=recommendation, principal=principal)
            services.response_record(
                actor=None, recipient=recipient, answer=answer, via="secretary", text="Svar." if answer == W else ""
            )
    recommendations = [by_share, by_all, asked]
    with django_assert_num_queries(2):
        together = selectors.outcomes_of(recommendations)
    assert {pk: r.status for pk, r in together.items() if r} == {
        by_share.pk: outcome.ADOPTED,  # 60 of 100 approve
        by_all.pk: outcome.PENDING,  # two of three approve, one has not answered
        asked.pk: outcome.ANSWERED,
    }
    for recommendation in recommendations:
        recipients = list(recommendation.recipients.select_related("current_response"))
        assert together[recommendation.pk] == selectors.outcome_of(recommendation)
        assert together[recommendation.pk] == selectors.outcome_for(recommendation, recipients)
    # Without a population rule among them, one query.
    with django_assert_num_queries(1):
        selectors.outcomes_of([by_all, asked])
