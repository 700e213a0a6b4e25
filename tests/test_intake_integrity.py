"""Intake integrity, tried as an attacker and as a hurried patient would: an urgent
request never hides as spam, every read of a request is logged, a form cannot be farmed,
and the answer never tells whether someone wrote in."""

import time
import uuid
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from inquiries.forms import TOKEN_SALT
from inquiries.models import AccessLogEntry, Inquiry

from .factories import make_draft, make_inquiry, make_staff
from .test_consultation_form import URL, valid_data

pytestmark = pytest.mark.django_db

LIST = "/admin/inquiries/inquiry/"
URGENT = "I have been thinking about ending my life"


def token(seconds_ago=60, form_id=None):
    """A copy of the form, shown ``seconds_ago``."""
    shown = time.time() - seconds_ago
    return signing.dumps({"id": str(form_id or uuid.uuid4()), "shown": shown}, salt=TOKEN_SALT)


def send(client, form_token, **details):
    return client.post(URL, valid_data(form_token=form_token, **details))


@pytest.fixture
def intake():
    client = Client()
    client.force_login(make_staff("intake", "Intake staff"))
    return client


def listed_ids(response):
    return [inquiry.pk for inquiry in response.context["cl"].result_list]


# An urgent request can never end up hidden as spam.


def test_a_hurried_patient_is_not_swallowed_by_their_own_spam_row(client, intake):
    form_id = uuid.uuid4()
    # Sent within a second of loading (autofill): kept, but taken for spam.
    assert send(client, token(seconds_ago=1, form_id=form_id), message=URGENT).status_code == 303
    assert Inquiry.objects.get().status == Inquiry.Status.SPAM
    # The slower, genuine resend of the same form promotes it.
    assert send(client, token(seconds_ago=8, form_id=form_id), message=URGENT).status_code == 303
    # And a fresh form with the same details is the same request.
    assert send(client, token(seconds_ago=30), message=URGENT).status_code == 303

    inquiry = Inquiry.objects.get()
    assert (inquiry.status, inquiry.is_urgent) == (Inquiry.Status.NEW, True)
    assert listed_ids(intake.get(LIST))[0] == inquiry.pk


def test_a_planted_spam_copy_cannot_swallow_the_real_request(client, intake):
    # Someone who knows a person's details sends a fast (spam) copy first.
    send(client, token(seconds_ago=0), message=URGENT)
    send(Client(), token(seconds_ago=120), message=URGENT)
    planted, real = Inquiry.objects.order_by("pk")
    assert planted.status == Inquiry.Status.SPAM
    assert real.status == Inquiry.Status.NEW and real.is_urgent
    # Both urgent requests show in the default queue; spam that is not urgent does not.
    quiet_spam = make_inquiry(first_name="Bot", status=Inquiry.Status.SPAM)
    shown = listed_ids(intake.get(LIST))
    assert {planted.pk, real.pk} <= set(shown) and quiet_spam.pk not in shown
    home = intake.get("/admin/").content.decode()
    assert f"Request #{planted.pk}" in home and f"Request #{real.pk}" in home


# Every read is logged, and lookups answer the same for what exists and what does not.


def test_a_change_page_sent_back_with_an_error_is_logged_as_a_read(intake):
    inquiry = make_inquiry()
    response = intake.post(f"{LIST}{inquiry.pk}/change/", {"status": "not-a-status"})
    assert response.status_code == 200
    assert "Dana" in response.content.decode()  # the whole record is on the page
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.VIEWED)
    assert entry.inquiry_ids == [inquiry.pk]


def test_a_list_search_is_logged_without_its_words(intake):
    found = make_inquiry(email="someone@example.com")
    make_inquiry(first_name="Other", email="other@example.com")
    response = intake.get(LIST, {"q": "someone@example.com"})
    assert listed_ids(response) == [found.pk]
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.SEARCHED)
    assert entry.inquiry_ids == [found.pk]
    assert "someone" not in entry.detail and "1 found" in entry.detail
    intake.get(LIST)  # an unsearched list is not a search
    assert AccessLogEntry.objects.filter(action=AccessLogEntry.Action.SEARCHED).count() == 1


def test_viewing_the_list_is_logged_with_the_requests_it_showed(intake):
    shown = make_inquiry(first_name="Shown")
    make_inquiry(first_name="Spam", status=Inquiry.Status.SPAM)  # the queue hides spam
    intake.get(LIST)
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.LISTED)
    assert entry.inquiry_ids == [shown.pk] and entry.detail == "Viewed the list: 1 found, 1 shown"


