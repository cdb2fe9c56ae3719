"""The sitemap lists every public page (and nothing that is not public)."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from samverkan.structure.models import Body, Grouping, Person, Principal


class StaticSitemap(Sitemap):
    def items(self) -> list[str]:
        return [
            "publishing:home",
            "structure:principal_list",
            "structure:body_list",
            "structure:diagram",
            "publishing:about",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class ModelSitemap(Sitemap):
    model: Any = None

    def items(self) -> Any:
        return self.model.objects.order_by("pk")

    def lastmod(self, obj: Any) -> Any:
        return obj.updated_at


class PrincipalSitemap(ModelSitemap):
    model = Principal


class BodySitemap(ModelSitemap):
    model = Body


class PersonSitemap(ModelSitemap):
    model = Person


class GroupingSitemap(ModelSitemap):
    model = Grouping


SITEMAPS = {
    "pages": StaticSitemap,
    "principals": PrincipalSitemap,
    "bodies": BodySitemap,
    "people": PersonSitemap,
    "groupings": GroupingSitemap,
}
