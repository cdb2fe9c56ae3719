"""Adjusted minutes are frozen: their content is kept with a SHA-256 of its canonical JSON, and
minutes_verify() tells whether what is stored is still exactly what the adjusters confirmed,
whoever changed the database behind the application's back. The frozen document (snapshot())
keeps attendance by paragraph (GR, 3 Oct 2019, § 31-37) and who chaired which items (SRO,
28 Apr 2022, hand-over at item 4)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.db import connection

from samverkan.meetings import services
from samverkan.meetings.models import AgendaItem, Minutes
from tests.factories import UserFactory
from tests.meetings.factories import GR_ITEMS, GrScenario, gr_scenario, sro_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor() -> Any:
    return UserFactory(username="sekreterare")


@pytest.fixture
def gr(actor: Any) -> GrScenario:
    return gr_scenario(actor)


@pytest.fixture
def adjusted(actor: Any, gr: GrScenario) -> Minutes:
    minutes = services.minutes_draw_up(
        actor=actor,
        meeting=gr.meeting,
        adjusters=[gr["Kent Lagrell"], gr["Ove Dröscher"]],
        secretary=gr["Sara Nordenhielm"],
    )
    services.adjustment_confirm(actor=None, minutes=minutes, person=gr["Kent Lagrell"], via="link")
    assert services.adjustment_confirm(actor=None, minutes=minutes, person=gr["Ove Dröscher"], via="link")
    return Minutes.objects.get(pk=minutes.pk)


def fresh(minutes: Minutes) -> Minutes:
    return Minutes.objects.get(pk=minutes.pk)


def raw_set_content(minutes: Minutes, text: str) -> None:
    """Write the content column with SQL, bypassing the ORM and the services."""
    table = connection.ops.quote_name(Minutes._meta.db_table)
    column = connection.ops.quote_name(Minutes._meta.get_field("content").column)
    value = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = {value} WHERE id = %s", [text, minutes.pk])  # noqa: S608
        assert cursor.rowcount == 1


# --- Verification -------------------------------------------------------------------------------


def test_adjusted_minutes_verify_after_a_round_trip_through_the_database(adjusted: Minutes) -> None:
    minutes = fresh(adjusted)
    assert len(minutes.content_hash) == 64
    assert services.minutes_verify(minutes) is True
    assert services.content_hash(minutes.content) == minutes.content_hash


def test_minutes_that_are_not_adjusted_do_not_verify(actor: Any, gr: GrScenario) -> None:
    minutes = services.minutes_draw_up(actor=actor, meeting=gr.meeting, adjusters=[gr["Ove Dröscher"]])
    assert services.minutes_verify(fresh(minutes)) is False


def test_a_decision_changed_with_a_queryset_update_is_detected(adjusted: Minutes) -> None:
    content = copy.deepcopy(adjusted.content)
    assert content["items"][5]["paragraph"] == 36
    content["items"][5]["decision"] = "Styrgruppen för social välfärd avslår förslaget."
    Minutes.objects.filter(pk=adjusted.pk).update(content=content)
    minutes = fresh(adjusted)
    assert minutes.content["items"][5]["decision"] == "Styrgruppen för social välfärd avslår förslaget."
    assert services.minutes_verify(minutes) is False


def test_an_attendee_removed_with_raw_sql_is_detected(adjusted: Minutes) -> None:
    content = copy.deepcopy(adjusted.content)
    content["attendance"] = [a for a in content["attendance"] if a["person"] != "Patrik Linde"]
    assert len(content["attendance"]) == len(adjusted.content["attendance"]) - 1
    raw_set_content(adjusted, json.dumps(content, ensure_ascii=False))
    minutes = fresh(adjusted)
    assert "Patrik Linde" not in [a["person"] for a in minutes.content["attendance"]]
    assert services.minutes_verify(minutes) is False


def test_a_single_character_changed_with_raw_sql_is_detected(adjusted: Minutes) -> None:
    text = json.dumps(adjusted.content, ensure_ascii=False)
    assert text.count("Ove Dröscher utses till justerare.") == 1
    raw_set_content(adjusted, text.replace("Ove Dröscher utses", "Ove Dröschler utses"))
    assert services.minutes_verify(fresh(adjusted)) is False


def test_emptied_content_is_detected(adjusted: Minutes) -> None:
    Minutes.objects.filter(pk=adjusted.pk).update(content={})
    assert services.minutes_verify(fresh(adjusted)) is False


def test_a_changed_hash_is_detected(adjusted: Minutes) -> None:
    Minutes.objects.filter(pk=adjusted.pk).update(content_hash="0" * 64)
    assert services.minutes_verify(fresh(adjusted)) is False
    Minutes.objects.filter(pk=adjusted.pk).update(content_hash="")
    assert services.minutes_verify(fresh(adjusted)) is False


def test_the_same_content_written_in_another_key_order_still_verifies(adjusted: Minutes) -> None:
    """The hash is over canonical JSON, so a database that reorders keys (jsonb does) is no alarm."""

    def reverse_keys(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: reverse_keys(value[key]) for key in reversed(list(value))}
        if isinstance(value, list):
            return [reverse_keys(v) for v in value]
        return value

    raw_set_content(adjusted, json.dumps(reverse_keys(adjusted.content)))
    assert services.minutes_verify(fresh(adjusted)) is True


def test_live_records_changed_behind_the_application_leave_the_frozen_minutes_intact(
    adjusted: Minutes, gr: GrScenario
) -> None:
    frozen = copy.deepcopy(adjusted.content)
    AgendaItem.objects.filter(pk=gr.items[5].pk).update(decision="Styrgruppen avslår förslaget.")
    minutes = fresh(adjusted)
    assert minutes.content == frozen
    assert services.minutes_verify(minutes) is True
    live = services.snapshot(minutes)
    assert live != minutes.content
    assert live["items"][5]["decision"] == "Styrgruppen avslår förslaget."


# --- What is frozen -------------------------------------------------------------------------------


def test_the_frozen_gr_minutes(adjusted: Minutes) -> None:
    content = fresh(adjusted).content
    assert {key: content[key] for key in ("body", "start", "end", "place", "online", "adjusters", "secretary")} == {
        "body": "Styrgruppen för social välfärd",
        "start": "2019-10-03T09:00:00+02:00",
        "end": "2019-10-03T12:00:00+02:00",
        "place": "GR, Anders Personsgatan 8, Göteborg",
        "online": "",
        "adjusters": ["Kent Lagrell", "Ove Dröscher"],
        "secretary": "Sara Nordenhielm",
    }
    assert content["items"] == [
        {
            "paragraph": 31 + n,
            "position": 1 + n,
            "title": title,
            "kind": str(kind),
            "presenters": presenters,
            "notes": "",
            "decision": decision,
            "clauses": [],
            "confidential": False,
            "matter": None,
            "attachments": [],
        }
        for n, (title, kind, presenters, decision) in enumerate(GR_ITEMS)
    ]


def attendance_of(content: dict) -> dict[str, dict]:
    rows = {a["person"]: a for a in content["attendance"]}
    assert len(rows) == len(content["attendance"])  # one row per person
    return rows


def test_the_snapshot_keeps_attendance_by_paragraph(adjusted: Minutes) -> None:
    """004: "Maria Ljung, planeringsledare, Göteborgsregionen § 35" and the others."""
    rows = attendance_of(fresh(adjusted).content)
    assert len(rows) == 11 + 4 + 1 + 7
    assert {name: row["paragraphs"] for name, row in rows.items() if row["paragraphs"]} == {
        "Maria Ljung": [35],
        "Rosanna Björklund": [35],
        "Margareta Forsberg": [34],
        "Maja Wadstein": [32],
        "Linnéa Björk": [33],
        "Erik Lindqvist": [33],
    }
    assert rows["Maria Ljung"] == {
        "person": "Maria Ljung",
        "capacity": "guest",
        "status": "present",
        "replaced_by": None,
        "party": "",
        "represents": "Göteborgsregionen",
        "description": "planeringsledare",
        "paragraphs": [35],
        "positions": [5],
        "chairs": [],
        "chair_positions": [],
    }
    assert rows["Lena Holmlund"]["capacity"] == "official"
    assert rows["Lena Holmlund"]["paragraphs"] == []  # present throughout
    assert rows["Patrik Linde"] == {
        "person": "Patrik Linde",
        "capacity": "member",
        "status": "absent",
        "replaced_by": None,
        "party": "S",
        "represents": "Härryda",
        "description": "vice ordförande",
        "paragraphs": [],
        "positions": [],
        "chairs": [],
        "chair_positions": [],
    }
    assert rows["Kent Lagrell"]["chairs"] == [31, 32, 33, 34, 35, 36, 37]
    assert rows["Kent Lagrell"]["chair_positions"] == [1, 2, 3, 4, 5, 6, 7]
    assert rows["Sara Nordenhielm"]["capacity"] == "secretary"
    assert sorted(name for name, row in rows.items() if row["status"] == "absent") == [
        "Linda Holmér Nordlund",
        "Mariette Risberg",
        "Patrik Linde",
        "Pia Gillerstedt",
    ]


def test_the_snapshot_keeps_the_chair_hand_over_and_the_stand_in(actor: Any) -> None:
    """001: opened by the vice chair Axel Josefsson, chaired by Helene Eliasson from item 4;
    Karin Engström stands in for Anna Lärk Ståhlberg; Per Albertsson is invited for item 4."""
    sro = sro_scenario(actor)
    minutes = services.minutes_draw_up(actor=actor, meeting=sro.meeting, adjusters=[sro["Axel Josefsson"]])
    assert services.adjustment_confirm(actor=None, minutes=minutes, person=sro["Axel Josefsson"], via="login")
    content = fresh(minutes).content
    assert services.minutes_verify(fresh(minutes)) is True
    rows = attendance_of(content)
    assert {name: row["chairs"] for name, row in rows.items() if row["chairs"]} == {
        "Axel Josefsson": [1, 2, 3],
        "Helene Eliasson": [4, 5, 6, 7, 8, 9, 10, 11],
    }
    assert rows["Helene Eliasson"]["chair_positions"] == [4, 5, 6, 7, 8, 9, 10, 11]
    assert rows["Anna Lärk Ståhlberg"] == {
        "person": "Anna Lärk Ståhlberg",
        "capacity": "official",
        "status": "replaced",
        "replaced_by": "Karin Engström",
        "party": "",
        "represents": "Fyrbodals kommunalförbund",
        "description": "tillförordnad direktör",
        "paragraphs": [],
        "positions": [],
        "chairs": [],
        "chair_positions": [],
    }
    assert (rows["Karin Engström"]["capacity"], rows["Karin Engström"]["status"]) == ("stand_in", "present")
    assert rows["Per Albertsson"]["paragraphs"] == [4]
    assert rows["Nina Miskovsky"]["status"] == "absent"
    assert (content["online"], content["place"]) == ("https://teams.example.test/sro-2022-04-28", "")
    assert [(i["paragraph"], i["kind"]) for i in content["items"]][:4] == [
        (1, "opening"),
        (2, "agenda"),
        (3, "previous_minutes"),
        (4, "information"),
    ]
    assert content["items"][3]["presenters"] == "Per Albertsson, VGR"


def test_the_public_form_leaves_out_a_confidential_paragraph_and_who_came_only_for_it(
    actor: Any, gr: GrScenario
) -> None:
    item = AgendaItem.objects.get(pk=gr.items[4].pk)  # § 35
    services.item_update(actor=actor, item=item, version=item.version, confidential=True)
    minutes = services.minutes_draw_up(actor=actor, meeting=gr.meeting, adjusters=[gr["Ove Dröscher"]])
    assert services.adjustment_confirm(actor=None, minutes=minutes, person=gr["Ove Dröscher"], via="link")
    content = fresh(minutes).content
    public = services.public_content(content)
    assert [i["paragraph"] for i in public["items"]] == [31, 32, 33, 34, 36, 37]
    names = {row["person"] for row in public["attendance"]}
    assert {"Maria Ljung", "Rosanna Björklund"} & names == set()
    assert {"Margareta Forsberg", "Lena Holmlund", "Patrik Linde"} <= names
    kent = next(row for row in public["attendance"] if row["person"] == "Kent Lagrell")
    assert (kent["chairs"], kent["chair_positions"]) == ([31, 32, 33, 34, 36, 37], [1, 2, 3, 4, 6, 7])
    # The frozen minutes keep everything and still verify.
    assert [i["paragraph"] for i in content["items"]] == [31, 32, 33, 34, 35, 36, 37]
    assert services.minutes_verify(fresh(minutes)) is True
