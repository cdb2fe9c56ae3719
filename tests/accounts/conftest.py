"""Fixtures for the log-in tests: a running OpenID Connect provider, the settings that point
allauth at it, a browser-like test client that enforces CSRF, and a helper that submits the
forms found in real pages."""

from __future__ import annotations

import importlib.util
import json
import runpy
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

import pytest
from django.core.cache import cache
from django.test import Client

from .oidc_provider import OIDCProvider, ProviderUser

PROVIDER_ID = "test-idp"
PROVIDER_NAME = "Testkommunens inloggning"
CLIENT_ID = "samverkan-test"
CLIENT_SECRET = "correct horse battery staple"
CALLBACK_URL = f"http://testserver/accounts/oidc/{PROVIDER_ID}/login/callback/"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """allauth keeps rate limits and used TOTP codes in the cache; start every test clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def browser() -> Client:
    """A test client that, like a browser talking to the real site, must send CSRF tokens."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def provider_user() -> ProviderUser:
    return ProviderUser(
        sub="4711-anna",
        email="anna.andersson@kommun.example",
        name="Anna Andersson",
        given_name="Anna",
        family_name="Andersson",
    )


@pytest.fixture
def make_oidc_provider(provider_user: ProviderUser) -> Iterator[Callable[..., OIDCProvider]]:
    started: list[OIDCProvider] = []

    def make(**kwargs: Any) -> OIDCProvider:
        kwargs.setdefault("client_id", CLIENT_ID)
        kwargs.setdefault("client_secret", CLIENT_SECRET)
        kwargs.setdefault("redirect_uris", [CALLBACK_URL])
        kwargs.setdefault("user", provider_user)
        provider = OIDCProvider(**kwargs).start()
        started.append(provider)
        return provider

    yield make
    for provider in started:
        provider.stop()


@pytest.fixture
def oidc_provider(make_oidc_provider: Callable[..., OIDCProvider]) -> OIDCProvider:
    return make_oidc_provider()


def socialaccount_providers_from_env(oidc_providers: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> dict:
    """SOCIALACCOUNT_PROVIDERS exactly as config/settings.py builds it from OIDC_PROVIDERS: the
    settings module is run again (as a copy, not replacing the loaded one) with the variable set."""
    monkeypatch.setenv("OIDC_PROVIDERS", json.dumps(oidc_providers))
    spec = importlib.util.find_spec("config.settings")
    assert spec is not None and spec.origin is not None
    namespace = runpy.run_path(spec.origin, run_name="config_settings_copy_for_tests")
    return namespace["SOCIALACCOUNT_PROVIDERS"]


@pytest.fixture
def configure_oidc(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Callable[..., dict]:
    """Points allauth at a running provider, the way production is configured."""

    def configure(provider: OIDCProvider, *, secret: str | None = None) -> dict:
        entry = {
            "id": PROVIDER_ID,
            "name": PROVIDER_NAME,
            "server_url": provider.issuer,
            "client_id": provider.client_id,
            "secret": provider.client_secret if secret is None else secret,
        }
        settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers_from_env([entry], monkeypatch)
        return settings.SOCIALACCOUNT_PROVIDERS

    return configure


# --- Forms in real pages ------------------------------------------------------------------------
class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self.inputs_by_id: dict[str, dict[str, str | None]] = {}
        self._current: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self._current = {
                "action": a.get("action") or "",
                "method": (a.get("method") or "get").lower(),
                "fields": {},
                "names": [],
            }
            self.forms.append(self._current)
        elif tag in ("input", "textarea", "select", "button"):
            if a.get("id"):
                self.inputs_by_id[a["id"] or ""] = a
            if self._current is None or not a.get("name") or "disabled" in a:
                return
            self._current["names"].append(a["name"])
            kind = (a.get("type") or "text").lower()
            if tag != "input" or kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            # What a browser would send untouched: pre-filled values, hidden fields included.
            if a.get("value") is not None:
                self._current["fields"][a["name"]] = a.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def parse_page(response: Any) -> _FormParser:
    parser = _FormParser()
    parser.feed(response.content.decode(response.charset or "utf-8"))
    return parser


def page_url(response: Any) -> str:
    request = response.wsgi_request
    return request.get_full_path()


def find_form(response: Any, *, action: str | None = None, field: str | None = None) -> dict[str, Any]:
    """The POST form on the page whose action is `action` (resolved against the page URL), or
    that has a field named `field`."""
    here = page_url(response)
    for form in parse_page(response).forms:
        if form["method"] != "post":
            continue
        target = urljoin(here, form["action"]) if form["action"] else here
        if action is not None and target.split("?")[0] != action:
            continue
        if field is not None and field not in form["names"]:
            continue
        return {**form, "target": target}
    raise AssertionError(f"No POST form (action={action!r}, field={field!r}) on {here}")


def submit(client: Client, response: Any, data: dict[str, str] | None = None, **find: Any) -> Any:
    """Submits a form of the page like a browser: its hidden fields (the CSRF token) plus `data`."""
    form = find_form(response, **find)
    assert "csrfmiddlewaretoken" in form["fields"], f"form to {form['target']} has no CSRF token"
    return client.post(form["target"], {**form["fields"], **(data or {})})


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def forms() -> Any:
    """The page helpers, for the test modules."""

    class Forms:
        parse = staticmethod(parse_page)
        find = staticmethod(find_form)
        submit = staticmethod(submit)
        is_logged_in = staticmethod(is_logged_in)

    return Forms
