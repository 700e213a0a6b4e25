"""Medical sign-off: the only way text reaches readers.

An editor changes a working copy (an article, a page, a glossary term, the self-check
wording: any ``WorkingCopy``) and sends it for review with a note; a medical reviewer
approves it or asks for changes. Approving copies exactly the text that was sent (kept in
the ``Review``) to the live copy (``publish_approved``), with who approved it and when.
Nobody approves a change they made, and content editors cannot approve at all. Every step
is a function here, called by the admin, the sample loader and the tests alike.
"""

from django.db import transaction
from django.utils import timezone

from clinic_site.admin import staff_time

from .models import Article, Review, fingerprint_of, next_review_after
from .tasks import notify_decision, notify_reviewers


class ReviewError(Exception):
    """A review step that is not allowed; the message says why in plain words."""


def can_sign_off(user):
    """Medical reviewers with a reviewer profile (the name readers see) may decide."""
    return (
        user.is_active
        and user.has_perm("content.sign_off")
        and getattr(user, "reviewer_profile", None) is not None
    )


def had_a_hand_in(review, user):
    """Whether ``user`` sent the text under review or changed some of it: then another
    medical reviewer must decide on it."""
    return user.pk is not None and (
        user.pk == review.requested_by_id or user.pk in review.contributors
    )


def may_decide(review, user):
    """Whether ``user`` may approve or ask for changes to ``review`` now. The one rule
    behind the decision itself, the review page's buttons and the staff home list."""
    return (
        review.status == Review.Status.WAITING
        and can_sign_off(user)
        and not had_a_hand_in(review, user)
    )


def record_edit(draft, user):
    """Note that ``user`` changed ``draft``: they may not approve this version. Call
    before saving the draft."""
    if user is not None and user.pk not in draft.contributors:
        draft.contributors = [*draft.contributors, user.pk]
    draft.updated_by = user
    draft.edit_version += 1
    if draft.state == draft.State.APPROVED:
        draft.state = draft.State.EDITING


@transaction.atomic
def submit(draft, user, note="", change_summary=None):
    """Send ``draft`` for medical review and tell the reviewers."""
    draft = type(draft).objects.select_for_update().get(pk=draft.pk)
    if draft.state == draft.State.WAITING:
        raise ReviewError("This is already waiting for medical review.")
    if not draft.has_unapproved_changes():
        raise ReviewError(
            "Nothing has changed since the last approval, so there is nothing to review."
        )
    content = draft.reviewed_content()
    review = Review.objects.create(
        subject=draft,
        content=content,
        fingerprint=fingerprint_of(content),
        editor_note=note or draft.editor_note,
        change_summary=draft.change_summary if change_summary is None else change_summary,
        contributors=list(draft.contributors),
        requested_by=user,
    )
    draft.state = draft.State.WAITING
    draft.save(update_fields=["state"])
    notify_reviewers.enqueue(review.pk)  # in this transaction: sent once it commits
    return review


