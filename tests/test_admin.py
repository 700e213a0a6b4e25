import pytest
from django.utils import timezone

from content.models import Article

from .factories import (
    article_admin_form,
    make_article,
    make_page,
    make_reference,
    make_reviewer,
    make_topic,
)
from .html import is_same_host, parse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/content/article/",
        "/admin/content/article/add/",
        "/admin/content/article/?status__exact=draft",
        "/admin/content/article/?q=ketamine",
        "/admin/content/topic/",
        "/admin/content/topic/add/",
        "/admin/content/page/",
        "/admin/content/page/add/",
    ],
)
def test_admin_pages_load_for_a_superuser(admin_client, url):
    make_article(title="Ketamine basics")
    assert admin_client.get(url).status_code == 200


def test_article_and_page_change_forms_load(admin_client):
    article = make_article()
    make_reference(article)
    page = make_page("about")
    assert admin_client.get(f"/admin/content/article/{article.pk}/change/").status_code == 200
    assert admin_client.get(f"/admin/content/page/{page.pk}/change/").status_code == 200


def test_article_list_shows_the_columns_editors_need(admin_client):
    make_article(title="Esketamine nasal spray", topic=make_topic(name="Treatment options"))
    text = admin_client.get("/admin/content/article/").content.decode()
    for column in ["Title", "Topic", "Status", "Publication time", "Last updated"]:
        assert column in text
    assert "Esketamine nasal spray" in text and "Treatment options" in text


def test_rich_text_editor_assets_are_served_by_the_site(admin_client):
    response = admin_client.get("/admin/content/article/add/")
    page = parse(response)
    assert "django_prose_editor" in response.content.decode()
    assert [url for url in page.loaded_urls() if not is_same_host(url)] == []


def test_view_on_site_links_to_the_article(admin_client):
    article = make_article(slug="on-site")
    text = admin_client.get(f"/admin/content/article/{article.pk}/change/").content.decode()
    assert "View on site" in text


def test_publish_and_unpublish_actions(admin_client, client):
    draft = make_article(
        slug="draft-one",
        status=Article.Status.DRAFT,
        published_at=None,
        reviewer=make_reviewer(),
        last_reviewed=timezone.localdate(),
    )
    live = make_article(slug="live-one")

    admin_client.post(
        "/admin/content/article/",
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    admin_client.post(
        "/admin/content/article/",
        {"action": "unpublish", "_selected_action": [live.pk]},
    )

    assert client.get("/articles/draft-one/").status_code == 200
    assert client.get("/articles/live-one/").status_code == 404


def test_image_without_alt_text_is_refused(admin_client, tmp_path):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (20, 10), "white").save(buffer, "PNG")
    response = admin_client.post(
        "/admin/content/article/add/",
        article_admin_form(
            slug="with-image",
            status="draft",
            featured_image=SimpleUploadedFile("photo.png", buffer.getvalue(), "image/png"),
        ),
    )
    assert response.status_code == 200
    assert "Describe the featured image in the alt text field." in response.content.decode()
    assert not Article.objects.filter(slug="with-image").exists()
