"""The self-checks' wording as medically reviewed content.

All the words around the questions (``texts.py``: introductions, what each band means,
next steps, the crisis block's words) are one reviewed unit, "Self-check wording", which
goes through the same sign-off as an article (``content/review.py``): a live copy the
pages show (``SelfCheckWording``) that only an approval writes, and the editors' working
copy (``SelfCheckWordingDraft``). The questions themselves are fixed in
``instruments.py`` and are not part of it.
"""

import logging

from django.contrib.contenttypes.fields import GenericRelation
from django.db import DatabaseError, models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from content.models import LiveCopy, ReviewDueQuerySet, WorkingCopy, next_review_after

from .texts import LABELS, TEXTS

logger = logging.getLogger(__name__)

WORDING_TITLE = "Self-check wording"


class WordingContent(models.Model):
    """What readers see of the self-check wording: shared by the live wording and its
    working copy."""

    texts = models.JSONField("texts", default=dict, help_text="Each text, by its name.")
    # There is one set of wording: this field is True on the one row, and unique.
    singleton = models.BooleanField(default=True, editable=False, unique=True)

    REVIEWED_FIELDS = ["texts"]

    class Meta:
        abstract = True

    def __str__(self):
        return WORDING_TITLE

    def get_absolute_url(self):
        return reverse("selfcheck:overview")

    def reviewed_content(self):
        return {"texts": dict(self.texts)}


class WordingQuerySet(ReviewDueQuerySet):
    def shown_texts(self):
        """The words the self-check pages show, by name: the approved wording, and the
        built-in wording (``texts.TEXTS``) for any text it lacks, or for all of them
        before the first approval or when the database cannot be read. One query."""
        try:
            wording = self.select_related("approval").first()
        except DatabaseError as error:
            logger.warning(
                "Could not read the self-check wording (%s); showing the built-in wording.",
                type(error).__name__,
            )
            return dict(TEXTS)
        if wording is None:
            return dict(TEXTS)
        if not wording.matches_approval():
            logger.error("The self-check wording differs from its approval; not shown.")
            return dict(TEXTS)
        return TEXTS | {name: wording.texts[name] for name in TEXTS if wording.texts.get(name)}


class SelfCheckWording(LiveCopy, WordingContent):
    """The live self-check wording: what the self-check pages show. Written only by an
    approval."""

    objects = WordingQuerySet.as_manager()

    class Meta:
        verbose_name = "live self-check wording"
        verbose_name_plural = "live self-check wording"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(singleton=True), name="one_live_selfcheck_wording")
        ]


class SelfCheckWordingDraft(WorkingCopy, WordingContent):
    """The editors' working copy of the self-check wording."""

    wording = models.OneToOneField(
        SelfCheckWording,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="draft",
        verbose_name="live wording",
        editable=False,
    )
    reviews = GenericRelation("content.Review")

    LIVE_FIELD = "wording"

    history = HistoricalRecords(
        excluded_fields=["state", "edit_version", "contributors", "updated_at", "wording"]
    )

    class Meta:
        verbose_name = "self-check wording"
        verbose_name_plural = "self-check wording"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(singleton=True), name="one_selfcheck_wording")
        ]

    @classmethod
    def title_from(cls, content):
        return WORDING_TITLE

    @classmethod
    def readable_parts(cls, content):
        """One part per text, labelled as staff see it ("Result, depression, mild")."""
        texts = content.get("texts") or {}
        names = [*TEXTS, *(name for name in texts if name not in TEXTS)]
        return {LABELS.get(name, name): texts[name] for name in names if name in texts}

    def publish_approved(self, review):
        wording = self.wording or SelfCheckWording()
        wording.texts = review.content["texts"]
        wording.approval = review
        wording.next_review_due = next_review_after(review)
        wording.save()
        if self.wording_id is None:
            self.wording = wording
            self.save(update_fields=["wording"])
        return wording
