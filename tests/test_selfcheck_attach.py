"""A self-check result reaches intake only through a consultation request the patient
chose to send: carried in a signed hidden field, stored with the request when it is sent."""

import time

import pytest
from django.core import signing

from inquiries.models import AccessLogEntry, Inquiry
from selfcheck import attachment
from selfcheck.instruments import PHQ9

from .factories import make_inquiry, make_staff
from .html import parse
from .selfcheck_helpers import form_data, row_counts, url
from .test_consultation_form import valid_data

pytestmark = pytest.mark.django_db

CONSULTATION = "/consultation/"
ANSWERS = [3, 2, 1, 0, 3, 2, 1, 0]  # questions 1 to 8: 12 points


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    from django.core.cache import cache

    cache.clear()


def signed_result(client, answers, difficulty=None):
    """The signed field the result page carries, read from the page as a browser would."""
    extra = {"difficulty": str(difficulty)} if difficulty is not None else {}
    page = parse(client.post(url("depression"), form_data(answers, **extra)))
    return next(a["value"] for a in page.find_all("input") if a.get("name") == "self_check")


def open_form_with(client, token):
    return client.post(CONSULTATION, {"self_check": token, "attach_self_check": "1"})


class SignedLongAgo(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time() - attachment.MAX_AGE.total_seconds() - 60))


def expired_token(answers):
    record = {
        "instrument": "phq9",
        "answers": answers,
        "difficulty": None,
        "score": sum(answers),
        "band": "moderate",
        "date": "2026-01-05",
    }
    return SignedLongAgo(salt=attachment.SALT).sign_object(record, compress=True)


def test_result_page_offers_to_send_the_answers_in_a_signed_hidden_field(client):
    page = parse(client.post(url("depression"), form_data([*ANSWERS, 1])))
    form = next(a for a in page.find_all("form") if a.get("action") == CONSULTATION)
    assert form["method"] == "post"
    hidden = {a["name"]: a["value"] for a in page.find_all("input") if a.get("type") == "hidden"}
    assert set(hidden) == {"csrfmiddlewaretoken", "self_check", "attach_self_check"}
    result = attachment.read(hidden["self_check"])
    assert result.answers == (*ANSWERS, 1) and result.score == 13


def test_opening_the_form_with_answers_stores_nothing_and_shows_no_error(client):
    token = signed_result(client, [*ANSWERS, 0])
    rows = row_counts()

    response = open_form_with(client, token)

    text = response.content.decode()
    assert response.status_code == 200 and "Location" not in response
    assert row_counts() == rows
    assert 'id="error-summary"' not in text and "is-invalid" not in text
    assert "Your depression self-check answers (score 12) will be sent with this request." in text
    assert "Leave my self-check answers out of this request" in text
    page = parse(response)
    hidden = {a["name"]: a.get("value") for a in page.find_all("input") if a.get("name")}
    assert hidden["self_check"] == token
    assert hidden["form_token"]  # a fresh form, timed from now
    assert hidden["first_name"] is None  # empty: nothing filled in for the patient
    assert "no-store" in response["Cache-Control"]


def test_the_plain_form_offers_no_answers(client):
    text = client.get(CONSULTATION).content.decode()
    assert "self-check answers" not in text
    assert 'name="self_check"' in text and 'name="self_check" value=' not in text


def test_leaving_the_answers_out_keeps_everything_typed(client):
    token = signed_result(client, [*ANSWERS, 2])  # question 9 answered: urgent if sent
    # Changed their mind with an error still on the form: nothing they typed is lost.
    response = client.post(
        CONSULTATION, valid_data(self_check=token, leave_out_self_check="on", email="", phone="")
    )
    fields = {a["name"]: a for a in parse(response).find_all("input") if a.get("name")}
    assert response.status_code == 200 and fields["first_name"]["value"] == "Renée"
    assert "checked" in fields["leave_out_self_check"]
    assert fields["self_check"]["value"] == token  # still there, should they untick it
    response = client.post(CONSULTATION, valid_data(self_check=token, leave_out_self_check="on"))
    assert response.status_code == 303
    inquiry = Inquiry.objects.get()
    assert inquiry.self_check is None and not inquiry.is_urgent
    thanks = client.get(response["Location"]).content.decode()
    assert "self-check answers" not in thanks and "Please get help now" not in thanks


def test_answers_are_stored_only_when_the_request_is_sent(client):
    token = signed_result(client, [*ANSWERS, 0], difficulty=1)
    open_form_with(client, token)
    assert not Inquiry.objects.exists()

    response = client.post(CONSULTATION, valid_data(self_check=token))

    assert response.status_code == 303 and response["Location"] == "/consultation/thanks/"
    inquiry = Inquiry.objects.get()
    assert inquiry.self_check == {
        "instrument": "phq9",
        "answers": [*ANSWERS, 0],
        "difficulty": 1,
        "score": 12,
        "band": "moderate",
        "date": inquiry.self_check["date"],
    }
    assert inquiry.is_urgent is False
    thanks = client.get(response["Location"]).content.decode()
    assert "Your self-check answers were sent with your request." in thanks


