import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from content import review

from .factories import make_article, make_page, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    cache.clear()
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600


def fetch(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


@pytest.mark.parametrize("url", ["/", "/articles/", "/articles/cached/", "/about/"])
def test_anonymous_pages_are_served_from_the_cache(client, url):
    make_article(slug="cached")
    make_page("about")
    first, first_queries = fetch(client, url)
    second, second_queries = fetch(client, url)
    assert first.status_code == second.status_code == 200
    assert first_queries > 0 and second_queries == 0
    assert first.content == second.content
    for header in ["Content-Security-Policy", "X-Frame-Options", "Permissions-Policy"]:
        assert header in second


def test_an_edit_shows_at_once(client):
    article = make_article(slug="edited", title="Old title")
    assert "Old title" in client.get("/articles/").content.decode()
    article.draft.title = "New title"
    article.draft.save()
    assert "Old title" in client.get("/articles/").content.decode()  # not approved yet
    review.publish_sample(article.draft)
    text = client.get("/articles/").content.decode()
    assert "New title" in text and "Old title" not in text


def test_deleting_an_article_shows_at_once(client):
    article = make_article(slug="to-delete")
    assert client.get("/articles/to-delete/").status_code == 200
    article.delete()
    assert client.get("/articles/to-delete/").status_code == 404


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
    assert queries > 0


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
