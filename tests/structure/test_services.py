"""The structure's services: every write is validated, atomic and audited with the actor,
the action and the exact old and new values of what changed."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import translation

from samverkan.core.models import AuditEvent
from samverkan.structure import services
from samverkan.structure.models import Body, Grouping, Mandate, Membership, Person, Population, Principal, Term
from tests.factories import (
    BodyFactory,
    GroupingFactory,
    MandateFactory,
    MembershipFactory,
    PersonFactory,
    PrincipalFactory,
    TermFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def english() -> Any:
    """Messages are lazy: they are translated when read, so the whole test runs in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def actor() -> Any:
    return UserFactory(username="anna")


def trail() -> list[tuple[str, str, str, str, dict]]:
    """The audit trail, oldest first: (who, through, action, record, changes)."""
    return [(e.actor_label, e.source, e.action, e.target_repr, e.changes) for e in AuditEvent.objects.order_by("id")]


def assert_targets(instance: Any, actor: Any) -> None:
    """Every event of the trail points at `instance` and names `actor`."""
    for event in AuditEvent.objects.all():
        assert event.target_type == ContentType.objects.get_for_model(instance)
        assert event.target_id == str(instance.pk)
        assert event.actor == actor


# --- Terms -------------------------------------------------------------------------------------


def test_term_create_is_audited_with_every_given_value(actor: Any) -> None:
    term = services.term_create(
        actor=actor, key="2023-2026", name="Mandatperiod 2023–2026", start=D(2023, 1, 1), end=D(2026, 12, 31)
    )
    assert Term.objects.get().pk == term.pk
    assert trail() == [
        (
            "anna",
            "web",
            "create",
            "Mandatperiod 2023–2026",
            {
                "key": [None, "2023-2026"],
                "name": [None, "Mandatperiod 2023–2026"],
                "start": [None, "2023-01-01"],
                "end": [None, "2026-12-31"],
            },
        )
    ]
    assert_targets(term, actor)


def test_term_update_audits_only_what_changed(actor: Any) -> None:
    term = TermFactory(key="2023-2026", name="Gammal", start=D(2023, 1, 1), end=D(2026, 12, 31))
    changes = services.term_update(actor=actor, term=term, name="Ny", start=D(2023, 1, 1), end=D(2026, 12, 30))
    assert changes == {"name": ("Gammal", "Ny"), "end": (D(2026, 12, 31), D(2026, 12, 30))}
    assert trail() == [("anna", "web", "update", "Ny", {"name": ["Gammal", "Ny"], "end": ["2026-12-31", "2026-12-30"]})]
    term.refresh_from_db()
    assert (term.name, term.end) == ("Ny", D(2026, 12, 30))


def test_an_update_that_changes_nothing_writes_nothing(actor: Any) -> None:
    term = TermFactory(name="Samma")
    before = term.updated_at
    assert services.term_update(actor=actor, term=term, name="Samma") == {}
    assert trail() == []
    term.refresh_from_db()
    assert term.updated_at == before


