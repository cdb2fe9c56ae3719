"""Who may use the structure's pages (see samverkan/core/access.py)."""

from __future__ import annotations

from samverkan.core.access import ADMINISTRATOR, AUTHENTICATED, PUBLIC, ObjectLoader, Policy
from samverkan.structure.models import Body, Person, Principal
from samverkan.structure.roles import is_registrar_of, is_secretary_of, may_edit_person

# The objects the URLs name (<key>), fetched once a request for the policy and its view.
BODY = ObjectLoader(Body.objects.all(), field="key")
PRINCIPAL = ObjectLoader(Principal.objects.all(), field="key")
PERSON = ObjectLoader(Person.objects.all(), field="key")


PERSON_EDITOR = Policy(
    "person editor",
    lambda user, kw: user.is_authenticated and may_edit_person(user, PERSON(kw)),
    "Administrators, and secretaries of every body the person sits or sat in.",
)
BODY_SECRETARY = Policy(
    "body secretary",
    lambda user, kw: user.is_authenticated and is_secretary_of(user, BODY(kw)),
    "The body's secretaries and administrators.",
)
PRINCIPAL_REGISTRAR = Policy(
    "principal registrar",
    lambda user, kw: user.is_authenticated and is_registrar_of(user, PRINCIPAL(kw)),
    "The principal's registrars and administrators.",
)

URL_POLICIES = {
    # Public pages
    "structure:principal_list": PUBLIC,
    "structure:principal_detail": PUBLIC,
    "structure:principal_suggestions": PUBLIC,
    "structure:grouping_detail": PUBLIC,
    "structure:body_list": PUBLIC,
    "structure:body_detail": PUBLIC,
    "structure:body_suggestions": PUBLIC,
    "structure:person_detail": PUBLIC,
    "structure:diagram": PUBLIC,
    "structure:my_account": AUTHENTICATED,
    # A person field's suggestions (a staff screen's, the roll call's "replaced by").
    "structure:person_suggestions": AUTHENTICATED,
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
