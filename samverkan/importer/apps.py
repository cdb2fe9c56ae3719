from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImporterConfig(AppConfig):
    name = "samverkan.importer"
    label = "importer"
    verbose_name = _("Import of documents")

    def ready(self) -> None:
        from samverkan.importer import sections
        from samverkan.importer.search import register_imported_documents

        register_imported_documents()
        sections.register()
