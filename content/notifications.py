"""E-mails about medical review: a request tells the reviewers, a decision tells the
editor who sent it. They hold the title and a staff link only (no patient data exists
here), and are sent after the change is committed."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q

from .staff_groups import REVIEWER_GROUP

logger = logging.getLogger(__name__)


def _staff_link(path):
    return f"{settings.SITE_URL.rstrip('/')}{path}" if settings.SITE_URL else path


def _send(subject, lines, recipients, review_id):
    if not recipients:
        return
    try:
        send_mail(subject, "\n".join(lines), None, recipients)
    except Exception as error:
        logger.error(
            "Could not send the e-mail about medical review #%s (%s).",
            review_id,
            type(error).__name__,
        )


def reviewer_addresses():
    users = get_user_model().objects.filter(
        Q(groups__name=REVIEWER_GROUP) | Q(is_superuser=True, reviewer_profile__isnull=False),
        is_active=True,
    )
    return sorted({user.email for user in users if user.email})


def notify_reviewers(review_id):
    from .models import Review

    review = Review.objects.select_related("requested_by").get(pk=review_id)
    sender = (
        (review.requested_by.get_full_name() or review.requested_by.get_username())
        if review.requested_by
        else "The sample content loader"
    )
    lines = [
        f"{sender} sent “{review.subject_title}” for medical review.",
        "",
        f"What changed and why: {review.editor_note or '(no note)'}",
        "",
        f"Review it here (sign-in required): {_staff_link(review.get_admin_url())}",
    ]
    _send(
        f"Medical review needed: {review.subject_title}",
        lines,
        reviewer_addresses(),
        review_id,
    )


def notify_decision(review_id):
    from .models import Review

    review = Review.objects.select_related("requested_by").get(pk=review_id)
    editor = review.requested_by
    if editor is None or not editor.email:
        return
    edit_url = review.subject.get_admin_url()
    if review.status == Review.Status.APPROVED:
        subject = f"Approved: {review.subject_title}"
        first = f"{review.reviewed_by} approved “{review.subject_title}”. It is on the site."
    else:
        subject = f"Changes requested: {review.subject_title}"
        first = f"{review.reviewed_by} asked for changes to “{review.subject_title}”."
    lines = [first, ""]
    if review.comment:
        lines += [f"Their comment: {review.comment}", ""]
    lines.append(f"Open it here (sign-in required): {_staff_link(edit_url)}")
    _send(subject, lines, [editor.email], review_id)
