"""Settings for collecting the static files in the operations tests: production's manifest
(hashed names, staticfiles.json) without the compression, which costs most of a minute on a busy
two-core machine and is WhiteNoise's business, not what these tests are about."""

from config.settings import *  # noqa: F403
from config.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
