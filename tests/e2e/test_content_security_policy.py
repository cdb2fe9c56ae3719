"""Every page works under the Content-Security-Policy (self only, no inline script or style):
the main pages of the public, an administrator and a secretary open in chromium without one
violation in the browser's console, and the API's documentation (Swagger UI, from the site's
own static files) still draws itself (issue 11, point 7)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.e2e.conftest import ADMIN, SECRETARY

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

PUBLIC = [
    "/",
    "/om/",
    "/organ/",
    "/organ/sro/",
    "/organ/sro/moten/",
    "/huvudman/",
    "/huvudman/region-vasterbotten/",
    "/struktur/",
    "/rekommendationer/",
    "/rekommendationer/tavla/",
    "/avtal/",
    "/sok/?q=avtal",
    "/accounts/login/",
    "/finns-inte/",
]
ADMINISTRATOR = ["/konto/", "/granskning/", "/admin/", "/admin/structure/body/", "/accounts/2fa/", "/arkiv/"]
SECRETARY_PAGES = ["/organ/sro/", "/organ/sro/moten/", "/import/"]


def violations_on(page: Page, paths: list[str]) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
            else None
        ),
    )
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status in (200, 404), f"{path}: {response and response.status}"
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy and "unsafe" not in policy, path
        page.wait_for_load_state("load")
    return found


def test_the_public_pages_break_no_rule_of_the_policy(browse_as: Callable[..., Any]) -> None:
    page = browse_as(None)
    assert violations_on(page, PUBLIC) == []


def test_an_administrators_and_a_secretarys_pages_break_no_rule(browse_as: Callable[..., Any]) -> None:
    assert violations_on(browse_as(ADMIN), ADMINISTRATOR) == []
    assert violations_on(browse_as(SECRETARY), SECRETARY_PAGES) == []


def test_the_api_documentation_draws_itself_under_the_policy(browse_as: Callable[..., Any]) -> None:
    page = browse_as(None)
    found = violations_on(page, ["/api/v1/docs"])
    page.get_by_text("Samverkan API").first.wait_for()
    page.locator(".opblock").first.wait_for()
    assert found == []


def test_the_watch_sees_a_violation_when_there_is_one(browse_as: Callable[..., Any], settings: Any) -> None:
    """Guards the test above: under a policy that allows nothing, the style sheet is refused
    and the console says so."""
    settings.CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'"
    page = browse_as(None)
    found: list[str] = []
    page.on(
        "console", lambda message: found.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.goto("/om/")
    page.wait_for_load_state("load")
    assert found, "no violation reported for a refused style sheet"
