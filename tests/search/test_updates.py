"""The index follows the data: a committed change is searchable at once (the signals reindex on
commit), a deletion removes the entry, a rolled-back change is never indexed, and `reindex`
rebuilds everything."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from samverkan.meetings.models import AgendaItem
from samverkan.referrals.models import Recipient, Recommendation
from samverkan.search.index import registry
from samverkan.search.models import SearchEntry
from samverkan.search.query import Filters
from tests.search.conftest import World, titles

pytestmark = pytest.mark.django_db


def test_a_committed_change_is_found_at_once(world: World, django_capture_on_commit_callbacks: Any) -> None:
    assert titles("cykelpendling") == []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        world.item.title = "Cykelpendling mellan kommunerna"
        world.item.save()
    assert len(callbacks) >= 1
    assert titles("cykelpendling") == ["Cykelpendling mellan kommunerna"]
    assert titles('"västra göteborg"') == []


def test_nothing_is_indexed_before_the_commit(world: World, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        world.item.title = "Cykelpendling"
        world.item.save()
    assert titles("cykelpendling") == []  # the transaction has not committed


def test_making_an_item_confidential_hides_it_and_its_papers(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    assert set(titles("ungdomsmottagning")) == {
        "Ungdomsmottagning i västra Göteborg",
        "Avtalsförslag ungdomsmottagning",
    }
    with django_capture_on_commit_callbacks(execute=True):
        world.item.confidential = True
        world.item.save()
    assert titles("ungdomsmottagning") == []


def test_sending_a_draft_makes_it_public(world: World, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        world.draft.status = Recommendation.Status.SENT
        world.draft.sent_at = timezone.now()
        world.draft.save()
    assert set(titles("parkering or parkeringsavgifterna")) == {
        "Utkast om parkeringsavgifter",
        "Utkastets underlag om parkering",
    }


def test_a_new_recipient_adds_the_principal(world: World, django_capture_on_commit_callbacks: Any) -> None:
    assert titles("avtal", Filters(principal="vgr")) == []
    with django_capture_on_commit_callbacks(execute=True):
        Recipient.objects.create(recommendation=world.sent, principal=world.vgr)
    assert set(titles("avtal", Filters(principal="vgr"))) == {
        "Samverkansavtal digitala hjälpmedel",
        "Förslag till samverkansavtal",
    }


def test_a_new_owner_of_a_body_is_indexed(world: World, django_capture_on_commit_callbacks: Any) -> None:
    assert titles("samrådsorganet", Filters(principal="boras", type="body")) == []
    with django_capture_on_commit_callbacks(execute=True):
        world.sro.owners.add(world.boras)
    assert titles("samrådsorganet", Filters(principal="boras", type="body")) == ["Samrådsorganet"]
    with django_capture_on_commit_callbacks(execute=True):
        world.boras.owned_bodies.remove(world.sro)  # from the other side
    assert titles("samrådsorganet", Filters(principal="boras", type="body")) == []


def test_deletion_removes_the_entry(world: World, django_capture_on_commit_callbacks: Any) -> None:
    before = SearchEntry.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        world.item.delete()  # and its attachment with it
    assert titles("ungdomsmottagning", public_only=False) == []
    assert SearchEntry.objects.count() == before - 2
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM search_fts")
            assert cursor.fetchone()[0] == SearchEntry.objects.count()


def test_deleting_a_meeting_removes_its_items_papers_and_decisions(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        world.meeting.delete()
    remaining = set(SearchEntry.objects.values_list("type", flat=True))
    assert remaining == {"item", "recommendation", "paper", "body"}
    assert titles("ungdomsmottagning or hyresnivåer or överenskommelse", public_only=False) == []


@pytest.mark.django_db(transaction=True)
def test_a_real_commit_and_a_rollback() -> None:
    """Without the test transaction: a committed item is found, a rolled-back one never."""
    from tests.meetings.factories import AgendaItemFactory, MeetingFactory

    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, title="Sjötrafik i skärgården")
    assert titles("sjötrafik") == ["Sjötrafik i skärgården"]
    try:
        with transaction.atomic():
            AgendaItemFactory(meeting=meeting, title="Flygtrafik")
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    assert titles("flygtrafik") == []
    with transaction.atomic():
        AgendaItem.objects.filter(meeting=meeting).get().delete()
        assert titles("sjötrafik") == ["Sjötrafik i skärgården"]  # not yet committed
    assert titles("sjötrafik") == []


def test_reindex_rebuilds_everything_with_a_count_per_kind(world: World) -> None:
    expected = {
        "meetings.attachment": 2,
        "referrals.paper": 2,
        "meetings.item": 4,
        "meetings.decision": 1,
        "referrals.recommendation": 3,
        "agreements.agreement": 0,
        "agreements.version": 0,
        "structure.body": 2,
        "structure.person": 0,
        "followup.goal": 0,
        "followup.survey": 0,
        "followup.indicator": 0,
        "followup.report": 0,
        "finance.allocation": 0,
        "finance.fee": 0,
        "finance.budget": 0,
        "finance.fund": 0,
        "imported_document": 0,
    }
    counts = {key: SearchEntry.objects.filter(source=key).count() for key in registry.kinds}
    assert counts == expected
    # Wreck the index: it comes back whole.
    SearchEntry.objects.all().delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")
    assert titles("avtal") == []
    out = io.StringIO()
    call_command("reindex", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split() for line in lines[:-1]] == [[key, str(count)] for key, count in expected.items()]
    assert lines[-1] == "Indexed 14 entries."
    assert len(titles("avtal")) == 5
    # Running it again changes nothing.
    call_command("reindex", stdout=io.StringIO())
    assert {key: SearchEntry.objects.filter(source=key).count() for key in registry.kinds} == expected
    assert len(titles("avtal")) == 5


def test_reindex_one_kind_and_an_unknown_kind(world: World) -> None:
    from django.core.management.base import CommandError

    out = io.StringIO()
    call_command("reindex", "structure.body", stdout=out)
    assert out.getvalue().splitlines()[0].split() == ["structure.body", "2"]
    with pytest.raises(CommandError, match="Unknown kinds: nope"):
        call_command("reindex", "nope")


@pytest.mark.django_db(transaction=True)
def test_a_leftover_full_text_row_does_not_block_a_new_entry_with_its_id() -> None:
    """A flush (or a bulk delete) empties search_entry but not SQLite's FTS table; an entry that
    gets the same id again must still be indexed."""
    from tests.meetings.factories import AgendaItemFactory, MeetingFactory

    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, title="Färjetrafik till öarna")
    entry = SearchEntry.objects.get(title="Färjetrafik till öarna")
    SearchEntry.objects.filter(pk=entry.pk).delete()  # as a flush would: the FTS row stays
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_fts WHERE rowid = %s", [entry.pk])
            assert cursor.fetchone()[0] == 1
            # ... and the id is handed out again, as after a flush.
            cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = 'search_entry'", [entry.pk - 1])
    AgendaItemFactory(meeting=meeting, title="Sjöfart i skärgården", position=2)
    assert "Sjöfart i skärgården" in titles("sjöfart")
    if connection.vendor == "sqlite":
        assert SearchEntry.objects.get(title="Sjöfart i skärgården").pk == entry.pk
