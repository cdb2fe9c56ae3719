"""The one mechanism of signed personal links (samverkan/core/links.py): the links already
mailed keep working, a token made before versions reads as version 1, and a revoked version
is refused."""

from __future__ import annotations

import pytest
from django.core import signing

from samverkan.core import links
from samverkan.meetings import links as meeting_links
from samverkan.subscriptions import links as subscription_links


def test_subscription_tokens_are_those_mailed_before_with_django_signing_dumps() -> None:
    old = signing.dumps(42, salt="subscriptions.unsubscribe")
    assert subscription_links.unsubscribe_read(old) == 42
    assert subscription_links.manage_read(signing.dumps(42, salt="subscriptions.manage")) == 42
    assert subscription_links.confirm_read(signing.dumps(42, salt="subscriptions.confirm")) == 42


def test_a_meeting_link_made_before_versions_reads_as_version_one() -> None:
    old = signing.TimestampSigner(salt=meeting_links.ADJUST_SALT).sign_object({"o": 31, "p": 7}, compress=True)
    assert meeting_links.read_adjust_token(old) == meeting_links.LinkTarget(31, 7, version=1)
    newer = meeting_links.adjust_token(31, 7, version=2)
    assert meeting_links.read_adjust_token(newer) == meeting_links.LinkTarget(31, 7, version=2)


def test_an_older_version_or_a_revoked_link_is_refused_as_revoked() -> None:
    kind = links.LinkKind("samverkan.tests.kind")
    (ids, version) = kind.read(kind.make(o=5, version=3), "o")
    assert (ids, version) == ((5,), 3)
    links.check_version(version, 3)
    for current, revoked in ((4, False), (3, True)):
        with pytest.raises(links.BadLink) as bad:
            links.check_version(version, current, revoked=revoked)
        assert bad.value.reason == "revoked"


def test_a_kind_never_reads_a_token_of_another_kind() -> None:
    token = links.LinkKind("samverkan.tests.one").make(o=5)
    with pytest.raises(links.BadLink) as bad:
        links.LinkKind("samverkan.tests.two").read(token, "o")
    assert bad.value.reason == "forged"
