"""Writes of the personal-data app: an export of everything held on a person (GDPR art. 15 and
20) and its erasure (art. 17), each logged as a `PrivacyRequest` with an audit row.

Erasure keeps what is a public record: the name in published minutes and the seats in bodies
shown on the public pages stay (the principle of public access, and art. 17.3 b: a legal
obligation to keep public records). Everything else goes: the account with its e-mail addresses,
two-factor keys, identity-provider links and sessions; the contact data; the notes of reported
absences; the person's and the account's names in the audit trail (the rows stay, neutral). A
person in no published record is erased entirely, with their attendance and absences."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from samverkan.core.audit import audit_record
from samverkan.core.models import AuditEvent
from samverkan.meetings.models import Absence, Adjuster, Attendance, Minutes
from samverkan.privacy import selectors
from samverkan.privacy.models import PrivacyRequest
from samverkan.structure.models import Membership, Person

PUBLIC_RECORDS_NOTE = (
    "Namn i justerade och publicerade protokoll, i publicerade beslut och svar samt uppdrag i organ "
    "som visas på de offentliga sidorna är allmänna handlingar. De finns kvar efter en radering "
    "(offentlighetsprincipen, tryckfrihetsförordningen 2 kap., och dataskyddsförordningen art. 17.3 b)."
)


def _label(actor: Any) -> str:
    return actor.get_username() if getattr(actor, "is_authenticated", False) else "(cli)"


def _log(
    *,
    actor: Any,
    kind: str,
    outcome: str,
    subject: selectors.Subject,
    receipt: dict[str, Any],
    note: str,
    source: str,
    label: str | None = None,
) -> PrivacyRequest:
    request = PrivacyRequest(
        kind=kind,
        outcome=outcome,
        subject=label or subject.label,
        person=subject.person if subject.person is not None and subject.person.pk else None,
        user=subject.user if subject.user is not None and subject.user.pk else None,
        handled_by=actor if getattr(actor, "is_authenticated", False) else None,
        handled_by_label=_label(actor),
        note=note,
        receipt=receipt,
    )
    request.full_clean()
    request.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=request,
        changes={"kind": (None, kind), "outcome": (None, outcome), "subject": (None, request.subject)},
        source=source,
    )
    return request


# --- Export ---------------------------------------------------------------------------------


def _csv(section: selectors.Section) -> bytes:
    """Semicolons and a byte-order mark, as Swedish Excel opens them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(section.columns)
    for row in section.rows:
        writer.writerow(
            [
                json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v
                for v in (row[c] for c in section.columns)
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_bytes(subject: selectors.Subject) -> tuple[bytes, list[selectors.Section], list[str]]:
    """The zip of everything held: personuppgifter.json, a CSV per section, LASMIG.txt."""
    sections = selectors.holdings(subject)
    public = selectors.public_records(subject.person)
    made = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    document = {
        "om": subject.label,
        "framtagen": made,
        "allmänna handlingar": {"förklaring": PUBLIC_RECORDS_NOTE, "där namnet finns": public},
        "avsnitt": {s.key: {"rubrik": s.title, "rader": s.rows} for s in sections},
    }
    readme = [
        f"Personuppgifter i Samverkan om {subject.label}, framtagna {made}.",
        "",
        "personuppgifter.json innehåller allt; varje avsnitt finns också som CSV (semikolon, UTF-8).",
        "",
        PUBLIC_RECORDS_NOTE,
    ]
    if public:
        readme += ["", "Här finns namnet i allmänna handlingar:", *(f"  {p}" for p in public)]
    readme += ["", "Avsnitt:", *(f"  {s.key}.csv  {s.title} ({len(s.rows)} rader)" for s in sections)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("LASMIG.txt", "\n".join(readme) + "\n")
        archive.writestr("personuppgifter.json", json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n")
        for section in sections:
            archive.writestr(f"{section.key}.csv", _csv(section))
    return buffer.getvalue(), sections, public


@transaction.atomic
def personal_data_export(
    *, actor: Any, subject: selectors.Subject, note: str = "", source: str = "web"
) -> tuple[PrivacyRequest, bytes]:
    data, sections, public = export_bytes(subject)
    request = _log(
        actor=actor,
        kind=PrivacyRequest.Kind.EXPORT,
        outcome=PrivacyRequest.Outcome.EXPORTED,
        subject=subject,
        receipt={"counts": {s.key: len(s.rows) for s in sections}, "public_records": public},
        note=note,
        source=source,
    )
    return request, data


# --- Erasure --------------------------------------------------------------------------------


def erasure_plan(subject: selectors.Subject) -> dict[str, Any]:
    """What an erasure would do, for the confirmation page and the receipt."""
    public = selectors.public_records(subject.person)
    entirely = subject.person is None or not public
    erased: list[str] = []
    if subject.user is not None:
        erased.append(
            f"Användarkontot {subject.user.get_username()} med e-postadresser, tvåfaktornycklar, "
            "inloggningar via identitetsleverantör och sessioner"
        )
    if subject.person is not None:
        if entirely:
            erased.append(f"Personen {subject.person.name} helt, med närvaro och anmält förhinder")
        else:
            if subject.person.email:
                erased.append("E-postadressen på personposten")
            erased.append("Meddelanden i anmält förhinder")
    from samverkan.subscriptions.models import Subscription

    if Subscription.objects.filter(email__in=[e.lower() for e in subject.emails]).exists():
        erased.append("E-postprenumerationer till adresserna, med sin logg")
    erased.append("Namnet i granskningsloggen (raderna finns kvar, utan namn)")
    return {"entirely": entirely, "erased": erased, "kept": public}


def _end_sessions(user_id: int) -> int:
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id):
            session.delete()
            ended += 1
    return ended


def _neutral_audit(subject: selectors.Subject, *, person_gone: bool, label: str) -> int:
    """The person's and the account's names out of the audit trail; the rows stay."""
    count = 0
    rows = list(selectors.audit_rows(subject))
    names = {n for n in (getattr(subject.user, "username", ""), subject.label if person_gone else "") if n}
    emails = set(subject.emails)
    for row in rows:
        changed = False
        if subject.user is not None and row.actor_id == subject.user.pk:
            row.actor_label = label
            changed = True
        about_user = (
            subject.user is not None and row.target_id == str(subject.user.pk) and row.target_type.model == "user"
        )
        about_person = (
            subject.person is not None and row.target_id == str(subject.person.pk) and row.target_type.model == "person"
        )
        if about_user or (about_person and person_gone):
            row.target_repr = label
            row.changes = {k: ["…", "…"] for k in row.changes}
            changed = True
        elif about_person:
            scrubbed = {k: v for k, v in row.changes.items() if k not in {"email", "user"}}
            if scrubbed != row.changes:
                row.changes = scrubbed
                changed = True
        text = json.dumps(row.changes, ensure_ascii=False)
        if any(value and value in text for value in names | emails):
            row.changes = {k: ["…", "…"] for k in row.changes}
            changed = True
        if changed:
            row.save(update_fields=["actor_label", "target_repr", "changes"])
            count += 1
    return count


def _neutral_related_audit(person: Person, label: str) -> int:
    """The audit rows of the records erased with the person (attendance, absences,
    adjustments): they name the person in their record and changes."""
    from django.contrib.contenttypes.models import ContentType

    count = 0
    for model, ids in (
        (Attendance, Attendance.objects.filter(Q(person=person) | Q(replaced_by=person)).values_list("pk", flat=True)),
        (Absence, Absence.objects.filter(person=person).values_list("pk", flat=True)),
        (Adjuster, Adjuster.objects.filter(person=person).values_list("pk", flat=True)),
    ):
        kind = ContentType.objects.get_for_model(model, for_concrete_model=False)
        count += AuditEvent.objects.filter(target_type=kind, target_id__in=[str(i) for i in ids]).update(
            target_repr=label, changes={}
        )
    return count


@transaction.atomic
def personal_data_erase(
    *, actor: Any, subject: selectors.Subject, note: str = "", source: str = "web"
) -> PrivacyRequest:
    """Erase what may be erased (see the module's docstring) and log it with a receipt."""
    plan = erasure_plan(subject)
    person, user = subject.person, subject.user
    ident = f"#{person.pk}" if person is not None else f"#u{user.pk}"
    neutral = f"raderad person {ident}"
    counts: dict[str, int] = {}
    counts["audit_rows"] = _neutral_audit(subject, person_gone=plan["entirely"], label=neutral)
    if person is not None and plan["entirely"]:
        counts["audit_rows"] += _neutral_related_audit(person, neutral)
    if user is not None:
        counts["sessions"] = _end_sessions(user.pk)
    from samverkan.subscriptions.services import address_erase

    counts["subscriptions"] = sum(address_erase(email=e, actor=actor, source=source) for e in subject.emails)
    if person is not None:
        if plan["entirely"]:
            counts["absences"] = Absence.objects.filter(person=person).delete()[0]
            attendance = Attendance.objects.filter(person=person)
            counts["attendance"] = attendance.count()
            Attendance.objects.filter(replaced_by=person).update(replaced_by=None)
            attendance.delete()
            Adjuster.objects.filter(person=person).delete()
            Minutes.objects.filter(secretary=person).update(secretary=None)
            Membership.objects.filter(substitute_for=person).update(substitute_for=None)
        else:
            counts["absence_notes"] = Absence.objects.filter(person=person).exclude(note="").update(note="")
            Person.objects.filter(pk=person.pk).update(email="", user=None, updated_at=timezone.now())
    if user is not None:
        user.delete()  # with its e-mail addresses, authenticators and social accounts (CASCADE)
    subject_label = neutral if (person is None or plan["entirely"]) else subject.label
    if person is not None and plan["entirely"]:
        person.delete()
    outcome = PrivacyRequest.Outcome.ERASED if plan["entirely"] else PrivacyRequest.Outcome.ANONYMISED
    receipt = {
        "erased": plan["erased"],
        "kept": plan["kept"],
        "public_records_note": PUBLIC_RECORDS_NOTE if plan["kept"] else "",
        "counts": counts,
    }
    return _log(
        actor=actor,
        kind=PrivacyRequest.Kind.ERASURE,
        outcome=outcome,
        subject=selectors.Subject(None if plan["entirely"] else person, None),
        receipt=receipt,
        note=note,
        source=source,
        label=subject_label,
    )


def entirely_erasable(person: Person) -> bool:
    return not selectors.public_records(person)


def requests_about(subject: selectors.Subject) -> Any:
    condition = Q(pk__in=[])
    if subject.person is not None:
        condition |= Q(person=subject.person)
    if subject.user is not None:
        condition |= Q(user=subject.user)
    return PrivacyRequest.objects.filter(condition)
