"""Pages of the structure. Who may open each one is declared in permissions.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samverkan.core.choosing import suggestions
from samverkan.core.editing import errors_to_form, save_create, save_edit
from samverkan.structure import diagram, selectors, services
from samverkan.structure.forms import (
    BodyForm,
    MandateForm,
    MembershipForm,
    PersonForm,
    PopulationForm,
    PrincipalForm,
    RoleGrantForm,
)
from samverkan.structure.models import Body, Person, Principal
from samverkan.structure.permissions import BODY, PERSON, PRINCIPAL
from samverkan.structure.roles import is_registrar_of, is_secretary_of, person_edit_rights, roles_of

# --- Public pages ---------------------------------------------------------------------------


def body_suggestions(request: HttpRequest) -> JsonResponse:
    """The bodies whose name holds ?q=, for a body field's suggestions (core.choosing)."""
    return suggestions(request, selectors.BODIES)


def person_suggestions(request: HttpRequest) -> JsonResponse:
    """The people whose name holds ?q=, for a person field's suggestions (core.choosing)."""
    return suggestions(request, selectors.PEOPLE)


def principal_suggestions(request: HttpRequest) -> JsonResponse:
    """The principals whose name holds ?q=, for a principal field's suggestions (core.choosing)."""
    return suggestions(request, selectors.PRINCIPALS)


def principal_list(request: HttpRequest) -> HttpResponse:
    principals = list(selectors.principal_list())
    kinds = [
        (label, [p for p in principals if p.kind == value])
        for value, label in Principal.Kind.choices
        if any(p.kind == value for p in principals)
    ]
    return render(request, "structure/principal_list.html", {"kinds": kinds})


def principal_detail(request: HttpRequest, key: str) -> HttpResponse:
    page = selectors.principal_page(key)
    return render(
        request,
        "structure/principal_detail.html",
        {"page": page, "principal": page.principal, "can_edit": is_registrar_of(request.user, page.principal)},
    )


def grouping_detail(request: HttpRequest, key: str) -> HttpResponse:
    return render(request, "structure/grouping_detail.html", {"grouping": selectors.grouping_page(key)})


def body_list(request: HttpRequest) -> HttpResponse:
    bodies = list(selectors.body_list())
    levels = [
        (label, [b for b in bodies if b.level == value])
        for value, label in Body.Level.choices
        if any(b.level == value for b in bodies)
    ]
    return render(request, "structure/body_list.html", {"levels": levels})


def body_detail(request: HttpRequest, key: str) -> HttpResponse:
    page = selectors.body_page(key)
    return render(
        request,
        "structure/body_detail.html",
        {
            "page": page,
            "body": page.body,
            "members": selectors.member_rows(page),
            "can_edit": is_secretary_of(request.user, page.body),
        },
    )


def person_detail(request: HttpRequest, key: str) -> HttpResponse:
    page = selectors.person_page(key)
    rights = person_edit_rights(request.user, page.person)
    return render(
        request,
        "structure/person_detail.html",
        {
            "page": page,
            "person": page.person,
            "can_edit": rights.allowed,
            "edit_withheld_by": rights.withheld_by,
            # Where notices and adjustment links go: shown only to those who may edit the person.
            "mail": selectors.mail_address(page.person) if rights.allowed else None,
        },
    )


def structure_diagram(request: HttpRequest) -> HttpResponse:
    return render(request, "structure/diagram.html", {"parts": diagram.build_parts(selectors.structure_bodies())})


# --- Staff screens --------------------------------------------------------------------------


def body_create(request: HttpRequest) -> HttpResponse:
    form = BodyForm(request.POST or None)
    body = save_create(request, form, _("The body was created."), services.body_create)
    if body is not None:
        return redirect(body)
    return render(request, "structure/body_form.html", {"form": form, "body": None})


def body_edit(request: HttpRequest, key: str) -> HttpResponse:
    body = BODY.get(key)
    form = BodyForm(request.POST or None, instance=body)
    if save_edit(request, form, services.body_update, body=body):
        return redirect(body)
    return render(request, "structure/body_form.html", {"form": form, "body": body})


