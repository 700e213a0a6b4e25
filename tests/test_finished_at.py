"""When a consultation request was finished (closed, not a fit or spam) is recorded
whichever way its status changes, and cleared when it is reopened: the retention period
counts from it."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from inquiries.models import Inquiry

from .factories import make_inquiry, make_staff
from .test_consultation_form import URL, form_token, valid_data
from .test_inquiry_admin import LIST, change_form_data, change_url

LONG_AGO = timezone.now() - timedelta(days=90)


@pytest.fixture
def intake(client):
    client.force_login(make_staff("intake", "Intake staff"))
    return client


def finished_at(inquiry):
    return Inquiry.objects.values_list("finished_at", flat=True).get(pk=inquiry.pk)


def just_now(moment):
    return moment is not None and timezone.now() - moment < timedelta(minutes=1)


@pytest.mark.django_db
def test_a_new_request_is_not_finished():
    assert make_inquiry().finished_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["closed", "not_a_fit", "spam"])
def test_closing_in_the_admin_form_records_when_and_reopening_clears_it(intake, status):
    inquiry = make_inquiry()

    intake.post(change_url(inquiry), change_form_data(inquiry, status=status))
    assert just_now(finished_at(inquiry))

    intake.post(change_url(inquiry), change_form_data(inquiry, status="contacted"))
    assert finished_at(inquiry) is None


@pytest.mark.django_db
def test_bulk_actions_record_when_a_request_was_finished(intake):
    first, second = make_inquiry(), make_inquiry(phone="949-555-0111")
    ids = [first.pk, second.pk]

    intake.post(LIST, {"action": "mark_closed", "_selected_action": ids})
    assert all(just_now(finished_at(i)) for i in [first, second])

    intake.post(LIST, {"action": "mark_contacted", "_selected_action": ids})
    assert [finished_at(i) for i in [first, second]] == [None, None]


@pytest.mark.django_db
def test_moving_between_finished_statuses_keeps_the_first_time(intake):
    inquiry = make_inquiry(status=Inquiry.Status.CLOSED)
    Inquiry.objects.filter(pk=inquiry.pk).update(finished_at=LONG_AGO)

    intake.post(
        LIST + "?status=everything", {"action": "mark_spam", "_selected_action": [inquiry.pk]}
    )
    assert finished_at(inquiry) == LONG_AGO

    inquiry.refresh_from_db()
    intake.post(change_url(inquiry), change_form_data(inquiry, status="not_a_fit"))
    assert finished_at(inquiry) == LONG_AGO


@pytest.mark.django_db
def test_a_request_kept_as_spam_by_the_form_is_finished_at_once(client):
    client.post(URL, valid_data(form_token=form_token(age_seconds=0)))
    inquiry = Inquiry.objects.get()
    assert inquiry.status == Inquiry.Status.SPAM
    assert just_now(inquiry.finished_at)


@pytest.mark.django_db
def test_the_database_refuses_a_finished_request_without_a_time():
    inquiry = make_inquiry()
    with pytest.raises(IntegrityError), transaction.atomic():
        Inquiry.objects.filter(pk=inquiry.pk).update(status=Inquiry.Status.CLOSED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Inquiry.objects.filter(pk=inquiry.pk).update(finished_at=timezone.now())


@pytest.mark.django_db(transaction=True)
def test_migration_fills_in_finished_requests_from_their_last_change():
    before = [("inquiries", "0004_access_log_deleted")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        OldInquiry = executor.loader.project_state(before).apps.get_model("inquiries", "Inquiry")
        fields = {
            "first_name": "Dana",
            "last_name": "Rivera",
            "phone": "949-555-0101",
            "preferred_contact": "phone",
            "best_time": "morning",
            "is_adult": True,
            "consented": True,
        }
        closed = OldInquiry.objects.create(status="closed", **fields)
        spam = OldInquiry.objects.create(status="spam", **fields)
        waiting = OldInquiry.objects.create(status="contacted", **fields)
        OldInquiry.objects.filter(pk=closed.pk).update(updated_at=LONG_AGO)

        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

        assert finished_at(closed) == LONG_AGO
        assert finished_at(spam) is not None
        assert finished_at(waiting) is None
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
