import re
import time
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.functional import lazy
from django.utils.html import format_html
from django.views.decorators.debug import sensitive_variables

from selfcheck import attachment

from .models import PATIENT_FIELDS, Inquiry

TOKEN_SALT = "inquiries.consultation-form"
PHONE_ALLOWED = re.compile(r"^[0-9+()\-.\s]+$")


def issue_form_token():
    """A signed value naming this copy of the form and when it was shown."""
    return signing.dumps({"id": str(uuid.uuid4()), "shown": time.time()}, salt=TOKEN_SALT)


def read_form_token(value):
    """(form id, seconds since the form was shown), or (None, None) if forged."""
    try:
        data = signing.loads(value, salt=TOKEN_SALT)
        return uuid.UUID(data["id"]), time.time() - float(data["shown"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None, None


def _privacy_help():
    return format_html(
        'Read our <a href="{}">privacy notice</a> to see how we use and protect what you send.',
        reverse_lazy("content:privacy"),
    )


class InquiryForm(forms.ModelForm):
    is_adult = forms.BooleanField(label="I am 18 or older", required=True)
    consented = forms.BooleanField(
        label="I agree that the clinic may contact me about this request",
        required=True,
        help_text=lazy(_privacy_help, str)(),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    # A self-check result the patient chose to send with the request, signed by the
    # self-check's result page (selfcheck/attachment.py).
    self_check = forms.CharField(widget=forms.HiddenInput, required=False)
    # Shown only with answers attached. Ticking it drops them and keeps all that was typed
    # (leaving the page to drop them would lose it).
    leave_out_self_check = forms.BooleanField(
        label="Leave my self-check answers out of this request", required=False
    )
    # A field people never see or fill in; automated spam usually does.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Inquiry
        fields = PATIENT_FIELDS
        labels = {
            "email": "Email address",
            "phone": "Phone number",
            "preferred_contact": "How should we contact you?",
            "best_time": "Best time to reach you",
            "message": "What would you like help with? (optional)",
            "heard_from": "How did you hear about us? (optional)",
        }
        help_texts = {
            "email": "Give an email address, a phone number, or both.",
            "phone": "A US number, for example (949) 555-0100.",
            "message": "A few words are enough, at most 2,000 characters. Please do not "
            "include detailed medical history: we will ask about it when we talk.",
        }
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "preferred_contact": forms.RadioSelect,
            "best_time": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["form_token"] = issue_form_token()
        self.fields["heard_from"].choices = [("", "Choose one (optional)")] + list(
            Inquiry.HeardFrom.choices
        )
        self.fields["preferred_contact"].choices = Inquiry.ContactMethod.choices
        self.fields["best_time"].choices = Inquiry.BestTime.choices
        self.fields["preferred_contact"].error_messages["required"] = (
            "Choose how you would like us to contact you."
        )
        self.fields["best_time"].error_messages["required"] = "Choose the best time to reach you."
        self.fields["first_name"].error_messages["required"] = "Enter your first name."
        self.fields["last_name"].error_messages["required"] = "Enter your last name."
        self.fields["is_adult"].error_messages["required"] = (
            "Confirm that you are 18 or older. If you are younger, please ask a parent or "
            "guardian to contact us."
        )
        self.fields["consented"].error_messages["required"] = (
            "Agree to be contacted so we can reply to your request."
        )

    @method_decorator(sensitive_variables())
    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return phone
        digits = re.sub(r"\D", "", phone)
        if not PHONE_ALLOWED.match(phone) or not (
            len(digits) == 10 or (len(digits) == 11 and digits.startswith("1"))
        ):
            raise forms.ValidationError(
                "Enter a US phone number with its area code, for example (949) 555-0100.",
                code="invalid_phone",
            )
        return phone

    @method_decorator(sensitive_variables())
    def clean(self):
        cleaned = super().clean()
        form_id, seconds = read_form_token(cleaned.get("form_token", ""))
        if form_id is not None and seconds > settings.INQUIRY_FORM_MAX_AGE_HOURS * 3600:
            # Left open for hours (or a copy replayed by a bot): ask for a fresh send,
            # with everything typed kept and a new copy of the form.
            self.data = self.data.copy()
            self.data["form_token"] = issue_form_token()
            raise forms.ValidationError(
                "This form was open for a long time, so for your security we could not "
                "send it yet. Everything you typed is still here: please check it and "
                "send the form again.",
                code="form_expired",
            )
        email, phone = cleaned.get("email"), cleaned.get("phone")
        method = cleaned.get("preferred_contact")
        if "email" in cleaned and "phone" in cleaned and not email and not phone:
            message = "Give an email address or a phone number so we can reach you."
            self.add_error("email", forms.ValidationError(message, code="no_contact"))
            self.add_error("phone", forms.ValidationError(message, code="no_contact"))
        elif method in (Inquiry.ContactMethod.PHONE, Inquiry.ContactMethod.TEXT) and (
            "phone" in cleaned and not phone
        ):
            self.add_error(
                "phone",
                forms.ValidationError(
                    "Enter a phone number, or choose email as the way to contact you.",
                    code="phone_needed",
                ),
            )
        elif method == Inquiry.ContactMethod.EMAIL and "email" in cleaned and not email:
            self.add_error(
                "email",
                forms.ValidationError(
                    "Enter an email address, or choose phone or text as the way to contact you.",
                    code="email_needed",
                ),
            )
        return cleaned

    def attached_self_check(self):
        """(the self-check result this form carries or None, whether one was sent but
        could not be read). A forged or expired one is dropped, never a reason to refuse
        the request."""
        token = self["self_check"].value() or ""
        result = attachment.read(token) if token else None
        return result, bool(token) and result is None

    def submission(self):
        """(form id, looks automated) for a valid form.

        Automated means the hidden field was filled in, the form came back faster than a
        person can fill it in, or its token was missing or forged. Such requests are still
        stored (as spam) in case the guess is wrong.
        """
        form_id, seconds = read_form_token(self.cleaned_data.get("form_token", ""))
        if form_id is None:
            return uuid.uuid4(), True
        too_fast = seconds < settings.INQUIRY_MIN_SECONDS_TO_FILL
        return form_id, bool(self.cleaned_data.get("website")) or too_fast
