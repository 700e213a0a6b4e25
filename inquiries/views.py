import hashlib
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_safe

from clinic_site.client_address import rate_limit_identity
from selfcheck import attachment

from .crisis import mentions_crisis
from .forms import InquiryForm
from .models import Inquiry
from .notifications import notify_new_inquiry

# The thanks page learns only this from the session: never who sent the request.
SUBMITTED_SESSION_KEY = "consultation_submitted"


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


@sensitive_post_parameters()
@sensitive_variables("form", "inquiry", "self_check")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def consultation(request):
    if request.method == "POST" and attachment.OPEN_FIELD in request.POST:
        # Opened from a self-check result with its answers attached: an empty form to fill
        # in, not a failed request. Nothing is stored unless the patient sends it.
        form = InquiryForm(initial={"self_check": request.POST.get(attachment.FIELD, "")})
    else:
        form = InquiryForm(request.POST if request.method == "POST" else None)
    self_check, self_check_lost = form.attached_self_check()
    if form.is_bound and form.is_valid():
        submission_id, looks_automated = form.submission()
        inquiry = find_duplicate(form, submission_id)
        if inquiry is None:
            if over_rate_limit(request):
                return render(request, "inquiries/rate_limited.html", status=429)
            if Inquiry.objects.filter(submission_token=submission_id).exists():
                # The same form sent again with corrected details: a new request.
                submission_id = uuid.uuid4()
            inquiry = form.save(commit=False)
            inquiry.submission_token = submission_id
            inquiry.self_check = self_check.as_record() if self_check else None
            inquiry.is_urgent = mentions_crisis(inquiry.message) or bool(
                self_check and self_check.needs_crisis_help
            )
            if looks_automated:
                inquiry.status = Inquiry.Status.SPAM
            inquiry, created = store_once(inquiry)
            if created and inquiry.status != Inquiry.Status.SPAM:
                admin_url = request.build_absolute_uri(inquiry.get_admin_url())
                transaction.on_commit(
                    lambda: notify_new_inquiry(inquiry.pk, inquiry.is_urgent, admin_url)
                )
        request.session[SUBMITTED_SESSION_KEY] = {
            "urgent": inquiry.is_urgent,
            "self_check": "sent" if inquiry.self_check else "lost" if self_check_lost else "",
        }
        return HttpResponseSeeOther(reverse("inquiries:thanks"))
    context = {
        "form": form,
        "self_check": self_check,
        "self_check_lost": self_check_lost,
        "self_check_hours": int(attachment.MAX_AGE.total_seconds() // 3600),
    }
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


@sensitive_variables("form", "data")
def find_duplicate(form, submission_id):
    """The request already stored with exactly these details from this copy of the form,
    or a few minutes ago (a double click, or back and send again)."""
    data = form.cleaned_data
    return (
        Inquiry.objects.filter(
            Q(submission_token=submission_id)
            | Q(received_at__gte=timezone.now() - timedelta(minutes=15)),
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
            message=data["message"],
        )
        .order_by("received_at")
        .first()
    )


@sensitive_variables("inquiry")
def store_once(inquiry):
    """Save the request and return (request, True); if the same form was saved a moment
    ago by a second click, return (that request, False) instead of failing."""
    try:
        with transaction.atomic():
            inquiry.save()
    except IntegrityError:
        stored = Inquiry.objects.filter(submission_token=inquiry.submission_token).first()
        if stored is None:
            raise
        return stored, False
    return inquiry, True


def over_rate_limit(request):
    """True when this address already sent the allowed number of requests this hour.

    The address is kept only as a salted hash in the cache, never stored or logged.
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