@transaction.atomic
def withdraw(review, user):
    """The editor takes a waiting request back to change it further."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.status != Review.Status.WAITING:
        raise ReviewError("This request has already been decided.")
    review.status = Review.Status.WITHDRAWN
    review.decided_at = timezone.now()
    review.save(update_fields=["status", "decided_at"])
    draft = review.subject
    draft.state = draft.State.EDITING
    draft.save(update_fields=["state"])


def _decide(review, user, status, comment):
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not may_decide(review, user):
        if review.status != Review.Status.WAITING:
            raise ReviewError("This request has already been decided.")
        if not can_sign_off(user):
            raise ReviewError("Only medical reviewers can decide on a medical review.")
        raise ReviewError(
            "You made or sent some of these changes, so another medical reviewer must "
            "decide on them."
        )
    profile = user.reviewer_profile
    review.status = status
    review.decided_by = user
    review.decided_at = timezone.now()
    review.reviewer_name = profile.name
    review.reviewer_credentials = profile.credentials
    review.comment = comment
    review.save()
    return review


@transaction.atomic
def request_changes(review, user, comment):
    """Send the request back to its editor with what to change."""
    if not comment.strip():
        raise ReviewError("Say what should change, so the editor knows what to do.")
    review = _decide(review, user, Review.Status.CHANGES_REQUESTED, comment.strip())
    draft = review.subject
    draft.state = draft.State.CHANGES_REQUESTED
    draft.save(update_fields=["state"])
    notify_decision.enqueue(review.pk)
    return review


@transaction.atomic
def approve(review, user, comment=""):
    """Approve exactly the text that was sent and put it on the site (at once, or at the
    working copy's publication time for a first publication)."""
    review = _decide(review, user, Review.Status.APPROVED, comment.strip())
    live = publish(review)
    notify_decision.enqueue(review.pk)
    return live


def publish(review):
    """Copy an approved review's text to the live article or page. The one path by which
    text reaches readers (the sample loader uses it too)."""
    if review.status != Review.Status.APPROVED or review.decided_at is None:
        raise ReviewError("Only approved text can be published.")
    draft = type(review.subject).objects.select_for_update().get(pk=review.object_id)
    slug = review.content.get("slug")
    taken_by = slug and draft.address_taken_by(slug)
    if taken_by:
        raise ReviewError(
            f"“{taken_by}” is on the site at this web address ({slug}). Approve its move "
            "first, or ask the editor for another address."
        )
    live = draft.publish_approved(review)
    still_same = fingerprint_of(draft.reviewed_content()) == review.fingerprint
    draft.state = draft.State.APPROVED if still_same else draft.State.EDITING
    draft.contributors = [] if still_same else draft.contributors
    draft.editor_note = "" if still_same else draft.editor_note
    draft.change_summary = "" if still_same else draft.change_summary
    draft.save(update_fields=["state", "contributors", "editor_note", "change_summary"])
    return live


# A role, not a person: clearly marked, and replaced by real sign-offs before launch.
SAMPLE_REVIEWER_NAME = "Medical director (sample content)"


@transaction.atomic
def publish_sample(draft, approved_at=None, change_summary=""):
    """Approve and publish sample content as "sample content": a sign-off that no
    account made, which the site shows as such. For the sample loader only."""
    content = draft.reviewed_content()
    review = Review.objects.create(
        subject=draft,
        content=content,
        fingerprint=fingerprint_of(content),
        change_summary=change_summary,
        status=Review.Status.APPROVED,
        origin=Review.Origin.SAMPLE,
        requested_at=approved_at or timezone.now(),
        decided_at=approved_at or timezone.now(),
        reviewer_name=SAMPLE_REVIEWER_NAME,
        reviewer_credentials="MD",
    )
    return publish(review)


@transaction.atomic
def confirm_still_accurate(live, user, comment=""):
    """A periodic review: a reviewer re-approves the live text unchanged, which moves its
    next review on. Nothing readers see changes but the review date and reviewer."""
    if not can_sign_off(user):
        raise ReviewError("Only medical reviewers can confirm a page is still accurate.")
    live = type(live).objects.select_for_update().get(pk=live.pk)
    draft = live.draft
    content = live.reviewed_content()
    profile = user.reviewer_profile
    review = Review.objects.create(
        subject=draft,
        content=content,
        fingerprint=fingerprint_of(content),
        is_periodic=True,
        status=Review.Status.APPROVED,
        decided_by=user,
        decided_at=timezone.now(),
        reviewer_name=profile.name,
        reviewer_credentials=profile.credentials,
        comment=comment.strip(),
    )
    live.approval = review
    live.next_review_due = next_review_after(review)
    live.save()
    return review


def where_it_stands(live):
    """What approving put on the site, in words for the reviewer and the editor."""
    if isinstance(live, Article) and not live.is_public:
        if live.status == Article.Status.WITHDRAWN:
            return "It stays taken off the site until someone puts it back."
        if live.published_at > timezone.now():
            return f"It goes live {staff_time(live.published_at)}."
        return "It is not on the site: its “take off the site after” time has passed."
    return "It is on the site now."


def take_off_site(article):
    """Hide a live article at once. Removing text needs no review."""
    article.status = Article.Status.WITHDRAWN
    article.save(update_fields=["status", "updated_at"])


def put_back_on_site(article):
    """Show a taken-off article again: the same approved text, so no new review."""
    article.status = Article.Status.PUBLISHED
    article.save(update_fields=["status", "updated_at"])


def remove_glossary_term(term):
    """Take a live glossary term off the site at once: the glossary no longer lists it and
    articles no longer link to it. Removing text needs no review; putting it back does."""
    term.delete()


def apply_schedule(draft):
    """A working copy's publication times apply to its live article at once: they decide
    only when approved text shows, never what it says."""
    article = draft.article
    if article is None:
        return
    article.published_at = draft.published_at or article.published_at
    article.unpublish_at = draft.unpublish_at
    article.save(update_fields=["published_at", "unpublish_at", "updated_at"])
