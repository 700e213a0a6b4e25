from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join

from content.admin import WorkingCopyAdmin, WorkingCopyForm

from .models import SelfCheckWordingDraft
from .texts import LABELS, SECTIONS, TEXTS


def box_name(name):
    """The form field of a text: "result.depression.mild" -> "text_result_depression_mild"."""
    return "text_" + name.replace(".", "_")


class SelfCheckWordingForm(WorkingCopyForm):
    """One plain-text box per text, labelled in plain words. The texts are kept together
    in the working copy's ``texts``."""

    class Meta:
        model = SelfCheckWordingDraft
        fields = ["editor_note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, built_in in TEXTS.items():
            self.fields[box_name(name)] = forms.CharField(
                label=LABELS[name],
                initial=self.instance.texts.get(name, built_in),
                widget=forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"}),
            )

    def save(self, commit=True):
        self.instance.texts = {name: self.cleaned_data[box_name(name)] for name in TEXTS}
        return super().save(commit)


@admin.register(SelfCheckWordingDraft)
class SelfCheckWordingAdmin(WorkingCopyAdmin):
    form = SelfCheckWordingForm
    list_display = ["__str__", "review_state", "updated_at"]

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return [(None, {"fields": ["all_texts", "editor_note"]})]
        return [
            *(
                (section, {"fields": [box_name(name) for name in texts]})
                for section, texts in SECTIONS.items()
            ),
            (
                "For the medical reviewer",
                {
                    "fields": ["editor_note", "seen_version"],
                    "description": "Plain words, grade 8 reading level or below, no figures. "
                    "The self-check pages keep showing the approved wording until a medical "
                    "reviewer approves these changes. The questions themselves are fixed "
                    "and are not edited here.",
                },
            ),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The text boxes come from the list of texts (the form makes them), not from
        # model fields.
        kwargs["fields"] = ["editor_note"]
        return super().get_form(request, obj, change, **kwargs)

    @admin.display(description="wording")
    def all_texts(self, draft):
        rows = format_html_join(
            "",
            "<dt>{}</dt><dd>{}</dd>",
            ((LABELS[name], draft.texts.get(name, built_in)) for name, built_in in TEXTS.items()),
        )
        return format_html('<dl class="wording-list">{}</dl>', rows)

    def has_add_permission(self, request):
        # There is one set of wording. The sample content loader makes it; should it be
        # missing, staff add it, starting from the built-in wording.
        return super().has_add_permission(request) and not SelfCheckWordingDraft.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def view_on_site(self, draft):
        return draft.get_absolute_url()
