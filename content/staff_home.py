"""What the staff home shows editors and medical reviewers: the work waiting for them."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from clinic_site.admin import staff_time

from .models import Article, ArticleDraft, Review, working_copy_models
from .review import can_sign_off, may_decide

SHOWN = 8  # items per box; the rest are behind the box's link


def _draft_url(draft):
    return draft.get_admin_url()


def _drafts(state):
    """Working copies of every kind (articles, pages, glossary terms, ...) in ``state``,
    most recently saved first."""
    drafts = [
        draft
        for model in working_copy_models()
        for draft in model.objects.filter(state=state).order_by("-updated_at")[:SHOWN]
    ]
    return sorted(drafts, key=lambda draft: draft.updated_at, reverse=True)


def editor_panels(user):
    if not user.has_perm("content.change_articledraft"):
        return []
    changes = _drafts(ArticleDraft.State.CHANGES_REQUESTED)
    waiting = _drafts(ArticleDraft.State.WAITING)
    editing = _drafts(ArticleDraft.State.EDITING)
    scheduled = Article.objects.on_the_schedule().filter(published_at__gt=timezone.now())
    return [
        {
            "title": "Changes requested by a medical reviewer",
            "attention": bool(changes),
            "items": [
                {"label": str(draft), "url": _draft_url(draft), "detail": "Open to see the comment"}
                for draft in changes[:SHOWN]
            ],
            "empty": "No changes requested.",
        },
        {
            "title": "Not yet sent for medical review",
            "items": [
                {
                    "label": str(draft),
                    "url": _draft_url(draft),
                    "detail": f"Saved {staff_time(draft.updated_at)}",
                }
                for draft in editing[:SHOWN]
            ],
            "empty": "Nothing unsent.",
        },
        {
            "title": "Waiting for medical review",
            "items": [{"label": str(draft), "url": _draft_url(draft)} for draft in waiting[:SHOWN]],
            "empty": "Nothing waiting.",
        },
        {
            "title": "Scheduled to go live",
            "items": [
                {
                    "label": article.title,
                    "url": _draft_url(article.draft),
                    "detail": f"Goes live {staff_time(article.published_at)}",
                }
                for article in scheduled.select_related("draft")[:SHOWN]
            ],
            "empty": "Nothing scheduled.",
        },
    ]


def reviewer_panels(user):
    if not can_sign_off(user):
        return []
    waiting = [
        review
        for review in Review.objects.filter(status=Review.Status.WAITING).order_by("requested_at")
        if may_decide(review, user)
    ]
    today = timezone.localdate()
    due = sorted(
        [
            live
            for model in working_copy_models()
            for live in (
                model.live_model().objects.review_overdue()
                | model.live_model().objects.review_due_soon()
            ).select_related("draft")
        ],
        key=lambda live: live.next_review_due,
    )

    def periodic_url(live):
        kind = live._meta.model_name
        return reverse("admin:content_review_periodic", args=[kind, live.draft.pk])

    return [
        {
            "title": "Waiting for your medical review",
            "attention": bool(waiting),
            "items": [
                {
                    "label": review.subject_title,
                    "url": review.get_admin_url(),
                    "detail": f"Sent {staff_time(review.requested_at)}",
                }
                for review in waiting[:SHOWN]
            ],
            "empty": "Nothing waits for your review.",
        },
        {
            "title": "Periodic reviews due or overdue",
            "attention": any(live.next_review_due < today for live in due),
            "items": [
                {
                    "label": str(live),
                    "url": periodic_url(live),
                    "detail": ("Overdue since " if live.next_review_due < today else "Due ")
                    + date_format(live.next_review_due, "D j M Y"),
                    "urgent": live.next_review_due < today,
                }
                for live in due[:SHOWN]
            ],
            "empty": "No review is due in the next weeks.",
        },
    ]
