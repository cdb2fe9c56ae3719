"""Atom feeds (RFC 4287) of the streams in streams.py: per body, per principal, new
recommendations and their outcomes, agreement changes, and any search. An entry's id is a tag
URI (RFC 4151) made from its stream key, so it never changes; drafts and confidential items
never appear (the streams hold only what the public site shows)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from samverkan.publishing import streams
from samverkan.publishing.streams import Entry
from samverkan.structure.models import Body, Principal

TAG_DATE = "2026"  # the date part of the tag URIs: fixed for ever, so the ids are


def tag(key: str) -> str:
    return f"tag:{urlsplit(settings.SITE_URL).hostname},{TAG_DATE}:samverkan/{key}"


class StreamFeed(Feed):
    """A feed of stream entries; subclasses say which entries, the title and the page."""

    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        response["Content-Type"] = "application/atom+xml; charset=utf-8"
        # Django's Feed writes the XML into the response piece by piece (a body's feed of 200
        # entries: about 1,750 pieces), and a WSGI server sends each piece with a write of its
        # own; the page cache keeps the pieces too. One piece: one write, cached or not.
        response.content = response.content
        return response

    def feed_guid(self, obj: Any) -> str:
        return tag(self.feed_key(obj))

    def feed_key(self, obj: Any) -> str:
        raise NotImplementedError

    def feed_url(self, obj: Any) -> str:
        return settings.SITE_URL + self.request_path

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.request_path = request.get_full_path()
        return None

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        return item.summary

    def item_link(self, item: Entry) -> str:
        return settings.SITE_URL + item.path

    def item_guid(self, item: Entry) -> str:
        return tag(item.key)

    item_guid_is_permalink = False

    def item_updateddate(self, item: Entry) -> Any:
        return item.updated

    def item_pubdate(self, item: Entry) -> Any:
        return item.published or item.updated

    def item_author_name(self, item: Entry) -> str:
        return "Samverkan"

    def feed_updated(self, obj: Any) -> Any:
        return None


class BodyFeed(StreamFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Body:
        super().get_object(request)
        return get_object_or_404(Body, key=kwargs["key"])

    def title(self, obj: Body) -> str:
        return _("%(body)s: meetings, notices, minutes and decisions") % {"body": obj.name}

    def link(self, obj: Body) -> str:
        return obj.get_absolute_url()

    def feed_key(self, obj: Body) -> str:
        return f"body/{obj.pk}"

    def items(self, obj: Body) -> list[Entry]:
        return streams.body_entries(obj)


class PrincipalFeed(StreamFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Principal:
        super().get_object(request)
        return get_object_or_404(Principal, key=kwargs["key"])

    def title(self, obj: Principal) -> str:
        return _("%(principal)s: recommendations and answers") % {"principal": obj.name}

    def link(self, obj: Principal) -> str:
        return obj.get_absolute_url()

    def feed_key(self, obj: Principal) -> str:
        return f"principal/{obj.pk}"

    def items(self, obj: Principal) -> list[Entry]:
        return streams.principal_entries(obj)


class RecommendationFeed(StreamFeed):
    def title(self, obj: None) -> str:
        return _("Recommendations to the principals, their answers and outcomes")

    def link(self, obj: None) -> str:
        return reverse("referrals:list")

    def feed_key(self, obj: None) -> str:
        return "recommendations"

    def items(self, obj: None) -> list[Entry]:
        return streams.recommendation_entries()


class AgreementFeed(StreamFeed):
    def title(self, obj: None) -> str:
        return _("Changes in the agreement register")

    def link(self, obj: None) -> str:
        return reverse("agreements:list")

    def feed_key(self, obj: None) -> str:
        return "agreements"

    def items(self, obj: None) -> list[Entry]:
        return streams.agreement_entries()


class SearchFeed(StreamFeed):
    """Any search as a feed: the first 50 matches, public entries only (a feed's address is
    shared, so an administrator's feed shows no more than anyone's)."""

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from samverkan.search.forms import SearchForm

        form = SearchForm(request.GET or None)
        if not form.is_valid() or not form.cleaned_data["q"].strip():
            return HttpResponseBadRequest(
                _("Write what to search for: /sok/flode.atom?q=…"), content_type="text/plain; charset=utf-8"
            )
        self.form = form
        return super().__call__(request, *args, **kwargs)

    def title(self, obj: None) -> str:
        return _("Search: %(q)s") % {"q": self.form.cleaned_data["q"]}

    def link(self, obj: None) -> str:
        return reverse("search:search") + "?" + self.request_path.partition("?")[2]

    def feed_key(self, obj: None) -> str:
        return "search?" + self.request_path.partition("?")[2]

    def items(self, obj: None) -> list[Entry]:
        return streams.search_entries(self.request_path.partition("?")[2])
