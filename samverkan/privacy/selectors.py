"""Everything Samverkan holds on one person, read from the domain apps: the person record, the
user account, seats, attendance, absences, adjustments, minutes kept, answers recorded, the
records their account made, and the audit rows about them or by them; and which of it stands in
published records (allmänna handlingar), where the name stays after an erasure."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from samverkan.agreements.models import AgreementEvent, AgreementVersion
from samverkan.archive.models import ArchiveExport
from samverkan.core.models import AuditEvent
from samverkan.importer.models import ImportedDocument
from samverkan.meetings.models import Absence, Adjuster, Attendance, Correction, Minutes
from samverkan.referrals.models import Recommendation, Response
from samverkan.structure.models import Body, Membership, Person, Principal

User = get_user_model()


@dataclass
class Subject:
    """Whom a request is about: a person record, a user account, or both (linked)."""

    person: Person | None
    user: Any

    @property
    def label(self) -> str:
        if self.person is not None:
            return self.person.name
        return str(self.user.get_full_name() or self.user.get_username())

    @property
    def emails(self) -> list[str]:
        found = {e for e in (getattr(self.person, "email", ""), getattr(self.user, "email", "")) if e}
        return sorted(found)


def subject_for_person(pk: int) -> Subject | None:
    person = Person.objects.select_related("user").filter(pk=pk).first()
    return None if person is None else Subject(person, person.user)


def subject_for_user(pk: int) -> Subject | None:
    user = User.objects.filter(pk=pk).first()
    if user is None:
        return None
    return Subject(Person.objects.filter(user=user).first(), user)


def matching(query: str, limit: int = 50) -> tuple[list[Person], list[Any]]:
    """People and accounts whose name, key, user name or e-mail address contain `query`
    (accounts linked to a listed person are not listed again)."""
    query = query.strip()
    if len(query) < 2:
        return [], []
    people = list(
        Person.objects.filter(Q(name__icontains=query) | Q(email__icontains=query) | Q(key__icontains=query))
        .select_related("user")
        .order_by("name", "pk")[:limit]
    )
    linked = {p.user_id for p in people if p.user_id}
    users = list(
        User.objects.filter(
            Q(username__icontains=query)
            | Q(email__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
        )
        .exclude(pk__in=linked)
        .order_by("username")[:limit]
    )
    return people, users


# --- What is held -----------------------------------------------------------------------------


@dataclass
class Section:
    key: str
    title: str  # Swedish; the export is a Swedish document like the papers
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    public_record: bool = False  # stays after an erasure, as a public record


def _day(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _meeting_label(meeting: Any) -> str:
    return f"{meeting.body.name} {timezone.localtime(meeting.start):%Y-%m-%d}"


def _published_meeting_ids() -> Any:
    return Minutes.objects.filter(status=Minutes.Status.ADJUSTED, published_at__isnull=False).values("meeting_id")


def holdings(subject: Subject) -> list[Section]:
    """Every section of what is held, in the order the screen and the export show them."""
    person, user = subject.person, subject.user
    sections: list[Section] = []
    if person is not None:
        sections.append(
            Section(
                "person",
                "Person",
                ["namn", "nyckel", "titel", "e-post", "användarkonto", "skapad"],
                [
                    {
                        "namn": person.name,
                        "nyckel": person.key,
                        "titel": person.title,
                        "e-post": person.email,
                        "användarkonto": user.get_username() if user else "",
                        "skapad": _day(person.created_at),
                    }
                ],
            )
        )
    if user is not None:
        sections.append(_account(user))
    if person is not None:
        sections += _person_records(person)
    if user is not None:
        sections += _account_records(user)
    subscriptions = _subscriptions(subject)
    if subscriptions.rows:
        sections.append(subscriptions)
    sections.append(_audit(subject))
    return sections


def _subscriptions(subject: Subject) -> Section:
    """E-mail subscriptions to the subject's addresses (samverkan/subscriptions)."""
    from samverkan.subscriptions.models import Subscription

    rows = [
        {
            "följer": s.subject_label,
            "slag": str(s.get_topic_display()),
            "hur ofta": str(s.get_frequency_display()),
            "e-post": s.email,
            "bekräftad": _day(s.confirmed_at),
            "skapad": _day(s.created_at),
        }
        for s in Subscription.objects.filter(email__in=[e.lower() for e in subject.emails]).select_related(
            "body", "principal", "recommendation", "agreement"
        )
    ]
    return Section(
        "subscriptions", "E-postprenumerationer", ["följer", "slag", "hur ofta", "e-post", "bekräftad", "skapad"], rows
    )


