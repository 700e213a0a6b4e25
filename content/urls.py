from django.urls import path

from . import views
from .feeds import LatestArticlesFeed
from .models import Page
from .page_cache import cache_public_page

app_name = "content"

urlpatterns = [
    # Pages wrapped in cache_public_page are kept for anonymous readers until content
    # changes (content/page_cache.py).
    path("", cache_public_page(views.home), name="home"),
    path(
        "articles/",
        cache_public_page(views.ArticleListView.as_view(), params=["page"]),
        name="article_list",
    ),
    path(
        "articles/topic/<slug:slug>/",
        cache_public_page(views.TopicArticleListView.as_view(), params=["page"]),
        name="topic",
    ),
    path(
        "articles/<slug:slug>/",
        cache_public_page(views.ArticleDetailView.as_view()),
        name="article",
    ),
    path("glossary/", cache_public_page(views.glossary), name="glossary"),
    path("search/", views.search, name="search"),
    path("feed/", LatestArticlesFeed(), name="feed"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # The information pages live at fixed addresses: /about/, /crisis/, /privacy/, ...
    *(
        path(f"{kind}/", cache_public_page(views.page), {"slug": kind}, name=kind)
        for kind in Page.Kind.values
    ),
]
