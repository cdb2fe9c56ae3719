"""The structure's models: derived values, validation and the database's own constraints."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from samverkan.structure.models import KEY_VALIDATOR, Body, Membership, Population, Term, validate_org_number
from tests.factories import BodyFactory, MembershipFactory, PersonFactory, PrincipalFactory, TermFactory

D = datetime.date


# --- Keys and organisation numbers -------------------------------------------------------------


@pytest.mark.parametrize("key", ["sro", "vastkom-styrelse", "2019-2022", "a1-b2-c3"])
def test_valid_keys(key: str) -> None:
    KEY_VALIDATOR(key)


@pytest.mark.parametrize("key", ["SRO", "väst", "a--b", "-a", "a-", "a_b", "a b", ""])
def test_invalid_keys(key: str) -> None:
    with pytest.raises(ValidationError):
        KEY_VALIDATOR(key)


@pytest.mark.parametrize("number", ["858501-2084", "232100-0131", "212000-1355", "556036-0793"])
def test_known_organisation_numbers_are_valid(number: str) -> None:
    validate_org_number(number)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_exactly_one_check_digit_is_valid_for_any_nine_digits(first_nine: str) -> None:
    valid = []
    for digit in "0123456789":
        number = f"{first_nine[:6]}-{first_nine[6:]}{digit}"
        try:
            validate_org_number(number)
        except ValidationError as exc:
            assert exc.code == "checksum"
        else:
            valid.append(digit)
    assert len(valid) == 1


def test_a_changed_digit_is_caught() -> None:
    """Luhn catches every single-digit error: change any one digit of a valid number."""
    valid = "858501-2084"
    for i, ch in enumerate(valid):
        if ch == "-":
            continue
        for other in "0123456789":
            if other != ch:
                with pytest.raises(ValidationError):
                    validate_org_number(valid[:i] + other + valid[i + 1 :])


# --- Derived values ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_string_forms_labels_and_addresses() -> None:
    principal = PrincipalFactory(key="vgr", name="Västra Götalandsregionen", short_name="VGR")
    body = BodyFactory(key="sro", name="Samrådsorganet", short_name="", owners=[principal])
    person = PersonFactory(key="ulf-olsson", name="Ulf Olsson")
    seat = MembershipFactory(body=body, person=person, role=Membership.Role.VICE_CHAIR)
    population = Population.objects.create(
        principal=principal, year=2019, reference_date=datetime.date(2019, 12, 31), inhabitants=1_700_605
    )
    assert (str(principal), principal.label, principal.get_absolute_url()) == (
        "Västra Götalandsregionen",
        "VGR",
        "/huvudman/vgr/",
    )
    assert (str(body), body.label, body.get_absolute_url()) == ("Samrådsorganet", "Samrådsorganet", "/organ/sro/")
    assert (str(person), person.get_absolute_url()) == ("Ulf Olsson", "/personer/ulf-olsson/")
    assert str(seat) == "Ulf Olsson – vice ordförande, Samrådsorganet"
    assert str(population) == "Västra Götalandsregionen 2019-12-31: 1700605"


@pytest.mark.parametrize(
    ("start", "end", "day", "current"),
    [
        (None, None, D(2024, 5, 1), True),
        (D(2024, 5, 1), None, D(2024, 5, 1), True),  # from the first day
        (D(2024, 5, 2), None, D(2024, 5, 1), False),
        (None, D(2024, 5, 1), D(2024, 5, 1), True),  # to the last day
        (None, D(2024, 4, 30), D(2024, 5, 1), False),
        (D(2020, 1, 1), D(2022, 12, 31), D(2021, 6, 1), True),
    ],
)
def test_a_membership_is_current_between_its_dates_inclusive(
    start: D | None, end: D | None, day: D, current: bool
) -> None:
    assert Membership(start=start, end=end).is_current(day) is current


def test_the_term_does_not_end_a_seat() -> None:
    """Bodies often keep members past an election: only the seat's own end date counts."""
    term = Term(start=D(2019, 1, 1), end=D(2022, 12, 31))
    assert Membership(term=term, start=None, end=None).is_current(D(2024, 1, 1)) is True


