"""The record that a database holds synthetic data (`samverkan generate`), and which."""

from __future__ import annotations

from django.db import models


class Dataset(models.Model):
    """One run of `samverkan generate`. `finished_at` stays empty until every row and the search
    index are written, so `Dataset.objects.filter(scale=..., seed=..., finished_at__isnull=False)`
    tells a benchmark that the database is ready. Its presence is also what allows `generate
    --replace` to wipe the data: a database with domain rows and no Dataset is never touched."""

    scale = models.CharField(max_length=20)
    seed = models.BigIntegerField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    seconds = models.FloatField(null=True, blank=True, help_text="How long the generation took.")

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "synthetic dataset"
        verbose_name_plural = "synthetic datasets"

    def __str__(self) -> str:
        state = "finished" if self.finished_at else "unfinished"
        return f"{self.scale} (seed {self.seed}, {state})"
