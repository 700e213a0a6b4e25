from datetime import date, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from content.models import Article, months_later

from .factories import article_admin_form, make_article, make_reviewer

pytestmark = pytest.mark.django_db


def test_article_cannot_be_published_without_a_medical_review(admin_client):
    response = admin_client.post(
        "/admin/content/article/add/",
        article_admin_form(slug="reviewed-article", reviewer="", last_reviewed=""),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["reviewer"] == ["Choose the medical reviewer before publishing."]
    assert errors["last_reviewed"] == ["Enter the date of the medical review before publishing."]
    assert not Article.objects.exists()


def test_reviewed_article_can_be_published_and_next_review_defaults_to_a_year(admin_client):
    response = admin_client.post(
        "/admin/content/article/add/",
        article_admin_form(slug="reviewed-article", last_reviewed="2026-03-15"),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.next_review_due == date(2027, 3, 15)


def test_database_refuses_a_published_article_without_review():
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(
            status=Article.Status.PUBLISHED, published_at=timezone.now()
        )


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2026, 1, 31), date(2027, 1, 31)), (date(2024, 2, 29), date(2025, 2, 28))],
)
def test_twelve_months_later(day, expected):
    assert months_later(day, 12) == expected


def test_public_page_shows_who_reviewed_it_and_when(client):
    reviewer = make_reviewer(name="Alex Moreno", credentials="MD, psychiatrist")
    make_article(
        slug="reviewed",
        reviewer=reviewer,
        last_reviewed=date(2026, 10, 1),
        next_review_due=date(2027, 10, 1),
        author_name="Jamie Lee",
        author_credentials="RN",
    )
    text = client.get("/articles/reviewed/").content.decode()
    reviewed = "Medically reviewed by Alex Moreno, MD, psychiatrist</strong> on"
    assert reviewed in text
    assert "October 1, 2026" in text
    assert text.index(reviewed) < text.index('class="article-body"')
    assert "Written by Jamie Lee, RN" in text
    bottom = text[text.index('class="article-body"') :]
    assert "Page last reviewed" in bottom and "Next review due" in bottom
    assert "October 1, 2027" in bottom


def test_review_filter_and_count_on_the_article_list(admin_client):
    today = timezone.localdate()
    overdue = make_article(title="Overdue one", next_review_due=today - timedelta(days=1))
    soon = make_article(title="Soon one", next_review_due=today + timedelta(days=20))
    later = make_article(title="Later one", next_review_due=today + timedelta(days=90))

    def titles(url):
        return {a.title for a in admin_client.get(url).context["cl"].result_list}

    assert titles("/admin/content/article/?review=overdue") == {overdue.title}
    assert titles("/admin/content/article/?review=soon") == {soon.title}
    assert titles("/admin/content/article/?review=attention") == {overdue.title, soon.title}
    text = admin_client.get("/admin/content/article/").content.decode()
    assert "1 article overdue" in text
    assert "1 due within 30 days" in text
    assert later.title in text


def test_publish_action_skips_articles_without_review(admin_client, client):
    make_article(slug="unreviewed", status=Article.Status.DRAFT, published_at=None)
    pk = Article.objects.get(slug="unreviewed").pk
    response = admin_client.post(
        "/admin/content/article/", {"action": "publish", "_selected_action": [pk]}, follow=True
    )
    assert "Not published, because no medical review is recorded" in response.content.decode()
    assert client.get("/articles/unreviewed/").status_code == 404


def test_a_new_review_date_moves_the_next_review_on(admin_client):
    article = make_article(
        slug="re-reviewed", last_reviewed=date(2025, 1, 10), next_review_due=date(2026, 1, 10)
    )
    data = article_admin_form(
        slug="re-reviewed",
        title=article.title,
        topic=article.topic_id,
        reviewer=article.reviewer_id,
        last_reviewed="2026-11-20",
        next_review_due="2026-01-10",
    )
    admin_client.post(f"/admin/content/article/{article.pk}/change/", data)
    article.refresh_from_db()
    assert (article.last_reviewed, article.next_review_due) == (
        date(2026, 11, 20),
        date(2027, 11, 20),
    )


def test_a_next_review_date_set_by_hand_is_kept(admin_client):
    article = make_article(slug="by-hand", last_reviewed=date(2025, 1, 10))
    data = article_admin_form(
        slug="by-hand",
        topic=article.topic_id,
        reviewer=article.reviewer_id,
        last_reviewed="2026-11-20",
        next_review_due="2027-05-01",
    )
    admin_client.post(f"/admin/content/article/{article.pk}/change/", data)
    article.refresh_from_db()
    assert article.next_review_due == date(2027, 5, 1)
