"""The accessibility statement, and the crisis numbers shown from one list wherever the
full list appears."""

import pytest
from django.core.management import call_command

from .factories import make_page
from .html import parse

pytestmark = pytest.mark.django_db


def test_the_accessibility_statement_has_its_own_address_and_sample_text(client):
    call_command("load_sample_content", verbosity=0)
    response = client.get("/accessibility/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>Accessibility statement</h1>" in text
    assert "WCAG" in text


def test_the_accessibility_statement_shows_how_to_tell_us_about_a_barrier(client, settings):
    settings.CLINIC = settings.CLINIC | {"phone": "(949) 555-0177", "email": "access@example.org"}
    make_page("accessibility", title="Accessibility statement")
    page = parse(client.get("/accessibility/"))
    hrefs = [attrs.get("href") for tag, attrs in page.tags if tag == "a"]
    text = client.get("/accessibility/").content.decode()
    box = text[text.index('aria-labelledby="barrier-heading"') :]
    box = box[: box.index("</section>")]
    assert "Contact us about a barrier" in box
    assert '<a href="tel:+19495550177">(949) 555-0177</a>' in box
    assert '<a href="mailto:access@example.org">access@example.org</a>' in box
    assert hrefs.count("mailto:access@example.org") == 2  # the box and the footer


def test_other_pages_have_no_barrier_box(client):
    make_page("privacy")
    assert "barrier-heading" not in client.get("/privacy/").content.decode()
