from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "samverkan.referrals"
    label = "referrals"
    verbose_name = _("Recommendations to principals")

    def ready(self) -> None:
        from samverkan.core.parts import part_of
        from samverkan.meetings.models import AgendaItem
        from samverkan.referrals import sections
        from samverkan.referrals.models import Paper, Recipient, Recommendation, Response

        sections.register()
        # A recommendation is published with its papers, its recipients and their answers, and
        # the agenda item it was decided under (whose being confidential hides that decision).
        part_of(Paper, Recommendation, via="recommendation_id")
        part_of(Recipient, Recommendation, via="recommendation_id")
        part_of(Response, Recipient, via="recipient_id")
        part_of(Response, Recommendation, via="recipient_id", lookup="recipients")
        part_of(AgendaItem, Recommendation, via="pk", lookup="agenda_item")
