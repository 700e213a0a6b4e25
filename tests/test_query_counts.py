from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from content.models import (
    Article,
    ArticleDraft,
    Citation,
    GlossaryTerm,
    GlossaryTermDraft,
    Review,
    fingerprint_of,
)

from .factories import make_article, make_page, make_reference, make_topic

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/articles/",
    "/articles/?page=2",
    "/articles/topic/safety/",
    "/articles/first/",
    "/glossary/",
    "/about/",
    "/crisis/",
    "/consultation/",
    "/search/?q=article",
    "/sitemap.xml",
    "/feed/",
]


def add_articles(count, topics):
    """Many live articles with two references each, each with its working copy and
    approval, made in bulk."""
    now = timezone.now()
    start = ArticleDraft.objects.count()
    drafts = ArticleDraft.objects.bulk_create(
        ArticleDraft(
            title=f"Bulk article {start + n}",
            slug=f"bulk-article-{start + n}",
            topic=topics[n % len(topics)],
            summary="A summary.",
            body="<p>An article body.</p>",
            published_at=now - timedelta(minutes=start + n + 1),
        )
        for n in range(count)
    )
    references = [{"title": f"Source {order}"} for order in (1, 2)]
    approvals = []
    for draft in drafts:
        draft.citations = lambda: [Citation(**r) for r in references]
        content = draft.reviewed_content()
        approvals.append(
            Review(
                subject=draft,
                content=content,
                fingerprint=fingerprint_of(content),
                status=Review.Status.APPROVED,
                origin=Review.Origin.SAMPLE,
                decided_at=now,
                reviewer_name="Sample reviewer",
            )
        )
    Review.objects.bulk_create(approvals)
    Article.objects.bulk_create(
        Article(
            **{name: getattr(draft, name) for name in ArticleDraft.REVIEWED_FIELDS},
            references=approval.content["references"],
            search_text="An article body.",
            published_at=draft.published_at,
            approval=approval,
        )
        for draft, approval in zip(drafts, approvals, strict=True)
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


def add_terms(count):
    """Many live glossary terms, each with its working copy and approval, made in bulk."""
    now = timezone.now()
    start = GlossaryTermDraft.objects.count()
    drafts = GlossaryTermDraft.objects.bulk_create(
        GlossaryTermDraft(
            term=f"Term{start + n}",
            slug=f"term-{start + n}",
            pronunciation="TURM",
            definition="A word.",
            other_forms=f"Terms{start + n}",
        )
        for n in range(count)
    )
    approvals = Review.objects.bulk_create(
        Review(
            subject=draft,
            content=draft.reviewed_content(),
            fingerprint=fingerprint_of(draft.reviewed_content()),
            status=Review.Status.APPROVED,
            origin=Review.Origin.SAMPLE,
            decided_at=now,
            reviewer_name="Sample reviewer",
        )
        for draft in drafts
    )
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(
            **{name: getattr(draft, name) for name in GlossaryTermDraft.REVIEWED_FIELDS},
            approval=approval,
        )
        for draft, approval in zip(drafts, approvals, strict=True)
    )


@pytest.mark.parametrize("url", ["/articles/first/", "/glossary/"])
def test_queries_do_not_grow_with_the_number_of_glossary_terms(client, url):
    words = " ".join(f"Term{n}" for n in range(500))
    make_article(slug="first", body=f"<p>{words}</p>")
    add_terms(2)
    with_few = count_queries(client, url)
    add_terms(498)
    with_many = count_queries(client, url)
    assert with_few == with_many, f"{url}: {with_few} queries at 2 terms, {with_many} at 500"
    assert client.get(url).content.decode().count('class="glossary-link"') == (
        500 if url == "/articles/first/" else 0
    )
