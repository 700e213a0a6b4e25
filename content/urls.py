from django.urls import path

from . import views
from .models import Page

app_name = "content"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.ArticleListView.as_view(), name="article_list"),
    path("articles/topic/<slug:slug>/", views.TopicArticleListView.as_view(), name="topic"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
    # The information pages live at fixed addresses: /about/, /crisis/, /privacy/, ...
    *(path(f"{kind}/", views.page, {"slug": kind}, name=kind) for kind in Page.Kind.values),
]
