"""Who may use the structure's pages (see samverkan/core/access.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import Http404

from samverkan.core.access import ADMINISTRATOR, AUTHENTICATED, PUBLIC, Policy
from samverkan.structure.models import Body, Person, Principal
from samverkan.structure.roles import is_registrar_of, is_secretary_of, may_edit_person


def _body(kwargs: Mapping[str, Any]) -> Body:
    try:
        return Body.objects.get(key=kwargs["key"])
    except Body.DoesNotExist as exc:
        raise Http404 from exc


def _principal(kwargs: Mapping[str, Any]) -> Principal:
    try:
        return Principal.objects.get(key=kwargs["key"])
    except Principal.DoesNotExist as exc:
        raise Http404 from exc


def _person(kwargs: Mapping[str, Any]) -> Person:
    try:
        return Person.objects.get(key=kwargs["key"])
    except Person.DoesNotExist as exc:
        raise Http404 from exc


PERSON_EDITOR = Policy(
    "person editor",
    lambda user, kw: user.is_authenticated and may_edit_person(user, _person(kw)),
    "Administrators, and secretaries of every body the person sits or sat in.",
)
BODY_SECRETARY = Policy(
    "body secretary",
    lambda user, kw: user.is_authenticated and is_secretary_of(user, _body(kw)),
    "The body's secretaries and administrators.",
)
PRINCIPAL_REGISTRAR = Policy(
    "principal registrar",
    lambda user, kw: user.is_authenticated and is_registrar_of(user, _principal(kw)),
    "The principal's registrars and administrators.",
)

URL_POLICIES = {
    # Public pages
    "structure:principal_list": PUBLIC,
    "structure:principal_detail": PUBLIC,
    "structure:grouping_detail": PUBLIC,
    "structure:body_list": PUBLIC,
    "structure:body_detail": PUBLIC,
    "structure:person_detail": PUBLIC,
    "structure:diagram": PUBLIC,
    "structure:my_account": AUTHENTICATED,
    # Staff screens
    "structure:body_edit": BODY_SECRETARY,
    "structure:mandate_add": BODY_SECRETARY,
    "structure:membership_add": BODY_SECRETARY,
    "structure:membership_edit": BODY_SECRETARY,
    "structure:principal_edit": PRINCIPAL_REGISTRAR,
    "structure:population_add": PRINCIPAL_REGISTRAR,
    "structure:person_edit": PERSON_EDITOR,
    "structure:body_roles": ADMINISTRATOR,
    "structure:principal_roles": ADMINISTRATOR,
    "structure:body_create": ADMINISTRATOR,
    "structure:principal_create": ADMINISTRATOR,
}
