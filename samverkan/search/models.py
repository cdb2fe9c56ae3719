"""The search index: one row per searchable thing (a paper, an agenda item, a decision, a
recommendation, a body, a person, or whatever another app registers in `index.py`).

The row keeps the original title and text (for showing and for snippets). The full-text index
itself lives outside Django's model, created by the migration for the database in use:

- SQLite: the FTS5 table `search_fts(title, text)` whose rowid is the entry's id and whose
  columns hold the Swedish Snowball stems of the words, in order (stemmed in Python by
  PyStemmer, since FTS5 has no Swedish stemmer); the indexer keeps it in step.
- PostgreSQL: the column `search_entry.search_vector`, a tsvector of the same stems (the
  title's weighted A, the text's B) with a GIN index, also kept by the indexer.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.structure.models import Body, Principal


class SearchEntry(models.Model):
    source = models.CharField(
        max_length=60, help_text="The registered kind that made the entry, e.g. 'meetings.attachment'."
    )
    object_id = models.BigIntegerField()
    type = models.CharField(_("type"), max_length=30, help_text="What the reader sees: paper, item, decision, ...")
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    body = models.ForeignKey(
        Body, verbose_name=_("body"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    principals = models.ManyToManyField(Principal, verbose_name=_("principals"), blank=True, related_name="+")
    public = models.BooleanField(_("public"), default=False)
    url = models.CharField(max_length=500)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "search_entry"
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["source", "object_id"], name="search_entry_once")]
        # On PostgreSQL also (date DESC NULLS LAST, id DESC), made by migration 0003: search ranks
        # the newest matches there (query.RANKED); SQLite cannot order an index NULLS LAST.
        indexes = [models.Index(fields=["type", "public"]), models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.type}: {self.title}"
