import hashlib
import uuid
from datetime import datetime, time, timedelta
from functools import cache

import holidays
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from .crisis import mentions_crisis

# A new request should be answered within one business day: 24 hours, not counting
# weekends and public holidays, in the clinic's time zone.
RESPONSE_TIME = timedelta(hours=24)
# The same details sent again within this time are the same request (a double click, or
# back and send again), unless the first copy was taken for spam.
DUPLICATE_WINDOW = timedelta(minutes=15)
# One copy of the form can send this many requests (a patient correcting a detail); any
# more from the same copy are kept as spam (a bot replaying one form).
REQUESTS_PER_FORM = 2
# An urgent request whose e-mail to intake staff is still unsent after this long is shown
# to them in red on the staff site.
URGENT_NOTICE_AFTER = timedelta(minutes=5)


@cache
def clinic_holidays(year):
    """US federal and California state holidays in ``year`` (Thanksgiving and the day
    after, Christmas, César Chávez Day, ...), as the ``holidays`` package lists them,
    with the weekday a holiday is observed on when it falls on a weekend."""
    federal = holidays.country_holidays("US", years=year)
    california = holidays.country_holidays("US", subdiv="CA", years=year)
    return frozenset(federal) | frozenset(california)


def is_business_day(day):
    return day.weekday() < 5 and day not in clinic_holidays(day.year)


def overdue_cutoff(now=None):
    """The time before which a request that is still new is overdue at ``now``."""
    end = timezone.localtime(now or timezone.now()).replace(tzinfo=None)
    day = end.date()
    remaining = RESPONSE_TIME
    while True:
        day_start = datetime.combine(day, time.min)
        if is_business_day(day):
            if remaining <= end - day_start:
                return timezone.make_aware(end - remaining)
            remaining -= end - day_start
        end, day = day_start, day - timedelta(days=1)


def queue_priority():
    """The intake queue's order, before arrival time: 0 for urgent requests nobody has
    contacted yet (spam-flagged ones too), 1 for other new ones, 2 for the rest. An index
    on it (``inquiry_priority_idx``) lets the queue read one page without sorting every
    request; the queue must use this same expression for the index to apply."""
    return Case(
        When(is_urgent=True, status__in=["new", "spam"], then=Value(0)),
        When(status="new", then=Value(1)),
        default=Value(2),
        output_field=models.IntegerField(),
    )


