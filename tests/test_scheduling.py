from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from content.models import Article, ArticleRedirect

from .factories import make_article, make_reviewer, make_staff

pytestmark = pytest.mark.django_db


def test_scheduled_article_appears_at_its_time(client):
    now = timezone.now()
    make_article(slug="just-past", published_at=now - timedelta(seconds=1))
    make_article(slug="just-ahead", published_at=now + timedelta(seconds=30))
    assert client.get("/articles/just-past/").status_code == 200
    assert client.get("/articles/just-ahead/").status_code == 404
    assert "just-ahead" not in client.get("/articles/").content.decode()


def test_article_is_hidden_again_after_its_unpublish_time(client):
    now = timezone.now()
    make_article(slug="expired", unpublish_at=now - timedelta(seconds=1))
    make_article(slug="expiring", unpublish_at=now + timedelta(seconds=30))
    assert client.get("/articles/expired/").status_code == 404
    assert client.get("/articles/expiring/").status_code == 200
    listed = client.get("/articles/").content.decode()
    assert "/articles/expired/" not in listed and "/articles/expiring/" in listed


def test_admin_says_which_time_zone_it_uses(admin_client):
    text = admin_client.get("/admin/content/article/add/").content.decode()
    assert "Times are in the clinic's time zone (America/Los_Angeles)." in text


def test_unpublish_time_must_follow_publication(admin_client):
    article = make_article(slug="times")
    published = timezone.localtime(article.published_at)
    response = admin_client.post(
        f"/admin/content/article/{article.pk}/change/",
        edit_data(
            article,
            unpublish_at_0=(published - timedelta(days=1)).strftime("%Y-%m-%d"),
            unpublish_at_1="09:00:00",
        ),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["unpublish_at"] == ["Choose a time after the publication time."]


# Preview


def preview_url(article):
    return f"/preview/articles/{article.pk}/"


def test_preview_needs_a_signed_in_staff_member(client):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    response = client.get(preview_url(draft))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")

    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user("visitor", password="x" * 14))
    assert client.get(preview_url(draft)).status_code == 302

    client.force_login(make_staff("intake-only", "Intake staff"))
    assert client.get(preview_url(draft)).status_code == 403


def test_editor_previews_a_draft_marked_preview_noindex_and_uncached(client):
    client.force_login(make_staff("editor", "Content editors"))
    draft = make_article(
        title="Draft on esketamine", status=Article.Status.DRAFT, published_at=None
    )

    response = client.get(preview_url(draft))

    assert response.status_code == 200
    text = response.content.decode()
    assert "<strong>Preview</strong>" in text
    assert "Draft on esketamine" in text
    assert '<meta name="robots" content="noindex, nofollow">' in text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert 'rel="canonical"' not in text


def test_scheduled_article_can_be_previewed(client):
    client.force_login(make_staff("editor", "Content editors"))
    scheduled = make_article(published_at=timezone.now() + timedelta(days=3))
    text = client.get(preview_url(scheduled)).content.decode()
    assert "not on the site at the moment" in text


def test_view_on_site_opens_the_preview_for_a_draft(admin_client):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    live = make_article()
    draft_page = admin_client.get(f"/admin/content/article/{draft.pk}/change/").content.decode()
    live_page = admin_client.get(f"/admin/content/article/{live.pk}/change/").content.decode()
    assert preview_url(draft) in draft_page
    assert f'href="/articles/{live.slug}/"' in live_page


# History


def edit_data(article, **changes):
    return {
        "title": article.title,
        "slug": article.slug,
        "topic": article.topic_id,
        "summary": article.summary,
        "body": article.body,
        "status": article.status,
        "reviewer": article.reviewer_id or "",
        "last_reviewed": article.last_reviewed.isoformat() if article.last_reviewed else "",
        "next_review_due": article.next_review_due.isoformat() if article.next_review_due else "",
        "published_at_0": timezone.localtime(article.published_at).strftime("%Y-%m-%d")
        if article.published_at
        else "",
        "published_at_1": timezone.localtime(article.published_at).strftime("%H:%M:%S")
        if article.published_at
        else "",
        "unpublish_at_0": "",
        "unpublish_at_1": "",
        "featured_image_alt": "",
        "references-TOTAL_FORMS": "0",
        "references-INITIAL_FORMS": "0",
    } | changes


