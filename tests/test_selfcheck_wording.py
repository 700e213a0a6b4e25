"""The self-check wording is medically reviewed content: staff edit every text in one
form, a medical reviewer approves it with a word-level comparison per text, and the pages
show the approved wording, falling back to the built-in wording so they never break."""

import logging

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from content import review
from content.models import Review
from selfcheck.admin import box_name
from selfcheck.models import SelfCheckWording, SelfCheckWordingDraft
from selfcheck.texts import LABELS, TEXTS

from .factories import make_reviewer, make_staff
from .selfcheck_helpers import answers_for, form_data, url
from .test_review import signed_in

pytestmark = pytest.mark.django_db

MILD = "result.depression.mild"
MILD_ANSWERS = form_data(answers_for(6, 9))  # a score of 6: mild


@pytest.fixture
def editor():
    return make_staff("editor", "Content editors")


@pytest.fixture
def reviewer():
    return make_reviewer("drmoreno", name="Dr. Alex Moreno", credentials="MD, psychiatrist")


def publish_wording(**changes):
    """The built-in wording with ``changes`` (name: text), live as sample content."""
    draft = SelfCheckWordingDraft.objects.create(texts=TEXTS | changes)
    review.publish_sample(draft)
    draft.refresh_from_db()
    return draft


def wording_form(draft, **changes):
    """What the admin's wording form sends: ``draft``'s texts with ``changes``."""
    data = {box_name(name): draft.texts.get(name, text) for name, text in TEXTS.items()}
    data |= {box_name(name): text for name, text in changes.items()}
    return data | {"editor_note": "", "seen_version": str(draft.edit_version)}


def result_text(client=None):
    return (client or Client()).post(url("depression"), MILD_ANSWERS).content.decode()


def test_the_pages_show_the_approved_wording():
    publish_wording(
        **{
            "overview.lead": "Approved first words of the self-checks page.",
            "depression.intro": "Approved introduction to the depression questions.",
            MILD: "Approved words for a mild result. If you are worried, talk to a doctor.",
        }
    )
    client = Client()
    assert "Approved first words" in client.get("/self-check/").content.decode()
    assert "Approved introduction" in client.get(url("depression")).content.decode()
    assert "Approved words for a mild result." in result_text(client)


def test_before_any_approval_the_pages_show_the_built_in_wording():
    assert TEXTS["overview.lead"] in Client().get("/self-check/").content.decode()
    assert TEXTS[MILD] in result_text()


def test_a_text_missing_from_the_approved_wording_comes_from_the_built_in_wording():
    draft = publish_wording()
    del draft.texts[MILD]  # as if the text had been added to the site after this approval
    draft.save()
    review.publish_sample(draft)
    assert MILD not in SelfCheckWording.objects.get().texts
    assert TEXTS[MILD] in result_text()


def test_wording_that_differs_from_its_approval_is_not_shown():
    publish_wording()
    SelfCheckWording.objects.update(texts=TEXTS | {MILD: "Sneaked in."})
    text = result_text()
    assert "Sneaked in." not in text and TEXTS[MILD] in text


def test_when_the_database_cannot_be_read_the_pages_still_work(caplog):
    publish_wording(**{MILD: "Approved words. If you are worried, talk to a doctor."})

    def database_down(execute, sql, params, many, context):
        if "selfcheck" in sql:
            raise OperationalError("the database is down")
        return execute(sql, params, many, context)

    with caplog.at_level(logging.WARNING), connection.execute_wrapper(database_down):
        overview = Client().get("/self-check/")
        text = result_text()
    assert overview.status_code == 200
    assert TEXTS["overview.lead"] in overview.content.decode()
    assert TEXTS[MILD] in text and "Approved words." not in text
    assert "showing the built-in wording" in caplog.text


@pytest.mark.parametrize(
    ("method", "address", "data"),
    [
        ("get", "/self-check/", None),
        ("get", "/self-check/depression/", None),
        ("post", "/self-check/depression/", MILD_ANSWERS),
    ],
)
def test_each_page_reads_the_wording_with_one_query(client, method, address, data):
    publish_wording()
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(address, data)
    assert response.status_code == 200
    assert len(queries) == 1


def test_staff_edit_every_text_in_one_form_with_plain_labels(editor):
    draft = publish_wording()
    text = signed_in(editor).get(f"/admin/selfcheck/selfcheckwordingdraft/{draft.pk}/change/")
    text = text.content.decode()
    for name, label in LABELS.items():
        assert f'for="id_{box_name(name)}">{label}:</label>' in text, name
        assert f'<textarea name="{box_name(name)}"' in text, name
    assert "Result, depression, mild" in text
    assert "Save and send for medical review" in text


