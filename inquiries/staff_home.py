"""What the staff home shows intake staff: urgent, overdue and today's requests. It
names requests by number only, so opening the home page reads no patient's details."""

from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince

from clinic_site.admin import staff_time

from .models import Inquiry

SHOWN = 8


def intake_panels(user):
    if not user.has_perm("inquiries.view_inquiry"):
        return []
    queue = reverse("admin:inquiries_inquiry_changelist")
    # Urgent and not yet contacted, whatever the spam check guessed.
    urgent = Inquiry.objects.filter(
        is_urgent=True, status__in=[Inquiry.Status.NEW, Inquiry.Status.SPAM]
    ).order_by("received_at")
    unannounced = Inquiry.objects.urgent_unannounced().order_by("received_at")
    overdue = Inquiry.objects.overdue()
    today_start = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    today = Inquiry.objects.filter(received_at__gte=today_start).exclude(status=Inquiry.Status.SPAM)

    def item(inquiry, **extra):
        received = timezone.localtime(inquiry.received_at)
        return {
            "label": f"Request #{inquiry.pk}",
            "url": inquiry.get_admin_url(),
            "detail": f"Received {staff_time(received)} ({timesince(inquiry.received_at)} ago)",
            **extra,
        }

    return [
        *(
            [
                {
                    "title": "Urgent: the e-mail could not be sent",
                    "attention": True,
                    "lead": "The e-mail about these urgent requests has not gone out. "
                    "Open each one and phone the person now.",
                    "items": [item(inquiry, urgent=True) for inquiry in unannounced[:SHOWN]],
                    "empty": "",
                }
            ]
            if unannounced
            else []
        ),
        {
            "title": "Urgent requests not yet contacted",
            "attention": urgent.exists(),
            "lead": "Phone these people first: their message or self-check points to a crisis.",
            "items": [item(inquiry, urgent=True) for inquiry in urgent[:SHOWN]],
            "empty": "No urgent request is waiting.",
        },
        {
            "title": "Overdue: new for more than one business day",
            "attention": overdue.exists(),
            "items": [item(inquiry) for inquiry in overdue.order_by("received_at")[:SHOWN]],
            "empty": "Nothing is overdue.",
            "more_url": f"{queue}?overdue=yes",
            "more_label": "All overdue requests",
        },
        {
            "title": "Received today",
            "items": [item(inquiry) for inquiry in today.order_by("-received_at")[:SHOWN]],
            "empty": "No request yet today.",
            "more_url": queue,
            "more_label": "The whole queue",
        },
    ]
