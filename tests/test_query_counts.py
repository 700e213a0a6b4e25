from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from content.models import Article, Reference

from .factories import make_article, make_page, make_reference, make_reviewer, make_topic

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/articles/",
    "/articles/?page=2",
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
    """Many published articles with two references each, made in bulk."""
    reviewer = make_reviewer()
    now = timezone.now()
    start = Article.objects.count()
    articles = Article.objects.bulk_create(
        Article(
            title=f"Bulk article {start + n}",
            slug=f"bulk-article-{start + n}",
            topic=topics[n % len(topics)],
            summary="A summary.",
            body="<p>An article body.</p>",
            search_text="An article body.",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=start + n + 1),
            reviewer=reviewer,
            last_reviewed=timezone.localdate(),
        )
        for n in range(count)
    )
    Reference.objects.bulk_create(
        Reference(article=article, order=order, title=f"Source {order}")
        for article in articles
        for order in (1, 2)
    )


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
    add_articles(12, topics)  # 13 in all, so the list has a second page
    with_few = count_queries(client, url)

    add_articles(1000 - 13, topics)
    with_many = count_queries(client, url)

    assert with_few == with_many, f"{url}: {with_few} queries at 13 articles, {with_many} at 1000"
