"""Load the sample topics, articles, pages and glossary terms from content/sample_content/.

Safe to run again: a topic, article or page whose address is already in the database is
left exactly as it is (an editor may have changed it), and nothing is duplicated. New
sample articles and pages go live through ``publish_sample``: their sign-off is marked
as sample content, which no reviewer's account made.
"""

import tomllib
from datetime import timedelta
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from content.models import ArticleDraft, GlossaryTermDraft, Page, PageDraft, Reference, Topic
from content.review import publish_sample

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_content"
SAMPLE_AUTHOR = "The clinic's editorial team"
# The oldest sample article was published (and reviewed) this many days ago, the newest
# NEWEST_DAYS ago, so the list shows a realistic spread of review dates.
OLDEST_DAYS, NEWEST_DAYS = 340, 14
REFERENCE_KEYS = ["authors", "title", "source", "year", "url", "doi", "pubmed_id"]


def read_toml(path):
    with path.open("rb") as file:
        return tomllib.load(file)


class Command(BaseCommand):
    help = (
        "Load the sample topics, articles, pages and glossary terms (only those not already there)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        topics = {}
        for order, data in enumerate(read_toml(SAMPLE_DIR / "topics.toml")["topics"], start=1):
            topics[data["slug"]], _ = Topic.objects.get_or_create(
                slug=data["slug"],
                defaults={"name": data["name"], "description": data["description"], "order": order},
            )

        article_files = sorted((SAMPLE_DIR / "articles").glob("*.toml"))
        existing = set(ArticleDraft.objects.values_list("slug", flat=True))
        now = timezone.now()
        step = (OLDEST_DAYS - NEWEST_DAYS) / max(len(article_files) - 1, 1)
        created = 0
        for position, path in enumerate(article_files):
            data = read_toml(path)
            if data["slug"] in existing:
                continue
            published_at = now - timedelta(days=round(OLDEST_DAYS - position * step))
            draft = ArticleDraft.objects.create(
                title=data["title"],
                slug=data["slug"],
                topic=topics[data["topic"]],
                summary=data["summary"],
                body=data["body"],
                regulatory_status=data.get("regulatory_status", ""),
                published_at=published_at,
                author_name=SAMPLE_AUTHOR,
            )
            Reference.objects.bulk_create(
                Reference(
                    draft=draft,
                    order=order,
                    **{
                        key: reference.get(key, "" if key != "year" else None)
                        for key in REFERENCE_KEYS
                    },
                )
                for order, reference in enumerate(data.get("references", []), start=1)
            )
            publish_sample(
                draft,
                approved_at=published_at,
                change_summary=data.get("change_summary", ""),
            )
            created += 1

        pages_created = 0
        for path in sorted((SAMPLE_DIR / "pages").glob("*.toml")):
            data = read_toml(path)
            if (
                data["slug"] not in Page.Kind.values
                or PageDraft.objects.filter(slug=data["slug"]).exists()
            ):
                continue
            draft = PageDraft.objects.create(
                slug=data["slug"], title=data["title"], summary=data["summary"], body=data["body"]
            )
            publish_sample(draft)
            pages_created += 1

        terms_created = 0
        existing = set(GlossaryTermDraft.objects.values_list("slug", flat=True))
        for data in read_toml(SAMPLE_DIR / "glossary.toml")["terms"]:
            if data["slug"] in existing:
                continue
            draft = GlossaryTermDraft.objects.create(
                term=data["term"],
                slug=data["slug"],
                pronunciation=data["pronunciation"],
                definition=data["definition"],
                other_forms="\n".join(data.get("also", [])),
            )
            publish_sample(draft)
            terms_created += 1

        self.stdout.write(
            f"Sample content: {created} article(s), {pages_created} page(s) and "
            f"{terms_created} glossary term(s) added; "
            f"{len(article_files) - created} article(s) were already there."
        )
