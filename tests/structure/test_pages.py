"""The structure's pages: query counts that do not grow with the data, the staff edit
screens (saved, audited, stale edits refused), and the page language."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from samverkan.core.models import AuditEvent
from samverkan.structure import services
from samverkan.structure.models import Body, Membership, Person, Population, Principal
from tests.factories import (
    BodyFactory,
    GroupingFactory,
    MandateFactory,
    MembershipFactory,
    PersonFactory,
    PrincipalFactory,
    TermFactory,
)
from tests.support import Personas, assert_constant_queries

pytestmark = pytest.mark.django_db

D = datetime.date


# --- Query counts: double the data, expect the same number of queries -------------------------


def test_body_detail_queries_do_not_grow_with_members() -> None:
    body = BodyFactory()
    term = TermFactory()

    def grow(n: int) -> None:
        for _ in range(n):
            MembershipFactory(
                body=body, principal=PrincipalFactory(), term=term, party="S", substitute_for=PersonFactory()
            )
            MembershipFactory(body=body, start=D(2015, 1, 1), end=D(2018, 12, 31))  # a past seat
            MandateFactory(body=body)
            BodyFactory(parent=body)
            BodyFactory(reports_to=body)
            body.owners.add(PrincipalFactory())

    def size(response: Any) -> int:
        page = response.context["page"]
        return sum(len(g.memberships) for g in page.current) + len(page.past) + len(page.children)

    assert_constant_queries(reverse("structure:body_detail", kwargs={"key": body.key}), grow, size)


def test_api_body_detail_queries_do_not_grow_with_members() -> None:
    body = BodyFactory()
    term = TermFactory()

    def grow(n: int) -> None:
        for _ in range(n):
            MembershipFactory(body=body, principal=PrincipalFactory(), term=term, substitute_for=PersonFactory())
            MembershipFactory(body=body, start=D(2015, 1, 1), end=D(2018, 12, 31))
            MandateFactory(body=body)
            body.owners.add(PrincipalFactory())

    assert_constant_queries(
        f"/api/v1/bodies/{body.key}", grow, lambda r: len(r.json()["members"]) + len(r.json()["past_members"])
    )


def test_principal_detail_queries_do_not_grow() -> None:
    principal = PrincipalFactory()
    years = iter(range(1990, 2100))

    def grow(n: int) -> None:
        for _ in range(n):
            year = next(years)
            Population.objects.create(
                principal=principal, year=year, reference_date=datetime.date(year, 12, 31), inhabitants=1000
            )
            GroupingFactory(principals=[principal])
            BodyFactory(owners=[principal])
            MembershipFactory(principal=principal, term=TermFactory(), substitute_for=PersonFactory())

    def size(response: Any) -> int:
        page = response.context["page"]
        return len(page.populations) + len(page.groupings) + len(page.owned_bodies) + len(page.representatives)

    assert_constant_queries(reverse("structure:principal_detail", kwargs={"key": principal.key}), grow, size)


def test_person_detail_queries_do_not_grow() -> None:
    person = PersonFactory()

    def grow(n: int) -> None:
        for _ in range(n):
            MembershipFactory(
                person=person, principal=PrincipalFactory(), term=TermFactory(), substitute_for=PersonFactory()
            )
            MembershipFactory(person=person, start=D(2015, 1, 1), end=D(2016, 1, 1))

    def size(response: Any) -> int:
        return len(response.context["page"].current) + len(response.context["page"].past)

    assert_constant_queries(reverse("structure:person_detail", kwargs={"key": person.key}), grow, size)


def _bodies_everywhere(n: int) -> None:
    for _ in range(n):
        top = BodyFactory(owners=[PrincipalFactory(kind="region"), PrincipalFactory()])
        BodyFactory(parent=top, level=Body.Level.SUBREGIONAL)
        BodyFactory(reports_to=top, parent=BodyFactory(owners=list(top.owners.all())), level=Body.Level.LOCAL)


def test_body_list_queries_do_not_grow() -> None:
    assert_constant_queries(
        reverse("structure:body_list"),
        _bodies_everywhere,
        lambda r: sum(len(bodies) for _label, bodies in r.context["levels"]),
    )


def test_principal_list_queries_do_not_grow() -> None:
    def grow(n: int) -> None:
        for kind in Principal.Kind.values:
            PrincipalFactory.create_batch(n, kind=kind)

    assert_constant_queries(
        reverse("structure:principal_list"), grow, lambda r: sum(len(p) for _label, p in r.context["kinds"])
    )


def test_diagram_queries_do_not_grow() -> None:
    assert_constant_queries(
        reverse("structure:diagram"),
        _bodies_everywhere,
        lambda r: sum(len(p.diagram.nodes) for p in r.context["parts"]),
    )


def test_sitemap_queries_do_not_grow() -> None:
    def grow(n: int) -> None:
        _bodies_everywhere(n)
        PersonFactory.create_batch(n)
        GroupingFactory.create_batch(n)

    assert_constant_queries("/sitemap.xml", grow, lambda r: r.content.count(b"<url>"))


def test_home_and_api_lists_queries_do_not_grow() -> None:
    assert_constant_queries("/", _bodies_everywhere, lambda r: len(r.context["top_bodies"]))
    assert_constant_queries("/api/v1/bodies", _bodies_everywhere, lambda r: len(r.json()))
    assert_constant_queries("/api/v1/principals", _bodies_everywhere, lambda r: len(r.json()))

    def grow_groupings(n: int) -> None:
        for _ in range(n):
            GroupingFactory(owner=PrincipalFactory(), principals=PrincipalFactory.create_batch(2))

    assert_constant_queries("/api/v1/groupings", grow_groupings, lambda r: len(r.json()))


# --- Edit screens ------------------------------------------------------------------------------


def form_data(form: Any) -> dict[str, Any]:
    """What a browser would send back for an unchanged form: each field's shown value."""
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return data


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_secretary_edits_the_body_and_the_change_is_saved_and_audited(
    personas: Personas, login: Callable[[str], Client]
) -> None:
    client = login("secretary")
    url = reverse("structure:body_edit", kwargs={"key": personas.body.key})
    form = client.get(url).context["form"]
    data = form_data(form) | {"name": "Testorganet (nytt namn)", "meeting_rhythm": "Varannan vecka"}
    assert data["key"] == "testorgan"
    assert data["owners"] == [str(personas.principal.pk)]

    response = client.post(url, data, follow=True)

    assert response.redirect_chain == [(f"/organ/{personas.body.key}/", 302)]
    assert messages_of(response) == ["Dina ändringar har sparats."]
    body = Body.objects.get(pk=personas.body.pk)
    assert (body.name, body.meeting_rhythm, body.key) == ("Testorganet (nytt namn)", "Varannan vecka", "testorgan")
    event = AuditEvent.objects.get()
    assert (event.actor, event.actor_label, event.source, event.action) == (
        personas.secretary,
        "secretary",
        "web",
        "update",
    )
    assert event.changes == {
        "name": ["Testorganet", "Testorganet (nytt namn)"],
        "meeting_rhythm": ["", "Varannan vecka"],
    }


