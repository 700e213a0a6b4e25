from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Subquery
from django.urls import reverse

from .models import Article, Page, Topic


class ArticleSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Article.objects.published().only("slug", "updated_at")

    def lastmod(self, article):
        return article.updated_at


class TopicSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        newest = (
            Article.objects.published()
            .filter(topic=OuterRef("pk"))
            .order_by("-updated_at")
            .values("updated_at")[:1]
        )
        return Topic.objects.annotate(last_article=Subquery(newest))

    def lastmod(self, topic):
        return topic.last_article


class PageSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return Page.objects.all()

    def lastmod(self, page):
        return page.updated_at


class SectionSitemap(Sitemap):
    """The home page, the article list, the glossary, the consultation form and the
    self-checks."""

    changefreq = "weekly"

    def items(self):
        return [
            "content:home",
            "content:article_list",
            "content:glossary",
            "inquiries:consultation",
            "selfcheck:overview",
            "selfcheck:depression",
            "selfcheck:anxiety",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "topics": TopicSitemap,
    "pages": PageSitemap,
}
