"""A patient takes a self-check in a real browser: by keyboard alone, and on a phone with
JavaScript off, through a PHQ-9 to a consultation request sent with the answers."""

from playwright.sync_api import expect

from inquiries.models import Inquiry

from .test_accessibility import violations
from .test_patient_journeys import fill_valid_request, focused_is, tab_to

PHQ9_ANSWERS = [2, 1, 3, 0, 1, 2, 0, 1]  # questions 1 to 8: 10 points


def test_keyboard_only_from_home_page_through_a_phq9_to_a_sent_request(site, page):
    page.goto("/")
    tab_to(page, "() => document.activeElement.textContent.trim() === 'Skip to main content'")
    tab_to(page, focused_is("main a[href='/self-check/']"))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Depression and anxiety self-checks")
    tab_to(page, focused_is("a[href='/self-check/depression/']"))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Depression self-check (PHQ-9)")

    # Answer questions 1 to 8, leaving question 9 out: Tab into each group, Space picks
    # "Not at all", each Down arrow the next answer.
    for number, answer in enumerate(PHQ9_ANSWERS, start=1):
        tab_to(page, focused_is(f"#id_q{number}_0"))
        page.keyboard.press("Space")
        for _ in range(answer):
            page.keyboard.press("ArrowDown")
        expect(page.locator(f"#id_q{number}_{answer}")).to_be_checked()
    tab_to(page, focused_is("button[type=submit]"))
    page.keyboard.press("Enter")

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(1)
    for number, answer in enumerate(PHQ9_ANSWERS, start=1):  # the given answers are kept
        expect(page.locator(f"#id_q{number}_{answer}")).to_be_checked()
    tab_to(page, focused_is("#error-summary a[href='#id_q9_0']"))
    page.keyboard.press("Enter")
    expect(page.locator("#id_q9_0")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # question 9: "Several days"
    tab_to(page, focused_is("button[type=submit]"))
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Your depression self-check result")
    first_in_main = page.locator("main > *").first
    expect(first_in_main).to_have_id("get-help-now")
    expect(first_in_main.get_by_role("link", name="988", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Your score: 11 out of 27")).to_be_visible()
    expect(page.get_by_role("button", name="Print or save this result")).to_be_visible()
    assert "?" not in page.url and page.url.endswith("/self-check/depression/")

    tab_to(
        page,
        "() => document.activeElement.textContent.trim() === "
        "'Send my answers with a consultation request'",
    )
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Request a consultation")
    expect(page.get_by_text("Your depression self-check answers (score 11)")).to_be_visible()
    assert not Inquiry.objects.exists()

    tab_to(page, focused_is("#id_first_name"))
    page.keyboard.type("Ana")
    page.keyboard.press("Tab")
    page.keyboard.type("Nunez")
    page.keyboard.press("Tab")
    page.keyboard.type("ana@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type("9495550133")
    tab_to(page, focused_is("#id_preferred_contact_0"))
    page.keyboard.press("Space")
    tab_to(page, focused_is("input[name=best_time]"))
    page.keyboard.press("Space")
    tab_to(page, focused_is("#id_is_adult"))
    page.keyboard.press("Space")
    tab_to(page, focused_is("#id_consented"))
    page.keyboard.press("Space")
    tab_to(page, focused_is("button[type=submit]"))
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Thank you: we have your request")
    expect(page.get_by_text("Your self-check answers were sent with your request.")).to_be_visible()
    inquiry = Inquiry.objects.get()
    assert inquiry.self_check["answers"] == [*PHQ9_ANSWERS, 1]
    assert inquiry.self_check["score"] == 11
    assert inquiry.is_urgent is True


def no_sideways_scrolling(page):
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_phone_with_javascript_off_through_a_phq9_to_a_sent_request(site, new_page):
    page = new_page(
        viewport={"width": 375, "height": 812},
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
    )
    page.goto("/")
    page.get_by_role("link", name="depression or anxiety self-check").tap()
    page.get_by_role("link", name="Start the depression self-check").tap()
    expect(page.locator("h1")).to_have_text("Depression self-check (PHQ-9)")
    assert no_sideways_scrolling(page) <= 0

    for number, answer in enumerate([*PHQ9_ANSWERS, 0], start=1):
        label = page.locator(f"label[for=id_q{number}_{answer}]")
        box = label.bounding_box()
        assert box["height"] >= 24, (number, box)  # WCAG 2.5.8 target size
        label.tap()
        expect(page.locator(f"#id_q{number}_{answer}")).to_be_checked()
    page.locator("label[for=id_difficulty_1]").tap()
    page.get_by_role("button", name="See my result").tap()

    expect(page.locator("h1")).to_have_text("Your depression self-check result")
    assert no_sideways_scrolling(page) <= 0
    expect(page.locator("#get-help-now")).to_have_count(0)
    expect(page.get_by_role("heading", name="Your score: 10 out of 27")).to_be_visible()
    expect(page.get_by_text("That is in the moderate range (10 to 14).")).to_be_visible()
    # Without JavaScript there is no print button, and the page says how to print instead.
    expect(page.get_by_role("button", name="Print or save this result")).to_be_hidden()
    expect(page.get_by_text("Use your browser's Print command")).to_be_visible()

    page.get_by_role("button", name="Send my answers with a consultation request").tap()
    expect(page.locator("h1")).to_have_text("Request a consultation")
    assert no_sideways_scrolling(page) <= 0
    fill_valid_request(page)
    page.get_by_role("button", name="Send my request").tap()

    expect(page.locator("h1")).to_have_text("Thank you: we have your request")
    inquiry = Inquiry.objects.get()
    assert inquiry.self_check["answers"] == [*PHQ9_ANSWERS, 0]
    assert (inquiry.self_check["difficulty"], inquiry.is_urgent) == (1, False)


def answer_all(page, answers):
    for number, answer in enumerate(answers, start=1):
        page.locator(f"#id_q{number}_{answer}").check()


def test_result_pages_have_no_wcag_violations(site, page):
    page.goto("/self-check/depression/")
    answer_all(page, [1] * 9)
    page.get_by_role("button", name="See my result").click()
    expect(page.locator("#get-help-now")).to_be_visible()
    assert violations(page) == []

    page.goto("/self-check/anxiety/")
    answer_all(page, [2] * 7)
    page.get_by_role("button", name="See my result").click()
    expect(page.locator("h1")).to_have_text("Your anxiety self-check result")
    assert violations(page) == []

    page.get_by_role("button", name="Send my answers with a consultation request").click()
    expect(page.get_by_text("Your anxiety self-check answers (score 14)")).to_be_visible()
    assert violations(page) == []


def test_missing_answers_page_has_no_wcag_violations(site, page):
    page.goto("/self-check/depression/")
    page.get_by_role("button", name="See my result").click()
    expect(page.locator("#error-summary")).to_be_focused()
    assert violations(page) == []

    page.locator("#id_q9_2").check()  # and now question 9 answered, others still missing
    page.get_by_role("button", name="See my result").click()
    expect(page.locator("main > *").first).to_have_id("get-help-now")
    expect(page.locator("#error-summary")).to_be_visible()
    assert violations(page) == []


def test_printed_result_shows_questions_answers_score_and_date(site, page):
    page.goto("/self-check/anxiety/")
    answer_all(page, [0, 1, 2, 3, 0, 1, 2])
    page.get_by_role("button", name="See my result").click()
    page.emulate_media(media="print")

    expect(page.get_by_role("heading", name="Your score: 9 out of 21")).to_be_visible()
    expect(page.locator(".selfcheck-result time")).to_be_visible()
    answers = page.locator(".result-answers li")
    expect(answers).to_have_count(7)
    expect(answers.nth(3)).to_contain_text("Trouble relaxing")
    expect(answers.nth(3)).to_contain_text("Nearly every day")
    expect(page.locator(".selfcheck-attach")).to_be_hidden()
    expect(page.locator(".site-header nav")).to_be_hidden()
    expect(page.locator(".crisis-box").last).to_be_visible()
