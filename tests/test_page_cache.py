import os
import time
from datetime import timedelta

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clinic_site.cache import FailOpenRedisCache
from content import review
from content.page_cache import is_cached

from .factories import make_article, make_page, make_staff
from .selfcheck_helpers import cache_entries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    cache.clear()
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600


def fetch(client, url, **extra):
    """The response and its SQL queries, leaving out the database cache's own (none when
    the cache is Redis): what the page needed besides the cache."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    sql = [q["sql"] for q in queries.captured_queries]
    return response, [query for query in sql if "clinic_cache" not in query]


def test_the_shared_cache_these_tests_use_really_answers():
    # Against the database cache, and in CI once more against Redis (REDIS_URL): a cache
    # that failed open would pass the tests below for the wrong reason.
    assert cache.check()
    if os.environ.get("REDIS_URL"):
        assert isinstance(caches["default"], FailOpenRedisCache)


@pytest.mark.parametrize("url", ["/", "/articles/", "/articles/cached/", "/about/"])
def test_anonymous_pages_are_served_from_the_cache(client, url):
    make_article(slug="cached")
    make_page("about")
    first, first_queries = fetch(client, url)
    second, second_queries = fetch(client, url)
    assert first.status_code == second.status_code == 200
    assert first_queries
    # Served by the middleware: one read of the shared cache, no view, no session.
    assert second_queries == []
    assert first.content == second.content
    assert is_cached(f"http://testserver{url}")
    for header in ["Content-Security-Policy", "X-Frame-Options", "Permissions-Policy"]:
        assert header in second


def test_an_approved_edit_shows_at_once(client, django_capture_on_commit_callbacks):
    article = make_article(slug="edited", title="Old title")
    assert "Old title" in client.get("/articles/").content.decode()
    article.draft.title = "New title"
    article.draft.save()
    assert "Old title" in client.get("/articles/").content.decode()  # not approved yet
    with django_capture_on_commit_callbacks(execute=True):
        review.publish_sample(article.draft)
    text = client.get("/articles/").content.decode()
    assert "New title" in text and "Old title" not in text


def test_the_cache_moves_on_only_when_the_change_is_committed(
    client, django_capture_on_commit_callbacks
):
    article = make_article(slug="pending", title="Old title")
    client.get("/articles/pending/")
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        article.draft.title = "New title"
        article.draft.save()
        review.publish_sample(article.draft)
    # Until the commit, readers keep the page that matches the committed content...
    assert is_cached("http://testserver/articles/pending/")
    for callback in after_commit:
        callback()
    # ...and from the commit on, nobody gets it.
    assert not is_cached("http://testserver/articles/pending/")
    assert "New title" in client.get("/articles/pending/").content.decode()


def test_deleting_an_article_shows_at_once(client, django_capture_on_commit_callbacks):
    article = make_article(slug="to-delete")
    assert client.get("/articles/to-delete/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert client.get("/articles/to-delete/").status_code == 404


def test_taking_an_article_off_the_site_works_at_once(client, django_capture_on_commit_callbacks):
    article = make_article(slug="pulled")
    assert client.get("/articles/pulled/").status_code == 200
    assert client.get("/articles/pulled/").status_code == 200  # from the cache
    with django_capture_on_commit_callbacks(execute=True):
        review.take_off_site(article)
    assert client.get("/articles/pulled/").status_code == 404
    assert "/articles/pulled/" not in client.get("/articles/").content.decode()


def test_each_host_gets_its_own_addresses(client, settings):
    settings.ALLOWED_HOSTS = ["clinic.example", "www.clinic.example"]
    make_article(slug="hosted-twice")
    client.get("/articles/hosted-twice/", HTTP_HOST="clinic.example")
    text = client.get("/articles/hosted-twice/", HTTP_HOST="www.clinic.example").content.decode()
    assert 'href="http://www.clinic.example/articles/hosted-twice/"' in text
    assert "http://clinic.example/" not in text


def test_made_up_query_parameters_neither_add_entries_nor_get_round_the_cache(client):
    make_article(slug="listed")
    client.get("/articles/")
    entries = len(cache_entries())
    for made_up in ["?x=1", "?x=2", "?utm_source=mail", "?fbclid=abc&x=3"]:
        response, queries = fetch(client, f"/articles/{made_up}")
        assert response.status_code == 200
        assert queries == [], made_up  # served from the cache entry of /articles/
    assert len(cache_entries()) == entries


def test_list_pages_are_kept_apart(client):
    for n in range(13):
        make_article(title=f"Numbered {n}")
    first = client.get("/articles/").content.decode()
    second = client.get("/articles/?page=2").content.decode()
    assert first != second
    assert client.get("/articles/?page=2").content.decode() == second


def test_pages_work_when_the_cache_cannot_be_reached(client, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "clinic_site.cache.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    make_article(slug="uncached")
    for url in ["/", "/articles/uncached/", "/crisis/", "/consultation/"]:
        assert client.get(url).status_code == 200, url
    failures = [r for r in caplog.records if "cannot be reached" in r.getMessage()]
    assert len(failures) == 1  # once per incident, not once per request


def test_a_scheduled_article_appears_on_time(client):
    make_article(title="Already out")
    make_article(title="Coming soon", published_at=timezone.now() + timedelta(seconds=2))
    assert "Coming soon" not in client.get("/articles/").content.decode()
    time.sleep(2.5)
    assert "Coming soon" in client.get("/articles/").content.decode()


def test_signed_in_staff_always_get_a_fresh_page(client):
    make_article(slug="fresh")
    client.get("/articles/fresh/")  # fills the cache
    client.force_login(make_staff("editor", "Content editors"))
    _, queries = fetch(client, "/articles/fresh/")
    assert len(queries) > 1


def test_the_consultation_form_is_never_cached(client):
    first = client.get("/consultation/")
    second = client.get("/consultation/")
    token = 'name="csrfmiddlewaretoken" value="'
    first_token = first.content.decode().split(token)[1].split('"')[0]
    second_token = second.content.decode().split(token)[1].split('"')[0]
    assert first_token != second_token
    assert "no-store" in second["Cache-Control"]


def test_missing_pages_are_not_cached(client):
    assert client.get("/articles/not-yet/").status_code == 404
    make_article(slug="not-yet")
    assert client.get("/articles/not-yet/").status_code == 200


def test_a_cached_page_still_refuses_a_bad_host(client):
    make_article(slug="hosted")
    assert client.get("/articles/hosted/").status_code == 200
    assert client.get("/articles/hosted/", HTTP_HOST="evil.example").status_code == 400


@pytest.mark.urls("tests.urls_cached_form")
def test_a_page_with_a_csrf_token_is_never_stored(client):
    first = client.get("/with-token/").content
    second = client.get("/with-token/").content
    assert first != second


def test_a_deploy_forgets_every_cached_page(client, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    client.get("/")
    assert is_cached("http://testserver/")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("clear_page_cache", verbosity=0)
    assert not is_cached("http://testserver/")
