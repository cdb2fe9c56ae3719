"""Money as whole öre: formatting the Swedish way, parsing what people type, and dividing an
amount exactly (property tests: the parts always sum to the amount and none is an öre off)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverkan.finance.money import format_money, largest_remainder, parse_money, round_to
from samverkan.finance.rules import co_financed_split

NB = "\u00a0"


def plain(text: str) -> str:
    return text.replace(NB, " ")


@pytest.mark.parametrize(
    ("ore", "shown"),
    [
        (340_120_000, "3 401 200 kr"),
        (-39_120_000, "−391 200 kr"),
        (520_120_000, "5 201 200 kr"),
        (1_666_666_667, "16 666 666,67 kr"),
        (5, "0,05 kr"),
        (0, "0 kr"),
        (-5, "−0,05 kr"),
        (100, "1 kr"),
    ],
)
def test_amounts_are_shown_the_swedish_way(ore: int, shown: str) -> None:
    assert plain(format_money(ore)) == shown
    assert NB in format_money(ore)  # never broken between the figure and "kr"


@pytest.mark.parametrize(
    ("typed", "ore"),
    [
        ("25 000 000", 2_500_000_000),
        ("25000000 kr", 2_500_000_000),
        ("3 401 200 kr", 340_120_000),
        ("1 234,5", 123_450),
        ("0,1", 10),
        ("-391 200 kr", -39_120_000),
        ("2", 200),
        ("1.000.000", 100_000_000),
        ("500 000:-", 50_000_000),
    ],
)
def test_amounts_are_read_as_people_type_them(typed: str, ore: int) -> None:
    assert parse_money(typed) == ore


@pytest.mark.parametrize("typed", ["", "abc", "1,234,5", "1 23", "12 kr 50", "1e6", "1,999"])
def test_what_is_not_an_amount_is_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_money(typed)


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_formatting_and_parsing_meet(ore: int) -> None:
    assert parse_money(format_money(ore)) == ore


def test_rounding_rules_of_a_fee() -> None:
    # 2 kr x 1 700 605 = 3 401 210 kr: to hundreds of kronor, down or to the nearest, is 3 401 200.
    assert round_to(340_121_000, 10_000, mode="down") == 340_120_000
    assert round_to(340_121_000, 10_000, mode="nearest") == 340_120_000
    assert round_to(340_121_000, 10_000, mode="up") == 340_130_000
    assert round_to(340_125_000, 10_000, mode="nearest") == 340_130_000
    assert round_to(-340_125_000, 10_000, mode="nearest") == -340_130_000
    assert round_to(12_345, 100, mode="nearest") == 12_300


def test_largest_remainder_gives_the_leftover_ore_to_the_largest_remainders() -> None:
    # 100 öre in three equal parts: 34, 33, 33 (the earlier part first on equal remainders).
    assert largest_remainder(100, [1, 1, 1]) == [34, 33, 33]
    # 10 öre by 1:2:7 is exact.
    assert largest_remainder(10, [1, 2, 7]) == [1, 2, 7]
    # Remainders 0.4, 0.3, 0.3 of 1 öre: the first gets it.
    assert largest_remainder(1, [Fraction(4, 10), Fraction(3, 10), Fraction(3, 10)]) == [1, 0, 0]
    with pytest.raises(ValueError):
        largest_remainder(10, [0, 0])


amounts = st.integers(min_value=0, max_value=10**13)
populations = st.lists(st.integers(min_value=0, max_value=2_000_000), min_size=1, max_size=60).filter(
    lambda pops: sum(pops) > 0
)
parts = st.fractions(min_value=0, max_value=1, max_denominator=1000)


@given(amounts, populations)
def test_an_allocation_always_sums_to_the_amount_and_no_share_is_an_ore_off(amount: int, pops: list[int]) -> None:
    shares = largest_remainder(amount, pops)
    assert sum(shares) == amount
    total = sum(pops)
    for share, people in zip(shares, pops, strict=True):
        assert abs(share - Fraction(amount * people, total)) < 1
        assert share >= 0


@given(amounts, populations, parts)
def test_a_co_financed_split_sums_to_the_amount_and_no_part_is_an_ore_off(
    amount: int, pops: list[int], co_part: Fraction
) -> None:
    split = co_financed_split(amount, pops, co_part=co_part)
    assert sum(split.parts) == amount
    assert len(split.parts) == len(pops) + 1
    assert abs(split.parts[0] - amount * co_part) < 1
    rest = amount * (1 - co_part)
    total = sum(pops)
    for part, people in zip(split.principal_parts, pops, strict=True):
        assert abs(part - rest * Fraction(people, total)) < 1


def test_the_region_pays_two_thirds_and_the_municipalities_one_third_by_population() -> None:
    # 25 000 000 kr; three municipalities of 100, 200 and 300 inhabitants.
    split = co_financed_split(2_500_000_000, [100, 200, 300], co_part=Fraction(2, 3))
    assert split.exact[0] == Fraction(5_000_000_000, 3)
    assert split.parts == [1_666_666_667, 138_888_889, 277_777_778, 416_666_666]
    assert sum(split.parts) == 2_500_000_000
