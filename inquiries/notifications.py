"""The e-mail that tells intake staff a new consultation request has arrived.

It carries no personal data: only the request's number, whether it is urgent, and a
link to the staff site, where reading it needs a sign-in and is logged. It is sent by the
worker (inquiries/tasks.py), never inside the patient's request.
"""

from django.conf import settings
from django.core.mail import send_mail

from clinic_site.mail import staff_link


def send_new_inquiry_email(inquiry):
    """Send the e-mail; False if no address is configured. Errors are the caller's."""
    recipients = settings.INQUIRY_NOTIFY_EMAILS
    if not recipients:
        return False
    urgent = inquiry.is_urgent
    subject = f"{'URGENT: ' if urgent else ''}New consultation request #{inquiry.pk}"
    lines = [
        f"A new consultation request (#{inquiry.pk}) has arrived.",
        "",
        "It is marked urgent: the person may be in crisis. Please contact them first."
        if urgent
        else "It is not marked urgent.",
        "",
        f"Open it in the staff site (sign-in required): {staff_link(inquiry.get_admin_url())}",
    ]
    send_mail(subject, "\n".join(lines), None, recipients)
    return True
