"""What a patient does, done the way a patient does it: in a real browser."""

from playwright.sync_api import expect

from inquiries.models import Inquiry

from ..factories import make_inquiry, make_staff
from .pages import PUBLIC_PAGES


def fill_valid_request(page, message="I have tried two antidepressants without relief."):
    page.get_by_label("First name").fill("Ana")
    page.get_by_label("Last name").fill("Nuñez")
    page.get_by_label("Email address").fill("ana@example.com")
    page.get_by_label("Phone number").fill("(949) 555-0133")
    page.get_by_label("Phone call").check()
    page.get_by_label("Afternoon (noon to 5 pm)").check()
    page.get_by_label("What would you like help with? (optional)").fill(message)
    page.get_by_label("I am 18 or older").check()
    page.get_by_label("I agree that the clinic may contact me about this request").check()


def test_patient_reads_then_requests_a_consultation(site, page):
    page.goto("/")
    page.get_by_role("link", name="The science").first.click()
    expect(page.locator("h1")).to_have_text("The science")
    page.get_by_role("link", name="How ketamine may work in the brain").click()
    expect(page.locator("h1")).to_have_text("How ketamine may work in the brain")
    page.get_by_role("link", name="Request a consultation").last.click()
    expect(page.locator("h1")).to_have_text("Request a consultation")

    page.get_by_role("button", name="Send my request").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    assert links.count() >= 6
    for index in range(links.count()):
        target = links.nth(index).get_attribute("href")
        assert page.locator(target).count() == 1, target  # each error links to its field
    summary.get_by_role("link", name="Enter your first name.").click()
    expect(page.get_by_label("First name")).to_be_focused()
    expect(page.get_by_label("First name")).to_have_attribute("aria-invalid", "true")

    fill_valid_request(page)
    page.get_by_role("button", name="Send my request").click()

    expect(page.locator("h1")).to_have_text("Thank you: we have your request")
    assert page.url.endswith("/consultation/thanks/")
    inquiry = Inquiry.objects.get()
    assert (inquiry.first_name, inquiry.last_name, inquiry.status) == ("Ana", "Nuñez", "new")


def focus_is_visible(page):
    """The focused element shows an outline or a focus ring."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return false;
            const style = getComputedStyle(el);
            const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
            const ring = style.boxShadow && style.boxShadow !== 'none';
            return outline || ring;
        }"""
    )


def tab_to(page, predicate, limit=80, backwards=False):
    """Press Tab (or Shift+Tab) until the focused element matches, checking that every
    element focused on the way shows where focus is."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        assert focus_is_visible(page), page.evaluate("document.activeElement.outerHTML")
        if page.evaluate(predicate):
            return
    raise AssertionError(f"never reached {predicate}")


def focused_is(selector):
    return f"() => document.activeElement.matches({selector!r})"


def test_the_same_journey_by_keyboard_alone(site, page):
    page.goto("/")
    tab_to(page, "() => document.activeElement.textContent.trim() === 'Skip to main content'")
    tab_to(page, "() => document.activeElement.textContent.trim() === 'Request a consultation'")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Request a consultation")

    tab_to(page, focused_is("button[type=submit]"))
    page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_be_focused()

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
    tab_to(page, focused_is("#id_is_adult"), backwards=True)  # Shift+Tab goes back
    expect(page.locator("#id_is_adult")).to_be_checked()
    tab_to(page, focused_is("button[type=submit]"))
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Thank you: we have your request")
    assert Inquiry.objects.get().first_name == "Ana"


def test_crisis_message_puts_help_first_and_the_request_first_in_the_queue(
    site, page, new_page, settings
):
    make_inquiry(first_name="Earlier")  # already waiting in the queue
    page.goto("/consultation/")
    fill_valid_request(page, message="Honestly, some nights I want to die.")
    page.get_by_role("button", name="Send my request").click()

    expect(page.locator("h1")).to_have_text("Thank you: we have your request")
    headings = page.locator("main h2").all_inner_texts()
    assert headings.index("Please get help now") < headings.index("What happens next")
    expect(page.get_by_role("link", name="988").first).to_be_visible()

    urgent = Inquiry.objects.get(first_name="Ana")
    assert urgent.is_urgent
    staff_page = new_page()
    staff = make_staff("intake", "Intake staff")
    staff_page.goto("/admin/login/")
    staff_page.get_by_label("Username").fill(staff.username)
    staff_page.get_by_label("Password").fill("a-long-test-password")
    staff_page.get_by_role("button", name="Log in").click()
    staff_page.goto("/admin/inquiries/inquiry/")
    first_row = staff_page.locator("#result_list tbody tr").first
    expect(first_row).to_contain_text("Ana Nuñez")


def test_phone_size_has_no_sideways_scrolling_and_usable_navigation(site, new_page):
    page = new_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    # The page as it opens: without an #entry, which scrolls down to it (at its own pace).
    for url in dict.fromkeys(url.split("#")[0] for url in PUBLIC_PAGES):
        page.goto(url)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px"
        header = page.get_by_role("banner")
        for name in ["Articles", "Search", "About us", "Crisis help", "Request a consultation"]:
            link = header.get_by_role("link", name=name)
            expect(link).to_be_visible()
            box = link.bounding_box()
            assert box["height"] >= 24 and box["width"] >= 24, (url, name, box)  # WCAG 2.5.8
        # The crisis line and the header take at most about a sixth of the screen, and
        # 988 stays in view.
        main_top = page.locator("main").bounding_box()["y"]
        assert main_top <= 812 / 6 + 5, f"{url}: the page starts {main_top}px down"
        expect(
            page.get_by_role("complementary", name="Crisis help").get_by_role("link", name="988")
        ).to_be_in_viewport()
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Articles").tap()
    expect(page.locator("h1")).to_have_text("Articles")


CONTRAST_OF_BORDER = """
element => {
  const luminance = rgb => {
    const [r, g, b] = rgb.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  let background = element.parentElement;
  let colour = getComputedStyle(background).backgroundColor;
  while (colour === "rgba(0, 0, 0, 0)" && background.parentElement) {
    background = background.parentElement;
    colour = getComputedStyle(background).backgroundColor;
  }
  if (colour === "rgba(0, 0, 0, 0)") colour = "rgb(255, 255, 255)";
  const [a, b] = [luminance(getComputedStyle(element).borderTopColor), luminance(colour)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
"""


def test_form_controls_stand_out_from_their_background(site, page):
    """WCAG 2.2, 1.4.11: unticked radio buttons, checkboxes and text boxes need a border
    of at least 3:1 against what is behind them (axe does not check this)."""
    for url in ["/consultation/", "/self-check/depression/", "/search/"]:
        page.goto(url)
        controls = page.locator(
            "main input[type=radio], main input[type=checkbox], main input[type=text], "
            "main input[type=email], main input[type=tel], main input[type=search], "
            "main textarea, main select"
        )
        assert controls.count() > 0, url
        for index in range(controls.count()):
            control = controls.nth(index)
            if not control.is_visible():
                continue
            ratio = control.evaluate(CONTRAST_OF_BORDER)
            assert ratio >= 3, f"{url}: control {index} border contrast {ratio:.2f}:1"
