"""'Mina uppgifter' (issue 12 point 8): after log-in, each persona's own tasks, composed from the
apps' sections (core.sections.MY_TASKS), with unknowns shown as unknown and a query count that
does not grow with the data."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.core.sections import MY_TASKS, sections_for
from samverkan.importer.models import ImportedDocument
from samverkan.meetings import services as meeting_services
from samverkan.meetings.models import Adjuster, Meeting, Minutes
from samverkan.structure.models import Membership
from tests.factories import BodyFactory, MembershipFactory, PrincipalFactory
from tests.meetings.factories import MeetingFactory
from tests.referrals.factories import sent_recommendation
from tests.support import Personas, meeting_world

URL = "/mina-uppgifter/"
Login = Callable[[str], Client]
_sha = itertools.count(1)


def proposed_import(uploader: Any, body: Any = None, name: str = "protokoll.txt") -> ImportedDocument:
    return ImportedDocument.objects.create(
        sha256=f"{next(_sha):064d}",
        original_name=name,
        size=4,
        content_type="text/plain",
        status=ImportedDocument.Status.PROPOSED,
        uploaded_by=uploader,
        proposal={"body": body.pk if body else None},
    )


def awaiting_adjustment(person: Any, body: Any, start: datetime.datetime, deadline: Any = "keep") -> Minutes:
    meeting = MeetingFactory(body=body, start=start, end=None)
    meeting_services.item_add(actor=None, meeting=meeting, title="Information", kind="information")
    meeting_services.minutes_draw_up(actor=None, meeting=meeting, adjusters=[person])
    minutes = meeting_services.minutes_for(meeting)
    if deadline != "keep":
        Minutes.objects.filter(pk=minutes.pk).update(adjustment_deadline=deadline)
    return minutes


def test_the_apps_contribute_their_blocks_through_the_slot() -> None:
    templates = [s.template for s in sections_for(*MY_TASKS)]
    assert templates == [
        "meetings/_my_notices.html",
        "meetings/_my_adjustments.html",
        "meetings/_my_meetings.html",
        "referrals/_my_tasks.html",
        "importer/_my_tasks.html",
        "agreements/_my_tasks.html",
    ]


def test_the_public_is_sent_to_log_in_and_comes_back(personas: Personas, login: Login) -> None:
    response = login("anonymous").get(URL)
    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={URL}")


def test_logging_in_lands_on_my_tasks(personas: Personas) -> None:
    personas.member.set_password("ett långt lösenord 42")
    personas.member.save()
    client = Client()
    response = client.post(reverse("account_login"), {"login": "member", "password": "ett långt lösenord 42"})
    assert (response.status_code, response["Location"]) == (302, URL)
    page = client.get(URL)
    assert f'href="{URL}"' in page.content.decode()  # and the header links it on every page


def test_the_member_sees_the_next_meetings_and_the_minutes_to_adjust(personas: Personas, login: Login) -> None:
    world = meeting_world(personas)
    meeting_services.absence_report(actor=None, meeting=world.planned, person=personas.person, via="login")
    undecided = MeetingFactory(
        body=personas.body, start=timezone.now() + datetime.timedelta(days=60), end=None, location_name=""
    )
    Meeting.objects.filter(pk=undecided.pk).update(time_decided=False)
    MeetingFactory(body=personas.other_body, start=timezone.now() + datetime.timedelta(days=5))  # not mine
    minutes = awaiting_adjustment(
        personas.person, personas.body, timezone.now() - datetime.timedelta(days=3), deadline=None
    )
    page = login("member").get(URL).content.decode()
    assert "Nästa sammanträden i mina organ" in page
    assert page.count("Testorganet, ") == 3  # two coming meetings, one set of minutes
    assert "Grannorganet" not in page
    assert "du har anmält förhinder" in page  # the absence she reported
    assert "tiden är inte bestämd" in page and "platsen är inte bestämd" in page  # unknown stays unknown
    assert "Protokoll som väntar på min justering" in page
    assert f'href="{reverse("meetings:adjust", kwargs={"pk": minutes.meeting_id})}"' in page
    assert "okänt" in page  # no adjustment deadline known
    # Not a secretary, a registrar nor an importer: those blocks are left out.
    assert "Kallelser som inte skickats" not in page
    assert "Rekommendationer som väntar" not in page
    assert "Importer att granska" not in page
    # Once adjusted, the minutes leave the list.
    meeting_services.adjustment_confirm(actor=None, minutes=minutes, person=personas.person, via="login")
    page = login("member").get(URL).content.decode()
    assert "Inga protokoll väntar på din justering." in page


def test_the_secretary_sees_notices_not_sent_and_imports_to_review(personas: Personas, login: Login) -> None:
    world = meeting_world(personas)
    sent = MeetingFactory(body=personas.body, start=timezone.now() + datetime.timedelta(days=9))
    Meeting.objects.filter(pk=sent.pk).update(notice_sent_at=timezone.now())
    MeetingFactory(body=personas.other_body, start=timezone.now() + datetime.timedelta(days=9))
    mine = proposed_import(personas.secretary, name="mitt-protokoll.txt")
    for_my_body = proposed_import(personas.other_secretary, personas.body, name="till-mitt-organ.txt")
    proposed_import(personas.other_secretary, personas.other_body, name="inte-mitt.txt")
    page = login("secretary").get(URL).content.decode()
    assert "Kallelser som inte skickats" in page
    assert f'href="{reverse("meetings:notice_send", kwargs={"pk": world.planned.pk})}"' in page
    assert f'href="{reverse("meetings:notice_send", kwargs={"pk": sent.pk})}"' not in page
    assert "Importer att granska" in page
    assert mine.original_name in page and for_my_body.original_name in page
    assert "inte-mitt.txt" not in page
    assert "Nästa sammanträden i mina organ" in page  # the bodies they run


def test_a_secretary_without_coming_meetings_is_not_told_their_notices_are_sent(
    personas: Personas, login: Login
) -> None:
    """With nothing planned, "every coming meeting's notice is sent" was true of nothing and read
    as if notices had gone out; the page now says only that none waits."""
    Meeting.objects.filter(body=personas.body).delete()
    page = login("secretary").get(URL).content.decode()
    assert "Kallelser som inte skickats" in page
    assert "Inget kommande sammanträde väntar på sin kallelse." in page
    assert "är skickad" not in page


def test_the_registrar_sees_what_waits_by_deadline(personas: Personas, login: Login) -> None:
    today = timezone.localdate()
    later = sent_recommendation(
        body=personas.body, principals=[personas.principal], title="Senare", deadline=today + datetime.timedelta(30)
    )
    sooner = sent_recommendation(
        body=personas.body, principals=[personas.principal], title="Snart", deadline=today + datetime.timedelta(3)
    )
    page = login("registrar").get(URL).content.decode()
    assert "Rekommendationer som väntar på min huvudmans svar" in page
    assert page.index(sooner.title) < page.index(later.title)
    assert reverse("referrals:inbox") in page
    for absent in ("Nästa sammanträden i mina organ", "Kallelser som inte skickats", "Importer att granska"):
        assert absent not in page


def test_a_user_without_roles_is_told_so(personas: Personas, login: Login) -> None:
    page = login("outsider").get(URL).content.decode()
    assert "Inget väntar på dig" in page


def test_the_query_count_does_not_grow_with_the_tasks(personas: Personas) -> None:
    """One user holding every role (member, secretary, adjuster, registrar, importer)."""
    user = personas.member
    personas.body.secretaries.add(user)
    now = timezone.now()

    def grow() -> None:
        for _ in range(3):
            body = BodyFactory()
            body.secretaries.add(user)
            MembershipFactory(body=body, person=personas.person, role=Membership.Role.MEMBER)
            start = now + datetime.timedelta(days=len(Meeting.objects.all()) + 2)
            meeting = MeetingFactory(body=body, start=start)
            meeting_services.absence_report(actor=None, meeting=meeting, person=personas.person, via="login")
            awaiting_adjustment(personas.person, body, now - datetime.timedelta(days=Meeting.objects.count() + 1))
            principal = PrincipalFactory()
            principal.registrars.add(user)
            sent_recommendation(body=body, principals=[principal])
            proposed_import(user, body)

    def size(response: Any) -> int:
        return response.content.decode().count("<li>")

    client = Client()
    client.force_login(user)
    grow()
    client.get(URL)  # warm caches
    with CaptureQueriesContext(connection) as first:
        small = client.get(URL)
    grow()
    with CaptureQueriesContext(connection) as second:
        big = client.get(URL)
    assert size(big) > size(small)
    assert Adjuster.objects.filter(person=personas.person).count() == 6
    assert len(second.captured_queries) == len(first.captured_queries), "\n".join(
        q["sql"] for q in second.captured_queries
    )
    # Issue 19: at most 10, for a user with every role (the session and the user included; the
    # roles are read once for all the blocks).
    assert len(second.captured_queries) <= 10, "\n".join(q["sql"] for q in second.captured_queries)


def test_more_waiting_than_shown_costs_no_extra_query(personas: Personas) -> None:
    """The notices and the imports show 20 each and say how many wait in all: that total is
    counted in the same query (it took one more each once more than 20 waited: 8 queries on the
    benchmark's PostgreSQL after its soak had left imports waiting, 7 on SQLite)."""
    user = personas.secretary
    now = timezone.now()

    def grow(n: int) -> None:
        for _ in range(n):
            MeetingFactory(body=personas.body, start=now + datetime.timedelta(days=Meeting.objects.count() + 2))
            proposed_import(user, personas.body)

    client = Client()
    client.force_login(user)
    grow(2)
    client.get(URL)  # warm caches
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    grow(25)
    with CaptureQueriesContext(connection) as many:
        page = client.get(URL).content.decode()
    notices = Meeting.objects.filter(
        body=personas.body, start__gte=now, status=Meeting.Status.PLANNED, notice_sent_at__isnull=True
    ).count()
    imports = ImportedDocument.objects.filter(status=ImportedDocument.Status.PROPOSED).count()
    assert notices > 20 and imports > 20
    assert f"20 av {notices} visas: de närmaste först." in page
    assert f"20 av {imports} visas: de äldsta först." in page
    assert len(many.captured_queries) == len(few.captured_queries), "\n".join(q["sql"] for q in many.captured_queries)
