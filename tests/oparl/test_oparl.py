"""OParl 1.1 at /oparl/v1/: every object and list page valid against the specification's
schemas, the whole endpoint read by a generic client, paging and filters, deleted objects,
files, and nothing confidential, draft or unpublished anywhere."""

from __future__ import annotations

import datetime
import json
import math
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from samverkan.api.oparl.objects import MEETING_PAGE_SIZE, object_url
from samverkan.meetings import services as meeting_services
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.referrals.models import Response
from samverkan.structure.models import Membership, Term
from tests.oparl.helpers import get_json, path_of, validate, validate_page, walk
from tests.support import MeetingWorld, Personas, ReferralWorld, meeting_world, pdf_bytes, referral_world

pytestmark = pytest.mark.django_db

BASE = settings.SITE_URL + "/oparl/v1/"
SECRET = "Hemlig personalfråga"


class World:
    def __init__(self, personas: Personas) -> None:
        self.p = personas
        self.meetings: MeetingWorld = meeting_world(personas)
        self.referrals: ReferralWorld = referral_world(personas)
        self.term = Term.objects.create(
            key="2023-2026",
            name="Mandatperioden 2023–2026",
            start=datetime.date(2023, 1, 1),
            end=datetime.date(2026, 12, 31),
        )
        personas.membership.term = self.term
        personas.membership.save()
        personas.person.email = "maria.medlem@testkommun.se"
        personas.person.save()
        planned = self.meetings.planned
        Meeting.objects.filter(pk=planned.pk).update(
            online_url="https://mote.example/hemlig-lank", address="Storgatan 1"
        )
        self.confidential = meeting_services.item_add(
            actor=None, meeting=planned, title=SECRET, kind="information", confidential=True
        )
        meeting_services.attachment_add(
            actor=None,
            item=self.confidential,
            upload=SimpleUploadedFile("hemlig.pdf", pdf_bytes()),
            title="Hemlig bilaga",
        )
        removed = meeting_services.item_add(actor=None, meeting=planned, title="Struken punkt", kind="information")
        self.removed_pk = removed.pk
        meeting_services.item_delete(actor=None, item=removed)


@pytest.fixture
def world(personas: Personas) -> World:
    return World(personas)


def test_the_system_and_the_body(world: World) -> None:
    client = Client()
    system = get_json(client, BASE)
    assert validate(system, "System") == "System"
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    bodies = get_json(client, system["body"])
    validate_page(bodies, "Body")
    (body,) = bodies["data"]
    assert body["system"] == BASE
    assert [t["name"] for t in body["legislativeTerm"]] == ["Mandatperioden 2023–2026"]
    assert get_json(client, body["id"]) == body
    assert Client().get("/oparl/").url == "/oparl/v1/"


def test_a_generic_client_reads_the_whole_endpoint(world: World) -> None:
    result = walk(Client(), BASE)
    assert result.types == {
        "System": 1,
        "Body": 1,
        # testorgan, grannorgan, testkommun, grannkommun
        "Organization": 4,
        "Person": 1,
        "Membership": 1,
        # the planned and the held meeting
        "Meeting": 2,
        # the planned meeting's 6 procedural items and "Budget", the held meeting's item
        "AgendaItem": 8,
        "Paper": 1,
        # the two principals asked
        "Consultation": 2,
        # Budget's paper, the held meeting's minutes, the recommendation's paper, the extract
        "File": 4,
        # the planned meeting's place, the held one's
        "Location": 2,
        "LegislativeTerm": 1,
    }
    # The lists hold what is hidden or removed as `deleted: true` (OParl 1.1), nothing else of it:
    assert result.deleted == {
        # the confidential item, the removed one
        "AgendaItem": 2,
        # the draft recommendation and its recipient
        "Paper": 1,
        "Consultation": 1,
        # the confidential item's paper, the draft's paper
        "File": 2,
    }
    everything = "\n".join(result.texts)
    for hidden in (
        SECRET,
        "Hemlig bilaga",
        "hemlig-lank",
        "maria.medlem@testkommun.se",
        world.referrals.draft.title,
        "Struken punkt",
    ):
        assert hidden not in everything
    # Every file answers at its accessUrl.
    for url in result.files:
        assert Client().head(path_of(url)).status_code == 200, url


