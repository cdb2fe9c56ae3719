from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "samverkan.referrals"
    label = "referrals"
    verbose_name = _("Recommendations to principals")

    def ready(self) -> None:
        from samverkan.referrals import sections

        sections.register()
