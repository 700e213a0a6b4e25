from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from inquiries.models import AccessLogEntry, Inquiry, InquiryNote

from .factories import make_inquiry

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def requests(settings):
    settings.INQUIRY_RETENTION_DAYS = 365
    made = {}
    for name, status, received, finished in [
        ("old_closed", Inquiry.Status.CLOSED, days_ago(500), days_ago(400)),
        ("old_not_a_fit", Inquiry.Status.NOT_A_FIT, days_ago(400), days_ago(400)),
        ("old_spam", Inquiry.Status.SPAM, days_ago(400), days_ago(399)),
        ("old_scheduled", Inquiry.Status.SCHEDULED, days_ago(400), None),
        ("old_new", Inquiry.Status.NEW, days_ago(400), None),
        ("recent_closed", Inquiry.Status.CLOSED, days_ago(30), days_ago(30)),
        # Followed up for two years and closed yesterday: the clock starts now.
        ("closed_yesterday", Inquiry.Status.CLOSED, days_ago(800), days_ago(1)),
    ]:
        inquiry = make_inquiry(status=status, phone=f"949-555-01{len(made):02d}")
        Inquiry.objects.filter(pk=inquiry.pk).update(received_at=received, finished_at=finished)
        made[name] = inquiry
    InquiryNote.objects.create(inquiry=made["old_closed"], text="Closed after two calls")
    return made


PURGED = ["old_closed", "old_not_a_fit", "old_spam"]
KEPT = ["old_scheduled", "old_new", "recent_closed", "closed_yesterday"]


def run_purge(*args):
    out = StringIO()
    call_command("purge_inquiries", *args, stdout=out)
    return out.getvalue()


def test_dry_run_lists_what_would_go_and_deletes_nothing(requests):
    output = run_purge("--dry-run")
    assert "3 request(s) finished more than 365 days ago would be deleted" in output
    for name in PURGED:
        assert f"#{requests[name].pk}" in output
    for name in KEPT:
        assert f"#{requests[name].pk}" not in output
    assert "Dana" not in output
    assert Inquiry.objects.count() == 7
    assert not AccessLogEntry.objects.exists()


def test_purge_deletes_requests_finished_long_ago_with_their_notes_and_records_it(requests):
    run_purge()

    remaining = set(Inquiry.objects.values_list("pk", flat=True))
    assert remaining == {requests[name].pk for name in KEPT}
    assert not InquiryNote.objects.exists()
    entry = AccessLogEntry.objects.get()
    assert entry.action == AccessLogEntry.Action.PURGED
    assert entry.username == "system"
    assert entry.inquiry_ids == sorted(requests[name].pk for name in PURGED)


def test_a_request_received_long_ago_but_closed_yesterday_is_kept(requests):
    run_purge()
    assert Inquiry.objects.filter(pk=requests["closed_yesterday"].pk).exists()


def test_retention_period_is_a_setting(requests, settings):
    settings.INQUIRY_RETENTION_DAYS = 7
    run_purge()
    assert not Inquiry.objects.filter(pk=requests["recent_closed"].pk).exists()
    assert Inquiry.objects.filter(pk=requests["closed_yesterday"].pk).exists()


def test_a_request_reopened_after_being_closed_long_ago_is_kept(requests):
    reopened = requests["old_closed"]
    reopened.refresh_from_db()
    reopened.status = Inquiry.Status.CONTACTED
    reopened.save()
    run_purge()
    assert Inquiry.objects.filter(pk=reopened.pk).exists()
