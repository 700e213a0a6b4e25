"""Load the sample topics, articles, pages and glossary terms from content/sample_content/,
and the self-check wording from its built-in version (selfcheck/texts.py).

Safe to run again; nothing is duplicated. For each article, page, glossary term and the
self-check wording:

- **new** (its address is not in the database, not even as an article's old address): on
  a fresh install (no article or page yet) it goes live through ``publish_sample``, its
  sign-off marked as sample content, which no reviewer's account made. On a site already
  in use it is added as a working copy and sent for medical review, like a correction:
  nothing new reaches readers there without a reviewer.
- **unchanged since a sample sign-off** (live on a sample approval, no change since and
  nothing waiting for review) but the sample file now says something else (a correction):
  its working copy is updated to the new sample text and sent for medical review, from
  the loader rather than from a person. Readers keep the approved text until a medical
  reviewer approves the correction.
- **anything else** (an editor changed it, a reviewer signed it off with their own
  account, it waits for review, it was taken off the site): left exactly as it is.
"""

import tomllib
from collections import Counter
from datetime import timedelta
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from content import review
from content.models import (
    Article,
    ArticleDraft,
    ArticleRedirect,
    GlossaryTermDraft,
    Page,
    PageDraft,
    Reference,
    Review,
    Topic,
)
from content.sanitize import clean_html
from selfcheck.models import SelfCheckWordingDraft
from selfcheck.texts import TEXTS

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_content"
SAMPLE_AUTHOR = "The clinic's editorial team"
# The oldest sample article was published (and reviewed) this many days ago, the newest
# NEWEST_DAYS ago, so the list shows a realistic spread of review dates.
OLDEST_DAYS, NEWEST_DAYS = 340, 14
REFERENCE_KEYS = ["authors", "title", "source", "year", "url", "doi", "pubmed_id"]
CORRECTION_NOTE = (
    "The sample content this was loaded from has been corrected. This is the corrected "
    "text, sent by the sample content loader: nobody on the staff has changed it."
)
NEW_NOTE = (
    "New sample content that came with an update of the site, sent by the sample content "
    "loader: nobody on the staff has written or checked it yet."
)


def read_toml(path):
    with path.open("rb") as file:
        return tomllib.load(file)


def article_fields(data, topics):
    return {
        "title": data["title"],
        "slug": data["slug"],
        "topic_id": topics[data["topic"]].pk,
        "summary": data["summary"],
        "body": clean_html(data["body"]),
        "regulatory_status": data.get("regulatory_status", ""),
    }


def article_references(data):
    return [
        {key: reference.get(key, "" if key != "year" else None) for key in REFERENCE_KEYS}
        for reference in data.get("references", [])
    ]


def page_fields(data):
    return {"title": data["title"], "summary": data["summary"], "body": clean_html(data["body"])}


def term_fields(data):
    return {
        "term": data["term"],
        "slug": data["slug"],
        "pronunciation": data["pronunciation"],
        "definition": data["definition"],
        "other_forms": "\n".join(data.get("also", [])),
    }


def unchanged_since_sample(draft):
    """Whether ``draft`` is still exactly sample content as it was signed off: live on a
    sample approval, nothing changed since, nothing waiting for review, and (an article)
    not taken off the site."""
    live = draft.live
    return (
        live is not None
        and live.approval.origin == Review.Origin.SAMPLE
        and getattr(live, "status", None) != Article.Status.WITHDRAWN
        and draft.state != draft.State.WAITING
        and not draft.has_unapproved_changes()
    )


def set_references(draft, references):
    draft.references.all().delete()
    Reference.objects.bulk_create(
        Reference(draft=draft, order=order, **reference)
        for order, reference in enumerate(references, start=1)
    )