def test_a_change_reaches_the_pages_only_after_medical_review(editor, reviewer):
    draft = publish_wording()
    new_mild = "Your answers show mild signs of depression. If you are worried, talk to a doctor."
    data = wording_form(draft, **{MILD: new_mild})
    data["_send_for_review"] = "1"
    response = signed_in(editor).post(
        f"/admin/selfcheck/selfcheckwordingdraft/{draft.pk}/change/", data
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == SelfCheckWordingDraft.State.WAITING
    assert draft.texts[MILD] == new_mild
    assert new_mild not in result_text()

    # While it waits, staff read every text but cannot change it.
    page = signed_in(editor).get(f"/admin/selfcheck/selfcheckwordingdraft/{draft.pk}/change/")
    page = page.content.decode()
    assert "<dt>Result, depression, mild</dt>" in page and "<textarea" not in page

    # The reviewer sees each changed text, labelled, word by word.
    sent = Review.objects.get(status=Review.Status.WAITING)
    assert sent.subject_title == "Self-check wording"
    page = signed_in(reviewer).get(sent.get_admin_url()).content.decode()
    assert "<h3>Result, depression, mild</h3>" in page
    assert "<del>Even mild depression can make days feel harder, and" in page
    assert "<h3>Result, depression, severe</h3>" not in page  # unchanged
    review.approve(sent, reviewer)
    assert new_mild in result_text()
    assert SelfCheckWording.objects.get().approval.decided_by == reviewer


def test_an_empty_text_is_refused(editor):
    draft = publish_wording()
    response = signed_in(editor).post(
        f"/admin/selfcheck/selfcheckwordingdraft/{draft.pk}/change/",
        wording_form(draft, **{MILD: "  "}),
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    draft.refresh_from_db()
    assert draft.texts[MILD] == TEXTS[MILD]


def test_the_history_compares_two_saved_versions_text_by_text(admin_client):
    draft = publish_wording()
    change_url = f"/admin/selfcheck/selfcheckwordingdraft/{draft.pk}/change/"
    admin_client.post(change_url, wording_form(draft, **{MILD: "A first new version."}))
    draft.refresh_from_db()
    admin_client.post(change_url, wording_form(draft, **{MILD: "A second new version."}))
    newer, older = draft.history.order_by("-history_date")[:2]
    response = admin_client.get(
        f"/admin/selfcheck/selfcheckwordingdraft/{draft.pk}/history/compare/",
        {"from": older.history_id, "to": newer.history_id},
    )
    text = response.content.decode()
    assert "<h3>Result, depression, mild</h3>" in text
    assert "<del>first</del>" in text and "<ins>second</ins>" in text


def test_there_is_one_wording(admin_client):
    assert admin_client.get("/admin/selfcheck/selfcheckwordingdraft/add/").status_code == 200
    publish_wording()
    assert admin_client.get("/admin/selfcheck/selfcheckwordingdraft/add/").status_code == 403


def test_the_staff_home_and_the_review_list_show_the_wording(editor, reviewer):
    draft = publish_wording()
    draft.texts = draft.texts | {MILD: "Changed. If you are worried, talk to a doctor."}
    draft.save()
    assert "Self-check wording" in signed_in(editor).get("/admin/").content.decode()
    review.submit(draft, editor)
    assert "Self-check wording" in signed_in(reviewer).get("/admin/").content.decode()
    text = signed_in(reviewer).get("/admin/content/review/").content.decode()
    assert "Self-check wording" in text


def test_the_sample_loader_sends_a_corrected_built_in_wording_for_review():
    call_command("load_sample_content", verbosity=0)
    draft = SelfCheckWordingDraft.objects.get()
    draft.texts = TEXTS | {MILD: "An older wording."}
    draft.save()
    review.publish_sample(draft)

    call_command("load_sample_content", verbosity=0)
    sent = Review.objects.get(status=Review.Status.WAITING)
    assert sent.subject == draft and sent.requested_by is None
    assert sent.content["texts"] == TEXTS
    assert "An older wording." in result_text()


def test_medical_reviewers_read_the_wording_but_do_not_change_it(reviewer):
    draft = publish_wording()
    url = f"/admin/selfcheck/selfcheckwordingdraft/{draft.pk}/change/"
    page = signed_in(reviewer).get(url)
    assert page.status_code == 200
    assert "<dt>Result, depression, mild</dt>" in page.content.decode()
    response = signed_in(reviewer).post(url, wording_form(draft, **{MILD: "Changed."}))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.texts[MILD] == TEXTS[MILD]
