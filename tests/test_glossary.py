"""The glossary: reviewed terms listed at /glossary/, and the first use of each term in an
article linked to its entry when the page is rendered."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from content import review
from content.models import (
    GLOSSARY_DEFINITION_MAX_WORDS,
    Article,
    GlossaryTerm,
    GlossaryTermDraft,
    Review,
)

from .factories import (
    make_article,
    make_reviewer,
    make_staff,
    make_term,
    make_term_draft,
    term_admin_form,
)
from .html import parse
from .test_review import signed_in

pytestmark = pytest.mark.django_db

GLOSSARY_LINK = re.compile(r'<a class="glossary-link" href="/glossary/#([^"]+)">([^<]*)</a>')


def glossary_links(client, url):
    """(slug, linked words) of every glossary link on the page, in order."""
    return GLOSSARY_LINK.findall(client.get(url).content.decode())


@pytest.fixture
def editor():
    return make_staff("editor", "Content editors")


@pytest.fixture
def reviewer():
    return make_reviewer("drmoreno", name="Dr. Alex Moreno", credentials="MD, psychiatrist")


# The glossary page


def test_the_glossary_lists_terms_alphabetically_with_pronunciation_and_an_anchor_each(client):
    make_term(term="relapse", slug="relapse", pronunciation="REE-laps")
    make_term(term="Esketamine", slug="esketamine", pronunciation="es-KET-uh-meen")
    make_term(term="BDNF", slug="bdnf", pronunciation="bee-dee-en-EF")
    response = client.get("/glossary/")
    assert response.status_code == 200
    text = response.content.decode()
    positions = [text.index(f'id="{slug}"') for slug in ["bdnf", "esketamine", "relapse"]]
    assert positions == sorted(positions)
    assert "Say it: es-KET-uh-meen" in text
    assert "<dfn>Esketamine</dfn>" in text
    assert 'href="#letter-e"' in text and 'id="letter-e"' in text


def test_the_glossary_is_linked_from_every_page_and_listed_in_the_sitemap(client):
    make_term()
    assert 'href="/glossary/"' in client.get("/self-check/").content.decode()
    assert "/glossary/</loc>" in client.get("/sitemap.xml").content.decode()


def test_a_term_whose_text_differs_from_its_approval_is_not_shown(client):
    make_term(term="Placebo", slug="placebo", definition="A dummy treatment.")
    GlossaryTerm.objects.filter(slug="placebo").update(definition="Sneaked in.")
    text = client.get("/glossary/").content.decode()
    assert "Sneaked in." not in text and 'id="placebo"' not in text


# Editing and review


def test_a_new_term_reaches_readers_only_after_medical_review(editor, reviewer, client):
    data = term_admin_form(definition="When symptoms drop to a very low level.")
    data["_send_for_review"] = "1"
    response = signed_in(editor).post("/admin/content/glossarytermdraft/add/", data)
    assert response.status_code == 302
    assert 'id="remission"' not in client.get("/glossary/").content.decode()

    sent = Review.objects.get(status=Review.Status.WAITING)
    assert sent.subject_title == "Remission"
    page = signed_in(reviewer).get(sent.get_admin_url()).content.decode()
    assert "A new glossary term" in page
    assert "<ins>When symptoms drop to a very low level.</ins>" in page
    assert "Approve and publish" in page

    signed_in(reviewer).post(f"/admin/content/review/{sent.pk}/decide/", {"_approve": "1"})
    text = client.get("/glossary/").content.decode()
    assert 'id="remission"' in text and "When symptoms drop to a very low level." in text
    assert GlossaryTerm.objects.get(slug="remission").approval.decided_by == reviewer


def test_a_changed_definition_is_shown_word_by_word_to_the_reviewer(editor, reviewer):
    term = make_term(term="Relapse", slug="relapse", definition="When depression comes back.")
    data = term_admin_form(term.draft, definition="When depression comes back after it eased.")
    data["_send_for_review"] = "1"
    url = f"/admin/content/glossarytermdraft/{term.draft.pk}/change/"
    assert signed_in(editor).post(url, data).status_code == 302
    sent = Review.objects.get(status=Review.Status.WAITING)
    page = signed_in(reviewer).get(sent.get_admin_url()).content.decode()
    assert "Changes to “Relapse”" in page
    assert "<del>back.</del>" in page and "<ins>back after it eased.</ins>" in page
    assert "When depression comes back." in Client().get("/glossary/").content.decode()


def test_a_definition_of_more_than_40_words_is_refused(editor):
    too_long = " ".join(["word"] * (GLOSSARY_DEFINITION_MAX_WORDS + 1))
    response = signed_in(editor).post(
        "/admin/content/glossarytermdraft/add/", term_admin_form(definition=too_long)
    )
    assert response.status_code == 200
    assert "Keep the definition to 40 words or fewer: it has 41." in response.content.decode()
    assert not GlossaryTermDraft.objects.exists()
    exactly = " ".join(["word"] * GLOSSARY_DEFINITION_MAX_WORDS)
    response = signed_in(editor).post(
        "/admin/content/glossarytermdraft/add/", term_admin_form(definition=exactly)
    )
    assert response.status_code == 302


def test_a_form_that_already_links_to_another_term_is_refused(editor):
    make_term_draft(term="Relapse", slug="relapse", other_forms="relapses")
    response = signed_in(editor).post(
        "/admin/content/glossarytermdraft/add/",
        term_admin_form(term="Relapsing", slug="relapsing", other_forms="Relapses"),
    )
    assert response.status_code == 200
    assert "“Relapses” already links to the glossary term “Relapse”" in (response.content.decode())


def test_taking_a_term_out_of_the_glossary_needs_no_review(editor, client):
    term = make_term(term="Sedation", slug="sedation")
    make_article(slug="calm", body="<p>Sedation can happen.</p>")
    assert glossary_links(client, "/articles/calm/") == [("sedation", "Sedation")]
    response = signed_in(editor).post(
        "/admin/content/glossarytermdraft/",
        {"action": "take_off_site", "_selected_action": [term.draft.pk]},
    )
    assert response.status_code == 302
    assert not GlossaryTerm.objects.exists()
    assert 'id="sedation"' not in client.get("/glossary/").content.decode()
    assert glossary_links(client, "/articles/calm/") == []


def test_a_term_that_was_ever_published_keeps_its_sign_offs(admin_client):
    draft = make_term(term="Sedation", slug="sedation").draft
    review.remove_glossary_term(draft.glossary_term)
    # Not even an administrator deletes its working copy and with it its sign-offs (the
    # record of what readers saw), since nobody may delete a review.
    delete = f"/admin/content/glossarytermdraft/{draft.pk}/delete/"
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Review.objects.filter(object_id=draft.pk, status="approved").exists()


def test_a_term_never_published_can_be_deleted(editor):
    draft = make_term_draft()
    delete = f"/admin/content/glossarytermdraft/{draft.pk}/delete/"
    assert signed_in(editor).post(delete, {"post": "yes"}).status_code == 302
    assert not GlossaryTermDraft.objects.exists()


def test_editors_and_reviewers_find_glossary_terms_on_the_staff_home_and_review_list(
    editor, reviewer
):
    draft = make_term_draft(term="Synapse", slug="synapse")
    ed = signed_in(editor)
    assert "Synapse" in ed.get("/admin/").content.decode()  # not yet sent
    review.submit(draft, editor)
    home = signed_in(reviewer).get("/admin/").content.decode()
    assert "Synapse" in home
    reviews = signed_in(reviewer).get("/admin/content/review/").content.decode()
    assert "Synapse" in reviews and "Glossary term" in reviews


def test_a_reviewer_confirms_an_unchanged_term_is_still_accurate(reviewer):
    term = make_term(term="Placebo", slug="placebo")
    GlossaryTerm.objects.filter(pk=term.pk).update(
        next_review_due=timezone.localdate() - timedelta(days=1)
    )
    rv = signed_in(reviewer)
    home = rv.get("/admin/").content.decode()
    url = f"/admin/content/review/periodic/glossaryterm/{term.draft.pk}/"
    assert f'href="{url}"' in home and "Overdue since" in home
    assert rv.post(url, {"comment": "Still right."}).status_code == 302
    term.refresh_from_db()
    assert term.approval.is_periodic and term.approval.decided_by == reviewer
    assert term.next_review_due > timezone.localdate()


# Links from articles


def article_with_terms(body):
    make_term(term="Esketamine", slug="esketamine", other_forms="Spravato")
    make_term(term="Ketamine", slug="ketamine")
    make_term(term="NMDA receptor", slug="nmda-receptor", other_forms="NMDA receptors")
    make_term(term="Relapse", slug="relapse", other_forms="relapses\nrelapsed")
    make_term(term="Off-label", slug="off-label")
    return make_article(slug="terms", body=body)


def test_the_first_use_of_each_term_links_to_its_entry(client):
    article_with_terms("<p>Ketamine blocks it. Later, ketamine again. Relapse is common.</p>")
    assert glossary_links(client, "/articles/terms/") == [
        ("ketamine", "Ketamine"),
        ("relapse", "Relapse"),
    ]


def test_other_forms_link_and_count_as_the_first_use(client):
    article_with_terms("<p>Relapses happen. A relapse later. Spravato is esketamine.</p>")
    assert glossary_links(client, "/articles/terms/") == [
        ("relapse", "Relapses"),
        ("esketamine", "Spravato"),
    ]


def test_only_whole_words_match_whatever_their_case(client):
    article_with_terms(
        "<p>ESKETAMINE is one form. Ketamines and labels do not match, nor does "
        "label on its own. The NMDA receptors are blocked.</p>"
    )
    assert glossary_links(client, "/articles/terms/") == [
        ("esketamine", "ESKETAMINE"),
        ("nmda-receptor", "NMDA receptors"),
    ]


def test_the_longest_form_at_one_place_wins(client):
    make_term(term="Compounded", slug="compounded", other_forms="compounded ketamine")
    article_with_terms("<p>Compounded ketamine is not approved. Ketamine is.</p>")
    assert glossary_links(client, "/articles/terms/") == [
        ("compounded", "Compounded ketamine"),
        ("ketamine", "Ketamine"),
    ]


def test_no_link_inside_headings_or_existing_links(client):
    article_with_terms(
        "<h2>How ketamine works</h2>"
        '<p>See <a href="https://example.org/">the ketamine label</a>.</p>'
        "<h3>Off-label use</h3>"
        "<p>Then ketamine, used off-label.</p>"
    )
    text = client.get("/articles/terms/").content.decode()
    assert "<h2>How ketamine works</h2>" in text
    assert '<a href="https://example.org/">the ketamine label</a>' in text
    assert "<h3>Off-label use</h3>" in text
    assert GLOSSARY_LINK.findall(text) == [("ketamine", "ketamine"), ("off-label", "off-label")]


def test_linking_keeps_the_rest_of_the_body_exactly(client):
    call_command("load_sample_content", verbosity=0)
    linked_somewhere = False
    for article in Article.objects.published():
        text = client.get(article.get_absolute_url()).content.decode()
        linked_somewhere |= bool(GLOSSARY_LINK.search(text))
        unlinked = GLOSSARY_LINK.sub(lambda match: match.group(2), text)
        assert article.body in unlinked, article.slug
        # Every link goes to an entry the glossary page has.
        for slug, _ in GLOSSARY_LINK.findall(text):
            assert GlossaryTerm.objects.filter(slug=slug).exists()
    assert linked_somewhere


def test_the_preview_links_terms_as_readers_will_see_them(admin_client):
    article = article_with_terms("<p>Ketamine is a medicine.</p>")
    url = f"/admin/content/articledraft/{article.draft.pk}/preview/"
    assert glossary_links(admin_client, url) == [("ketamine", "Ketamine")]


def test_a_glossary_change_shows_at_once_on_cached_article_pages(
    client, settings, django_capture_on_commit_callbacks
):
    cache.clear()
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    make_article(slug="cached", body="<p>Dissociation can happen.</p>")
    assert glossary_links(client, "/articles/cached/") == []  # now cached
    with django_capture_on_commit_callbacks(execute=True):  # the cache moves on at commit
        make_term(term="Dissociation", slug="dissociation")
    assert glossary_links(client, "/articles/cached/") == [("dissociation", "Dissociation")]
    assert 'id="dissociation"' in client.get("/glossary/").content.decode()


# Regulatory status


@pytest.mark.parametrize(
    ("status", "entry"),
    [("fda-approved", "fda-approved"), ("off-label", "off-label"), ("not-approved", "compounded")],
)
def test_the_regulatory_status_links_to_its_plain_explanation(client, status, entry):
    make_article(slug="treatment", regulatory_status=status)
    page = parse(client.get("/articles/treatment/"))
    links = [attrs["href"] for tag, attrs in page.tags if "badge-status" in attrs.get("class", "")]
    assert links == [f"/glossary/#{entry}"]


def test_every_regulatory_status_has_its_entry_in_the_sample_glossary(client):
    call_command("load_sample_content", verbosity=0)
    text = client.get("/glossary/").content.decode()
    for entry in ["fda-approved", "off-label", "compounded"]:
        assert f'id="{entry}"' in text


# Sample content


def test_the_sample_glossary_is_loaded_as_sample_content_within_the_word_limit():
    call_command("load_sample_content", verbosity=0)
    terms = list(GlossaryTerm.objects.select_related("approval"))
    assert len(terms) >= 30
    for term in terms:
        assert term.approval.origin == Review.Origin.SAMPLE
        assert len(term.definition.split()) <= GLOSSARY_DEFINITION_MAX_WORDS, term.slug
        assert term.pronunciation, term.slug
        term.draft.full_clean()  # the same rules as the admin's