def _account(user: Any) -> Section:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    roles = [f"sekreterare: {b.name}" for b in Body.objects.filter(secretaries=user).order_by("name")]
    roles += [f"registrator: {p.name}" for p in Principal.objects.filter(registrars=user).order_by("name")]
    if user.is_superuser:
        roles.append("administratör")
    return Section(
        "account",
        "Användarkonto",
        [
            "användarnamn",
            "e-post",
            "förnamn",
            "efternamn",
            "skapat",
            "senast inloggad",
            "aktivt",
            "roller",
            "e-postadresser",
            "tvåfaktor",
            "inloggning via",
        ],
        [
            {
                "användarnamn": user.get_username(),
                "e-post": user.email,
                "förnamn": user.first_name,
                "efternamn": user.last_name,
                "skapat": _day(user.date_joined),
                "senast inloggad": _day(user.last_login),
                "aktivt": "ja" if user.is_active else "nej",
                "roller": ", ".join(roles),
                "e-postadresser": ", ".join(e.email for e in EmailAddress.objects.filter(user=user).order_by("email")),
                "tvåfaktor": ", ".join(a.type for a in Authenticator.objects.filter(user=user).order_by("type")),
                "inloggning via": ", ".join(
                    s.provider for s in SocialAccount.objects.filter(user=user).order_by("provider")
                ),
            }
        ],
    )


def _person_records(person: Person) -> list[Section]:
    published = set(_published_meeting_ids().values_list("meeting_id", flat=True))
    seats = (
        Membership.objects.filter(person=person)
        .select_related("body", "principal", "term")
        .order_by("body__name", "start", "pk")
    )
    attendance = (
        Attendance.objects.filter(Q(person=person) | Q(replaced_by=person))
        .select_related("meeting__body", "person", "replaced_by")
        .order_by("meeting__start", "pk")
    )
    absences = Absence.objects.filter(person=person).select_related("meeting__body").order_by("meeting__start", "pk")
    adjusting = (
        Adjuster.objects.filter(person=person)
        .select_related("minutes__meeting__body")
        .order_by("minutes__meeting__start")
    )
    keeping = Minutes.objects.filter(secretary=person).select_related("meeting__body").order_by("meeting__start")
    return [
        Section(
            "memberships",
            "Uppdrag i organ (publiceras på organets och personens sidor)",
            ["organ", "roll", "parti", "företräder", "sida", "titel", "mandatperiod", "från", "till"],
            [
                {
                    "organ": m.body.name,
                    "roll": m.get_role_display(),
                    "parti": m.party,
                    "företräder": m.principal.name if m.principal else "",
                    "sida": m.delegation,
                    "titel": m.title,
                    "mandatperiod": m.term.name if m.term else "",
                    "från": m.start.isoformat() if m.start else "",
                    "till": m.end.isoformat() if m.end else "",
                }
                for m in seats
            ],
            public_record=True,
        ),
        Section(
            "attendance",
            "Närvaro vid sammanträden",
            ["sammanträde", "som", "status", "ersatt av", "ersatte", "i publicerat protokoll"],
            [
                {
                    "sammanträde": _meeting_label(a.meeting),
                    "som": a.get_capacity_display() if a.person_id == person.pk else "",
                    "status": a.get_status_display() if a.person_id == person.pk else "",
                    "ersatt av": a.replaced_by.name if a.replaced_by and a.person_id == person.pk else "",
                    "ersatte": a.person.name if a.replaced_by_id == person.pk else "",
                    "i publicerat protokoll": "ja" if a.meeting_id in published else "nej",
                }
                for a in attendance
            ],
        ),
        Section(
            "absences",
            "Anmält förhinder",
            ["sammanträde", "anmält", "via", "meddelande"],
            [
                {
                    "sammanträde": _meeting_label(a.meeting),
                    "anmält": _day(a.created_at),
                    "via": a.get_via_display(),
                    "meddelande": a.note,
                }
                for a in absences
            ],
        ),
        Section(
            "adjuster",
            "Justerare av protokoll",
            ["sammanträde", "justerat", "i publicerat protokoll"],
            [
                {
                    "sammanträde": _meeting_label(a.minutes.meeting),
                    "justerat": _day(a.confirmed_at),
                    "i publicerat protokoll": "ja" if a.minutes.meeting_id in published else "nej",
                }
                for a in adjusting
            ],
        ),
        Section(
            "minutes_kept",
            "Protokollförare",
            ["sammanträde", "i publicerat protokoll"],
            [
                {
                    "sammanträde": _meeting_label(m.meeting),
                    "i publicerat protokoll": "ja" if m.meeting_id in published else "nej",
                }
                for m in keeping
            ],
        ),
    ]


