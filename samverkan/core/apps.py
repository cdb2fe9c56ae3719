from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "samverkan.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from samverkan.core import pagecache

        pagecache.connect()
