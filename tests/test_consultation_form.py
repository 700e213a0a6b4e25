import io
import logging
import time
import uuid
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.utils import timezone

from inquiries.forms import TOKEN_SALT
from inquiries.models import Inquiry

from .html import parse

pytestmark = pytest.mark.django_db

URL = "/consultation/"


def form_token(age_seconds=60, submission_id=None):
    """A token like the one the form page issues, shown ``age_seconds`` ago."""
    return signing.dumps(
        {"id": str(submission_id or uuid.uuid4()), "shown": time.time() - age_seconds},
        salt=TOKEN_SALT,
    )


def valid_data(**changes):
    data = {
        "first_name": "Renée",
        "last_name": "O'Connor",
        "email": "renee@example.com",
        "phone": "(949) 555-0123",
        "preferred_contact": "phone",
        "best_time": "morning",
        "message": "I have tried three antidepressants and would like to talk about options.",
        "heard_from": "clinician",
        "is_adult": "on",
        "consented": "on",
        "form_token": form_token(),
        "website": "",
    }
    return {key: value for key, value in (data | changes).items() if value is not None}


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    from django.core.cache import cache

    cache.clear()


def test_form_says_it_is_not_for_emergencies(client):
    response = client.get(URL)
    text = response.content.decode()
    assert response.status_code == 200
    assert "This form is not for emergencies" in text
    assert 'href="tel:988"' in text and 'href="tel:911"' in text
    assert text.index("not for emergencies") < text.index("<form")
    assert "no-store" in response["Cache-Control"]


def test_form_fields_have_labels_and_autocomplete(client):
    page = parse(client.get(URL))
    inputs = {attrs.get("name"): attrs for attrs in page.find_all("input")}
    assert inputs["first_name"]["autocomplete"] == "given-name"
    assert inputs["last_name"]["autocomplete"] == "family-name"
    assert inputs["email"]["autocomplete"] == "email"
    assert inputs["phone"]["autocomplete"] == "tel"
    labelled = {attrs.get("for") for attrs in page.find_all("label")}
    for name in ["first_name", "last_name", "email", "phone", "message", "is_adult"]:
        assert f"id_{name}" in labelled
    assert 'href="/privacy/"' in client.get(URL).content.decode()


def test_valid_request_is_stored_once_and_answered_303_to_thanks(client):
    response = client.post(URL, valid_data())

    assert response.status_code == 303
    assert response["Location"] == "/consultation/thanks/"
    inquiry = Inquiry.objects.get()
    assert inquiry.first_name == "Renée"
    assert inquiry.last_name == "O'Connor"
    assert inquiry.phone == "(949) 555-0123"
    assert inquiry.preferred_contact == "phone"
    assert inquiry.heard_from == "clinician"
    assert inquiry.status == Inquiry.Status.NEW
    assert inquiry.is_urgent is False
    thanks = client.get(response["Location"])
    assert "What happens next" in thanks.content.decode()
    assert "no-store" in thanks["Cache-Control"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"first_name": ""}, "first_name", "Enter your first name."),
        ({"last_name": ""}, "last_name", "Enter your last name."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"phone": "12345"}, "phone", "Enter a US phone number with its area code"),
        ({"phone": "call me maybe"}, "phone", "Enter a US phone number with its area code"),
        ({"preferred_contact": None}, "preferred_contact", "Choose how you would like us"),
        ({"preferred_contact": "pigeon"}, "preferred_contact", "Select a valid choice"),
        ({"best_time": None}, "best_time", "Choose the best time to reach you."),
        ({"message": "x" * 2001}, "message", "at most 2000 characters"),
        ({"heard_from": "tv"}, "heard_from", "Select a valid choice"),
        ({"is_adult": None}, "is_adult", "Confirm that you are 18 or older."),
        ({"consented": None}, "consented", "Agree to be contacted"),
        ({"email": "", "phone": ""}, "phone", "Give an email address or a phone number"),
        ({"preferred_contact": "phone", "phone": ""}, "phone", "Enter a phone number, or"),
        ({"preferred_contact": "text", "phone": ""}, "phone", "Enter a phone number, or"),
        ({"preferred_contact": "email", "email": ""}, "email", "Enter an email address, or"),
    ],
)
def test_invalid_field_gets_a_message_beside_it_and_nothing_is_stored(
    client, changes, field, message
):
    response = client.post(URL, valid_data(**changes))

    assert response.status_code == 200
    assert not Inquiry.objects.exists()
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    text = response.content.decode()
    assert f'id="id_{field}_error"' in text  # the message beside the field
    assert 'id="error-summary"' in text
    anchor = f"#id_{field}_0" if field in ("preferred_contact", "best_time") else f"#id_{field}"
    assert f'href="{anchor}"' in text  # the summary links to the field


