from __future__ import annotations

from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from samverkan.core.choosing import SearchChoiceField, SearchChoiceInput, choice_links
from samverkan.core.widgets import PlainSelect
from samverkan.search.index import registry
from samverkan.search.query import Filters
from samverkan.structure.selectors import BODIES


class SearchForm(forms.Form):
    """The search page's question and filters. The GET parameters are q, type, body (a body's
    key, or a part of its name), principal (a principal's key), from and to (dates) and page."""

    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_('All words must be found. Put a phrase in quotes ("digitala hjälpmedel"); -word leaves out.'),
    )
    type = forms.ChoiceField(label=_("Type"), required=False)
    # A search field, not a <select>: the country has 2,000 bodies (core.choosing).
    body = SearchChoiceField(
        label=_("Body"),
        required=False,
        lookup=BODIES,
        widget=SearchChoiceInput(suggest_url=reverse_lazy("structure:body_suggestions"), offer=False),
        help_text=_("Write a part of the name, for instance “styrelse”."),
        error_messages={"none": _("No body has “%(text)s” in its name.")},
    )
    principal = forms.ChoiceField(label=_("Principal"), required=False, widget=PlainSelect)

    def __init__(
        self,
        *args: Any,
        principals: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        choices: dict[str, list[tuple[str, Any]]] = {
            "type": everything + [(key, label) for key, label in registry.types().items()],
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

    @property
    def body_candidates(self) -> list[tuple[str, str]]:
        """(label, query string) of the bodies the body text matched, when it matched several."""
        field = cast(SearchChoiceField, self.fields["body"])
        return choice_links(cast(QueryDict, self.data), "body", field.candidates) if field.candidates else []

    @property
    def canonical_query(self) -> QueryDict:
        """The query with the body named by its key (what the feed and the e-mail follow)."""
        query = cast(QueryDict, self.data).copy()
        query.pop("page", None)
        choice = cast(SearchChoiceField, self.fields["body"]).choice
        if choice is not None:
            query["body"] = choice.key
        return query
