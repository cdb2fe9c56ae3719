"""Whether a reported absence contradicts the roll call: the person was recorded present before
they reported it, and the row has not been changed since. Below the services and the mail (both
ask it), reading the models only."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from samverkan.meetings.models import Absence, Attendance


def reported_after_present() -> Exists:
    """For an attendance row (the outer query): its person reported absence from its meeting after
    the row was recorded present and last changed. A row the secretary saves after the report
    (the conflict seen, or the member came after all) no longer counts."""
    return Exists(
        Absence.objects.filter(
            meeting_id=OuterRef("meeting_id"), person_id=OuterRef("person_id"), created_at__gt=OuterRef("updated_at")
        )
    )


def recorded_present_before(absence: Absence) -> bool:
    """Whether the roll call had the person present before this absence was reported (and has
    not been changed since): what the member's confirmation and the secretaries are told."""
    return Attendance.objects.filter(
        meeting_id=absence.meeting_id,
        person_id=absence.person_id,
        status=Attendance.Status.PRESENT,
        updated_at__lt=absence.created_at,
    ).exists()


def present_before_report() -> Exists:
    """For an absence (the outer query): its person's row in the roll call had them present before
    the report and is unchanged since (`recorded_present_before` in SQL)."""
    return Exists(
        Attendance.objects.filter(
            meeting_id=OuterRef("meeting_id"),
            person_id=OuterRef("person_id"),
            status=Attendance.Status.PRESENT,
            updated_at__lt=OuterRef("created_at"),
        )
    )
