"""Topics, articles, the site's information pages and the glossary.

Every text a reader sees exists twice:

- the **live** copy (``Article``, ``Page``, ``GlossaryTerm``, and the self-check wording
  in ``selfcheck/models.py``), which the public site shows, based on ``LiveCopy``, and
- the editors' **working copy** (``ArticleDraft``, ``PageDraft``, ``GlossaryTermDraft``,
  ...), based on ``WorkingCopy``, which they change in the admin as often as they like.

A working copy reaches the live copy only through a medical reviewer's approval
(``content/review.py``). The approval (a ``Review``) keeps exactly the text that was
approved and its fingerprint, and a live row refuses to be saved with any other text: the
"Medically reviewed by" line always names the person who approved what is shown.
"""

import calendar
import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django_prose_editor.fields import ProseEditorField
from simple_history.models import HistoricalRecords

from .images import delete_if_unused, image_sources, make_renditions
from .sanitize import EDITOR_EXTENSIONS, clean_html, html_to_text

REVIEW_INTERVAL_MONTHS = 12
REVIEW_DUE_SOON_DAYS = 30
# Room for a change note that lists several corrections in one plain sentence.
CHANGE_SUMMARY_MAX_LENGTH = 400


def months_later(day, months):
    """The same day ``months`` later (the month's last day when it has no such day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def fingerprint_of(content):
    """A SHA-256 fingerprint of reviewed content (a dict of plain values)."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class Topic(models.Model):
    """A subject that groups articles, such as "The science" or "Safety"."""

    name = models.CharField("name", max_length=80, unique=True)
    slug = models.SlugField(
        "web address",
        max_length=80,
        unique=True,
        help_text="The end of the topic's web address. Filled in from the name.",
    )
    description = models.CharField(
        "short description",
        max_length=300,
        help_text="One or two plain sentences shown on the topic's page and the home page.",
    )
    order = models.PositiveSmallIntegerField(
        "order", default=0, help_text="Topics with lower numbers are listed first."
    )

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("content:topic", args=[self.slug])


def weighted_search_vector():
    """PostgreSQL full-text vector of an article: title weighs most, then summary, body."""
    return (
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("search_text", weight="C", config="english")
    )


class Reviewer(models.Model):
    """A clinician who checks articles and pages for medical accuracy: the name and
    credentials readers see, and the staff account that signs off."""

    name = models.CharField(
        "name", max_length=120, help_text='As readers should see it, e.g. "Dr. Alex Moreno".'
    )
    credentials = models.CharField(
        "credentials",
        max_length=120,
        help_text='Degrees and specialty as readers should see them, e.g. "MD, psychiatrist".',
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewer_profile",
        verbose_name="staff account",
        help_text='The account this reviewer signs in with. It must be in the "Medical '
        'reviewers" group to approve changes.',
    )

    class Meta:
        verbose_name = "medical reviewer"
        verbose_name_plural = "medical reviewers"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "credentials"], name="unique_reviewer")
        ]

    def __str__(self):
        return f"{self.name}, {self.credentials}"


class RegulatoryStatus(models.TextChoices):
    """What the FDA has said about the treatment an article describes."""

    FDA_APPROVED = "fda-approved", "FDA approved (esketamine nasal spray, under a safety program)"
    OFF_LABEL = "off-label", "Used off-label (IV ketamine)"
    NOT_APPROVED = "not-approved", "Not FDA approved (compounded or at-home products)"


# Where readers find each regulatory status explained in plain words: its glossary entry.
REGULATORY_STATUS_GLOSSARY = {
    RegulatoryStatus.FDA_APPROVED: "fda-approved",
    RegulatoryStatus.OFF_LABEL: "off-label",
    RegulatoryStatus.NOT_APPROVED: "compounded",
}


@dataclass(frozen=True)
class Citation:
    """One numbered source under an article, as readers see it."""

    title: str
    authors: str = ""
    source: str = ""
    year: int | None = None
    url: str = ""
    doi: str = ""
    pubmed_id: str = ""

    @property
    def link(self):
        """Where the title links to: the web address, else the DOI, else PubMed."""
        if self.url:
            return self.url
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pubmed_id:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pubmed_id}/"
        return ""

    def as_dict(self):
        return {
            "authors": self.authors,
            "title": self.title,
            "source": self.source,
            "year": self.year,
            "url": self.url,
            "doi": self.doi,
            "pubmed_id": self.pubmed_id,
        }


