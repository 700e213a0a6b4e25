"""Medical sign-off: readers only ever see text a medical reviewer approved, and the
"Medically reviewed by" line names the person who approved exactly that text."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError
from django.test import Client
from django.utils import timezone

from content import review
from content.diff import compare
from content.models import (
    Article,
    ArticleDraft,
    Page,
    PageDraft,
    Review,
    UnapprovedContent,
    fingerprint_of,
    months_later,
)

from .factories import (
    article_admin_form,
    make_article,
    make_draft,
    make_page,
    make_reviewer,
    make_staff,
)
from .test_seo import json_ld

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor():
    return make_staff("editor", "Content editors")


@pytest.fixture
def reviewer():
    return make_reviewer("drmoreno", name="Dr. Alex Moreno", credentials="MD, psychiatrist")


def edit_in_admin(client, draft, send=False, **changes):
    data = article_admin_form(draft, **changes)
    data["_send_for_review" if send else "_save"] = "1"
    return client.post(f"/admin/content/articledraft/{draft.pk}/change/", data)


def public_text(path, client=None):
    return (client or Client()).get(path).content.decode()


def test_the_whole_journey_from_edit_to_approval(editor, reviewer, run_tasks):
    article = make_article(
        slug="side-effects",
        title="Side effects",
        body="<p>Dizziness can happen.</p>",
        published_at=timezone.now() - timedelta(days=3),
    )
    draft = article.draft
    ed, rv = signed_in(editor), signed_in(reviewer)

    # The editor changes the live article: readers still see the approved text.
    response = edit_in_admin(
        ed,
        draft,
        body="<p>Dizziness and nausea can happen.</p>",
        editor_note="Added nausea, from the label.",
        change_summary="Added nausea to the common side effects.",
    )
    assert response.status_code == 302
    assert "nausea" not in public_text("/articles/side-effects/")
    assert 'href="/articles/side-effects/"' not in public_text("/search/?q=nausea")
    assert "nausea" not in public_text("/feed/")
    assert "nausea" not in public_text("/sitemap.xml")

    # Sending it for review locks it and tells the reviewers.
    response = edit_in_admin(ed, ArticleDraft.objects.get(pk=draft.pk), send=True)
    run_tasks()  # the worker sends the e-mails
    assert response.status_code == 302
    sent = Review.objects.get(status=Review.Status.WAITING)
    assert "nausea" in sent.content["body"]
    assert sent.fingerprint == fingerprint_of(sent.content)
    assert [m.to for m in mail.outbox] == [["drmoreno@example.com"]]
    assert "Side effects" in mail.outbox[0].subject
    assert "nausea" not in public_text("/articles/side-effects/")

    # The editor cannot approve, nor change the text while it waits.
    page = ed.get(sent.get_admin_url()).content.decode()
    assert "Approve and publish" not in page
    assert ed.post(f"/admin/content/review/{sent.pk}/decide/", {"_approve": "1"}).status_code == 403
    assert (
        edit_in_admin(ed, ArticleDraft.objects.get(pk=draft.pk), body="<p>x</p>").status_code == 403
    )

    # The reviewer sees the proposed text against the live one, word by word, and the note.
    page = rv.get(sent.get_admin_url()).content.decode()
    assert "<ins>and nausea</ins>" in page
    assert "Added nausea, from the label." in page
    assert "Approve and publish" in page and "Ask for changes" in page

    # Asking for changes needs a comment, which the editor then sees.
    assert (
        rv.post(f"/admin/content/review/{sent.pk}/decide/", {"_request_changes": "1"}).status_code
        == 400
    )
    rv.post(
        f"/admin/content/review/{sent.pk}/decide/",
        {"_request_changes": "1", "comment": "Say nausea is usually mild."},
    )
    run_tasks()
    draft.refresh_from_db()
    assert draft.state == ArticleDraft.State.CHANGES_REQUESTED
    assert (
        "Say nausea is usually mild."
        in ed.get(f"/admin/content/articledraft/{draft.pk}/change/").content.decode()
    )
    assert mail.outbox[-1].to == ["editor@example.com"]
    assert "Changes requested" in mail.outbox[-1].subject

    # The editor edits and sends again; the reviewer approves.
    edit_in_admin(ed, draft, send=True, body="<p>Dizziness and mild nausea can happen.</p>")
    again = Review.objects.get(status=Review.Status.WAITING)
    response = rv.post(f"/admin/content/review/{again.pk}/decide/", {"_approve": "1"})
    run_tasks()
    assert response.status_code == 302
    assert "Approved" in mail.outbox[-1].subject

    text = public_text("/articles/side-effects/")
    assert "Dizziness and mild nausea can happen." in text
    today = timezone.localdate()
    assert (
        "Medically reviewed by Dr. Alex Moreno, MD, psychiatrist</strong> on "
        f'<time datetime="{today:%Y-%m-%d}">' in text
    )
    assert "Changes to this page" in text
    assert "Added nausea to the common side effects." in text
    assert 'href="/articles/side-effects/"' in public_text("/search/?q=nausea")
    (data,) = json_ld(Client().get("/articles/side-effects/"))
    assert data["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr. Alex Moreno",
        "jobTitle": "MD, psychiatrist",
    }
    assert data["lastReviewed"] == today.isoformat()
    live = Article.objects.get(slug="side-effects")
    assert live.approval == again
    assert live.approval.decided_by == reviewer
    assert live.next_review_due == months_later(today, 12)


def test_nobody_approves_a_change_they_made(editor, reviewer):
    draft = make_draft(slug="mine")
    draft.contributors = [reviewer.pk]
    draft.save()
    sent = review.submit(draft, editor)
    page = signed_in(reviewer).get(sent.get_admin_url()).content.decode()
    assert "another medical reviewer must decide" in page
    response = signed_in(reviewer).post(
        f"/admin/content/review/{sent.pk}/decide/", {"_approve": "1"}
    )
    assert response.status_code == 400
    assert not Article.objects.filter(slug="mine").exists()
    with pytest.raises(review.ReviewError):
        review.approve(sent, reviewer)


def test_a_reviewer_who_sends_a_change_cannot_approve_it(reviewer):
    sent = review.submit(make_draft(), reviewer)
    with pytest.raises(review.ReviewError):
        review.approve(sent, reviewer)


def test_the_database_refuses_a_decision_by_the_person_who_sent_it(editor, reviewer):
    sent = review.submit(make_draft(), editor)
    with pytest.raises(IntegrityError):
        Review.objects.filter(pk=sent.pk).update(decided_by=editor, decided_at=timezone.now())


def test_content_editors_cannot_approve(editor):
    sent = review.submit(make_draft(), make_staff("other", "Content editors"))
    with pytest.raises(review.ReviewError):
        review.approve(sent, editor)


def test_a_new_article_appears_only_once_approved(editor, reviewer):
    ed = signed_in(editor)
    data = article_admin_form(slug="brand-new", title="Brand new")
    data["_send_for_review"] = "1"
    assert ed.post("/admin/content/articledraft/add/", data).status_code == 302
    assert Client().get("/articles/brand-new/").status_code == 404
    review.approve(Review.objects.get(status=Review.Status.WAITING), reviewer)
    assert Client().get("/articles/brand-new/").status_code == 200


def test_a_scheduled_first_publication_waits_for_its_time(reviewer, editor):
    draft = make_draft(slug="later", published_at=timezone.now() + timedelta(days=2))
    review.approve(review.submit(draft, editor), reviewer)
    assert Client().get("/articles/later/").status_code == 404
    Article.objects.filter(slug="later").update(published_at=timezone.now())
    assert Client().get("/articles/later/").status_code == 200


def test_a_second_save_of_an_older_copy_is_refused(editor):
    article = make_article(slug="shared", body="<p>Original.</p>")
    other = make_staff("colleague", "Content editors")
    draft = article.draft
    # Both open the form; the colleague saves first.
    mine, theirs = article_admin_form(draft), article_admin_form(draft)
    theirs.update(body="<p>Their change.</p>", _save="1")
    mine.update(body="<p>My change.</p>", _save="1")
    url = f"/admin/content/articledraft/{draft.pk}/change/"
    assert signed_in(other).post(url, theirs).status_code == 302
    response = signed_in(editor).post(url, mine)
    assert response.status_code == 200
    text = response.content.decode()
    assert "colleague saved this while you were editing it" in text
    assert "My change." in text  # what they typed is still in the form
    draft.refresh_from_db()
    assert draft.body == "<p>Their change.</p>"


def test_periodic_review_moves_the_next_review_on(reviewer):
    article = make_article(slug="steady", next_review_due=timezone.localdate() - timedelta(days=1))
    response = signed_in(reviewer).post(
        f"/admin/content/review/periodic/article/{article.draft.pk}/", {"comment": "Still right."}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    today = timezone.localdate()
    assert article.next_review_due == months_later(today, 12)
    assert article.approval.is_periodic and article.approval.decided_by == reviewer
    text = public_text("/articles/steady/")
    assert "Medically reviewed by Dr. Alex Moreno, MD, psychiatrist" in text
    assert "Changes to this page" not in text  # nothing changed


def test_content_editors_cannot_confirm_a_periodic_review(editor):
    article = make_article()
    url = f"/admin/content/review/periodic/article/{article.draft.pk}/"
    assert signed_in(editor).post(url).status_code == 403


def test_live_text_cannot_be_changed_without_an_approval():
    article = make_article(slug="guarded", body="<p>Approved.</p>")
    article.body = "<p>Changed in the shell.</p>"
    with pytest.raises(UnapprovedContent):
        article.save()
    page = make_page("privacy")
    page.title = "Not approved"
    with pytest.raises(UnapprovedContent):
        page.save()


def test_text_changed_behind_the_models_back_is_not_shown(client):
    make_article(slug="tampered", body="<p>Approved.</p>")
    Article.objects.filter(slug="tampered").update(body="<p>Sneaked in.</p>")
    assert client.get("/articles/tampered/").status_code == 404


def test_the_sample_loader_leaves_changed_content_alone():
    call_command("load_sample_content", verbosity=0)
    draft = ArticleDraft.objects.get(slug="how-ketamine-works")
    draft.title = "Edited by staff"
    draft.save()
    call_command("load_sample_content", verbosity=0)
    assert ArticleDraft.objects.get(slug="how-ketamine-works").title == "Edited by staff"
    assert Article.objects.get(slug="how-ketamine-works").title != "Edited by staff"


def test_sample_approvals_are_marked_as_sample_content(client):
    call_command("load_sample_content", verbosity=0)
    live = Article.objects.get(slug="how-ketamine-works")
    assert live.approval.origin == Review.Origin.SAMPLE
    assert live.approval.decided_by is None
    assert "Medically reviewed by Medical director (sample content)" in public_text(
        live.get_absolute_url()
    )


def test_an_approval_recorded_before_sign_off_was_tracked_names_nobody(admin_client):
    article = make_article(slug="older", reviewer=make_reviewer("drold", name="Dr. Old"))
    # What the move to medical review made of a name picked from a list.
    Review.objects.filter(pk=article.approval_id).update(
        origin=Review.Origin.IMPORTED, decided_by=None
    )
    text = public_text("/articles/older/")
    assert "Dr. Old" not in text and "reviewed" not in text.lower()
    [data] = [
        d for d in json_ld(Client().get("/articles/older/")) if d["@type"] == "MedicalWebPage"
    ]
    assert "reviewedBy" not in data and "lastReviewed" not in data
    staff_text = admin_client.get(f"/admin/content/articledraft/{article.draft.pk}/change/")
    assert "recorded before sign-off was tracked" in staff_text.content.decode()


def test_the_crisis_page_goes_through_review_and_keeps_its_numbers(editor, reviewer, client):
    page = make_page("crisis", body="<p>Approved crisis text.</p>")
    draft = page.draft
    url = f"/admin/content/pagedraft/{draft.pk}/change/"
    data = {
        "title": draft.title,
        "summary": draft.summary,
        "body": "<p>Unreviewed crisis text.</p>",
        "editor_note": "",
        "change_summary": "",
        "seen_version": str(draft.edit_version),
        "_send_for_review": "1",
    }
    assert signed_in(editor).post(url, data).status_code == 302
    text = client.get("/crisis/").content.decode()
    assert "Approved crisis text." in text and "Unreviewed" not in text
    assert 'href="tel:988"' in text and 'href="tel:911"' in text
    review.approve(draft.reviews.get(status="waiting"), reviewer)
    text = client.get("/crisis/").content.decode()
    assert "Unreviewed crisis text." in text and 'href="tel:988"' in text
    assert Page.objects.get(slug="crisis").approval.decided_by == reviewer
    assert PageDraft.objects.get(pk=draft.pk).history.count() >= 2


def test_withdrawing_a_request_unlocks_the_copy(editor):
    draft = make_draft()
    sent = review.submit(draft, editor)
    signed_in(editor).post(f"/admin/content/articledraft/{draft.pk}/withdraw/")
    sent.refresh_from_db()
    draft.refresh_from_db()
    assert sent.status == Review.Status.WITHDRAWN
    assert draft.state == ArticleDraft.State.EDITING


def test_sending_an_unchanged_copy_is_refused(editor):
    article = make_article()
    with pytest.raises(review.ReviewError):
        review.submit(article.draft, editor)


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2026, 1, 31), date(2027, 1, 31)), (date(2024, 2, 29), date(2025, 2, 28))],
)
def test_twelve_months_later(day, expected):
    assert months_later(day, 12) == expected


def test_review_filter_and_count_on_the_article_list(admin_client):
    today = timezone.localdate()
    overdue = make_article(title="Overdue one", next_review_due=today - timedelta(days=1))
    soon = make_article(title="Soon one", next_review_due=today + timedelta(days=20))
    later = make_article(title="Later one", next_review_due=today + timedelta(days=90))

    def titles(url):
        return {a.title for a in admin_client.get(url).context["cl"].result_list}

    changelist = "/admin/content/articledraft/"
    assert titles(f"{changelist}?review=overdue") == {overdue.title}
    assert titles(f"{changelist}?review=soon") == {soon.title}
    assert titles(f"{changelist}?review=attention") == {overdue.title, soon.title}
    text = admin_client.get(changelist).content.decode()
    assert "1 article overdue" in text
    assert "1 due within 30 days" in text
    assert later.title in text


def test_the_reviewer_sees_a_changed_link_and_a_formatting_change(editor):
    article = make_article(
        slug="links", body='<p>Call or chat at <a href="https://988lifeline.org">988</a>.</p>'
    )
    draft = article.draft
    draft.body = '<p>Call or chat at <a href="https://evil.example">988</a>.</p>'
    draft.save()
    changes = compare(ArticleDraft, article.approval.content, draft.reviewed_content())
    (change,) = changes
    assert ("removed", "⟨https://988lifeline.org⟩") in change["words"]
    assert ("added", "⟨https://evil.example⟩") in change["words"]

    draft.body = (
        '<p>Call or chat at <a href="https://988lifeline.org"><strong>988</strong></a>.</p>'
    )
    draft.save()
    (change,) = compare(ArticleDraft, article.approval.content, draft.reviewed_content())
    assert change["label"] == "article text (formatting only)"


def test_taking_an_article_off_the_site_works_even_if_its_row_was_tampered_with(client):
    make_article(slug="tampered-off", body="<p>Approved.</p>")
    Article.objects.filter(slug="tampered-off").update(body="<p>Sneaked in.</p>")
    review.take_off_site(Article.objects.get(slug="tampered-off"))
    assert Article.objects.get(slug="tampered-off").status == Article.Status.WITHDRAWN


def test_approving_a_change_to_a_taken_off_article_keeps_it_off(editor, reviewer, client):
    article = make_article(slug="kept-off", body="<p>Old.</p>")
    review.take_off_site(article)
    draft = article.draft
    draft.body = "<p>Corrected.</p>"
    draft.save()
    sent = review.submit(draft, editor)
    response = signed_in(reviewer).post(
        f"/admin/content/review/{sent.pk}/decide/", {"_approve": "1"}, follow=True
    )
    assert "It stays taken off the site until someone puts it back." in response.content.decode()
    assert client.get("/articles/kept-off/").status_code == 404
    review.put_back_on_site(Article.objects.get(slug="kept-off"))
    assert "Corrected." in public_text("/articles/kept-off/")


def test_the_reviewer_and_editor_are_told_when_a_scheduled_article_goes_live(
    editor, reviewer, run_tasks
):
    draft = make_draft(slug="planned", published_at=timezone.now() + timedelta(days=2))
    sent = review.submit(draft, editor)
    editor.email = "editor@example.org"
    editor.save()
    mail.outbox.clear()
    response = signed_in(reviewer).post(
        f"/admin/content/review/{sent.pk}/decide/", {"_approve": "1"}, follow=True
    )
    run_tasks()
    assert "It goes live " in response.content.decode()
    assert "It is on the site" not in response.content.decode()
    [message] = [m for m in mail.outbox if m.subject.startswith("Approved")]
    assert "It goes live " in message.body


def test_an_address_still_used_by_a_live_article_cannot_be_taken(editor, reviewer):
    moving = make_article(slug="old-place", title="Moving")
    moving.draft.slug = "new-place"
    moving.draft.save()  # the move is not approved yet: readers still find it at old-place
    ed = signed_in(editor)
    data = article_admin_form(slug="old-place", title="Newcomer")
    data["_save"] = "1"
    response = ed.post("/admin/content/articledraft/add/", data)
    assert response.status_code == 200
    assert (
        response.context["adminform"]
        .form.errors["slug"][0]
        .startswith("Something on the site has this web address")
    )
    # Had it slipped past the form, the approval refuses it and nothing changes.
    newcomer = make_draft(slug="old-place", title="Newcomer")
    sent = review.submit(newcomer, editor)
    with pytest.raises(review.ReviewError, match="Approve its move first"):
        review.approve(sent, reviewer)
    sent.refresh_from_db()
    assert sent.status == Review.Status.WAITING
    assert "Moving" in public_text("/articles/old-place/")
    # Once the move is approved, the address is free.
    review.approve(review.submit(moving.draft, editor), reviewer)
    review.approve(sent, reviewer)
    assert "Newcomer" in public_text("/articles/old-place/")
