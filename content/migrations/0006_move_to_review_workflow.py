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
SAMPLE_REVIEWER = "Medical director (sample content)"

# The sample content as the site shipped it before this migration: a short fingerprint of
# title, summary and (cleaned) text per address. An item that still matches is sample
# content nobody changed, so later corrections to the samples can reach it (through review).
SAMPLE_ARTICLES = {
    "how-ketamine-works": "098dd5d4a55e4c74",
    "treatment-resistant-depression": "01e35eaea90c8e06",
    "iv-ketamine-infusion": "810c499374ae1850",
    "esketamine-nasal-spray": "88d576ae3e2285c3",
    "ketamine-assisted-psychotherapy": "7a8b06155f982fa1",
    "how-fast-and-how-long-relief-lasts": "64bccb26eab7f76d",
    "ketamine-and-suicidal-thoughts": "c2063648b2d59a94",
    "what-the-research-shows": "cfa614d5088af67f",
    "side-effects-and-risks": "9d41f7bcdad0b579",
    "why-medical-supervision-matters": "729580ed66fc3bbe",
    "depression-and-stigma": "ca1e660791d59ec7",
    "your-first-consultation": "d8161a18c38c87dd",
    "how-to-reach-out": "8830343ad64f360a",
}
SAMPLE_PAGES = {
    "about": "a4d91fa9dd509ae7",
    "crisis": "d8ad3e81a8c51f9c",
    "disclaimer": "4ee27c459e562a80",
    "privacy": "6b06f38a10c8478c",
}


def sample_signature(item):
    text = json.dumps([item.title, item.summary, item.body], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


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
        sample = (
            "(sample content)" in article.reviewer.name
            and SAMPLE_ARTICLES.get(article.slug) == sample_signature(article)
        )
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
        sample = SAMPLE_PAGES.get(page.slug) == sample_signature(page)
        page.approval = Review.objects.create(
            page_draft=draft,
            content=content,
            fingerprint=fingerprint_of(content),
            status="approved",
            origin="sample" if sample else "imported",
            reviewer_name=SAMPLE_REVIEWER if sample else "",
            reviewer_credentials="MD" if sample else "",
            requested_at=now,
            decided_at=now,
        )
        page.next_review_due = today
        page.save()


class Migration(migrations.Migration):
    dependencies = [("content", "0005_review_workflow")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
