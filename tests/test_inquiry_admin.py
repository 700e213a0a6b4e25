import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inquiries.models import AccessLogEntry, Inquiry, InquiryNote, overdue_cutoff

from .factories import make_inquiry, make_staff

pytestmark = pytest.mark.django_db

LIST = "/admin/inquiries/inquiry/"
CLINIC_TIME = ZoneInfo("America/Los_Angeles")


def change_url(inquiry):
    return f"{LIST}{inquiry.pk}/change/"


@pytest.fixture
def intake(client):
    user = make_staff("intake", "Intake staff")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def editor(client):
    client.force_login(make_staff("editor", "Content editors"))
    return client


def listed_ids(response):
    return [inquiry.pk for inquiry in response.context["cl"].result_list]


def change_form_data(inquiry, **changes):
    data = {
        "status": inquiry.status,
        "assigned_to": inquiry.assigned_to_id or "",
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
        "notes-MIN_NUM_FORMS": "0",
        "notes-MAX_NUM_FORMS": "1000",
    }
    return data | changes


def test_groups_are_created_with_their_permissions():
    editors = set(
        Group.objects.get(name="Content editors").permissions.values_list("codename", flat=True)
    )
    intake = set(
        Group.objects.get(name="Intake staff").permissions.values_list("codename", flat=True)
    )
    reviewers = set(
        Group.objects.get(name="Medical reviewers").permissions.values_list("codename", flat=True)
    )
    assert {"add_articledraft", "change_articledraft", "change_pagedraft"} <= editors
    # Nobody in a content group changes live text directly; only reviewers sign off.
    assert not {"change_article", "add_article", "change_page", "sign_off"} & editors
    assert "sign_off" in reviewers
    assert not {"change_article", "change_articledraft"} & reviewers
    assert not any("inquiry" in codename for codename in editors | reviewers)
    assert {"view_inquiry", "change_inquiry", "export_inquiry", "add_inquirynote"} <= intake
    assert not any("article" in codename for codename in intake)
    assert "delete_accesslogentry" not in intake and "change_accesslogentry" not in intake


def test_the_migrations_give_each_group_exactly_what_its_app_says():
    # The database here was built by the migrations, whose data is frozen as written:
    # together they must arrive at the groups each app describes today.
    from content.staff_groups import GROUPS as CONTENT_GROUPS
    from inquiries.staff_groups import GROUPS as INQUIRY_GROUPS
    from selfcheck.staff_groups import GROUPS as SELFCHECK_GROUPS

    expected = {}
    for groups in (CONTENT_GROUPS, INQUIRY_GROUPS, SELFCHECK_GROUPS):
        for name, apps in groups.items():
            for app_label, models in apps.items():
                for model, actions in models.items():
                    expected.setdefault(name, set()).update(
                        (app_label, action if "_" in action else f"{action}_{model}")
                        for action in actions
                    )
    actual = {
        group.name: set(group.permissions.values_list("content_type__app_label", "codename"))
        for group in Group.objects.all()
    }
    assert actual == expected
    assert ("content", "change_topic") not in actual["Content editors"]


def test_content_editor_cannot_reach_inquiries_by_any_url(editor):
    inquiry = make_inquiry()
    for url in [
        LIST,
        change_url(inquiry),
        f"{LIST}{inquiry.pk}/history/",
        f"{LIST}{inquiry.pk}/delete/",
        "/admin/inquiries/accesslogentry/",
    ]:
        assert editor.get(url).status_code == 403, url
    assert editor.get(f"{LIST}export/").status_code == 403
    assert "Dana" not in editor.get("/admin/").content.decode()
    assert editor.get("/admin/content/articledraft/").status_code == 200