class ArticleContent(models.Model):
    """What readers see of an article: shared by the live article and its working copy."""

    title = models.CharField("title", max_length=200)
    slug = models.SlugField(
        "web address",
        max_length=200,
        unique=True,
        help_text="The end of the article's web address. Filled in from the title; "
        "changing it later keeps the old address working.",
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        verbose_name="topic",
    )
    summary = models.CharField(
        "summary",
        max_length=300,
        help_text="One or two plain sentences (no formatting, at most 300 characters). "
        "Shown in article lists and used by search engines.",
    )
    body = ProseEditorField(
        "article text",
        extensions=EDITOR_EXTENSIONS,
        help_text="Use headings to break up the text. Formatting outside the toolbar "
        "is removed when you save.",
    )
    regulatory_status = models.CharField(
        "FDA status",
        max_length=20,
        choices=RegulatoryStatus.choices,
        blank=True,
        help_text="For an article about one treatment: shown near the title, with a link "
        "to a plain explanation. Leave empty for other articles.",
    )
    featured_image = models.ImageField(
        "featured image",
        upload_to="articles/%Y/%m/",
        blank=True,
        help_text="Optional picture shown at the top of the article.",
    )
    featured_image_alt = models.CharField(
        "image description (alt text)",
        max_length=250,
        blank=True,
        help_text="Required with an image: describe what the picture shows for people "
        "who cannot see it.",
    )
    author_name = models.CharField(
        "author",
        max_length=120,
        blank=True,
        help_text="The writer's name as readers should see it.",
    )
    author_credentials = models.CharField(
        "author's credentials", max_length=120, blank=True, help_text='For example "RN".'
    )
    seo_title = models.CharField(
        "search engine title",
        max_length=70,
        blank=True,
        help_text="Optional. Replaces the title in search results and shared links.",
    )
    seo_description = models.CharField(
        "search engine description",
        max_length=160,
        blank=True,
        help_text="Optional. Replaces the summary in search results and shared links.",
    )
    published_at = models.DateTimeField(
        "publication time",
        null=True,
        blank=True,
        help_text="When the article first appears on the site. Left empty, it appears as "
        "soon as a medical reviewer approves it.",
    )
    unpublish_at = models.DateTimeField(
        "take off the site after",
        null=True,
        blank=True,
        help_text="Optional. After this time the article is hidden again.",
    )

    # The fields a medical reviewer approves, with the references: any change to one of
    # them needs a new approval before readers see it.
    REVIEWED_FIELDS = [
        "title",
        "slug",
        "topic",
        "summary",
        "body",
        "regulatory_status",
        "featured_image",
        "featured_image_alt",
        "author_name",
        "author_credentials",
        "seo_title",
        "seo_description",
    ]

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("content:article", args=[self.slug])

    @property
    def meta_title(self):
        return self.seo_title or self.title

    @property
    def regulatory_status_explained_at(self):
        """The address of the plain explanation of the article's regulatory status."""
        slug = REGULATORY_STATUS_GLOSSARY.get(self.regulatory_status)
        return f"{reverse('content:glossary')}#{slug}" if slug else ""

    @property
    def meta_description(self):
        return self.seo_description or self.summary

    def image_sources(self):
        return image_sources(self)

    def reviewed_content(self):
        """Exactly what a reviewer approves, as plain values (see ``fingerprint_of``)."""
        content = {name: self.reviewed_value(name) for name in self.REVIEWED_FIELDS}
        content["references"] = [citation.as_dict() for citation in self.citations()]
        return content

    def reviewed_value(self, name):
        if name == "topic":
            return self.topic_id
        if name == "featured_image":
            return self.featured_image.name or ""
        return getattr(self, name)

    def citations(self):
        raise NotImplementedError

    def clean(self):
        errors = {}
        if self.featured_image and not self.featured_image_alt.strip():
            errors["featured_image_alt"] = ValidationError(
                "Describe the featured image in the alt text field.", code="needs_alt_text"
            )
        if self.unpublish_at and self.published_at and self.unpublish_at <= self.published_at:
            errors["unpublish_at"] = ValidationError(
                "Choose a time after the publication time.", code="unpublish_before_publish"
            )
        if errors:
            raise ValidationError(errors)