@pytest.mark.parametrize(
    "lookup", ["email__startswith", "first_name", "phone__contains", "message__icontains"]
)
def test_the_list_cannot_be_filtered_by_a_patients_details_in_the_address(intake, lookup):
    make_inquiry(email="someone@example.com", first_name="Dana", phone="9495550100")
    assert intake.get(LIST, {lookup: "s"}).status_code == 400
    assert intake.get(f"{LIST}export/", {lookup: "s"}).status_code == 400
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize(
    "params",
    [
        {"status": "new"},
        {"is_urgent__exact": "1"},
        {"overdue": "yes"},
        {"assigned_to__id__exact": "1"},
        {"assigned_to__isnull": "True"},
        {
            "received_at__gte": "2026-01-01 00:00:00-08:00",
            "received_at__lt": "2027-01-01 00:00:00-08:00",
        },
    ],
)
def test_the_filters_beside_the_list_still_work(intake, params):
    assert intake.get(LIST, params).status_code == 200


def test_an_export_is_logged_before_its_rows_are_sent(intake):
    first, second = make_inquiry(first_name="One"), make_inquiry(first_name="Two")
    chunks = iter(intake.get(f"{LIST}export/").streaming_content)
    next(chunks), next(chunks)  # the byte-order mark and the headings
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORTED).exists()
    rows = next(chunks).decode()
    assert "One" in rows and "Two" in rows
    # The download stops here (the connection dropped): what left is already on record.
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.EXPORTED)
    assert entry.inquiry_ids == [first.pk, second.pk]


def test_a_filtered_export_is_logged_with_its_filter(intake):
    kept = make_inquiry(is_urgent=True)
    make_inquiry(first_name="Calm")
    response = intake.get(f"{LIST}export/", {"is_urgent__exact": "1", "notes": "1"})
    rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(rows) == 2  # the heading and the one urgent request
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.EXPORTED)
    assert entry.inquiry_ids == [kept.pk]
    assert entry.detail == "Exported to CSV with notes. Filters: is_urgent__exact"


def test_requests_cannot_be_looked_up_by_type_ahead(intake):
    make_inquiry(email="someone@example.com")
    response = intake.get(
        "/admin/autocomplete/",
        {
            "app_label": "inquiries",
            "model_name": "inquirynote",
            "field_name": "inquiry",
            "term": "someone@example.com",
        },
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "inquiries/inquiry/{}/history/",
        "inquiries/inquiry/{}/change/",
        "inquiries/accesslogentry/{}/change/",
    ],
)
def test_an_editor_cannot_tell_which_requests_exist(client, path):
    client.force_login(make_staff("editor", "Content editors"))
    inquiry = make_inquiry()
    entry = AccessLogEntry.record(None, AccessLogEntry.Action.VIEWED, [inquiry.pk])
    existing = inquiry.pk if "inquiry/" in path else entry.pk
    answers = {client.get("/admin/" + path.format(pk)).status_code for pk in (existing, 99999)}
    assert answers == {403}


def test_the_view_on_site_shortcut_needs_the_view_permission(client):
    from django.contrib.contenttypes.models import ContentType

    from content.models import ArticleDraft

    draft = make_draft(slug="not-yet-public")
    content_type = ContentType.objects.get_for_model(ArticleDraft)
    client.force_login(make_staff("intake", "Intake staff"))
    response = client.get(f"/admin/r/{content_type.pk}/{draft.pk}/")
    assert response.status_code == 403
    assert "not-yet-public" not in response.get("Location", "")


# A form cannot be farmed, and the answer does not tell whether someone wrote in.


