"""The sitemap lists every public page (and nothing that is not public)."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from samverkan.agreements.selectors import public_agreements
from samverkan.finance.selectors import public_allocations, public_budgets, public_fees, public_funds
from samverkan.followup.models import GoalReport, Indicator, Project, Survey
from samverkan.meetings.models import Matter, Meeting
from samverkan.meetings.selectors import public_matters, published_minutes
from samverkan.referrals.selectors import public_recommendations
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


class MeetingSitemap(ModelSitemap):
    model = Meeting


class MatterSitemap(ModelSitemap):
    """The matters with a public page (meetings.selectors.public_matters)."""

    model = Matter

    def items(self) -> Any:
        return public_matters().order_by("pk")


class BodyMeetingsSitemap(Sitemap):
    """Each body's meeting plan."""

    def items(self) -> Any:
        return Body.objects.order_by("pk")

    def location(self, obj: Body) -> str:
        return reverse("meetings:body_meetings", kwargs={"key": obj.key})


class MinutesSitemap(Sitemap):
    """Published minutes only: drafts never appear."""

    def items(self) -> Any:
        return published_minutes().order_by("pk")

    def location(self, obj: Any) -> str:
        return reverse("meetings:minutes", kwargs={"pk": obj.meeting_id})

    def lastmod(self, obj: Any) -> Any:
        return obj.updated_at


class ListPagesSitemap(Sitemap):
    """The recommendation list and the status board, once there is a public recommendation to
    show, the project list once there is a project, the agreement register once there is a
    public agreement (an empty list is not worth indexing)."""

    def items(self) -> list[str]:
        pages = []
        if public_recommendations().exists():
            pages += ["referrals:list", "referrals:board"]
        if Project.objects.exists():
            pages.append("followup:project_list")
        if GoalReport.objects.filter(status=GoalReport.Status.PUBLISHED).exists():
            pages.append("followup:report_list")
        if public_agreements().exists():
            pages.append("agreements:list")
        money = {
            "finance:fee_list": public_fees().exists(),
            "finance:budget_list": public_budgets().exists(),
            "finance:fund_list": public_funds().exists(),
            "finance:allocation_list": public_allocations().exists(),
        }
        if any(money.values()):
            pages += ["finance:index", *(name for name, shown in money.items() if shown)]
        return pages

    def location(self, item: str) -> str:
        return reverse(item)


class RecommendationSitemap(Sitemap):
    """Public recommendations only: drafts and those not marked public never appear."""

    def items(self) -> Any:
        return public_recommendations().order_by("pk")

    def lastmod(self, obj: Any) -> Any:
        return obj.updated_at


class AgreementSitemap(Sitemap):
    """Public agreements only: drafts and those not marked public never appear."""

    def items(self) -> Any:
        return public_agreements().order_by("pk")

    def lastmod(self, obj: Any) -> Any:
        return obj.updated_at


class MoneySitemap(Sitemap):
    """Public fees, budgets and allocations only."""

    def items(self) -> Any:
        return [
            *public_fees().order_by("pk"),
            *public_budgets().order_by("pk"),
            *public_funds().order_by("pk"),
            *public_allocations().order_by("pk"),
        ]

    def lastmod(self, obj: Any) -> Any:
        return obj.updated_at


class ProjectSitemap(ModelSitemap):
    model = Project


class SurveySitemap(ModelSitemap):
    def items(self) -> Any:
        return Survey.objects.select_related("project").order_by("pk")


class IndicatorSitemap(ModelSitemap):
    def items(self) -> Any:
        return Indicator.objects.select_related("project").order_by("pk")


class GoalReportSitemap(ModelSitemap):
    """Only published goal fulfilment reports: a draft or approved one is not public."""

    def items(self) -> Any:
        return GoalReport.objects.filter(status=GoalReport.Status.PUBLISHED).select_related("body").order_by("pk")


SITEMAPS = {
    "pages": StaticSitemap,
    "principals": PrincipalSitemap,
    "bodies": BodySitemap,
    "people": PersonSitemap,
    "groupings": GroupingSitemap,
    "meeting-plans": BodyMeetingsSitemap,
    "meetings": MeetingSitemap,
    "minutes": MinutesSitemap,
    "matters": MatterSitemap,
    "list-pages": ListPagesSitemap,
    "recommendations": RecommendationSitemap,
    "agreements": AgreementSitemap,
    "money": MoneySitemap,
    "projects": ProjectSitemap,
    "surveys": SurveySitemap,
    "indicators": IndicatorSitemap,
    "goal-fulfilment": GoalReportSitemap,
}
