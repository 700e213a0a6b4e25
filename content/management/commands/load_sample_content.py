"""Load the sample topics, articles and pages from content/sample_content/.

Safe to run again: a topic, article or page whose slug is already in the database is
left exactly as it is (an editor may have changed it), and nothing is duplicated.
"""

import tomllib
from datetime import timedelta
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from content.models import Article, Page, Reference, Reviewer, Topic

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_content"
# A role, not a person: the clinic replaces it with its real reviewer before launch.
SAMPLE_REVIEWER = {"name": "Medical director (sample content)", "credentials": "MD"}
SAMPLE_AUTHOR = "The clinic's editorial team"
# The oldest sample article was published (and reviewed) this many days ago, the newest
# NEWEST_DAYS ago, so the list shows a realistic spread of review dates.
OLDEST_DAYS, NEWEST_DAYS = 340, 14


def read_toml(path):
    with path.open("rb") as file:
        return tomllib.load(file)


class Command(BaseCommand):
    help = "Load the sample topics, articles and pages (only those not already there)."

    @transaction.atomic
    def handle(self, *args, **options):
        topics = {}
        for order, data in enumerate(read_toml(SAMPLE_DIR / "topics.toml")["topics"], start=1):
            topics[data["slug"]], _ = Topic.objects.get_or_create(
                slug=data["slug"],
                defaults={"name": data["name"], "description": data["description"], "order": order},
            )

        reviewer, _ = Reviewer.objects.get_or_create(**SAMPLE_REVIEWER)
        article_files = sorted((SAMPLE_DIR / "articles").glob("*.toml"))
        existing = set(Article.objects.values_list("slug", flat=True))
        now = timezone.now()
        step = (OLDEST_DAYS - NEWEST_DAYS) / max(len(article_files) - 1, 1)
        created = 0
        for position, path in enumerate(article_files):
            data = read_toml(path)
            if data["slug"] in existing:
                continue
            published_at = now - timedelta(days=round(OLDEST_DAYS - position * step))
            article = Article.objects.create(
                title=data["title"],
                slug=data["slug"],
                topic=topics[data["topic"]],
                summary=data["summary"],
                body=data["body"],
                status=Article.Status.PUBLISHED,
                published_at=published_at,
                author_name=SAMPLE_AUTHOR,
                reviewer=reviewer,
                last_reviewed=timezone.localdate(published_at),
            )
            Reference.objects.bulk_create(
                Reference(
                    article=article,
                    order=order,
                    authors=reference.get("authors", ""),
                    title=reference["title"],
                    source=reference.get("source", ""),
                    year=reference.get("year"),
                    url=reference.get("url", ""),
                    doi=reference.get("doi", ""),
                    pubmed_id=str(reference.get("pubmed_id", "")),
                )
                for order, reference in enumerate(data.get("references", []), start=1)
            )
            created += 1

        pages_created = 0
        for path in sorted((SAMPLE_DIR / "pages").glob("*.toml")):
            data = read_toml(path)
            if data["slug"] not in Page.Kind.values:
                # A page written ahead of the site having a place for it.
                continue
            _, was_created = Page.objects.get_or_create(
                slug=data["slug"],
                defaults={"title": data["title"], "summary": data["summary"], "body": data["body"]},
            )
            pages_created += was_created

        self.stdout.write(
            f"Sample content: {created} article(s) and {pages_created} page(s) added; "
            f"{len(article_files) - created} article(s) were already there."
        )