def test_saving_an_unchanged_form_changes_nothing(personas: Personas, login: Callable[[str], Client]) -> None:
    client = login("secretary")
    url = reverse("structure:body_edit", kwargs={"key": personas.body.key})
    before = Body.objects.filter(pk=personas.body.pk).values().get()
    response = client.post(url, form_data(client.get(url).context["form"]), follow=True)
    assert messages_of(response) == ["Inget ändrades."]
    assert Body.objects.filter(pk=personas.body.pk).values().get() == before
    assert AuditEvent.objects.count() == 0


def test_the_key_of_a_body_cannot_be_changed_through_the_form(
    personas: Personas, login: Callable[[str], Client]
) -> None:
    client = login("secretary")
    url = reverse("structure:body_edit", kwargs={"key": personas.body.key})
    data = form_data(client.get(url).context["form"]) | {"key": "kapad"}
    assert client.post(url, data).status_code == 302
    assert Body.objects.get(pk=personas.body.pk).key == "testorgan"


def test_a_stale_edit_is_refused_and_overwrites_nothing(personas: Personas, login: Callable[[str], Client]) -> None:
    client = login("secretary")
    url = reverse("structure:body_edit", kwargs={"key": personas.body.key})
    data = form_data(client.get(url).context["form"]) | {"name": "Sekreterarens namn"}
    # Someone else saves while the secretary edits.
    services.body_update(actor=personas.administrator, body=Body.objects.get(pk=personas.body.pk), name="Adminens namn")

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Någon annan sparade posten medan du ändrade i den. Dina ändringar har inte sparats. Formuläret visar "
        "det du skrev. Jämför med den sparade versionen (öppna sidan i en ny flik) och spara igen."
    ]
    assert "Någon annan sparade posten medan du ändrade i den." in response.content.decode()
    assert Body.objects.get(pk=personas.body.pk).name == "Adminens namn"
    assert list(AuditEvent.objects.values_list("actor_label", "changes")) == [
        ("administrator", {"name": ["Testorganet", "Adminens namn"]})
    ]
    # The form shows what the secretary typed, and a fresh version to save again with.
    assert response.context["form"]["name"].value() == "Sekreterarens namn"
    again = client.post(url, form_data(response.context["form"]))
    assert again.status_code == 302
    assert Body.objects.get(pk=personas.body.pk).name == "Sekreterarens namn"


