from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    """Deterministic synthetic data at county and national scale (`samverkan generate`), for
    benchmarks and load tests. Uses every domain app; no domain app imports it."""

    name = "samverkan.synthetic"
    label = "synthetic"
    verbose_name = "Synthetic data"
