"""A bad day: the database or the cache cannot be reached. What patients get must stay
honest and useful: crisis help always, and a consultation request either stored or
plainly not sent, with everything typed kept."""

import json
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection

from inquiries.models import Inquiry

from .factories import make_page
from .test_consultation_form import URL, valid_data

pytestmark = pytest.mark.django_db

CLOSED_REDIS = {
    "default": {
        "BACKEND": "clinic_site.cache.FailOpenRedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


@contextmanager
def database_down():
    """Every query fails as it does when the database server is stopped."""

    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection to server failed: Connection refused")

    with connection.execute_wrapper(refuse):
        yield


def test_a_request_sent_while_the_database_is_down_says_it_was_not_sent(client, settings):
    page = client.get(URL)  # the form, with its token, while all is well
    token = page.context["form"]["form_token"].value()
    data = valid_data(form_token=token, message="Please call me back about treatment")
    with database_down():
        response = client.post(URL, data)

    assert response.status_code == 503
    text = response.content.decode()
    assert "Your request was not sent" in text
    assert (
        f'href="tel:+1{"".join(c for c in settings.CLINIC["phone"] if c.isdigit())[-10:]}"' in text
    )
    assert 'href="tel:988"' in text and 'href="tel:911"' in text
    # Everything typed is still in the form, ready to send again.
    assert 'value="Renée"' in text and "Please call me back about treatment" in text
    assert "Thank you" not in text
    assert not Inquiry.objects.exists()

    # Once the database is back, the same form goes through.
    assert client.post(URL, data).status_code == 303
    assert Inquiry.objects.count() == 1


def test_the_crisis_page_needs_neither_database_nor_cache(client, settings):
    make_page("crisis", body="<p>Approved crisis words.</p>")
    settings.CACHES = CLOSED_REDIS
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-returning-visitor"
    with database_down():
        response = client.get("/crisis/")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'href="tel:988"' in text and 'href="tel:911"' in text and "741741" in text
    assert "no-store" in response["Cache-Control"]  # the page without its text is not kept


def test_the_form_loads_while_the_database_is_down(client):
    with database_down():
        response = client.get(URL)
    assert response.status_code == 200
    assert "This form is not for emergencies" in response.content.decode()


def test_the_form_and_its_rate_limit_work_when_the_cache_is_down(client, settings):
    settings.CACHES = CLOSED_REDIS
    settings.INQUIRY_RATE_LIMIT = 2
    for n in range(2):
        assert client.post(URL, valid_data(first_name=f"Person{n}")).status_code == 303
    # The count lives in the database every process shares, not in the cache.
    assert client.post(URL, valid_data(first_name="Person3")).status_code == 429
    assert Inquiry.objects.count() == 2


def test_health_check_reports_the_cache_on_its_own(client, settings):
    assert json.loads(client.get("/healthz").content) == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
    }
    settings.CACHES = CLOSED_REDIS
    response = client.get("/healthz")
    assert response.status_code == 200  # slower without a cache, but up
    assert json.loads(response.content) == {
        "status": "degraded",
        "database": "ok",
        "cache": "unavailable",
    }


def test_health_check_fails_when_the_database_is_down(client):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unavailable"


def test_a_failing_health_check_sends_no_error_email(client, settings):
    from django.core import mail

    settings.ADMINS = [("Site administrator", "ops@clinic.example")]
    with database_down():
        for _ in range(3):
            assert client.get("/healthz").status_code == 503
    assert mail.outbox == []
