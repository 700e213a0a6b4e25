import pytest
from django.conf import settings
from django.test import Client

from .factories import make_article, make_page, make_term, make_topic
from .html import is_same_host, parse

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/",
    "/articles/",
    "/articles/topic/safety/",
    "/articles/side-effects/",
    "/about/",
    "/crisis/",
    "/privacy/",
    "/disclaimer/",
    "/accessibility/",
    "/glossary/",
    "/consultation/",
    "/consultation/thanks/",
    "/search/",
    "/search/?q=article",
    "/self-check/",
    "/self-check/depression/",
    "/self-check/anxiety/",
]


@pytest.fixture
def site():
    topic = make_topic(name="Safety", slug="safety")
    make_article(
        topic=topic,
        slug="side-effects",
        body='<p>See <a href="https://pubmed.ncbi.nlm.nih.gov/37224232/">the trial</a>.</p>',
    )
    make_article(topic=topic)
    for slug in ["about", "crisis", "privacy", "disclaimer", "accessibility"]:
        make_page(slug)
    make_term(term="Dissociation", slug="dissociation")


def assert_site_furniture(response):
    text = response.content.decode()
    page = parse(response)
    assert len(page.h1_texts) == 1, page.h1_texts
    assert page.find_all("a")[0].get("href") == "#main"  # skip link comes first
    assert [attrs for attrs in page.find_all("main") if attrs.get("id") == "main"]
    assert page.find_all("header") and page.find_all("footer") and page.find_all("nav")
    assert "In crisis?</strong> Call or text" in text
    assert 'href="tel:988"' in text and 'href="tel:911"' in text
    assert 'href="/crisis/"' in text
    assert 'href="/privacy/"' in text and 'href="/disclaimer/"' in text
    assert 'href="/accessibility/"' in text and 'href="/glossary/"' in text
    assert settings.CLINIC["phone"] in text


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_every_public_page_has_crisis_line_landmarks_and_one_h1(client, site, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_site_furniture(response)


@pytest.mark.parametrize("url", [*PUBLIC_URLS, "/no-such-page/"])
def test_no_page_loads_anything_from_another_host(client, site, url):
    loaded = parse(client.get(url)).loaded_urls()
    assert loaded, "expected at least the style sheets"
    assert [u for u in loaded if not is_same_host(u)] == []


def test_404_page_is_styled_and_carries_the_crisis_line(client, site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_site_furniture(response)
    assert "We could not find that page" in response.content.decode()


@pytest.mark.urls("tests.urls_failing")
def test_500_page_carries_the_crisis_line_and_no_traceback(site):
    client = Client(raise_request_exception=False)
    response = client.get("/fails/")
    assert response.status_code == 500
    text = response.content.decode()
    assert_site_furniture(response)
    assert "Something went wrong on our side" in text
    assert "Traceback" not in text and "RuntimeError" not in text


def test_crisis_page_works_before_any_text_is_written(client):
    response = client.get("/crisis/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "988" in text and "741741" in text and "911" in text


def test_missing_information_page_is_404(client):
    assert client.get("/privacy/").status_code == 404


def test_clinic_details_come_from_settings(client, site, settings):
    settings.CLINIC = settings.CLINIC | {"name": "Seaside Clinic", "phone": "(949) 555-0199"}
    text = client.get("/").content.decode()
    assert "Seaside Clinic" in text
    assert 'href="tel:+19495550199"' in text


@pytest.mark.django_db
def test_an_empty_search_offers_the_phone_the_form_and_the_crisis_line(client, settings):
    text = client.get("/search/", {"q": "insurance prices"}).content.decode()
    assert "0 articles found" in text
    assert settings.CLINIC["phone"] in text
    assert 'href="/consultation/"' in text
    assert 'href="tel:988"' in text and 'href="tel:911"' in text


@pytest.mark.django_db
def test_every_page_has_a_favicon_from_the_site(client):
    text = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg"' in text