def live_now(now=None, prefix=""):
    """The one rule for "readers can see this article now": approved and on the site,
    its publication time come, and its "take off the site after" time not yet passed.
    Decided at request time, so scheduling needs no background job. ``prefix`` asks it of
    a related article (e.g. "article__" from a working copy)."""
    now = now or timezone.now()
    return Q(**{f"{prefix}status": Article.Status.PUBLISHED, f"{prefix}published_at__lte": now}) & (
        Q(**{f"{prefix}unpublish_at__isnull": True}) | Q(**{f"{prefix}unpublish_at__gt": now})
    )


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles the public may read now (see ``live_now``)."""
        return self.filter(live_now())

    def on_the_schedule(self):
        """Articles whose visibility depends only on the clock from now on."""
        return self.filter(status=Article.Status.PUBLISHED)


class ReviewDueQuerySet(models.QuerySet):
    """Shared by live articles and pages: when their next medical review falls due."""

    def review_overdue(self, today=None):
        """Whose next medical review date has passed."""
        return self.filter(next_review_due__lt=today or timezone.localdate())

    def review_due_soon(self, today=None):
        """Whose next medical review is due within REVIEW_DUE_SOON_DAYS."""
        today = today or timezone.localdate()
        return self.filter(
            next_review_due__gte=today,
            next_review_due__lte=today + timedelta(days=REVIEW_DUE_SOON_DAYS),
        )


class LiveArticleQuerySet(ArticleQuerySet, ReviewDueQuerySet):
    pass


class UnapprovedContent(Exception):
    """A live article or page was about to show text that no reviewer approved."""


class LiveCopy(models.Model):
    """What live articles and pages share: the approval that names their text, and the
    guard that refuses any other text."""

    approval = models.ForeignKey(
        "content.Review",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="medical sign-off",
        help_text="The reviewer's approval of exactly the text shown.",
    )
    next_review_due = models.DateField(
        "next review due",
        null=True,
        blank=True,
        help_text=f"Set to {REVIEW_INTERVAL_MONTHS} months after each approval.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # A save that touches only what is not reviewed (on the site or not, its times,
        # the next review date) needs no check: taking text down must always work.
        update_fields = kwargs.get("update_fields")
        reviewed = {*self.REVIEWED_FIELDS, "references", "approval"}
        if update_fields is None or set(update_fields) & reviewed:
            self.check_approval()
        super().save(*args, **kwargs)

    def check_approval(self):
        """Refuse to save text that differs from what the approval names."""
        if self.approval_id is None or not self.matches_approval():
            raise UnapprovedContent(
                f"{self._meta.verbose_name.capitalize()} “{self}” may only show text a "
                "medical reviewer approved: change its working copy and send it for review."
            )

    def matches_approval(self):
        return fingerprint_of(self.reviewed_content()) == self.approval.fingerprint

    @property
    def last_reviewed(self):
        return timezone.localdate(self.approval.decided_at)


class Article(LiveCopy, ArticleContent):
    """The live copy of an article: what the public site shows. Written only by an
    approval (``content/review.py``), never edited directly."""

    class Status(models.TextChoices):
        PUBLISHED = "published", "On the site"
        WITHDRAWN = "withdrawn", "Taken off the site"

    status = models.CharField(
        "on the site",
        max_length=10,
        choices=Status.choices,
        default=Status.PUBLISHED,
        help_text="Taking an article off the site works at once and needs no review.",
    )
    references = models.JSONField("references", default=list, blank=True)
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("last updated", auto_now=True)
    # Kept up to date on save, for search: the body's words without markup, and on
    # PostgreSQL the weighted search vector (title > summary > body).
    search_text = models.TextField(editable=False, default="")
    search_vector = SearchVectorField(null=True, editable=False)
    # The image sizes made when the featured image was approved (see content/images.py).
    image_renditions = models.JSONField(default=dict, editable=False)

    objects = LiveArticleQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["search_text", "search_vector", "image_renditions", "updated_at"]
    )

    class Meta:
        verbose_name = "live article"
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(featured_image="") | ~Q(featured_image_alt=""),
                name="article_image_has_alt_text",
                violation_error_message="Describe the featured image in the alt text field.",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=False),
                name="live_article_has_publication_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_visible_idx"),
            models.Index(fields=["next_review_due"], name="article_review_due_idx"),
        ]

    def save(self, *args, **kwargs):
        # The text is exactly what was approved, cleaned when its working copy was saved:
        # it is never cleaned again here (a changed byte would no longer match).
        self.search_text = html_to_text(self.body)
        with transaction.atomic():
            self.keep_old_address()
            super().save(*args, **kwargs)
            if connection.vendor == "postgresql":
                Article.objects.filter(pk=self.pk).update(search_vector=weighted_search_vector())

    def citations(self):
        return [Citation(**reference) for reference in self.references]

    @property
    def is_public(self):
        """Whether readers can see the article right now (``live_now``, read from the
        database)."""
        return Article.objects.published().filter(pk=self.pk).exists()

    def keep_old_address(self):
        """When a live article's slug changes, its old address redirects to the new."""
        # An address in use by an article is no longer a redirect.
        ArticleRedirect.objects.filter(old_slug=self.slug).delete()
        if self.pk is None:
            return
        before = Article.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
        if before and before != self.slug:
            ArticleRedirect.objects.update_or_create(old_slug=before, defaults={"article": self})

    def related_articles(self, limit=3):
        """Other published articles on the same topic, newest first."""
        return (
            Article.objects.published()
            .filter(topic_id=self.topic_id)
            .exclude(pk=self.pk)
            .select_related("topic")[:limit]
        )

    def change_log(self):
        """The approved changes readers are told about, newest first."""
        return (
            Review.objects.filter(
                article_draft__article=self,
                status=Review.Status.APPROVED,
                decided_at__isnull=False,
            )
            .exclude(change_summary="")
            .order_by("-decided_at")
        )