def test_objects_hold_what_the_public_pages_show(world: World) -> None:
    client = Client()
    p, m, r = world.p, world.meetings, world.referrals
    held = get_json(client, f"{BASE}meeting/{m.held.pk}/")
    assert held["organization"] == [f"{BASE}organization/organ-{p.body.pk}/"]
    assert held["participant"] == [f"{BASE}person/{p.person.pk}/"]
    assert held["resultsProtocol"]["mimeType"] == "application/pdf"
    assert [i["name"] for i in held["agendaItem"]] == ["Information"]
    planned = get_json(client, f"{BASE}meeting/{m.planned.pk}/")
    assert "participant" not in planned and "resultsProtocol" not in planned  # no minutes yet
    assert planned["location"]["description"] == "Rådhuset, Storgatan 1"
    budget = next(i for i in planned["agendaItem"] if i["name"] == "Budget")
    assert "resolutionText" not in budget  # a decision is a draft until the minutes are published
    assert [f["name"] for f in budget["auxiliaryFile"]] == ["Budget"]
    assert planned["meetingState"] == "planerat"
    assert planned["samverkan:date"] == timezone.localdate(m.planned.start).isoformat()

    # Only the day decided: no start or end to tell, the keyword says so, the day stays readable
    # (meine-stadt-transparent's import hook takes it, docs/oparl.md).
    Meeting.objects.filter(pk=m.planned.pk).update(time_decided=False)
    undecided = get_json(client, f"{BASE}meeting/{m.planned.pk}/")
    assert "start" not in undecided and "end" not in undecided
    assert undecided["keyword"] == ["tid ej bestämd"]
    assert undecided["samverkan:date"] == planned["samverkan:date"]
    validate(undecided, "Meeting")

    person = get_json(client, f"{BASE}person/{p.person.pk}/")
    (seat,) = person["membership"]
    assert seat["organization"] == f"{BASE}organization/organ-{p.body.pk}/"
    assert seat["onBehalfOf"] == f"{BASE}organization/huvudman-{p.principal.pk}/"
    assert seat["role"] == "ledamot"
    assert seat["startDate"] == "2023-01-01"
    assert "email" not in person

    organ = get_json(client, f"{BASE}organization/organ-{p.body.pk}/")
    assert organ["name"] == "Testorganet"
    assert organ["membership"] == [seat["id"]]
    meetings = get_json(client, organ["meeting"])
    assert [x["id"] for x in meetings["data"]] == [planned["id"], held["id"]]  # in the order they were planned
    principal = get_json(client, f"{BASE}organization/huvudman-{p.principal.pk}/")
    assert principal["classification"] == "kommun"

    paper = get_json(client, f"{BASE}paper/{r.sent.pk}/")
    assert paper["name"] == "Samverkansavtal om hjälpmedel"
    assert paper["paperType"] == "Rekommendation"
    assert paper["mainFile"]["name"] == "Förslag till samverkansavtal"
    answers = {c["organization"][0]: c.get("samverkan:answer") for c in paper["consultation"]}
    assert answers == {
        f"{BASE}organization/huvudman-{p.principal.pk}/": "bifall",
        f"{BASE}organization/huvudman-{p.other_principal.pk}/": None,
    }


