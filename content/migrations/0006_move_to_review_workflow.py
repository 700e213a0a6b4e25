"""Give every article and page a working copy and a sign-off record.

Published articles keep their text and their reviewer's name: the reviewer an editor had
chosen becomes an approval "recorded before sign-off was tracked" (or a sample approval
for the sample reviewer), due for a real review at once. Unpublished articles become
working copies only: nothing about them was ever approved.
"""

import hashlib
import json
from datetime import datetime, time

from django.db import migrations
from django.utils import timezone

ARTICLE_FIELDS = [
    "title",
    "slug",
    "summary",
    "body",
    "featured_image_alt",
    "author_name",
    "author_credentials",
    "seo_title",
    "seo_description",
]
REFERENCE_FIELDS = ["authors", "title", "source", "year", "url", "doi", "pubmed_id"]


def fingerprint_of(content):
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def article_content(article, references):
    content = {name: getattr(article, name) for name in ARTICLE_FIELDS}
    content |= {
        "topic": article.topic_id,
        "regulatory_status": "",
        "featured_image": article.featured_image.name or "",
        "references": [{name: getattr(r, name) for name in REFERENCE_FIELDS} for r in references],
    }
    return content


def forwards(apps, schema_editor):
    Article = apps.get_model("content", "Article")
    ArticleDraft = apps.get_model("content", "ArticleDraft")
    Reference = apps.get_model("content", "Reference")
    Review = apps.get_model("content", "Review")
    Page = apps.get_model("content", "Page")
    PageDraft = apps.get_model("content", "PageDraft")
    today = timezone.localdate()

    for article in Article.objects.select_related("reviewer"):
        references = list(Reference.objects.filter(article=article).order_by("order", "id"))
        reviewed = (
            article.status == "published" and article.reviewer_id and article.last_reviewed
        )
        draft = ArticleDraft.objects.create(
            **{name: getattr(article, name) for name in ARTICLE_FIELDS},
            topic_id=article.topic_id,
            featured_image=article.featured_image.name,
            published_at=article.published_at,
            unpublish_at=article.unpublish_at,
            state="approved" if reviewed else "editing",
        )
        for reference in references:
            reference.draft, reference.article = draft, None
            reference.save()
        if not reviewed:
            article.delete()
            continue
        content = article_content(article, references)
        sample = "(sample content)" in article.reviewer.name
        decided_at = timezone.make_aware(datetime.combine(article.last_reviewed, time(12)))
        approval = Review.objects.create(
            article_draft=draft,
            content=content,
            fingerprint=fingerprint_of(content),
            status="approved",
            origin="sample" if sample else "imported",
            requested_at=decided_at,
            decided_at=decided_at,
            reviewer_name=article.reviewer.name,
            reviewer_credentials=article.reviewer.credentials,
        )
        article.approval = approval
        article.references = content["references"]
        if not sample:
            # A name chosen from a list is not a sign-off: ask for a real one now.
            article.next_review_due = min(article.next_review_due or today, today)
        article.save()
        draft.article = article
        draft.save()

    for page in Page.objects.all():
        draft = PageDraft.objects.create(
            slug=page.slug,
            title=page.title,
            summary=page.summary,
            body=page.body,
            state="approved",
            page=page,
        )
        content = {"slug": page.slug, "title": page.title, "summary": page.summary, "body": page.body}
        now = timezone.now()
        page.approval = Review.objects.create(
            page_draft=draft,
            content=content,
            fingerprint=fingerprint_of(content),
            status="approved",
            origin="imported",
            requested_at=now,
            decided_at=now,
        )
        page.next_review_due = today
        page.save()


class Migration(migrations.Migration):
    dependencies = [("content", "0005_review_workflow")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
