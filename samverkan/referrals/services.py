"""Every write to recommendations, their recipients and answers: validated, in one
transaction, in the audit trail. E-mail goes out through tasks (see tasks.py), enqueued in the
same transaction so that nothing is sent for a change that was rolled back."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.core.audit import audit_record, create_instance, update_instance
from samverkan.core.editing import ConcurrentEdit as ConcurrentEdit  # the refusal callers catch
from samverkan.core.editing import lock_at_version, version_raise
from samverkan.core.models import AuditEvent
from samverkan.documents.models import Reading
from samverkan.documents.papers import check_upload
from samverkan.documents.reader import PDF
from samverkan.documents.tasks import enqueue_reading
from samverkan.referrals import tasks
from samverkan.referrals.models import Paper, Recipient, Recommendation, Response
from samverkan.referrals.selectors import population_year
from samverkan.structure.models import Body, Grouping, Population, Principal

Changes = dict[str, tuple[Any, Any]]
MAX_EXTRACT_BYTES = 25 * 1024 * 1024
# What may still change once a recommendation is sent; the question, rule and recipients may not.
CHANGEABLE_AFTER_SENDING = {"deadline", "grace_days", "reminder_days", "public", "background"}


def principals_from(principals: Iterable[Principal] = (), groupings: Iterable[Grouping] = ()) -> list[Principal]:
    """The principals named and those of the groupings, once each, by name."""
    chosen: dict[int, Principal] = {p.pk: p for p in principals}
    for grouping in groupings:
        for principal in grouping.principals.all():
            chosen.setdefault(principal.pk, principal)
    return sorted(chosen.values(), key=lambda p: p.name)


def _clean_reminder_days(days: Any) -> list[int]:
    try:
        cleaned = sorted({int(d) for d in (days or [])}, reverse=True)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"reminder_days": _("Reminders are given as whole days before the deadline.")}) from exc
    if any(d < 0 or d > 365 for d in cleaned):
        raise ValidationError({"reminder_days": _("A reminder is between 0 and 365 days before the deadline.")})
    return cleaned


def _normalise_rule(fields: dict[str, Any], current: Recommendation | None = None) -> None:
    """A consultation has no adoption rule; a rule keeps only its own parameter. Checked here,
    before the database's constraints would refuse with a less helpful message."""

    def value(name: str) -> Any:
        return fields[name] if name in fields else getattr(current, name, None)

    kind, rule = value("kind") or Recommendation.Kind.DECISION, value("rule") or Recommendation.Rule.ALL
    if kind == Recommendation.Kind.CONSULTATION:
        fields.update(rule=Recommendation.Rule.ALL, rule_count=None, rule_share=None)
        return
    if rule != Recommendation.Rule.AT_LEAST and ("rule_count" in fields or "rule" in fields):
        fields["rule_count"] = None
    if rule != Recommendation.Rule.POPULATION_SHARE and ("rule_share" in fields or "rule" in fields):
        fields["rule_share"] = None
    if rule == Recommendation.Rule.AT_LEAST and not value("rule_count"):
        raise ValidationError({"rule_count": _("Say how many approvals are needed.")})
    if rule == Recommendation.Rule.POPULATION_SHARE and not value("rule_share"):
        raise ValidationError({"rule_share": _("Say which share of the population is needed.")})


def _check_rule(recommendation: Recommendation, recipient_count: int | None = None) -> None:
    if recommendation.kind == Recommendation.Kind.CONSULTATION:
        return
    if recommendation.rule == Recommendation.Rule.AT_LEAST and not recommendation.rule_count:
        raise ValidationError({"rule_count": _("Say how many approvals are needed.")})
    if recommendation.rule == Recommendation.Rule.POPULATION_SHARE and not recommendation.rule_share:
        raise ValidationError({"rule_share": _("Say which share of the population is needed.")})
    if (
        recommendation.rule == Recommendation.Rule.AT_LEAST
        and recipient_count is not None
        and recommendation.rule_count is not None
        and recommendation.rule_count > recipient_count
    ):
        raise ValidationError(
            {
                "rule_count": _("%(n)d approvals are needed but there are only %(m)d recipients.")
                % {"n": recommendation.rule_count, "m": recipient_count}
            }
        )


