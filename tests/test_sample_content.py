import statistics

import pytest
import textstat
from django.core.management import call_command

from content.claims import MIN_LINKED_REFERENCES, claim_warnings
from content.models import (
    Article,
    ArticleDraft,
    Page,
    Reference,
    Review,
    Topic,
    working_copy_models,
)
from content.sanitize import html_to_text

pytestmark = pytest.mark.django_db

REQUIRED_TOPICS = [
    "The science",
    "Treatment options",
    "Ketamine-assisted psychotherapy",
    "Benefits and evidence",
    "Safety",
    "Living with depression",
]


@pytest.fixture
def loaded():
    call_command("load_sample_content", verbosity=0)


def counts():
    return [model.objects.count() for model in (Topic, Article, ArticleDraft, Reference, Review)]


def test_loading_twice_adds_nothing_the_second_time(loaded):
    before = counts()
    call_command("load_sample_content", verbosity=0)
    assert counts() == before


def test_loading_again_keeps_an_editors_changes(loaded):
    draft = ArticleDraft.objects.get(slug="how-ketamine-works")
    draft.title = "Edited by staff"
    draft.save()
    call_command("load_sample_content", verbosity=0)
    assert ArticleDraft.objects.get(slug="how-ketamine-works").title == "Edited by staff"


def test_every_topic_and_page_is_loaded(loaded):
    assert set(REQUIRED_TOPICS) <= set(Topic.objects.values_list("name", flat=True))
    assert set(Page.objects.values_list("slug", flat=True)) == set(Page.Kind.values)
    for topic in Topic.objects.all():
        assert topic.articles.published().exists(), topic.name


def test_at_least_ten_published_articles_of_400_words_with_references(loaded):
    articles = list(Article.objects.published())
    assert len(articles) >= 10
    for article in articles:
        assert len(html_to_text(article.body).split()) >= 400, article.slug
        assert article.citations(), article.slug
        assert len(article.summary) <= 300


def test_every_source_can_be_followed(loaded):
    """Each reference of a published sample article links somewhere (its web address, DOI
    or PubMed record), and each article has at least two such references."""
    for article in Article.objects.published():
        links = [citation.link for citation in article.citations()]
        assert all(links), f"{article.slug}: a reference without a DOI, PubMed ID or link"
        assert len(links) >= MIN_LINKED_REFERENCES, f"{article.slug}: {len(links)} reference(s)"


def test_sample_content_keeps_the_rules_editors_keep(loaded):
    """Every working copy passes the admin's checks, and every change note fits (SQLite
    does not enforce lengths; PostgreSQL refuses the whole load)."""
    for model in working_copy_models():
        for draft in model.objects.all():
            draft.full_clean()
    limit = Review._meta.get_field("change_summary").max_length
    for review in Review.objects.all():
        assert len(review.change_summary) <= limit, review.subject_title


def test_reading_grade_is_plain(loaded):
    grades = {
        article.slug: textstat.flesch_kincaid_grade(html_to_text(article.body))
        for article in Article.objects.published()
    }
    assert max(grades.values()) <= 10, grades
    assert statistics.median(grades.values()) <= 8, grades


def test_no_claim_the_content_brief_forbids(loaded):
    """The sample content passes the same claims check editors see when saving."""
    for item in [*Article.objects.all(), *Page.objects.all()]:
        text = f"{item.title} {item.summary} {html_to_text(item.body)}"
        assert claim_warnings(text, has_references=True) == [], item.slug


def test_every_sample_page_renders(client, loaded):
    for article in Article.objects.published():
        assert client.get(article.get_absolute_url()).status_code == 200
    for page in Page.objects.all():
        assert client.get(page.get_absolute_url()).status_code == 200
