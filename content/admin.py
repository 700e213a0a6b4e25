from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case, Max, When
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.views.decorators.http import require_POST
from js_asset import Media
from simple_history.admin import SimpleHistoryAdmin

from clinic_site.admin import LabelledSplitDateTime, PlainListTitle, staff_time

from . import review
from .claims import claim_warnings, source_warnings
from .diff import compare, history_changes, same_minute, word_diff
from .glossary import link_terms, shown_terms
from .images import check_and_clean, delete_if_unused
from .models import (
    REVIEW_DUE_SOON_DAYS,
    Article,
    ArticleDraft,
    ArticleRedirect,
    GlossaryTermDraft,
    PageDraft,
    Reference,
    Review,
    Reviewer,
    Topic,
    live_now,
    working_copy_models,
)
from .sanitize import clean_html, site_relative_links, tidy_pasted_text


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
class TopicAdmin(PlainListTitle, admin.ModelAdmin):
    list_display = ["name", "order", "published_articles"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    @admin.display(description="published articles")
    def published_articles(self, topic):
        return topic.articles.published().count()


@admin.register(Reviewer)
class ReviewerAdmin(PlainListTitle, admin.ModelAdmin):
    list_display = ["name", "credentials", "user"]
    search_fields = ["name", "credentials"]
    autocomplete_fields = ["user"]


class ReferenceInline(admin.StackedInline):
    """References, numbered in the order they are entered (no number to type)."""

    model = Reference
    extra = 0
    fields = ["authors", "title", "source", "year", "url", ("doi", "pubmed_id")]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _locked(obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not _locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _locked(obj)


def _locked(draft):
    """A working copy waiting for review cannot change: the reviewer must see exactly
    what will go live."""
    return draft is not None and draft.state == draft.State.WAITING


class ReviewDueFilter(admin.SimpleListFilter):
    title = "next medical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("soon", f"Due within {REVIEW_DUE_SOON_DAYS} days"),
            ("attention", f"Overdue or due within {REVIEW_DUE_SOON_DAYS} days"),
        ]

    def queryset(self, request, queryset):
        live = Article.objects.all()
        if self.value() == "overdue":
            live = live.review_overdue()
        elif self.value() == "soon":
            live = live.review_due_soon()
        elif self.value() == "attention":
            live = live.review_overdue() | live.review_due_soon()
        else:
            return queryset
        return queryset.filter(article__in=live)


DATE_TIME_HINT = (
    " Type the date like 12/2/2026 or 2026-12-02, and the time like 9:00 am, 9am or 21:00."
)


def own_hosts():
    """This site's own host names, so full links to its pages can be made site-relative."""
    hosts = {host.lstrip(".") for host in settings.ALLOWED_HOSTS if host != "*"}
    if settings.SITE_URL:
        hosts.add(urlsplit(settings.SITE_URL).hostname)
    return hosts


class WorkingCopyForm(forms.ModelForm):
    """Refuses to save over a change someone else saved since this form was opened; tidies
    pasted text; says how to type dates and times."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "body" in self.fields:
            self.fields["body"].help_text += (
                " To link to one of our own pages, type its address starting with /, for "
                "example /consultation/ or /crisis/ (a full address of this site is "
                "shortened like that when you save)."
            )
        for field in self.fields.values():
            if isinstance(field, forms.SplitDateTimeField):
                field.help_text = f"{field.help_text}{DATE_TIME_HINT}"
                date, time = field.fields
                date.error_messages["invalid"] = "Enter a date like 12/2/2026."
                time.error_messages["invalid"] = "Enter a time like 9:00 am or 21:00."
        # Read from the database: a version restored from the history carries none.
        if self.instance.pk:
            self.fields["seen_version"].initial = (
                type(self.instance)
                .objects.filter(pk=self.instance.pk)
                .values_list("edit_version", flat=True)
                .first()
            )

    def clean_body(self):
        # Lists and headings pasted from a word processor, and full links to our own pages.
        body = tidy_pasted_text(clean_html(self.cleaned_data["body"]))
        return site_relative_links(body, own_hosts())

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            # The form shows hours and minutes: an untouched time keeps its seconds, so
            # saving changes nothing that was not changed.
            before, after = self.initial.get(name), cleaned.get(name)
            timed = isinstance(field, forms.SplitDateTimeField) and before and after
            if timed and same_minute(before, after):
                cleaned[name] = before
        if self.instance.pk:
            # Locked until this save commits, so two saves cannot both pass this check.
            current = (
                type(self.instance)
                .objects.select_for_update(of=("self",))
                .select_related("updated_by")
                .get(pk=self.instance.pk)
            )
            if cleaned.get("seen_version") != current.edit_version:
                who = current.updated_by.get_username() if current.updated_by else "Someone"
                raise forms.ValidationError(
                    f"{who} saved this while you were editing it, so your changes were not "
                    "saved (that would have overwritten theirs). Copy what you typed, open "
                    "the page again to see their version, and make your changes there.",
                    code="edited_elsewhere",
                )
            if current.state == current.State.WAITING:
                raise forms.ValidationError(
                    "This is waiting for medical review, so it cannot be changed. Withdraw "
                    "it from review first.",
                    code="waiting_for_review",
                )
        return cleaned


class ArticleDraftForm(WorkingCopyForm):
    # The fields shown come from ArticleDraftAdmin.fieldsets.

    def clean_featured_image(self):
        image = self.cleaned_data.get("featured_image")
        if image and "featured_image" in self.changed_data:
            return check_and_clean(image)
        return image


def content_warnings(model, content):
    """The claims and sources checks' warnings for a version of a ``model`` working copy
    (sources only for content with references, i.e. articles)."""
    text = " ".join(model.readable_parts(content).values())
    references = content.get("references")
    warnings = claim_warnings(text, has_references=bool(references) or references is None)
    if references is not None:
        warnings += source_warnings(references)
    return warnings


class WorkingCopyAdmin(PlainListTitle, EditorMediaWithNonce, SimpleHistoryAdmin):
    """What the editors of every reviewed text share (articles, pages, ...): saving records
    who changed what, a copy waiting for review is read-only, and "Save and send for
    medical review"."""

    save_on_top = True
    formfield_overrides = {models.DateTimeField: {"widget": LabelledSplitDateTime}}
    change_form_template = "admin/content/working_copy_change_form.html"

    class Media:
        js = ["js/editor-label.js"]

    object_history_template = "admin/content/object_history.html"
    object_history_list_template = "admin/content/object_history_list.html"

    def history_view_title(self, request, obj):
        return f"History of “{obj}”"

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # Newest first: each version is described against the one saved before it.
        records = list(historical_records)
        for newer, older in zip(records, records[1:], strict=False):
            newer.plain_changes = history_changes(self.model, newer, older)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _locked(obj)

    def has_delete_permission(self, request, obj=None):
        # A working copy whose text is live cannot go: the live text would lose its source.
        return super().has_delete_permission(request, obj) and not (obj and obj.live)

    def save_model(self, request, obj, form, change):
        review.record_edit(obj, request.user)
        replaced = "featured_image" in form.changed_data and form.initial.get("featured_image")
        super().save_model(request, obj, form, change)
        if replaced:
            delete_if_unused(getattr(replaced, "name", replaced))

    def save_formset(self, request, form, formset, change):
        if formset.model is not Reference:
            return super().save_formset(request, form, formset, change)
        # References are numbered in the order they were entered: new ones go last.
        references = formset.save(commit=False)
        for reference in formset.deleted_objects:
            reference.delete()
        last = form.instance.references.aggregate(last=Max("order"))["last"] or 0
        for reference in references:
            if reference.pk is None:
                last += 1
                reference.order = last
            reference.save()

    def render_change_form(self, request, context, *args, **kwargs):
        # Shows "Save and send for medical review" (templates/admin/submit_line.html).
        context["sends_for_review"] = True
        return super().render_change_form(request, context, *args, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        draft = form.instance
        for warning in content_warnings(type(draft), draft.reviewed_content()):
            self.message_user(request, warning, messages.WARNING)
        if "_send_for_review" not in request.POST:
            if draft.has_unapproved_changes():
                self.message_user(
                    request,
                    "Not on the site yet: readers see the approved version until a medical "
                    "reviewer approves this one. Press “Save and send for medical review” "
                    "when it is ready.",
                    messages.INFO,
                )
        else:
            try:
                review.submit(draft, request.user)
            except review.ReviewError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    "Sent for medical review. The reviewers have been told; the site shows "
                    "the approved version until a reviewer approves this one.",
                    messages.SUCCESS,
                )

    def response_change(self, request, obj):
        if "_send_for_review" in request.POST:
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if "_send_for_review" in request.POST:
            return HttpResponseRedirect(obj.get_admin_url())
        return super().response_add(request, obj, post_url_continue)

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<int:object_id>/changes/",
                self.admin_site.admin_view(self.changes_view),
                name=f"{name}_changes",
            ),
            path(
                "<int:object_id>/withdraw/",
                self.admin_site.admin_view(self.withdraw_view),
                name=f"{name}_withdraw",
            ),
            path(
                "<int:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{name}_compare",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        draft = self.get_object(request, object_id)
        extra_context = (extra_context or {}) | {
            "draft": draft,
            "waiting_review": draft.waiting_review() if draft else None,
            "latest_decision": draft.latest_decision() if draft else None,
            "has_unapproved_changes": draft.has_unapproved_changes() if draft else True,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="medical review")
    def review_state(self, draft):
        css = {
            draft.State.WAITING: "state-waiting",
            draft.State.CHANGES_REQUESTED: "state-changes",
            draft.State.APPROVED: "state-approved",
        }.get(draft.state, "state-editing")
        return format_html(
            '<span class="review-state {}">{}</span>', css, draft.get_state_display()
        )

    def changes_view(self, request, object_id):
        """This working copy against the text readers see now, word by word."""
        draft = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_permission(request, draft):
            raise PermissionDenied
        live = draft.live
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Changes not yet live: “{draft}”",
            "draft": draft,
            "changes": compare(
                self.model, live.approval.content if live else None, draft.reviewed_content()
            ),
            "is_new": live is None,
        }
        return TemplateResponse(request, "admin/content/changes.html", context)

    def withdraw_view(self, request, object_id):
        """Take a working copy back from review, to change it further."""
        if request.method != "POST":
            raise Http404
        draft = get_object_or_404(self.model, pk=object_id)
        if not super().has_change_permission(request, draft):
            raise PermissionDenied
        waiting = draft.waiting_review()
        if waiting is not None:
            review.withdraw(waiting, request.user)
            self.message_user(
                request, "Withdrawn from medical review. You can change it again.", messages.SUCCESS
            )
        return HttpResponseRedirect(draft.get_admin_url())

    def compare_view(self, request, object_id):
        """Two saved versions of a working copy, field by field."""
        draft = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_permission(request, draft):
            raise PermissionDenied
        records = draft.history.select_related("history_user")
        chosen = [request.GET.get("from", ""), request.GET.get("to", "")]
        if not all(value.isdigit() for value in chosen):
            raise Http404("Choose two saved versions to compare.")
        older = get_object_or_404(records, history_id=chosen[0])
        newer = get_object_or_404(records, history_id=chosen[1])
        if older.history_date > newer.history_date:
            older, newer = newer, older
        changes = []
        for change in newer.diff_against(older, foreign_keys_are_objs=True).changes:
            if change.field in self.model.REVIEWED_FIELDS:
                # Read as the reviewer reads it: words, names, labels, one text at a time.
                old = {change.field: getattr(change.old, "pk", change.old)}
                new = {change.field: getattr(change.new, "pk", change.new)}
                changes += compare(self.model, old, new)
                continue
            changes.append(
                {
                    "label": self.model._meta.get_field(change.field).verbose_name,
                    "words": word_diff(str(change.old or ""), str(change.new or "")),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Compare versions of “{draft}”",
            "draft": draft,
            "older": older,
            "newer": newer,
            "changes": changes,
        }
        return TemplateResponse(request, "admin/content/compare.html", context)


class OnSiteFilter(admin.SimpleListFilter):
    title = "on the site"
    parameter_name = "live"

    def lookups(self, request, model_admin):
        return [
            ("live", "On the site (or scheduled)"),
            ("withdrawn", "Taken off the site"),
            ("never", "Never published"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "live":
            return queryset.filter(article__status=Article.Status.PUBLISHED)
        if self.value() == "withdrawn":
            return queryset.filter(article__status=Article.Status.WITHDRAWN)
        if self.value() == "never":
            return queryset.filter(article__isnull=True)
        return queryset


@admin.register(ArticleDraft)
class ArticleDraftAdmin(WorkingCopyAdmin):
    form = ArticleDraftForm
    list_display = ["title", "topic", "on_site", "review_state", "next_review_due", "updated_at"]
    list_filter = [ReviewDueFilter, "state", OnSiteFilter, "topic"]
    list_select_related = ["topic", "article"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ReferenceInline]
    actions = ["take_off_site", "put_back_on_site"]
    change_list_template = "admin/content/articledraft/change_list.html"
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "topic", "regulatory_status", "summary", "body"]},
        ),
        ("Author", {"fields": [("author_name", "author_credentials")]}),
        ("Featured image", {"fields": ["featured_image", "featured_image_alt"]}),
        (
            "Search engines and sharing",
            {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]},
        ),
        (
            "For the medical reviewer",
            {
                "fields": ["editor_note", "change_summary", "seen_version"],
                "description": "Everything above reaches readers only after a medical "
                "reviewer approves it. Until then the site keeps showing the approved "
                "version.",
            },
        ),
        (
            "Publishing",
            {
                "fields": ["published_at", "unpublish_at"],
                "description": TIME_ZONE_NOTE
                + " These times take effect when you save: they decide when the approved "
                "text shows, not what it says.",
            },
        ),
    ]

    def get_queryset(self, request):
        # Whether readers see each article now, by the one rule for it (live_now).
        live = Case(When(live_now(prefix="article__"), then=True), default=False)
        return super().get_queryset(request).annotate(is_live=live)

    @admin.display(description="on the site")
    def on_site(self, draft):
        article = draft.article
        if article is None:
            return "Not yet: needs medical approval"
        if draft.is_live:
            return format_html('<span class="on-site live">{}</span>', "Live on the site")
        if article.status == Article.Status.WITHDRAWN:
            return "Taken off the site"
        if article.published_at > timezone.now():
            return f"Scheduled, goes live {staff_time(article.published_at)}"
        return f"Hidden since {staff_time(article.unpublish_at)}"

    @admin.display(description="next review due", ordering="article__next_review_due")
    def next_review_due(self, draft):
        return draft.article.next_review_due if draft.article else None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        review.apply_schedule(form.instance)

    def changelist_view(self, request, extra_context=None):
        extra_context = (extra_context or {}) | {
            "review_overdue_count": Article.objects.review_overdue().count(),
            "review_due_soon_count": Article.objects.review_due_soon().count(),
            "review_due_soon_days": REVIEW_DUE_SOON_DAYS,
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="content_articledraft_preview",
            ),
            *super().get_urls(),
        ]

    def view_on_site(self, draft):
        return reverse("admin:content_articledraft_preview", args=[draft.pk])

    def preview_view(self, request, object_id):
        """The working copy as readers would see it once approved (staff only)."""
        draft = get_object_or_404(ArticleDraft.objects.select_related("topic"), pk=object_id)
        if not self.has_view_permission(request, draft):
            raise PermissionDenied
        response = TemplateResponse(
            request,
            "content/article_detail.html",
            {
                "article": draft,
                "body": link_terms(draft.body, shown_terms()),
                "preview": True,
                "live": draft.article,
                "has_unapproved_changes": draft.has_unapproved_changes(),
            },
        )
        response["Cache-Control"] = "no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    @admin.action(description="Take off the site now", permissions=["change"])
    def take_off_site(self, request, queryset):
        articles = [d.article for d in queryset.select_related("article") if d.article]
        for article in articles:
            review.take_off_site(article)
        self.message_user(
            request, f"{len(articles)} article(s) taken off the site.", messages.SUCCESS
        )

    @admin.action(description="Put back on the site (the approved version)", permissions=["change"])
    def put_back_on_site(self, request, queryset):
        articles = [d.article for d in queryset.select_related("article") if d.article]
        for article in articles:
            review.put_back_on_site(article)
        self.message_user(
            request, f"{len(articles)} article(s) back on the site.", messages.SUCCESS
        )


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(PlainListTitle, admin.ModelAdmin):
    list_display = ["old_slug", "article", "created_at"]
    search_fields = ["old_slug", "article__title"]
    list_select_related = ["article"]


