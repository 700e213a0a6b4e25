"""The e-mail that tells intake staff a new consultation request has arrived.

It carries no personal data: only the request's number, whether it is urgent, and a
link to the staff site, where reading it needs a sign-in and is logged.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail

logger = logging.getLogger(__name__)


def notify_new_inquiry(inquiry_id, urgent, admin_url):
    recipients = settings.INQUIRY_NOTIFY_EMAILS
    if not recipients:
        return
    subject = f"{'URGENT: ' if urgent else ''}New consultation request #{inquiry_id}"
    lines = [
        f"A new consultation request (#{inquiry_id}) has arrived.",
        "",
        "It is marked urgent: the message mentions a crisis. Please contact this person first."
        if urgent
        else "It is not marked urgent.",
        "",
        f"Open it in the staff site (sign-in required): {admin_url}",
    ]
    try:
        send_mail(subject, "\n".join(lines), None, recipients)
    except Exception as error:
        # The request is already stored; say only which one was not announced.
        logger.error(
            "Could not send the notification for consultation request #%s (%s).",
            inquiry_id,
            type(error).__name__,
        )