def readable_value(field, value):
    """A reviewed field's value as a person reads it: words without markup, the name of
    a related row, the label of a choice."""
    if value in (None, ""):
        return ""
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else ""
    if isinstance(field, ProseEditorField):
        return html_to_text(value, with_links=True)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def working_copy_models():
    """Every kind of working copy (articles, pages, and any other reviewed text)."""
    return [model for model in apps.get_models() if issubclass(model, WorkingCopy)]


class WorkingCopy(models.Model):
    """What working copies of articles and pages share: where they are in the review, and
    what lets two people edit without overwriting each other."""

    class State(models.TextChoices):
        EDITING = "editing", "Being edited"
        WAITING = "waiting", "Waiting for medical review"
        CHANGES_REQUESTED = "changes", "Changes requested"
        APPROVED = "approved", "Approved"

    state = models.CharField(
        "medical review", max_length=10, choices=State.choices, default=State.EDITING
    )
    editor_note = models.TextField(
        "what changed and why (for the reviewer)",
        blank=True,
        help_text="Tell the medical reviewer what you changed and why. Only staff see this.",
    )
    change_summary = models.CharField(
        "change note for readers",
        max_length=CHANGE_SUMMARY_MAX_LENGTH,
        blank=True,
        help_text='One plain line shown under "Changes to this page" once approved, e.g. '
        '"Added that staff check oxygen levels." Leave empty for small fixes such as a typo.',
    )
    # Counts saves, so a second person's save of an older copy is refused, not merged.
    edit_version = models.PositiveIntegerField(default=0, editable=False)
    # Who changed this copy since it was last approved: none of them may approve it.
    contributors = models.JSONField(default=list, editable=False)
    updated_at = models.DateTimeField("last saved", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="last saved by",
        editable=False,
    )

    # The name of the one-to-one field that points at the live copy.
    LIVE_FIELD = ""

    class Meta:
        abstract = True

    @property
    def live(self):
        """The live copy readers see, or None before the first approval."""
        return getattr(self, self.LIVE_FIELD)

    @classmethod
    def live_model(cls):
        return cls._meta.get_field(cls.LIVE_FIELD).related_model

    @classmethod
    def title_from(cls, content):
        """The name staff know a version by, from its reviewed content."""
        return content.get("title", "")

    @classmethod
    def readable_parts(cls, content):
        """A version's reviewed content (``reviewed_content()`` or a review's ``content``)
        as plain words, {label: words}, one part per reviewed field: what the word-level
        comparisons (content/diff.py) and the claims check (content/claims.py) read."""
        return {
            str(cls._meta.get_field(name).verbose_name): readable_value(
                cls._meta.get_field(name), content.get(name)
            )
            for name in cls.REVIEWED_FIELDS
        }

    def get_admin_url(self):
        return reverse(
            f"admin:{self._meta.app_label}_{self._meta.model_name}_change", args=[self.pk]
        )

    def has_unapproved_changes(self):
        """Whether this copy differs from the text readers see now (or nothing is live)."""
        live = self.live
        return live is None or fingerprint_of(self.reviewed_content()) != live.approval.fingerprint

    def waiting_review(self):
        return self.reviews.filter(status=Review.Status.WAITING).first()

    def address_taken_by(self, slug):
        """Another live copy at web address ``slug``, if any: this copy cannot go live
        there until that one has moved."""
        if "slug" not in self.REVIEWED_FIELDS:
            return None
        own = getattr(self, f"{self.LIVE_FIELD}_id")
        return self.live_model().objects.filter(slug=slug).exclude(pk=own).first()

    def clean(self):
        super().clean()
        slug = getattr(self, "slug", "")
        if slug and self.address_taken_by(slug):
            raise ValidationError(
                {
                    "slug": ValidationError(
                        "Something on the site has this web address (its working copy may "
                        "be moving it, but that is not approved yet). Choose another.",
                        code="address_in_use",
                    )
                }
            )

    def publish_approved(self, review):
        """Copy ``review``'s approved content to the live copy (made if missing) and
        return it. Called only by ``content.review.publish``."""
        raise NotImplementedError

    def latest_decision(self):
        return (
            self.reviews.exclude(status=Review.Status.WAITING)
            .exclude(is_periodic=True)
            .order_by("-requested_at", "-id")
            .first()
        )


