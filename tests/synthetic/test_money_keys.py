"""The synthetic money and follow-up rows get unique keys within their field's length, also for
long names that agree in their first 60 characters (the national scale's bodies)."""

from __future__ import annotations

from types import SimpleNamespace

from samverkan.followup.models import Project
from samverkan.synthetic.money import PROJECT_KEY_LENGTH, MoneyAndFollowup


def test_keys_of_long_names_that_agree_in_their_first_characters_stay_unique_and_short() -> None:
    money = MoneyAndFollowup(SimpleNamespace(writer=None))
    length = PROJECT_KEY_LENGTH
    assert Project._meta.get_field("key").max_length == length
    long_name = "missbruk-och-beroende-arbetsgrupp-for-kompetensforsorjning-i-"
    keys = [money._key(f"{long_name}{place}", length=length) for place in ["ale", "alingsas", "boras"] * 4]
    assert len(set(keys)) == len(keys) == 12
    assert all(len(key) <= length and not key.endswith("-") for key in keys)
