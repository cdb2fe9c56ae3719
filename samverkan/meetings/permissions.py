"""Who may use the meeting pages (see samverkan/core/access.py). Object-level rules find the
meeting's body and ask the structure's roles."""

from __future__ import annotations

from samverkan.core.access import AUTHENTICATED, PUBLIC, ObjectLoader, Policy
from samverkan.meetings.models import Meeting
from samverkan.structure.permissions import BODY
from samverkan.structure.roles import is_member_of, is_secretary_of

MEETING = ObjectLoader(Meeting.objects.select_related("body"))  # <int:pk>, with its body


MEETING_SECRETARY = Policy(
    "meeting secretary",
    lambda user, kw: user.is_authenticated and is_secretary_of(user, MEETING(kw).body),
    "The secretaries of the meeting's body, and administrators.",
)
MEETING_MEMBER = Policy(
    "meeting member",
    lambda user, kw: user.is_authenticated and is_member_of(user, MEETING(kw).body),
    "Current members and secretaries of the meeting's body, and administrators.",
)
NOTICE_READER = Policy(
    "notice reader",
    lambda user, kw: (
        MEETING(kw).notice_sent_at is not None or (user.is_authenticated and is_member_of(user, MEETING(kw).body))
    ),
    "Once the notice is sent, everyone (the public read it without confidential items and reported "
    "absences); before that, current members and secretaries of the meeting's body, and administrators.",
)
BODY_SECRETARY = Policy(
    "body secretary (meetings)",
    lambda user, kw: user.is_authenticated and is_secretary_of(user, BODY(kw)),
    "The body's secretaries and administrators.",
)

URL_POLICIES = {
    # Public: the plan, agendas of public items, published minutes, calendars, matters.
    "meetings:body_meetings": PUBLIC,
    "meetings:body_calendar": PUBLIC,
    "meetings:person_calendar": PUBLIC,
    "meetings:meeting_detail": PUBLIC,
    "meetings:minutes": PUBLIC,
    "meetings:minutes_pdf": PUBLIC,
    "meetings:extract_pdf": PUBLIC,
    "meetings:adjustment_notice_pdf": PUBLIC,
    "meetings:matter_detail": PUBLIC,
    # The agenda item form's matter suggestions: the matters are public, the field is the staff's.
    "meetings:matter_suggestions": AUTHENTICATED,
    # Public papers; a confidential item's papers answer 404 unless the user is a member
    # (selectors.attachment_for decides, since it depends on the item).
    "meetings:attachment": PUBLIC,
    # Personal signed links from e-mails: the token is the authorisation.
    "meetings:absence_link": PUBLIC,
    "meetings:adjust_link": PUBLIC,
    # A sent notice is public (kallelsen is an allmän handling once sent), its confidential
    # items and reported absences left out for the public; a notice not yet sent is the members'.
    "meetings:notice_pdf": NOTICE_READER,
    # Members
    "meetings:absence_report": MEETING_MEMBER,
    # An adjuster confirms logged in; the service checks that the user is an adjuster.
    "meetings:adjust": AUTHENTICATED,
    # Secretaries
    "meetings:meeting_create": BODY_SECRETARY,
    "meetings:plan_year": BODY_SECRETARY,
    "meetings:settings": BODY_SECRETARY,
    "meetings:meeting_edit": MEETING_SECRETARY,
    "meetings:agenda": MEETING_SECRETARY,
    "meetings:item_edit": MEETING_SECRETARY,
    "meetings:item_delete": MEETING_SECRETARY,
    "meetings:attachment_add": MEETING_SECRETARY,
    "meetings:absences": MEETING_SECRETARY,
    "meetings:notice_send": MEETING_SECRETARY,
    "meetings:attendance": MEETING_SECRETARY,
    "meetings:roll_call": MEETING_SECRETARY,
    "meetings:attendance_edit": MEETING_SECRETARY,
    "meetings:minutes_edit": MEETING_SECRETARY,
}