class ArticleDraft(WorkingCopy, ArticleContent):
    """The editors' working copy of an article. Saving it changes nothing readers see;
    a medical reviewer's approval copies it to the live article."""

    article = models.OneToOneField(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="draft",
        verbose_name="live article",
        editable=False,
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    reviews = GenericRelation("Review", related_query_name="article_draft")

    LIVE_FIELD = "article"

    history = HistoricalRecords(
        excluded_fields=["state", "edit_version", "contributors", "updated_at", "article"]
    )

    class Meta:
        verbose_name = "article"
        verbose_name_plural = "articles"
        ordering = ["title"]

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)

    def citations(self):
        return [reference.as_citation() for reference in self.references.all()]

    def publish_approved(self, review):
        content = review.content
        article = self.article or Article(published_at=self.published_at or review.decided_at)
        old_image = article.featured_image.name if article.pk else None
        for name in self.REVIEWED_FIELDS:
            if name == "topic":
                article.topic_id = content["topic"]
            else:
                setattr(article, name, content[name])
        article.references = content["references"]
        article.approval = review
        article.next_review_due = next_review_after(review)
        article.unpublish_at = self.unpublish_at
        # A new article goes on the site; one taken off stays off until someone puts it
        # back (approving a change is not a decision to show it again).
        article.save()
        if self.article_id is None:
            self.article = article
            self.save(update_fields=["article"])
        if article.featured_image.name != old_image:
            make_renditions(article)
            delete_if_unused(old_image)
        return article


