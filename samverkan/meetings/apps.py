from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "samverkan.meetings"
    label = "meetings"
    verbose_name = _("Meetings and minutes")

    def ready(self) -> None:
        from samverkan.core.parts import part_of
        from samverkan.meetings import sections
        from samverkan.meetings.models import AgendaItem, Attachment, Attendance, Meeting, Minutes

        sections.register()
        # A meeting is published with its items, their papers, its minutes and who attended.
        part_of(AgendaItem, Meeting, via="meeting_id")
        part_of(Attachment, AgendaItem, via="item_id")
        part_of(Attachment, Meeting, via="item_id", lookup="items")
        part_of(Minutes, Meeting, via="meeting_id")
        part_of(Attendance, Meeting, via="meeting_id")