def test_anonymous_visitor_is_sent_to_sign_in(client):
    inquiry = make_inquiry()
    for url in [LIST, change_url(inquiry)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_signed_in_non_staff_cannot_see_inquiries(client):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("patient", password="a-long-test-password")
    client.force_login(user)
    assert client.get(LIST).status_code == 302


def test_queue_puts_urgent_then_oldest_new_first_and_hides_spam(intake):
    now = timezone.now()
    old_contacted = make_inquiry(status=Inquiry.Status.CONTACTED)
    newer_new = make_inquiry()
    older_new = make_inquiry()
    urgent = make_inquiry(is_urgent=True)
    spam = make_inquiry(status=Inquiry.Status.SPAM)
    for inquiry, hours in [(old_contacted, 90), (newer_new, 2), (older_new, 5), (urgent, 1)]:
        Inquiry.objects.filter(pk=inquiry.pk).update(received_at=now - timedelta(hours=hours))

    response = intake.get(LIST)

    assert listed_ids(response) == [urgent.pk, older_new.pk, newer_new.pk, old_contacted.pk]

    assert spam.pk not in listed_ids(response)
    assert listed_ids(intake.get(LIST + "?status=spam")) == [spam.pk]
    assert spam.pk in listed_ids(intake.get(LIST + "?status=everything"))


def test_queue_shows_the_columns_intake_needs(intake):
    make_inquiry(first_name="Alex", last_name="Kim", is_urgent=True)
    text = intake.get(LIST).content.decode()
    for column in ["Received", "Name", "Preferred contact", "Status", "Urgent", "Assigned to"]:
        assert column in text
    assert "Alex Kim" in text
    assert "ago" in text


def test_search_finds_by_name_email_and_phone(intake):
    target = make_inquiry(first_name="Morgan", email="morgan@example.com", phone="949-555-0177")
    make_inquiry(first_name="Someone", email="other@example.com", phone="949-555-0100")
    for query in ["Morgan", "morgan@example.com", "555-0177"]:
        assert listed_ids(intake.get(LIST, {"q": query})) == [target.pk], query


@pytest.mark.parametrize(
    ("now", "cutoff"),
    [
        # Tuesday 15:00 -> Monday 15:00
        (datetime(2026, 12, 8, 15), datetime(2026, 12, 7, 15)),
        # Monday 15:00 -> Friday 15:00 (the weekend does not count)
        (datetime(2026, 12, 7, 15), datetime(2026, 12, 4, 15)),
        # Saturday noon -> Thursday midnight (Friday counts whole)
        (datetime(2026, 12, 5, 12), datetime(2026, 12, 4, 0)),
    ],
)
def test_one_business_day_skips_weekends(now, cutoff):
    assert overdue_cutoff(now.replace(tzinfo=CLINIC_TIME)) == cutoff.replace(tzinfo=CLINIC_TIME)


@pytest.mark.parametrize(
    ("now", "cutoff"),
    [
        # Monday after Thanksgiving 10:00 -> the Wednesday before, 10:00: Thanksgiving
        # (federal), the day after (California) and the weekend do not count.
        (datetime(2026, 11, 30, 10), datetime(2026, 11, 25, 10)),
        # Monday after Christmas (a Friday) 9:00 -> Thursday 9:00.
        (datetime(2026, 12, 28, 9), datetime(2026, 12, 24, 9)),
        # Christmas 2027 is a Saturday, observed on Friday the 24th; New Year's Day 2028
        # is also a Saturday, observed on Friday December 31.
        (datetime(2027, 12, 27, 9), datetime(2027, 12, 23, 9)),
        (datetime(2028, 1, 3, 9), datetime(2027, 12, 30, 9)),
        # Wednesday April 1 -> Monday March 30: César Chávez Day (California) is skipped.
        (datetime(2026, 4, 1, 8), datetime(2026, 3, 30, 8)),
        # Tuesday after Columbus Day (federal, not a California holiday) -> Friday.
        (datetime(2026, 10, 13, 8), datetime(2026, 10, 9, 8)),
    ],
)
def test_one_business_day_skips_federal_and_california_holidays(now, cutoff):
    assert overdue_cutoff(now.replace(tzinfo=CLINIC_TIME)) == cutoff.replace(tzinfo=CLINIC_TIME)


def test_a_request_sent_before_thanksgiving_is_not_overdue_until_monday(intake):
    wednesday_noon = datetime(2026, 11, 25, 12, tzinfo=CLINIC_TIME)
    inquiry = make_inquiry()
    Inquiry.objects.filter(pk=inquiry.pk).update(received_at=wednesday_noon)
    inquiry.refresh_from_db()

    for not_yet in [datetime(2026, 11, 27, 12), datetime(2026, 11, 30, 11, 59)]:
        now = not_yet.replace(tzinfo=CLINIC_TIME)
        assert not inquiry.is_overdue(now)
        assert not Inquiry.objects.overdue(now).exists()
    late = datetime(2026, 11, 30, 12, 1, tzinfo=CLINIC_TIME)
    assert inquiry.is_overdue(late)
    assert list(Inquiry.objects.overdue(late)) == [inquiry]


def test_new_request_older_than_one_business_day_is_marked_overdue(intake):
    late = make_inquiry(first_name="Late")
    fresh = make_inquiry(first_name="Fresh")
    handled = make_inquiry(first_name="Handled", status=Inquiry.Status.CONTACTED)
    # Long enough that even four days of Thanksgiving leave a whole business day.
    long_ago = timezone.now() - timedelta(days=10)
    Inquiry.objects.filter(pk__in=[late.pk, handled.pk]).update(received_at=long_ago)

    assert listed_ids(intake.get(LIST + "?overdue=yes")) == [late.pk]
    text = intake.get(LIST).content.decode()
    assert text.count("<strong>Overdue</strong>") == 1
    assert fresh.pk in listed_ids(intake.get(LIST))


def test_opening_a_request_is_logged(intake):
    inquiry = make_inquiry()
    response = intake.get(change_url(inquiry))
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.action, entry.inquiry_ids) == (
        intake.user,
        AccessLogEntry.Action.VIEWED,
        [inquiry.pk],
    )


