from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from content import review
from content.models import Article, ArticleRedirect

from .factories import article_admin_form, make_article, make_draft, make_staff

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
    text = admin_client.get("/admin/content/articledraft/add/").content.decode()
    assert "Times are in the clinic's time zone (America/Los_Angeles)." in text


def test_unpublish_time_must_follow_publication(admin_client):
    article = make_article(slug="times")
    published = timezone.localtime(article.published_at)
    response = admin_client.post(
        f"/admin/content/articledraft/{article.draft.pk}/change/",
        article_admin_form(
            article.draft,
            unpublish_at_0=(published - timedelta(days=1)).strftime("%Y-%m-%d"),
            unpublish_at_1="09:00:00",
        ),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["unpublish_at"] == ["Choose a time after the publication time."]


def test_publication_times_of_a_live_article_apply_when_saved(admin_client, client):
    article = make_article(slug="timed")
    soon = timezone.localtime() + timedelta(hours=2)
    edit_article(
        admin_client,
        article.draft,
        unpublish_at_0=(soon - timedelta(hours=3)).strftime("%Y-%m-%d"),
        unpublish_at_1=(soon - timedelta(hours=3)).strftime("%H:%M:%S"),
    )
    assert client.get("/articles/timed/").status_code == 404


# Preview


def preview_url(draft):
    return f"/admin/content/articledraft/{draft.pk}/preview/"


def test_preview_needs_a_signed_in_staff_member(client):
    draft = make_draft()
    response = client.get(preview_url(draft))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")

    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user("visitor", password="x" * 14))
    assert client.get(preview_url(draft)).status_code == 302

    client.force_login(make_staff("intake-only", "Intake staff"))
    assert client.get(preview_url(draft)).status_code == 403


def test_there_is_no_public_preview_address(client):
    draft = make_draft()
    client.force_login(make_staff("editor", "Content editors"))
    assert client.get(f"/preview/articles/{draft.pk}/").status_code == 404


def test_editor_previews_a_draft_marked_preview_noindex_and_uncached(client):
    client.force_login(make_staff("editor", "Content editors"))
    draft = make_draft(title="Draft on esketamine")

    response = client.get(preview_url(draft))

    assert response.status_code == 200
    text = response.content.decode()
    assert "<strong>Preview of the working copy</strong>" in text
    assert "needs a medical reviewer's approval first" in text
    assert "Draft on esketamine" in text
    assert '<meta name="robots" content="noindex, nofollow">' in text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert 'rel="canonical"' not in text
    assert "Medically reviewed by" not in text


def test_preview_of_an_unchanged_live_article_says_so(client):
    client.force_login(make_staff("editor", "Content editors"))
    article = make_article()
    text = client.get(preview_url(article.draft)).content.decode()
    assert "readers see exactly this version" in text


# History


def edit_article(admin_client, draft, **changes):
    draft.refresh_from_db()
    data = article_admin_form(draft, **changes)
    response = admin_client.post(f"/admin/content/articledraft/{draft.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft.refresh_from_db()
    return draft


def test_every_save_keeps_a_revision_with_who_and_what(admin_client, superuser):
    draft = make_draft(title="First title", body="<p>Relief can come within hours.</p>")
    edit_article(admin_client, draft, body="<p>Relief can come within a day.</p>")

    records = list(draft.history.all())
    assert len(records) == 2
    assert records[0].history_user == superuser
    assert records[1].history_user is None
    text = admin_client.get(f"/admin/content/articledraft/{draft.pk}/history/").content.decode()
    # In words, not markup: what was removed and what was added, under the field's label.
    assert "<strong>Article text:</strong>" in text
    assert "<del>hours.</del>" in text and "<ins>a day.</ins>" in text
    assert "&lt;p&gt;" not in text and "Change reason" not in text and "None" not in text
    assert f"by {superuser.username}" in text


def test_history_shows_no_change_that_did_not_happen(admin_client):
    from datetime import timedelta

    from django.utils import timezone

    moment = timezone.now().replace(microsecond=0) + timedelta(days=1)
    draft = make_draft(title="Steady", published_at=moment.replace(microsecond=123456))
    edit_article(admin_client, draft, title="Steady")  # the form sends whole seconds
    text = admin_client.get(f"/admin/content/articledraft/{draft.pk}/history/").content.decode()
    assert "Publication time" not in text
    assert "Nothing readers see changed" in text


def test_two_revisions_can_be_compared(admin_client):
    draft = make_draft(body="<p>Relief can come within hours.</p>")
    edit_article(admin_client, draft, body="<p>Relief can come within a day.</p>")
    newer, older = draft.history.all()

    history = admin_client.get(f"/admin/content/articledraft/{draft.pk}/history/").content
    assert b"Compare two saved versions" in history
    response = admin_client.get(
        f"/admin/content/articledraft/{draft.pk}/history/compare/",
        {"from": older.history_id, "to": newer.history_id},
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "<del>hours.</del>" in text
    assert "<ins>a day.</ins>" in text


def test_an_old_revision_can_be_restored(admin_client):
    draft = make_draft(title="Original title", body="<p>Original text.</p>")
    edit_article(admin_client, draft, title="Changed title", body="<p>Changed text.</p>")
    original = draft.history.earliest()

    revert_url = f"/admin/content/articledraft/{draft.pk}/history/{original.history_id}/"
    assert "Original text." in admin_client.get(revert_url).content.decode()
    data = article_admin_form(draft, title="Original title", body="<p>Original text.</p>")
    response = admin_client.post(revert_url, data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.body) == ("Original title", "<p>Original text.</p>")
    assert draft.history.count() == 3


# Changed addresses


def test_changing_a_published_slug_keeps_the_old_address_working(client):
    article = make_article(slug="old-address")
    draft = article.draft
    draft.slug = "new-address"
    draft.save()
    assert client.get("/articles/old-address/").status_code == 200  # until approved
    review.publish_sample(draft)

    response = client.get("/articles/old-address/")

    assert response.status_code == 301
    assert response["Location"] == "/articles/new-address/"
    assert client.get("/articles/new-address/").status_code == 200


def test_a_draft_slug_change_leaves_no_redirect():
    draft = make_draft(slug="draft-old")
    draft.slug = "draft-new"
    draft.save()
    assert not ArticleRedirect.objects.exists()


def test_a_new_article_can_take_an_old_address(client):
    moved = make_article(slug="shared")
    moved.draft.slug = "moved"
    moved.draft.save()
    review.publish_sample(moved.draft)
    make_article(slug="shared", title="New owner")
    assert client.get("/articles/shared/").status_code == 200
    assert "New owner" in client.get("/articles/shared/").content.decode()
    assert not ArticleRedirect.objects.filter(old_slug="shared").exists()


def test_redirect_to_a_taken_off_article_is_404(client):
    article = make_article(slug="gone-old")
    article.draft.slug = "gone-new"
    article.draft.save()
    article = review.publish_sample(article.draft)
    review.take_off_site(article)
    assert client.get("/articles/gone-old/").status_code == 404


def test_preview_permission_is_view_articledraft(client):
    user = make_staff("viewer")
    user.user_permissions.add(Permission.objects.get(codename="view_articledraft"))
    client.force_login(user)
    assert client.get(preview_url(make_draft())).status_code == 200


def test_compare_with_a_bad_version_number_is_404(admin_client):
    draft = make_draft()
    url = f"/admin/content/articledraft/{draft.pk}/history/compare/"
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
