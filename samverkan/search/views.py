"""The search page: the public entries for everyone; administrators see every entry, the
non-public ones marked."""

from __future__ import annotations

from typing import Any, cast

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samverkan.core.access import is_administrator
from samverkan.search.forms import SearchForm
from samverkan.search.query import Paginated, Search

PAGE_SIZE = 20


def search_page(request: HttpRequest) -> HttpResponse:
    everything = is_administrator(request.user)
    form = SearchForm(request.GET or None)
    context: dict = {"form": form, "searched": False, "everything": everything}
    if form.is_bound and not form.is_valid():
        context["candidates"] = form.candidates()
    if form.is_valid() and form.cleaned_data["q"].strip():
        found = Search(form.cleaned_data["q"], form.filters(), public_only=not everything)
        page = Paginator(cast(Any, Paginated(found)), PAGE_SIZE).get_page(request.GET.get("page"))
        query = form.canonical_query
        context |= {
            "searched": True,
            "page": page,
            "count": found.count(),
            "more": found.more,
            "query": query.urlencode(),
        }
    return render(request, "search/search.html", context)
