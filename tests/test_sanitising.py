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