class Reference(models.Model):
    """A source cited by an article's working copy, shown as a numbered list under the
    text once approved."""

    draft = models.ForeignKey(ArticleDraft, on_delete=models.CASCADE, related_name="references")
    order = models.PositiveSmallIntegerField("order", default=0)
    authors = models.CharField(
        "authors", max_length=300, blank=True, help_text='For example "Zanos P, Gould TD".'
    )
    title = models.CharField("title", max_length=400)
    source = models.CharField(
        "published in",
        max_length=200,
        blank=True,
        help_text="The journal, agency or web site.",
    )
    year = models.PositiveSmallIntegerField("year", null=True, blank=True)
    url = models.URLField(
        "link", max_length=500, blank=True, help_text="Web address of the source, if any."
    )
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        help_text='Optional, e.g. "10.1176/appi.ajp.2017.17040472". Used for the link when '
        "there is no web address.",
    )
    pubmed_id = models.CharField(
        "PubMed ID",
        max_length=20,
        blank=True,
        help_text='Optional, the number only, e.g. "37224232".',
    )

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.title

    def as_citation(self):
        return Citation(
            authors=self.authors,
            title=self.title,
            source=self.source,
            year=self.year,
            url=self.url,
            doi=self.doi,
            pubmed_id=self.pubmed_id,
        )


class ArticleRedirect(models.Model):
    """An article's old web address, kept when its slug changes so saved links still work."""

    old_slug = models.SlugField("old web address", max_length=200, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField("created", auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]

    def __str__(self):
        return f"/articles/{self.old_slug}/ → {self.article.get_absolute_url()}"


class PageKind(models.TextChoices):
    ABOUT = "about", "About the clinic"
    CRISIS = "crisis", "Crisis resources"
    PRIVACY = "privacy", "Privacy notice"
    DISCLAIMER = "disclaimer", "Medical disclaimer"
    ACCESSIBILITY = "accessibility", "Accessibility statement"


class PageContent(models.Model):
    """What readers see of an information page: shared by the live page and its working
    copy."""

    Kind = PageKind

    title = models.CharField("title", max_length=200)
    summary = models.CharField(
        "summary",
        max_length=300,
        help_text="One plain sentence, used by search engines.",
    )
    body = ProseEditorField(
        "page text",
        extensions=EDITOR_EXTENSIONS,
        help_text="Formatting outside the toolbar is removed when you save.",
    )

    REVIEWED_FIELDS = ["slug", "title", "summary", "body"]

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(f"content:{self.slug}")

    def reviewed_content(self):
        return {name: getattr(self, name) for name in self.REVIEWED_FIELDS}


class Page(LiveCopy, PageContent):
    """The live copy of one of the site's fixed information pages, such as the privacy
    notice. Written only by an approval."""

    slug = models.CharField(
        "page",
        max_length=20,
        choices=PageKind.choices,
        unique=True,
        help_text="Which of the site's pages this is. Each page has a fixed web address.",
    )
    updated_at = models.DateTimeField("last updated", auto_now=True)

    objects = ReviewDueQuerySet.as_manager()

    class Meta:
        verbose_name = "live page"
        ordering = ["slug"]


class PageDraft(WorkingCopy, PageContent):
    """The editors' working copy of an information page."""

    slug = models.CharField(
        "page",
        max_length=20,
        choices=PageKind.choices,
        unique=True,
        help_text="Which of the site's pages this is. Each page has a fixed web address.",
    )
    page = models.OneToOneField(
        Page,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="draft",
        verbose_name="live page",
        editable=False,
    )
    reviews = GenericRelation("Review", related_query_name="page_draft")

    LIVE_FIELD = "page"

    history = HistoricalRecords(
        excluded_fields=["state", "edit_version", "contributors", "updated_at", "page"]
    )

    class Meta:
        verbose_name = "page"
        verbose_name_plural = "pages"
        ordering = ["slug"]

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)

    def publish_approved(self, review):
        content = review.content
        page = self.page or Page(slug=content["slug"])
        page.title, page.summary, page.body = content["title"], content["summary"], content["body"]
        page.approval = review
        page.next_review_due = next_review_after(review)
        page.save()
        if self.page_id is None:
            self.page = page
            self.save(update_fields=["page"])
        return page


GLOSSARY_DEFINITION_MAX_WORDS = 40


