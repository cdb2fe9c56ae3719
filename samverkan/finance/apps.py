from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "samverkan.finance"
    label = "finance"
    verbose_name = _("Money")

    def ready(self) -> None:
        from samverkan.finance import sections

        sections.register()
