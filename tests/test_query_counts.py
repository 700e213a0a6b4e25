import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import make_article, make_page, make_reference, make_topic

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/articles/",
    "/articles/topic/safety/",
    "/articles/first/",
    "/about/",
    "/crisis/",
    "/consultation/",
    "/search/?q=article",
    "/sitemap.xml",
    "/feed/",
]


def add_articles(count, topics):
    for n in range(count):
        article = make_article(topic=topics[n % len(topics)])
        make_reference(article, order=1)
        make_reference(article, order=2)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("url", PAGES)
def test_queries_do_not_grow_with_the_number_of_articles(client, url):
    topics = [make_topic(slug="safety"), make_topic(), make_topic()]
    first = make_article(topic=topics[0], slug="first")
    make_reference(first)
    make_page("about")
    make_page("crisis")
    add_articles(4, topics)
    with_five = count_queries(client, url)

    add_articles(45, topics)
    with_fifty = count_queries(client, url)

    assert with_five == with_fifty, f"{url}: {with_five} queries at 5 articles, {with_fifty} at 50"
