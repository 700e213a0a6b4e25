"""Whose request is this? One rule for the visitor's network address, used by the
consultation form's rate limit and by the staff sign-in lockout (django-axes).

Behind a reverse proxy, REMOTE_ADDR is the proxy's own address, so the address is read
from the request header named by INQUIRY_CLIENT_ADDRESS_HEADER (as Django spells it,
e.g. HTTP_X_FORWARDED_FOR or HTTP_X_REAL_IP). In a list, the last entry is used: it is
the one our own proxy added; earlier entries come from the client and could be made up.
A request with no usable address in that header did not come through the proxy, so its
REMOTE_ADDR is the visitor's own.

A visitor's address is never stored or logged by the site: the rate limit keeps a salted
hash of it in a database table (inquiries.SendingCount). Staff sign-ins are the exception:
django-axes keeps and logs the address of each staff sign-in, sign-out and failed try.
"""

import ipaddress

from django.conf import settings


def _parse(text):
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped  # ::ffff:192.0.2.1 is the IPv4 address 192.0.2.1
    return address


def _address(request):
    header = request.META.get(settings.INQUIRY_CLIENT_ADDRESS_HEADER) or ""
    return _parse(header.split(",")[-1]) or _parse(request.META.get("REMOTE_ADDR") or "")


def client_address(request):
    """The visitor's address as text, or None when the request carries none.

    This is also django-axes' AXES_CLIENT_IP_CALLABLE, so staff sign-in locks are per
    visitor, not per proxy."""
    address = _address(request)
    return str(address) if address else None


def rate_limit_identity(request):
    """Who the rate limit counts requests for: an IPv4 address as it is; an IPv6 address
    by its /64 network, since one home or phone connection is given a whole /64 and can
    pick a new address in it for every request."""
    address = _address(request)
    if address is None:
        return ""
    if address.version == 6:
        return str(ipaddress.ip_network((address, 64), strict=False))
    return str(address)
