"""factory_boy factories for the structure. Every key and name is unique per sequence, so
tests never depend on fixed ids; relations are built through the same fields the app uses."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.contrib.auth import get_user_model

from samverkan.structure.models import Body, Grouping, Mandate, Membership, Person, Principal, Term


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    password = factory.django.Password("correct horse battery staple")


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    key = factory.Sequence(lambda n: f"{2019 + 4 * n}-{2022 + 4 * n}")
    name = factory.LazyAttribute(lambda t: f"Mandatperiod {t.key}")
    start = factory.Sequence(lambda n: datetime.date(2019 + 4 * n, 1, 1))
    end = factory.Sequence(lambda n: datetime.date(2022 + 4 * n, 12, 31))


class PrincipalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Principal

    key = factory.Sequence(lambda n: f"kommun-{n}")
    name = factory.Sequence(lambda n: f"Testkommun {n}")
    short_name = ""
    kind = Principal.Kind.MUNICIPALITY


class GroupingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grouping
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"grupp-{n}")
    name = factory.Sequence(lambda n: f"Gruppering {n}")

    @factory.post_generation
    def principals(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.principals.set(extracted)


class BodyFactory(factory.django.DjangoModelFactory):
    """A body; owned by a new principal unless `owners=[...]` is given."""

    class Meta:
        model = Body
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"organ-{n}")
    name = factory.Sequence(lambda n: f"Testorgan {n}")
    kind = Body.Kind.POLITICAL
    level = Body.Level.REGIONAL

    @factory.post_generation
    def owners(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create:
            return
        self.owners.set(extracted if extracted is not None else [PrincipalFactory()])


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    body = factory.SubFactory(BodyFactory)
    valid_from = factory.Sequence(lambda n: datetime.date(2019, 1, 1) + datetime.timedelta(days=n))
    text = factory.Sequence(lambda n: f"Uppdrag nummer {n}.")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    key = factory.Sequence(lambda n: f"person-{n}")
    name = factory.Sequence(lambda n: f"Person Nummer{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    """A current seat (started a year ago, no end) unless dates are given."""

    class Meta:
        model = Membership

    body = factory.SubFactory(BodyFactory)
    person = factory.SubFactory(PersonFactory)
    role = Membership.Role.MEMBER
    party = ""
    start = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=365))
    end = None
