import csv

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince

from selfcheck.instruments import DIFFICULTY_QUESTION, Result

from .models import PATIENT_FIELDS, AccessLogEntry, Inquiry, InquiryNote
from .staff_groups import INTAKE_GROUP

CSV_COLUMNS = [
    ("Number", "pk"),
    ("Received", "received_at"),
    ("Status", "get_status_display"),
    ("Urgent", "is_urgent"),
    ("Assigned to", "assigned_to"),
    ("First name", "first_name"),
    ("Last name", "last_name"),
    ("Email", "email"),
    ("Phone", "phone"),
    ("Preferred contact", "get_preferred_contact_display"),
    ("Best time", "get_best_time_display"),
    ("Message", "message"),
    ("Heard of us", "get_heard_from_display"),
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text a spreadsheet shows as typed: a cell starting like a formula gets a leading
    apostrophe, so nothing a patient typed can run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class StatusFilter(admin.SimpleListFilter):
    """Status, with spam hidden until asked for."""

    title = "status"
    parameter_name = "status"
    EVERYTHING = "everything"

    def lookups(self, request, model_admin):
        return [*Inquiry.Status.choices, (self.EVERYTHING, "Everything, spam included")]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset.exclude(status=Inquiry.Status.SPAM)
        if self.value() == self.EVERYTHING:
            return queryset
        return queryset.filter(status=self.value())

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["display"] == "All":
                choice["display"] = "All but spam"
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


class InquiryNoteInline(admin.TabularInline):
    model = InquiryNote
    extra = 1
    fields = ["created_at", "author", "text"]
    readonly_fields = ["created_at", "author"]
    verbose_name = "note"
    verbose_name_plural = "notes (a timeline: notes cannot be changed once saved)"

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "received",
        "name",
        "preferred_contact",
        "status",
        "urgent",
        "assigned_to",
    ]
    list_display_links = ["number", "name"]
    list_filter = [StatusFilter, "is_urgent", OverdueFilter, "assigned_to", "received_at"]
    list_select_related = ["assigned_to"]
    search_fields = ["first_name", "last_name", "email", "phone"]
    date_hierarchy = "received_at"
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
        "export_csv",
    ]
    list_per_page = 50

    def get_ordering(self, request):
        # Urgent new requests first, then other new ones, then the rest; oldest first.
        priority = Case(
            When(status=Inquiry.Status.NEW, is_urgent=True, then=Value(0)),
            When(status=Inquiry.Status.NEW, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return [priority.asc(), "received_at"]

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

    @admin.display(description="#", ordering="pk")
    def number(self, inquiry):
        return inquiry.pk

    @admin.display(description="received", ordering="received_at")
    def received(self, inquiry):
        local = timezone.localtime(inquiry.received_at)
        age = f"{timesince(inquiry.received_at)} ago"
        if inquiry.is_overdue():
            return format_html(
                '{}<br><span class="overdue"><strong>Overdue</strong>: {}</span>',
                local.strftime("%b %d, %Y %H:%M"),
                age,
            )
        return format_html("{}<br>{}", local.strftime("%b %d, %Y %H:%M"), age)

    @admin.display(description="name", ordering="last_name")
    def name(self, inquiry):
        return inquiry.full_name

    @admin.display(description="urgent", boolean=True, ordering="is_urgent")
    def urgent(self, inquiry):
        return inquiry.is_urgent

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

    # Opening, changing and exporting are written to the access log.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            AccessLogEntry.record(request.user, AccessLogEntry.Action.VIEWED, [int(object_id)])
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            AccessLogEntry.record(
                request.user,
                AccessLogEntry.Action.CHANGED,
                [obj.pk],
                detail="Changed: " + ", ".join(form.changed_data),
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

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        queryset.update(assigned_to=request.user, updated_at=timezone.now())
        AccessLogEntry.record(
            request.user, AccessLogEntry.Action.CHANGED, ids, detail="Assigned to themselves"
        )
        self.message_user(request, f"{len(ids)} request(s) assigned to you.", messages.SUCCESS)

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

    @admin.action(description="Export selected to CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        inquiries = list(queryset.select_related("assigned_to").order_by("received_at"))
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="consultation-requests.csv"'
        response["Cache-Control"] = "no-store"
        response.write("\ufeff")  # the BOM tells spreadsheets the file is UTF-8
        writer = csv.writer(response)
        writer.writerow([heading for heading, _ in CSV_COLUMNS])
        for inquiry in inquiries:
            row = []
            for _, attribute in CSV_COLUMNS:
                value = getattr(inquiry, attribute)
                value = value() if callable(value) else value
                if attribute == "received_at":
                    value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
                elif isinstance(value, bool):
                    value = "yes" if value else "no"
                row.append(spreadsheet_safe(value))
            writer.writerow(row)
        AccessLogEntry.record(
            request.user, AccessLogEntry.Action.EXPORTED, [i.pk for i in inquiries]
        )
        return response


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
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
