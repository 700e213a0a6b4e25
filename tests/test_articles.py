from datetime import timedelta

import pytest
from django.utils import timezone

from content.models import Article

from .factories import make_article, make_draft, make_reference, make_reviewer, make_topic
from .html import parse

pytestmark = pytest.mark.django_db


def test_published_article_shows_its_parts(client):
    topic = make_topic(name="Safety", slug="safety")
    article = make_article(
        topic=topic,
        title="Side effects",
        slug="side-effects",
        summary="What to expect after a dose.",
        body="<h2>During a session</h2><p>Dizziness can happen.</p>",
    )
    sibling = make_article(topic=topic, title="Why supervision matters")
    other_topic = make_article(title="Unrelated")

    response = client.get("/articles/side-effects/")

    assert response.status_code == 200
    page = parse(response)
    assert page.h1_texts == ["Side effects"]
    text = response.content.decode()
    assert "What to expect after a dose." in text
    assert "<h2>During a session</h2><p>Dizziness can happen.</p>" in text
    assert 'href="/articles/topic/safety/"' in text
    published = timezone.localtime(article.published_at).replace(microsecond=0)
    assert f'datetime="{published.isoformat()}"' in text
    assert "." not in published.isoformat()  # HTML allows no microseconds
    assert "Updated" in text
    assert sibling.title in text
    assert other_topic.title not in text


def test_draft_article_is_404(client):
    make_draft(slug="draft")
    assert client.get("/articles/draft/").status_code == 404


def test_future_dated_article_is_404_until_its_time(client):
    article = make_article(slug="soon", published_at=timezone.now() + timedelta(hours=1))
    assert client.get("/articles/soon/").status_code == 404
    assert "soon" not in client.get("/articles/").content.decode()

    Article.objects.filter(pk=article.pk).update(published_at=timezone.now())
    assert client.get("/articles/soon/").status_code == 200


def test_publishing_without_a_time_uses_the_approval_time():
    article = make_article(published_at=None, reviewer=make_reviewer())
    assert article.published_at == article.approval.decided_at
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_article_list_shows_only_published_articles(client):
    make_article(title="Visible one")
    make_draft(title="Hidden draft")
    make_article(title="Hidden future", published_at=timezone.now() + timedelta(days=2))

    text = client.get("/articles/").content.decode()

    assert "Visible one" in text
    assert "Hidden draft" not in text
    assert "Hidden future" not in text


def test_article_list_has_twelve_a_page(client):
    topic = make_topic()
    now = timezone.now()
    for n in range(13):
        make_article(topic=topic, title=f"Numbered {n:02d}", published_at=now - timedelta(hours=n))

    first = client.get("/articles/")
    second = client.get("/articles/?page=2")

    assert len(first.context["object_list"]) == 12
    assert "Numbered 00" in first.content.decode()  # newest first
    assert 'href="?page=2"' in first.content.decode()
    assert [a.title for a in second.context["object_list"]] == ["Numbered 12"]
    assert client.get("/articles/?page=3").status_code == 404
    assert client.get("/articles/?page=abc").status_code == 404


def test_topic_page_lists_its_own_published_articles(client):
    science = make_topic(name="The science", slug="the-science", description="How it works.")
    make_article(topic=science, title="Glutamate and NMDA")
    make_draft(topic=science, title="Draft on BDNF")
    make_article(title="Esketamine nasal spray")

    response = client.get("/articles/topic/the-science/")

    assert response.status_code == 200
    assert parse(response).h1_texts == ["The science"]
    text = response.content.decode()
    assert "How it works." in text
    assert "Glutamate and NMDA" in text
    assert "Draft on BDNF" not in text
    assert "Esketamine nasal spray" not in text


def test_unknown_topic_is_404(client):
    assert client.get("/articles/topic/no-such-topic/").status_code == 404


def test_references_are_listed_in_order_with_links(client):
    article = make_article(slug="cited")
    make_reference(article, order=2, title="Second source", url="")
    make_reference(
        article,
        order=1,
        title="First source",
        authors="Zanos P, Gould TD",
        url="https://www.nature.com/articles/mp2017255",
    )

    text = client.get("/articles/cited/").content.decode()

    assert text.index("First source") < text.index("Second source")
    assert '<a href="https://www.nature.com/articles/mp2017255">First source</a>' in text
    assert "Zanos P, Gould TD" in text


def test_home_shows_topics_latest_articles_and_a_call_to_consultation(client):
    topic = make_topic(name="Treatment options")
    make_article(topic=topic, title="IV infusion")

    response = client.get("/")

    text = response.content.decode()
    assert response.status_code == 200
    assert len(parse(response).h1_texts) == 1
    assert "Treatment options" in text
    assert "IV infusion" in text
    assert "request a consultation" in text.lower()
