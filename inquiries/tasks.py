"""Background work for consultation requests, run by the worker (`manage.py db_worker`)."""

import logging

from django.utils import timezone
from django_tasks import task

from clinic_site.tasks import retry_later

from .models import Inquiry
from .notifications import send_new_inquiry_email

logger = logging.getLogger(__name__)


@task()
def notify_new_inquiry(inquiry_id, attempt=1):
    """Tell intake staff that request #``inquiry_id`` arrived, once. If the mail server
    fails, try again later, for as long as it takes."""
    inquiry = Inquiry.objects.filter(pk=inquiry_id).first()
    if inquiry is None or inquiry.notified_at is not None:
        return "nothing to send"
    try:
        sent = send_new_inquiry_email(inquiry)
    except Exception as error:
        minutes = retry_later(notify_new_inquiry, attempt, inquiry_id)
        # Which request, never anything the patient typed.
        logger.error(
            "Could not send the e-mail about consultation request #%s (attempt %s, %s); "
            "trying again in %s minute(s).",
            inquiry_id,
            attempt,
            type(error).__name__,
            minutes,
        )
        return "will try again"
    if sent:
        Inquiry.objects.filter(pk=inquiry_id).update(notified_at=timezone.now())
    return "sent" if sent else "no one to tell"
