"""Who may use the agreement register's pages (see samverkan/core/access.py). The public pages
are open; what each user may see on them is decided by the selectors (a draft answers 404)."""

from __future__ import annotations

from typing import Any

from samverkan.agreements.models import Agreement
from samverkan.core.access import AUTHENTICATED, PUBLIC, ObjectLoader, Policy, is_administrator
from samverkan.structure.roles import is_secretary_of

AGREEMENT = ObjectLoader(Agreement.objects.select_related("body"), field="key")  # <key>


def may_edit(user: Any, agreement: Agreement) -> bool:
    """The responsible body's secretaries, and administrators."""
    if is_administrator(user):
        return True
    return agreement.body is not None and is_secretary_of(user, agreement.body)


AGREEMENT_EDITOR = Policy(
    "agreement editor",
    lambda user, kw: user.is_authenticated and may_edit(user, AGREEMENT(kw)),
    "The secretaries of the agreement's responsible body, and administrators.",
)

URL_POLICIES = {
    "agreements:list": PUBLIC,
    "agreements:detail": PUBLIC,
    "agreements:version_file": PUBLIC,
    # Any logged-in user reaches the form; it offers only the bodies the user is secretary of,
    # and refuses (403) someone who runs none.
    "agreements:create": AUTHENTICATED,
    "agreements:edit": AGREEMENT_EDITOR,
    "agreements:extend": AGREEMENT_EDITOR,
    "agreements:version_add": AGREEMENT_EDITOR,
}
