"""Queue again the e-mail to intake staff for any request whose e-mail was lost.

A request's e-mail is queued with it and retried until the mail server takes it, so it is
normally never lost. It can be when the worker dies in the middle of sending (the task
stays "running" for ever) or the database drops under the worker (the task fails before
it can queue its next try). This finds new requests (and urgent ones taken for spam)
whose e-mail has not gone out after ``--after`` minutes and that have no e-mail waiting,
and queues it again (only when INQUIRY_NOTIFY_EMAILS is set: without it no e-mail is
sent at all). Sending twice is harmless: the task sends only while the request is still
untold. Run it every 10 minutes, e.g. from cron:
``*/10 * * * * python manage.py requeue_notifications``.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from inquiries.models import Inquiry
from inquiries.tasks import notify_new_inquiry

# A send takes seconds (EMAIL_TIMEOUT); a task "running" for longer than this has died.
STALE_AFTER = timedelta(minutes=15)


def waiting_notifications(now):
    """The request numbers that have an e-mail queued or being sent right now."""
    tasks = DBTaskResult.objects.filter(task_path=notify_new_inquiry.module_path).filter(
        Q(status=TaskResultStatus.READY)
        | Q(status=TaskResultStatus.RUNNING, started_at__gte=now - STALE_AFTER)
    )
    return {task.args_kwargs["args"][0] for task in tasks.only("args_kwargs")}


class Command(BaseCommand):
    help = "Queue again the e-mail to intake staff for requests whose e-mail was lost."

    def add_arguments(self, parser):
        parser.add_argument(
            "--after",
            type=int,
            default=10,
            help="Minutes a request may wait for its e-mail before it counts as lost.",
        )

    def handle(self, *args, after=10, **options):
        if not settings.INQUIRY_NOTIFY_EMAILS:
            self.stdout.write("No intake address is set (INQUIRY_NOTIFY_EMAILS): nothing to do.")
            return
        now = timezone.now()
        # The requests staff are told about (not spam, unless urgent) while nobody has
        # picked them up yet.
        untold = Inquiry.objects.filter(
            Q(status=Inquiry.Status.NEW) | Q(status=Inquiry.Status.SPAM, is_urgent=True),
            notified_at__isnull=True,
            received_at__lt=now - timedelta(minutes=after),
        )
        waiting = waiting_notifications(now)
        lost = [pk for pk in untold.values_list("pk", flat=True) if pk not in waiting]
        for pk in lost:
            notify_new_inquiry.enqueue(pk)
        numbers = ", ".join(f"#{pk}" for pk in lost) or "none"
        self.stdout.write(f"E-mails queued again for {len(lost)} request(s): {numbers}.")