def test_a_stale_membership_edit_is_refused(personas: Personas, login: Callable[[str], Client]) -> None:
    client = login("secretary")
    url = reverse("structure:membership_edit", kwargs={"key": personas.body.key, "pk": personas.membership.pk})
    data = form_data(client.get(url).context["form"]) | {"party": "V"}
    services.membership_update(actor=personas.administrator, membership=personas.membership, party="MP")
    response = client.post(url, data)
    assert response.status_code == 200
    assert Membership.objects.get(pk=personas.membership.pk).party == "MP"


def test_a_membership_is_ended_through_its_form(personas: Personas, login: Callable[[str], Client]) -> None:
    client = login("secretary")
    url = reverse("structure:membership_edit", kwargs={"key": personas.body.key, "pk": personas.membership.pk})
    data = form_data(client.get(url).context["form"]) | {"end": "2024-06-30"}
    response = client.post(url, data)
    assert (response.status_code, response["Location"]) == (302, "/organ/testorgan/")
    assert Membership.objects.get(pk=personas.membership.pk).end == D(2024, 6, 30)
    assert list(AuditEvent.objects.values_list("actor_label", "changes")) == [
        ("secretary", {"end": [None, "2024-06-30"]})
    ]


def test_the_new_persons_name_is_offered_right_under_the_person(
    personas: Personas, login: Callable[[str], Client]
) -> None:
    """ "eller namnet på en ny person" is the alternative to "Person", so it follows it, not
    "Ersättare för" at the end of the form (found by a persona walk)."""
    url = reverse("structure:membership_add", kwargs={"key": personas.body.key})
    page = login("secretary").get(url).content.decode()
    person, new_name, substitute_for = (
        page.index(f'name="{n}"') for n in ("person", "new_person_name", "substitute_for")
    )
    assert person < new_name < page.index('name="role"') < substitute_for


def test_a_member_is_added_with_a_new_persons_name(personas: Personas, login: Callable[[str], Client]) -> None:
    client = login("secretary")
    url = reverse("structure:membership_add", kwargs={"key": personas.body.key})
    data = {
        "new_person_name": "Greta Exempel",
        "role": "ledamot",
        "party": "V",
        "principal": str(personas.principal.pk),
        "start": "2024-01-01",
    }
    response = client.post(url, data, follow=True)
    assert response.redirect_chain == [("/organ/testorgan/", 302)]
    assert messages_of(response) == ["Greta Exempel har lagts till."]
    person = Person.objects.get(name="Greta Exempel")
    assert person.key == "greta-exempel"
    seat = Membership.objects.get(person=person)
    assert (seat.body, seat.role, seat.party, seat.principal, seat.start) == (
        personas.body,
        "ledamot",
        "V",
        personas.principal,
        D(2024, 1, 1),
    )
    assert list(AuditEvent.objects.order_by("id").values_list("actor_label", "action", "target_repr")) == [
        ("secretary", "create", "Greta Exempel"),
        ("secretary", "create", "Greta Exempel – ledamot, Testorganet"),
    ]
    # A second person of the same name gets a key of their own.
    client.post(url, data | {"party": "S"})
    assert sorted(Person.objects.filter(name="Greta Exempel").values_list("key", flat=True)) == [
        "greta-exempel",
        "greta-exempel-2",
    ]


