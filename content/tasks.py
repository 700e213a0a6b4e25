"""Background work for medical review, run by the worker (`manage.py db_worker`)."""

import logging

from django_tasks import task

from clinic_site.tasks import retry_later

from .models import Review
from .notifications import send_decision_email, send_review_request_email

logger = logging.getLogger(__name__)


def _send(sending, review_id, attempt, this_task):
    review = Review.objects.filter(pk=review_id).first()
    if review is None:
        return "nothing to send"
    try:
        return "sent" if sending(review) else "no one to tell"
    except Exception as error:
        minutes = retry_later(this_task, attempt, review_id)
        logger.error(
            "Could not send the e-mail about medical review #%s (attempt %s, %s); "
            "trying again in %s minute(s).",
            review_id,
            attempt,
            type(error).__name__,
            minutes,
        )
        return "will try again"


@task()
def notify_reviewers(review_id, attempt=1):
    """Tell the medical reviewers a request waits for them."""
    return _send(send_review_request_email, review_id, attempt, notify_reviewers)


@task()
def notify_decision(review_id, attempt=1):
    """Tell the editor what the reviewer decided."""
    return _send(send_decision_email, review_id, attempt, notify_decision)
