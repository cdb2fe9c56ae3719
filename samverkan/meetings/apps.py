from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "samverkan.meetings"
    label = "meetings"
    verbose_name = _("Meetings and minutes")

    def ready(self) -> None:
        from samverkan.meetings import sections

        sections.register()
