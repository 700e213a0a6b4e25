from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from .models import Article, Page, Topic


@require_safe
def home(request):
    context = {
        "topics": Topic.objects.all(),
        "latest_articles": Article.objects.published().select_related("topic")[:6],
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


class ArticleDetailView(DetailView):
    template_name = "content/article_detail.html"
    http_method_names = ["get", "head"]

    def get_queryset(self):
        return Article.objects.published().select_related("topic").prefetch_related("references")

    def get_context_data(self, **kwargs):
        return super().get_context_data(related_articles=self.object.related_articles(), **kwargs)


@require_safe
def page(request, slug):
    if slug == Page.Kind.CRISIS:
        # Crisis numbers are in the template itself, so this page works even before an
        # editor has written any text for it.
        page = Page.objects.filter(slug=slug).first()
    else:
        page = get_object_or_404(Page, slug=slug)
    template = (
        "content/page_crisis.html" if slug == Page.Kind.CRISIS else "content/page_detail.html"
    )
    return render(request, template, {"page": page})
