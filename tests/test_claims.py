import pytest

from content.claims import claim_warnings
from content.models import ArticleDraft, Review

from .factories import article_admin_form, make_page


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


def admin_form_with_references(references):
    data = article_admin_form(slug="sourced", body="<p>Plain text.</p>")
    data["references-TOTAL_FORMS"] = str(len(references))
    for i, reference in enumerate(references):
        data |= {f"references-{i}-order": str(i + 1), f"references-{i}-year": ""}
        for name in ["authors", "title", "source", "url", "doi", "pubmed_id"]:
            data[f"references-{i}-{name}"] = reference.get(name, "")
    return data


UNLINKED = "has no DOI, PubMed ID or link"
TOO_FEW = "Give at least 2 sources readers can open"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("references", "expected"),
    [
        ([{"title": "A book", "source": "A publisher"}], [UNLINKED, TOO_FEW]),
        ([{"title": "A trial", "pubmed_id": "37224232"}], [TOO_FEW]),
        (
            [
                {"title": "A trial", "doi": "10.1056/NEJMoa2302399"},
                {"title": "A label", "url": "https://dailymed.nlm.nih.gov/"},
                {"title": "A talk"},
            ],
            [UNLINKED],
        ),
        (
            [
                {"title": "A trial", "pubmed_id": "37224232"},
                {"title": "A label", "url": "https://dailymed.nlm.nih.gov/"},
            ],
            [],
        ),
    ],
)
def test_editors_are_warned_about_sources_readers_cannot_follow(admin_client, references, expected):
    response = admin_client.post(
        "/admin/content/articledraft/add/", admin_form_with_references(references), follow=True
    )
    text = response.content.decode()
    for warning in [UNLINKED, TOO_FEW]:
        assert (warning in text) == (warning in expected), warning
    if UNLINKED in expected:
        assert "Reference 1 (“A book”)" in text or "Reference 3 (“A talk”)" in text
    assert ArticleDraft.objects.filter(slug="sourced").exists()


@pytest.mark.django_db
def test_the_reviewer_sees_the_same_source_warnings(admin_client):
    data = admin_form_with_references([{"title": "A book"}])
    data["_send_for_review"] = "1"
    admin_client.post("/admin/content/articledraft/add/", data)
    sent = Review.objects.get(status=Review.Status.WAITING)
    text = admin_client.get(sent.get_admin_url()).content.decode()
    assert "Wording and sources to look at twice" in text
    assert "Reference 1 (“A book”) has no DOI, PubMed ID or link" in text
    assert TOO_FEW in text


@pytest.mark.django_db
def test_pages_get_no_source_warnings(admin_client):
    page = make_page("about")
    data = {
        "title": "About",
        "summary": "A page.",
        "body": "<p>We are a clinic.</p>",
        "editor_note": "",
        "change_summary": "",
        "seen_version": str(page.draft.edit_version),
    }
    response = admin_client.post(
        f"/admin/content/pagedraft/{page.draft.pk}/change/", data, follow=True
    )
    page.draft.refresh_from_db()
    assert page.draft.body == "<p>We are a clinic.</p>"  # saved
    assert "Saved the page" in response.content.decode()
    assert TOO_FEW not in response.content.decode()
