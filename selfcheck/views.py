from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_safe

from . import attachment
from .forms import SelfCheckForm
from .instruments import ATTRIBUTION, DIFFICULTY_QUESTION, INSTRUMENTS
from .models import SelfCheckWording


def crisis_texts(texts):
    """The words of the crisis block (templates/selfcheck/crisis_now.html)."""
    return {
        "crisis_heading": texts["crisis.heading"],
        "crisis_lead": texts["crisis.lead"],
        "crisis_after": texts["crisis.after"],
    }


# Each page reads the approved wording once (selfcheck/models.py); a page that cannot
# read it shows the built-in wording.


@require_safe
def overview(request):
    texts = SelfCheckWording.objects.shown_texts()
    context = {
        "instruments": INSTRUMENTS.values(),
        "texts": {
            "lead": texts["overview.lead"],
            "about": texts["overview.about"],
            "not_a_diagnosis": texts["overview.not_a_diagnosis"],
            "privacy": texts["overview.privacy"],
        },
    }
    return render(request, "selfcheck/overview.html", context)


# The answers come here and the result goes back in the same response: they are never
# put in the database, the session, a cookie, the cache, a URL or a log. Because this
# POST changes nothing on the server it needs no CSRF token, so the question pages set
# no cookie either. The result page is never stored by any cache (no-store).
@csrf_exempt
@sensitive_post_parameters()
@sensitive_variables()
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def questionnaire(request, slug):
    instrument = INSTRUMENTS[slug]
    form = SelfCheckForm(instrument, request.POST if request.method == "POST" else None)
    texts = SelfCheckWording.objects.shown_texts()
    if form.is_bound and form.is_valid():
        return show_result(request, form.result(), texts)
    context = {
        "instrument": instrument,
        "form": form,
        "attribution": ATTRIBUTION,
        "crisis_first": form.is_bound and form.needs_crisis_help(),
        "texts": {
            "intro": texts[f"{instrument.topic}.intro"],
            "privacy": texts["form.privacy"],
            **crisis_texts(texts),
        },
    }
    return render(request, "selfcheck/questionnaire.html", context)


@sensitive_variables()
def show_result(request, result, texts):
    instrument = result.instrument
    context = {
        "instrument": instrument,
        "result": result,
        # Worked out here, not in the template, where an error would hide the block silently.
        "crisis_first": result.needs_crisis_help,
        "other_instrument": next(i for i in INSTRUMENTS.values() if i != instrument),
        "signed_result": attachment.sign(result),
        "attachment_field": attachment.FIELD,
        "attachment_open_field": attachment.OPEN_FIELD,
        "attachment_hours": int(attachment.MAX_AGE.total_seconds() // 3600),
        "difficulty_question": DIFFICULTY_QUESTION,
        "attribution": ATTRIBUTION,
        "texts": {
            "band": texts[f"result.{instrument.topic}.{result.band.key}"],
            "not_a_diagnosis": texts["result.not_a_diagnosis"],
            "doctor": texts["next_steps.doctor"],
            "consultation": texts["next_steps.consultation"],
            "worse": texts["next_steps.worse"],
            "attach": texts["attach.explained"],
            "print": texts["print.explained"],
            **crisis_texts(texts),
        },
    }
    return render(request, "selfcheck/result.html", context)
