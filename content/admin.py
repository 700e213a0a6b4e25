import difflib

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from js_asset import Media
from simple_history.admin import SimpleHistoryAdmin

from .claims import claim_warnings
from .images import check_and_clean, make_renditions
from .models import Article, ArticleRedirect, Page, Reference, Reviewer, Topic
from .sanitize import html_to_text


def word_diff(old, new):
    """The words of two texts as (kind, text) runs: "same", "removed" or "added"."""
    old_words, new_words = old.split(), new.split()
    runs = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(("same", " ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("removed", " ".join(old_words[i1:i2])))
        if j2 > j1:
            runs.append(("added", " ".join(new_words[j1:j2])))
    return runs


class EditorMediaWithNonce:
    """The rich-text editor's import map is an inline script: give it the request's CSP
    nonce, so the strict Content-Security-Policy lets it run."""

    def render_change_form(self, request, context, *args, **kwargs):
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)

    def render_history_view(self, request, template, context, **kwargs):
        if "media" in context:
            context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_history_view(request, template, context, **kwargs)


TIME_ZONE_NOTE = f"Times are in the clinic's time zone ({settings.TIME_ZONE})."


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "published_articles"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    @admin.display(description="published articles")
    def published_articles(self, topic):
        return topic.articles.published().count()


@admin.register(Reviewer)
class ReviewerAdmin(admin.ModelAdmin):
    list_display = ["name", "credentials"]
    search_fields = ["name", "credentials"]


class ReferenceInline(admin.StackedInline):
    model = Reference
    extra = 0
    fields = [("order", "year"), "authors", "title", "source", "url", ("doi", "pubmed_id")]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ReviewDueFilter(admin.SimpleListFilter):
    title = "medical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("soon", "Due within 30 days"),
            ("attention", "Overdue or due within 30 days"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.review_overdue()
        if self.value() == "soon":
            return queryset.review_due_soon()
        if self.value() == "attention":
            return queryset.review_overdue() | queryset.review_due_soon()
        return queryset


class ArticleAdminForm(forms.ModelForm):
    # The fields shown come from ArticleAdmin.fieldsets.

    def clean_featured_image(self):
        image = self.cleaned_data.get("featured_image")
        if image and "featured_image" in self.changed_data:
            return check_and_clean(image)
        return image

    def clean(self):
        cleaned = super().clean()
        # A new review date moves the next review on by a year, unless it was set by hand.
        if "last_reviewed" in self.changed_data and "next_review_due" not in self.changed_data:
            cleaned["next_review_due"] = None
            self.instance.next_review_due = None
        return cleaned


@admin.register(Article)
class ArticleAdmin(EditorMediaWithNonce, SimpleHistoryAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "topic",
        "status",
        "published_at",
        "next_review_due",
        "updated_at",
    ]
    list_filter = [ReviewDueFilter, "status", "topic", "reviewer", "published_at"]
    list_select_related = ["topic"]
    search_fields = ["title", "summary", "search_text"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["reviewer"]
    inlines = [ReferenceInline]
    actions = ["publish", "unpublish"]
    readonly_fields = ["created_at", "updated_at", "preview_link"]
    history_list_display = ["status"]
    change_list_template = "admin/content/article/change_list.html"
    object_history_template = "admin/content/article/object_history.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "topic", "summary", "body", "preview_link"]}),
        (
            "Medical review",
            {
                "fields": [
                    ("author_name", "author_credentials"),
                    "reviewer",
                    ("last_reviewed", "next_review_due"),
                ],
                "description": "An article cannot be published until a medical reviewer "
                "has checked it: choose the reviewer and enter the review date.",
            },
        ),
        ("Featured image", {"fields": ["featured_image", "featured_image_alt"]}),
        (
            "Publishing",
            {
                "fields": ["status", "published_at", "unpublish_at", "created_at", "updated_at"],
                "description": TIME_ZONE_NOTE
                + " A publication time in the future keeps the article hidden until then.",
            },
        ),
        (
            "Search engines and sharing",
            {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]},
        ),
    ]

    def get_urls(self):
        compare = path(
            "<int:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name="content_article_compare",
        )
        return [compare, *super().get_urls()]

    def view_on_site(self, article):
        # Drafts and scheduled articles are not on the site yet: show their preview.
        if article.is_public:
            return article.get_absolute_url()
        return reverse("content:article_preview", args=[article.pk])

    @admin.display(description="preview")
    def preview_link(self, article):
        if not article.pk:
            return "Save the article to preview it."
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview this article</a>',
            reverse("content:article_preview", args=[article.pk]),
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = (extra_context or {}) | {
            "review_overdue_count": Article.objects.review_overdue().count(),
            "review_due_soon_count": Article.objects.review_due_soon().count(),
        }
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Also after reverting to a version with another picture.
        if obj.image_renditions.get("source") != (obj.featured_image.name or None):
            make_renditions(obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        for warning in claim_warnings(
            f"{article.title} {article.summary} {html_to_text(article.body)}",
            has_references=article.references.exists(),
        ):
            self.message_user(request, warning, messages.WARNING)

    @admin.action(description="Publish selected articles", permissions=["change"])
    def publish(self, request, queryset):
        now = timezone.now()
        published, not_reviewed = 0, []
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            if not (article.reviewer_id and article.last_reviewed):
                not_reviewed.append(article.title)
                continue
            article.status = Article.Status.PUBLISHED
            article.published_at = article.published_at or now
            article.save()
            published += 1
        self.message_user(request, f"Published {published} article(s).", messages.SUCCESS)
        if not_reviewed:
            self.message_user(
                request,
                "Not published, because no medical review is recorded: " + "; ".join(not_reviewed),
                messages.ERROR,
            )

    @admin.action(description="Unpublish selected articles (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        count = 0
        # Saved one by one so each change is kept in the article's history.
        for article in queryset.filter(status=Article.Status.PUBLISHED):
            article.status = Article.Status.DRAFT
            article.save()
            count += 1
        self.message_user(request, f"Moved {count} article(s) back to draft.", messages.SUCCESS)

    def compare_view(self, request, object_id):
        """Two saved versions of an article side by side, field by field."""
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        records = article.history.select_related("history_user")
        chosen = [request.GET.get("from", ""), request.GET.get("to", "")]
        if not all(value.isdigit() for value in chosen):
            raise Http404("Choose two saved versions to compare.")
        older = get_object_or_404(records, history_id=chosen[0])
        newer = get_object_or_404(records, history_id=chosen[1])
        if older.history_date > newer.history_date:
            older, newer = newer, older
        changes = []
        for change in newer.diff_against(older, foreign_keys_are_objs=True).changes:
            old, new = str(change.old or ""), str(change.new or "")
            if change.field == "body":
                old, new = html_to_text(old), html_to_text(new)
            changes.append(
                {
                    "label": Article._meta.get_field(change.field).verbose_name,
                    "words": word_diff(old, new),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Compare versions of “{article}”",
            "article": article,
            "older": older,
            "newer": newer,
            "changes": changes,
        }
        return TemplateResponse(request, "admin/content/article/compare.html", context)


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "article", "created_at"]
    search_fields = ["old_slug", "article__title"]
    list_select_related = ["article"]


@admin.register(Page)
class PageAdmin(EditorMediaWithNonce, admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at"]
    readonly_fields = ["updated_at"]
    fields = ["slug", "title", "summary", "body", "updated_at"]