class GlossaryContent(models.Model):
    """What readers see of a glossary term: shared by the live term and its working copy."""

    term = models.CharField(
        "term",
        max_length=80,
        help_text='As readers should see it at the start of its entry, e.g. "Esketamine" or '
        '"NMDA receptor".',
    )
    slug = models.SlugField(
        "web address",
        max_length=80,
        unique=True,
        help_text="The entry's address on the glossary page (/glossary/#...), which articles "
        "link to. Filled in from the term.",
    )
    pronunciation = models.CharField(
        "how to say it",
        max_length=120,
        help_text='Its syllables, with the stressed one in capitals, e.g. "es-KET-uh-meen".',
    )
    definition = models.TextField(
        "plain definition",
        help_text=f"At most {GLOSSARY_DEFINITION_MAX_WORDS} words of plain language, without "
        "figures. Plain text: formatting is not kept.",
    )
    other_forms = models.TextField(
        "other forms",
        blank=True,
        help_text="Other ways articles write the term, one per line: a plural, the full name "
        "of an abbreviation, a brand name. The first use of the term or of any of these in an "
        "article links to this entry.",
    )

    REVIEWED_FIELDS = ["term", "slug", "pronunciation", "definition", "other_forms"]

    class Meta:
        abstract = True

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return f"{reverse('content:glossary')}#{self.slug}"

    def reviewed_content(self):
        return {name: getattr(self, name) for name in self.REVIEWED_FIELDS}

    def written_forms(self):
        """The term and its other forms, as articles may write them."""
        lines = [self.term, *self.other_forms.splitlines()]
        return [" ".join(line.split()) for line in lines if line.strip()]

    def clean(self):
        words = len(self.definition.split())
        if words > GLOSSARY_DEFINITION_MAX_WORDS:
            raise ValidationError(
                {
                    "definition": ValidationError(
                        f"Keep the definition to {GLOSSARY_DEFINITION_MAX_WORDS} words or "
                        f"fewer: it has {words}.",
                        code="definition_too_long",
                    )
                }
            )


class GlossaryTerm(LiveCopy, GlossaryContent):
    """The live copy of a glossary term: what /glossary/ shows and articles link to.
    Written only by an approval."""

    objects = ReviewDueQuerySet.as_manager()

    class Meta:
        verbose_name = "live glossary term"
        ordering = [Lower("term")]


class GlossaryTermDraft(WorkingCopy, GlossaryContent):
    """The editors' working copy of a glossary term."""

    glossary_term = models.OneToOneField(
        GlossaryTerm,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="draft",
        verbose_name="live term",
        editable=False,
    )
    reviews = GenericRelation("Review")

    LIVE_FIELD = "glossary_term"

    history = HistoricalRecords(
        excluded_fields=["state", "edit_version", "contributors", "updated_at", "glossary_term"]
    )

    class Meta:
        verbose_name = "glossary term"
        verbose_name_plural = "glossary terms"
        ordering = [Lower("term")]

    @classmethod
    def title_from(cls, content):
        return content.get("term", "")

    def clean(self):
        super().clean()
        # One form links to one entry: a word two terms claimed would link to either.
        mine = {form.casefold(): form for form in self.written_forms()}
        for other in GlossaryTermDraft.objects.exclude(pk=self.pk):
            shared = [mine[f.casefold()] for f in other.written_forms() if f.casefold() in mine]
            if shared:
                field = (
                    "term"
                    if shared[0].casefold() == self.term.strip().casefold()
                    else "other_forms"
                )
                raise ValidationError(
                    {
                        field: ValidationError(
                            f"“{shared[0]}” already links to the glossary term “{other.term}”. "
                            "Each form can link to one term only.",
                            code="form_taken",
                        )
                    }
                )

    def publish_approved(self, review):
        content = review.content
        term = self.glossary_term or GlossaryTerm()
        for name in self.REVIEWED_FIELDS:
            setattr(term, name, content[name])
        term.approval = review
        term.next_review_due = next_review_after(review)
        term.save()
        if self.glossary_term_id is None:
            self.glossary_term = term
            self.save(update_fields=["glossary_term"])
        return term


