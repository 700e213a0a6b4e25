"""Delete consultation requests that are finished with and past the retention period.

Closed, not-a-fit and spam requests finished more than INQUIRY_RETENTION_DAYS ago are
deleted with their notes. The period counts from when a request was finished, not from
when it arrived, so a request closed yesterday after a long follow-up is kept. The access
log keeps a record (request numbers only) that the purge ran. Run it daily, e.g. from
cron: ``python manage.py purge_inquiries``.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from inquiries.models import AccessLogEntry, Inquiry


class Command(BaseCommand):
    help = (
        "Delete closed, not-a-fit and spam consultation requests finished longer ago than "
        "the retention period."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only say which requests would be deleted.",
        )

    @transaction.atomic
    def handle(self, *args, dry_run=False, **options):
        days = settings.INQUIRY_RETENTION_DAYS
        cutoff = timezone.now() - timedelta(days=days)
        expired = Inquiry.objects.filter(status__in=Inquiry.FINISHED, finished_at__lt=cutoff)
        ids = sorted(expired.values_list("pk", flat=True))
        numbers = ", ".join(f"#{pk}" for pk in ids) or "none"
        which = f"{len(ids)} request(s) finished more than {days} days ago"
        if dry_run:
            self.stdout.write(f"Dry run: {which} would be deleted: {numbers}")
            return
        Inquiry.objects.filter(pk__in=ids).delete()
        AccessLogEntry.record(
            None,
            AccessLogEntry.Action.PURGED,
            ids,
            detail=f"Retention policy: requests finished more than {days} days ago",
        )
        self.stdout.write(f"Deleted {which}: {numbers}")
