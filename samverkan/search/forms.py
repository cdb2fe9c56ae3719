from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.core.widgets import PlainSelect
from samverkan.search.index import registry
from samverkan.search.query import Filters


class SearchForm(forms.Form):
    """The search page's question and filters. The GET parameters are q, type, body (a body's
    key), principal (a principal's key), from and to (dates) and page."""

    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_('All words must be found. Put a phrase in quotes ("digitala hjälpmedel"); -word leaves out.'),
    )
    type = forms.ChoiceField(label=_("Type"), required=False)
    body = forms.ChoiceField(label=_("Body"), required=False, widget=PlainSelect)
    principal = forms.ChoiceField(label=_("Principal"), required=False, widget=PlainSelect)

    def __init__(
        self,
        *args: Any,
        bodies: list[tuple[str, str]],
        principals: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        choices: dict[str, list[tuple[str, Any]]] = {
            "type": everything + [(key, label) for key, label in registry.types().items()],
            "body": everything + bodies,
            "principal": everything + principals,
        }
        for name, options in choices.items():
            cast(forms.ChoiceField, self.fields[name]).choices = options
        # "from" is a Python keyword, so these two are added by name.
        self.fields["from"] = forms.DateField(
            label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
        )
        self.fields["to"] = forms.DateField(
            label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
        )

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            type=data.get("type") or "",
            body=data.get("body") or "",
            principal=data.get("principal") or "",
            date_from=data.get("from"),
            date_to=data.get("to"),
        )