def test_a_member_needs_a_person_or_a_name_and_not_both(personas: Personas, login: Callable[[str], Client]) -> None:
    client = login("secretary")
    url = reverse("structure:membership_add", kwargs={"key": personas.body.key})
    neither = client.post(url, {"role": "ledamot"})
    assert neither.context["form"].non_field_errors() == ["Välj en person eller skriv namnet på en ny person."]
    both = client.post(url, {"role": "ledamot", "person": personas.person.key, "new_person_name": "Greta"})
    assert both.context["form"].non_field_errors() == ["Välj en person eller skriv ett nytt namn, inte båda."]
    assert Membership.objects.count() == 1
    assert AuditEvent.objects.count() == 0


def test_the_same_seat_twice_is_refused_in_the_form(personas: Personas, login: Callable[[str], Client]) -> None:
    client = login("secretary")
    url = reverse("structure:membership_add", kwargs={"key": personas.body.key})
    response = client.post(
        url, {"person": personas.person.key, "role": "ledamot", "start": personas.membership.start.isoformat()}
    )
    assert response.status_code == 200
    assert response.context["form"].errors != {}
    assert Membership.objects.count() == 1
    assert AuditEvent.objects.count() == 0


def test_a_member_is_found_by_name_not_chosen_from_the_whole_register(
    personas: Personas, login: Callable[[str], Client]
) -> None:
    """The person and whom they stand in for are search fields: the page lists nobody; a part of
    a name one person has chooses them; the seat's edit form shows the names."""
    client = login("secretary")
    url = reverse("structure:membership_add", kwargs={"key": personas.body.key})
    html = client.get(url).content.decode()
    assert '<select name="person"' not in html and '<select name="substitute_for"' not in html
    assert html.count('data-suggest="/personer/forslag.json"') == 2
    greta = PersonFactory(name="Greta Ersättare")
    data = {"role": "ersättare", "principal": str(personas.principal.pk), "start": "2024-01-01"}
    response = client.post(url, data | {"person": "greta ers", "substitute_for": personas.person.name})
    assert response.status_code == 302
    seat = Membership.objects.get(person=greta)
    assert seat.substitute_for == personas.person
    edit = reverse("structure:membership_edit", kwargs={"key": personas.body.key, "pk": seat.pk})
    page = client.get(edit)
    assert f'value="{personas.person.name}"' in page.content.decode()
    assert '<select name="person"' not in page.content.decode() and 'name="person"' not in page.content.decode()
    # Sent back unchanged, nothing changes.
    client.post(edit, form_data(page.context["form"]) | {"end": "2024-12-31"})
    seat.refresh_from_db()
    assert (seat.person, seat.substitute_for, seat.end) == (greta, personas.person, D(2024, 12, 31))


def test_population_add_records_a_figure_and_refuses_to_overwrite_it(
    personas: Personas, login: Callable[[str], Client]
) -> None:
    client = login("registrar")
    url = reverse("structure:population_add", kwargs={"key": personas.principal.key})

    first = client.post(url, {"reference_date": "2019-12-31", "inhabitants": "30000"}, follow=True)
    assert first.redirect_chain == [("/huvudman/testkommun/", 302)]
    assert messages_of(first) == ["Invånarantalet har registrerats."]

    again = client.post(url, {"reference_date": "2019-12-31", "inhabitants": "30000"}, follow=True)
    assert messages_of(again) == ["Siffran var redan registrerad. Inget ändrades."]

    refused = client.post(url, {"reference_date": "2019-12-31", "inhabitants": "30001"})
    assert refused.status_code == 200
    expected = (
        "Testkommunen har redan 30000 invånare registrerade per 2019-12-31. En registrerad siffra skrivs aldrig över."
    )
    assert refused.context["form"].non_field_errors() == [expected]
    assert expected in refused.content.decode()

    assert list(Population.objects.values_list("principal__key", "reference_date", "year", "inhabitants")) == [
        ("testkommun", datetime.date(2019, 12, 31), 2019, 30000)
    ]
    assert list(AuditEvent.objects.values_list("actor_label", "action")) == [("registrar", "create")]


