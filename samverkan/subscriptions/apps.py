from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    name = "samverkan.subscriptions"
    label = "subscriptions"
    verbose_name = _("E-mail subscriptions")

    def ready(self) -> None:
        from samverkan.subscriptions import sections

        sections.register()
