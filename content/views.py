import logging
from itertools import groupby

from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from . import seo
from .glossary import link_terms, shown_terms
from .models import Article, ArticleRedirect, Page, Topic
from .search import clean_query, search_articles, words_of


@require_safe
def home(request):
    context = {
        "topics": Topic.objects.all(),
        "latest_articles": Article.objects.published().select_related("topic")[:6],
        "structured_data": seo.clinic_data(request),
    }
    return render(request, "content/home.html", context)


class ArticleListView(ListView):
    template_name = "content/article_list.html"
    paginate_by = settings.ARTICLES_PER_PAGE
    http_method_names = ["get", "head"]

    def get_queryset(self):
        return Article.objects.published().select_related("topic")


class TopicArticleListView(ArticleListView):
    template_name = "content/topic_detail.html"

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return super().get_queryset().filter(topic=self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)


logger = logging.getLogger(__name__)


class ArticleDetailView(DetailView):
    template_name = "content/article_detail.html"
    http_method_names = ["get", "head"]

    def get_queryset(self):
        return Article.objects.published().select_related("topic", "approval")

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        # The database refuses unapproved text on save; this catches any other way in.
        if not article.matches_approval():
            logger.error("Article #%s differs from its approval; not shown.", article.pk)
            raise Http404
        return article

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # An old address of an article whose slug changed: send readers on.
            moved = ArticleRedirect.objects.filter(
                old_slug=kwargs["slug"], article__in=Article.objects.published()
            ).select_related("article")
            if entry := moved.first():
                return redirect(entry.article, permanent=True)
            raise

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            body=link_terms(self.object.body, shown_terms()),
            related_articles=self.object.related_articles(),
            change_log=self.object.change_log(),
            structured_data=seo.article_data(self.object, self.request),
            **kwargs,
        )


@require_safe
def glossary(request):
    """Every glossary term, alphabetically, grouped by first letter, each with an anchor
    (its slug) that articles link to."""
    terms = shown_terms()
    letters = [
        {"letter": letter, "terms": list(group)}
        for letter, group in groupby(terms, key=lambda term: term.term[:1].upper())
    ]
    return render(request, "content/glossary.html", {"letters": letters})


@require_safe
def search(request):
    query = clean_query(request.GET.get("q", ""))
    results = search_articles(query) if query else []
    page_obj = Paginator(results, settings.ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "query": query,
        "has_words": bool(words_of(query)),
        "page_obj": page_obj,
        "results": page_obj.object_list,
        "was_shortened": len(request.GET.get("q", "")) > len(query) and bool(query),
    }
    return render(request, "content/search_results.html", context)


@require_safe
def page(request, slug):
    pages = Page.objects.select_related("approval")
    if slug == Page.Kind.CRISIS:
        return crisis_page(request, pages)
    page = get_object_or_404(pages, slug=slug)
    context = {"page": page}
    if slug == Page.Kind.ABOUT:
        context["structured_data"] = seo.clinic_data(request)
    # A page with more than its text has its own template (content/page_accessibility.html).
    return render(request, [f"content/page_{slug}.html", "content/page_detail.html"], context)


def crisis_page(request, pages):
    """The crisis numbers are in the template itself, so this page works before any text
    is approved for it, and even when the database cannot be reached."""
    try:
        page = pages.filter(slug=Page.Kind.CRISIS).first()
    except DatabaseError as error:
        logger.error("The crisis page is shown without its text (%s).", type(error).__name__)
        response = render(request, "content/page_crisis.html", {"page": None})
        patch_cache_control(response, no_store=True)  # never kept: it lacks its text
        return response
    return render(request, "content/page_crisis.html", {"page": page})


@require_safe
def robots_txt(request):
    admin_path = reverse("admin:index")
    context = {
        "sitemap_url": request.build_absolute_uri(reverse("sitemap")),
        # A custom ADMIN_URL is kept out of robots.txt, which anyone can read.
        "admin_path": admin_path if admin_path == "/admin/" else None,
    }
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")