def next_review_after(review):
    return months_later(timezone.localdate(review.decided_at), REVIEW_INTERVAL_MONTHS)


class Review(models.Model):
    """A request for medical review of a working copy, and the reviewer's decision.

    It keeps exactly the text that was sent (``content``) and its fingerprint. An approved
    review is the sign-off a live article or page names ("Medically reviewed by ..."):
    who approved it, when, and what.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for review"
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes", "Changes requested"
        WITHDRAWN = "withdrawn", "Withdrawn by the editor"

    class Origin(models.TextChoices):
        ACCOUNT = "account", "Signed off by a reviewer's own account"
        SAMPLE = "sample", "Sample content: no account signed it off"
        IMPORTED = "imported", "Recorded before sign-off was tracked"

    # The working copy reviewed: an article, a page, or any other WorkingCopy.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, editable=False)
    object_id = models.PositiveBigIntegerField(editable=False)
    subject = GenericForeignKey("content_type", "object_id")
    content = models.JSONField("text sent for review", editable=False)
    fingerprint = models.CharField("fingerprint (SHA-256)", max_length=64, editable=False)
    editor_note = models.TextField("what changed and why", blank=True)
    change_summary = models.CharField(
        "change note for readers", max_length=CHANGE_SUMMARY_MAX_LENGTH, blank=True
    )
    is_periodic = models.BooleanField(
        "periodic review",
        default=False,
        help_text="The reviewer confirmed that the live text, unchanged, is still accurate.",
    )
    contributors = models.JSONField(default=list, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="sent by",
    )
    requested_at = models.DateTimeField("sent", default=timezone.now, db_index=True)
    status = models.CharField(
        "decision", max_length=10, choices=Status.choices, default=Status.WAITING
    )
    origin = models.CharField(
        "recorded", max_length=10, choices=Origin.choices, default=Origin.ACCOUNT
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="decided by",
    )
    decided_at = models.DateTimeField("decided", null=True, blank=True)
    # As readers saw them on the day, kept even if the reviewer's profile changes later.
    reviewer_name = models.CharField("reviewer", max_length=120, blank=True)
    reviewer_credentials = models.CharField("reviewer's credentials", max_length=120, blank=True)
    comment = models.TextField("reviewer's comment", blank=True)

    class Meta:
        verbose_name = "medical review"
        verbose_name_plural = "medical reviews"
        ordering = ["-requested_at", "-id"]
        permissions = [("sign_off", "Can approve changes or ask for changes (medical reviewer)")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(status="waiting"),
                name="one_waiting_review_per_copy",
            ),
            models.CheckConstraint(
                condition=Q(status="waiting") | Q(decided_at__isnull=False),
                name="decided_review_has_a_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved", origin="account")
                | Q(decided_by__isnull=False, reviewer_name__gt=""),
                name="approval_names_its_reviewer",
            ),
            models.CheckConstraint(
                condition=~Q(decided_by=F("requested_by")),
                name="nobody_reviews_their_own_change",
            ),
        ]

    def __str__(self):
        return f"Medical review of “{self.subject_title}”"

    @property
    def subject_model(self):
        """The kind of working copy reviewed (ArticleDraft, PageDraft, ...)."""
        return ContentType.objects.get_for_id(self.content_type_id).model_class()

    @property
    def kind(self):
        """What was reviewed, in words: "article", "page", ..."""
        return self.subject_model._meta.verbose_name

    @property
    def subject_title(self):
        return self.subject_model.title_from(self.content)

    def get_admin_url(self):
        return reverse("admin:content_review_change", args=[self.pk])

    @property
    def shown_to_readers(self):
        """Whether readers are told who approved the text and when. Not for an approval
        recorded before sign-off was tracked: a reviewer's name picked from a list then
        does not prove that anyone read exactly this text."""
        return self.origin != self.Origin.IMPORTED and bool(self.reviewer_name)

    @property
    def reviewed_by(self):
        """How readers see the reviewer: "Name, credentials"."""
        if not self.reviewer_name:
            return ""
        if self.reviewer_credentials:
            return f"{self.reviewer_name}, {self.reviewer_credentials}"
        return self.reviewer_name