def _account_records(user: Any) -> list[Section]:
    answers = Response.objects.filter(answered_by=user).select_related(
        "recipient__principal", "recipient__recommendation"
    )
    made: list[dict[str, Any]] = []
    for r in Recommendation.objects.filter(created_by=user).order_by("created_at"):
        made.append({"vad": "rekommendation skapad", "post": r.title, "när": _day(r.created_at)})
    for c in Correction.objects.filter(made_by=user).select_related("minutes__meeting__body"):
        made.append(
            {"vad": "rättelse av protokoll", "post": _meeting_label(c.minutes.meeting), "när": _day(c.created_at)}
        )
    for v in AgreementVersion.objects.filter(added_by=user).select_related("agreement"):
        made.append({"vad": "avtalsversion", "post": f"{v.agreement.title} ({v.label})", "när": _day(v.created_at)})
    for e in AgreementEvent.objects.filter(made_by=user).select_related("agreement"):
        made.append(
            {"vad": "avtalshändelse", "post": f"{e.agreement.title}: {e.get_kind_display()}", "när": _day(e.created_at)}
        )
    for d in ImportedDocument.objects.filter(Q(uploaded_by=user) | Q(applied_by=user)):
        made.append({"vad": "importerat dokument", "post": d.original_name, "när": _day(d.created_at)})
    for x in ArchiveExport.objects.filter(requested_by=user).select_related("body"):
        made.append({"vad": "arkivleverans", "post": f"{x.body.name} {x.year}", "när": _day(x.created_at)})
    made.sort(key=lambda row: (row["när"], row["vad"], row["post"]))
    return [
        Section(
            "answers",
            "Svar på rekommendationer registrerade av kontot",
            ["rekommendation", "huvudman", "svar", "registrerat", "via"],
            [
                {
                    "rekommendation": a.recipient.recommendation.title,
                    "huvudman": a.recipient.principal.name,
                    "svar": a.get_answer_display(),
                    "registrerat": _day(a.answered_at),
                    "via": a.get_via_display(),
                }
                for a in answers.order_by("answered_at", "pk")
            ],
        ),
        Section("records_made", "Annat som kontot har registrerat", ["vad", "post", "när"], made),
    ]


def audit_rows(subject: Subject) -> Any:
    """Audit rows made by the account, or about the person or the account."""
    condition = Q(pk__in=[])
    if subject.user is not None:
        user_type = ContentType.objects.get_for_model(subject.user, for_concrete_model=False)
        condition |= Q(actor=subject.user) | Q(target_type=user_type, target_id=str(subject.user.pk))
    if subject.person is not None:
        person_type = ContentType.objects.get_for_model(Person, for_concrete_model=False)
        condition |= Q(target_type=person_type, target_id=str(subject.person.pk))
    return AuditEvent.objects.filter(condition).select_related("target_type").order_by("at", "pk")


def _audit(subject: Subject) -> Section:
    return Section(
        "audit",
        "Granskningsloggen: ändringar gjorda av kontot eller om personen",
        ["när", "vem", "genom", "vad", "post", "ändringar"],
        [
            {
                "när": _day(e.at),
                "vem": e.actor_label,
                "genom": e.source,
                "vad": e.get_action_display(),
                "post": e.target_repr,
                "ändringar": e.changes,
            }
            for e in audit_rows(subject)
        ],
    )


def public_records(person: Person | None) -> list[str]:
    """Where the person's name stands in published records, which stay after an erasure: seats
    shown on the public pages, and adjusted, published minutes (attendance, adjusters, keeper)."""
    if person is None:
        return []
    places: list[str] = []
    for m in Membership.objects.filter(person=person).select_related("body").order_by("body__name", "start"):
        places.append(f"Uppdrag: {m.get_role_display()} i {m.body.name}")
    published = _published_meeting_ids()
    meetings = set()
    for a in Attendance.objects.filter(
        Q(person=person) | Q(replaced_by=person), meeting_id__in=published
    ).select_related("meeting__body"):
        meetings.add((a.meeting.start, _meeting_label(a.meeting)))
    for adj in Adjuster.objects.filter(person=person, minutes__meeting_id__in=published).select_related(
        "minutes__meeting__body"
    ):
        meetings.add((adj.minutes.meeting.start, _meeting_label(adj.minutes.meeting)))
    for minutes in Minutes.objects.filter(secretary=person, meeting_id__in=published).select_related("meeting__body"):
        meetings.add((minutes.meeting.start, _meeting_label(minutes.meeting)))
    places += [f"Protokoll: {label}" for _start, label in sorted(meetings)]
    return places
