"""Corrected sample content reaches an existing site only through medical review, and
never over anything staff changed.

An install that loaded an older version of the sample content is made here by giving a
freshly loaded item older text and signing that off as sample content, as the loader did
then. Loading the current sample content again is then a correction."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from content import review
from content.management.commands.load_sample_content import CORRECTION_NOTE
from content.models import (
    Article,
    ArticleDraft,
    GlossaryTerm,
    GlossaryTermDraft,
    Page,
    PageDraft,
    Review,
)

from .factories import make_reviewer, make_staff

pytestmark = pytest.mark.django_db

ARTICLE = "iv-ketamine-infusion"


@pytest.fixture
def loaded():
    call_command("load_sample_content", verbosity=0)


@pytest.fixture
def reviewer():
    return make_reviewer("drmoreno", name="Dr. Alex Moreno", credentials="MD, psychiatrist")


def as_if_loaded_from_older_sample(draft, references=None, **old_fields):
    """Give ``draft`` older text and sign it off as sample content, as an older loader
    did; ``references`` (articles) replaces its references."""
    for name, value in old_fields.items():
        setattr(draft, name, value)
    draft.save()
    if references is not None:
        draft.references.all().delete()
        for order, reference in enumerate(references, start=1):
            draft.references.create(order=order, **reference)
    return review.publish_sample(draft)


def load_again():
    call_command("load_sample_content", verbosity=0)


def waiting_reviews():
    return list(Review.objects.filter(status=Review.Status.WAITING))


def test_a_fresh_database_gets_everything_live_as_sample_content(loaded):
    assert waiting_reviews() == []
    for live in [*Article.objects.all(), *Page.objects.all(), *GlossaryTerm.objects.all()]:
        assert live.approval.origin == Review.Origin.SAMPLE, live


def test_a_corrected_article_is_sent_for_review_and_readers_keep_the_old_text(
    loaded, reviewer, run_tasks
):
    draft = ArticleDraft.objects.get(slug=ARTICLE)
    corrected_title, corrected_references = draft.title, draft.citations()
    as_if_loaded_from_older_sample(
        draft,
        title="IV ketamine (old title)",
        body="<p>The old text.</p>",
        regulatory_status="",
        references=[{"title": "An old source without a link"}],
    )

    load_again()

    (sent,) = waiting_reviews()
    draft.refresh_from_db()
    assert sent.subject == draft and sent.requested_by is None
    assert draft.state == ArticleDraft.State.WAITING
    # The working copy holds the corrected sample text, references and status.
    assert draft.title == corrected_title
    assert draft.regulatory_status == "off-label"
    assert draft.citations() == corrected_references
    assert sent.content["references"] == [c.as_dict() for c in corrected_references]
    assert sent.editor_note == CORRECTION_NOTE
    assert sent.change_summary.startswith("Added the conditions that may rule IV ketamine out")
    # Readers still see the approved text, and the reviewers were told.
    text = Client().get(f"/articles/{ARTICLE}/").content.decode()
    assert "The old text." in text and corrected_title not in text
    run_tasks()  # the worker sends the e-mail
    assert [m.to for m in mail.outbox] == [["drmoreno@example.com"]]
    assert "The sample content loader sent" in mail.outbox[0].body

    # The reviewer sees it as a change sent by the loader, and approves it.
    page = Client()
    page.force_login(reviewer)
    text = page.get(sent.get_admin_url()).content.decode()
    assert "Sent by</strong> the sample content loader" in text
    assert "<del>(old title)</del>" in text
    review.approve(sent, reviewer)
    text = Client().get(f"/articles/{ARTICLE}/").content.decode()
    assert corrected_title in text and "The old text." not in text
    assert "Medically reviewed by Dr. Alex Moreno" in text

    # Signed off by a person now: loading again changes nothing.
    load_again()
    assert waiting_reviews() == []


def test_a_corrected_page_is_sent_for_review(loaded):
    draft = PageDraft.objects.get(slug="about")
    corrected_body = draft.body
    as_if_loaded_from_older_sample(draft, body="<p>An older about page.</p>")
    load_again()
    (sent,) = waiting_reviews()
    assert sent.subject == draft and sent.requested_by is None
    draft.refresh_from_db()
    assert draft.body == corrected_body
    assert "An older about page." in Client().get("/about/").content.decode()


def test_a_corrected_glossary_term_is_sent_for_review(loaded):
    draft = GlossaryTermDraft.objects.get(slug="relapse")
    corrected = draft.definition
    as_if_loaded_from_older_sample(draft, definition="An older definition.", other_forms="")
    load_again()
    (sent,) = waiting_reviews()
    assert sent.subject == draft and sent.content["definition"] == corrected
    assert "relapses" in sent.content["other_forms"]
    assert "An older definition." in Client().get("/glossary/").content.decode()


def test_an_editors_change_is_never_overwritten(loaded):
    draft = ArticleDraft.objects.get(slug=ARTICLE)
    as_if_loaded_from_older_sample(draft, title="Old title")
    draft.title = "Edited by staff"
    draft.save()
    load_again()
    assert waiting_reviews() == []
    assert ArticleDraft.objects.get(slug=ARTICLE).title == "Edited by staff"


def test_a_copy_waiting_for_review_is_left_alone(loaded):
    draft = PageDraft.objects.get(slug="privacy")
    as_if_loaded_from_older_sample(draft, summary="Old summary.")
    draft.summary = "An editor's summary."
    draft.save()
    sent = review.submit(draft, make_staff("editor", "Content editors"))
    load_again()
    assert waiting_reviews() == [sent]
    assert PageDraft.objects.get(slug="privacy").summary == "An editor's summary."


def test_text_a_reviewer_signed_off_with_their_account_is_left_alone(loaded, reviewer):
    draft = GlossaryTermDraft.objects.get(slug="placebo")
    as_if_loaded_from_older_sample(draft, definition="A dummy treatment.")
    confirmed = review.confirm_still_accurate(draft.glossary_term, reviewer)
    load_again()
    assert waiting_reviews() == []
    assert GlossaryTerm.objects.get(slug="placebo").approval == confirmed


def test_an_article_taken_off_the_site_is_left_alone(loaded):
    draft = ArticleDraft.objects.get(slug=ARTICLE)
    article = as_if_loaded_from_older_sample(draft, title="Old title")
    review.take_off_site(article)
    load_again()
    assert waiting_reviews() == []
    assert ArticleDraft.objects.get(slug=ARTICLE).title == "Old title"


def test_on_a_site_in_use_new_sample_content_waits_for_review(loaded, client):
    # A site that had loaded an older sample set, without this article and this term.
    ArticleDraft.objects.get(slug="cost-and-insurance").article.delete()
    ArticleDraft.objects.filter(slug="cost-and-insurance").delete()
    GlossaryTerm.objects.filter(slug="remission").delete()
    GlossaryTermDraft.objects.filter(slug="remission").delete()
    load_again()
    draft = ArticleDraft.objects.get(slug="cost-and-insurance")
    assert draft.article is None and draft.state == ArticleDraft.State.WAITING
    assert client.get("/articles/cost-and-insurance/").status_code == 404
    assert not GlossaryTerm.objects.filter(slug="remission").exists()
    sent = {review.subject_title for review in waiting_reviews()}
    assert {draft.title, "Remission"} <= sent


def test_an_article_an_editor_moved_does_not_come_back_at_its_old_address(loaded, client):
    draft = ArticleDraft.objects.get(slug=ARTICLE)
    draft.slug = "iv-ketamine"
    draft.save()
    review.publish_sample(draft)  # approved at its new address; the old one redirects
    load_again()
    assert not ArticleDraft.objects.filter(slug=ARTICLE).exists()
    response = client.get(f"/articles/{ARTICLE}/")
    assert response.status_code == 301 and response["Location"] == "/articles/iv-ketamine/"
