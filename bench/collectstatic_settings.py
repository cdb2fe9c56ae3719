"""Settings for the benchmark's `collectstatic` only: the production settings with the manifest
storage that production's WhiteNoise storage extends, minus its gzip and Brotli compression
(minutes of CPU for files the benchmark never requests). The manifest it writes is the one the
production server reads; the server itself runs config.settings unchanged."""

from config.settings import *  # noqa: F403
from config.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