class Command(BaseCommand):
    help = (
        "Load the sample topics, articles, pages, glossary terms and self-check wording: new "
        "ones go live as sample content; corrections to unchanged sample content are sent "
        "for medical review."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        self.counts = Counter()
        # Only a brand-new site takes sample content live at once.
        self.fresh = not (ArticleDraft.objects.exists() or PageDraft.objects.exists())
        topics = self.load_topics()
        self.load_articles(topics)
        self.load_pages()
        self.load_glossary()
        self.load_selfcheck_wording()
        counts = self.counts
        self.stdout.write(
            f"Sample content: {counts['article']} article(s), {counts['page']} page(s), "
            f"{counts['term']} glossary term(s) and {counts['wording']} self-check wording "
            f"added as sample content; {counts['sent']} new or corrected item(s) sent for "
            "medical review."
        )

    def load_topics(self):
        topics = {}
        for order, data in enumerate(read_toml(SAMPLE_DIR / "topics.toml")["topics"], start=1):
            topics[data["slug"]], _ = Topic.objects.get_or_create(
                slug=data["slug"],
                defaults={"name": data["name"], "description": data["description"], "order": order},
            )
        return topics

    def load_articles(self, topics):
        article_files = sorted((SAMPLE_DIR / "articles").glob("*.toml"))
        drafts = {draft.slug: draft for draft in ArticleDraft.objects.select_related("article")}
        # An article an editor moved keeps its old address: it is not a missing article.
        taken = set(Article.objects.values_list("slug", flat=True)) | set(
            ArticleRedirect.objects.values_list("old_slug", flat=True)
        )
        now = timezone.now()
        step = (OLDEST_DAYS - NEWEST_DAYS) / max(len(article_files) - 1, 1)
        for position, path in enumerate(article_files):
            data = read_toml(path)
            fields, references = article_fields(data, topics), article_references(data)
            change_summary = data.get("change_summary", "")
            if data["slug"] in drafts:
                self.send_correction(drafts[data["slug"]], fields, change_summary, references)
                continue
            if data["slug"] in taken:
                continue
            published_at = now - timedelta(days=round(OLDEST_DAYS - position * step))
            draft = ArticleDraft.objects.create(
                **fields,
                published_at=published_at if self.fresh else None,
                author_name=SAMPLE_AUTHOR,
            )
            set_references(draft, references)
            self.add_new(draft, "article", change_summary, approved_at=published_at)

    def load_pages(self):
        drafts = {draft.slug: draft for draft in PageDraft.objects.select_related("page")}
        for path in sorted((SAMPLE_DIR / "pages").glob("*.toml")):
            data = read_toml(path)
            if data["slug"] not in Page.Kind.values:
                continue
            fields, change_summary = page_fields(data), data.get("change_summary", "")
            if data["slug"] in drafts:
                self.send_correction(drafts[data["slug"]], fields, change_summary)
                continue
            draft = PageDraft.objects.create(slug=data["slug"], **fields)
            self.add_new(draft, "page", change_summary)

    def load_glossary(self):
        drafts = {d.slug: d for d in GlossaryTermDraft.objects.select_related("glossary_term")}
        for data in read_toml(SAMPLE_DIR / "glossary.toml")["terms"]:
            fields = term_fields(data)
            if data["slug"] in drafts:
                self.send_correction(drafts[data["slug"]], fields)
                continue
            self.add_new(GlossaryTermDraft.objects.create(**fields), "term")

    def load_selfcheck_wording(self):
        fields = {"texts": dict(TEXTS)}
        draft = SelfCheckWordingDraft.objects.select_related("wording").first()
        if draft is not None:
            self.send_correction(draft, fields)
            return
        self.add_new(SelfCheckWordingDraft.objects.create(**fields), "wording")

    def add_new(self, draft, kind, change_summary="", approved_at=None):
        """Sample content new to this database: live at once on a fresh install, else sent
        for medical review from the loader."""
        if self.fresh:
            review.publish_sample(draft, approved_at=approved_at, change_summary=change_summary)
            self.counts[kind] += 1
            return
        review.record_edit(draft, None)
        draft.editor_note = NEW_NOTE
        draft.change_summary = change_summary or "First published."
        draft.save()
        review.submit(draft, None)
        self.counts["sent"] += 1

    def send_correction(self, draft, fields, change_summary="", references=None):
        """If ``draft`` is unchanged sample content and the sample now says something else,
        update it to the sample and send it for medical review (from nobody: the loader)."""
        current_references = [
            {key: getattr(reference, key) for key in REFERENCE_KEYS}
            for reference in (draft.references.all() if references is not None else [])
        ]
        corrected = any(getattr(draft, name) != value for name, value in fields.items()) or (
            references is not None and current_references != references
        )
        if not corrected or not unchanged_since_sample(draft):
            return
        review.record_edit(draft, None)
        for name, value in fields.items():
            setattr(draft, name, value)
        draft.editor_note, draft.change_summary = CORRECTION_NOTE, change_summary
        draft.save()
        if references is not None:
            set_references(draft, references)
        review.submit(draft, None)
        self.counts["sent"] += 1