def test_one_copy_of_the_form_gives_at_most_two_requests_that_are_not_spam():
    form_token = token(seconds_ago=60)
    for n, address in enumerate(["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"]):
        response = Client(REMOTE_ADDR=address).post(
            URL, valid_data(form_token=form_token, first_name=f"Bot{n}")
        )
        assert response.status_code == 303
    statuses = list(Inquiry.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["new", "new", "spam", "spam"]


def test_an_old_form_is_asked_to_be_sent_again_with_everything_kept(client, settings):
    settings.INQUIRY_FORM_MAX_AGE_HOURS = 4
    response = send(client, token(seconds_ago=5 * 3600), message="Please call after 5")
    assert response.status_code == 200
    text = response.content.decode()
    assert "open for a long time" in text
    assert 'value="Renée"' in text and "Please call after 5" in text
    assert not Inquiry.objects.exists()
    fresh = response.context["form"]["form_token"].value()
    assert send(client, fresh, message="Please call after 5").status_code == 303


def test_over_the_limit_the_answer_is_the_same_whether_or_not_they_wrote_in(settings):
    settings.INQUIRY_RATE_LIMIT = 1
    client = Client(REMOTE_ADDR="10.9.9.9")
    assert send(client, token(), first_name="Known").status_code == 303
    again = send(client, token(), first_name="Known").status_code
    invented = send(client, token(), first_name="Invented").status_code
    assert again == invented == 429
    assert Inquiry.objects.count() == 1


def test_the_rate_limit_counts_by_address_not_by_browser(settings):
    settings.INQUIRY_RATE_LIMIT = 2
    # A fresh browser (no cookies) each time: the count is kept in the database against
    # the address, so dropping cookies, or landing on another server process, resets nothing.
    for client_number in range(3):
        response = send(Client(REMOTE_ADDR="10.7.7.7"), token(), first_name=f"P{client_number}")
    assert response.status_code == 429


# Smaller ones.


def test_staff_sessions_end_after_twelve_hours_however_busy(intake, settings):
    settings.STAFF_SESSION_MAX_HOURS = 12
    assert intake.get(LIST).status_code == 200
    session = intake.session
    session["staff_signed_in"] = int(time.time()) - 12 * 3600 - 60
    session.save()
    response = intake.get(LIST)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_request_is_notified_even_if_it_was_promoted_from_spam(client, settings, run_tasks):
    settings.INQUIRY_NOTIFY_EMAILS = ["intake@clinic.example"]
    form_id = uuid.uuid4()
    send(client, token(seconds_ago=0, form_id=form_id), message="Hello")
    run_tasks()
    assert Inquiry.objects.get().notified_at is None  # spam: nobody told
    send(client, token(seconds_ago=20, form_id=form_id), message="Hello")
    run_tasks()
    assert Inquiry.objects.get().notified_at is not None


def test_urgent_requests_whose_email_failed_are_shown_in_red(intake, settings):
    settings.INQUIRY_NOTIFY_EMAILS = ["intake@clinic.example"]
    waiting = make_inquiry(is_urgent=True)
    Inquiry.objects.filter(pk=waiting.pk).update(received_at=timezone.now() - timedelta(minutes=6))
    text = intake.get(LIST).content.decode()
    assert (
        f'Urgent request <a href="/admin/inquiries/inquiry/{waiting.pk}/change/">#{waiting.pk}</a>'
        in text
    )
    assert "could not be sent" in text
    assert "Urgent: the e-mail could not be sent" in intake.get("/admin/").content.decode()
    Inquiry.objects.filter(pk=waiting.pk).update(notified_at=timezone.now())
    assert "could not be sent" not in intake.get(LIST).content.decode()


def test_the_rate_limit_counts_for_the_whole_window_and_then_forgets(settings):
    from inquiries.models import SendingCount

    settings.INQUIRY_RATE_LIMIT = 2
    settings.INQUIRY_RATE_LIMIT_WINDOW_SECONDS = 3600
    client = Client(REMOTE_ADDR="10.8.8.8")
    for n in range(2):
        assert send(client, token(), first_name=f"P{n}").status_code == 303
    # Fifty-nine minutes later the window still counts (a cache's 5-minute default would not).
    SendingCount.objects.update(window_started=timezone.now() - timedelta(minutes=59))
    assert send(client, token(), first_name="P2").status_code == 429
    (row,) = SendingCount.objects.all()
    assert "10.8.8.8" not in row.visitor  # a salted hash, never the address
    # Once the hour has passed the address starts afresh, and the old row is gone.
    SendingCount.objects.update(window_started=timezone.now() - timedelta(minutes=61))
    assert send(client, token(), first_name="P3").status_code == 303
    assert SendingCount.objects.get().count == 1


def test_a_stranger_learns_nothing_about_a_known_persons_request(client, run_tasks):
    from selfcheck.attachment import sign
    from selfcheck.instruments import PHQ9, Result

    answers = [0] * 8 + [2]  # question 9 above "Not at all"
    result = Result(PHQ9, tuple(answers), None, timezone.localdate())
    victim = Client(REMOTE_ADDR="10.1.1.1")
    victim.post(URL, valid_data(form_token=token(), message="", self_check=sign(result)))
    stranger = Client(REMOTE_ADDR="10.2.2.2")
    response = stranger.post(URL, valid_data(form_token=token(), message=""), follow=True)
    text = response.content.decode()
    assert "Please get help now" not in text
    assert "self-check answers were sent" not in text
    assert Inquiry.objects.count() == 1


def test_a_resend_with_an_urgent_self_check_makes_the_request_urgent(client, settings, run_tasks):
    from selfcheck.attachment import sign
    from selfcheck.instruments import PHQ9, Result

    settings.INQUIRY_NOTIFY_EMAILS = ["intake@clinic.example"]
    assert send(client, token(), message="").status_code == 303
    run_tasks()
    result = Result(PHQ9, (0,) * 8 + (2,), None, timezone.localdate())
    data = valid_data(form_token=token(), message="", self_check=sign(result))
    assert Client().post(URL, data).status_code == 303
    inquiry = Inquiry.objects.get()
    assert inquiry.is_urgent and inquiry.self_check["answers"][8] == 2
    run_tasks()
    from django.core import mail

    assert [m.subject for m in mail.outbox][-1].startswith("URGENT:")


@pytest.mark.django_db(transaction=True)
def test_requests_sent_at_once_from_one_form_still_get_two_places_only():
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite lets one writer in at a time")

    form_token = token()
    barrier = threading.Barrier(6)

    def send_one(n):
        barrier.wait()
        Client(REMOTE_ADDR=f"10.3.3.{n}").post(
            URL, valid_data(form_token=form_token, first_name=f"Twin{n}")
        )
        connection.close()

    threads = [threading.Thread(target=send_one, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = list(Inquiry.objects.values_list("status", flat=True))
    assert len(statuses) == 6
    assert statuses.count("new") <= 2
