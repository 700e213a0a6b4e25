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


CRISIS_LIST = [
    '<a href="tel:988">988</a>',
    "press 1 for the Veterans Crisis Line",
    "press 2 for Spanish",
    "TTY users: dial 711, then 988.",
    '<a href="https://988lifeline.org">988lifeline.org</a>',
    'Text HOME to <a href="sms:741741">741741</a>',
    '<a href="tel:911">911</a>',
]


def box(text, heading_id):
    """The HTML of the section labelled by ``heading_id``."""
    start = text.index(f'aria-labelledby="{heading_id}"')
    return text[start : text.index("</section>", start)]


@pytest.mark.parametrize(
    ("url", "heading_id"),
    [
        ("/crisis/", "get-help-now"),
        ("/consultation/", "not-for-emergencies"),
        ("/self-check/", "crisis-help-heading"),
    ],
)
def test_every_full_crisis_list_is_the_one_list(client, url, heading_id):
    make_page("crisis", body="<p>More ways to get help.</p>")
    text = client.get(url).content.decode()
    shown = box(text, heading_id)
    for line in CRISIS_LIST:
        assert line in shown, line
    assert "press 3" not in text.lower()


def test_the_sample_content_never_mentions_press_3(client):
    call_command("load_sample_content", verbosity=0)
    for url in ["/crisis/", "/articles/how-to-reach-out/", "/consultation/"]:
        assert "press 3" not in client.get(url).content.decode().lower(), url
