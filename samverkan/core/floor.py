"""The benchmark's floor: the cheapest page the stack can serve (one indexed query, a tiny
template), measured in the same server and run as the real pages so that their latency can be
read as a multiple of it (see docs/benchmark.md).

It is mounted only when SAMVERKAN_BENCH_FLOOR is true (off by default), so a production site
without the flag does not expose it; the view refuses too when the flag is off.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from config.env import env_bool
from samverkan.structure.models import Principal


def enabled() -> bool:
    """The setting SAMVERKAN_BENCH_FLOOR, or else the environment variable of that name."""
    return bool(getattr(settings, "SAMVERKAN_BENCH_FLOOR", env_bool("SAMVERKAN_BENCH_FLOOR", False)))


def floor(request: HttpRequest, key: str) -> HttpResponse:
    """A principal's name, looked up by its unique key, in a template of a few lines."""
    if not enabled():
        raise Http404
    name = Principal.objects.filter(key=key).values_list("name", flat=True).first()
    if name is None:
        raise Http404
    return render(request, "core/floor.html", {"name": name})


def build_urlpatterns(mounted: bool) -> list[URLPattern]:
    return [path("bench/golv/<slug:key>/", floor, name="bench_floor")] if mounted else []


urlpatterns = build_urlpatterns(enabled())