def test_error_is_tied_to_its_field_and_everything_typed_is_kept(client):
    data = valid_data(email="renee@", message="Mornings are <best> for me & my family")
    response = client.post(URL, data)

    page = parse(response)
    inputs = {attrs.get("name"): attrs for attrs in page.find_all("input")}
    assert "id_email_error" in inputs["email"]["aria-describedby"]
    assert inputs["email"]["aria-invalid"] == "true"
    assert inputs["email"]["value"] == "renee@"
    assert inputs["first_name"]["value"] == "Renée"
    assert inputs["last_name"]["value"] == "O'Connor"
    assert inputs["phone"]["value"] == "(949) 555-0123"
    assert "checked" in inputs["is_adult"] and "checked" in inputs["consented"]
    text = response.content.decode()
    assert "Mornings are &lt;best&gt; for me &amp; my family</textarea>" in text
    summary = [a for a in page.find_all("div") if a.get("id") == "error-summary"][0]
    assert "autofocus" in summary and summary["tabindex"] == "-1"


def test_same_form_sent_twice_is_stored_once(client):
    data = valid_data()
    first = client.post(URL, data)
    second = client.post(URL, data)
    assert first.status_code == second.status_code == 303
    assert Inquiry.objects.count() == 1


def test_same_details_sent_again_from_a_fresh_form_are_stored_once(client):
    client.post(URL, valid_data())
    client.post(URL, valid_data(form_token=form_token()))
    assert Inquiry.objects.count() == 1


def test_a_different_request_from_the_same_person_is_stored(client):
    client.post(URL, valid_data())
    client.post(URL, valid_data(form_token=form_token(), message="Also, do you take insurance?"))
    assert Inquiry.objects.count() == 2


@pytest.mark.parametrize(
    "changes",
    [
        lambda: {"website": "http://spam.example"},
        lambda: {"form_token": form_token(age_seconds=1)},
        lambda: {"form_token": "forged-token"},
        lambda: {"form_token": ""},
    ],
    ids=["honeypot", "too-fast", "forged-token", "no-token"],
)
def test_automated_looking_request_is_kept_as_spam_and_answered_normally(client, changes):
    response = client.post(URL, valid_data(**changes()))
    assert response.status_code == 303
    assert response["Location"] == "/consultation/thanks/"
    assert Inquiry.objects.get().status == Inquiry.Status.SPAM
    assert mail.outbox == []


def test_rate_limit_answers_429_with_the_clinic_phone(client, settings):
    settings.INQUIRY_RATE_LIMIT = 2
    for n in range(2):
        response = client.post(URL, valid_data(form_token=form_token(), message=f"Request {n}"))
        assert response.status_code == 303

    blocked = client.post(URL, valid_data(form_token=form_token(), message="Third"))

    assert blocked.status_code == 429
    assert settings.CLINIC["phone"] in blocked.content.decode()
    assert Inquiry.objects.count() == 2
    other_address = client.post(
        URL, valid_data(form_token=form_token(), message="Other"), REMOTE_ADDR="10.0.0.9"
    )
    assert other_address.status_code == 303


def test_crisis_message_is_urgent_and_thanks_page_puts_crisis_help_first(client):
    response = client.post(URL, valid_data(message="Some days I just want to die."), follow=True)

    assert Inquiry.objects.get().is_urgent is True
    text = response.content.decode()
    assert text.index("Please get help now") < text.index("What happens next")
    assert 'href="tel:988"' in text


def test_thanks_page_without_a_request_is_general(client):
    text = client.get("/consultation/thanks/").content.decode()
    assert "What happens next" in text
    assert "Please get help now" not in text
    assert "If you need help now" in text


def test_staff_are_notified_by_the_worker_without_personal_data(client, settings, run_tasks):
    settings.INQUIRY_NOTIFY_EMAILS = ["intake@clinic.example"]
    settings.SITE_URL = "https://clinic.example"
    client.post(URL, valid_data(message="I feel suicidal and need help"))
    assert mail.outbox == []  # the request only queued the e-mail
    run_tasks()

    inquiry = Inquiry.objects.get()
    assert inquiry.notified_at is not None
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["intake@clinic.example"]
    assert email.subject == f"URGENT: New consultation request #{inquiry.pk}"
    assert f"https://clinic.example/admin/inquiries/inquiry/{inquiry.pk}/change/" in email.body
    everything = email.subject + email.body
    for personal in ["Renée", "Connor", "renee@example.com", "555-0123", "suicidal", "help"]:
        assert personal not in everything


