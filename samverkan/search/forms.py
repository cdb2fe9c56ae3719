from __future__ import annotations

from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from samverkan.core.choosing import SearchChoiceField, SearchChoiceInput, choice_links
from samverkan.search.index import registry
from samverkan.search.query import Filters
from samverkan.structure.selectors import BODIES, PRINCIPALS


class SearchForm(forms.Form):
    """The search page's question and filters. The GET parameters are q, type, body (a body's
    key, or a part of its name), principal (a principal's key, or a part of its name), from and
    to (dates) and page."""

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
    principal = SearchChoiceField(
        label=_("Principal"),
        required=False,
        lookup=PRINCIPALS,
        widget=SearchChoiceInput(suggest_url=reverse_lazy("structure:principal_suggestions"), offer=False),
        help_text=_("A part of the name, for instance “Borås”."),
        error_messages={"none": _("No principal has “%(text)s” in its name.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = [("", _("All")), *registry.types().items()]
        cast(forms.ChoiceField, self.fields["type"]).choices = types
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

    SEARCH_FIELDS = ("body", "principal")

    def candidates(self) -> dict[str, list[tuple[str, str]]]:
        """Per search field whose text matched several records: (label, query string) of each,
        for links that choose it."""
        query = cast(QueryDict, self.data)
        fields = {name: cast(SearchChoiceField, self.fields[name]) for name in self.SEARCH_FIELDS}
        return {name: choice_links(query, name, f.candidates) for name, f in fields.items() if f.candidates}

    @property
    def canonical_query(self) -> QueryDict:
        """The query with the body and principal named by their keys (what the feed and the
        e-mail follow)."""
        query = cast(QueryDict, self.data).copy()
        query.pop("page", None)
        for name in self.SEARCH_FIELDS:
            choice = cast(SearchChoiceField, self.fields[name]).choice
            if choice is not None:
                query[name] = choice.key
        return query