# --- Creating and changing -------------------------------------------------------------------


@transaction.atomic
def recommendation_create(
    *,
    actor: Any,
    body: Body,
    principals: Iterable[Principal] = (),
    groupings: Iterable[Grouping] = (),
    source: str = "web",
    **fields: Any,
) -> Recommendation:
    """A draft recommendation from the body to the principals (and the groupings' principals)."""
    fields["reminder_days"] = _clean_reminder_days(fields.get("reminder_days", [14, 3]))
    _normalise_rule(fields)
    recipients = principals_from(principals, groupings)
    values = {"body": body, **fields}
    if getattr(actor, "is_authenticated", False):
        values["created_by"] = actor
    recommendation: Recommendation = create_instance(Recommendation, values, actor=actor, source=source)
    _check_rule(recommendation)
    _set_recipients(recommendation, recipients, actor=actor, source=source)
    return recommendation


def _set_recipients(recommendation: Recommendation, principals: list[Principal], *, actor: Any, source: str) -> Changes:
    existing = {r.principal_id: r for r in recommendation.recipients.select_related("principal")}
    wanted = {p.pk: p for p in principals}
    removed = [r for pid, r in existing.items() if pid not in wanted]
    added = [p for pid, p in wanted.items() if pid not in existing]
    if not removed and not added:
        return {}
    Recipient.objects.filter(pk__in=[r.pk for r in removed]).delete()
    Recipient.objects.bulk_create([Recipient(recommendation=recommendation, principal=p) for p in added])
    changes: Changes = {
        "recipients": (
            sorted(r.principal.name for r in existing.values()),
            sorted(p.name for p in wanted.values()),
        )
    }
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=recommendation, changes=changes, source=source)
    return changes


@transaction.atomic
def recommendation_update(
    *,
    actor: Any,
    recommendation: Recommendation,
    version: int,
    principals: Iterable[Principal] | None = None,
    groupings: Iterable[Grouping] = (),
    source: str = "web",
    **fields: Any,
) -> Changes:
    """Change a recommendation opened at `version`. Once sent, only the deadline, grace period,
    reminders, background and publicity may change; the question and recipients stay."""
    current = lock_at_version(
        recommendation,
        version,
        _(
            "Someone else saved this recommendation while you were editing it. Your changes "
            "have not been saved; compare with the saved version and save again."
        ),
    )
    if "reminder_days" in fields:
        fields["reminder_days"] = _clean_reminder_days(fields["reminder_days"])
    if current.status == Recommendation.Status.DRAFT:
        _normalise_rule(fields, current)
    elif "deadline" in fields and fields["deadline"] != current.deadline and fields["deadline"] < timezone.localdate():
        raise ValidationError(
            {"deadline": _("A sent recommendation's deadline can be moved, but not into the past.")}, code="deadline"
        )
    if current.status != Recommendation.Status.DRAFT:
        locked = {k for k, v in fields.items() if k not in CHANGEABLE_AFTER_SENDING and getattr(current, k) != v}
        if locked or (principals is not None and _differs(current, principals, groupings)):
            raise ValidationError(
                _("The recommendation has been sent: its question, rule and recipients can no longer be changed."),
                code="sent",
            )
        principals = None
    changes = update_instance(current, fields, actor=actor, source=source)
    _check_rule(current)
    if principals is not None:
        changes.update(_set_recipients(current, principals_from(principals, groupings), actor=actor, source=source))
    if changes:
        version_raise(current)
    return changes


def _differs(recommendation: Recommendation, principals: Iterable[Principal], groupings: Iterable[Grouping]) -> bool:
    wanted = {p.pk for p in principals_from(principals, groupings)}
    return wanted != set(recommendation.recipients.values_list("principal_id", flat=True))


