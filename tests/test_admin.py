import pytest

from content.models import ArticleDraft

from .factories import (
    article_admin_form,
    make_article,
    make_page,
    make_reference,
    make_topic,
)
from .html import is_same_host, parse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/content/articledraft/",
        "/admin/content/articledraft/add/",
        "/admin/content/articledraft/?state__exact=editing",
        "/admin/content/articledraft/?live=never",
        "/admin/content/articledraft/?q=ketamine",
        "/admin/content/topic/",
        "/admin/content/topic/add/",
        "/admin/content/pagedraft/",
        "/admin/content/review/",
        "/admin/content/reviewer/",
    ],
)
def test_admin_pages_load_for_a_superuser(admin_client, url):
    make_article(title="Ketamine basics")
    assert admin_client.get(url).status_code == 200


def test_article_and_page_change_forms_load(admin_client):
    article = make_article()
    make_reference(article)
    page = make_page("about")
    assert (
        admin_client.get(f"/admin/content/articledraft/{article.draft.pk}/change/").status_code
        == 200
    )
    assert admin_client.get(f"/admin/content/pagedraft/{page.draft.pk}/change/").status_code == 200


def test_article_list_shows_the_columns_editors_need(admin_client):
    make_article(title="Esketamine nasal spray", topic=make_topic(name="Treatment options"))
    text = admin_client.get("/admin/content/articledraft/").content.decode()
    for column in ["Title", "Topic", "On the site", "Medical review", "Next review due"]:
        assert column in text
    assert "Esketamine nasal spray" in text and "Treatment options" in text


def test_rich_text_editor_assets_are_served_by_the_site(admin_client):
    response = admin_client.get("/admin/content/articledraft/add/")
    page = parse(response)
    assert "django_prose_editor" in response.content.decode()
    assert [url for url in page.loaded_urls() if not is_same_host(url)] == []


def test_view_on_site_opens_the_preview_under_the_admin(admin_client):
    article = make_article(slug="on-site")
    text = admin_client.get(f"/admin/content/articledraft/{article.draft.pk}/change/").content
    assert f'/admin/content/articledraft/{article.draft.pk}/preview/"'.encode() in text


def test_take_off_site_and_put_back_actions(admin_client, client):
    article = make_article(slug="live-one")
    changelist = "/admin/content/articledraft/"
    admin_client.post(
        changelist, {"action": "take_off_site", "_selected_action": [article.draft.pk]}
    )
    assert client.get("/articles/live-one/").status_code == 404
    admin_client.post(
        changelist, {"action": "put_back_on_site", "_selected_action": [article.draft.pk]}
    )
    assert client.get("/articles/live-one/").status_code == 200


def test_image_without_alt_text_is_refused(admin_client, tmp_path):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (20, 10), "white").save(buffer, "PNG")
    response = admin_client.post(
        "/admin/content/articledraft/add/",
        article_admin_form(
            slug="with-image",
            featured_image=SimpleUploadedFile("photo.png", buffer.getvalue(), "image/png"),
        ),
    )
    assert response.status_code == 200
    assert "Describe the featured image in the alt text field." in response.content.decode()
    assert not ArticleDraft.objects.filter(slug="with-image").exists()


def test_the_staff_site_speaks_plain_words(admin_client):
    text = admin_client.get("/admin/").content.decode()
    assert ">Edit<" in text and ">Change<" not in text
    assert "Models in the" not in text
    for raw in ["AXES", "OTP_TOTP", "Authentication and authorization"]:
        assert raw not in text, raw
    assert "Sign-in lockouts" in text and "Authenticator apps" in text
    assert "<h1>Topics</h1>" in admin_client.get("/admin/content/topic/").content.decode()


def test_a_forbidden_page_is_in_the_site_style_with_a_way_back(client):
    from .factories import make_staff

    client.force_login(make_staff("editor", "Content editors"))
    response = client.get("/admin/inquiries/inquiry/")
    assert response.status_code == 403
    text = response.content.decode()
    assert "This page is not available to you" in text
    assert 'href="/admin/"' in text and "Back to your staff home" in text
    assert 'href="tel:988"' in text  # the crisis line, as on every page


def test_every_form_error_is_listed_at_the_top_with_a_link_to_its_field(admin_client):
    from .factories import article_admin_form

    data = article_admin_form(title="", summary="", published_at_0="2026-12-02")
    data["published_at_1"] = "not a time"
    text = admin_client.post("/admin/content/articledraft/add/", data).content.decode()
    summary = text[
        text.index('class="error-summary"') : text.index('id="articledraft_form"') + 2000
    ]
    top = text.index('class="error-summary"')
    assert top < text.index('name="title"')  # above the fields, not 1,000 px down
    assert 'href="#id_title"' in summary and 'href="#id_summary"' in summary
    assert 'href="#id_published_at_0"' in summary
    assert "Nothing was saved: please fix" in text


def test_times_are_typed_the_way_people_write_them(admin_client):
    from content.models import ArticleDraft

    from .factories import article_admin_form

    data = article_admin_form(slug="typed-time", published_at_0="12/2/2026")
    data["published_at_1"] = "9:00 am"
    assert admin_client.post("/admin/content/articledraft/add/", data).status_code == 302
    published = ArticleDraft.objects.get(slug="typed-time").published_at
    from django.utils import timezone

    assert timezone.localtime(published).strftime("%Y-%m-%d %H:%M") == "2026-12-02 09:00"


def test_references_are_numbered_in_the_order_they_are_entered(admin_client):
    from content.models import ArticleDraft

    from .factories import article_admin_form

    data = article_admin_form(slug="cited")
    data.update({"references-TOTAL_FORMS": "2"})
    for index, title in enumerate(["First source", "Second source"]):
        data[f"references-{index}-title"] = title
        data[f"references-{index}-url"] = "https://example.org/"
    assert admin_client.post("/admin/content/articledraft/add/", data).status_code == 302
    draft = ArticleDraft.objects.get(slug="cited")
    text = admin_client.get(f"/admin/content/articledraft/{draft.pk}/change/").content.decode()
    assert 'name="references-0-order"' not in text  # no number to type
    data = article_admin_form(draft)
    data["references-TOTAL_FORMS"] = "3"
    data["references-2-title"] = "Third source"
    data["references-2-url"] = "https://example.org/"
    assert (
        admin_client.post(f"/admin/content/articledraft/{draft.pk}/change/", data).status_code
        == 302
    )
    assert [c.title for c in draft.citations()] == ["First source", "Second source", "Third source"]