class InquiryQuerySet(models.QuerySet):
    def receive(self, data, form_id, looks_automated, self_check=None):
        """Store a valid consultation request exactly once and return (request, created).

        ``data`` is the form's cleaned data, ``form_id`` names the copy of the form it
        came from, and ``looks_automated`` is the form's spam guess. The rules:

        - The same details from the same copy of the form, or from any copy within
          DUPLICATE_WINDOW, are the request already stored; a request taken for spam is
          matched only from its own copy of the form, so nobody can hide a real request
          behind a planted one. A genuine-looking resend of a spam row promotes it to New.
        - A message that mentions a crisis, or a self-check whose question 9 was answered
          above "Not at all", makes the request urgent.
        - A guess of "automated", or a copy of the form already used for REQUESTS_PER_FORM
          requests, stores it as spam (never dropped: the guess can be wrong).
        - Staff are told by e-mail through the task queue (not for spam, unless it is
          urgent); the task is added in the same transaction, so a stored request is never
          left untold.
        """
        details = {name: data[name] for name in PATIENT_FIELDS}
        same_details = Q(**{name: details[name] for name in IDENTIFYING_FIELDS})
        urgent = is_urgent(details["message"], self_check)
        with transaction.atomic():
            earlier = (
                self.select_for_update()
                .filter(same_details)
                .filter(
                    Q(form_id=form_id)
                    | (
                        Q(received_at__gte=timezone.now() - DUPLICATE_WINDOW)
                        & ~Q(status=Inquiry.Status.SPAM)
                    )
                )
                .order_by("received_at")
                .first()
            )
            if earlier is not None:
                earlier.merge_resend(looks_automated, urgent, self_check)
                return earlier, False
            uses = self.filter(form_id=form_id).count()
            inquiry = self.model(
                **details,
                form_id=form_id,
                # The first REQUESTS_PER_FORM requests from one copy of the form hold a
                # numbered place (unique with the form), so two sent at the same moment
                # cannot both take the last one.
                form_use=uses + 1 if uses < REQUESTS_PER_FORM else None,
                submission_token=submission_token(form_id, details),
                self_check=self_check.as_record() if self_check else None,
                is_urgent=urgent,
            )
            if looks_automated or inquiry.form_use is None:
                inquiry.status = Inquiry.Status.SPAM
            try:
                with transaction.atomic():
                    inquiry.save()
            except IntegrityError:
                stored = self.filter(submission_token=inquiry.submission_token).first()
                if stored is not None:
                    # The same form sent twice at the same moment: the other was stored.
                    return stored, False
                if inquiry.form_use is None:
                    raise
                # Another request from this copy of the form took the place: spam.
                inquiry.form_use, inquiry.status = None, Inquiry.Status.SPAM
                inquiry.save()
            if inquiry.status != Inquiry.Status.SPAM or inquiry.is_urgent:
                inquiry.notify_staff()
        return inquiry, True

    def urgent_unannounced(self, now=None):
        """Urgent requests whose e-mail to intake staff has not gone out within
        URGENT_NOTICE_AFTER (only when such e-mails are configured)."""
        if not settings.INQUIRY_NOTIFY_EMAILS:
            return self.none()
        cutoff = (now or timezone.now()) - URGENT_NOTICE_AFTER
        return self.filter(is_urgent=True, notified_at__isnull=True, received_at__lt=cutoff)

    def overdue(self, now=None):
        """New requests that have waited longer than one business day."""
        return self.filter(status=Inquiry.Status.NEW, received_at__lt=overdue_cutoff(now))

    def set_status(self, status):
        """Give these requests a new status in one query, keeping ``finished_at`` in step
        the way ``Inquiry.save()`` does: set when a request is finished (kept if it already
        was), cleared when it is reopened."""
        now = timezone.now()
        finished = status in Inquiry.FINISHED
        return self.update(
            status=status,
            finished_at=Coalesce(F("finished_at"), Value(now)) if finished else None,
            updated_at=now,
        )