def test_a_term_ending_before_it_starts_is_refused(actor: Any) -> None:
    with pytest.raises(ValidationError):
        services.term_create(actor=actor, key="bakvand", name="Bakvänd", start=D(2026, 1, 1), end=D(2022, 1, 1))
    assert (Term.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_a_command_is_recorded_as_the_actor_when_no_user_acts() -> None:
    services.term_create(
        actor=None, source="cli:load", key="2023-2026", name="T", start=D(2023, 1, 1), end=D(2026, 12, 31)
    )
    event = AuditEvent.objects.get()
    assert (event.actor, event.actor_label, event.source) == (None, "(cli:load)", "cli:load")


# --- Principals and organisation numbers -------------------------------------------------------


@pytest.mark.parametrize("number", ["858501-2084", "232100-0131", "212000-1355"])
def test_a_principal_with_a_valid_org_number_is_created(actor: Any, number: str) -> None:
    principal = services.principal_create(actor=actor, key="p", name="P", kind="association", org_number=number)
    assert Principal.objects.get().org_number == number
    assert trail() == [
        (
            "anna",
            "web",
            "create",
            "P",
            {"key": [None, "p"], "name": [None, "P"], "kind": [None, "association"], "org_number": [None, number]},
        )
    ]
    assert_targets(principal, actor)


@pytest.mark.parametrize(
    ("number", "codes"),
    [
        ("858501-2085", ["checksum"]),  # the Luhn digit of 858501-208 is 4
        ("858501-2080", ["checksum"]),
        ("8585012084", ["format"]),
        ("85850-12084", ["format"]),
        ("858501 2084", ["format"]),
        ("858501-208x", ["format"]),
        ("858501-20845", ["format", "max_length"]),
    ],
)
def test_an_invalid_org_number_is_refused_and_nothing_is_written(actor: Any, number: str, codes: list[str]) -> None:
    with pytest.raises(ValidationError) as info:
        services.principal_create(actor=actor, key="p", name="P", kind="association", org_number=number)
    assert [e.code for e in info.value.error_dict["org_number"]] == codes
    assert (Principal.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_the_org_number_messages_in_both_languages(actor: Any) -> None:
    with pytest.raises(ValidationError) as info:
        services.principal_create(actor=actor, key="p", name="P", kind="association", org_number="858501-2085")
    with translation.override("en"):
        assert info.value.message_dict == {"org_number": ["The organisation number's check digit is wrong."]}
    with translation.override("sv"):
        assert info.value.message_dict == {"org_number": ["Organisationsnumrets kontrollsiffra är fel."]}


def test_principal_update_audits_old_and_new_values(actor: Any) -> None:
    principal = PrincipalFactory(name="Gamla namnet", website="")
    changes = services.principal_update(
        actor=actor, principal=principal, name="Nya namnet", website="https://example.se", kind=principal.kind
    )
    assert changes == {"name": ("Gamla namnet", "Nya namnet"), "website": ("", "https://example.se")}
    assert trail() == [
        (
            "anna",
            "web",
            "update",
            "Nya namnet",
            {"name": ["Gamla namnet", "Nya namnet"], "website": ["", "https://example.se"]},
        )
    ]
    assert_targets(principal, actor)


def test_two_principals_cannot_share_an_org_number(actor: Any) -> None:
    PrincipalFactory(org_number="858501-2084")
    with pytest.raises(ValidationError):
        services.principal_create(actor=actor, key="p2", name="P2", kind="association", org_number="858501-2084")
    assert (Principal.objects.count(), AuditEvent.objects.count()) == (1, 0)


# --- Population: never overwritten ------------------------------------------------------------


def test_population_record_creates_a_figure_and_audits_it(actor: Any) -> None:
    principal = PrincipalFactory(name="Ale kommun")
    population, created = services.population_record(
        actor=actor,
        principal=principal,
        reference_date=D(2019, 12, 31),
        inhabitants=30_000,
        population_source="SCB",
    )
    assert created is True
    assert list(Population.objects.values_list("principal", "year", "inhabitants", "reference_date", "source")) == [
        (principal.pk, 2019, 30_000, D(2019, 12, 31), "SCB")
    ]
    assert trail() == [
        (
            "anna",
            "web",
            "create",
            "Ale kommun 2019-12-31: 30000",
            {
                "principal": [None, "Ale kommun"],
                "reference_date": [None, "2019-12-31"],
                "year": [None, 2019],
                "inhabitants": [None, 30000],
                "source": [None, "SCB"],
            },
        )
    ]
    assert_targets(population, actor)


def test_a_figure_on_another_date_than_31_december_is_no_years_official_figure(actor: Any) -> None:
    principal = PrincipalFactory()
    population, _ = services.population_record(
        actor=actor, principal=principal, reference_date=D(2018, 11, 1), inhabitants=30_000
    )
    assert (population.reference_date, population.year) == (D(2018, 11, 1), None)


def test_the_same_figure_again_changes_nothing(actor: Any) -> None:
    principal = PrincipalFactory()
    first, _ = services.population_record(
        actor=actor, principal=principal, reference_date=D(2019, 12, 31), inhabitants=30_000
    )
    again, created = services.population_record(
        actor=actor, principal=principal, reference_date=D(2019, 12, 31), inhabitants=30_000
    )
    assert created is False
    assert again.pk == first.pk
    assert Population.objects.count() == 1
    assert AuditEvent.objects.count() == 1


def test_a_different_figure_for_a_recorded_date_is_refused_and_nothing_changes(actor: Any, english: None) -> None:
    principal = PrincipalFactory(name="Ale kommun")
    services.population_record(actor=actor, principal=principal, reference_date=D(2019, 12, 31), inhabitants=30_000)
    with pytest.raises(ValidationError) as info:
        services.population_record(actor=actor, principal=principal, reference_date=D(2019, 12, 31), inhabitants=30_001)
    assert info.value.code == "population_exists"
    assert info.value.messages == [
        "Ale kommun already has 30000 inhabitants recorded on 2019-12-31; a recorded figure is never overwritten."
    ]
    assert list(Population.objects.values_list("year", "inhabitants")) == [(2019, 30_000)]
    assert AuditEvent.objects.count() == 1


def test_another_date_is_a_new_row(actor: Any) -> None:
    principal = PrincipalFactory()
    services.population_record(actor=actor, principal=principal, reference_date=D(2019, 12, 31), inhabitants=30_000)
    services.population_record(actor=actor, principal=principal, reference_date=D(2019, 11, 1), inhabitants=29_990)
    services.population_record(actor=actor, principal=principal, reference_date=D(2020, 12, 31), inhabitants=30_100)
    assert sorted(Population.objects.values_list("reference_date", "year", "inhabitants")) == [
        (D(2019, 11, 1), None, 29_990),
        (D(2019, 12, 31), 2019, 30_000),
        (D(2020, 12, 31), 2020, 30_100),
    ]
    assert AuditEvent.objects.count() == 3


# --- Roles -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grant", "revoke", "make_target", "field", "target_arg"),
    [
        (services.secretary_grant, services.secretary_revoke, lambda: BodyFactory(name="SRO"), "secretaries", "body"),
        (
            services.registrar_grant,
            services.registrar_revoke,
            lambda: PrincipalFactory(name="Ale kommun"),
            "registrars",
            "principal",
        ),
    ],
    ids=["secretary", "registrar"],
)
def test_granting_and_revoking_a_role_is_audited_once(
    actor: Any, grant: Any, revoke: Any, make_target: Any, field: str, target_arg: str
) -> None:
    target = make_target()
    user = UserFactory(username="sekr")
    AuditEvent.objects.all().delete()  # the factory wrote nothing, but be exact about the start

    assert grant(actor=actor, user=user, **{target_arg: target}) is True
    assert list(getattr(target, field).all()) == [user]
    assert grant(actor=actor, user=user, **{target_arg: target}) is False  # already held: no event
    assert revoke(actor=actor, user=user, **{target_arg: target}) is True
    assert list(getattr(target, field).all()) == []
    assert revoke(actor=actor, user=user, **{target_arg: target}) is False  # not held: no event

    assert trail() == [
        ("anna", "web", "grant", str(target), {field: [None, "sekr"]}),
        ("anna", "web", "revoke", str(target), {field: ["sekr", None]}),
    ]
    assert_targets(target, actor)


# --- Groupings ---------------------------------------------------------------------------------


def test_grouping_create_and_update_audit_fields_and_members(actor: Any) -> None:
    ale, lerum, tjorn = (PrincipalFactory(name=n) for n in ("Ale", "Lerum", "Tjörn"))
    grouping = services.grouping_create(actor=actor, key="gr", name="GR", principals=[lerum, ale])
    assert set(grouping.principals.all()) == {ale, lerum}
    changes = services.grouping_update(actor=actor, grouping=grouping, name="GR-kommuner", principals=[ale, tjorn])
    assert changes == {"name": ("GR", "GR-kommuner"), "principals": (["Ale", "Lerum"], ["Ale", "Tjörn"])}
    assert set(Grouping.objects.get().principals.all()) == {ale, tjorn}
    assert trail() == [
        ("anna", "web", "create", "GR", {"key": [None, "gr"], "name": [None, "GR"]}),
        ("anna", "web", "update", "GR", {"principals": [[], ["Ale", "Lerum"]]}),
        ("anna", "web", "update", "GR-kommuner", {"name": ["GR", "GR-kommuner"]}),
        ("anna", "web", "update", "GR-kommuner", {"principals": [["Ale", "Lerum"], ["Ale", "Tjörn"]]}),
    ]
    assert_targets(grouping, actor)


def test_the_same_members_again_write_nothing(actor: Any) -> None:
    ale = PrincipalFactory()
    grouping = GroupingFactory(principals=[ale])
    assert services.grouping_update(actor=actor, grouping=grouping, principals=[ale]) == {}
    assert trail() == []


# --- Bodies ------------------------------------------------------------------------------------


def test_body_create_audits_the_body_and_its_owners(actor: Any) -> None:
    vgr, vastkom = PrincipalFactory(name="VGR"), PrincipalFactory(name="VästKom")
    body = services.body_create(
        actor=actor, owners=[vastkom, vgr], key="sro", name="Samrådsorganet", kind="political", level="regional"
    )
    assert set(body.owners.all()) == {vgr, vastkom}
    assert trail() == [
        (
            "anna",
            "web",
            "create",
            "Samrådsorganet",
            {
                "key": [None, "sro"],
                "name": [None, "Samrådsorganet"],
                "kind": [None, "political"],
                "level": [None, "regional"],
            },
        ),
        ("anna", "web", "update", "Samrådsorganet", {"owners": [[], ["VGR", "VästKom"]]}),
    ]
    assert_targets(body, actor)


def test_a_body_without_owners_is_refused(actor: Any) -> None:
    with pytest.raises(ValidationError) as info:
        services.body_create(actor=actor, owners=[], key="x", name="X", kind="political", level="regional")
    assert list(info.value.error_dict) == ["owners"]
    assert (Body.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_body_update_audits_fields_and_owners(actor: Any) -> None:
    a, b = PrincipalFactory(name="A"), PrincipalFactory(name="B")
    body = BodyFactory(name="Gamla", meeting_rhythm="", owners=[a])
    changes = services.body_update(actor=actor, body=body, owners=[b], name="Nya", meeting_rhythm="Varje månad")
    assert changes == {"name": ("Gamla", "Nya"), "meeting_rhythm": ("", "Varje månad"), "owners": (["A"], ["B"])}
    assert trail() == [
        ("anna", "web", "update", "Nya", {"name": ["Gamla", "Nya"], "meeting_rhythm": ["", "Varje månad"]}),
        ("anna", "web", "update", "Nya", {"owners": [["A"], ["B"]]}),
    ]


def test_body_update_with_no_owners_changes_nothing_at_all(actor: Any) -> None:
    """The field changes are written before the owners are checked; the transaction must
    take them back."""
    body = BodyFactory(name="Gamla")
    owners_before = list(body.owners.all())
    with pytest.raises(ValidationError):
        services.body_update(actor=actor, body=body, owners=[], name="Nya")
    fresh = Body.objects.get(pk=body.pk)
    assert fresh.name == "Gamla"
    assert list(fresh.owners.all()) == owners_before
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("field", ["parent", "reports_to"])
def test_a_body_cannot_be_its_own_parent_or_report_to_itself(actor: Any, field: str) -> None:
    body = BodyFactory()
    with pytest.raises(ValidationError) as info:
        services.body_update(actor=actor, body=body, **{field: body})
    assert list(info.value.error_dict) == [field]
    assert getattr(Body.objects.get(pk=body.pk), f"{field}_id") is None
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("field", ["parent", "reports_to"])
@pytest.mark.parametrize("length", [2, 3, 5])
def test_a_circle_of_bodies_is_refused(actor: Any, english: None, field: str, length: int) -> None:
    bodies = [BodyFactory() for _ in range(length)]
    for child, parent in zip(bodies[1:], bodies[:-1], strict=True):  # bodies[i+1] sits under bodies[i]
        services.body_update(actor=actor, body=child, **{field: parent})
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as info:
        services.body_update(actor=actor, body=bodies[0], **{field: bodies[-1]})  # closes the circle
    assert info.value.message_dict == {field: ["This would make a circle of bodies."]}
    assert getattr(Body.objects.get(pk=bodies[0].pk), f"{field}_id") is None
    assert AuditEvent.objects.count() == events


def test_a_parent_chain_without_a_circle_is_accepted(actor: Any) -> None:
    top, middle, bottom = BodyFactory(), BodyFactory(), BodyFactory()
    services.body_update(actor=actor, body=middle, parent=top)
    services.body_update(actor=actor, body=bottom, parent=middle, reports_to=top)
    bottom.refresh_from_db()
    assert (bottom.parent, bottom.reports_to) == (middle, top)


# --- Mandates ----------------------------------------------------------------------------------


def test_mandate_add_and_update_are_audited(actor: Any) -> None:
    body = BodyFactory(name="SRO")
    mandate = services.mandate_add(
        actor=actor, body=body, valid_from=D(2019, 1, 1), text="Första.", mandate_source="VP 2019"
    )
    changes = services.mandate_update(actor=actor, mandate=mandate, text="Rättad.")
    assert changes == {"text": ("Första.", "Rättad.")}
    assert list(Mandate.objects.values_list("body", "valid_from", "text", "source")) == [
        (body.pk, D(2019, 1, 1), "Rättad.", "VP 2019")
    ]
    assert trail() == [
        (
            "anna",
            "web",
            "create",
            "SRO (2019-01-01)",
            {
                "body": [None, "SRO"],
                "valid_from": [None, "2019-01-01"],
                "text": [None, "Första."],
                "source": [None, "VP 2019"],
            },
        ),
        ("anna", "web", "update", "SRO (2019-01-01)", {"text": ["Första.", "Rättad."]}),
    ]


def test_two_versions_of_a_mandate_from_the_same_day_are_refused(actor: Any) -> None:
    existing = MandateFactory(valid_from=D(2019, 1, 1))
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.mandate_add(actor=actor, body=existing.body, valid_from=D(2019, 1, 1), text="Annan.")
    assert Mandate.objects.count() == 1
    assert AuditEvent.objects.count() == events


# --- People and memberships --------------------------------------------------------------------


def test_person_create_and_update_are_audited(actor: Any) -> None:
    person = services.person_create(actor=actor, key="ulf-olsson", name="Ulf Olsson")
    services.person_update(actor=actor, person=person, title="Ordförande", email="ulf@example.se")
    assert trail() == [
        ("anna", "web", "create", "Ulf Olsson", {"key": [None, "ulf-olsson"], "name": [None, "Ulf Olsson"]}),
        ("anna", "web", "update", "Ulf Olsson", {"title": ["", "Ordförande"], "email": ["", "ulf@example.se"]}),
    ]
    assert_targets(person, actor)


def test_membership_create_update_and_end_are_audited(actor: Any) -> None:
    body = BodyFactory(name="SRO")
    person = PersonFactory(name="Ulf Olsson")
    principal = PrincipalFactory(name="Boråsregionen")
    membership = services.membership_create(
        actor=actor, body=body, person=person, role="ledamot", party="S", principal=principal, start=D(2022, 1, 1)
    )
    services.membership_update(actor=actor, membership=membership, role="ordförande", party="S")
    changes = services.membership_end(actor=actor, membership=membership, end=D(2024, 6, 30))
    assert changes == {"end": (None, D(2024, 6, 30))}
    assert trail() == [
        (
            "anna",
            "web",
            "create",
            "Ulf Olsson – ledamot, SRO",
            {
                "body": [None, "SRO"],
                "person": [None, "Ulf Olsson"],
                "role": [None, "ledamot"],
                "party": [None, "S"],
                "principal": [None, "Boråsregionen"],
                "start": [None, "2022-01-01"],
            },
        ),
        ("anna", "web", "update", "Ulf Olsson – ordförande, SRO", {"role": ["ledamot", "ordförande"]}),
        ("anna", "web", "update", "Ulf Olsson – ordförande, SRO", {"end": [None, "2024-06-30"]}),
    ]
    assert_targets(membership, actor)


def test_an_ended_membership_stays_as_a_past_seat(actor: Any) -> None:
    membership = MembershipFactory(start=D(2020, 1, 1))
    services.membership_end(actor=actor, membership=membership, end=D(2021, 12, 31))
    fresh = Membership.objects.get(pk=membership.pk)
    assert fresh.end == D(2021, 12, 31)
    assert fresh.is_current(D(2021, 12, 31)) is True
    assert fresh.is_current(D(2022, 1, 1)) is False


def test_a_membership_cannot_end_before_it_starts(actor: Any, english: None) -> None:
    membership = MembershipFactory(start=D(2022, 1, 1))
    with pytest.raises(ValidationError) as info:
        services.membership_end(actor=actor, membership=membership, end=D(2021, 12, 31))
    assert info.value.message_dict == {"end": ["A membership cannot end before it starts."]}
    assert Membership.objects.get(pk=membership.pk).end is None
    assert AuditEvent.objects.count() == 0


def test_a_person_cannot_substitute_for_themselves(actor: Any) -> None:
    person = PersonFactory()
    with pytest.raises(ValidationError) as info:
        services.membership_create(
            actor=actor, body=BodyFactory(), person=person, role="ersättare", substitute_for=person
        )
    assert list(info.value.error_dict) == ["substitute_for"]
    assert (Membership.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_the_same_seat_twice_is_refused(actor: Any) -> None:
    seat = MembershipFactory(start=D(2022, 1, 1))
    with pytest.raises(ValidationError):
        services.membership_create(actor=actor, body=seat.body, person=seat.person, role=seat.role, start=D(2022, 1, 1))
    assert Membership.objects.count() == 1
    assert AuditEvent.objects.count() == 0


def test_service_writes_leave_person_keys_unique(actor: Any) -> None:
    PersonFactory(key="ulf-olsson")
    with pytest.raises(ValidationError) as info:
        services.person_create(actor=actor, key="ulf-olsson", name="En annan Ulf Olsson")
    assert list(info.value.error_dict) == ["key"]
    assert Person.objects.count() == 1