def missing_populations(recommendation: Recommendation) -> list[Principal]:
    """Recipients without a population figure for the year the population rule uses."""
    year = population_year(recommendation)
    have = set(Population.objects.filter(year=year).values_list("principal_id", flat=True))
    return [r.principal for r in recommendation.recipients.select_related("principal") if r.principal_id not in have]


@transaction.atomic
def recommendation_send(
    *,
    actor: Any,
    recommendation: Recommendation,
    at: datetime.datetime | None = None,
    notify: bool = True,
    source: str = "web",
) -> Recommendation:
    """Send a draft: check it can be answered, mark it sent, and enqueue the e-mails to every
    recipient's registrars (each gets a personal link).

    `at` records a recommendation sent in the past (the demo, an import of the paper trail):
    the deadline is checked against that moment, and with `notify=False` no e-mail goes out
    (the recipients are recorded as invited at `at`)."""
    current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if current.status != Recommendation.Status.DRAFT:
        raise ValidationError(_("The recommendation has already been sent."), code="already_sent")
    count = current.recipients.count()
    if count == 0:
        raise ValidationError(_("Choose at least one recipient before sending."), code="no_recipients")
    now = at or timezone.now()
    if current.deadline < timezone.localdate(now):
        raise ValidationError(_("The deadline has passed; choose a later deadline before sending."), code="deadline")
    _check_rule(current, count)
    year = current.population_year
    if current.kind == Recommendation.Kind.DECISION and current.rule == Recommendation.Rule.POPULATION_SHARE:
        missing = missing_populations(current)
        if missing:
            raise ValidationError(
                _("The population rule needs the %(year)d population of every recipient; it is missing for: %(names)s.")
                % {"year": population_year(current), "names": ", ".join(p.name for p in missing)},
                code="population",
            )
        # Fixed now, so that a later change of the deadline does not change whose figures count.
        # (Not set on `current` before update_instance, which would then see no change to save.)
        year = population_year(current)
    update_instance(
        current,
        {"status": Recommendation.Status.SENT, "sent_at": now, "population_year": year},
        actor=actor,
        source=source,
    )
    if not notify:
        current.recipients.update(invited_at=now)
        return current
    tasks.send_invitations.enqueue(current.pk)
    return current


@transaction.atomic
def recommendation_withdraw(*, actor: Any, recommendation: Recommendation, source: str = "web") -> Changes:
    current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if current.status == Recommendation.Status.WITHDRAWN:
        return {}
    if current.status != Recommendation.Status.SENT:
        raise ValidationError(
            _("Only a sent recommendation can be withdrawn; a draft is simply not sent."), code="not_sent"
        )
    return update_instance(current, {"status": Recommendation.Status.WITHDRAWN}, actor=actor, source=source)


# --- Papers --------------------------------------------------------------------------------


@transaction.atomic
def paper_add(
    *, actor: Any, recommendation: Recommendation, upload: UploadedFile, title: str = "", source: str = "web"
) -> Paper:
    """Attach a paper (PDF or DOCX, checked by content and size), stored as being read: the worker
    reads its text (samverkan.documents.tasks) before it is shown to anyone but the secretary."""
    if recommendation.status == Recommendation.Status.WITHDRAWN:
        raise ValidationError(_("The recommendation has been withdrawn."), code="withdrawn")
    read = check_upload(upload)
    paper = Paper(
        recommendation=recommendation,
        title=(title or (upload.name or "handling").rsplit(".", 1)[0])[:300],
        original_name=upload.name or "",
        content_type=read.content_type,
        size=read.size,
        sha256=read.sha256,
        reading=Reading.READING,
    )
    paper.full_clean(exclude=["file"])  # before anything reaches the file store
    paper.file.save(upload.name or "handling", upload, save=False)
    paper.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=paper,
        changes={"file": (None, paper.original_name), "recommendation": (None, str(recommendation))},
        source=source,
    )
    enqueue_reading(paper)
    return paper


