"""The public page cache (samverkan/core/pagecache.py): anonymous visitors get the same page
faster, and never a stale one once a change has been committed, never someone else's personal
page, never a page for logged-in users."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from samverkan.core import pagecache
from samverkan.structure import services as structure_services
from samverkan.structure.models import Body
from tests.support import Personas, meeting_world, referral_world

pytestmark = pytest.mark.django_db(transaction=True)  # the generation is raised on commit


@pytest.fixture(autouse=True)
def _cache_on() -> Iterator[None]:
    caches["pages"].clear()
    with override_settings(PAGE_CACHE_SECONDS=300):
        yield
    caches["pages"].clear()


def fetch(client: Client, url: str) -> tuple[str, str]:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), response.get("X-Page-Cache", "")


def test_an_anonymous_visitor_gets_the_second_view_from_the_cache(personas: Personas) -> None:
    url = reverse("structure:body_detail", kwargs={"key": personas.body.key})
    first, how = fetch(Client(), url)
    assert how == ""
    second, how = fetch(Client(), url)
    assert (second, how) == (first, "hit")


def test_a_committed_change_is_shown_at_once(personas: Personas) -> None:
    url = reverse("structure:body_detail", kwargs={"key": personas.body.key})
    fetch(Client(), url)
    structure_services.body_update(actor=personas.secretary, body=personas.body, name="Nya namnet", source="test")
    page, how = fetch(Client(), url)
    assert how == "" and "Nya namnet" in page


def test_a_post_that_changes_nothing_leaves_the_cache_alone(personas: Personas, login: Callable[[str], Any]) -> None:
    """Anonymous POSTs (to a missing page, refused for CSRF, a failed log-in, the language
    switch) write nothing, so they cannot make every visitor's next page a fresh rendering."""
    url = reverse("structure:principal_list")
    fetch(Client(), url)
    before = pagecache.current()
    assert Client().post("/finns-inte/", {"x": "1"}).status_code == 404
    assert Client(enforce_csrf_checks=True).post(url, {"x": "1"}).status_code == 403
    assert Client().post(reverse("account_login"), {"login": "nobody", "password": "fel"}).status_code == 200
    assert Client().post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302
    assert pagecache.current() == before
    assert fetch(Client(), url)[1] == "hit"


def test_a_post_that_writes_makes_the_cache_stale_once_committed(personas: Personas) -> None:
    """A view may write with QuerySet.update(), which sends no signal: the SQL is watched."""
    body = personas.body

    def view(write: bool, fail: bool) -> Callable[[Any], HttpResponse]:
        def respond(request: Any) -> HttpResponse:
            with transaction.atomic():
                if write:
                    Body.objects.filter(pk=body.pk).update(name="Skrivet utan signal")
                if fail:
                    raise RuntimeError("rolled back")
            return HttpResponse("ok")

        return respond

    post = RequestFactory().post("/")
    post.user = AnonymousUser()
    before = pagecache.current()
    pagecache.PublicPageCacheMiddleware(view(write=False, fail=False))(post)
    assert pagecache.current() == before
    with pytest.raises(RuntimeError):
        pagecache.PublicPageCacheMiddleware(view(write=True, fail=True))(post)
    assert pagecache.current() == before
    pagecache.PublicPageCacheMiddleware(view(write=True, fail=False))(post)
    assert pagecache.current() > before


@pytest.mark.parametrize(
    ("sql", "writes"),
    [
        ('UPDATE "structure_body" SET "name" = %s', True),
        ('INSERT INTO "meetings_meeting" ("body_id") VALUES (%s)', True),
        ('INSERT OR IGNORE INTO "structure_body" ("key") VALUES (%s)', True),
        ('DELETE FROM "structure_membership" WHERE "id" = %s', True),
        ('UPDATE "django_session" SET "expire_date" = %s', False),
        ('INSERT INTO "core_auditevent" ("action") VALUES (%s)', False),
        ('UPDATE "core_cachegeneration" SET "value" = %s', False),
        ('SELECT "structure_body"."id" FROM "structure_body"', False),
        ('SAVEPOINT "s1"', False),
    ],
)
def test_which_statements_count_as_a_change(sql: str, writes: bool) -> None:
    assert pagecache.writes_data(sql) is writes


