import pytest

from content.claims import claim_warnings
from content.models import ArticleDraft

from .factories import article_admin_form


@pytest.mark.parametrize(
    "text",
    [
        "Ketamine can cure depression.",
        "Many patients are cured.",
        "Results are guaranteed.",
        "The treatment is 100% safe.",
        "It is 100 percent safe.",
        "There are no side effects.",
        "No side-effects at all.",
        "We offer FDA-approved ketamine infusions.",
        "A miracle for depression.",
    ],
)
def test_risky_wording_is_flagged(text):
    assert claim_warnings(text, has_references=True)


@pytest.mark.parametrize(
    "text",
    [
        "I am curious about how it works.",
        "Your data is kept secure.",
        "The side effects are usually short-lived.",
        "Esketamine nasal spray is FDA approved for some adults.",
        "We guard your privacy.",
        "Treatment is given in a safe, monitored setting.",
    ],
)
def test_near_misses_are_not_flagged(text):
    assert claim_warnings(text, has_references=False) == []


@pytest.mark.parametrize(
    "text", ["About 55.4% responded.", "Response rates were high.", "Half, or 50 percent."]
)
def test_figures_need_a_reference(text):
    assert claim_warnings(text, has_references=False)
    assert claim_warnings(text, has_references=True) == []


@pytest.mark.django_db
def test_admin_warns_but_still_saves(admin_client):
    response = admin_client.post(
        "/admin/content/articledraft/add/",
        article_admin_form(
            slug="bold-claims",
            body="<p>Ketamine has a 90% success rate and no side effects.</p>",
        ),
        follow=True,
    )
    text = response.content.decode()
    assert "no side effects" in text and "has no references" in text
    assert ArticleDraft.objects.filter(slug="bold-claims").exists()
