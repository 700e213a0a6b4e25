"""Trying background work again until it succeeds.

Work that talks to the outside (e-mail) runs in the worker (`manage.py db_worker`), never
in a patient's request. When it fails it is queued again after a growing pause, without
end: an e-mail about a consultation request is never dropped, only delayed.
"""

import logging
from datetime import timedelta

from django.utils import timezone

logger = logging.getLogger(__name__)

# Minutes before attempt 2, 3, 4, ...; the last pause repeats.
RETRY_PAUSES = [1, 2, 5, 10, 30, 60]


def retry_later(task, attempt, *args):
    """Queue ``task(*args, attempt=attempt + 1)`` after the pause for ``attempt``."""
    minutes = RETRY_PAUSES[min(attempt - 1, len(RETRY_PAUSES) - 1)]
    task.using(run_after=timezone.now() + timedelta(minutes=minutes)).enqueue(
        *args, attempt=attempt + 1
    )
    return minutes
