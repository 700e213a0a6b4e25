import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from .factories import make_article, make_draft, make_page, make_reviewer, make_topic
from .html import parse

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def json_ld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(block) for block in blocks]


@pytest.fixture
def site():
    topic = make_topic(slug="safety", name="Safety")
    live = make_article(
        topic=topic,
        slug="side-effects",
        title="Side effects",
        summary="What to expect.",
        reviewer=make_reviewer(name="Alex Moreno", credentials="MD, psychiatrist"),
    )
    draft = make_draft(slug="secret-draft")
    about = make_page("about")
    return {"topic": topic, "live": live, "draft": draft, "about": about}


def test_sitemap_lists_articles_topics_and_pages_with_dates(client, site):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entries = {
        url.find("s:loc", SITEMAP_NS).text: url.find("s:lastmod", SITEMAP_NS)
        for url in root.findall("s:url", SITEMAP_NS)
    }
    assert entries["http://testserver/articles/side-effects/"].text.startswith(
        timezone.localtime(site["live"].updated_at).strftime("%Y-%m-%d")
    )
    assert entries["http://testserver/articles/topic/safety/"] is not None
    assert entries["http://testserver/about/"] is not None
    assert "http://testserver/" in entries
    assert not any("secret-draft" in loc for loc in entries)


def test_robots_lists_the_sitemap_and_keeps_out_admin_and_preview(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text
    assert "/preview/" not in text  # previews live under the admin


def test_feed_has_recent_published_articles(client, site):
    response = client.get("/feed/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    items = root.findall("./channel/item")
    assert [item.find("title").text for item in items] == ["Side effects"]
    assert items[0].find("link").text == "http://testserver/articles/side-effects/"
    assert items[0].find("description").text == "What to expect."


def test_article_has_canonical_open_graph_and_twitter_tags(client, site):
    page = parse(client.get("/articles/side-effects/"))
    links = {attrs.get("rel"): attrs.get("href") for attrs in page.find_all("link")}
    assert links["canonical"] == "http://testserver/articles/side-effects/"
    meta = {
        attrs.get("property") or attrs.get("name"): attrs.get("content")
        for attrs in page.find_all("meta")
    }
    assert meta["og:type"] == "article"
    assert meta["og:title"] == "Side effects"
    assert meta["og:description"] == "What to expect."
    assert meta["og:url"] == "http://testserver/articles/side-effects/"
    assert meta["twitter:card"] == "summary"
    assert meta["description"] == "What to expect."


def test_seo_overrides_replace_title_and_description(client):
    make_article(
        slug="side-effects",
        title="Side effects",
        seo_title="Ketamine side effects explained",
        seo_description="Short-lived effects.",
    )
    response = client.get("/articles/side-effects/")
    text = response.content.decode()
    assert "<title>Ketamine side effects explained |" in text
    assert '<meta name="description" content="Short-lived effects.">' in text
    assert parse(response).h1_texts == ["Side effects"]


def test_article_json_ld_is_a_reviewed_medical_web_page(client, site):
    (data,) = json_ld(client.get("/articles/side-effects/"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["url"] == "http://testserver/articles/side-effects/"
    assert data["lastReviewed"] == timezone.localdate().isoformat()
    assert data["reviewedBy"] == {
        "@type": "Person",
        "name": "Alex Moreno",
        "jobTitle": "MD, psychiatrist",
    }


@pytest.mark.parametrize("url", ["/", "/about/"])
def test_home_and_about_describe_the_clinic(client, site, settings, url):
    settings.CLINIC = settings.CLINIC | {"name": "Seaside Clinic", "phone": "(949) 555-0199"}
    (data,) = json_ld(client.get(url))
    assert data["@type"] == "MedicalClinic"
    assert data["name"] == "Seaside Clinic"
    assert data["telephone"] == "(949) 555-0199"
    assert data["address"]["addressLocality"] == settings.CLINIC["city"]
    assert data["address"]["postalCode"] == settings.CLINIC["postal_code"]


def test_json_ld_cannot_break_out_of_its_script_element(client):
    make_article(slug="side-effects", title="</script><script>alert(1)")
    text = client.get("/articles/side-effects/").content.decode()
    assert "</script><script>alert(1)" not in text
    (data,) = json_ld(client.get("/articles/side-effects/"))
    assert data["headline"] == "</script><script>alert(1)"


def test_sitemap_topic_dates_ignore_expired_articles(client):
    from datetime import timedelta

    topic = make_topic(slug="expired-only")
    make_article(topic=topic, unpublish_at=timezone.now() - timedelta(hours=1))
    root = ET.fromstring(client.get("/sitemap.xml").content)
    for url in root.findall("s:url", SITEMAP_NS):
        if url.find("s:loc", SITEMAP_NS).text.endswith("/articles/topic/expired-only/"):
            assert url.find("s:lastmod", SITEMAP_NS) is None
            break
    else:
        raise AssertionError("topic missing from the sitemap")


def test_robots_does_not_reveal_a_custom_admin_address():
    from .test_settings import run_django

    result = run_django(
        "from django.test import Client;print(Client().get('/robots.txt').content.decode())",
        DEBUG="1",
        ALLOWED_HOSTS="testserver",
        ADMIN_URL="staff-door/",
    )
    assert result.returncode == 0, result.stderr
    assert "Disallow: /consultation/thanks/" in result.stdout
    assert "staff-door" not in result.stdout


def test_feed_summaries_stay_text_in_a_feed_reader(client):
    make_article(summary="Doses <script>alert(1)</script> & more")
    root = ET.fromstring(client.get("/feed/").content)
    description = root.find("./channel/item/description").text
    # A reader decodes the description as HTML once: it must still be text then.
    assert description == "Doses &lt;script&gt;alert(1)&lt;/script&gt; &amp; more"
