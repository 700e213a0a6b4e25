import pytest

from content import review
from content.models import Article, ArticleDraft, Page

from .factories import article_admin_form, make_article, make_page

pytestmark = pytest.mark.django_db

HOSTILE_HTML = (
    "<h2>Safe heading</h2>"
    "<p>Kept <strong>bold</strong> and <a href='/crisis/'>a link</a>.</p>"
    "<script>alert('script')</script>"
    "<img src=x onerror=\"alert('img')\">"
    "<p onclick=\"alert('click')\" style='color:red'>Paragraph</p>"
    "<a href=\"javascript:alert('js')\">bad link</a>"
    "<iframe src='https://example.com'></iframe>"
)


def assert_hostile_parts_removed(html):
    for fragment in ["<script", "alert(", "onerror", "onclick", "javascript:", "<iframe", "style="]:
        assert fragment not in html


def test_body_saved_from_the_admin_is_sanitised(admin_client):
    response = admin_client.post(
        "/admin/content/articledraft/add/", article_admin_form(slug="hostile", body=HOSTILE_HTML)
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    draft = ArticleDraft.objects.get(slug="hostile")
    assert_hostile_parts_removed(draft.body)
    assert "<h2>Safe heading</h2>" in draft.body
    assert '<a href="/crisis/">a link</a>' in draft.body
    review.publish_sample(draft)
    page = admin_client.get("/articles/hostile/").content.decode()
    assert_hostile_parts_removed(page.split('class="article-body"')[1].split("</div>")[0])


def test_body_saved_any_other_way_is_sanitised(client):
    make_article(slug="from-the-shell", body=HOSTILE_HTML)
    stored = Article.objects.get(slug="from-the-shell").body
    assert_hostile_parts_removed(stored)
    assert "<strong>bold</strong>" in stored


def test_page_body_is_sanitised(client):
    make_page("privacy", body=HOSTILE_HTML)
    assert_hostile_parts_removed(Page.objects.get(slug="privacy").body)
    page = client.get("/privacy/").content.decode()
    assert "alert(" not in page


def test_summary_and_title_are_escaped(client):
    make_article(slug="escaped", title="<b>Title</b>", summary="<script>x()</script>")
    text = client.get("/articles/escaped/").content.decode()
    assert "<script>x()" not in text
    assert "&lt;script&gt;x()&lt;/script&gt;" in text


def test_text_pasted_from_a_word_processor_keeps_its_lists_and_headings(admin_client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "www.clinic.example"]
    pasted = (
        "<p><strong>Before your visit</strong></p>"
        "<p>·\xa0\xa0 Bring a friend</p><p>·&nbsp; Eat lightly</p>"
        "<p>1. Arrive early</p><p>2. Check in</p>"
        "<p><strong>A bold sentence, not a heading.</strong></p>"
        '<p>Ask <a href="https://www.clinic.example/consultation/">us</a> or '
        '<a href="https://www.fda.gov/x">the FDA</a>.</p>'
    )
    response = admin_client.post(
        "/admin/content/articledraft/add/", article_admin_form(slug="pasted", body=pasted)
    )
    assert response.status_code == 302
    body = ArticleDraft.objects.get(slug="pasted").body
    assert "<h2>Before your visit</h2>" in body
    assert "<ul><li><p>Bring a friend</p></li><li><p>Eat lightly</p></li></ul>" in body
    assert "<ol><li><p>Arrive early</p></li><li><p>Check in</p></li></ol>" in body
    assert "<p><strong>A bold sentence, not a heading.</strong></p>" in body
    assert "·" not in body
    assert '<a href="/consultation/">us</a>' in body  # our own page, site-relative
    assert '<a href="https://www.fda.gov/x">the FDA</a>' in body
