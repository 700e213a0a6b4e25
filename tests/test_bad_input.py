"""Every kind of bad input is answered calmly: a clear 4xx or a form error, never a 500;
what is stored is exactly what was typed; nothing redirects off the site."""

import pytest
from django.test import Client

from inquiries.models import Inquiry

from .factories import make_article, make_staff
from .test_consultation_form import valid_data

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "' OR '1'='1'; DROP TABLE inquiries_inquiry; --",
    "Robert'); DELETE FROM content_article;--",
    "x" * 10_000,
    "y" * 1_000_000,
    "nul\x00byte",
    "Ключ кетамин 氯胺酮 مرحبا 😊👍🏽",
    "../../../../etc/passwd",
    "%00%2e%2e%2f",
    "{{ 7*7 }} {% debug %}",
]


@pytest.fixture(autouse=True)
def _content_and_no_rate_limit(settings):
    from django.core.cache import cache

    cache.clear()
    settings.INQUIRY_RATE_LIMIT = 10_000
    make_article(slug="an-article")


def ok_or_client_error(response):
    assert response.status_code < 500, response.status_code
    return response


@pytest.mark.parametrize("payload", PAYLOADS)
def test_search_and_list_parameters(client, payload):
    response = ok_or_client_error(client.get("/search/", {"q": payload, "page": payload}))
    text = response.content.decode()
    assert "<script>alert('x')</script>" not in text
    assert "<img src=x onerror" not in text
    ok_or_client_error(client.get("/articles/", {"page": payload}))
    ok_or_client_error(client.get("/articles/topic/x/", {"page": payload}))


@pytest.mark.parametrize(
    "field",
    ["first_name", "last_name", "email", "phone", "message", "best_time", "heard_from"],
)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_consultation_fields(client, field, payload):
    response = ok_or_client_error(client.post("/consultation/", valid_data(**{field: payload})))
    if response.status_code == 303:
        stored = Inquiry.objects.get()
        assert getattr(stored, field) == payload  # exactly as typed
    else:
        assert response.status_code == 200
        assert response.context["form"].errors
        text = response.content.decode()
        assert "<script>alert('x')</script>" not in text
        assert "<img src=x onerror" not in text


def test_message_with_markup_is_stored_exactly_as_typed(client):
    typed = "<b>Hi</b> & 'quotes' \"double\" <script>alert(1)</script> 😊"
    client.post("/consultation/", valid_data(message=typed))
    assert Inquiry.objects.get().message == typed


def test_invalid_utf8_in_the_query_and_the_form(client):
    ok_or_client_error(client.get("/search/?q=%ff%fe%fd"))
    response = client.generic(
        "POST",
        "/consultation/",
        b"first_name=%ff%fe&last_name=%c3%28&email=a%40b.c",
        content_type="application/x-www-form-urlencoded",
    )
    ok_or_client_error(response)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('{"first_name": "Dana"}', "application/json"),
        ("<inquiry><name>Dana</name></inquiry>", "application/xml"),
        ("first_name=Dana", "text/plain"),
        ("--x\r\nbroken multipart", "multipart/form-data; boundary=x"),
    ],
)
def test_wrong_content_types(client, body, content_type):
    response = ok_or_client_error(
        client.generic("POST", "/consultation/", body.encode(), content_type=content_type)
    )
    assert not Inquiry.objects.exists()
    assert response.status_code in (200, 400)


def test_missing_or_forged_csrf_token_is_refused_kindly():
    client = Client(enforce_csrf_checks=True)
    missing = client.post("/consultation/", valid_data())
    client.get("/consultation/")  # sets the CSRF cookie
    forged = client.post("/consultation/", valid_data(csrfmiddlewaretoken="forged" * 6))
    for response in [missing, forged]:
        assert response.status_code == 403
        text = response.content.decode()
        assert "Please send the form again" in text
        assert 'href="tel:988"' in text
    assert not Inquiry.objects.exists()


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("put", "/consultation/"),
        ("delete", "/consultation/"),
        ("patch", "/consultation/"),
        ("post", "/articles/"),
        ("post", "/articles/an-article/"),
        ("post", "/search/"),
        ("post", "/consultation/thanks/"),
        ("post", "/"),
        ("delete", "/crisis/"),
    ],
)
def test_wrong_methods(client, method, url):
    assert getattr(client, method)(url).status_code == 405


@pytest.mark.parametrize(
    "url",
    [
        "/articles/../../etc/passwd",
        "/articles/%2e%2e/%2e%2e/settings.py",
        "/static/../clinic_site/settings.py",
        "/static/%2e%2e/manage.py",
        "/media/../db.sqlite3",
        "/articles/topic/..%2f..%2f/",
        "/preview/articles/../../admin/",
    ],
)
def test_path_traversal_finds_nothing(client, url):
    response = client.get(url)
    assert response.status_code in (301, 302, 400, 404)
    assert b"SECRET_KEY" not in response.content


def test_bad_host_header_is_refused(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"],
)
def test_next_parameters_never_leave_the_site(client, next_url):
    make_staff("editor", "Content editors")
    response = client.post(
        f"/admin/login/?next={next_url}",
        {"username": "editor", "password": "a-long-test-password", "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] in ("/admin/", "/accounts/profile/")
    logout = client.post(f"/admin/logout/?next={next_url}", {"next": next_url})
    assert "evil.example" not in logout.get("Location", "")
