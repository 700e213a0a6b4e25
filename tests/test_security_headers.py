import pytest

from .factories import make_article, make_page, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    article = make_article(slug="side-effects")
    make_page("about")
    return article


PAGE_TYPES = [
    "/",
    "/articles/",
    "/articles/side-effects/",
    "/articles/topic/{topic}/",
    "/about/",
    "/crisis/",
    "/search/?q=ketamine",
    "/consultation/",
    "/consultation/thanks/",
    "/self-check/",
    "/self-check/depression/",
    "/no-such-page/",
    "/sitemap.xml",
    "/feed/",
    "/robots.txt",
    "/healthz",
]


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def assert_security_headers(response):
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ["camera=()", "microphone=()", "geolocation=()", "interest-cohort=()"]:
        assert feature in permissions


@pytest.mark.parametrize("url", PAGE_TYPES)
def test_every_page_type_sends_the_security_headers(client, site, url):
    response = client.get(url.format(topic=site.topic.slug))
    assert_security_headers(response)
    assert "'unsafe-inline'" not in csp_directives(response)["style-src"]


def test_staff_pages_send_them_too(client, site):
    client.force_login(make_staff("editor", "Content editors"))
    for url in [
        "/admin/",
        "/admin/content/articledraft/",
        f"/admin/content/articledraft/{site.draft.pk}/preview/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)


def test_editor_import_map_carries_the_nonce_of_the_policy(admin_client, site):
    response = admin_client.get(f"/admin/content/articledraft/{site.draft.pk}/change/")
    nonce = [
        source.removeprefix("'nonce-").removesuffix("'")
        for source in csp_directives(response)["script-src"]
        if source.startswith("'nonce-")
    ]
    assert len(nonce) == 1
    assert f'<script type="importmap" nonce="{nonce[0]}">' in response.content.decode()


@pytest.mark.parametrize("url", ["/consultation/", "/consultation/thanks/", "/admin/login/"])
def test_pages_with_patient_data_are_never_stored(client, url):
    response = client.get(url)
    assert "no-store" in response["Cache-Control"]


def test_admin_pages_are_never_stored(admin_client):
    for url in ["/admin/", "/admin/inquiries/inquiry/"]:
        assert "no-store" in admin_client.get(url)["Cache-Control"]