def test_a_registrar_edits_the_principal(personas: Personas, login: Callable[[str], Client]) -> None:
    client = login("registrar")
    url = reverse("structure:principal_edit", kwargs={"key": personas.principal.key})
    data = form_data(client.get(url).context["form"]) | {"org_number": "858501-2085"}
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert refused.context["form"].errors == {"org_number": ["Organisationsnumrets kontrollsiffra är fel."]}
    assert Principal.objects.get(pk=personas.principal.pk).org_number == ""

    accepted = client.post(url, data | {"org_number": "858501-2084"})
    assert accepted.status_code == 302
    assert Principal.objects.get(pk=personas.principal.pk).org_number == "858501-2084"
    assert list(AuditEvent.objects.values_list("actor_label", "changes")) == [
        ("registrar", {"org_number": ["", "858501-2084"]})
    ]


def test_an_administrator_creates_a_body(personas: Personas, login: Callable[[str], Client]) -> None:
    client = login("administrator")
    data = {
        "name": "Nytt organ",
        "key": "nytt-organ",
        "kind": "officials",
        "level": "local",
        "owners": [str(personas.principal.pk)],
        "parent": str(personas.body.pk),
    }
    response = client.post(reverse("structure:body_create"), data)
    assert (response.status_code, response["Location"]) == (302, "/organ/nytt-organ/")
    body = Body.objects.get(key="nytt-organ")
    assert (body.parent, list(body.owners.all())) == (personas.body, [personas.principal])
    assert list(AuditEvent.objects.order_by("id").values_list("actor_label", "action")) == [
        ("administrator", "create"),
        ("administrator", "update"),
    ]


def test_every_label_of_the_new_principal_form_starts_with_a_capital(
    personas: Personas, login: Callable[[str], Client]
) -> None:
    """The walk as administrator found "webbplats:" among capitalised labels."""
    page = login("administrator").get(reverse("structure:principal_create")).content.decode()
    assert '<label for="id_website">Webbplats:</label>' in page
    labels = re.findall(r'<label for="id_[a-z_]+">([^<]+)</label>', page)
    assert labels and all(label[0].isupper() for label in labels), labels


def test_an_edit_making_a_circle_of_bodies_is_refused_in_the_form(
    personas: Personas, login: Callable[[str], Client]
) -> None:
    child = BodyFactory(parent=personas.body, owners=[personas.principal])
    client = login("administrator")
    url = reverse("structure:body_edit", kwargs={"key": personas.body.key})
    data = form_data(client.get(url).context["form"]) | {"parent": str(child.pk)}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"parent": ["Det skulle bli en cirkel av organ."]}
    assert Body.objects.get(pk=personas.body.pk).parent is None
    assert AuditEvent.objects.count() == 0


# --- Language ----------------------------------------------------------------------------------


def test_pages_are_in_swedish_by_default(personas: Personas) -> None:
    html = Client().get("/organ/").content.decode()
    assert '<html lang="sv">' in html
    assert ">Organ</a>" in html
    assert ">Bodies</a>" not in html


def test_the_language_cookie_switches_to_english(personas: Personas) -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    html = client.get("/organ/").content.decode()
    assert '<html lang="en">' in html
    assert ">Bodies</a>" in html
    assert ">Organ</a>" not in html


def test_the_language_button_switches_to_english(personas: Personas) -> None:
    client = Client()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/organ/"}, follow=True)
    assert response.redirect_chain == [("/organ/", 302)]
    assert '<html lang="en">' in response.content.decode()


def test_the_browsers_accept_language_does_not_switch_the_language(personas: Personas) -> None:
    """A Swedish public site speaks Swedish to everyone (samverkan/core/middleware.py); English
    is chosen with the language button, which sets the cookie."""
    html = Client().get("/organ/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="sv">' in html


def test_an_unknown_language_in_the_cookie_falls_back_to_swedish(personas: Personas) -> None:
    client = Client()
    client.cookies["django_language"] = "de"
    assert '<html lang="sv">' in client.get("/organ/").content.decode()