def test_hidden_and_removed_objects_answer_as_deleted(world: World) -> None:
    client = Client()
    secret = get_json(client, f"{BASE}agendaItem/{world.confidential.pk}/")
    validate(secret, "AgendaItem")
    assert secret == {
        "id": f"{BASE}agendaItem/{world.confidential.pk}/",
        "type": "https://schema.oparl.org/1.1/AgendaItem",
        "deleted": True,
        "modified": secret["modified"],
    }
    removed = get_json(client, f"{BASE}agendaItem/{world.removed_pk}/")
    assert removed["deleted"] is True
    draft = get_json(client, f"{BASE}paper/{world.referrals.draft.pk}/")
    assert set(draft) == {"id", "type", "deleted", "modified"}
    secret_file = world.confidential.attachments.get()
    assert get_json(client, f"{BASE}file/bilaga-{secret_file.pk}/")["deleted"] is True
    assert client.get(f"/oparl/v1/file/bilaga-{secret_file.pk}/access/").status_code == 404
    assert client.get(f"/oparl/v1/file/handling-{world.referrals.draft_paper.pk}/download/").status_code == 404
    # Never existed: 404, as JSON.
    for url in ("/oparl/v1/agendaItem/999999/", "/oparl/v1/nothing/", "/oparl/v1/file/x-1/", "/oparl/v2/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert json.loads(response.content)["status"] == 404


def test_lists_hold_hidden_and_removed_objects_as_deleted(world: World) -> None:
    """OParl 1.1: a deleted object stays in the external lists with `deleted: true`, so that a
    client syncing with `modified_since` learns of the removal without fetching each object."""
    client = Client()
    AgendaItem.objects.update(updated_at=timezone.now() - datetime.timedelta(days=2))
    before = timezone.now() - datetime.timedelta(seconds=1)
    page = get_json(client, f"{BASE}agendaItem/")
    validate_page(page, "AgendaItem")
    by_id = {o["id"]: o for o in page["data"]}
    secret = by_id[f"{BASE}agendaItem/{world.confidential.pk}/"]
    assert secret == get_json(client, secret["id"])  # as it answers at its own address
    assert set(secret) == {"id", "type", "deleted", "modified"}
    removed = by_id[f"{BASE}agendaItem/{world.removed_pk}/"]
    assert removed["deleted"] is True and set(removed) == {"id", "type", "deleted", "modified"}
    assert SECRET not in json.dumps(page, ensure_ascii=False)
    assert page["pagination"]["totalElements"] == len(page["data"]) == 10

    # An item made confidential now: it keeps its place in the list, as deleted, with a new
    # `modified`; a client asking what changed since gets it, and only what changed.
    budget = world.meetings.planned.items.get(title="Budget")
    position = [o["id"] for o in page["data"]].index(f"{BASE}agendaItem/{budget.pk}/")
    meeting_services.item_update(actor=None, item=budget, version=budget.version, confidential=True)
    after = get_json(client, f"{BASE}agendaItem/")["data"]
    assert after[position]["id"] == f"{BASE}agendaItem/{budget.pk}/"
    assert after[position]["deleted"] is True
    since = before.isoformat().replace("+", "%2B")
    changed = get_json(client, f"{BASE}agendaItem/?modified_since={since}")
    validate_page(changed, "AgendaItem")
    # The item made confidential, and the one removed (just now, when the test began).
    assert [o["id"] for o in changed["data"]] == [
        f"{BASE}agendaItem/{budget.pk}/",
        f"{BASE}agendaItem/{world.removed_pk}/",
    ]
    assert all(o["deleted"] for o in changed["data"])
    # With a created filter, a removed row (whose creation is no longer known) is left out, a
    # hidden one is not.
    created = get_json(client, f"{BASE}agendaItem/?created_since=2000-01-01")
    ids = {o["id"] for o in created["data"]}
    assert f"{BASE}agendaItem/{world.confidential.pk}/" in ids
    assert f"{BASE}agendaItem/{world.removed_pk}/" not in ids
    # A deleted paper is in the file list too, with nothing of it.
    files = get_json(client, f"{BASE}file/")
    validate_page(files, "File")
    secret_file = world.confidential.attachments.get()
    (tomb,) = [o for o in files["data"] if o["id"] == f"{BASE}file/bilaga-{secret_file.pk}/"]
    assert tomb["deleted"] is True and "Hemlig bilaga" not in json.dumps(files, ensure_ascii=False)


def test_files_answer_head_and_get_with_their_headers(world: World) -> None:
    client = Client()
    paper = world.meetings.paper
    for method in ("head", "get"):
        access = getattr(client, method)(f"/oparl/v1/file/bilaga-{paper.pk}/access/")
        assert access.status_code == 200
        assert access["Content-Type"] == "application/pdf"
        assert access["Content-Length"] == str(paper.size)
        assert access["Last-Modified"]
        assert not access["Content-Disposition"].startswith("attachment")
        download = getattr(client, method)(f"/oparl/v1/file/bilaga-{paper.pk}/download/")
        assert download["Content-Disposition"] == 'attachment; filename="budget.pdf"'
        assert download["Content-Length"] == str(paper.size)
    assert (
        b"".join(client.get(f"/oparl/v1/file/bilaga-{paper.pk}/download/").streaming_content)
        == paper.file.open("rb").read()
    )
    minutes = world.meetings.held.minutes
    pdf = client.get(f"/oparl/v1/file/protokoll-{minutes.pk}/download/")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert pdf["Content-Length"] == str(len(pdf.content))
    assert pdf["Content-Disposition"].startswith("attachment;")
    assert client.post(f"/oparl/v1/file/bilaga-{paper.pk}/access/").status_code in (403, 405)


def _meetings(personas: Personas, n: int) -> None:
    start = timezone.now() - datetime.timedelta(days=400)
    Meeting.objects.bulk_create(
        Meeting(body=personas.other_body, start=start + datetime.timedelta(days=i), location_name="Salen")
        for i in range(n)
    )


def test_lists_are_paged_with_next_links_that_keep_the_filters(personas: Personas) -> None:
    _meetings(personas, 230)
    client = Client()
    url: str | None = f"{BASE}meeting/?omit_internal=true&created_since=2000-01-01T00:00:00%2B01:00"
    ids: list[str] = []
    pages = 0
    while url:
        page = get_json(client, url)
        validate_page(page, "Meeting")
        pages += 1
        ids += [m["id"] for m in page["data"]]
        assert all("location" not in m for m in page["data"])  # omit_internal leaves out embedded objects
        url = page["links"].get("next")
        if url:
            assert "omit_internal=true" in url and "created_since=2000-01-01T00%3A00%3A00%2B01%3A00" in url
        assert page["pagination"]["totalElements"] == 230
        assert page["pagination"]["elementsPerPage"] == MEETING_PAGE_SIZE
    assert pages == math.ceil(230 / MEETING_PAGE_SIZE)
    assert len(ids) == len(set(ids)) == 230
    assert ids == sorted(ids, key=lambda u: int(u.rstrip("/").rsplit("/", 1)[1]))  # a stable order


def test_filters_by_created_and_modified(personas: Personas) -> None:
    _meetings(personas, 3)
    later = timezone.now() + datetime.timedelta(minutes=5)
    Meeting.objects.filter(pk=Meeting.objects.order_by("pk").first().pk).update(updated_at=later)  # type: ignore[union-attr]
    client = Client()

    def count(query: str) -> int:
        return get_json(client, f"{BASE}meeting/?{query}")["pagination"]["totalElements"]

    stamp = (later - datetime.timedelta(minutes=1)).isoformat().replace("+", "%2B")
    assert count("") == 3
    assert count(f"modified_since={stamp}") == 1
    assert count(f"modified_until={stamp}") == 2
    assert count(f"created_since={stamp}") == 0
    assert count(f"created_until={stamp}") == 3
    assert count("created_since=2000-01-01") == 3
    bad = client.get("/oparl/v1/meeting/?modified_since=igår")
    assert bad.status_code == 400
    assert "modified_since" in json.loads(bad.content)["error"]
    assert client.get("/oparl/v1/meeting/?page=0").status_code == 400
    assert client.get("/oparl/v1/meeting/?page=9").status_code == 404


@pytest.mark.parametrize(
    "kind",
    ["organization", "person", "membership", "meeting", "agendaItem", "paper", "consultation", "file", "location"],
)
def test_list_pages_cost_the_same_queries_when_the_data_doubles(personas: Personas, kind: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import BodyFactory, MembershipFactory, PersonFactory, PrincipalFactory

    counter = iter(range(1000))

    def grow() -> None:
        for _ in range(2):
            n = next(counter)
            body = BodyFactory(owners=[PrincipalFactory()])
            person = PersonFactory()
            MembershipFactory(body=body, person=person, principal=personas.principal)
            meeting = meeting_services.meeting_plan(
                actor=None, body=body, start=timezone.now() + datetime.timedelta(days=n + 1), room="Sal A"
            )
            item = meeting_services.item_add(actor=None, meeting=meeting, title=f"Punkt {n}", kind="decision")
            meeting_services.attachment_add(
                actor=None, item=item, upload=SimpleUploadedFile("b.pdf", pdf_bytes()), title=f"Bilaga {n}"
            )
            _recommendation(personas, body, item, n)

    def measure() -> tuple[int, int]:
        client = Client()
        client.get(f"/oparl/v1/{kind}/")
        with CaptureQueriesContext(connection) as ctx:
            page = json.loads(client.get(f"/oparl/v1/{kind}/").content)
        validate_page(page)
        return len(ctx.captured_queries), len(page["data"])

    grow()
    queries_n, size_n = measure()
    grow()
    queries_2n, size_2n = measure()
    assert size_2n > size_n
    assert queries_2n == queries_n
    assert queries_n <= 10  # issue 19: every page at most 10 queries


def _recommendation(personas: Personas, body: Any, item: AgendaItem, n: int) -> None:
    from samverkan.referrals import services as referral_services

    recommendation = referral_services.recommendation_create(
        actor=None,
        body=body,
        principals=[personas.principal, personas.other_principal],
        title=f"Rekommendation {n}",
        question="X kommun ställer sig bakom.",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        agenda_item=item,
        source="test",
    )
    referral_services.paper_add(
        actor=None,
        recommendation=recommendation,
        upload=SimpleUploadedFile("f.pdf", pdf_bytes(), content_type="application/pdf"),
        title="Förslag",
        source="test",
    )
    referral_services.recommendation_send(actor=None, recommendation=recommendation, source="test")


def test_a_client_following_modified_since_learns_that_an_item_was_hidden_or_removed(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    """A client that updates by `modified_since` (meine-stadt-transparent's import_update) reads
    the meeting list only: an agenda item made confidential, or removed, after its import must
    move the meeting's `modified`, or the item stays public in that client."""
    client = Client()
    since = timezone.now().isoformat().replace("+", "%2B")
    planned, item = world.meetings.planned, world.meetings.item
    meeting_id = object_url("meeting", planned.pk)

    def changed_meetings() -> dict[str, Any]:
        page = get_json(client, f"{BASE}meeting/?modified_since={since}")
        validate_page(page, "Meeting")
        return {m["id"]: m for m in page["data"]}

    assert meeting_id not in changed_meetings()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.item_update(actor=None, item=item, version=item.version, confidential=True)
    meeting = changed_meetings()[meeting_id]
    assert item.title not in json.dumps(meeting, ensure_ascii=False)
    assert meeting["modified"] > meeting["created"]

    other = meeting_services.item_add(actor=None, meeting=planned, title="Punkt som stryks")
    since = timezone.now().isoformat().replace("+", "%2B")
    assert meeting_id not in changed_meetings()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.item_delete(actor=None, item=other)
    assert meeting_id in changed_meetings()


def test_a_new_seat_or_answer_moves_the_person_or_paper_it_belongs_to(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    since = timezone.now().isoformat().replace("+", "%2B")

    def changed(kind: str) -> set[str]:
        return {o["id"] for o in get_json(client, f"{BASE}{kind}/?modified_since={since}")["data"]}

    person, body = world.p.person, world.p.body
    assert object_url("person", person.pk) not in changed("person")
    with django_capture_on_commit_callbacks(execute=True):
        Membership.objects.create(person=person, body=body, role=Membership.Role.SUBSTITUTE)
    assert object_url("person", person.pk) in changed("person")

    sent = world.referrals.sent
    assert object_url("paper", sent.pk) not in changed("paper")
    with django_capture_on_commit_callbacks(execute=True):
        Response.objects.create(
            recipient=world.referrals.other_recipient, answer=Response.Answer.APPROVED, answered_at=timezone.now()
        )
    assert object_url("paper", sent.pk) in changed("paper")
