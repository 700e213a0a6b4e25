"""Small functions that make test data with sensible defaults."""

import itertools
from datetime import timedelta

from django.utils import timezone

from content import review
from content.models import (
    Article,
    ArticleDraft,
    GlossaryTermDraft,
    PageDraft,
    Reference,
    Reviewer,
    Topic,
)

_numbers = itertools.count(1)


def make_topic(**fields):
    n = next(_numbers)
    defaults = {"name": f"Topic {n}", "slug": f"topic-{n}", "description": "About this topic."}
    return Topic.objects.create(**defaults | fields)


def make_reviewer(username=None, name="Sam Reviewer", credentials="MD, psychiatrist"):
    """A member of staff in the "Medical reviewers" group with a reviewer profile."""
    user = make_staff(username or f"reviewer{next(_numbers)}", "Medical reviewers")
    Reviewer.objects.create(user=user, name=name, credentials=credentials)
    return user


def make_draft(topic=None, references=(), **fields):
    """An article's working copy, not on the site."""
    n = next(_numbers)
    defaults = {
        "title": f"Article {n}",
        "slug": f"article-{n}",
        "topic": topic or make_topic(),
        "summary": f"Summary of article {n}.",
        "body": f"<p>Body of article {n}.</p>",
    }
    draft = ArticleDraft.objects.create(**defaults | fields)
    for order, reference in enumerate(references, start=1):
        Reference.objects.create(draft=draft, order=order, **reference)
    return draft


def make_article(topic=None, references=(), reviewer=None, next_review_due=None, **fields):
    """A live article. Approved by ``reviewer`` (a user from ``make_reviewer``) through
    the review workflow, else published as sample content."""
    fields.setdefault("published_at", timezone.now() - timedelta(days=1))
    draft = make_draft(topic, references, **fields)
    if reviewer is None:
        article = review.publish_sample(draft)
    else:
        sent = review.submit(draft, make_staff(f"editor{next(_numbers)}", "Content editors"))
        article = review.approve(sent, reviewer)
    if next_review_due is not None:
        Article.objects.filter(pk=article.pk).update(next_review_due=next_review_due)
        article.refresh_from_db()
    return article


def make_reference(article, **fields):
    """Add a reference to a live article (through a sample approval)."""
    draft = article.draft
    defaults = {
        "title": "A source",
        "source": "A journal",
        "year": 2020,
        "order": draft.references.count() + 1,
    }
    Reference.objects.create(draft=draft, **defaults | fields)
    return review.publish_sample(draft)


def make_page(slug, **fields):
    defaults = {"title": slug.title(), "summary": "A page.", "body": "<p>Page text.</p>"}
    draft = PageDraft.objects.create(slug=slug, **defaults | fields)
    return review.publish_sample(draft)


def make_term_draft(**fields):
    """A glossary term's working copy, not on the site."""
    n = next(_numbers)
    defaults = {
        "term": f"Term {n}",
        "slug": f"term-{n}",
        "pronunciation": f"TURM {n}",
        "definition": f"What term {n} means, in plain words.",
    }
    return GlossaryTermDraft.objects.create(**defaults | fields)


def make_term(**fields):
    """A live glossary term (published as sample content)."""
    return review.publish_sample(make_term_draft(**fields))


def term_admin_form(draft=None, **changes):
    """What the admin's glossary term form sends: for a new term, or ``draft`` unchanged."""
    data = {
        "term": "Remission",
        "slug": "remission",
        "pronunciation": "rih-MISH-un",
        "definition": "When symptoms drop to a very low level.",
        "other_forms": "",
        "editor_note": "",
        "seen_version": "0",
    }
    if draft is not None:
        data |= {name: getattr(draft, name) for name in GlossaryTermDraft.REVIEWED_FIELDS}
        data["editor_note"], data["seen_version"] = draft.editor_note, str(draft.edit_version)
    return data | changes


def make_inquiry(**fields):
    from inquiries.models import Inquiry

    defaults = {
        "first_name": "Dana",
        "last_name": "Rivera",
        "email": "dana@example.com",
        "phone": "(949) 555-0101",
        "preferred_contact": Inquiry.ContactMethod.PHONE,
        "best_time": Inquiry.BestTime.MORNING,
        "message": "I would like to know if ketamine could help me.",
        "is_adult": True,
        "consented": True,
    }
    return Inquiry.objects.create(**defaults | fields)


def make_staff(username, group_name=None, **fields):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", "a-long-test-password", is_staff=True, **fields
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


def article_admin_form(draft=None, **changes):
    """What the admin's article form sends: for a new article, or ``draft`` unchanged."""
    data = {
        "title": "From the admin",
        "slug": "from-the-admin",
        "summary": "Summary.",
        "body": "<p>Text.</p>",
        "regulatory_status": "",
        "author_name": "",
        "author_credentials": "",
        "featured_image_alt": "",
        "seo_title": "",
        "seo_description": "",
        "editor_note": "",
        "change_summary": "",
        "seen_version": "0",
        "published_at_0": "",
        "published_at_1": "",
        "unpublish_at_0": "",
        "unpublish_at_1": "",
        "references-TOTAL_FORMS": "0",
        "references-INITIAL_FORMS": "0",
    }
    if draft is not None:
        for name in ArticleDraft.REVIEWED_FIELDS:
            if name in ("topic", "featured_image"):
                continue
            data[name] = getattr(draft, name)
        data["topic"] = draft.topic_id
        data["editor_note"], data["change_summary"] = draft.editor_note, draft.change_summary
        data["seen_version"] = str(draft.edit_version)
        for field in ("published_at", "unpublish_at"):
            value = getattr(draft, field)
            if value:
                local = timezone.localtime(value)
                data[f"{field}_0"] = local.strftime("%Y-%m-%d")
                data[f"{field}_1"] = local.strftime("%H:%M:%S")
        references = list(draft.references.all())
        data["references-TOTAL_FORMS"] = str(len(references))
        data["references-INITIAL_FORMS"] = str(len(references))
        for i, reference in enumerate(references):
            data[f"references-{i}-id"] = reference.pk
            data[f"references-{i}-draft"] = draft.pk
            for name in ["order", "year", "authors", "title", "source", "url", "doi", "pubmed_id"]:
                value = getattr(reference, name)
                data[f"references-{i}-{name}"] = "" if value is None else value
    elif "topic" not in changes:
        data["topic"] = make_topic().pk
    return data | changes
