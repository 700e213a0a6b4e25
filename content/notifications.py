"""E-mails about medical review: a request tells the reviewers, a decision tells the
editor who sent it. They hold the title, who sent or decided it, the editor's note or the
reviewer's comment, and a staff link (no patient data exists here), and are sent by the
worker (content/tasks.py)."""

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q

from clinic_site.mail import staff_link

from .staff_groups import REVIEWER_GROUP


def reviewer_addresses():
    users = get_user_model().objects.filter(
        Q(groups__name=REVIEWER_GROUP) | Q(is_superuser=True, reviewer_profile__isnull=False),
        is_active=True,
    )
    return sorted({user.email for user in users if user.email})


def send_review_request_email(review):
    """Tell the medical reviewers that ``review`` waits for them. Errors are the caller's."""
    recipients = reviewer_addresses()
    if not recipients:
        return False
    sender = review.requested_by
    name = (
        (sender.get_full_name() or sender.get_username()) if sender else "The sample content loader"
    )
    lines = [
        f"{name} sent “{review.subject_title}” for medical review.",
        "",
        f"What changed and why: {review.editor_note or '(no note)'}",
        "",
        f"Review it here (sign-in required): {staff_link(review.get_admin_url())}",
    ]
    send_mail(f"Medical review needed: {review.subject_title}", "\n".join(lines), None, recipients)
    return True


def send_decision_email(review):
    """Tell the editor who sent ``review`` what the reviewer decided."""
    editor = review.requested_by
    if editor is None or not editor.email:
        return False
    edit_url = review.subject.get_admin_url()
    if review.status == review.Status.APPROVED:
        subject = f"Approved: {review.subject_title}"
        # Imported here: the review module queues these e-mails, so it loads this one.
        from .review import where_it_stands

        live = review.subject.live
        standing = where_it_stands(live) if live else ""
        first = f"{review.reviewed_by} approved “{review.subject_title}”. {standing}".strip()
    else:
        subject = f"Changes requested: {review.subject_title}"
        first = f"{review.reviewed_by} asked for changes to “{review.subject_title}”."
    lines = [first, ""]
    if review.comment:
        lines += [f"Their comment: {review.comment}", ""]
    lines.append(f"Open it here (sign-in required): {staff_link(edit_url)}")
    send_mail(subject, "\n".join(lines), None, [editor.email])
    return True
