import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_safe

from clinic_site.client_address import rate_limit_identity
from selfcheck import attachment

from .forms import InquiryForm
from .models import Inquiry

logger = logging.getLogger(__name__)

# The thanks page learns only this from the session: never who sent the request.
SUBMITTED_SESSION_KEY = "consultation_submitted"


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


@sensitive_post_parameters()
@sensitive_variables("form", "inquiry", "self_check")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def consultation(request):
    """The request's story: validate, limit, receive (store once, queue the e-mail), 303."""
    if request.method == "POST" and attachment.OPEN_FIELD in request.POST:
        # Opened from a self-check result with its answers attached: an empty form to fill
        # in, not a failed request. Nothing is stored unless the patient sends it.
        form = InquiryForm(initial={"self_check": request.POST.get(attachment.FIELD, "")})
    else:
        form = InquiryForm(request.POST if request.method == "POST" else None)
    self_check, self_check_lost = form.attached_self_check()
    context = {
        "form": form,
        "self_check": self_check,
        "self_check_lost": self_check_lost,
        "self_check_hours": int(attachment.MAX_AGE.total_seconds() // 3600),
    }
    if form.is_bound and form.is_valid():
        # Before anything is looked up, so the answer never tells whether a request with
        # these details exists.
        if over_rate_limit(request):
            return render(request, "inquiries/rate_limited.html", status=429)
        form_id, looks_automated = form.submission()
        try:
            inquiry, _ = Inquiry.objects.receive(
                form.cleaned_data, form_id, looks_automated, self_check
            )
        except (OperationalError, InterfaceError) as error:
            # The database cannot be reached, so nothing was stored: say so plainly, with
            # the numbers to call, and keep the form as typed so it can be sent again.
            logger.error("A consultation request could not be stored (%s).", type(error).__name__)
            return render(
                request, "inquiries/inquiry_form.html", context | {"not_sent": True}, status=503
            )
        request.session[SUBMITTED_SESSION_KEY] = {
            "urgent": inquiry.is_urgent,
            "self_check": "sent" if inquiry.self_check else "lost" if self_check_lost else "",
        }
        return HttpResponseSeeOther(reverse("inquiries:thanks"))
    return render(request, "inquiries/inquiry_form.html", context)


@never_cache
@require_safe
def thanks(request):
    # Read once: on a shared computer the next person must not see this message.
    submitted = request.session.pop(SUBMITTED_SESSION_KEY, {})
    context = {
        "urgent": submitted.get("urgent", False),
        "self_check": submitted.get("self_check", ""),
    }
    return render(request, "inquiries/thanks.html", context)


def over_rate_limit(request):
    """True when this address already sent the allowed number of requests this hour.

    The address is kept only as a salted hash in the shared cache, never stored or
    logged. If the cache cannot be reached the limit lets the request through: a patient
    is never refused because a cache is down.
    """
    address = rate_limit_identity(request)  # IPv6 counts per /64 network
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()
    key = f"inquiries:rate:{digest}"
    window = settings.INQUIRY_RATE_LIMIT_WINDOW_SECONDS
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > settings.INQUIRY_RATE_LIMIT
