"""Fill the search columns of existing articles, and on PostgreSQL add the GIN index
that full-text search uses (SQLite searches without it)."""

from django.contrib.postgres.search import SearchVector
from django.db import migrations

from content.sanitize import html_to_text

INDEX = "content_article_search_gin"


def forwards(apps, schema_editor):
    Article = apps.get_model("content", "Article")
    for article in Article.objects.only("pk", "body"):
        Article.objects.filter(pk=article.pk).update(search_text=html_to_text(article.body))
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX {INDEX} ON content_article USING gin (search_vector)")
    Article.objects.update(
        search_vector=SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("search_text", weight="C", config="english")
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("content", "0002_article_author_credentials_article_author_name_and_more")]

    operations = [migrations.RunPython(forwards, backwards)]
