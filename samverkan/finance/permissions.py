"""Who may use the money pages (see samverkan/core/access.py). The public pages are open; a
record that is not public answers 404 to those who may not see it (decided by the selectors).
Records are kept by the secretaries of the deciding body, and administrators."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import Http404

from samverkan.core.access import PUBLIC, Policy, is_administrator
from samverkan.finance.models import Allocation
from samverkan.structure.roles import is_secretary_of


def may_keep_money(user: Any) -> bool:
    """A secretary of any body, or an administrator: they may record new money records."""
    return bool(user.is_authenticated and (is_administrator(user) or user.secretary_of.exists()))


def may_edit(user: Any, record: Any) -> bool:
    if is_administrator(user):
        return True
    return record.body is not None and is_secretary_of(user, record.body)


def _editor(model: Any, kwargs: Mapping[str, Any], user: Any) -> bool:
    try:
        record = model.objects.select_related("body").get(key=kwargs["key"])
    except model.DoesNotExist as exc:
        raise Http404 from exc
    return may_edit(user, record)


MONEY_KEEPER = Policy(
    "money keeper",
    lambda user, kw: may_keep_money(user),
    "The secretaries of any body (the form offers the bodies they run), and administrators.",
)
ALLOCATION_EDITOR = Policy(
    "allocation editor",
    lambda user, kw: user.is_authenticated and _editor(Allocation, kw, user),
    "The secretaries of the allocation's deciding body, and administrators.",
)

URL_POLICIES = {
    "finance:index": PUBLIC,
    "finance:allocation_list": PUBLIC,
    "finance:allocation_detail": PUBLIC,
    "finance:allocation_csv": PUBLIC,
    "finance:allocation_xlsx": PUBLIC,
    "finance:allocation_pdf": PUBLIC,
    "finance:allocation_create": MONEY_KEEPER,
    "finance:allocation_edit": ALLOCATION_EDITOR,
}
