from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from inquiries.models import AccessLogEntry, Inquiry, InquiryNote

from .factories import make_inquiry

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests(settings):
    settings.INQUIRY_RETENTION_DAYS = 365
    old = timezone.now() - timedelta(days=400)
    recent = timezone.now() - timedelta(days=30)
    made = {}
    for name, status, received in [
        ("old_closed", Inquiry.Status.CLOSED, old),
        ("old_not_a_fit", Inquiry.Status.NOT_A_FIT, old),
        ("old_spam", Inquiry.Status.SPAM, old),
        ("old_scheduled", Inquiry.Status.SCHEDULED, old),
        ("old_new", Inquiry.Status.NEW, old),
        ("recent_closed", Inquiry.Status.CLOSED, recent),
    ]:
        inquiry = make_inquiry(status=status, phone=f"949-555-01{len(made):02d}")
        Inquiry.objects.filter(pk=inquiry.pk).update(received_at=received)
        made[name] = inquiry
    InquiryNote.objects.create(inquiry=made["old_closed"], text="Closed after two calls")
    return made


def run_purge(*args):
    out = StringIO()
    call_command("purge_inquiries", *args, stdout=out)
    return out.getvalue()


def test_dry_run_lists_what_would_go_and_deletes_nothing(requests):
    output = run_purge("--dry-run")
    assert "3 request(s)" in output
    for name in ["old_closed", "old_not_a_fit", "old_spam"]:
        assert f"#{requests[name].pk}" in output
    assert "Dana" not in output
    assert Inquiry.objects.count() == 6
    assert not AccessLogEntry.objects.exists()


def test_purge_deletes_finished_old_requests_and_their_notes_and_records_it(requests):
    run_purge()

    remaining = set(Inquiry.objects.values_list("pk", flat=True))
    assert remaining == {
        requests[name].pk for name in ["old_scheduled", "old_new", "recent_closed"]
    }
    assert not InquiryNote.objects.exists()
    entry = AccessLogEntry.objects.get()
    assert entry.action == AccessLogEntry.Action.PURGED
    assert entry.username == "system"
    assert entry.inquiry_ids == sorted(
        requests[name].pk for name in ["old_closed", "old_not_a_fit", "old_spam"]
    )


def test_retention_period_is_a_setting(requests, settings):
    settings.INQUIRY_RETENTION_DAYS = 7
    run_purge()
    assert not Inquiry.objects.filter(pk=requests["recent_closed"].pk).exists()