@transaction.atomic
def paper_remove(*, actor: Any, paper: Paper, source: str = "web") -> None:
    """Remove a paper from a draft; once sent, the papers are what the principals received (a
    paper the reader refused was never shown to them, and may always be removed)."""
    if not paper.is_removable:
        raise ValidationError(_("The recommendation has been sent: its papers stay as they were sent."), code="sent")
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, target=paper, source=source)
    paper.file.delete(save=False)
    paper.delete()


# --- Links ---------------------------------------------------------------------------------


@transaction.atomic
def link_revoke(*, actor: Any, recipient: Recipient, source: str = "web") -> None:
    """Stop the recipient's link from working (e.g. it reached the wrong person)."""
    current = Recipient.objects.select_for_update().get(pk=recipient.pk)
    Recipient.objects.filter(pk=current.pk).update(link_version=F("link_version") + 1, link_revoked=True)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.REVOKE,
        target=current,
        changes={"link_version": (current.link_version, current.link_version + 1)},
        source=source,
    )


@transaction.atomic
def link_reissue(*, actor: Any, recipient: Recipient, source: str = "web") -> None:
    """A new link for the recipient, e-mailed to its registrars; the old one stops working."""
    current = Recipient.objects.select_for_update().select_related("recommendation").get(pk=recipient.pk)
    if current.recommendation.status != Recommendation.Status.SENT:
        raise ValidationError(_("Only a sent recommendation has links."), code="not_sent")
    Recipient.objects.filter(pk=current.pk).update(
        link_version=F("link_version") + 1, link_revoked=False, invited_at=None, invited_to=""
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.GRANT,
        target=current,
        changes={"link_version": (current.link_version, current.link_version + 1)},
        source=source,
    )
    tasks.send_invitations.enqueue(current.recommendation_id, [current.pk])


# --- Answers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    response: Response
    created: bool


def _check_extract(upload: UploadedFile) -> bytes:
    """An extract of the minutes: a PDF by its first bytes. The worker reads it after the answer is
    recorded (a scan without a text layer is accepted; one that needs a password is refused)."""
    try:
        return check_upload(upload, accept={PDF}, max_bytes=MAX_EXTRACT_BYTES).data
    except ValidationError as exc:
        raise ValidationError({"extract": exc.messages}) from None


def _already_recorded(earlier: Response, recipient: Recipient) -> Recorded:
    """The answer a repeated submission recorded. A key used for another recipient's answer
    records nothing and says so, rather than passing that answer off as this one's."""
    if earlier.recipient_id != recipient.pk:
        raise ValidationError(
            _("This form has already been used for another answer; reload the page and answer again."),
            code="submission",
        )
    return Recorded(earlier, created=False)


ANSWER_FIELDS = ("answer", "condition", "text", "decided_on", "decided_by", "decided_by_name", "paragraph")


def _same_answer(previous: Response, new: Response, extract: bytes | None) -> bool:
    """Whether `new` says exactly what the current answer says: the form sent again after the
    browser's Back button (with a fresh form key). An extract counts only when one is sent: a
    form sent again carries no file, and the extract already recorded stays with the answer."""
    if any(getattr(previous, name) != getattr(new, name) for name in ANSWER_FIELDS):
        return False
    return extract is None or hashlib.sha256(extract).hexdigest() == previous.extract_sha256


