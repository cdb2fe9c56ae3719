"""The Content-Security-Policy on every response, and HSTS with includeSubDomains where it is
configured (issue 11, point 7). That every page works under the policy is checked in a real
browser: tests/e2e/test_content_security_policy.py."""

from __future__ import annotations

import importlib.util
import json
import runpy
from typing import Any

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def directives(header: str) -> dict[str, str]:
    return {part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()}


def production_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    """config/settings.py run again (a copy) as production would with `env`."""
    for name, value in {
        "SAMVERKAN_ENV": "production",
        "SECRET_KEY": "k" * 50,
        "ALLOWED_HOSTS": "samverkan.example",
        "DATABASE_URL": "postgres://u@db.example/samverkan",
        **env,
    }.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.find_spec("config.settings")
    assert spec is not None and spec.origin is not None
    return runpy.run_path(spec.origin, run_name="config_settings_copy_for_tests")


@pytest.mark.parametrize("url", ["/", "/organ/", "/api/v1/principals", "/finns-inte/", "/accounts/login/"])
def test_every_response_carries_the_strict_policy(url: str) -> None:
    response = Client().get(url)
    found = directives(response["Content-Security-Policy"])
    assert {name: found.get(name) for name in STRICT} == STRICT
    assert "unsafe" not in response["Content-Security-Policy"]


def test_production_has_the_same_policy_and_lets_forms_reach_the_identity_providers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    provider = {"id": "vgr", "server_url": "https://idp.example:8443/realms/vgr", "client_id": "samverkan"}
    loaded = production_settings(monkeypatch, OIDC_PROVIDERS=json.dumps([provider]))
    found = directives(loaded["CONTENT_SECURITY_POLICY"])
    assert {name: found.get(name) for name in STRICT if name != "form-action"} == {
        k: v for k, v in STRICT.items() if k != "form-action"
    }
    assert found["form-action"] == "'self' https://idp.example:8443"
    assert "samverkan.core.security.ContentSecurityPolicyMiddleware" in loaded["MIDDLEWARE"]
    assert production_settings(monkeypatch, CONTENT_SECURITY_POLICY="off")["CONTENT_SECURITY_POLICY"] == ""


def test_hsts_includes_subdomains_where_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = production_settings(monkeypatch)
    assert (loaded["SECURE_HSTS_SECONDS"], loaded["SECURE_HSTS_INCLUDE_SUBDOMAINS"]) == (31536000, False)
    loaded = production_settings(monkeypatch, SECURE_HSTS_INCLUDE_SUBDOMAINS="1")
    assert loaded["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    with override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True):
        response = Client().get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