def edit_article(admin_client, article, **changes):
    data = edit_data(article, **changes)
    response = admin_client.post(f"/admin/content/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    return article


def test_every_save_keeps_a_revision_with_who_and_what(admin_client, superuser):
    article = make_article(title="First title", body="<p>Relief can come within hours.</p>")
    edit_article(admin_client, article, body="<p>Relief can come within a day.</p>")

    records = list(article.history.all())
    assert len(records) == 2
    assert records[0].history_user == superuser
    text = admin_client.get(f"/admin/content/article/{article.pk}/history/").content.decode()
    assert "admin" in text and "Relief can come within a day." in text


def test_two_revisions_can_be_compared(admin_client):
    article = make_article(body="<p>Relief can come within hours.</p>")
    edit_article(admin_client, article, body="<p>Relief can come within a day.</p>")
    newer, older = article.history.all()

    response = admin_client.get(
        f"/admin/content/article/{article.pk}/history/compare/",
        {"from": older.history_id, "to": newer.history_id},
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "<del>hours.</del>" in text
    assert "<ins>a day.</ins>" in text


def test_an_old_revision_can_be_restored(admin_client):
    article = make_article(title="Original title", body="<p>Original text.</p>")
    edit_article(admin_client, article, title="Changed title", body="<p>Changed text.</p>")
    original = article.history.earliest()

    revert_url = f"/admin/content/article/{article.pk}/history/{original.history_id}/"
    assert "Original text." in admin_client.get(revert_url).content.decode()
    data = edit_data(original)  # the form as the revert page fills it in
    response = admin_client.post(revert_url, data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.body) == ("Original title", "<p>Original text.</p>")
    assert article.history.count() == 3


# Changed addresses


def test_changing_a_published_slug_keeps_the_old_address_working(admin_client, client):
    article = make_article(slug="old-address")
    edit_article(admin_client, article, slug="new-address")

    response = client.get("/articles/old-address/")

    assert response.status_code == 301
    assert response["Location"] == "/articles/new-address/"
    assert client.get("/articles/new-address/").status_code == 200


def test_a_draft_slug_change_leaves_no_redirect():
    article = make_article(slug="draft-old", status=Article.Status.DRAFT, published_at=None)
    article.slug = "draft-new"
    article.save()
    assert not ArticleRedirect.objects.exists()


def test_a_new_article_can_take_an_old_address(client):
    moved = make_article(slug="shared")
    moved.slug = "moved"
    moved.save()
    make_article(slug="shared", title="New owner")
    assert client.get("/articles/shared/").status_code == 200
    assert "New owner" in client.get("/articles/shared/").content.decode()
    assert not ArticleRedirect.objects.filter(old_slug="shared").exists()


def test_redirect_to_an_unpublished_article_is_404(client):
    article = make_article(slug="gone-old")
    article.slug = "gone-new"
    article.save()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert client.get("/articles/gone-old/").status_code == 404


def test_preview_permission_is_view_article(client):
    user = make_staff("viewer")
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)
    draft = make_article(status=Article.Status.DRAFT, published_at=None, reviewer=make_reviewer())
    assert client.get(preview_url(draft)).status_code == 200


def test_compare_with_a_bad_version_number_is_404(admin_client):
    article = make_article()
    url = f"/admin/content/article/{article.pk}/history/compare/"
    assert admin_client.get(url, {"from": "abc", "to": "1"}).status_code == 404
    assert admin_client.get(url).status_code == 404


def test_publication_and_unpublish_times_at_the_exact_moment(monkeypatch):
    moment = timezone.now().replace(microsecond=0)
    monkeypatch.setattr("content.models.timezone.now", lambda: moment)
    at_moment = make_article(slug="at-moment", published_at=moment)
    ends_at_moment = make_article(
        slug="ends-at-moment", published_at=moment - timedelta(days=1), unpublish_at=moment
    )
    visible = set(Article.objects.published().values_list("slug", flat=True))
    assert at_moment.slug in visible  # shown from its publication time on
    assert ends_at_moment.slug not in visible  # hidden from its unpublish time on
