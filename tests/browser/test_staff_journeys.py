"""Two members of staff at work in the real admin: intake staff answering an urgent
consultation request, and an editor writing, previewing and publishing an article."""

import csv
import re
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image
from playwright.sync_api import expect

from content import review
from content.models import Article, ArticleDraft, Topic
from inquiries.models import AccessLogEntry, Inquiry

from ..factories import make_inquiry, make_reviewer, make_staff
from ..test_two_factor import app_code

PASSWORD = "a-long-test-password"


def current_code(device):
    """The code the person's authenticator app shows right now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


def sign_in(page, username, device=None):
    page.goto("/admin/")
    page.get_by_label("Username:").fill(username)
    page.get_by_label("Password:").fill(PASSWORD)
    if device is not None:
        page.get_by_label("Code:").fill(current_code(device))
    page.get_by_role("button", name="Log in", exact=True).click()
    # One step: with a single authenticator there is no device to pick first.
    dashboard = page.get_by_role("heading", name="Staff home")
    expect(dashboard).to_be_visible()


def test_new_staff_member_sets_up_two_factor_and_signs_in_with_it(site, page, new_page, settings):
    settings.STAFF_2FA_REQUIRED = True
    make_staff("newcomer", "Intake staff")
    dashboard = "Staff home"

    # First sign-in: user name and password, then the authenticator is set up.
    page.goto("/admin/")
    page.get_by_label("Username:").fill("newcomer")
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    qr_code = page.get_by_role("img", name="QR code to scan with your authenticator app")
    expect(qr_code).to_be_visible()
    assert qr_code.get_attribute("src").startswith("data:image/png;base64,")
    assert qr_code.evaluate("img => img.complete && img.naturalWidth > 0")  # CSP let it in
    # The person's app, set up from the key under "Cannot scan it?" (the same secret).
    page.get_by_text("Cannot scan it?").click()
    key = page.locator("#setup-key").inner_text().replace(" ", "")
    page.get_by_label("Code from your app:").fill(app_code(key))
    page.get_by_role("button", name="Confirm").click()

    codes = page.get_by_role("list", name="Backup codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    backup_codes = codes.all_inner_texts()
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(page.get_by_role("heading", name=dashboard)).to_be_visible()

    # Later, on another computer: one step with the app's next code.
    later = new_page()
    later.goto("/admin/")
    later.get_by_label("Username:").fill("newcomer")
    later.get_by_label("Password:").fill(PASSWORD)
    later.get_by_label("Code:").fill(app_code(key, offset=1))
    later.get_by_role("button", name="Log in", exact=True).click()
    expect(later.get_by_role("heading", name=dashboard)).to_be_visible()

    # Phone lost: a backup code instead.
    without_phone = new_page()
    without_phone.goto("/admin/")
    without_phone.get_by_label("Username:").fill("newcomer")
    without_phone.get_by_label("Password:").fill(PASSWORD)
    without_phone.get_by_label("Code:").fill(backup_codes[0])
    without_phone.get_by_role("button", name="Log in", exact=True).click()
    expect(without_phone.get_by_role("heading", name=dashboard)).to_be_visible()


def test_intake_staff_work_an_urgent_request(site, page, settings):
    settings.STAFF_2FA_REQUIRED = True
    intake = make_staff("intake", "Intake staff")
    device = TOTPDevice.objects.create(user=intake, name="phone", confirmed=True)
    ordinary = make_inquiry(first_name="Alex", last_name="Morgan")
    urgent = make_inquiry(
        first_name="Jordan", last_name="Lee", is_urgent=True, message="I want to die"
    )
    # The ordinary request has waited longer, and still the urgent one comes first.
    now = timezone.now()
    Inquiry.objects.filter(pk=ordinary.pk).update(received_at=now - timedelta(hours=3))
    Inquiry.objects.filter(pk=urgent.pk).update(received_at=now - timedelta(hours=1))

    sign_in(page, "intake", device)
    # The staff home names the urgent request first, by number only.
    urgent_box = page.get_by_role("region", name=re.compile("Urgent requests not yet contacted"))
    expect(urgent_box.get_by_role("link", name=f"Request #{urgent.pk}")).to_be_visible()
    page.locator(".model-inquiry").get_by_role("link", name="Consultation requests").click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first.locator(".field-number")).to_have_text(str(urgent.pk))
    expect(rows.nth(1).locator(".field-number")).to_have_text(str(ordinary.pk))
    # Urgent is spelled out in red; no tick or cross stands for it.
    badge = rows.first.locator(".field-urgent .urgent-badge")
    expect(badge).to_have_text("Urgent")
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(164, 0, 0)"
    expect(
        page.locator("#result_list img[alt='True'], #result_list img[alt='False']")
    ).to_have_count(0)
    expect(rows.nth(1).locator(".field-urgent")).to_have_text("-")

    rows.first.get_by_role("link", name=str(urgent.pk), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jordan Lee")
    banner = page.get_by_role("alert").filter(has_text="may be in crisis")
    expect(banner.get_by_role("link", name=urgent.phone)).to_have_attribute(
        "href", "tel:+19495550101"
    )
    page.get_by_role("button", name="Assign to me").click()
    expect(page.locator(".messagelist")).to_contain_text("Assigned to you")
    page.get_by_label("Status:").select_option(label="Contacted")
    page.locator("#notes-group").get_by_role("textbox").fill(
        "Called at once; safety plan agreed, consultation tomorrow."
    )
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist")).to_contain_text("Saved the")

    # One click exports what the queue shows.
    page.goto("/admin/inquiries/inquiry/?is_urgent__exact=1")
    urgent_row = rows.filter(has=page.get_by_role("link", name=str(urgent.pk), exact=True))
    expect(urgent_row.locator(".field-status")).to_have_text("Contacted")
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile(r"^Export these 1 request")).click()
    assert re.fullmatch(
        r"consultation-requests-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv",
        download.value.suggested_filename,
    )
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig")
    table = csv.DictReader(exported.splitlines())
    assert table.fieldnames[:4] == ["Number", "Received", "Status", "Urgent"]
    assert [(row["Number"], row["Status"], row["Urgent"]) for row in table] == [
        (str(urgent.pk), "Contacted", "yes")
    ]

    page.goto("/admin/inquiries/accesslogentry/")
    log = page.locator("#result_list tbody tr").filter(has_text=f"#{urgent.pk}")
    for shown in ["Opened", "Changed", "Added a note", "Exported to CSV"]:
        expect(log.filter(has_text=shown).filter(has_text="intake").first).to_be_visible()

    actions = [
        entry.action
        for entry in AccessLogEntry.objects.filter(user=intake, inquiry_ids=[urgent.pk]).order_by(
            "at", "id"
        )
    ]
    assert actions[0] == AccessLogEntry.Action.VIEWED
    assert AccessLogEntry.Action.NOTE_ADDED in actions
    assert actions[-1] == AccessLogEntry.Action.EXPORTED
    urgent.refresh_from_db()
    assert urgent.status == Inquiry.Status.CONTACTED
    note = urgent.notes.get()
    assert note.author == intake
    assert note.text == "Called at once; safety plan agreed, consultation tomorrow."
    ordinary.refresh_from_db()
    assert ordinary.status == Inquiry.Status.NEW


def test_editor_writes_previews_and_publishes_an_article(site, page, new_page, tmp_path):
    make_staff("editor", "Content editors")
    reviewer = make_reviewer("drmoreno", name="Dr. Alex Moreno", credentials="MD, psychiatrist")
    topic = Topic.objects.get(name="Safety")
    picture = tmp_path / "calm-room.png"
    Image.new("RGB", (1200, 700), (90, 140, 170)).save(picture)

    sign_in(page, "editor")
    page.goto("/admin/content/articledraft/add/")
    page.get_by_role("textbox", name="Title:", exact=True).press_sequentially(
        "Getting ready for your first session"
    )
    expect(page.get_by_label("Web address:")).to_have_value("getting-ready-for-your-first-session")
    page.get_by_label("Topic:").select_option(label=topic.name)
    page.get_by_label("Summary:").fill("What to bring, what to expect and who to call.")

    # The rich-text editor: a heading, a paragraph, a bullet list and a link.
    body_field = page.locator(".field-body")
    editor = body_field.locator('.ProseMirror[contenteditable="true"]')
    # Its block-type menu draws its arrow (no character most computers lack, shown as a
    # box), and the text box is tall enough to write in.
    arrow = body_field.locator(".prose-menubar__selected").evaluate(
        "e => getComputedStyle(e, '::after').content"
    )
    assert arrow == '""', arrow
    assert editor.bounding_box()["height"] >= 300
    editor.click()
    body_field.locator(".prose-menubar__selected").click()  # the block type menu
    body_field.get_by_role("button", name="Heading 2").click()
    page.keyboard.type("Before your first session")
    page.keyboard.press("Enter")
    page.keyboard.type("Bring a playlist of calm music and a warm blanket.")
    page.keyboard.press("Enter")
    body_field.get_by_role("button", name="unordered list").click()
    page.keyboard.type("Arrange a ride home")
    page.keyboard.press("Enter")
    page.keyboard.type("Wear comfortable clothes")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # out of the list
    page.keyboard.type("If you feel unsafe, use the crisis help")
    for _ in "crisis help":
        page.keyboard.press("Shift+ArrowLeft")
    page.wait_for_function("window.getSelection().toString() === 'crisis help'")
    body_field.get_by_role("button", name="insert link").click()
    link_dialog = page.get_by_role("dialog")
    link_dialog.get_by_label("URL").fill("/crisis/")
    link_dialog.get_by_role("button", name="Update").click()
    expect(link_dialog).to_have_count(0)
    expect(editor.get_by_role("heading", level=2)).to_have_text("Before your first session")
    expect(editor.get_by_role("listitem")).to_have_count(2)
    expect(editor.get_by_role("link", name="crisis help")).to_have_attribute("href", "/crisis/")

    page.get_by_label("Featured image:").set_input_files(picture)
    page.get_by_label("Image description (alt text):").fill(
        "A quiet treatment room with a reclining chair"
    )
    page.get_by_role("button", name="Add a reference").click()
    references = page.get_by_role("group", name="References")
    references.get_by_role("textbox", name="Title:", exact=True).fill(
        "Esketamine nasal spray: what to expect"
    )
    references.get_by_role("textbox", name="Link:").fill("https://www.fda.gov/drugs/esketamine")

    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist")).to_contain_text("Saved the new article")
    draft = ArticleDraft.objects.get(slug="getting-ready-for-your-first-session")
    assert draft.references.get().url == "https://www.fda.gov/drugs/esketamine"
    assert not Article.objects.filter(slug=draft.slug).exists()

    page.locator(".review-panel").get_by_role("link", name="Preview").click()
    expect(page).to_have_url(re.compile(rf"/admin/content/articledraft/{draft.pk}/preview/$"))

    expect(page.get_by_role("status")).to_contain_text("Preview of the working copy")
    preview_text = page.locator(".article-body")
    expect(preview_text.get_by_role("heading", level=2)).to_have_text("Before your first session")
    expect(preview_text.get_by_role("listitem")).to_have_text(
        ["Arrange a ride home", "Wear comfortable clothes"]
    )
    expect(preview_text.get_by_role("link", name="crisis help")).to_have_attribute(
        "href", "/crisis/"
    )
    page.get_by_role("link", name="Back to editing").click()

    page.get_by_role("button", name="Save and send for medical review").first.click()
    expect(page.locator(".messagelist")).to_contain_text("Sent for medical review")
    draft.refresh_from_db()
    assert "<h2>" in draft.body and "<ul>" in draft.body and "<li>" in draft.body
    assert '<a href="/crisis/"' in draft.body
    article = review.approve(draft.reviews.get(status="waiting"), reviewer)

    reader = new_page()
    reader.goto(article.get_absolute_url())
    expect(reader.get_by_role("heading", level=1)).to_have_text(
        "Getting ready for your first session"
    )
    text = reader.locator(".article-body")
    expect(text.get_by_role("heading", level=2)).to_have_text("Before your first session")
    expect(text.get_by_role("listitem")).to_have_text(
        ["Arrange a ride home", "Wear comfortable clothes"]
    )
    expect(text.get_by_role("link", name="crisis help")).to_have_attribute("href", "/crisis/")
    image = reader.locator("article picture img")
    expect(image).to_have_attribute("alt", "A quiet treatment room with a reclining chair")
    expect(image).to_have_attribute("srcset", re.compile(r"480w, .+ 800w, .+ 1200w$"))
    expect(reader.locator('article picture source[type="image/webp"]')).to_have_attribute(
        "srcset", re.compile(r"\.webp 480w")
    )
    cited = reader.get_by_role("region", name="References").locator("ol > li")
    expect(cited).to_have_count(1)
    source = cited.get_by_role("link", name="Esketamine nasal spray: what to expect")
    expect(source).to_have_attribute("href", "https://www.fda.gov/drugs/esketamine")

    reader.goto("/search/?q=playlist")
    expect(reader.get_by_text("1 article found")).to_be_visible()
    found = reader.get_by_role("link", name="Getting ready for your first session")
    expect(found).to_have_attribute("href", article.get_absolute_url())