def test_failing_mail_loses_nothing_and_logs_no_personal_data(client, settings, caplog, run_tasks):
    settings.INQUIRY_NOTIFY_EMAILS = ["intake@clinic.example"]
    settings.EMAIL_BACKEND = "tests.failing_mail.EmailBackend"
    with caplog.at_level(logging.INFO):
        response = client.post(URL, valid_data())
        run_tasks()

    assert response.status_code == 303
    inquiry = Inquiry.objects.get()
    assert inquiry.notified_at is None
    assert f"#{inquiry.pk}" in caplog.text
    for personal in ["Renée", "Connor", "renee@example.com", "555-0123", "antidepressants"]:
        assert personal not in caplog.text


def test_mail_refused_now_goes_out_once_the_server_is_back(client, settings, run_tasks):
    from django_tasks_db.models import DBTaskResult

    settings.INQUIRY_NOTIFY_EMAILS = ["intake@clinic.example"]
    settings.EMAIL_BACKEND = "tests.failing_mail.EmailBackend"
    assert client.post(URL, valid_data()).status_code == 303
    run_tasks()
    run_tasks()  # the next try waits its turn: nothing is sent twice or early
    assert mail.outbox == [] and Inquiry.objects.get().notified_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.update(run_after=timezone.now())  # the pause has passed
    run_tasks()
    assert len(mail.outbox) == 1
    assert Inquiry.objects.get().notified_at is not None
    run_tasks()
    assert len(mail.outbox) == 1  # sent once


def test_nothing_personal_in_any_url(client):
    response = client.post(URL, valid_data())
    assert "?" not in response["Location"]
    page = client.get(URL)
    form = [attrs for attrs in parse(page).find_all("form") if attrs.get("method") == "post"]
    assert form[0]["action"] == URL


def test_token_from_the_form_page_passes_when_a_person_takes_their_time(client, settings):
    settings.INQUIRY_MIN_SECONDS_TO_FILL = 0
    page = parse(client.get(URL))
    token = [a for a in page.find_all("input") if a.get("name") == "form_token"][0]["value"]

    client.post(URL, valid_data(form_token=token))

    assert Inquiry.objects.get().status == Inquiry.Status.NEW


def test_token_from_the_form_page_sent_back_at_once_is_spam(client):
    page = parse(client.get(URL))
    token = [a for a in page.find_all("input") if a.get("name") == "form_token"][0]["value"]

    client.post(URL, valid_data(form_token=token))

    assert Inquiry.objects.get().status == Inquiry.Status.SPAM


def test_same_form_sent_again_with_a_correction_is_kept_too(client):
    data = valid_data()
    client.post(URL, data)
    client.post(URL, data | {"phone": "(949) 555-0199"})  # back, fix the number, send
    assert sorted(Inquiry.objects.values_list("phone", flat=True)) == [
        "(949) 555-0123",
        "(949) 555-0199",
    ]


def test_thanks_page_shows_the_crisis_message_only_once(client):
    client.post(URL, valid_data(message="I want to die"))
    assert "Please get help now" in client.get("/consultation/thanks/").content.decode()
    assert "Please get help now" not in client.get("/consultation/thanks/").content.decode()


def test_an_empty_post_shows_what_is_missing(client):
    response = client.post(URL, {})
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    assert not Inquiry.objects.exists()


def test_rate_limit_behind_a_proxy_uses_the_address_the_proxy_saw(client, settings):
    settings.INQUIRY_RATE_LIMIT = 1
    settings.INQUIRY_CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    first = client.post(URL, valid_data(), HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5")
    # A made-up first entry does not escape the limit of the real address.
    second = client.post(
        URL, valid_data(message="Again"), HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.5"
    )
    other = client.post(URL, valid_data(message="Other"), HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert (first.status_code, second.status_code, other.status_code) == (303, 429, 303)


def test_an_email_lost_with_a_dead_worker_is_queued_again(client, settings, run_tasks):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.INQUIRY_NOTIFY_EMAILS = ["intake@clinic.example"]
    assert client.post(URL, valid_data(message="I feel suicidal")).status_code == 303
    inquiry = Inquiry.objects.get()
    # The worker died while sending: its task says "running" and nobody will finish it.
    DBTaskResult.objects.update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=30)
    )

    def requeue():
        out = io.StringIO()
        call_command("requeue_notifications", stdout=out)
        return out.getvalue()

    assert "for 0 request(s)" in requeue()  # too soon to call it lost
    Inquiry.objects.update(received_at=timezone.now() - timedelta(minutes=11))
    assert f"for 1 request(s): #{inquiry.pk}." in requeue()
    assert "for 0 request(s)" in requeue()  # queued once, not once per run
    run_tasks()
    assert [m.subject for m in mail.outbox] == [f"URGENT: New consultation request #{inquiry.pk}"]
    assert "for 0 request(s)" in requeue()  # told now
