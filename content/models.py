import calendar
from datetime import date, timedelta

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_prose_editor.fields import ProseEditorField
from simple_history.models import HistoricalRecords

from .images import image_sources
from .sanitize import EDITOR_EXTENSIONS, clean_html, html_to_text

REVIEW_INTERVAL_MONTHS = 12
REVIEW_DUE_SOON_DAYS = 30


def months_later(day, months):
    """The same day ``months`` later (the month's last day when it has no such day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


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
    """A clinician who checks articles for medical accuracy before they are published."""

    name = models.CharField("name", max_length=120)
    credentials = models.CharField(
        "credentials",
        max_length=120,
        help_text='Degrees and specialty as readers should see them, e.g. "MD, psychiatrist".',
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


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles the public may read now: published, their publication time come, and
        their "unpublish after" time (if any) not yet passed. Decided at request time, so
        scheduling needs no background job."""
        now = timezone.now()
        return self.filter(
            Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=now),
            status=Article.Status.PUBLISHED,
            published_at__lte=now,
        )

    def review_overdue(self, today=None):
        """Articles whose next medical review date has passed."""
        return self.filter(next_review_due__lt=today or timezone.localdate())

    def review_due_soon(self, today=None):
        """Articles whose next medical review is due within the next 30 days."""
        today = today or timezone.localdate()
        return self.filter(
            next_review_due__gte=today,
            next_review_due__lte=today + timedelta(days=REVIEW_DUE_SOON_DAYS),
        )


class Article(models.Model):
    """A patient-facing article, written and published by clinic staff in the admin."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft (not on the site)"
        PUBLISHED = "published", "Published"

    title = models.CharField("title", max_length=200)
    slug = models.SlugField(
        "web address",
        max_length=200,
        unique=True,
        help_text="The end of the article's web address. Filled in from the title; "
        "changing it later breaks links people have saved.",
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        related_name="articles",
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
    status = models.CharField(
        "status",
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Only published articles whose publication time has come are on the site.",
    )
    published_at = models.DateTimeField(
        "publication time",
        null=True,
        blank=True,
        help_text="When the article appears on the site. Left empty, it is set to the "
        "moment you publish. A future time keeps the article hidden until then.",
    )
    unpublish_at = models.DateTimeField(
        "unpublish after",
        null=True,
        blank=True,
        help_text="Optional. After this time the article is hidden again.",
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
    reviewer = models.ForeignKey(
        Reviewer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name="medical reviewer",
        help_text='Required to publish. Add reviewers under "Medical reviewers".',
    )
    last_reviewed = models.DateField(
        "last medically reviewed",
        null=True,
        blank=True,
        help_text="Required to publish. Change it only after a real review.",
    )
    next_review_due = models.DateField(
        "next review due",
        null=True,
        blank=True,
        help_text=f"Left empty, it is set to {REVIEW_INTERVAL_MONTHS} months after the last "
        "review.",
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
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("last updated", auto_now=True)
    # Kept up to date on save, for search: the body's words without markup, and on
    # PostgreSQL the weighted search vector (title > summary > body).
    search_text = models.TextField(editable=False, default="")
    search_vector = SearchVectorField(null=True, editable=False)
    # The image sizes made when the featured image was uploaded (see content/images.py).
    image_renditions = models.JSONField(default=dict, editable=False)

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["search_text", "search_vector", "image_renditions", "updated_at"]
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(featured_image="") | ~Q(featured_image_alt=""),
                name="article_image_has_alt_text",
                violation_error_message="Describe the featured image in the alt text field.",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="published_article_has_publication_time",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(reviewer__isnull=False, last_reviewed__isnull=False),
                name="published_article_is_medically_reviewed",
                violation_error_message="A published article needs a medical reviewer and "
                "a last-reviewed date.",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_visible_idx"),
            models.Index(fields=["next_review_due"], name="article_review_due_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        self.search_text = html_to_text(self.body)
        self.fill_publication_time()
        self.fill_next_review_due()
        with transaction.atomic():
            self.keep_old_address()
            super().save(*args, **kwargs)
            if connection.vendor == "postgresql":
                Article.objects.filter(pk=self.pk).update(search_vector=weighted_search_vector())

    def get_absolute_url(self):
        return reverse("content:article", args=[self.slug])

    def clean(self):
        # Before the constraints are checked, so publishing with no time means "now".
        self.fill_publication_time()
        self.fill_next_review_due()
        errors = {}
        if self.status == self.Status.PUBLISHED:
            if self.reviewer_id is None:
                errors["reviewer"] = ValidationError(
                    "Choose the medical reviewer before publishing.", code="needs_reviewer"
                )
            if self.last_reviewed is None:
                errors["last_reviewed"] = ValidationError(
                    "Enter the date of the medical review before publishing.",
                    code="needs_review_date",
                )
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

    @property
    def is_public(self):
        """Whether readers can see the article right now (the rule of published())."""
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.unpublish_at is None or self.unpublish_at > now)
        )

    def image_sources(self):
        return image_sources(self)

    @property
    def meta_title(self):
        return self.seo_title or self.title

    @property
    def meta_description(self):
        return self.seo_description or self.summary

    def keep_old_address(self):
        """When a published article's slug changes, its old address redirects to the new."""
        # An address in use by an article is no longer a redirect.
        ArticleRedirect.objects.filter(old_slug=self.slug).delete()
        if self.pk is None:
            return
        before = Article.objects.filter(pk=self.pk).values("slug", "status").first()
        if before and before["slug"] != self.slug and before["status"] == self.Status.PUBLISHED:
            ArticleRedirect.objects.update_or_create(
                old_slug=before["slug"], defaults={"article": self}
            )

    def fill_next_review_due(self):
        if self.last_reviewed and not self.next_review_due:
            self.next_review_due = months_later(self.last_reviewed, REVIEW_INTERVAL_MONTHS)

    def fill_publication_time(self):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def related_articles(self, limit=3):
        """Other published articles on the same topic, newest first."""
        return (
            Article.objects.published()
            .filter(topic_id=self.topic_id)
            .exclude(pk=self.pk)
            .select_related("topic")[:limit]
        )


class Reference(models.Model):
    """A source cited by an article, shown as a numbered list under the text."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="references")
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

    @property
    def link(self):
        """Where the reference's title links to: its web address, else its DOI, else its
        PubMed page."""
        if self.url:
            return self.url
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pubmed_id:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pubmed_id}/"
        return ""


class ArticleRedirect(models.Model):
    """An article's old web address, kept when its slug changes so saved links still work."""

    old_slug = models.SlugField("old web address", max_length=200, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField("created", auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]

    def __str__(self):
        return f"/articles/{self.old_slug}/ → {self.article.get_absolute_url()}"


class Page(models.Model):
    """One of the site's fixed information pages, such as the privacy notice."""

    class Kind(models.TextChoices):
        ABOUT = "about", "About the clinic"
        CRISIS = "crisis", "Crisis resources"
        PRIVACY = "privacy", "Privacy notice"
        DISCLAIMER = "disclaimer", "Medical disclaimer"

    slug = models.CharField(
        "page",
        max_length=20,
        choices=Kind.choices,
        unique=True,
        help_text="Which of the site's pages this is. Each page has a fixed web address.",
    )
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
    updated_at = models.DateTimeField("last updated", auto_now=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(f"content:{self.slug}")
