"""The staff site as clinic staff use it, in a real browser at a laptop's 1366 px: words
that tell the truth, times typed the way people type them, readable history, and no
serious accessibility problem on the pages they work in."""

import re

from playwright.sync_api import expect

from content.models import Article
from inquiries.models import AccessLogEntry

from ..factories import make_inquiry, make_reviewer, make_staff
from .test_accessibility import SERIOUS, violations
from .test_staff_journeys import sign_in

LAPTOP = {"width": 1366, "height": 768}


def fits_sideways(page):
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_an_editor_schedules_an_article_typing_the_time_as_people_do(site, new_page):
    make_staff("editor", "Content editors")
    page = new_page(viewport=LAPTOP)
    sign_in(page, "editor")
    page.goto("/admin/content/articledraft/")
    assert fits_sideways(page), "the article list scrolls sideways at 1366 px"
    assert violations(page, SERIOUS) == []

    live = Article.objects.get(slug="side-effects-and-risks")
    page.get_by_role("link", name=live.title, exact=True).click()
    assert violations(page, SERIOUS) == []
    date = page.locator("#id_published_at_0")
    time = page.locator("#id_published_at_1")
    date.fill("12/25/2030")
    time.fill("9:00 am")
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist")).to_contain_text("Saved the article")

    page.goto("/admin/content/articledraft/")
    row = page.locator("#result_list tbody tr").filter(has_text=live.title)
    expect(row.locator(".field-on_site")).to_have_text(
        "Scheduled, goes live Wed 25 Dec 2030, 9:00 AM"
    )

    # A time nobody can read is refused, with the format spelled out.
    page.get_by_role("link", name=live.title, exact=True).click()
    page.locator("#id_published_at_1").fill("nine-ish")
    page.get_by_role("button", name="Save and continue editing").first.click()
    summary = page.get_by_role("alert").filter(has_text="Nothing was saved")
    expect(summary).to_contain_text("Enter a time like 9:00 am or 21:00.")
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_published_at_0")).to_be_focused()


def test_history_reads_as_words_and_two_versions_compare(site, new_page):
    make_staff("editor", "Content editors")
    page = new_page(viewport=LAPTOP)
    sign_in(page, "editor")
    live = Article.objects.get(slug="side-effects-and-risks")
    page.goto(f"/admin/content/articledraft/{live.draft.pk}/change/")
    page.get_by_label("Summary:").fill("Side effects, and what staff watch for.")
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist")).to_contain_text("Not on the site yet")

    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("History of")
    changes = page.locator("#change-history")
    expect(changes.locator("ins").filter(has_text="staff watch for")).to_have_count(1)
    expect(changes).not_to_contain_text("<p>")
    expect(changes).not_to_contain_text("None")
    assert violations(page, SERIOUS) == []

    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", name="Summary")).to_be_visible()
    expect(page.locator(".word-diff ins").filter(has_text="staff watch for")).to_have_count(1)
    assert violations(page, SERIOUS) == []


def test_intake_pages_have_no_serious_accessibility_problem(site, new_page):
    make_staff("intake", "Intake staff")
    urgent = make_inquiry(first_name="Jordan", last_name="Lee", is_urgent=True)
    make_inquiry(first_name="Alex", last_name="Kim")
    page = new_page(viewport=LAPTOP)
    sign_in(page, "intake")
    assert violations(page, SERIOUS) == []  # the staff home
    for url in [
        "/admin/inquiries/inquiry/",
        f"/admin/inquiries/inquiry/{urgent.pk}/change/",
        "/admin/inquiries/accesslogentry/",
        "/admin/content/articledraft/",  # a 403 page
    ]:
        page.goto(url)
        assert violations(page, SERIOUS) == [], url
        assert fits_sideways(page), url
    assert AccessLogEntry.objects.filter(action="viewed", inquiry_ids=[urgent.pk]).exists()


def test_reviewer_pages_have_no_serious_accessibility_problem(site, new_page):
    make_reviewer("drmoreno", name="Dr. Alex Moreno", credentials="MD, psychiatrist")
    page = new_page(viewport=LAPTOP)
    sign_in(page, "drmoreno")
    assert violations(page, SERIOUS) == []
    live = Article.objects.get(slug="side-effects-and-risks")
    page.goto(f"/admin/content/review/periodic/article/{live.draft.pk}/")
    assert violations(page, SERIOUS) == []
    page.get_by_role("button", name="Confirm it is still accurate").click()
    expect(page.locator(".messagelist")).to_contain_text(re.compile("still accurate"))
