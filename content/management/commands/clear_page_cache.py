"""Forget every cached public page, so the next reader of each gets a fresh one.

Changes to content clear the page cache by themselves; a deploy does not. Run this after
each deploy (new templates, a changed CLINIC_* value such as the phone number), so no
reader is shown the old page while it waits to expire.
"""

from django.core.management.base import BaseCommand

from content.page_cache import content_changed


class Command(BaseCommand):
    help = "Forget every cached public page (run after each deploy)."

    def handle(self, *args, **options):
        content_changed()
        self.stdout.write("Cached public pages forgotten.")