def test_patient_data_is_read_only_and_status_changes_are_logged(intake):
    inquiry = make_inquiry()
    response = intake.post(
        change_url(inquiry),
        change_form_data(
            inquiry, status="contacted", assigned_to=intake.user.pk, first_name="Changed"
        ),
    )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == "contacted"
    assert inquiry.assigned_to == intake.user
    assert inquiry.first_name == "Dana"
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.CHANGED)
    assert entry.inquiry_ids == [inquiry.pk]
    assert entry.detail == "Changed status, assigned to"  # labels, not field names
    assert "Dana" not in entry.detail


def test_notes_are_a_timeline_that_cannot_be_rewritten(intake):
    inquiry = make_inquiry()
    first = InquiryNote.objects.create(inquiry=inquiry, author=intake.user, text="Left a voicemail")

    data = change_form_data(inquiry) | {
        "notes-TOTAL_FORMS": "2",
        "notes-INITIAL_FORMS": "1",
        "notes-0-id": first.pk,
        "notes-0-inquiry": inquiry.pk,
        "notes-0-text": "Rewritten history",
        "notes-1-inquiry": inquiry.pk,
        "notes-1-text": "Called back, booked a consultation",
    }
    response = intake.post(change_url(inquiry), data)

    assert response.status_code == 302
    notes = list(inquiry.notes.values_list("text", "author__username"))
    assert notes == [
        ("Left a voicemail", "intake"),
        ("Called back, booked a consultation", "intake"),
    ]
    assert AccessLogEntry.objects.filter(action=AccessLogEntry.Action.NOTE_ADDED).exists()
    page = intake.get(change_url(inquiry)).content.decode()
    assert page.index("Left a voicemail") < page.index("Called back")


def test_actions_assign_and_change_status_and_are_logged(intake):
    first, second = make_inquiry(), make_inquiry(phone="949-555-0111")
    ids = [first.pk, second.pk]

    intake.post(LIST, {"action": "assign_to_me", "_selected_action": ids})
    intake.post(LIST, {"action": "mark_scheduled", "_selected_action": ids})

    assert set(Inquiry.objects.values_list("assigned_to", "status")) == {
        (intake.user.pk, "scheduled")
    }
    details = list(AccessLogEntry.objects.order_by("id").values_list("detail", "inquiry_ids"))
    assert details == [("Assigned to themselves", ids), ("Status set to Scheduled", ids)]

    for action, status in [
        ("mark_contacted", "contacted"),
        ("mark_closed", "closed"),
        ("mark_spam", "spam"),
    ]:
        intake.post(LIST + "?status=everything", {"action": action, "_selected_action": ids})
        assert set(Inquiry.objects.values_list("status", flat=True)) == {status}


def test_csv_export_is_utf8_with_bom_and_neutralises_formulas(intake):
    inquiry = make_inquiry(
        first_name='=HYPERLINK("http://evil.example")',
        last_name="Müller-Șerban",
        message="+1 is how I feel; -2 yesterday; @home",
        phone="949-555-0199",
        assigned_to=intake.user,
    )

    response = intake.get(f"{LIST}export/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, row = rows
    record = dict(zip(header, row, strict=True))
    assert record["Number"] == str(inquiry.pk)
    assert record["First name"] == '\'=HYPERLINK("http://evil.example")'
    assert record["Last name"] == "Müller-Șerban"
    assert record["Message"] == "'+1 is how I feel; -2 yesterday; @home"
    assert record["Phone"] == "949-555-0199"
    # Choices by their label, as the queue shows them; the assignee by user name.
    assert record["Status"] == "New" and record["Preferred contact"] == "Phone call"
    assert record["Best time"] == "Morning (8 am to noon)" and record["Urgent"] == "no"
    assert record["Heard of us"] == "" and record["Assigned to"] == "intake"
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.EXPORTED)
    assert entry.inquiry_ids == [inquiry.pk]


