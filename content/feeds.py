from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.html import escape

from .models import Article


class LatestArticlesFeed(Feed):
    """RSS feed of the newest published articles."""

    link = reverse_lazy("content:article_list")
    description = "New plain-language articles on ketamine treatment for depression."

    def title(self):
        return f"{settings.CLINIC['name']}: articles"

    def items(self):
        return Article.objects.published().select_related("topic")[:20]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        # Feed readers treat a description as HTML: the summary is plain text, so it is
        # escaped once more and a "<" in it stays a "<" on the reader's screen.
        return escape(article.summary)

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_categories(self, article):
        return [article.topic.name]
