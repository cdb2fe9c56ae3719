"""Support shared by the tests: the personas, a walk over every URL pattern, the worlds of data
the apps' tests share, real PDF bytes, and the query-count measure every page's test uses."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver
from django.urls.resolvers import ResolverMatch

from samverkan.structure.models import Body, Grouping, Membership, Person, Principal
from samverkan.synthetic.pdf import one_line_pdf
from tests.factories import (
    BodyFactory,
    GroupingFactory,
    MembershipFactory,
    PersonFactory,
    PrincipalFactory,
    UserFactory,
)

PERSONA_NAMES = ("anonymous", "outsider", "member", "secretary", "registrar", "administrator")


@dataclass
class Personas:
    anonymous: None
    outsider: Any
    member: Any
    secretary: Any
    registrar: Any
    administrator: Any
    other_secretary: Any
    other_registrar: Any
    principal: Principal
    body: Body
    other_principal: Principal
    other_body: Body
    person: Person  # the member's person record
    membership: Membership  # the member's current seat in `body`
    grouping: Grouping

    def user(self, name: str) -> Any:
        return getattr(self, name)


def build_personas() -> Personas:
    principal = PrincipalFactory(key="testkommun", name="Testkommunen", short_name="Testk.")
    other_principal = PrincipalFactory(key="grannkommun", name="Grannkommunen")
    body = BodyFactory(key="testorgan", name="Testorganet", owners=[principal])
    other_body = BodyFactory(key="grannorgan", name="Grannorganet", owners=[other_principal])
    grouping = GroupingFactory(key="testgrupp", name="Testgruppen", principals=[principal, other_principal])

    outsider = UserFactory(username="outsider")
    member = UserFactory(username="member")
    secretary = UserFactory(username="secretary")
    registrar = UserFactory(username="registrar")
    administrator = UserFactory(username="administrator", is_superuser=True, is_staff=True)
    other_secretary = UserFactory(username="other-secretary")
    other_registrar = UserFactory(username="other-registrar")

    person = PersonFactory(key="maria-medlem", name="Maria Medlem", user=member)
    membership = MembershipFactory(
        body=body,
        person=person,
        role=Membership.Role.MEMBER,
        party="S",
        principal=principal,
        start=datetime.date(2023, 1, 1),
    )
    body.secretaries.add(secretary)
    other_body.secretaries.add(other_secretary)
    principal.registrars.add(registrar)
    other_principal.registrars.add(other_registrar)
    return Personas(
        anonymous=None,
        outsider=outsider,
        member=member,
        secretary=secretary,
        registrar=registrar,
        administrator=administrator,
        other_secretary=other_secretary,
        other_registrar=other_registrar,
        principal=principal,
        body=body,
        other_principal=other_principal,
        other_body=other_body,
        person=person,
        membership=membership,
        grouping=grouping,
    )


def walk(patterns: list, namespaces: tuple[str, ...] = (), prefix: str = "") -> Iterator[tuple[str, str]]:
    """(route, view name) of every pattern, the view name computed exactly as Django's resolver
    does for a request (namespaces joined with ':', the view's dotted path when unnamed)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        else:
            assert isinstance(pattern, URLPattern)
            match = ResolverMatch(pattern.callback, (), {}, pattern.name, namespaces=list(namespaces))
            yield prefix + str(pattern.pattern), match.view_name


@dataclass
class MeetingWorld:
    """Meetings of the personas' body: a planned one with an item and a public paper, and a held
    one whose minutes are adjusted and published (the member adjusted them)."""

    planned: Any
    item: Any
    paper: Any
    matter: Any
    held: Any
    attendance: Any
    absence_token: str
    adjust_token: str


def meeting_world(personas: Personas) -> MeetingWorld:
    """Built once per personas object, on first use."""
    cached = getattr(personas, "_meeting_world", None)
    if cached is not None:
        return cached
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone
    from pypdf import PdfWriter

    from samverkan.meetings import links, services

    now = timezone.now()
    services.meeting_settings_update(actor=None, body=personas.body, posts_adjustment_notice=True)
    matter = services.matter_create(actor=None, reference="TEST 2026/1", title="Ett ärende")
    planned = services.meeting_plan(
        actor=None, body=personas.body, start=now + datetime.timedelta(days=30), location_name="Rådhuset"
    )
    item = services.item_add(actor=None, meeting=planned, title="Budget", kind="decision", matter=matter)
    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    paper = services.attachment_add(
        actor=None, item=item, upload=SimpleUploadedFile("budget.pdf", buffer.getvalue()), title="Budget"
    )
    held = services.meeting_plan(
        actor=None,
        body=personas.body,
        start=now - datetime.timedelta(days=2),
        location_name="Rådhuset",
        with_procedural_items=False,
    )
    services.item_add(actor=None, meeting=held, title="Information", kind="information")
    attendance = services.attendance_record(actor=None, meeting=held, person=personas.person)
    services.minutes_draw_up(actor=None, meeting=held, adjusters=[personas.person])
    minutes = services.minutes_for(held)
    adjust_token = links.adjust_token(minutes.pk, personas.person.pk)
    services.adjustment_confirm(actor=None, minutes=minutes, person=personas.person, via="login")
    world = MeetingWorld(
        planned=planned,
        item=item,
        paper=paper,
        matter=matter,
        held=held,
        attendance=attendance,
        absence_token=links.absence_token(planned.pk, personas.person.pk),
        adjust_token=adjust_token,
    )
    personas._meeting_world = world  # type: ignore[attr-defined]
    return world


@dataclass
class ReferralWorld:
    """Recommendations of the personas' body: one sent (public) to the personas' principal and
    the other principal, the principal's answer to it with a PDF extract, a draft one, and a
    project whose decision point BP1 waits for the sent recommendation, and its effect goal E1."""

    sent: Any
    draft: Any
    recipient: Any  # the personas' principal as a recipient of `sent`
    other_recipient: Any
    response: Any  # the principal's answer, with an extract
    paper: Any  # a paper of `sent`
    draft_paper: Any  # a paper of `draft`
    token: str  # the personal link of `recipient`
    project: Any
    point: Any
    goal: Any


def pdf_bytes(pages: int = 1, *, title: str = "", password: str | None = None) -> bytes:
    """A real PDF of blank A4 pages (pypdf writes it); with `title` in its metadata, with
    `password` encrypted (as user and owner password)."""
    from pypdf import PdfWriter

    buffer = io.BytesIO()
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if title:
        writer.add_metadata({"/Title": title})
    if password is not None:
        writer.encrypt(user_password=password, owner_password=password)
    writer.write(buffer)
    return buffer.getvalue()


def text_pdf(text: str) -> bytes:
    """A small, valid one-page PDF whose page says `text` (Latin-1), so that what a reader
    extracts is exactly `text`."""
    return one_line_pdf(text, size=18, top=720, encoding="latin-1")


def logged_in(user: Any) -> Client:
    """A test client logged in as `user`."""
    client = Client()
    client.force_login(user)
    return client


def get_json(url: str, status: int = 200, *, client: Client | None = None) -> Any:
    """The JSON a GET of `url` answers, with that status and a JSON content type."""
    response = (client or Client()).get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"].split(";")[0] == "application/json"
    return response.json()


# --- Query counts: grow the data, expect the same number of queries -----------------------------

QUERY_GROWTH = 3  # how much `assert_constant_queries` grows the data each time, by default


def queries_for(client: Client, url: str, params: dict[str, Any] | None = None) -> tuple[int, list[str], Any]:
    """The queries one GET of the page makes, which must answer 200: (count, their SQL, response)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params) if params is not None else client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries], response


def assert_constant_queries(
    url: str,
    grow: Callable[[int], None],
    size: Callable[[Any], int],
    *,
    client: Client | None = None,
    n: int = QUERY_GROWTH,
    grow_first: bool = True,
) -> tuple[int, int]:
    """Grows the data by n (unless `grow_first=False`: the page is measured as it is), measures
    the page, grows it by n again, measures again: the same number of queries, while `size(response)`
    proves the second page shows more. The page is fetched once before, so that caches filled on
    first use (content types, sites) do not count. Returns (count, size of the bigger page)."""
    client = client or Client()
    if grow_first:
        grow(n)
    client.get(url)  # warm caches (content types, sites) so they do not count
    count_n, sql_n, response_n = queries_for(client, url)
    grow(n)
    count_2n, sql_2n, response_2n = queries_for(client, url)
    assert size(response_2n) > size(response_n), "the data did not grow on the page"
    assert count_2n == count_n, "\n".join(["N:", *sql_n, "2N:", *sql_2n])
    return count_n, size(response_2n)


def referral_world(personas: Personas) -> ReferralWorld:
    """Built once per personas object, on first use."""
    cached = getattr(personas, "_referral_world", None)
    if cached is not None:
        return cached
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from samverkan.followup.models import DecisionPoint, Goal, Project
    from samverkan.referrals import links
    from samverkan.referrals import services as referral_services
    from samverkan.referrals.models import Recipient

    today = timezone.localdate()
    sent = referral_services.recommendation_create(
        actor=None,
        body=personas.body,
        principals=[personas.principal, personas.other_principal],
        title="Samverkansavtal om hjälpmedel",
        question="X kommun ställer sig bakom samverkansavtalet.",
        deadline=today + datetime.timedelta(days=30),
        source="test",
    )
    referral_services.recommendation_send(actor=None, recommendation=sent, source="test")
    sent.refresh_from_db()
    draft = referral_services.recommendation_create(
        actor=None,
        body=personas.body,
        principals=[personas.principal],
        title="Utkast om ungdomsmottagningar",
        question="X kommun ställer sig bakom inriktningen.",
        deadline=today + datetime.timedelta(days=60),
        source="test",
    )
    recipient = Recipient.objects.get(recommendation=sent, principal=personas.principal)
    other_recipient = Recipient.objects.get(recommendation=sent, principal=personas.other_principal)
    response = referral_services.response_record(
        actor=None,
        recipient=recipient,
        answer="approved",
        via="link",
        decided_on=today,
        decided_by="council",
        paragraph="§ 12",
        extract=SimpleUploadedFile("protokollsutdrag.pdf", pdf_bytes(), content_type="application/pdf"),
        source="test",
    ).response
    recipient.refresh_from_db()
    paper = referral_services.paper_add(
        actor=None,
        recommendation=sent,
        upload=SimpleUploadedFile("forslag.pdf", pdf_bytes(), content_type="application/pdf"),
        title="Förslag till samverkansavtal",
        source="test",
    )
    draft_paper = referral_services.paper_add(
        actor=None,
        recommendation=draft,
        upload=SimpleUploadedFile("utkast.pdf", pdf_bytes(), content_type="application/pdf"),
        title="Utkast",
        source="test",
    )
    project = Project.objects.create(key="testprojekt", name="Testprojektet", body=personas.body)
    point = DecisionPoint.objects.create(
        project=project, code="BP1", title="Alla huvudmän har beslutat", recommendation=sent, position=1
    )
    world = ReferralWorld(
        sent=sent,
        draft=draft,
        recipient=recipient,
        other_recipient=other_recipient,
        response=response,
        paper=paper,
        draft_paper=draft_paper,
        token=links.token_for(recipient),
        project=project,
        point=point,
        goal=Goal.objects.create(project=project, code="E1", text="En större kontinuitet i samverkan"),
    )
    personas._referral_world = world  # type: ignore[attr-defined]
    return world


def agreement_world(personas: Personas) -> Any:
    """A public, adopted agreement of the personas' body between its principal and the other
    one, with one version (a PDF); built once per personas object, on first use."""
    cached = getattr(personas, "_agreement_world", None)
    if cached is not None:
        return cached
    from django.core.files.uploadedfile import SimpleUploadedFile

    from samverkan.agreements import services as agreement_services

    agreement = agreement_services.agreement_create(
        actor=None,
        key="testavtal",
        title="Samverkansavtal om ungdomsmottagningar",
        kind="cooperation",
        status="adopted",
        body=personas.body,
        valid_from=datetime.date(2024, 1, 1),
        valid_until=datetime.date(2030, 12, 31),
        public=True,
        parties=[personas.principal, personas.other_principal],
        source="test",
    )
    agreement_services.version_add(
        actor=None,
        agreement=agreement,
        upload=SimpleUploadedFile("avtal.pdf", pdf_bytes(), content_type="application/pdf"),
        label="2024",
        source="test",
    )
    personas._agreement_world = agreement  # type: ignore[attr-defined]
    return agreement


def finance_world(personas: Personas) -> Any:
    """Money records of the personas' body: a public allocation of 300 000 kr between the
    principal (1 000 inhabitants on 31 Dec 2023) and the other principal (3 000), the other
    principal taking a fixed third; built once per personas object, on first use."""
    cached = getattr(personas, "_finance_world", None)
    if cached is not None:
        return cached
    from types import SimpleNamespace

    from samverkan.finance import services as finance_services
    from samverkan.structure.services import population_record

    day = datetime.date(2023, 12, 31)
    population_record(actor=None, principal=personas.principal, reference_date=day, inhabitants=1000, source="test")
    population_record(
        actor=None, principal=personas.other_principal, reference_date=day, inhabitants=3000, source="test"
    )
    allocation = finance_services.allocation_create(
        actor=None,
        key="testfordelning",
        title="Statsbidrag till ungdomsmottagningar",
        year=2024,
        amount=30_000_000,
        population_date=day,
        principals=[personas.principal, personas.other_principal],
        body=personas.body,
        source="test",
    )
    fee = finance_services.fee_create(
        actor=None,
        key="testavgift",
        title="Medlemsavgift",
        year=2024,
        rate=200,
        population_date=day,
        body=personas.body,
        payers=[(personas.principal, None), (personas.other_principal, None)],
        source="test",
    )
    budget = finance_services.budget_create(
        actor=None,
        key="testbudget",
        title="Budget 2024",
        year=2024,
        body=personas.body,
        status="proposed",
        lines=[SimpleNamespace(code="100", heading="", name="Avgifter", income=800_000, cost=0, note="")],
        source="test",
    )
    fund = finance_services.fund_create(
        actor=None,
        key="testfond",
        title="IT-fonden",
        body=personas.body,
        years=[
            SimpleNamespace(
                year=2024,
                opening=100_000,
                parts={},
                income=50_000,
                cost=20_000,
                closing=130_000,
                estimate=False,
                note="",
            )
        ],
        source="test",
    )
    world = SimpleNamespace(allocation=allocation, fee=fee, budget=budget, fund=fund, day=day)
    personas._finance_world = world  # type: ignore[attr-defined]
    return world