# --- The database's constraints (even when validation is bypassed) ----------------------------


def refused_by_database(action: object) -> bool:
    try:
        with transaction.atomic():
            action()  # type: ignore[operator]
    except IntegrityError:
        return True
    return False


@pytest.mark.django_db
def test_a_term_must_end_after_it_starts() -> None:
    assert refused_by_database(lambda: Term.objects.create(key="x", name="X", start=D(2022, 1, 1), end=D(2022, 1, 1)))
    assert Term.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["parent", "reports_to"])
def test_a_body_cannot_point_at_itself_in_the_database(field: str) -> None:
    body = BodyFactory()
    assert refused_by_database(lambda: Body.objects.filter(pk=body.pk).update(**{field: body}))
    assert getattr(Body.objects.get(pk=body.pk), f"{field}_id") is None


@pytest.mark.django_db
def test_one_population_figure_per_principal_and_date_and_one_official_figure_per_year() -> None:
    principal = PrincipalFactory()
    year_end = datetime.date(2019, 12, 31)
    Population.objects.create(principal=principal, year=2019, reference_date=year_end, inhabitants=1)
    Population.objects.create(principal=principal, reference_date=datetime.date(2019, 11, 1), inhabitants=3)
    assert refused_by_database(
        lambda: Population.objects.create(principal=principal, reference_date=year_end, inhabitants=2)
    )
    assert refused_by_database(
        lambda: Population.objects.create(
            principal=principal, year=2019, reference_date=datetime.date(2020, 12, 31), inhabitants=2
        )
    )
    assert sorted(Population.objects.values_list("reference_date", "year", "inhabitants")) == [
        (datetime.date(2019, 11, 1), None, 3),
        (year_end, 2019, 1),
    ]


@pytest.mark.parametrize(
    ("date", "year"),
    [(datetime.date(2019, 12, 31), 2019), (datetime.date(2019, 11, 1), None), (datetime.date(2020, 1, 1), None)],
)
def test_only_a_31_december_figure_is_a_years_official_figure(date: datetime.date, year: int | None) -> None:
    assert Population.year_of(date) == year


@pytest.mark.django_db
@pytest.mark.parametrize("start", [None, D(2022, 1, 1)])
def test_one_seat_per_body_person_role_and_start(start: D | None) -> None:
    seat = MembershipFactory(start=start)
    duplicate = {"body": seat.body, "person": seat.person, "role": seat.role, "start": start}
    assert refused_by_database(lambda: Membership.objects.create(**duplicate))
    # Another role, or another start, is another seat.
    Membership.objects.create(**duplicate | {"role": Membership.Role.SUBSTITUTE})
    Membership.objects.create(**duplicate | {"start": D(2018, 1, 1)})
    assert Membership.objects.count() == 3


@pytest.mark.django_db
def test_a_seat_cannot_end_before_it_starts_in_the_database() -> None:
    assert refused_by_database(lambda: MembershipFactory(start=D(2022, 1, 1), end=D(2021, 1, 1)))
    assert Membership.objects.count() == 0


@pytest.mark.django_db
def test_an_org_number_is_unique_but_many_principals_may_have_none() -> None:
    PrincipalFactory(org_number="")
    PrincipalFactory(org_number="")
    PrincipalFactory(org_number="858501-2084")
    assert refused_by_database(lambda: PrincipalFactory(org_number="858501-2084"))


@pytest.mark.django_db
def test_a_person_with_seats_cannot_be_deleted() -> None:
    from django.db.models import ProtectedError

    seat = MembershipFactory()
    with pytest.raises(ProtectedError):
        seat.person.delete()


@pytest.mark.django_db
def test_factories_build_consistent_defaults() -> None:
    term = TermFactory()
    assert term.end > term.start
    body = BodyFactory()
    assert body.owners.count() == 1
