"""A body's own procedural items, and matters created from the agenda screen."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from samverkan.meetings.models import AgendaItem, Matter, Meeting, MeetingSettings
from tests.support import Personas

pytestmark = pytest.mark.django_db


def test_a_body_starts_new_meetings_from_its_own_procedural_items(personas: Personas, login: Any) -> None:
    client = login("secretary")
    url = f"/organ/{personas.body.key}/moten/installningar/"

    # The form names the types of items in words (Swedish first), never their internal keys.
    form = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert '<option value="previous_minutes">föregående protokoll</option>' in form
    assert '<option value="opening" selected>öppnande</option>' in form
    assert "previous_minutes," not in form and "other_business" not in form.replace('value="other_business"', "")
    rows = {f"item_{i}_{part}": "" for i in range(8) for part in ("kind", "title")}

    refused = client.post(
        url,
        rows
        | {
            "numbering": "per_meeting",
            "adjustment_days": 14,
            "item_0_kind": "opening",
            "item_0_title": "Mötets öppnande",
            "item_1_title": "fika",
        },
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert refused.status_code == 200
    assert "Välj vilken sorts punkt det är." in refused.content.decode()
    assert [s.procedural_template for s in MeetingSettings.objects.filter(body=personas.body)] in ([], [[]])

    saved = client.post(
        url,
        rows
        | {
            "numbering": "per_meeting",
            "adjustment_days": 10,
            "item_0_kind": "opening",
            "item_0_title": "Mötets öppnande",
            "item_2_kind": "agenda",
            "item_2_title": "Godkännande av dagens agenda",
            "item_3_kind": "closing",
            "item_3_title": "Avslut",
        },
    )
    assert saved.status_code == 302
    settings = MeetingSettings.objects.get(body=personas.body)
    assert (settings.numbering, settings.adjustment_days) == ("per_meeting", 10)

    start = timezone.localtime(timezone.now() + datetime.timedelta(days=20)).replace(hour=13, minute=0)
    planned = client.post(
        f"/organ/{personas.body.key}/moten/nytt/",
        {"start": start.strftime("%Y-%m-%dT%H:%M"), "status": "planned", "location_name": "Rådhuset"},
    )
    assert planned.status_code == 302
    meeting = Meeting.objects.get(body=personas.body)
    assert list(meeting.items.values_list("position", "kind", "title")) == [
        (1, "opening", "Mötets öppnande"),
        (2, "agenda", "Godkännande av dagens agenda"),
        (3, "closing", "Avslut"),
    ]


def test_the_secretary_creates_a_matter_with_a_new_item_and_the_matter_shows_its_history(
    personas: Personas, login: Any
) -> None:
    from samverkan.meetings import services

    meeting = services.meeting_plan(
        actor=None, body=personas.body, start=timezone.now() + datetime.timedelta(days=5), location_name="Rådhuset"
    )
    client = login("secretary")
    response = client.post(
        f"/moten/{meeting.pk}/dagordning/",
        {
            "title": "Avtal om digitala hjälpmedel",
            "kind": "position",
            "new_matter_reference": "VK 2022/10",
            "new_matter_title": "Samverkansavtal digitala hjälpmedel",
        },
    )
    assert response.status_code == 302
    matter = Matter.objects.get(reference="VK 2022/10")
    assert matter.title == "Samverkansavtal digitala hjälpmedel"
    item = AgendaItem.objects.get(meeting=meeting, title="Avtal om digitala hjälpmedel")
    assert item.matter == matter

    again = client.post(
        f"/moten/{meeting.pk}/dagordning/",
        {"title": "Samma igen", "kind": "position", "new_matter_reference": "VK 2022/10"},
    )
    assert again.status_code == 200
    assert Matter.objects.count() == 1
    assert not AgendaItem.objects.filter(title="Samma igen").exists()

    page = client.get(f"/arenden/{matter.pk}/").content.decode()
    assert "VK 2022/10" in page
    assert "Avtal om digitala hjälpmedel" in page


def test_a_matter_dealt_with_only_in_confidence_is_not_shown_to_those_outside(personas: Personas, login: Any) -> None:
    """A matter takes its title from the item it was created on. Created on a confidential item,
    its title ("Uppsägning av ...") is as confidential as the item: the public matter page does
    not exist for it, and the suggestions of the matter field name it only to the body's
    secretaries and administrators, until a public item deals with the matter."""
    import json

    from samverkan.meetings import services

    meeting = services.meeting_plan(
        actor=None, body=personas.body, start=timezone.now() + datetime.timedelta(days=5), location_name="Rådhuset"
    )
    created = login("secretary").post(
        f"/moten/{meeting.pk}/dagordning/",
        {
            "title": "Personalärende",
            "kind": "decision",
            "confidential": "on",
            "new_matter_reference": "VK 2026/99",
            "new_matter_title": "Uppsägning av en anställd",
        },
    )
    assert created.status_code == 302
    matter = Matter.objects.get(reference="VK 2026/99")

    def suggested(who: str) -> list[str]:
        response = login(who).get("/arenden/forslag.json", {"q": "Uppsägning"})
        assert response.status_code == 200
        return [r["key"] for r in json.loads(response.content)["results"]]

    assert login("anonymous").get(f"/arenden/{matter.pk}/").status_code == 404
    assert login("member").get(f"/arenden/{matter.pk}/").status_code == 404
    assert f"/arenden/{matter.pk}/" not in login("anonymous").get("/sitemap.xml").content.decode()
    assert suggested("secretary") == ["VK 2026/99"]
    assert suggested("administrator") == ["VK 2026/99"]
    assert suggested("other_secretary") == []
    assert suggested("registrar") == []
    assert suggested("member") == []

    AgendaItem.objects.create(meeting=meeting, position=9, title="Uppföljning", kind="information", matter=matter)
    assert login("anonymous").get(f"/arenden/{matter.pk}/").status_code == 200
    assert f"/arenden/{matter.pk}/" in login("anonymous").get("/sitemap.xml").content.decode()
    assert suggested("registrar") == ["VK 2026/99"]


def test_a_matter_no_item_deals_with_yet_is_found_by_secretaries_only(personas: Personas, login: Any) -> None:
    """A matter registered ahead (no item yet) is offered to the secretaries, who put it on an
    agenda, and to administrators; not to other accounts, and it has no public page."""
    import json

    from samverkan.meetings import services

    matter = services.matter_create(actor=None, reference="VK 2026/100", title="Regional cancerplan")

    def suggested(who: str) -> list[str]:
        response = login(who).get("/arenden/forslag.json", {"q": "cancerplan"})
        return [r["key"] for r in json.loads(response.content)["results"]]

    assert suggested("secretary") == suggested("other_secretary") == suggested("administrator") == ["VK 2026/100"]
    assert suggested("registrar") == suggested("member") == []
    assert login("anonymous").get(f"/arenden/{matter.pk}/").status_code == 404
