"""Small functions that make test data with sensible defaults."""

import itertools
from datetime import timedelta

from django.utils import timezone

from content.models import Article, Page, Reference, Reviewer, Topic

_numbers = itertools.count(1)


def make_topic(**fields):
    n = next(_numbers)
    defaults = {"name": f"Topic {n}", "slug": f"topic-{n}", "description": "About this topic."}
    return Topic.objects.create(**defaults | fields)


def make_reviewer(**fields):
    defaults = {"name": "Sam Reviewer", "credentials": "MD, psychiatrist"}
    reviewer, _ = Reviewer.objects.get_or_create(**defaults | fields)
    return reviewer


def make_article(topic=None, **fields):
    n = next(_numbers)
    if fields.get("status", Article.Status.PUBLISHED) == Article.Status.PUBLISHED:
        fields.setdefault("reviewer", make_reviewer())
        fields.setdefault("last_reviewed", timezone.localdate() - timedelta(days=30))
    defaults = {
        "title": f"Article {n}",
        "slug": f"article-{n}",
        "topic": topic or make_topic(),
        "summary": f"Summary of article {n}.",
        "body": f"<p>Body of article {n}.</p>",
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(days=1),
    }
    return Article.objects.create(**defaults | fields)


def make_reference(article, **fields):
    defaults = {"title": "A source", "source": "A journal", "year": 2020}
    return Reference.objects.create(article=article, **defaults | fields)


def make_page(slug, **fields):
    defaults = {"title": slug.title(), "summary": "A page.", "body": "<p>Page text.</p>"}
    return Page.objects.create(slug=slug, **defaults | fields)


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


def article_admin_form(**changes):
    """What the admin's article form sends for a new, reviewed, published article."""
    data = {
        "title": "From the admin",
        "slug": "from-the-admin",
        "summary": "Summary.",
        "body": "<p>Text.</p>",
        "status": Article.Status.PUBLISHED,
        "last_reviewed": "2026-11-01",
        "published_at_0": "",
        "published_at_1": "",
        "unpublish_at_0": "",
        "unpublish_at_1": "",
        "featured_image_alt": "",
        "references-TOTAL_FORMS": "0",
        "references-INITIAL_FORMS": "0",
    }
    if "topic" not in changes:
        data["topic"] = make_topic().pk
    if "reviewer" not in changes:
        data["reviewer"] = make_reviewer().pk
    return data | changes
