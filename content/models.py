from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_prose_editor.fields import ProseEditorField

from .sanitize import EDITOR_EXTENSIONS, clean_html


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


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles the public may read: published, with a publication time now or past."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())


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
        sanitize=clean_html,
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
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("last updated", auto_now=True)

    objects = ArticleQuerySet.as_manager()

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
        ]
        indexes = [models.Index(fields=["status", "-published_at"], name="article_visible_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        self.fill_publication_time()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("content:article", args=[self.slug])

    def clean(self):
        # Before the constraints are checked, so publishing with no time means "now".
        self.fill_publication_time()

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

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


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
        sanitize=clean_html,
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