@admin.register(PageDraft)
class PageDraftAdmin(WorkingCopyAdmin):
    form = WorkingCopyForm
    list_display = ["title", "slug", "review_state", "updated_at"]
    fieldsets = [
        (None, {"fields": ["slug", "title", "summary", "body"]}),
        (
            "For the medical reviewer",
            {
                "fields": ["editor_note", "change_summary", "seen_version"],
                "description": "Changes reach readers only after a medical reviewer "
                "approves them. The crisis page's phone numbers are always shown, whatever "
                "this text says.",
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Each page has a fixed address.
        return ["slug"] if obj else []

    def has_add_permission(self, request):
        return False

    def view_on_site(self, draft):
        return draft.get_absolute_url()


class KindFilter(admin.SimpleListFilter):
    title = "kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [
            (str(ContentType.objects.get_for_model(model).pk), capfirst(model._meta.verbose_name))
            for model in working_copy_models()
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(content_type_id=self.value())
        return queryset


class GlossaryTermForm(WorkingCopyForm):
    class Meta:
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
            "other_forms": forms.Textarea(attrs={"rows": 3}),
        }


@admin.register(GlossaryTermDraft)
class GlossaryTermDraftAdmin(WorkingCopyAdmin):
    form = GlossaryTermForm
    list_display = ["term", "pronunciation", "on_site", "review_state", "updated_at"]
    list_filter = ["state"]
    list_select_related = ["glossary_term"]
    search_fields = ["term", "other_forms", "definition"]
    prepopulated_fields = {"slug": ["term"]}
    actions = ["take_off_site"]
    fieldsets = [
        (None, {"fields": ["term", "slug", "pronunciation", "definition", "other_forms"]}),
        (
            "For the medical reviewer",
            {
                "fields": ["editor_note", "seen_version"],
                "description": "Everything above reaches readers only after a medical "
                "reviewer approves it. Until then the glossary and the links in articles "
                "keep showing the approved version.",
            },
        ),
    ]

    @admin.display(description="on the site")
    def on_site(self, draft):
        return "In the glossary" if draft.glossary_term else "Not in the glossary"

    def view_on_site(self, draft):
        return draft.get_absolute_url() if draft.glossary_term else None

    @admin.action(description="Take out of the glossary now", permissions=["change"])
    def take_off_site(self, request, queryset):
        terms = [
            d.glossary_term for d in queryset.select_related("glossary_term") if d.glossary_term
        ]
        for term in terms:
            review.remove_glossary_term(term)
        self.message_user(
            request,
            f"{len(terms)} term(s) taken out of the glossary. Articles no longer link to them; "
            "to put one back, send it for medical review.",
            messages.SUCCESS,
        )


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label="Comment for the editor",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required when you ask for changes: say what should change.",
    )


@admin.register(Review)
class ReviewAdmin(PlainListTitle, admin.ModelAdmin):
    """Medical reviews: the reviewer's page for each request (the proposed text against
    the live one, and the decision), and the record of every sign-off."""

    list_display = ["subject_title", "kind", "status", "requested_by", "requested_at", "decided_by"]
    list_filter = ["status", KindFilter, "is_periodic", "origin"]
    list_select_related = ["requested_by", "decided_by"]
    search_fields = ["content__title", "content__term"]
    change_form_template = "admin/content/review/review_page.html"

    @admin.display(description="what was reviewed")
    def subject_title(self, item):
        return item.subject_title

    @admin.display(description="kind")
    def kind(self, item):
        return item.kind.capitalize()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("content_type")

    def get_urls(self):
        return [
            path(
                "<int:object_id>/decide/",
                self.admin_site.admin_view(require_POST(self.decide_view)),
                name="content_review_decide",
            ),
            path(
                "periodic/<str:kind>/<int:draft_id>/",
                self.admin_site.admin_view(self.periodic_view),
                name="content_review_periodic",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        item = self.get_object(request, object_id)
        if item is None or not self.has_view_permission(request, item):
            raise Http404
        return self._review_page(request, item, DecisionForm())

    def _review_page(self, request, item, form, status=200):
        draft = item.subject
        live = draft.live
        # What readers saw when it was sent: compare against that approval, else nothing.
        before = None
        if live is not None:
            before = live.approval.content
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": str(item),
            "item": item,
            "draft": draft,
            "live": live,
            "changes": compare(item.subject_model, before, item.content),
            "form": form,
            "may_decide": review.may_decide(item, request.user),
            "own_change": review.had_a_hand_in(item, request.user),
            "claim_warnings": content_warnings(item.subject_model, item.content),
        }
        return TemplateResponse(
            request, "admin/content/review/review_page.html", context, status=status
        )

    def decide_view(self, request, object_id):
        item = get_object_or_404(Review, pk=object_id)
        if not review.can_sign_off(request.user):
            raise PermissionDenied
        form = DecisionForm(request.POST)
        form.is_valid()
        comment = form.cleaned_data.get("comment", "")
        try:
            if "_approve" in request.POST:
                live = review.approve(item, request.user, comment)
                self.message_user(
                    request,
                    f"Approved: “{item.subject_title}” now carries your name. "
                    f"{review.where_it_stands(live)}",
                    messages.SUCCESS,
                )
            elif "_request_changes" in request.POST:
                review.request_changes(item, request.user, comment)
                self.message_user(
                    request,
                    f"Changes requested: the editor has been told what to change in "
                    f"“{item.subject_title}”.",
                    messages.SUCCESS,
                )
            else:
                raise review.ReviewError("Choose Approve or Ask for changes.")
        except review.ReviewError as error:
            form.add_error("comment", str(error))
            return self._review_page(request, item, form, status=400)
        return HttpResponseRedirect(
            reverse("admin:content_review_changelist") + "?status__exact=waiting"
        )

    def periodic_view(self, request, kind, draft_id):
        """Confirm that an unchanged live copy (of an article, a page, ...) is still
        accurate. ``kind`` names the live copy's model, e.g. "article"."""
        model = {
            draft_model.live_model()._meta.model_name: draft_model
            for draft_model in working_copy_models()
        }.get(kind)
        if model is None:
            raise Http404
        draft = get_object_or_404(model, pk=draft_id)
        live = draft.live
        if live is None:
            raise Http404
        if not review.can_sign_off(request.user):
            raise PermissionDenied
        if request.method == "POST":
            form = DecisionForm(request.POST)
            form.is_valid()
            try:
                review.confirm_still_accurate(
                    live, request.user, form.cleaned_data.get("comment", "")
                )
            except review.ReviewError as error:
                form.add_error("comment", str(error))
            else:
                live.refresh_from_db()
                self.message_user(
                    request,
                    f"Confirmed: “{live}” is still accurate. Its next review is due "
                    f"{live.next_review_due:%B %-d, %Y}.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:index"))
        else:
            form = DecisionForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Periodic review: is “{live}” still accurate?",
            "live": live,
            "draft": draft,
            "kind": kind,
            "form": form,
        }
        return TemplateResponse(request, "admin/content/review/periodic.html", context)
