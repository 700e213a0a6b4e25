"""Medical sign-off in a real browser: an editor and a medical reviewer, each with their
own account, work only through the admin, and readers only ever see approved text."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from content.models import Article, Page

from ..factories import make_reviewer, make_staff
from .test_accessibility import SERIOUS, violations
from .test_staff_journeys import sign_in


def open_from_list(page, section, title):
    page.goto("/admin/")
    page.locator(f".model-{section}").get_by_role(
        "link", name=re.compile(r"^(Articles|Pages)$")
    ).click()
    page.get_by_role("link", name=title, exact=True).click()


def test_a_change_reaches_readers_only_after_medical_review(site, new_page):
    make_staff("editor", "Content editors")
    make_reviewer("drmoreno", name="Dr. Alex Moreno", credentials="MD, psychiatrist")
    live = Article.objects.get(slug="side-effects-and-risks")
    old_summary = live.summary
    editor, reviewer, reader = new_page(), new_page(), new_page()

    # The editor changes the live article's summary and sends it for review.
    sign_in(editor, "editor")
    open_from_list(editor, "articledraft", live.title)
    editor.get_by_label("Summary:").fill(
        "Side effects at a glance: what staff watch for, when to call."
    )
    editor.get_by_label("What changed and why (for the reviewer):").fill(
        "Shorter summary that says when to call."
    )
    editor.get_by_label("Change note for readers:").fill("Rewrote the summary.")
    editor.get_by_role("button", name="Save and send for medical review").first.click()
    expect(editor.locator(".messagelist")).to_contain_text("Sent for medical review")
    expect(editor.locator(".review-panel")).to_contain_text("Waiting for medical review")

    # Readers still get the approved text everywhere.
    reader.goto(live.get_absolute_url())
    expect(reader.locator(".lead")).to_have_text(old_summary)
    reader.goto("/search/?q=glance")
    expect(reader.get_by_role("link", name=live.title)).to_have_count(0)
    feed = reader.request.get("/feed/").text()
    assert "at a glance" not in feed and old_summary in feed

    # The editor cannot approve: the review page has no decision for them.
    editor.get_by_role("link", name="Open the review page").click()
    expect(editor.get_by_role("heading", name=f"Changes to “{live.title}”")).to_be_visible()
    expect(editor.get_by_role("button", name="Approve and publish")).to_have_count(0)

    # The reviewer finds it on the staff home, reads the difference and asks for changes.
    sign_in(reviewer, "drmoreno")
    waiting = reviewer.get_by_role("region", name=re.compile("Waiting for your medical review"))
    assert violations(reviewer, SERIOUS) == []
    waiting.get_by_role("link", name=live.title).click()
    expect(reviewer.locator(".word-diff ins").filter(has_text="glance")).to_have_count(1)
    expect(reviewer.get_by_text("Shorter summary that says when to call.")).to_be_visible()
    assert violations(reviewer, SERIOUS) == []
    reviewer.get_by_label("Comment for the editor").fill("Say 'call us', not just 'call'.")
    reviewer.get_by_role("button", name="Ask for changes").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("Changes requested")

    # The editor sees the comment, edits and sends again.
    editor.goto("/admin/")
    changes = editor.get_by_role("region", name=re.compile("Changes requested"))
    changes.get_by_role("link", name=live.title).click()
    expect(editor.locator(".review-panel")).to_contain_text("Say 'call us', not just 'call'.")
    editor.get_by_label("Summary:").fill(
        "Side effects at a glance: what staff watch for, when to call us."
    )
    editor.get_by_role("button", name="Save and send for medical review").first.click()
    expect(editor.locator(".messagelist")).to_contain_text("Sent for medical review")

    # The reviewer approves; readers now see the new text, who approved it and when.
    reviewer.goto("/admin/")
    reviewer.get_by_role("region", name=re.compile("Waiting for your medical review")).get_by_role(
        "link", name=live.title
    ).click()
    reviewer.get_by_role("button", name="Approve and publish").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("It is on the site now.")

    reader.goto(live.get_absolute_url())
    expect(reader.locator(".lead")).to_have_text(
        "Side effects at a glance: what staff watch for, when to call us."
    )
    today = timezone.localdate()
    expect(reader.locator(".review-line")).to_have_text(
        f"Medically reviewed by Dr. Alex Moreno, MD, psychiatrist on {today:%B} {today.day}, "
        f"{today.year}"
    )
    changes_log = reader.get_by_role("region", name="Changes to this page")
    expect(changes_log).to_contain_text("Rewrote the summary.")
    live.refresh_from_db()
    assert live.approval.decided_by.username == "drmoreno"


def test_a_second_editor_cannot_overwrite_the_first(site, new_page):
    make_staff("editor", "Content editors")
    make_staff("colleague", "Content editors")
    live = Article.objects.get(slug="side-effects-and-risks")
    mine, theirs = new_page(), new_page()
    sign_in(mine, "editor")
    sign_in(theirs, "colleague")
    open_from_list(mine, "articledraft", live.title)
    open_from_list(theirs, "articledraft", live.title)

    theirs.get_by_label("Summary:").fill("Their summary.")
    theirs.get_by_role("button", name="Save and continue editing").first.click()
    expect(theirs.locator(".messagelist")).to_contain_text("Saved the")

    mine.get_by_label("Summary:").fill("My summary.")
    mine.get_by_role("button", name="Save and continue editing").first.click()
    expect(mine.locator(".errorlist.nonfield")).to_contain_text(
        "colleague saved this while you were editing it"
    )
    expect(mine.get_by_label("Summary:")).to_have_value("My summary.")
    live.draft.refresh_from_db()
    assert live.draft.summary == "Their summary."


def test_the_crisis_page_changes_only_after_review_and_keeps_its_numbers(site, new_page):
    make_staff("editor", "Content editors")
    make_reviewer("drmoreno", name="Dr. Alex Moreno", credentials="MD, psychiatrist")
    editor, reviewer, reader = new_page(), new_page(), new_page()
    crisis = Page.objects.get(slug="crisis")

    sign_in(editor, "editor")
    open_from_list(editor, "pagedraft", crisis.title)
    editor.get_by_label("Summary:").fill("Call or text 988 now. In an emergency call 911.")
    editor.get_by_role("button", name="Save and send for medical review").first.click()
    expect(editor.locator(".messagelist")).to_contain_text("Sent for medical review")

    reader.goto("/crisis/")
    expect(reader.locator('meta[name="description"]')).to_have_attribute("content", crisis.summary)
    expect(reader.locator("main").get_by_role("link", name="988").first).to_be_visible()

    sign_in(reviewer, "drmoreno")
    reviewer.get_by_role("region", name=re.compile("Waiting for your medical review")).get_by_role(
        "link", name=crisis.title
    ).click()
    reviewer.get_by_role("button", name="Approve and publish").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("It is on the site now.")

    reader.goto("/crisis/")
    expect(reader.locator('meta[name="description"]')).to_have_attribute(
        "content", "Call or text 988 now. In an emergency call 911."
    )
    expect(reader.locator("main").get_by_role("link", name="988").first).to_be_visible()
