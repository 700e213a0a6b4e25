from django import forms
from django.utils import timezone

from .instruments import ANSWER_CHOICES, DIFFICULTY_CHOICES, DIFFICULTY_QUESTION, Result


class SelfCheckForm(forms.Form):
    """One radio question per item of the instrument (``q1``, ``q2``, ...), then the
    optional, unscored question on how much the problems get in the way."""

    def __init__(self, instrument, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for number, question in enumerate(instrument.items, start=1):
            self.fields[f"q{number}"] = forms.TypedChoiceField(
                label=f"{number}. {question}",
                choices=ANSWER_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose an answer for question {number}."},
            )
        self.fields["difficulty"] = forms.TypedChoiceField(
            label=DIFFICULTY_QUESTION,
            choices=DIFFICULTY_CHOICES,
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            help_text="This question is optional. It does not change your score.",
        )

    def question_names(self):
        return [f"q{number}" for number in range(1, len(self.instrument.items) + 1)]

    def question_fields(self):
        return [self[name] for name in self.question_names()]

    def needs_crisis_help(self):
        """True when the crisis question was answered above "Not at all", even if other
        questions were left out: help comes first on the page that asks for them."""
        answers = getattr(self, "cleaned_data", {})
        return any(
            self.instrument.needs_crisis_help(number, answers.get(name))
            for number, name in enumerate(self.question_names(), start=1)
        )

    def result(self):
        answers = tuple(self.cleaned_data[name] for name in self.question_names())
        return Result(
            self.instrument, answers, self.cleaned_data["difficulty"], timezone.localdate()
        )
