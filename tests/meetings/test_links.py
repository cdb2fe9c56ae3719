"""Personal signed links (samverkan/meetings/links.py): a link to report absence and a link to
confirm the minutes carry (object, person), are signed per purpose, expire, and anything forged,
damaged, expired or meant for the other purpose is refused with BadLink."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.core import signing
from django.test import override_settings

from samverkan.meetings import links
from samverkan.meetings.links import BadLink, LinkTarget

T0 = 1_555_000_000  # a fixed moment (April 2019), seconds since the epoch
DAY = 24 * 60 * 60

PURPOSES = [
    pytest.param(links.absence_token, links.read_absence_token, 120, id="absence"),
    pytest.param(links.adjust_token, links.read_adjust_token, 60, id="adjust"),
]


def at(seconds: float) -> Any:
    """Freeze the clock that django.core.signing stamps and checks tokens with."""
    clock = mock.Mock(wraps=time)
    clock.time.return_value = seconds
    return mock.patch("django.core.signing.time", clock)


def tamper(token: str, index: int) -> str:
    """The token with one character changed (to another character of the same alphabet)."""
    char = token[index]
    replacement = "A" if char != "A" else "B"
    return token[:index] + replacement + token[index + 1 :]


@pytest.mark.parametrize(("make", "read", "days"), PURPOSES)
def test_a_token_round_trips(make: Callable, read: Callable, days: int) -> None:
    token = make(1742, 58)
    assert read(token) == LinkTarget(object_id=1742, person_id=58)
    assert make(1742, 59) != token
    assert read(make(1742, 59)) == LinkTarget(object_id=1742, person_id=59)


def test_the_absence_and_adjust_links_are_different_for_the_same_ids() -> None:
    assert links.absence_token(7, 8) != links.adjust_token(7, 8)


@pytest.mark.parametrize(("make", "read", "days"), PURPOSES)
def test_a_token_is_valid_until_its_max_age_and_refused_after(make: Callable, read: Callable, days: int) -> None:
    with at(T0):
        token = make(31, 7)
    with at(T0 + days * DAY):
        assert read(token) == LinkTarget(31, 7)
    with at(T0 + days * DAY + 1), pytest.raises(BadLink) as refused:
        read(token)
    assert isinstance(refused.value.__cause__, signing.SignatureExpired)


def test_the_max_ages_are_120_and_60_days() -> None:
    assert datetime.timedelta(days=120) == links.ABSENCE_MAX_AGE
    assert datetime.timedelta(days=60) == links.ADJUST_MAX_AGE


@pytest.mark.parametrize(("make", "read", "days"), PURPOSES)
def test_a_tampered_token_is_refused(make: Callable, read: Callable, days: int) -> None:
    token = make(31, 7)
    payload, stamp, signature = token.rsplit(":", 2)
    for index in (0, len(payload) - 1, len(payload) + 1, len(token) - 1):
        with pytest.raises(BadLink):
            read(tamper(token, index))
    # Another object or person under the original signature.
    forged = make(32, 7).rsplit(":", 2)[0] + f":{stamp}:{signature}"
    with pytest.raises(BadLink):
        read(forged)
    with pytest.raises(BadLink):
        read(token + "x")
    with pytest.raises(BadLink):
        read(token[:-1])


def test_an_absence_token_is_no_adjust_token_and_the_other_way_round() -> None:
    with pytest.raises(BadLink):
        links.read_adjust_token(links.absence_token(31, 7))
    with pytest.raises(BadLink):
        links.read_absence_token(links.adjust_token(31, 7))


@pytest.mark.parametrize(("make", "read", "days"), PURPOSES)
def test_a_token_signed_with_another_secret_is_refused(make: Callable, read: Callable, days: int) -> None:
    with override_settings(SECRET_KEY="another-installation-" + "x" * 40):
        token = make(31, 7)
    with pytest.raises(BadLink):
        read(token)


@pytest.mark.parametrize("garbage", ["", "abc", ":", "::", "a:b:c", "ÅÄÖ:§:½"])
def test_garbage_is_refused(garbage: str) -> None:
    with pytest.raises(BadLink):
        links.read_absence_token(garbage)
    with pytest.raises(BadLink):
        links.read_adjust_token(garbage)


@pytest.mark.parametrize(
    "payload",
    [{"o": 31}, {"p": 7}, [31, 7], {"o": "trettioett", "p": 7}, {"o": None, "p": 7}, "31:7"],
    ids=["no-person", "no-object", "list", "not-a-number", "null", "string"],
)
def test_a_correctly_signed_token_of_the_wrong_shape_is_refused(payload: object) -> None:
    """Only the site can sign, but what it signed long ago may have another shape."""
    token = signing.TimestampSigner(salt=links.ABSENCE_SALT).sign_object(payload, compress=True)
    with pytest.raises(BadLink):
        links.read_absence_token(token)


def test_a_token_signed_without_the_purpose_salt_is_refused() -> None:
    token = signing.TimestampSigner().sign_object({"o": 31, "p": 7}, compress=True)
    with pytest.raises(BadLink):
        links.read_absence_token(token)
    with pytest.raises(BadLink):
        links.read_adjust_token(token)