class Inquiry(models.Model):
    """A consultation request sent by a patient through the site's form.

    What the patient typed is a record of what they said: staff never edit it, they only
    change the status and the assignee, and add notes.
    """

    class ContactMethod(models.TextChoices):
        PHONE = "phone", "Phone call"
        TEXT = "text", "Text message"
        EMAIL = "email", "Email"

    class BestTime(models.TextChoices):
        MORNING = "morning", "Morning (8 am to noon)"
        AFTERNOON = "afternoon", "Afternoon (noon to 5 pm)"
        ANY = "any", "Any time during office hours"

    class HeardFrom(models.TextChoices):
        CLINICIAN = "clinician", "My doctor or therapist"
        FRIEND = "friend", "A friend or family member"
        SEARCH = "search", "A web search"
        SOCIAL = "social", "Social media"
        OTHER = "other", "Somewhere else"

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        SCHEDULED = "scheduled", "Scheduled"
        NOT_A_FIT = "not_a_fit", "Not a fit"
        CLOSED = "closed", "Closed"
        SPAM = "spam", "Spam"

    # Finished with: the retention period counts from when a request got one of these.
    FINISHED = [Status.CLOSED, Status.NOT_A_FIT, Status.SPAM]

    first_name = models.CharField("first name", max_length=100)
    last_name = models.CharField("last name", max_length=100)
    email = models.EmailField("email", max_length=254, blank=True)
    phone = models.CharField("phone", max_length=30, blank=True)
    preferred_contact = models.CharField(
        "preferred contact", max_length=10, choices=ContactMethod.choices
    )
    best_time = models.CharField("best time to reach", max_length=10, choices=BestTime.choices)
    message = models.TextField("what they would like help with", max_length=2000, blank=True)
    heard_from = models.CharField(
        "how they heard of us", max_length=10, choices=HeardFrom.choices, blank=True
    )
    is_adult = models.BooleanField("confirmed 18 or older", default=False)
    consented = models.BooleanField("agreed to be contacted", default=False)

    received_at = models.DateTimeField("received", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("last changed", auto_now=True)
    status = models.CharField(
        "status",
        max_length=10,
        choices=Status.choices,
        default=Status.NEW,
        help_text="Spam is hidden from the list unless you filter for it.",
    )
    finished_at = models.DateTimeField(
        "finished",
        null=True,
        blank=True,
        editable=False,
        help_text="When the request was closed, found not a fit or marked spam. It is "
        "deleted when the retention period has passed since then; reopening it clears this.",
    )
    is_urgent = models.BooleanField(
        "urgent",
        default=False,
        help_text="Set when the message mentions suicide, wanting to die, self-harm or "
        "overdose, or a self-check sent with it shows thoughts of self-harm. Contact the "
        "person first.",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_inquiries",
        verbose_name="assigned to",
        help_text="The member of the intake team who follows this request up.",
    )
    self_check = models.JSONField(
        "self-check sent with the request",
        null=True,
        blank=True,
        editable=False,
        help_text="The depression or anxiety self-check answers and score the patient chose "
        "to send with this request, if any.",
    )
    # Which copy of the form sent it (several requests may come from one copy), and one
    # value per copy and details, so the same form sent twice at once is stored once.
    form_id = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    form_use = models.PositiveSmallIntegerField(null=True, editable=False)
    submission_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    notified_at = models.DateTimeField(
        "staff told by e-mail",
        null=True,
        blank=True,
        editable=False,
        help_text="When the e-mail telling intake staff about this request went out.",
    )

    objects = InquiryQuerySet.as_manager()

    class Meta:
        verbose_name = "consultation request"
        verbose_name_plural = "consultation requests"
        ordering = ["received_at"]  # the staff queue puts urgent new requests first
        permissions = [("export_inquiry", "Can export consultation requests to CSV")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""),
                name="inquiry_has_email_or_phone",
            ),
            models.UniqueConstraint(
                fields=["form_id", "form_use"], name="one_request_per_place_of_a_form"
            ),
            models.CheckConstraint(
                condition=Q(is_adult=True) & Q(consented=True),
                name="inquiry_adult_and_consented",
            ),
            # Inquiry.FINISHED, spelled out: Meta cannot see the class's own names.
            models.CheckConstraint(
                condition=Q(status__in=["closed", "not_a_fit", "spam"], finished_at__isnull=False)
                | (~Q(status__in=["closed", "not_a_fit", "spam"]) & Q(finished_at__isnull=True)),
                name="inquiry_finished_at_matches_status",
                violation_error_message="A finished request needs the time it was finished.",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "received_at"], name="inquiry_queue_idx"),
            models.Index(queue_priority(), "received_at", name="inquiry_priority_idx"),
            # The queue's red banner: urgent requests whose e-mail has not gone out (few).
            models.Index(
                fields=["received_at"],
                condition=Q(is_urgent=True, notified_at__isnull=True),
                name="inquiry_unannounced_idx",
            ),
        ]

    def __str__(self):
        return f"Request #{self.pk}"

    def save(self, *args, **kwargs):
        # Whichever way the status changes (the admin form, the form's spam check, a
        # script), the time it was finished follows it.
        if self.status in self.FINISHED:
            if self.finished_at is None:
                self.finished_at = timezone.now()
        else:
            self.finished_at = None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "status" in update_fields:
            kwargs["update_fields"] = {*update_fields, "finished_at"}
        super().save(*args, **kwargs)

    def get_admin_url(self):
        return reverse("admin:inquiries_inquiry_change", args=[self.pk])

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    def is_overdue(self, now=None):
        return self.status == self.Status.NEW and self.received_at < overdue_cutoff(now)

    def merge_resend(self, looks_automated, urgent, self_check):
        """The same request sent again: what the resend adds is kept. A genuine-looking
        resend of a request taken for spam makes it New; a self-check or crisis words in
        the resend make it urgent (and staff are told, if they were not yet told of an
        urgent request)."""
        changed = []
        if self.status == Inquiry.Status.SPAM and not looks_automated:
            self.status = Inquiry.Status.NEW
            changed.append("status")
        if self_check and not self.self_check:
            self.self_check = self_check.as_record()
            changed.append("self_check")
        newly_urgent = urgent and not self.is_urgent
        if newly_urgent:
            # Staff were told of a request that was not urgent: tell them again.
            self.is_urgent, self.notified_at = True, None
            changed += ["is_urgent", "notified_at"]
        if changed:
            self.save(update_fields=[*changed, "updated_at"])
        if "status" in changed or newly_urgent:
            self.notify_staff()

    def notify_staff(self):
        """Queue the e-mail that tells intake staff about this request."""
        from .tasks import notify_new_inquiry

        notify_new_inquiry.enqueue(self.pk)


