"""What a stored paper carries about its reading (an abstract model; documents has no tables)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Reading(models.TextChoices):
    READING = "reading", _("being read")
    READ = "read", _("read")
    REFUSED = "refused", _("refused")


class Readable(models.Model):
    """A stored paper whose text the worker reads (samverkan.documents.tasks.read_stored).

    Until it is read it is shown only to those who may change it ("being read"), never published
    nor searchable; refused, it stays so, with the reader's reason in `refusal`."""

    reading = models.CharField(_("reading"), max_length=10, choices=Reading.choices, default=Reading.READ)
    refusal = models.TextField(_("why it was refused"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_read(self) -> bool:
        return self.reading == Reading.READ

    @property
    def is_being_read(self) -> bool:
        return self.reading == Reading.READING

    @property
    def is_refused(self) -> bool:
        return self.reading == Reading.REFUSED
