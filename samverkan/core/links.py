"""Signed personal links: the one mechanism for every link that stands in for a log-in.

A token carries a few numbers (what the link is for, and the link's version), signed with the
site's SECRET_KEY and a salt of its own kind, so a link of one kind is never a link of another
and nothing in it can be changed without the signature failing. A kind may expire by age (its
token then carries the time it was made); otherwise the app decides how long a link works
(a recommendation's deadline, a subscription's life).

Revoking is the app's: the row a link is for keeps a version (`referrals.Recipient.link_version`,
`meetings.Adjuster.link_version`) that is raised to revoke or replace the links made before, and
the app's reader refuses a link whose grounds are gone (the adjuster removed, the meeting
cancelled) with `BadLink("revoked")`. See docs/decisions/0022-signed-personal-links.md.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.utils.translation import gettext as _


class BadLink(Exception):
    """The link cannot be used. `reason`: forged, expired, revoked, or an app's own reason with
    its own `message`."""

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self._message = message

    @property
    def message(self) -> str:
        return self._message or {
            "forged": _("The link is incomplete or has been changed."),
            "revoked": _("The link has been replaced by a newer one, or withdrawn by the secretary."),
            "expired": _("The link has expired: the time for answering through it is over."),
        }.get(self.reason, _("The link is incomplete or has been changed."))


@dataclass(frozen=True)
class LinkKind:
    """One kind of link: its salt, and how long its tokens live (None: until revoked).
    `dated` tokens carry the time they were made; a kind with a `max_age` always is."""

    salt: str
    max_age: datetime.timedelta | None = None
    dated: bool = False

    def _signer(self) -> signing.Signer:
        if self.dated or self.max_age is not None:
            return signing.TimestampSigner(salt=self.salt)
        return signing.Signer(salt=self.salt)

    def sign(self, value: Any) -> str:
        return self._signer().sign_object(value, compress=True)

    def unsign(self, token: str) -> Any:
        """What was signed, or BadLink (`expired`, else `forged`)."""
        signer = self._signer()
        try:
            if isinstance(signer, signing.TimestampSigner):
                return signer.unsign_object(token, max_age=self.max_age)
            return signer.unsign_object(token)
        except signing.SignatureExpired as exc:
            raise BadLink("expired") from exc
        except (signing.BadSignature, ValueError, TypeError) as exc:
            raise BadLink("forged") from exc

    def make(self, version: int = 1, **ids: int) -> str:
        """A token for the ids (short keys, e.g. o=object, p=person) at the link's version."""
        return self.sign({**ids, "v": version})

    def read(self, token: str, *keys: str) -> tuple[tuple[int, ...], int]:
        """The ids under `keys` and the link's version (1 for tokens made before versions)."""
        data = self.unsign(token)
        try:
            return tuple(int(data[key]) for key in keys), int(data.get("v", 1))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise BadLink("forged") from exc


def check_version(version: int, current: int, *, revoked: bool = False) -> None:
    """Refuse a link made at an older version, or one whose row says it is revoked."""
    if revoked or version != current:
        raise BadLink("revoked")
