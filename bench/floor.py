"""The benchmark's floor: the cheapest page the stack can serve (one indexed query, a tiny
template), measured in the same server and run as the real pages so that their latency can be
read as a multiple of it (see docs/benchmark.md).

It lives with the benchmark, above every app, and is mounted by config/urls.py only when the
setting SAMVERKAN_BENCH_FLOOR is true (off by default), so a production site without the flag
does not expose it (nor import this module); the view refuses too when the flag is off.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template import engines
from django.template.backends.django import Template
from django.urls import URLPattern, path

from samverkan.structure.models import Principal

TEMPLATE = Path(__file__).resolve().parent / "templates" / "bench" / "floor.html"


def enabled() -> bool:
    """The setting SAMVERKAN_BENCH_FLOOR (config/settings.py reads its environment variable)."""
    return bool(settings.SAMVERKAN_BENCH_FLOOR)


@cache
def _template() -> Template:
    """Compiled once, as the cached template loader does for the real pages."""
    template = engines["django"].from_string(TEMPLATE.read_text(encoding="utf-8"))
    assert isinstance(template, Template)
    return template


def floor(request: HttpRequest, key: str) -> HttpResponse:
    """A principal's name, looked up by its unique key, in a template of a few lines."""
    if not enabled():
        raise Http404
    name = Principal.objects.filter(key=key).values_list("name", flat=True).first()
    if name is None:
        raise Http404
    return HttpResponse(_template().render({"name": name}, request))


def build_urlpatterns(mounted: bool) -> list[URLPattern]:
    return [path("bench/golv/<slug:key>/", floor, name="bench_floor")] if mounted else []


urlpatterns = build_urlpatterns(enabled())
