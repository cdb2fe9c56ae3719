"""Who may use which view: every URL pattern has a declared access policy.

Each app declares its policies in one place, `<app>/permissions.py`, as a mapping
`URL_POLICIES = {"namespace:url_name": POLICY}`. The middleware below looks the policy up for
every request and refuses when it does not allow the user, or when none is declared (closed by
default). `tests/test_url_policies.py` walks every URL pattern and fails if one has no policy.

Keys may end in `*` to cover a family of third-party URLs whose views enforce their own rules
(the Django admin, allauth); those are declared in `samverkan/core/permissions.py`.
"""

from __future__ import annotations

import contextvars
import fnmatch
import importlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import ResolverMatch

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Policy:
    """A named rule deciding whether a user may use a view, given the URL's keyword arguments."""

    name: str
    check: Callable[[Any, Mapping[str, Any]], bool] = field(compare=False)
    description: str = ""

    def allows(self, user: Any, kwargs: Mapping[str, Any]) -> bool:
        return bool(self.check(user, kwargs))


def is_administrator(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


PUBLIC = Policy("public", lambda user, kw: True, "Everyone, logged in or not.")
AUTHENTICATED = Policy("authenticated", lambda user, kw: user.is_authenticated, "Any logged-in user.")
ADMINISTRATOR = Policy("administrator", lambda user, kw: is_administrator(user), "Administrators only.")
DELEGATED = Policy(
    "delegated",
    lambda user, kw: True,
    "A third-party view that enforces its own rules (the Django admin's staff check, allauth's log-in).",
)


M = TypeVar("M", bound=models.Model)

# What the object policies fetched during the current request, so the view gets the same object
# instead of fetching it again (set by AccessPolicyMiddleware; outside a request nothing is kept).
_fetched: contextvars.ContextVar[dict[tuple[int, Any], Any] | None] = contextvars.ContextVar(
    "samverkan_policy_objects", default=None
)


class ObjectLoader(Generic[M]):
    """Fetches the object a URL names, for an object policy and then for its view: one query a
    request, 404 for an unknown key (or a malformed one). `loader(kwargs)` in a policy's check,
    `loader.get(value)` in the view.

        MEETING = ObjectLoader(Meeting.objects.select_related("body"))          # <int:pk>
        BODY = ObjectLoader(Body.objects.all(), field="key", kwarg="key")         # <slug:key>
    """

    def __init__(self, queryset: models.QuerySet[M], *, field: str = "pk", kwarg: str | None = None) -> None:
        self.queryset = queryset
        self.field = field
        self.kwarg = kwarg or field

    def __call__(self, kwargs: Mapping[str, Any]) -> M:
        return self.get(kwargs[self.kwarg])

    def get(self, value: Any) -> M:
        fetched = _fetched.get()
        key = (id(self), str(value))
        if fetched is not None and key in fetched:
            return fetched[key]
        try:
            found = self.queryset.get(**{self.field: value})
        except (ObjectDoesNotExist, ValueError, TypeError) as exc:
            raise Http404 from exc
        if fetched is not None:
            fetched[key] = found
        return found


class _Registry:
    def __init__(self) -> None:
        self._exact: dict[str, Policy] = {}
        self._patterns: list[tuple[str, Policy]] = []
        self._loaded = False

    def load(self) -> None:
        if self._loaded:
            return
        for config in apps.get_app_configs():
            if not config.name.startswith("samverkan."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.permissions")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.permissions":
                    raise
                continue
            for key, policy in getattr(module, "URL_POLICIES", {}).items():
                self.add(key, policy)
        self._loaded = True

    def add(self, key: str, policy: Policy) -> None:
        if key in self._exact or any(k == key for k, _ in self._patterns):
            raise ValueError(f"Access policy for {key!r} is declared twice.")
        if key.endswith("*"):
            self._patterns.append((key, policy))
        else:
            self._exact[key] = policy

    def lookup(self, view_name: str) -> Policy | None:
        self.load()
        if view_name in self._exact:
            return self._exact[view_name]
        for pattern, policy in self._patterns:
            if fnmatch.fnmatchcase(view_name, pattern):
                return policy
        return None


registry = _Registry()


def policy_for_match(match: ResolverMatch) -> Policy | None:
    return registry.lookup(match.view_name)


class AccessPolicyMiddleware:
    """Refuses a request unless the policy declared for its URL allows the user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _fetched.set({})
        try:
            return self.get_response(request)
        finally:
            _fetched.reset(token)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None:  # pragma: no cover - Django always sets it before process_view
            raise PermissionDenied
        policy = policy_for_match(match)
        if policy is None:
            logger.error("No access policy declared for %s; refusing.", match.view_name)
            raise PermissionDenied("No access policy is declared for this page.")
        if policy.allows(request.user, view_kwargs):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
