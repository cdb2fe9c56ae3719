"""`samverkan generate`: the tiny scale's counts, determinism, refusal on real data, --replace.
What the generated data looks like to a reader is in test_generated_data.py."""

from __future__ import annotations

import datetime
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Min
from django.test import Client

from samverkan.meetings.models import AgendaItem, Attachment, Meeting, Minutes
from samverkan.referrals.models import Recipient, Recommendation, Response
from samverkan.search.models import SearchEntry
from samverkan.structure.models import Body, Membership, Person, Principal
from samverkan.synthetic.models import Dataset
from samverkan.synthetic.scales import REFERENCE_DAY

pytestmark = pytest.mark.django_db


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate", "--scale", "tiny", *args, stdout=out, verbosity=0)
    return out.getvalue()


def fingerprint() -> dict[str, Any]:
    return {
        "principals": sorted(Principal.objects.values_list("name", flat=True)),
        "bodies": sorted(Body.objects.values_list("key", "name")),
        "people": list(Person.objects.order_by("pk").values_list("key", "name", "title")),
        "meetings": list(Meeting.objects.order_by("pk").values_list("body__key", "start", "status")),
        "items": list(AgendaItem.objects.order_by("pk").values_list("title", "decision", "confidential")),
        "minutes": list(Minutes.objects.order_by("meeting_id").values_list("content_hash", flat=True)),
        "recommendations": list(Recommendation.objects.order_by("pk").values_list("title", "deadline", "status")),
        "answers": list(Response.objects.order_by("pk").values_list("answer", "answered_at")),
        "search": SearchEntry.objects.count(),
    }


def api_search(client: Client, q: str, **params: str) -> dict[str, Any]:
    response = client.get("/api/v1/search", {"q": q, "limit": "100", **params})
    assert response.status_code == 200, response.content
    result: dict[str, Any] = json.loads(response.content)
    return result


@pytest.fixture
def tiny() -> Dataset:
    generate()
    return Dataset.objects.get()


def test_tiny_has_the_promised_shape(tiny: Dataset) -> None:
    assert (tiny.scale, tiny.seed) == ("tiny", 1)
    assert tiny.finished_at is not None and tiny.seconds is not None
    assert Dataset.objects.filter(scale="tiny", seed=1, finished_at__isnull=False).exists()
    assert dict(Principal.objects.values_list("kind").annotate(n=Count("pk"))) == {
        "region": 1,
        "municipality": 5,
        "municipal_association": 1,
    }
    assert (Body.objects.count(), Person.objects.count(), Recommendation.objects.count()) == (4, 40, 5)
    assert 50 <= Meeting.objects.count() <= 75
    per_meeting = Meeting.objects.annotate(n=Count("items")).aggregate(low=Min("n"), high=Max("n"))
    assert (per_meeting["low"] >= 8, per_meeting["high"] <= 20) == (True, True)
    # The counts recorded are the rows in the database.
    assert tiny.counts["meetings.Meeting"] == Meeting.objects.count()
    assert tiny.counts["meetings.AgendaItem"] == AgendaItem.objects.count()
    assert tiny.counts["meetings.Attachment"] == Attachment.objects.count() > 0
    # Held meetings lie before the reference day, planned ones after it (the plan goes on).
    reference = datetime.datetime.combine(REFERENCE_DAY, datetime.time(), tzinfo=datetime.UTC)
    assert not Meeting.objects.filter(status="held", start__gte=reference).exists()
    assert not Meeting.objects.filter(status="planned", start__lt=reference).exists()
    assert Meeting.objects.filter(status="planned").exists()
    # Every seat in the current term is open-ended; every person has a seat somewhere.
    assert Membership.objects.filter(end__isnull=True).exists()
    assert not Person.objects.filter(memberships__isnull=True).exists()
    # Recommendations go to the region and its five municipalities; the current answer is the latest.
    assert set(
        Recipient.objects.values_list("recommendation_id").annotate(n=Count("pk")).values_list("n", flat=True)
    ) == {6}
    for recipient in Recipient.objects.filter(current_response__isnull=False):
        latest = recipient.responses.order_by("-answered_at", "-pk").first()
        assert recipient.current_response == latest
    deadlines = list(Recommendation.objects.values_list("deadline", flat=True))
    assert any(d < REFERENCE_DAY for d in deadlines)
    # Papers point at a few shared files; each keeps its own text.
    assert Attachment.objects.values("file").distinct().count() <= 8
    assert Attachment.objects.values("text").distinct().count() > Attachment.objects.count() // 2


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data() -> None:
    generate()
    first = fingerprint()
    generate("--replace")
    assert fingerprint() == first
    generate("--replace", "--seed", "2")
    other = fingerprint()
    assert other["people"] != first["people"] and other["items"] != first["items"]
    assert Dataset.objects.get().seed == 2


def test_refuses_a_database_with_real_data_and_changes_nothing() -> None:
    Principal.objects.create(key="ale", name="Ale kommun", kind="municipality")
    with pytest.raises(CommandError, match=r"Refused: the database holds 1 principals .* Nothing was changed"):
        generate()
    with pytest.raises(CommandError, match="Refused"):
        generate("--replace")  # --replace never wipes what was not generated
    assert list(Principal.objects.values_list("key", flat=True)) == ["ale"]
    assert (Body.objects.count(), Person.objects.count(), Dataset.objects.count()) == (0, 0, 0)


def test_a_finished_data_set_is_replaced_only_when_asked(tiny: Dataset) -> None:
    meetings = Meeting.objects.count()
    with pytest.raises(CommandError, match=r"already holds a synthetic data set .* --replace"):
        generate()
    assert Dataset.objects.get() == tiny
    output = generate("--replace")
    assert "Generated the tiny data set (seed 1)" in output
    assert Dataset.objects.count() == 1 and Dataset.objects.get().started_at > tiny.started_at
    assert Meeting.objects.count() == meetings  # wiped, then made again: not doubled