@transaction.atomic
def response_record(
    *,
    actor: Any,
    recipient: Recipient,
    answer: str,
    via: str,
    submission: Any = None,
    condition: str = "",
    text: str = "",
    decided_on: datetime.date | None = None,
    decided_by: str = "",
    decided_by_name: str = "",
    paragraph: str = "",
    extract: UploadedFile | None = None,
    answered_at: datetime.datetime | None = None,
    link_version: int | None = None,
    source: str = "web",
) -> Recorded:
    """Record a principal's answer as a new event and make it the current one.

    An answer through a personal link passes the link's version: a link revoked or replaced
    while the form was being submitted records nothing (checked under the recipient's lock).

    The same `submission` key twice (a double click, a resent form) records once and returns
    the first answer with `created=False`; so does an answer identical to the current one (the
    form sent again after Back, with a new key): a changed answer is a new event. An answer after the deadline is accepted and marked
    late. Each answer is audited; the report-back is checked once everyone has answered.
    """
    current = Recipient.objects.select_for_update().select_related("recommendation", "principal").get(pk=recipient.pk)
    if submission is not None:
        earlier = Response.objects.filter(submission=submission).first()
        if earlier is not None:
            return _already_recorded(earlier, current)
    recommendation = current.recommendation
    if recommendation.status != Recommendation.Status.SENT:
        raise ValidationError(_("This recommendation is not open for answers."), code="closed")
    if link_version is not None and (current.link_revoked or current.link_version != link_version):
        raise ValidationError(
            _("The link has been replaced by a newer one, or withdrawn by the secretary."), code="revoked"
        )

    consultation = recommendation.kind == Recommendation.Kind.CONSULTATION
    allowed = (
        {Response.Answer.WRITTEN}
        if consultation
        else {Response.Answer.APPROVED, Response.Answer.APPROVED_WITH_CONDITION, Response.Answer.REJECTED}
    )
    errors: dict[str, str] = {}
    if answer not in allowed:
        errors["answer"] = _("Choose one of the answers offered.")
    if answer == Response.Answer.APPROVED_WITH_CONDITION and not condition.strip():
        errors["condition"] = _("Write the condition the approval is given under.")
    if answer == Response.Answer.WRITTEN and not text.strip():
        errors["text"] = _("Write the answer to the consultation.")
    if answer != Response.Answer.APPROVED_WITH_CONDITION:
        condition = ""
    now = answered_at or timezone.now()
    if decided_on is not None and decided_on > timezone.localdate(now):
        errors["decided_on"] = _("The decision date cannot be in the future.")
    if errors:
        raise ValidationError(errors)

    response = Response(
        recipient=current,
        answer=answer,
        condition=condition.strip(),
        text=text.strip(),
        decided_on=decided_on,
        decided_by=decided_by,
        decided_by_name=decided_by_name.strip(),
        paragraph=paragraph.strip(),
        answered_at=now,
        late=timezone.localdate(now) > recommendation.deadline,
        via=via,
        answered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if submission is not None:
        response.submission = submission
    data = _check_extract(extract) if extract is not None else None
    response.full_clean(exclude=["extract", "recipient", "submission"])
    if current.current_response_id is not None:
        standing = Response.objects.get(pk=current.current_response_id)
        if _same_answer(standing, response, data):
            return Recorded(standing, created=False)
    if data is not None and extract is not None:
        response.extract_name = extract.name or "utdrag.pdf"
        response.extract_sha256 = hashlib.sha256(data).hexdigest()
        response.extract_reading = Reading.READING
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:  # the same submission, committed by a concurrent request
        return _already_recorded(Response.objects.get(submission=submission), current)
    if data is not None and extract is not None:
        # Stored only once the answer's row exists, so a refused duplicate leaves no file.
        response.extract.save(f"{current.principal.key}-{recommendation.pk}.pdf", extract, save=False)
        Response.objects.filter(pk=response.pk).update(extract=response.extract.name)
        # The answer is recorded now; the extract is read by the worker and shown once read.
        enqueue_reading(response, accept={PDF}, prefix="extract")
    previous = current.current_response_id
    Recipient.objects.filter(pk=current.pk).update(current_response=response)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=response,
        changes={
            "answer": (
                Response.objects.get(pk=previous).get_answer_display() if previous else None,
                response.get_answer_display(),
            ),
            "condition": (None, response.condition or None),
            "decided_on": (None, response.decided_on),
            "decided_by": (None, response.decided_by_name or response.get_decided_by_display() or None),
            "paragraph": (None, response.paragraph or None),
            "late": (None, response.late),
            "via": (None, response.via),
        },
        source=source,
    )
    if not Recipient.objects.filter(recommendation=recommendation, current_response__isnull=True).exists():
        tasks.check_report_back.enqueue(recommendation.pk)
    return Recorded(response, created=True)
