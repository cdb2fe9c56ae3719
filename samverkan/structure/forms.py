from __future__ import annotations

from typing import Any, cast

from django import forms
from django.forms import ModelChoiceField
from django.urls import reverse_lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from samverkan.core.choosing import SearchChoiceField
from samverkan.core.editing import VersionedModelForm
from samverkan.structure.models import Body, Mandate, Membership, Person, Population, Principal, Term
from samverkan.structure.selectors import PEOPLE


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class BodyForm(VersionedModelForm):
    class Meta:
        model = Body
        fields = [
            "name",
            "short_name",
            "key",
            "kind",
            "level",
            "owners",
            "parent",
            "reports_to",
            "meeting_rhythm",
            "active_from",
            "active_to",
        ]
        widgets = {"active_from": DateInput(), "active_to": DateInput(), "owners": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = Body.objects.order_by("name")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            self.fields["key"].disabled = True
            self.fields["key"].help_text = _("The key is part of the page's address and cannot be changed.")
        cast(ModelChoiceField, self.fields["parent"]).queryset = others
        cast(ModelChoiceField, self.fields["reports_to"]).queryset = others
        cast(ModelChoiceField, self.fields["owners"]).queryset = Principal.objects.order_by("kind", "name")

    def service_fields(self) -> dict[str, Any]:
        return super().service_fields() | {"owners": list(self.cleaned_data["owners"])}


class PrincipalForm(VersionedModelForm):
    website = forms.URLField(label=capfirst(_("website")), required=False, assume_scheme="https")

    class Meta:
        model = Principal
        fields = ["name", "short_name", "key", "kind", "org_number", "scb_code", "website"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["key"].disabled = True


class PopulationForm(forms.ModelForm):
    class Meta:
        model = Population
        fields = ["reference_date", "inhabitants", "source"]
        widgets = {"reference_date": DateInput()}
        help_texts = {
            "reference_date": _(
                "SCB counts the population on 31 December; a 31 December figure is that year's official figure."
            )
        }


class MandateForm(forms.ModelForm):
    class Meta:
        model = Mandate
        fields = ["valid_from", "text", "source"]
        widgets = {"valid_from": DateInput(), "text": forms.Textarea(attrs={"rows": 8})}


def _person_field(label: Any, help_text: Any) -> SearchChoiceField:
    """A person of the register by (a part of) the name: not a <select> of 30,000 (core.choosing)."""
    return SearchChoiceField(
        label=label,
        required=False,
        lookup=PEOPLE,
        suggest_url=reverse_lazy("structure:person_suggestions"),
        help_text=help_text,
        error_messages={"none": _("No one named “%(text)s” is in the register.")},
    )


class MembershipForm(VersionedModelForm):
    """A seat in the body: an existing person (found by name), or a new one by name. A seat's
    person is not changed: the edit form has no person field."""

    person = _person_field(capfirst(_("person")), _("A part of the name."))
    new_person_name = forms.CharField(label=_("or a new person's name"), required=False, max_length=200)
    substitute_for = _person_field(capfirst(_("substitute for")), _("The member this substitute stands in for."))
    # "or a new person's name" right under the person it is the alternative to.
    field_order = ["person", "new_person_name"]

    class Meta:
        model = Membership
        fields = [
            "person",
            "role",
            "party",
            "principal",
            "delegation",
            "title",
            "term",
            "start",
            "end",
            "substitute_for",
        ]
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(ModelChoiceField, self.fields["principal"]).queryset = Principal.objects.order_by("kind", "name")
        cast(ModelChoiceField, self.fields["term"]).queryset = Term.objects.order_by("-start")
        if not self.is_bound and self.instance.substitute_for_id:
            chosen = PEOPLE.get(self.instance.substitute_for.key) if self.instance.substitute_for else None
            self.initial["substitute_for"] = chosen.label if chosen else ""
        if self.instance.pk:
            del self.fields["person"], self.fields["new_person_name"]

    def clean_person(self) -> Person | None:
        key = self.cleaned_data.get("person") or ""
        return Person.objects.filter(key=key).first() if key else None

    def clean_substitute_for(self) -> Person | None:
        key = self.cleaned_data.get("substitute_for") or ""
        return Person.objects.filter(key=key).first() if key else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.instance.pk and not data.get("person") and not data.get("new_person_name"):
            raise forms.ValidationError(_("Choose a person or give a new person's name."))
        if data.get("person") and data.get("new_person_name"):
            raise forms.ValidationError(_("Choose a person or give a new name, not both."))
        return data

    def validate_unique(self) -> None:
        # The body is set by the view; uniqueness is checked by the service and the database.
        pass

    def service_fields(self) -> dict[str, Any]:
        """The seat's own fields; the person is chosen or created by the view, once."""
        return {k: v for k, v in super().service_fields().items() if k not in {"person", "new_person_name"}}


class PersonForm(VersionedModelForm):
    class Meta:
        model = Person
        fields = ["name", "title", "email"]


class RoleGrantForm(forms.Form):
    """Names a user by user name or e-mail address."""

    user = forms.CharField(label=_("User name or e-mail address"), max_length=254)

    def clean_user(self) -> Any:
        from django.contrib.auth import get_user_model

        value = self.cleaned_data["user"].strip()
        User = get_user_model()
        user = User.objects.filter(username__iexact=value).first() or User.objects.filter(email__iexact=value).first()
        if user is None:
            raise forms.ValidationError(_("There is no user with that name or e-mail address."))
        if not user.is_active:
            raise forms.ValidationError(_("That account is deactivated."))
        return user
