"""One rule for the visitor's address, behind the documented reverse proxy: the staff
sign-in lockout and the consultation form's rate limit both read the header the proxy
sets, never the proxy's own address, and IPv6 visitors are counted per /64 network."""

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache

from .factories import make_staff
from .test_consultation_form import URL, form_token, valid_data

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the reverse proxy: every request reaches the site from it
PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def behind_a_proxy(settings):
    settings.INQUIRY_CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    cache.clear()


def sign_in(client, forwarded_for, password=PASSWORD):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "intake", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_sign_in_lock_is_per_forwarded_address_not_per_proxy(client, settings):
    make_staff("intake", "Intake staff")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "198.51.100.20", password="wrong-password-123")

    assert sign_in(client, "198.51.100.20").status_code == 429
    # Putting the real person's address in front does not get past the lock: the proxy
    # adds the address it saw at the end.
    assert sign_in(client, "198.51.100.30, 198.51.100.20").status_code == 429
    # The member of staff, elsewhere, behind the same proxy, still signs in.
    assert sign_in(client, "198.51.100.30").status_code == 302
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.20"]


def test_two_forwarded_addresses_are_two_locks(client, settings):
    make_staff("intake", "Intake staff")
    for address in ["198.51.100.20", "203.0.113.9"]:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, address, password="wrong-password-123")
    assert sorted(AccessAttempt.objects.values_list("ip_address", flat=True)) == [
        "198.51.100.20",
        "203.0.113.9",
    ]
    assert PROXY not in AccessAttempt.objects.values_list("ip_address", flat=True)


def send(client, forwarded_for, n):
    return client.post(
        URL,
        valid_data(form_token=form_token(), message=f"Request {n}"),
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    ).status_code


def test_ipv6_addresses_in_one_64_network_share_a_rate_limit(client, settings):
    settings.INQUIRY_RATE_LIMIT = 2
    assert send(client, "2001:db8:aa:1::1", 1) == 303
    assert send(client, "2001:db8:aa:1:8a2e:370:7334:9", 2) == 303
    assert send(client, "2001:db8:aa:1:ffff:ffff:ffff:fffe", 3) == 429


def test_ipv6_addresses_in_different_64_networks_do_not(client, settings):
    settings.INQUIRY_RATE_LIMIT = 2
    assert send(client, "2001:db8:aa:1::1", 1) == 303
    assert send(client, "2001:db8:aa:1::2", 2) == 303
    assert send(client, "2001:db8:aa:2::1", 3) == 303
    assert send(client, "2001:db8:bb:1::1", 4) == 303


def test_ipv4_addresses_are_counted_one_by_one(client, settings):
    settings.INQUIRY_RATE_LIMIT = 1
    assert send(client, "192.0.2.1", 1) == 303
    assert send(client, "192.0.2.2", 2) == 303
    assert send(client, "::ffff:192.0.2.1", 3) == 429  # the same IPv4 address, mapped
    assert send(client, "192.0.2.99, 192.0.2.1", 4) == 429  # a made-up first entry


def test_rate_limit_reads_the_forwarded_address_not_the_proxy(client, settings):
    settings.INQUIRY_RATE_LIMIT = 1
    assert send(client, "198.51.100.20", 1) == 303
    assert send(client, "198.51.100.21", 2) == 303  # same proxy, another person
