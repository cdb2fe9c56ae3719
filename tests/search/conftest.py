"""A small world to search, indexed the way the site indexes it: every row is made through the
ORM inside `django_capture_on_commit_callbacks(execute=True)`, so the signals' on-commit
reindexing runs as it does after a real commit."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from samverkan.meetings.models import AgendaItem, Attachment, Meeting, Minutes
from samverkan.referrals.models import Paper, Recipient, Recommendation
from samverkan.search.query import Filters, search
from samverkan.structure.models import Body, Principal
from tests.factories import BodyFactory, PrincipalFactory, UserFactory
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, local
from tests.referrals.factories import RecommendationFactory

OnCommit = Callable[..., AbstractContextManager[Any]]


def attach(item: AgendaItem, title: str, text: str) -> Attachment:
    return Attachment.objects.create(
        item=item,
        title=title,
        file=ContentFile(b"%PDF-1.4", name="bilaga.pdf"),
        original_name="bilaga.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
        text=text,
    )


def paper(rec: Recommendation, title: str, text: str) -> Paper:
    return Paper.objects.create(
        recommendation=rec,
        title=title,
        file=ContentFile(b"%PDF-1.4", name="handling.pdf"),
        original_name="handling.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
        text=text,
    )


def recommendation(body: Body, principals: list[Principal], **fields: Any) -> Recommendation:
    fields.setdefault("status", Recommendation.Status.SENT)
    if fields["status"] == Recommendation.Status.SENT:
        fields.setdefault("sent_at", timezone.now())
    rec = RecommendationFactory(body=body, **fields)
    for principal in principals:
        Recipient.objects.create(recommendation=rec, principal=principal)
    return rec


@dataclass
class World:
    vgr: Principal
    goteborg: Principal
    boras: Principal
    sro: Body
    board: Body
    meeting: Meeting
    old_meeting: Meeting
    item: AgendaItem
    secret: AgendaItem
    secret_paper: Attachment
    decided: AgendaItem
    minutes: Minutes
    sent: Recommendation
    draft: Recommendation
    internal: Recommendation


def titles(q: str, filters: Filters | None = None, *, public_only: bool = True, limit: int = 50) -> list[str]:
    return [hit.entry.title for hit in search(q, filters, public_only=public_only, limit=limit).hits]


@pytest.fixture
def admin_user(db: None) -> Any:
    return UserFactory(username="search-admin", is_superuser=True, is_staff=True)


@pytest.fixture
def world(db: None, django_capture_on_commit_callbacks: OnCommit) -> Iterator[World]:
    with django_capture_on_commit_callbacks(execute=True):
        vgr = PrincipalFactory(key="vgr", name="Västra Götalandsregionen", kind=Principal.Kind.REGION)
        goteborg = PrincipalFactory(key="goteborg", name="Göteborgs Stad")
        boras = PrincipalFactory(key="boras", name="Borås Stad")
        sro = BodyFactory(key="sro", name="Samrådsorganet", short_name="SRO", owners=[vgr, goteborg])
        board = BodyFactory(key="vastkom-styrelse", name="VästKoms styrelse", owners=[boras])

        meeting = MeetingFactory(body=sro, start=local(2022, 4, 28, 9), end=local(2022, 4, 28, 12))
        item = AgendaItemFactory(
            meeting=meeting,
            title="Ungdomsmottagning i västra Göteborg",
            proposal="Samrådsorganet ställer sig bakom avtalet om ungdomsmottagningen. "
            "Frågan har beretts av kommunerna tillsammans.",
        )
        secret = AgendaItemFactory(
            meeting=meeting,
            title="Förhandling om hyresnivåer",
            proposal="Hemlig förhandlingsposition om hyresnivåerna.",
            confidential=True,
        )
        secret_paper = attach(secret, "Förhandlingsunderlag", "Sekretessbelagt förhandlingsunderlag om hyresnivåerna.")
        attach(item, "Avtalsförslag ungdomsmottagning", "Avtalen mellan parterna om ungdomsmottagning gäller 2023.")
        decided = AgendaItemFactory(
            meeting=meeting,
            title="Vårdsamverkan i Västra Götaland",
            kind=AgendaItem.Kind.DECISION,
            decision="Samrådsorganet rekommenderar kommunerna att anta överenskommelsen om vårdsamverkan.",
            clauses=["Att anta överenskommelsen.", "Att återrapportera hösten 2022."],
            paragraph=12,
        )
        minutes = Minutes.objects.create(meeting=meeting)

        old_meeting = MeetingFactory(body=board, start=local(2018, 12, 17, 17, 30), end=local(2018, 12, 17, 18, 30))
        AgendaItemFactory(
            meeting=old_meeting,
            title="Verksamhetsplan och budget 2019",
            proposal="Styrelsen fastställer verksamhetsplanen. Kommunen informeras om avtalen.",
        )

        sent = recommendation(
            sro,
            [goteborg, boras],
            title="Samverkansavtal digitala hjälpmedel",
            question="X kommun ställer sig bakom samverkansavtal digitala hjälpmedel.",
            background="Kommunerna och regionen har arbetat fram avtalet.",
        )
        paper(sent, "Förslag till samverkansavtal", "Avtalet gäller kommunerna och regionen från 2023.")
        draft = recommendation(
            sro,
            [goteborg],
            title="Utkast om parkeringsavgifter",
            question="X kommun ställer sig bakom parkeringsavgiften.",
            status=Recommendation.Status.DRAFT,
        )
        paper(draft, "Utkastets underlag om parkering", "Parkeringsavgifterna höjs.")
        internal = recommendation(
            sro,
            [vgr],
            title="Intern rekommendation om löneöversyn",
            question="Regionen ställer sig bakom löneöversynen.",
            public=False,
        )
    yield World(
        vgr=vgr,
        goteborg=goteborg,
        boras=boras,
        sro=sro,
        board=board,
        meeting=meeting,
        old_meeting=old_meeting,
        item=item,
        secret=secret,
        secret_paper=secret_paper,
        decided=decided,
        minutes=minutes,
        sent=sent,
        draft=draft,
        internal=internal,
    )


@pytest.fixture
def publish(django_capture_on_commit_callbacks: OnCommit) -> Callable[[Minutes], None]:
    def do(minutes: Minutes) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            minutes.status = Minutes.Status.ADJUSTED
            minutes.adjusted_at = minutes.published_at = timezone.now()
            minutes.save()

    return do


D = datetime.date
