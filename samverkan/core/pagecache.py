"""The public page cache: what an anonymous visitor sees on a public page, kept per process
and thrown away as soon as anything changes. See docs/decisions/0006-page-cache.md.

Correctness rests on one number, the *generation*, kept in the database
(`core.CacheGeneration`, one row) so every process and machine sees the same value. A cached
page is stored under (generation, today's date, language, path with query). The generation is
raised after every committed change:

* any save, delete or many-to-many change of a model of our apps (signals, run once per
  transaction after it commits; a rolled-back change raises nothing);
* any request that is not GET/HEAD/OPTIONS and wrote to a table of the site's data, however
  (a service may write with `QuerySet.update()`, which sends no signal): the SQL it runs is
  watched, and a write raises the generation once it commits. A POST that writes nothing
  (anonymous, refused for CSRF, to a missing page, a failed log-in) raises nothing, so
  visitors cannot empty the cache at will;
* commands that write in bulk (`generate`, `restore`, `reindex`) call `bump()` themselves.

A page is served from or stored in the cache only when all of these hold: the request is a GET
or HEAD, the visitor is not logged in and carries no session or flash-message cookie, the URL's
declared access policy is PUBLIC, and the response is a 200 that set no cookie and used no CSRF
token (so no form that posts, and nothing personal, is ever shared), and is under a size
limit. Pages behind personal links (absence, adjustment, answers) carry forms with CSRF tokens
and are therefore never cached. A view marked `@ignores_query` (the PDFs, which take no
parameters and are costly to make) is stored under its path alone: `?r=<random>` is the same
entry, not a new rendering.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from samverkan.core.access import PUBLIC, policy_for_match

logger = logging.getLogger(__name__)

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Apps whose rows never show on a public page: derived data, logs, sessions, the task queue.
IGNORED_MODELS = {
    "core.cachegeneration",
    "core.auditevent",
    "search.searchentry",
    "sessions.session",
    "django_tasks_db.dbtaskresult",
    "admin.logentry",
}


def enabled() -> bool:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0)) > 0


def current() -> int:
    from samverkan.core.models import CacheGeneration

    value = CacheGeneration.objects.filter(pk=1).values_list("value", flat=True).first()
    return int(value or 0)


def bump() -> None:
    """Raise the generation: every cached page is stale from now on. The new value is also at
    least the time in milliseconds, so a database restored from a backup (whose generation is
    an old one) never meets pages cached under that old number."""
    from samverkan.core.models import CacheGeneration

    now = int(time.time() * 1000)
    try:
        if not CacheGeneration.objects.filter(pk=1).update(value=Greatest(F("value") + 1, Value(now))):
            CacheGeneration.objects.get_or_create(pk=1, defaults={"value": now})
    except DatabaseError:  # e.g. before the migrations ran: nothing can be cached either
        logger.debug("Could not raise the page cache generation", exc_info=True)


def _bump_after_commit() -> None:
    bump()


def bump_on_commit() -> None:
    """Raise the generation once the current transaction commits (at once outside one);
    once per transaction, however many rows it changed."""
    pending = getattr(connection, "run_on_commit", [])
    if any(entry[1] is _bump_after_commit for entry in pending):
        return
    transaction.on_commit(_bump_after_commit)


def _changed(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.label_lower in IGNORED_MODELS:
        return
    bump_on_commit()


# INSERT, UPDATE, DELETE (and SQLite's INSERT OR ...) and the table they write to.
_WRITE = re.compile(
    r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+[\"`]?([\w.]+)", re.IGNORECASE
)


@functools.cache
def _ignored_tables() -> frozenset[str]:
    tables = {apps.get_model(label)._meta.db_table for label in IGNORED_MODELS if _installed(label)}
    # The shared cache (rate-limit counters, used two-factor codes) when it is the database's.
    for alias in settings.CACHES:
        config: dict[str, Any] = dict(settings.CACHES[alias])  # type: ignore[call-overload]
        if str(config["BACKEND"]).endswith("DatabaseCache"):
            tables.add(str(config["LOCATION"]))
    return frozenset(t.lower() for t in tables)


def _installed(label: str) -> bool:
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


def writes_data(sql: str) -> bool:
    """Whether a statement writes to a table whose rows a public page may show."""
    found = _WRITE.match(sql)
    return found is not None and found.group(1).lower() not in _ignored_tables()


def _watch_writes(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
    result = execute(sql, params, many, context)
    if writes_data(sql):
        bump_on_commit()  # raised once the write commits; a rolled-back one raises nothing
    return result


def ignores_query(view: Callable[..., Any]) -> Callable[..., Any]:
    """Marks a view whose answer does not depend on the query string: the cache keeps it under
    its path alone, so unknown parameters cannot make it render again."""
    view.page_cache_ignores_query = True  # type: ignore[attr-defined]
    return view


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_changed, dispatch_uid=f"pagecache:{signal!r}", weak=False)


def _key(request: HttpRequest, generation: int, *, with_query: bool = True) -> str:
    path = hashlib.sha256((request.get_full_path() if with_query else request.path).encode()).hexdigest()
    return f"page:{generation}:{timezone.localdate().isoformat()}:{translation.get_language()}:{request.method}:{path}"


# The (generation, day) under which this process last looked a page up: when it changes, every
# page the process keeps is stale and is dropped at once (see _drop_stale).
_seen: tuple[int, str] | None = None


def _drop_stale(generation: int) -> None:
    """Empties this process's page cache when the generation or the day has changed since it
    last looked. The cache is the process's own (locmem), keyed by generation and day, so its
    every entry is then stale, and would otherwise stay, unread, until the cache reached
    PAGE_CACHE_ENTRIES (1,000 pages: tens of MB a process) and culled a third of them: under
    steady writes (each answer raises the generation) a worker's memory grew for minutes."""
    global _seen
    now = (generation, timezone.localdate().isoformat())
    if _seen is not None and _seen != now:
        caches[settings.PAGE_CACHE_ALIAS].clear()
    _seen = now


def _anonymous(request: HttpRequest) -> bool:
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


class PublicPageCacheMiddleware:
    """Serves anonymous visitors' public pages from the cache (see the module's docstring).
    Placed after the authentication, locale and access-policy middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in SAFE_METHODS:
            with connection.execute_wrapper(_watch_writes):
                return self.get_response(request)
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key and self._storable(request, response):
            caches[settings.PAGE_CACHE_ALIAS].set(key, response, int(settings.PAGE_CACHE_SECONDS))
        return response

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any) -> Any:
        if not enabled() or request.method not in ("GET", "HEAD") or not _anonymous(request):
            return None
        match = request.resolver_match
        if match is None or policy_for_match(match) is not PUBLIC:
            return None
        generation = current()
        _drop_stale(generation)
        key = _key(request, generation, with_query=not getattr(view_func, "page_cache_ignores_query", False))
        cached = caches[settings.PAGE_CACHE_ALIAS].get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        request._page_cache_key = key  # type: ignore[attr-defined]
        return None

    @staticmethod
    def _storable(request: HttpRequest, response: HttpResponse) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and "private" not in response.get("Cache-Control", "")
            and len(response.content) <= int(getattr(settings, "PAGE_CACHE_MAX_BYTES", 1_000_000))
        )