def mandate_add(request: HttpRequest, key: str) -> HttpResponse:
    body = BODY.get(key)
    form = MandateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mandate_add(
                actor=request.user,
                body=body,
                valid_from=form.cleaned_data["valid_from"],
                text=form.cleaned_data["text"],
                mandate_source=form.cleaned_data["source"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The new version of the mandate was saved."))
            return redirect(body)
    return render(request, "structure/mandate_form.html", {"form": form, "body": body})


def _person_for(request: HttpRequest, form: MembershipForm) -> Person:
    person = form.cleaned_data.get("person")
    if person is not None:
        return person
    return services.person_create_from_name(actor=request.user, name=form.cleaned_data["new_person_name"])


def membership_add(request: HttpRequest, key: str) -> HttpResponse:
    body = BODY.get(key)
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        try:
            with transaction.atomic():
                person = _person_for(request, form)
                services.membership_create(actor=request.user, body=body, person=person, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        except IntegrityError:
            form.add_error(None, _("This person already has this role in the body from that date."))
        else:
            messages.success(request, _("%(name)s was added.") % {"name": person.name})
            return redirect(body)
    return render(request, "structure/membership_form.html", {"form": form, "body": body, "membership": None})


def membership_edit(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    body = BODY.get(key)
    membership = selectors.membership_of(body, pk)
    if membership is None:
        raise Http404
    form = MembershipForm(request.POST or None, instance=membership)
    if save_edit(request, form, services.membership_update, membership=membership):
        return redirect(body)
    return render(request, "structure/membership_form.html", {"form": form, "body": body, "membership": membership})


def principal_create(request: HttpRequest) -> HttpResponse:
    form = PrincipalForm(request.POST or None)
    principal = save_create(request, form, _("The principal was created."), services.principal_create)
    if principal is not None:
        return redirect(principal)
    return render(request, "structure/principal_form.html", {"form": form, "principal": None})


def principal_edit(request: HttpRequest, key: str) -> HttpResponse:
    principal = PRINCIPAL.get(key)
    form = PrincipalForm(request.POST or None, instance=principal)
    if save_edit(request, form, services.principal_update, principal=principal):
        return redirect(principal)
    return render(request, "structure/principal_form.html", {"form": form, "principal": principal})


def population_add(request: HttpRequest, key: str) -> HttpResponse:
    principal = PRINCIPAL.get(key)
    form = PopulationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _population, created = services.population_record(
                actor=request.user,
                principal=principal,
                reference_date=form.cleaned_data["reference_date"],
                inhabitants=form.cleaned_data["inhabitants"],
                population_source=form.cleaned_data["source"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            if created:
                messages.success(request, _("The population figure was recorded."))
            else:
                messages.info(request, _("That figure was already recorded; nothing was changed."))
            return redirect(principal)
    return render(request, "structure/population_form.html", {"form": form, "principal": principal})


def my_account(request: HttpRequest) -> HttpResponse:
    """The logged-in user's own page: their roles in the structure, the person they are in it
    (where their meeting mail goes, their calendar feed) and the two-factor set-up."""
    person = selectors.person_of_user(request.user)
    return render(
        request,
        "structure/my_account.html",
        {
            "roles": roles_of(request.user),
            "person": person,
            "mail": selectors.mail_address(person) if person else None,
        },
    )


def _roles_screen(
    request: HttpRequest, *, target: Body | Principal, grant: Any, revoke: Any, title: str
) -> HttpResponse:
    form = RoleGrantForm(request.POST if request.POST.get("action") == "grant" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "grant" and form.is_valid():
            user = form.cleaned_data["user"]
            if grant(user):
                messages.success(request, _("%(user)s was given the role.") % {"user": user.get_username()})
            else:
                messages.info(request, _("%(user)s already has the role.") % {"user": user.get_username()})
            return redirect(request.path)
        if action == "revoke":
            user = selectors.role_holder(target, request.POST.get("user_id"))
            if user is not None and revoke(user):
                messages.success(request, _("%(user)s no longer has the role.") % {"user": user.get_username()})
            return redirect(request.path)
    holders = selectors.role_holders(target)
    return render(request, "structure/roles.html", {"target": target, "holders": holders, "form": form, "title": title})


def body_roles(request: HttpRequest, key: str) -> HttpResponse:
    """Administrators choose who is secretary of the body."""
    body = BODY.get(key)
    return _roles_screen(
        request,
        target=body,
        grant=lambda user: services.secretary_grant(actor=request.user, body=body, user=user),
        revoke=lambda user: services.secretary_revoke(actor=request.user, body=body, user=user),
        title=_("Secretaries of %(name)s") % {"name": body.name},
    )


def principal_roles(request: HttpRequest, key: str) -> HttpResponse:
    """Administrators choose who is registrar of the principal."""
    principal = PRINCIPAL.get(key)
    return _roles_screen(
        request,
        target=principal,
        grant=lambda user: services.registrar_grant(actor=request.user, principal=principal, user=user),
        revoke=lambda user: services.registrar_revoke(actor=request.user, principal=principal, user=user),
        title=_("Registrars of %(name)s") % {"name": principal.name},
    )


def person_edit(request: HttpRequest, key: str) -> HttpResponse:
    person = PERSON.get(key)
    form = PersonForm(request.POST or None, instance=person)
    if save_edit(request, form, services.person_update, person=person):
        return redirect(person)
    return render(request, "structure/person_form.html", {"form": form, "person": person})