def is_urgent(message, self_check=None):
    """The one rule for an urgent request: the message mentions a crisis, or a self-check
    sent with it answered question 9 (thoughts of self-harm) above "Not at all"."""
    return mentions_crisis(message) or bool(self_check and self_check.needs_crisis_help)


def submission_token(form_id, details):
    """The same value for the same details from the same copy of the form."""
    text = "\x1f".join(str(details[name]) for name in PATIENT_FIELDS)
    return uuid.uuid5(form_id, hashlib.sha256(text.encode()).hexdigest())


# What the patient fills in on the consultation form; staff see it but never change it.
PATIENT_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "preferred_contact",
    "best_time",
    "message",
    "heard_from",
    "is_adult",
    "consented",
]
# The details that make two requests the same request.
IDENTIFYING_FIELDS = ["first_name", "last_name", "email", "phone", "message"]


class InquiryNote(models.Model):
    """A note by a member of staff on a consultation request. Notes are never edited."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="author",
    )
    created_at = models.DateTimeField("written", auto_now_add=True)
    text = models.TextField("note", help_text="What happened or what to do next.")

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Note on consultation request #{self.inquiry_id}"


class AccessLogEntry(models.Model):
    """A record of a member of staff opening, changing, exporting or purging consultation
    requests. It names requests by number only, never by anything the patient typed."""

    class Action(models.TextChoices):
        VIEWED = "viewed", "Opened"
        LISTED = "listed", "Viewed the list"
        SEARCHED = "searched", "Searched the list"
        CHANGED = "changed", "Changed"
        NOTE_ADDED = "note_added", "Added a note"
        EXPORTED = "exported", "Exported to CSV"
        DELETED = "deleted", "Deleted"
        PURGED = "purged", "Deleted under the retention policy"

    at = models.DateTimeField("when", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="who",
    )
    username = models.CharField(
        "user name", max_length=150, help_text="Kept even if the account is deleted."
    )
    action = models.CharField("what", max_length=12, choices=Action.choices)
    inquiry_ids = models.JSONField("which requests", default=list)
    detail = models.CharField("details", max_length=300, blank=True)

    class Meta:
        verbose_name = "access log entry"
        verbose_name_plural = "access log"
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.username} {self.get_action_display().lower()} {self.requests_label}"

    @property
    def requests_label(self):
        return ", ".join(f"#{pk}" for pk in self.inquiry_ids)

    @classmethod
    def record(cls, user, action, inquiry_ids, detail=""):
        return cls.objects.create(
            user=user if user and user.is_authenticated else None,
            username=user.get_username() if user and user.is_authenticated else "system",
            action=action,
            inquiry_ids=sorted(inquiry_ids),
            detail=detail,
        )


class SendingCountQuerySet(models.QuerySet):
    def count_one(self, visitor, window):
        """Count one more request from ``visitor`` (a salted hash of their address) and
        return how many they sent in their current window of ``window``. One atomic
        update, so every server process counts the same, however many send at once."""
        now = timezone.now()
        with transaction.atomic():
            # Passed windows are forgotten: for this visitor, and everyone else's too.
            self.filter(window_started__lte=now - window).delete()
            self.get_or_create(visitor=visitor, defaults={"window_started": now})
            self.filter(visitor=visitor).update(count=F("count") + 1)
            return self.filter(visitor=visitor).values_list("count", flat=True).get()


class SendingCount(models.Model):
    """How many consultation requests one visitor sent in the current rate-limit window.
    The address is kept only as a salted hash, and the row goes when its window passes."""

    visitor = models.CharField("visitor (salted hash)", max_length=64, primary_key=True)
    window_started = models.DateTimeField("window started", db_index=True)
    count = models.PositiveIntegerField("requests sent", default=0)

    objects = SendingCountQuerySet.as_manager()

    class Meta:
        verbose_name = "rate-limit count"

    def __str__(self):
        return f"{self.count} request(s) since {self.window_started:%Y-%m-%d %H:%M}"