def test_export_needs_its_own_permission(client):
    from django.contrib.auth.models import Permission

    user = make_staff("viewer")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_inquiry", "change_inquiry"])
    )
    client.force_login(user)
    make_inquiry()
    assert "/export/" not in client.get(LIST).content.decode()
    response = client.get(f"{LIST}export/")
    assert response.status_code == 403
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORTED).exists()


def test_access_log_cannot_be_edited_or_deleted_by_intake(intake):
    inquiry = make_inquiry()
    intake.get(change_url(inquiry))
    entry = AccessLogEntry.objects.get()
    log = "/admin/inquiries/accesslogentry/"
    assert intake.get(log).status_code == 200
    assert intake.post(f"{log}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    intake.post(f"{log}{entry.pk}/change/", {"username": "someone-else"})
    intake.post(log, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})
    entry.refresh_from_db()
    assert entry.username == "intake"
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_message_with_html_is_stored_as_typed_and_shown_escaped(intake):
    typed = '<script>alert("x")</script><b>bold?</b>'
    inquiry = make_inquiry(message=typed)
    assert Inquiry.objects.get(pk=inquiry.pk).message == typed
    text = intake.get(change_url(inquiry)).content.decode()
    assert "<script>alert" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text


def test_staff_cannot_add_requests_by_hand(intake):
    assert intake.get(f"{LIST}add/").status_code == 403


def test_refused_opening_is_not_logged_as_a_read(editor):
    inquiry = make_inquiry()
    assert editor.get(change_url(inquiry)).status_code == 403
    assert not AccessLogEntry.objects.exists()


def test_editors_cannot_choose_who_reviewed_an_article(client):
    client.force_login(make_staff("editor2", "Content editors"))
    response = client.get("/admin/content/articledraft/add/")
    assert response.status_code == 200
    assert 'name="reviewer"' not in response.content.decode()
    assert client.get("/admin/content/reviewer/add/").status_code == 403


def test_deleting_a_request_is_logged(admin_client, superuser):
    inquiry = make_inquiry()
    admin_client.post(f"{LIST}{inquiry.pk}/delete/", {"post": "yes"})
    assert not Inquiry.objects.exists()
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.DELETED)
    assert (entry.user, entry.inquiry_ids) == (superuser, [inquiry.pk])


def test_only_intake_staff_can_be_assigned(intake):
    make_staff("editor3", "Content editors")
    inquiry = make_inquiry()
    form = intake.get(change_url(inquiry)).context["adminform"].form
    names = [user.username for user in form.fields["assigned_to"].queryset]
    assert names == ["intake"]


def test_handled_urgent_requests_do_not_stay_at_the_top(intake):
    handled_urgent = make_inquiry(is_urgent=True, status=Inquiry.Status.CONTACTED)
    waiting = make_inquiry(phone="949-555-0112")
    assert listed_ids(intake.get(LIST)) == [waiting.pk, handled_urgent.pk]


def test_the_request_history_speaks_plain_words(intake):
    inquiry = make_inquiry()
    data = change_form_data(inquiry, status="contacted") | {
        "notes-TOTAL_FORMS": "1",
        "notes-INITIAL_FORMS": "0",
        "notes-0-inquiry": inquiry.pk,
        "notes-0-text": "Called back.",
    }
    assert intake.post(change_url(inquiry), data).status_code == 302
    text = intake.get(f"{LIST}{inquiry.pk}/history/").content.decode()
    assert "Changed status. Added a note." in text
    assert "inquiry note" not in text.lower()


def test_the_queue_runs_the_same_queries_however_long_it_grows(intake, settings):
    # The red banner of urgent requests whose e-mail is not out runs its query too.
    settings.INQUIRY_NOTIFY_EMAILS = ["intake@clinic.example"]
    colleague = make_staff("colleague", "Intake staff")

    def add_requests(count):
        for n in range(count):
            inquiry = make_inquiry(
                last_name=f"Queue{n}",
                is_urgent=n % 7 == 0,
                status=["new", "contacted", "closed", "spam"][n % 4],
                assigned_to=colleague if n % 2 else None,
            )
            if n % 3 == 0:
                InquiryNote.objects.create(inquiry=inquiry, author=colleague, text="Called.")

    def queries_for(url):
        with CaptureQueriesContext(connection) as queries:
            assert intake.get(url).status_code == 200
        return len(queries)

    urls = [LIST, f"{LIST}?overdue=yes", f"{LIST}?q=Queue1", f"{LIST}?status=everything"]
    add_requests(4)
    few = [queries_for(url) for url in urls]
    add_requests(120)
    assert [queries_for(url) for url in urls] == few