def test_unknown_query_parameters_do_not_render_a_pdf_again(personas: Personas) -> None:
    world = meeting_world(personas)
    url = reverse("meetings:minutes_pdf", kwargs={"pk": world.held.pk})
    first = Client().get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first.get("X-Page-Cache", "") == ""
    for noise in ("?r=1", "?r=2&x=y", "?"):
        again = Client().get(url + noise)
        assert (again.status_code, again.get("X-Page-Cache")) == (200, "hit")
        assert again.content == first.content
    # An HTML page keeps its query in the key: filters and pages are parameters.
    listing = reverse("referrals:list")
    fetch(Client(), listing)
    assert fetch(Client(), listing + "?year=2020")[1] == ""


def test_logged_in_users_and_visitors_with_a_session_are_never_served_from_the_cache(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    url = reverse("structure:body_detail", kwargs={"key": personas.body.key})
    fetch(Client(), url)
    assert fetch(Client(), url)[1] == "hit"
    secretary = login("secretary")
    page, how = fetch(secretary, url)
    assert how == "" and reverse("structure:body_edit", kwargs={"key": personas.body.key}) in page
    # And what the secretary saw was not stored for the public.
    public, _how = fetch(Client(), url)
    assert reverse("structure:body_edit", kwargs={"key": personas.body.key}) not in public
    with_session = Client()
    with_session.cookies["sessionid"] = "whatever"
    assert fetch(with_session, url)[1] == ""


def test_each_language_has_its_own_copy(personas: Personas) -> None:
    url = reverse("structure:principal_list")
    swedish, _how = fetch(Client(), url)
    english_client = Client()
    english_client.cookies["django_language"] = "en"
    english, how = fetch(english_client, url)
    assert how == "" and 'lang="en"' in english and 'lang="sv"' in swedish
    assert fetch(english_client, url) == (english, "hit")


def test_a_page_behind_a_personal_link_is_never_cached(personas: Personas) -> None:
    world = referral_world(personas)
    url = reverse("referrals:answer_link", kwargs={"token": world.token})
    for _ in range(2):
        response = Client().get(url)
        assert response.status_code == 200
        assert response.get("X-Page-Cache", "") == ""
        assert "csrfmiddlewaretoken" in response.content.decode()


def test_a_page_that_is_not_public_is_never_cached(personas: Personas, login: Callable[[str], Any]) -> None:
    # The audit trail answers anonymous with a redirect to log in: never a cached page.
    for _ in range(2):
        response = Client().get(reverse("core:audit_trail"))
        assert response.status_code == 302 and response.get("X-Page-Cache", "") == ""


def test_off_when_the_setting_is_zero(personas: Personas) -> None:
    url = reverse("structure:principal_list")
    with override_settings(PAGE_CACHE_SECONDS=0):
        fetch(Client(), url)
        assert fetch(Client(), url)[1] == ""


def test_stale_pages_are_dropped_when_the_generation_changes(personas: Personas) -> None:
    """Issue 19's soak: a worker's memory grew for minutes under steady answers, each raising the
    generation, because the stale pages stayed in the process's cache until it held 1,000. Once
    a page is looked up under a new generation the process keeps only the new one's pages."""
    store = caches["pages"]
    urls = [reverse("structure:body_detail", kwargs={"key": personas.body.key}), reverse("structure:principal_list")]
    for url in urls:
        fetch(Client(), url)
    assert len(store._cache) == 2  # type: ignore[attr-defined]
    pagecache.bump()
    page, how = fetch(Client(), urls[0])
    assert how == ""
    assert len(store._cache) == 1  # type: ignore[attr-defined] # the old generation's two are gone
    assert fetch(Client(), urls[0]) == (page, "hit")
