"""A failure while a consultation request is being stored must not copy what the patient
typed into the logs or the error e-mail sent to the site's administrators."""

import io
import logging

import pytest
from django.core import mail
from django.test import Client

from inquiries.forms import InquiryForm
from inquiries.models import Inquiry

from .test_consultation_form import valid_data

pytestmark = pytest.mark.django_db

PERSONAL = ["Zephyrine", "Quillfeather", "zephyrine.q@example.com", "(949) 555-0177", "lantern"]


@pytest.fixture
def console_log():
    """What the site's configured console handler writes."""
    handler = next(h for h in logging.getLogger("django").handlers if h.name == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_failure_storing_a_request_leaks_nothing(settings, monkeypatch, console_log):
    settings.ADMINS = [("Site administrator", "ops@clinic.example")]
    # Rules the form forgets: the database's own constraint then refuses the row, and
    # on PostgreSQL its error message quotes the whole row.
    monkeypatch.setattr(InquiryForm, "clean", lambda form: form.cleaned_data)
    monkeypatch.setattr(Inquiry, "validate_constraints", lambda instance, exclude=None: None)
    client = Client(raise_request_exception=False)

    response = client.post(
        "/consultation/",
        valid_data(
            first_name=PERSONAL[0],
            last_name=PERSONAL[1],
            email="",
            phone="",
            preferred_contact="email",
            message=f"I keep a {PERSONAL[4]} by the bed",
        ),
    )

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert not Inquiry.objects.exists()
    logged = console_log.getvalue()
    assert "Internal Server Error: /consultation/" in logged
    assert len(mail.outbox) == 1
    report = mail.outbox[0].subject + mail.outbox[0].body
    assert "IntegrityError" in report
    for text in [logged, report]:
        for personal in PERSONAL:
            assert personal not in text
        assert "Failing row contains" not in text


def test_error_report_hides_form_values_and_local_variables(settings, monkeypatch):
    settings.ADMINS = [("Site administrator", "ops@clinic.example")]

    def explode(queryset, data, form_id, looks_automated, self_check=None):
        secret = data["last_name"]  # a local variable holding patient data
        raise RuntimeError(f"lookup failed after {len(secret)} characters")

    monkeypatch.setattr("inquiries.models.InquiryQuerySet.receive", explode)
    client = Client(raise_request_exception=False)
    client.post("/consultation/", valid_data(last_name=PERSONAL[1], email=PERSONAL[2]))

    report = mail.outbox[0].body
    assert "RuntimeError" in report
    assert PERSONAL[1] not in report and PERSONAL[2] not in report
    assert "last_name" in report and "********************" in report  # names, not values


# What a failing request carries besides a form: search words, cookies and addresses.
SEARCH_WORDS = ["ketamine", "suicidal", "thoughts", "Zephyrine"]
COOKIE_VALUES = ["s3ss10nvalue8f2k", "csrfvalue7q1w", "remember-me-Quillfeather"]
ADDRESSES = ["203.0.113.77", "198.51.100.23", "198.51.100.24", "198.51.100.25", "2001:db8:77::5"]


def fail_with_personal_details(method="get", **data):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = COOKIE_VALUES[0]
    client.cookies["csrftoken"] = COOKIE_VALUES[1]
    client.cookies["remember"] = COOKIE_VALUES[2]
    response = getattr(client, method)(
        "/fails/?q=ketamine+suicidal+thoughts&who=Zephyrine",
        data,
        REMOTE_ADDR=ADDRESSES[0],
        HTTP_X_FORWARDED_FOR=f"{ADDRESSES[1]}, {ADDRESSES[2]}",
        HTTP_X_REAL_IP=ADDRESSES[3],
        HTTP_FORWARDED=f'for="[{ADDRESSES[4]}]";proto=https',
        HTTP_REFERER="http://testserver/search/?q=ketamine+suicidal+thoughts",
    )
    assert response.status_code == 500
    return response


@pytest.mark.urls("tests.urls_failing")
@pytest.mark.parametrize("method", ["get", "post"])
def test_error_report_has_no_query_string_cookie_values_or_client_address(
    settings, console_log, method
):
    settings.ADMINS = [("Site administrator", "ops@clinic.example")]
    settings.INQUIRY_CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"

    fail_with_personal_details(method, message="I keep a lantern by the bed")

    (email,) = mail.outbox
    report = email.subject + "\n" + email.body
    logged = console_log.getvalue()
    # Still a useful report: what failed, where, and which names were sent.
    assert "RuntimeError" in report and "a failure inside a view" in report
    assert email.subject.endswith("Internal Server Error: /fails/")
    assert "Request URL: http://testserver/fails/?[query string removed]" in report
    assert "sessionid = '********************'" in report
    assert "Internal Server Error: /fails/\n" in logged
    for text in [report, logged]:
        assert "q=" not in text and "who=" not in text
        for secret in SEARCH_WORDS + COOKIE_VALUES + ADDRESSES + ["lantern"]:
            assert secret not in text, secret
