from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StructureConfig(AppConfig):
    name = "samverkan.structure"
    label = "structure"
    verbose_name = _("Structure")

    def ready(self) -> None:
        from samverkan.core.parts import part_of
        from samverkan.structure.models import Body, Membership, Person

        # A person and a body are published with their seats.
        part_of(Membership, Person, via="person_id")
        part_of(Membership, Body, via="body_id")
