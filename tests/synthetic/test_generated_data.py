"""The generated data as a reader meets it: minutes that verify and render, search with the
indexer's visibility rules, the public pages. One tiny data set is made for the whole module."""

from __future__ import annotations

import json
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client

from samverkan.followup.models import Goal, GoalReport
from samverkan.meetings import services as meeting_services
from samverkan.meetings.models import AgendaItem, Meeting, Minutes
from samverkan.referrals.models import Recommendation
from samverkan.search.models import SearchEntry
from samverkan.structure.models import Body, Person
from samverkan.synthetic.generator import wipe
from samverkan.synthetic.models import Dataset

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tiny(django_db_setup: None, django_db_blocker: Any) -> Iterator[Dataset]:
    with django_db_blocker.unblock():
        call_command("generate", "--scale", "tiny", stdout=StringIO(), verbosity=0)
        yield Dataset.objects.get()
        wipe()


def api_search(client: Client, q: str, **params: str) -> dict[str, Any]:
    response = client.get("/api/v1/search", {"q": q, "limit": "100", **params})
    assert response.status_code == 200, response.content
    result: dict[str, Any] = json.loads(response.content)
    return result


def test_generated_minutes_verify_match_the_service_snapshot_and_render(tiny: Dataset) -> None:
    published = list(Minutes.objects.filter(status="adjusted").select_related("meeting"))
    assert len(published) > 40
    assert all(m.published_at is not None and meeting_services.minutes_verify(m) for m in published)
    for minutes in published[:10]:
        assert minutes.content == meeting_services.snapshot(minutes)
    # The last weeks before the reference day are still being adjusted: not published.
    assert Minutes.objects.filter(status="awaiting", published_at__isnull=True).exists()

    # Minutes with a confidential paragraph: the public page shows the others, not it.
    minutes = next(m for m in published if any(i["confidential"] for i in m.content["items"]))
    response = Client().get(f"/moten/{minutes.meeting_id}/protokoll/")
    assert response.status_code == 200
    assert response.context["intact"] is True
    html = response.content.decode().replace("&#x27;", "'")
    shown = [i["title"] for i in minutes.content["items"] if not i["confidential"]]
    hidden = [i["title"] for i in minutes.content["items"] if i["confidential"]]
    assert [title for title in shown if title not in html] == []
    assert [title for title in hidden if title in html] == []


def test_search_finds_stemmed_words_and_never_shows_the_public_a_confidential_item(
    tiny: Dataset, admin_user: Any
) -> None:
    found = api_search(Client(), "avtal", type="paper")
    assert found["count"] > 0
    # "avtal" finds the papers that only say "avtalet" (Snowball Swedish stems).
    only_definite = [i for i in found["items"] if "<mark>avtalet</mark>" in i["snippet"].lower()]
    assert only_definite, "a paper matched through the stem"
    confidential = list(AgendaItem.objects.filter(confidential=True))
    assert confidential, "seed 1 makes confidential items in the tiny data set"
    assert (
        not SearchEntry.objects.filter(object_id__in=[i.pk for i in confidential], public=True)
        .filter(source__in=["meetings.item", "meetings.decision"])
        .exists()
    )
    assert api_search(Client(), "lönesättning") == {"count": 0, "more": False, "items": []}
    admin = Client()
    admin.force_login(admin_user)
    assert "lönesättning" in admin.get("/sok/", {"q": "lönesättning"}).content.decode().lower()


def test_the_bulk_index_is_what_reindex_makes(tiny: Dataset) -> None:
    def entries() -> set[tuple[Any, ...]]:
        return set(
            SearchEntry.objects.values_list("source", "object_id", "type", "title", "text", "public", "url", "date")
        )

    generated = entries()
    call_command("reindex", stdout=StringIO())
    assert entries() == generated


def test_public_pages_of_generated_data_render(tiny: Dataset) -> None:
    client = Client()
    body = Body.objects.order_by("pk").first()
    assert body is not None
    meeting = Meeting.objects.filter(status="held").annotate(n=Count("items")).order_by("-n").first()
    assert meeting is not None
    recommendation = Recommendation.objects.filter(public=True, status="sent").first()
    assert recommendation is not None
    person = Person.objects.order_by("pk").first()
    assert person is not None
    for url, text in (
        (f"/organ/{body.key}/", body.name),
        (f"/moten/{meeting.pk}/", meeting.items.order_by("position")[6].title),
        (f"/rekommendationer/{recommendation.pk}/", recommendation.title),
        (f"/personer/{person.key}/", person.name),
        ("/rekommendationer/tavla/", ""),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode().replace("&#x27;", "'"), url


def test_a_generated_goal_fulfilment_report_renders_its_areas_and_goals_and_a_draft_stays_private(
    tiny: Dataset,
) -> None:
    published = (
        GoalReport.objects.filter(status=GoalReport.Status.PUBLISHED).select_related("body").order_by("pk").first()
    )
    assert published is not None, "the generator makes published goal fulfilment reports"
    goal = Goal.objects.filter(project__body=published.body).order_by("pk").first()
    assert goal is not None
    page = Client().get(published.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert f"Måluppfyllnad {published.year}" in html
    for section in published.sections.all():
        assert section.heading in html
    assert goal.code in html and goal.text in html
    draft = GoalReport.objects.filter(status=GoalReport.Status.DRAFT).order_by("pk").first()
    assert draft is not None, "one body in three still drafts its last report"
    assert Client().get(draft.get_absolute_url()).status_code in (302, 403, 404)
