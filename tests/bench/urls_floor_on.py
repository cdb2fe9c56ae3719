"""The site's URLs as they are with SAMVERKAN_BENCH_FLOOR on (the real config.urls decides at
import time, which happens once per test process, with the flag off)."""

from bench.floor import build_urlpatterns
from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [*build_urlpatterns(True), *site_urlpatterns]
