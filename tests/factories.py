"""Small functions that make test data with sensible defaults."""

import itertools
from datetime import timedelta

from django.utils import timezone

from content.models import Article, Page, Reference, Topic

_numbers = itertools.count(1)


def make_topic(**fields):
    n = next(_numbers)
    defaults = {"name": f"Topic {n}", "slug": f"topic-{n}", "description": "About this topic."}
    return Topic.objects.create(**defaults | fields)


def make_article(topic=None, **fields):
    n = next(_numbers)
    defaults = {
        "title": f"Article {n}",
        "slug": f"article-{n}",
        "topic": topic or make_topic(),
        "summary": f"Summary of article {n}.",
        "body": f"<p>Body of article {n}.</p>",
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(days=1),
    }
    return Article.objects.create(**defaults | fields)


def make_reference(article, **fields):
    defaults = {"title": "A source", "source": "A journal", "year": 2020}
    return Reference.objects.create(article=article, **defaults | fields)


def make_page(slug, **fields):
    defaults = {"title": slug.title(), "summary": "A page.", "body": "<p>Page text.</p>"}
    return Page.objects.create(slug=slug, **defaults | fields)
