import hashlib
import logging
from datetime import timedelta

from django.conf import settings
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
from .models import Inquiry, SendingCount, is_urgent

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
        form_id, looks_automated = form.submission()
        if form.cleaned_data["leave_out_self_check"]:
            self_check, self_check_lost = None, False  # the patient chose to leave them out
        try:
            # The limit before anything is looked up, so the answer never tells whether a
            # request with these details exists.
            if over_rate_limit(request):
                return render(request, "inquiries/rate_limited.html", status=429)
            Inquiry.objects.receive(form.cleaned_data, form_id, looks_automated, self_check)
        except (OperationalError, InterfaceError) as error:
            # The database cannot be reached, so nothing was stored: say so plainly, with
            # the numbers to call, and keep the form as typed so it can be sent again.
            logger.error("A consultation request could not be stored (%s).", type(error).__name__)
            return render(
                request, "inquiries/inquiry_form.html", context | {"not_sent": True}, status=503
            )
        # What this visitor sent, never what was stored before: a stranger who types a
        # known person's details must not learn anything about that person's request.
        request.session[SUBMITTED_SESSION_KEY] = {
            "urgent": is_urgent(form.cleaned_data["message"], self_check),
            "self_check": "sent" if self_check else "lost" if self_check_lost else "",
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
    """Count this request and say whether this address is now past the allowed number in
    its window (INQUIRY_RATE_LIMIT per INQUIRY_RATE_LIMIT_WINDOW_SECONDS, an hour by
    default). Called only for a form that passed its checks.

    The address is kept only as a salted hash (its IPv6 /64 network), counted in a table
    every server process shares, and forgotten once the window has passed.
    """
    address = rate_limit_identity(request)  # IPv6 counts per /64 network
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()
    window = timedelta(seconds=settings.INQUIRY_RATE_LIMIT_WINDOW_SECONDS)
    return SendingCount.objects.count_one(digest, window) > settings.INQUIRY_RATE_LIMIT