@pytest.mark.parametrize("item_9", [1, 2, 3])
def test_question_9_above_0_makes_the_request_urgent(client, item_9):
    token = signed_result(client, [0] * 8 + [item_9])

    client.post(CONSULTATION, valid_data(self_check=token))

    inquiry = Inquiry.objects.get()
    assert inquiry.is_urgent is True
    assert inquiry.self_check["answers"][8] == item_9
    thanks = client.get("/consultation/thanks/").content.decode()
    assert thanks.index("Please get help now") < thanks.index("What happens next")


def test_a_request_without_a_self_check_stores_none(client):
    client.post(CONSULTATION, valid_data())
    assert Inquiry.objects.get().self_check is None
    assert "self-check answers" not in client.get("/consultation/thanks/").content.decode()


@pytest.mark.parametrize(
    "token",
    [
        lambda: expired_token([*ANSWERS, 3]),
        lambda: "forged-value",
        lambda: signing.dumps({"instrument": "phq9", "answers": [3] * 9}, salt="other"),
        lambda: signing.dumps({"instrument": "phq9", "answers": [9] * 9}, salt=attachment.SALT),
    ],
    ids=["expired", "forged", "other-salt", "impossible-answers"],
)
def test_an_unreadable_self_check_never_loses_the_request(client, token):
    token = token()
    opened = open_form_with(client, token).content.decode()
    assert "We could not attach your self-check answers." in opened
    assert "will be sent with this request" not in opened

    response = client.post(CONSULTATION, valid_data(self_check=token))

    assert response.status_code == 303
    inquiry = Inquiry.objects.get()
    assert inquiry.self_check is None
    assert inquiry.is_urgent is False
    thanks = client.get("/consultation/thanks/").content.decode()
    assert "We could not attach your self-check answers" in thanks


def test_a_request_with_errors_keeps_the_answers_attached(client):
    token = signed_result(client, [*ANSWERS, 0])

    response = client.post(CONSULTATION, valid_data(self_check=token, first_name=""))

    text = response.content.decode()
    assert 'id="error-summary"' in text
    assert "Your depression self-check answers (score 12) will be sent" in text
    hidden = {a["name"]: a.get("value") for a in parse(response).find_all("input")}
    assert hidden["self_check"] == token
    assert not Inquiry.objects.exists()


def test_no_answers_in_any_address_on_the_way_to_intake(client):
    token = signed_result(client, [*ANSWERS, 2])
    opened = open_form_with(client, token)
    sent = client.post(CONSULTATION, valid_data(self_check=token))

    assert "Location" not in opened
    assert sent["Location"] == "/consultation/thanks/"
    for response in [opened, client.get(sent["Location"])]:
        page = parse(response)
        for attrs in page.find_all("a") + page.find_all("form"):
            address = attrs.get("href") or attrs.get("action") or ""
            assert "?" not in address and token not in address, address


def test_intake_staff_see_the_answers_as_words_and_the_opening_is_logged(client):
    inquiry = make_inquiry(
        self_check={
            "instrument": "phq9",
            "answers": [*ANSWERS, 2],
            "difficulty": 2,
            "score": 14,
            "band": "moderate",
            "date": "2026-03-04",
        },
        is_urgent=True,
    )
    client.force_login(make_staff("intake", "Intake staff"))

    response = client.get(f"/admin/inquiries/inquiry/{inquiry.pk}/change/")

    text = response.content.decode()
    assert "Self-check sent with the request" in text
    assert "Depression self-check (PHQ-9), taken on Mar 04, 2026" in text
    assert "Score 14 out of 27: moderate</strong> (10 to 14)" in text
    assert f"{PHQ9.items[0]}<br><strong>Nearly every day</strong>" in text
    assert f"{PHQ9.items[3]}<br><strong>Not at all</strong>" in text
    assert f"{PHQ9.items[8]}<br><strong>More than half the days</strong>" in text
    assert "<strong>Very difficult</strong>" in text
    assert 'Question 9 was answered above "Not at all"' in text
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.inquiry_ids) == ("viewed", [inquiry.pk])


def test_a_request_without_a_self_check_says_so_to_staff(client):
    inquiry = make_inquiry()
    client.force_login(make_staff("intake", "Intake staff"))
    text = client.get(f"/admin/inquiries/inquiry/{inquiry.pk}/change/").content.decode()
    assert "None sent." in text
