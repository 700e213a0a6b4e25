import csv

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Min, Prefetch, Q
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.views.decorators.http import require_POST

from clinic_site.admin import PlainListTitle, staff_time
from selfcheck.instruments import DIFFICULTY_QUESTION, Result

from .models import PATIENT_FIELDS, AccessLogEntry, Inquiry, InquiryNote, queue_priority
from .staff_groups import INTAKE_GROUP

CSV_COLUMNS = [
    ("Number", "pk"),
    ("Received", "received_at"),
    ("Status", "status"),
    ("Urgent", "is_urgent"),
    ("Assigned to", "assigned_to"),
    ("First name", "first_name"),
    ("Last name", "last_name"),
    ("Email", "email"),
    ("Phone", "phone"),
    ("Preferred contact", "preferred_contact"),
    ("Best time", "best_time"),
    ("Message", "message"),
    ("Heard of us", "heard_from"),
]
# Fields with choices are exported by their label ("Phone call", not "phone"), looked up
# here once rather than for every row.
CHOICE_LABELS = {
    field.name: dict(field.flatchoices) for field in Inquiry._meta.fields if field.choices
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows read from the database, and written to the access log, at a time while exporting.
EXPORT_CHUNK = 1000
# Rows sent at a time: with one write per row, the server spent as long sending a large
# export as making it.
ROWS_PER_WRITE = 100


class Echo:
    """A file-like object that hands back what is written, for streaming CSV rows."""

    def write(self, value):
        return value


def spreadsheet_safe(value):
    """Text a spreadsheet shows as typed: a cell starting like a formula gets a leading
    apostrophe, so nothing a patient typed can run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class StatusFilter(admin.SimpleListFilter):
    """Status, with spam hidden until asked for, except urgent requests: an urgent
    request always shows, whatever the spam check guessed."""

    title = "status"
    parameter_name = "status"
    EVERYTHING = "everything"

    def lookups(self, request, model_admin):
        return [*Inquiry.Status.choices, (self.EVERYTHING, "Everything, spam included")]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset.exclude(status=Inquiry.Status.SPAM, is_urgent=False)
        if self.value() == self.EVERYTHING:
            return queryset
        return queryset.filter(status=self.value())

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["display"] == "All":
                choice["display"] = "All but spam (urgent ones always show)"
            yield choice


class OverdueFilter(admin.SimpleListFilter):
    title = "waiting"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue (new for over one business day)")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        return queryset


class InquiryNoteForm(forms.ModelForm):
    class Meta:
        model = InquiryNote
        fields = ["text"]
        # A table's column heading is no label for a screen reader: name the box itself.
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "aria-label": "New note"})}


class InquiryNoteInline(admin.TabularInline):
    model = InquiryNote
    form = InquiryNoteForm
    extra = 1
    fields = ["created_at", "author", "text"]
    readonly_fields = ["created_at", "author"]
    verbose_name = "note"
    verbose_name_plural = "notes (a timeline: notes cannot be changed once saved)"

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PermissionFirstMixin:
    """Check the permission before looking anything up, so a request that does not exist
    and one the person may not see give the same answer (no counting of requests)."""

    def _check_view_permission(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._check_view_permission(request)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._check_view_permission(request)
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        return super().delete_view(request, object_id, extra_context)


@admin.register(Inquiry)
class InquiryAdmin(PlainListTitle, PermissionFirstMixin, admin.ModelAdmin):
    list_display = [
        "number",
        "urgent",
        "received",
        "name",
        "message_preview",
        "preferred_contact",
        "status",
        "assigned_to",
    ]
    list_display_links = ["number", "name"]
    list_filter = [StatusFilter, "is_urgent", OverdueFilter, "assigned_to", "received_at"]
    list_select_related = ["assigned_to"]
    search_fields = ["first_name", "last_name", "email", "phone"]
    # No date_hierarchy: its year links read every listed request on each page view
    # (about 180 ms for a search at 100,000 requests). The "received" list filter
    # narrows by date instead (today, past 7 days, this month, this year).
    fieldsets = [
        ("What the patient sent", {"fields": PATIENT_FIELDS}),
        ("Self-check sent with the request", {"fields": ["self_check_answers"]}),
        (
            "Follow-up",
            {"fields": ["received_at", "is_urgent", "status", "assigned_to", "finished_at"]},
        ),
    ]
    readonly_fields = [
        *PATIENT_FIELDS,
        "self_check_answers",
        "received_at",
        "is_urgent",
        "finished_at",
    ]
    inlines = [InquiryNoteInline]
    actions = [
        "assign_to_me",
        "mark_contacted",
        "mark_scheduled",
        "mark_closed",
        "mark_spam",
    ]
    list_per_page = 50
    save_on_top = True
    change_list_template = "admin/inquiries/inquiry/change_list.html"
    change_form_template = "admin/inquiries/inquiry/change_form.html"

    def get_ordering(self, request):
        # Urgent requests nobody has contacted first (spam-flagged ones too), then other
        # new ones, then the rest; oldest first. The same expression as the index on it.
        return [queue_priority().asc(), "received_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            # Only people who can work the queue can be assigned a request.
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(is_active=True, is_staff=True)
                .filter(Q(is_superuser=True) | Q(groups__name=INTAKE_GROUP))
                .distinct()
                .order_by("username")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return False  # requests come from patients, through the site's form

    def has_export_permission(self, request):
        return request.user.has_perm("inquiries.export_inquiry")

    def get_urls(self):
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="inquiries_inquiry_export",
            ),
            path(
                "<int:object_id>/assign-to-me/",
                self.admin_site.admin_view(require_POST(self.assign_to_me_view)),
                name="inquiries_inquiry_assign_to_me",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="#", ordering="pk")
    def number(self, inquiry):
        return inquiry.pk

    @admin.display(description="urgent", ordering="is_urgent")
    def urgent(self, inquiry):
        # Spelled out in red, never a tick or a cross: a green tick reads as "all is well".
        if inquiry.is_urgent:
            return format_html('<span class="urgent-badge">{}</span>', "Urgent")
        return ""

    @admin.display(description="received", ordering="received_at")
    def received(self, inquiry):
        age = f"{timesince(inquiry.received_at)} ago"
        if inquiry.is_overdue():
            return format_html(
                '{}<br><span class="overdue"><strong>Overdue</strong>: {}</span>',
                staff_time(inquiry.received_at),
                age,
            )
        return format_html("{}<br>{}", staff_time(inquiry.received_at), age)

    @admin.display(description="name", ordering="last_name")
    def name(self, inquiry):
        return inquiry.full_name

    @admin.display(description="message")
    def message_preview(self, inquiry):
        return Truncator(inquiry.message).chars(80) or "(no message)"

    @admin.display(description="self-check answers")
    def self_check_answers(self, inquiry):
        if not inquiry.self_check:
            return "None sent."
        result = Result.from_record(inquiry.self_check)
        if result is None:  # a record this version of the site cannot read
            return str(inquiry.self_check)
        instrument = result.instrument
        crisis = ""
        if result.needs_crisis_help:
            crisis = format_html(
                '<p><strong>Question {} was answered above "Not at all": '
                "this made the request urgent.</strong></p>",
                instrument.crisis_item,
            )
        return format_html(
            "<p>{}, taken on {}</p><p><strong>Score {} out of {}: {}</strong> ({} to {})</p>"
            "{}<ol>{}</ol><p>{}<br><strong>{}</strong></p>",
            instrument.title,
            result.taken_on.strftime("%b %d, %Y"),
            result.score,
            instrument.max_score,
            result.band.label.lower(),
            result.band.low,
            result.band.high,
            crisis,
            format_html_join(
                "",
                "<li>{}<br><strong>{}</strong></li>",
                ((question, answer) for _, question, answer in result.answered_items),
            ),
            DIFFICULTY_QUESTION,
            result.difficulty_label or "Not answered",
        )

    # Reading, changing and exporting are written to the access log.

    def changelist_view(self, request, extra_context=None):
        extra_context = (extra_context or {}) | {
            "unannounced": list(Inquiry.objects.urgent_unannounced().order_by("received_at")),
            "can_export": self.has_export_permission(request),
        }
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            # Which requests the page showed (names, phone numbers, the start of each
            # message). For a search, that one happened; never its words, which are a
            # patient's name, e-mail address or phone number.
            shown = [inquiry.pk for inquiry in changelist.result_list]
            counts = f"{changelist.result_count} found, {len(shown)} shown"
            if changelist.query:
                action, detail = AccessLogEntry.Action.SEARCHED, f"Searched the list: {counts}"
            else:
                action, detail = AccessLogEntry.Action.LISTED, f"Viewed the list: {counts}"
            AccessLogEntry.record(request.user, action, shown, detail=detail)
        return response

    def lookup_allowed(self, lookup, value, request=None):
        # Only what the filters beside the list offer. Django would also take any field
        # of the request in the address (?email__startswith=a), which would let someone
        # guess a patient's details letter by letter and write them into server logs.
        offered = {
            item.parameter_name if isinstance(item, type) else item for item in self.list_filter
        }
        return lookup.split(LOOKUP_SEP)[0] in offered and super().lookup_allowed(
            lookup, value, request
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        # Any page that shows the request, whatever the method or status code (a form
        # sent back with an error shows the whole record too); not a redirect after a save.
        inquiry = getattr(response, "context_data", {}).get("original")
        if inquiry is not None and response.status_code < 300:
            AccessLogEntry.record(request.user, AccessLogEntry.Action.VIEWED, [inquiry.pk])
        return response

    def render_change_form(self, request, context, add=False, change=False, **kwargs):
        inquiry = context.get("original")
        if inquiry is not None:
            context["title"] = inquiry.full_name
            asks = Truncator(inquiry.message).chars(70)
            context["subtitle"] = (
                f"Consultation request #{inquiry.pk}, received {staff_time(inquiry.received_at)}"
                + (f" · “{asks}”" if asks else "")
            )
            digits = "".join(ch for ch in inquiry.phone if ch.isdigit())
            context["patient_phone_link"] = f"tel:+1{digits[-10:]}" if digits else ""
            context["can_assign"] = self.has_change_permission(request, inquiry)
        return super().render_change_form(request, context, add, change, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            labels = [str(form.fields[name].label or name).lower() for name in form.changed_data]
            AccessLogEntry.record(
                request.user,
                AccessLogEntry.Action.CHANGED,
                [obj.pk],
                detail="Changed " + ", ".join(labels),
            )

    def save_formset(self, request, form, formset, change):
        notes = formset.save(commit=False)
        for note in notes:
            note.author = request.user
            note.save()
        if notes:
            AccessLogEntry.record(
                request.user, AccessLogEntry.Action.NOTE_ADDED, [form.instance.pk]
            )

    def construct_change_message(self, request, form, formsets, add=False):
        # The request's history in plain words: "Changed status, assigned to. Added a note."
        parts = []
        if form.changed_data:
            labels = [str(form.fields[name].label or name).lower() for name in form.changed_data]
            parts.append("Changed " + ", ".join(labels) + ".")
        if any(formset.new_objects for formset in formsets or []):
            parts.append("Added a note.")
        return " ".join(parts) or "Saved without changes."

    def delete_model(self, request, obj):
        AccessLogEntry.record(request.user, AccessLogEntry.Action.DELETED, [obj.pk])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        AccessLogEntry.record(request.user, AccessLogEntry.Action.DELETED, ids)
        super().delete_queryset(request, queryset)

    def _set_status(self, request, queryset, status):
        ids = list(queryset.values_list("pk", flat=True))
        queryset.set_status(status)
        AccessLogEntry.record(
            request.user,
            AccessLogEntry.Action.CHANGED,
            ids,
            detail=f"Status set to {Inquiry.Status(status).label}",
        )
        self.message_user(
            request,
            f"{len(ids)} request(s) marked {Inquiry.Status(status).label.lower()}.",
            messages.SUCCESS,
        )

    def _assign_to(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        queryset.update(assigned_to=request.user, updated_at=timezone.now())
        AccessLogEntry.record(
            request.user, AccessLogEntry.Action.CHANGED, ids, detail="Assigned to themselves"
        )
        return ids

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        ids = self._assign_to(request, queryset)
        self.message_user(request, f"{len(ids)} request(s) assigned to you.", messages.SUCCESS)

    def assign_to_me_view(self, request, object_id):
        """The "Assign to me" button on a request's page."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        queryset = Inquiry.objects.filter(pk=object_id)
        if self._assign_to(request, queryset):
            self.message_user(request, "Assigned to you.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:inquiries_inquiry_change", args=[object_id]))

    @admin.action(description="Mark contacted", permissions=["change"])
    def mark_contacted(self, request, queryset):
        self._set_status(request, queryset, Inquiry.Status.CONTACTED)

    @admin.action(description="Mark scheduled", permissions=["change"])
    def mark_scheduled(self, request, queryset):
        self._set_status(request, queryset, Inquiry.Status.SCHEDULED)

    @admin.action(description="Mark closed", permissions=["change"])
    def mark_closed(self, request, queryset):
        self._set_status(request, queryset, Inquiry.Status.CLOSED)

    @admin.action(description="Mark spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self._set_status(request, queryset, Inquiry.Status.SPAM)

    def export_view(self, request):
        """Every request the queue shows with its current filters and search, as a CSV
        file streamed row by row (memory stays flat however many there are). What was
        read is written to the access log as it is read."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        with_notes = request.GET.get("notes") == "1"
        params = request.GET.copy()
        params.pop("notes", None)
        request.GET = params  # the changelist reads its filters from here
        changelist = self.get_changelist_instance(request)
        # Only the exported columns: parsing the others (times, the self-check) for every
        # row would take longer than writing the file.
        columns = [attribute for _, attribute in CSV_COLUMNS if attribute != "assigned_to"]
        queryset = (
            changelist.get_queryset(request)
            .select_related("assigned_to")
            .only(*columns, "assigned_to__username")
        )
        if with_notes:
            notes = InquiryNote.objects.select_related("author").order_by("created_at", "id")
            queryset = queryset.prefetch_related(Prefetch("notes", queryset=notes))
        span = queryset.aggregate(first=Min("received_at"), last=Max("received_at"))
        filters = sorted(name for name in params if name not in ("o", "p"))
        detail = "Exported to CSV" + (" with notes" if with_notes else "")
        if filters:
            # Filter names only: a search's words are a patient's details.
            detail += ". Filters: " + ", ".join(filters)
        queryset = queryset.order_by("received_at", "pk")
        rows = self._csv_rows(request.user, queryset, with_notes, detail)
        response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{export_name(span)}"'
        response["Cache-Control"] = "no-store"
        return response

    def _csv_rows(self, user, queryset, with_notes, detail):
        writer = csv.writer(Echo())
        yield "\ufeff"  # the BOM tells spreadsheets the file is UTF-8
        headings = [heading for heading, _ in CSV_COLUMNS] + (["Notes"] if with_notes else [])
        yield writer.writerow(headings)
        nothing_found = True
        for batch in batches(queryset.iterator(chunk_size=EXPORT_CHUNK), EXPORT_CHUNK):
            # Written to the access log before a row of it is sent: a download cut short
            # is on record for everything that may have left.
            AccessLogEntry.record(
                user, AccessLogEntry.Action.EXPORTED, [inquiry.pk for inquiry in batch], detail
            )
            nothing_found = False
            for rows in batches(batch, ROWS_PER_WRITE):
                yield "".join(writer.writerow(csv_row(inquiry, with_notes)) for inquiry in rows)
        if nothing_found:
            AccessLogEntry.record(user, AccessLogEntry.Action.EXPORTED, [], detail)


def batches(items, size):
    """``items`` in lists of ``size`` (the last may be shorter)."""
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def csv_row(inquiry, with_notes):
    row = []
    for _, attribute in CSV_COLUMNS:
        value = getattr(inquiry, attribute)
        if attribute in CHOICE_LABELS:
            value = CHOICE_LABELS[attribute].get(value, value)
        elif attribute == "received_at":
            value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        row.append(spreadsheet_safe(value))
    if with_notes:
        notes = [
            f"{timezone.localtime(note.created_at):%Y-%m-%d %H:%M} "
            f"{note.author.get_username() if note.author else 'former staff'}: {note.text}"
            for note in inquiry.notes.all()
        ]
        row.append(spreadsheet_safe("\n".join(notes)))
    return row


def export_name(span):
    """consultation-requests-2026-11-25-to-2026-12-02.csv (the dates the file covers)."""
    if span["first"] is None:
        return "consultation-requests-none.csv"
    first = timezone.localdate(span["first"])
    last = timezone.localdate(span["last"])
    return f"consultation-requests-{first:%Y-%m-%d}-to-{last:%Y-%m-%d}.csv"


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(PlainListTitle, PermissionFirstMixin, admin.ModelAdmin):
    """A record, not a work list: nobody adds, changes or deletes entries here."""

    list_display = ["at", "username", "action", "requests_label", "detail"]
    list_filter = ["action", "at"]
    search_fields = ["username"]
    date_hierarchy = "at"

    @admin.display(description="which requests")
    def requests_label(self, entry):
        return entry.requests_label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
