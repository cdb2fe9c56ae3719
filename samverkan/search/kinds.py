"""The built-in searchable kinds: papers (meeting attachments, recommendation papers and the
versions of agreements), agenda items, decisions, recommendations, agreements, bodies and
people, with what each depends on.

Visibility is decided here once, conservatively, as the public pages decide it:
an item (and its papers) is public unless confidential; a decision only once its minutes are
published; a recommendation (and its papers) only when public and not a draft
(`public_recommendations()`); an agreement (and its versions) only when public and not a draft
(`agreements.selectors.public_agreements()`); bodies and people are public."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.agreements.models import Agreement, AgreementEvent, AgreementVersion
from samverkan.meetings.models import AgendaItem, Attachment, Meeting, Minutes
from samverkan.referrals.models import Paper, Recipient, Recommendation
from samverkan.referrals.selectors import is_public
from samverkan.search.index import Document, Kind, Target, depends, depends_m2m, register, registry
from samverkan.structure.models import Body, Mandate, Membership, Person

ATTACHMENT = "meetings.attachment"
ITEM = "meetings.item"
DECISION = "meetings.decision"
RECOMMENDATION = "referrals.recommendation"
PAPER = "referrals.paper"
AGREEMENT = "agreements.agreement"
AGREEMENT_VERSION = "agreements.version"
BODY = "structure.body"
PERSON = "structure.person"


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(moment).date() if moment is not None else None


def _join(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


# --- Meetings ---------------------------------------------------------------------------------


def _minutes_published(meeting: Meeting) -> bool:
    try:
        minutes = meeting.minutes
    except Minutes.DoesNotExist:
        return False
    return minutes.is_published


def build_attachment(paper: Attachment) -> Document | None:
    if not paper.is_read:  # being read or refused: not searchable (docs/decisions/0016)
        return None
    meeting = paper.item.meeting
    return Document(
        title=paper.title,
        text=paper.text,
        url=reverse("meetings:attachment", kwargs={"pk": meeting.pk, "attachment_pk": paper.pk}),
        public=not paper.item.confidential,
        date=_day(meeting.start),
        body_id=meeting.body_id,
    )


def build_item(item: AgendaItem) -> Document | None:
    # Not the notes: they are the draft of the minutes, public only through the decision entry
    # once the minutes are published.
    text = _join(item.proposal, item.presenters)
    if item.kind in AgendaItem.PROCEDURAL and not item.proposal:
        return None  # "Mötet öppnas": nothing to find
    return Document(
        title=item.title,
        text=text,
        url=item.meeting.get_absolute_url(),
        public=not item.confidential,
        date=_day(item.meeting.start),
        body_id=item.meeting.body_id,
    )


def build_decision(item: AgendaItem) -> Document | None:
    clauses = [str(c) for c in item.clauses or [] if str(c).strip()]
    if not item.decision.strip() and not clauses:
        return None
    published = _minutes_published(item.meeting)
    if published:
        url = reverse("meetings:minutes", kwargs={"pk": item.meeting_id})
        if item.paragraph:
            url += f"#p-{item.paragraph}"
    else:
        url = item.meeting.get_absolute_url()
    return Document(
        title=f"{item.label} {item.title}",
        text=_join(item.decision, "\n".join(clauses)),
        url=url,
        public=published and not item.confidential,
        date=_day(item.meeting.start),
        body_id=item.meeting.body_id,
    )


def _items_of_meeting(meeting: Meeting) -> list[Target]:
    items = list(AgendaItem.objects.filter(meeting_id=meeting.pk).values_list("pk", flat=True))
    papers = Attachment.objects.filter(item__meeting_id=meeting.pk).values_list("pk", flat=True)
    return [(ITEM, pk) for pk in items] + [(DECISION, pk) for pk in items] + [(ATTACHMENT, pk) for pk in papers]


def _item_and_papers(item: AgendaItem) -> list[Target]:
    # The item's own entries are its kinds' concern; its papers follow its confidentiality.
    return [(ATTACHMENT, pk) for pk in Attachment.objects.filter(item_id=item.pk).values_list("pk", flat=True)]


def _decisions_of_minutes(minutes: Minutes) -> list[Target]:
    return [
        (DECISION, pk) for pk in AgendaItem.objects.filter(meeting_id=minutes.meeting_id).values_list("pk", flat=True)
    ]


# --- Recommendations -------------------------------------------------------------------------


def _recommendation_day(rec: Recommendation) -> datetime.date | None:
    return _day(rec.sent_at) or _day(rec.created_at)


def _principal_ids(rec: Recommendation) -> list[int]:
    return [r.principal_id for r in rec.recipients.all()]


def build_recommendation(rec: Recommendation) -> Document:
    return Document(
        title=rec.title,
        text=_join(rec.question, rec.background, rec.condition),
        url=rec.get_absolute_url(),
        public=is_public(rec),
        date=_recommendation_day(rec),
        body_id=rec.body_id,
        principal_ids=_principal_ids(rec),
    )


def build_paper(paper: Paper) -> Document | None:
    if not paper.is_read:
        return None
    rec = paper.recommendation
    return Document(
        title=paper.title,
        text=paper.text,
        url=reverse("referrals:paper", kwargs={"pk": rec.pk, "paper_pk": paper.pk}),
        public=is_public(rec),
        date=_recommendation_day(rec),
        body_id=rec.body_id,
        principal_ids=_principal_ids(rec),
    )


def _recommendation_and_papers(rec_id: int | None) -> list[Target]:
    if rec_id is None:
        return []
    papers = Paper.objects.filter(recommendation_id=rec_id).values_list("pk", flat=True)
    return [(RECOMMENDATION, rec_id)] + [(PAPER, pk) for pk in papers]


# --- Agreements -------------------------------------------------------------------------------

AGREEMENT_TEXT = 100_000  # characters of the newest version's text put into the agreement's own entry


def _agreement_public(agreement: Agreement) -> bool:
    # The rule of agreements.selectors.public_agreements(), on a row already loaded.
    return agreement.public and agreement.status != Agreement.Status.DRAFT


def build_agreement(agreement: Agreement) -> Document:
    # newest first (AgreementVersion.Meta.ordering); only those read (docs/decisions/0016)
    versions = [v for v in agreement.versions.all() if v.is_read]
    notes = [event.note for event in agreement.events.all() if event.note]
    return Document(
        title=agreement.title,
        text=_join(
            str(agreement.get_kind_display()),
            agreement.summary,
            "\n".join(notes),
            versions[0].text[:AGREEMENT_TEXT] if versions else "",
        ),
        url=agreement.get_absolute_url(),
        public=_agreement_public(agreement),
        date=agreement.valid_from,
        body_id=agreement.body_id,
        principal_ids=[p.pk for p in agreement.parties.all()],
    )


def build_agreement_version(version: AgreementVersion) -> Document | None:
    if not version.is_read:
        return None
    agreement = version.agreement
    return Document(
        title=f"{agreement.title} ({version.label})",
        text=version.text,
        url=reverse("agreements:version_file", kwargs={"key": agreement.key, "pk": version.pk}),
        public=_agreement_public(agreement),
        date=version.adopted_on or agreement.valid_from,
        body_id=agreement.body_id,
        principal_ids=[p.pk for p in agreement.parties.all()],
    )


def _agreement_and_versions(agreement_id: int | None) -> list[Target]:
    if agreement_id is None:
        return []
    versions = AgreementVersion.objects.filter(agreement_id=agreement_id).values_list("pk", flat=True)
    return [(AGREEMENT, agreement_id)] + [(AGREEMENT_VERSION, pk) for pk in versions]


# --- Structure -------------------------------------------------------------------------------


def build_body(body: Body) -> Document:
    mandates = list(body.mandates.all())  # newest first (Mandate.Meta.ordering)
    return Document(
        title=body.name,
        text=_join(body.short_name, mandates[0].text if mandates else "", body.meeting_rhythm),
        url=body.get_absolute_url(),
        public=True,
        date=body.active_from,
        body_id=body.pk,
        principal_ids=[p.pk for p in body.owners.all()],
    )


def build_person(person: Person) -> Document:
    seats = list(person.memberships.all())
    lines = [
        ", ".join(
            part
            for part in (
                seat.get_role_display(),
                seat.title,
                seat.body.name,
                seat.party,
                seat.principal.name if seat.principal else "",
            )
            if part
        )
        for seat in seats
    ]
    return Document(
        title=person.name,
        text=_join(person.title, "\n".join(lines)),
        url=person.get_absolute_url(),
        public=True,
        principal_ids=[seat.principal_id for seat in seats if seat.principal_id],
    )


def _targets(key: str, ids: Iterable[Any]) -> list[Target]:
    return [(key, pk) for pk in ids if pk is not None]


def register_builtin() -> None:
    if ATTACHMENT in registry.kinds:  # already (ready() ran twice)
        return
    register(
        Kind(
            key=ATTACHMENT,
            type="paper",
            label=_("Paper"),
            model=Attachment,
            queryset=lambda: Attachment.objects.select_related("item__meeting"),
            build=build_attachment,
        )
    )
    register(
        Kind(
            key=PAPER,
            type="paper",
            label=_("Paper"),
            model=Paper,
            queryset=lambda: Paper.objects.select_related("recommendation").prefetch_related(
                "recommendation__recipients"
            ),
            build=build_paper,
        )
    )
    register(
        Kind(
            key=ITEM,
            type="item",
            label=_("Agenda item"),
            model=AgendaItem,
            queryset=lambda: AgendaItem.objects.select_related("meeting"),
            build=build_item,
        )
    )
    register(
        Kind(
            key=DECISION,
            type="decision",
            label=_("Decision"),
            model=AgendaItem,
            queryset=lambda: AgendaItem.objects.select_related("meeting__minutes"),
            build=build_decision,
        )
    )
    register(
        Kind(
            key=RECOMMENDATION,
            type="recommendation",
            label=_("Recommendation"),
            model=Recommendation,
            queryset=lambda: Recommendation.objects.prefetch_related("recipients"),
            build=build_recommendation,
        )
    )
    register(
        Kind(
            key=AGREEMENT,
            type="agreement",
            label=_("Agreement"),
            model=Agreement,
            queryset=lambda: Agreement.objects.prefetch_related("parties", "versions", "events"),
            build=build_agreement,
        )
    )
    register(
        Kind(
            key=AGREEMENT_VERSION,
            type="paper",
            label=_("Paper"),
            model=AgreementVersion,
            queryset=lambda: AgreementVersion.objects.select_related("agreement").prefetch_related(
                "agreement__parties"
            ),
            build=build_agreement_version,
        )
    )
    register(
        Kind(
            key=BODY,
            type="body",
            label=_("Body"),
            model=Body,
            queryset=lambda: Body.objects.prefetch_related("owners", "mandates"),
            build=build_body,
        )
    )
    register(
        Kind(
            key=PERSON,
            type="person",
            label=_("Person"),
            model=Person,
            queryset=lambda: Person.objects.prefetch_related(
                Prefetch("memberships", queryset=Membership.objects.select_related("body", "principal"))
            ),
            build=build_person,
        )
    )
    # What else each entry is made from.
    depends(Meeting, _items_of_meeting)
    depends(AgendaItem, _item_and_papers)
    depends(Minutes, _decisions_of_minutes)
    depends(Recommendation, lambda rec: _recommendation_and_papers(rec.pk)[1:])
    depends(Recipient, lambda recipient: _recommendation_and_papers(recipient.recommendation_id))
    depends(Agreement, lambda agreement: _agreement_and_versions(agreement.pk)[1:])
    depends(AgreementVersion, lambda version: _targets(AGREEMENT, [version.agreement_id]))
    depends(AgreementEvent, lambda event: _targets(AGREEMENT, [event.agreement_id]))
    depends_m2m(
        Agreement.parties.through,
        lambda instance, reverse, pk_set: (
            [t for pk in pk_set or [] for t in _agreement_and_versions(pk)]
            if reverse
            else _agreement_and_versions(instance.pk)
        ),
    )
    depends(Mandate, lambda mandate: _targets(BODY, [mandate.body_id]))
    depends_m2m(
        Body.owners.through,
        lambda instance, reverse, pk_set: _targets(BODY, pk_set or []) if reverse else _targets(BODY, [instance.pk]),
    )
    depends(Membership, lambda seat: _targets(PERSON, [seat.person_id]))
    depends(
        Body,
        lambda body: _targets(PERSON, Membership.objects.filter(body_id=body.pk).values_list("person_id", flat=True)),
    )
