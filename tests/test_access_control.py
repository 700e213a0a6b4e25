"""Every door to staff data, tried by every kind of visitor."""

import pytest
from django.contrib.auth import get_user_model

from inquiries.models import AccessLogEntry
from selfcheck.models import SelfCheckWordingDraft
from selfcheck.texts import TEXTS

from .factories import make_draft, make_inquiry, make_reviewer, make_staff, make_term_draft

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "non_staff", "editor", "reviewer", "intake", "superuser"]
LOGIN = "login"  # a redirect to the sign-in page


@pytest.fixture
def doors():
    draft = make_draft()
    inquiry = make_inquiry()
    term = make_term_draft()
    wording = SelfCheckWordingDraft.objects.create(texts=TEXTS)
    a, i = draft.pk, inquiry.pk
    return inquiry, {
        "glossary list": ("get", "/admin/content/glossarytermdraft/"),
        "glossary term": ("get", f"/admin/content/glossarytermdraft/{term.pk}/change/"),
        "self-check wording": (
            "get",
            f"/admin/selfcheck/selfcheckwordingdraft/{wording.pk}/change/",
        ),
        "article list": ("get", "/admin/content/articledraft/"),
        "article detail": ("get", f"/admin/content/articledraft/{a}/change/"),
        "article history": ("get", f"/admin/content/articledraft/{a}/history/"),
        "article preview": ("get", f"/admin/content/articledraft/{a}/preview/"),
        "medical reviews": ("get", "/admin/content/review/"),
        "inquiry list": ("get", "/admin/inquiries/inquiry/"),
        "inquiry detail": ("get", f"/admin/inquiries/inquiry/{i}/change/"),
        "inquiry history": ("get", f"/admin/inquiries/inquiry/{i}/history/"),
        "inquiry export": ("get", "/admin/inquiries/inquiry/export/"),
        "access log": ("get", "/admin/inquiries/accesslogentry/"),
    }


EXPECTED = {
    "anonymous": dict.fromkeys(
        [
            "glossary list",
            "glossary term",
            "self-check wording",
            "article list",
            "article detail",
            "article history",
            "article preview",
            "medical reviews",
            "inquiry list",
            "inquiry detail",
            "inquiry history",
            "inquiry export",
            "access log",
        ],
        LOGIN,
    ),
    "editor": {
        "glossary list": 200,
        "glossary term": 200,
        "self-check wording": 200,
        "article list": 200,
        "article detail": 200,
        "article history": 200,
        "article preview": 200,
        "medical reviews": 200,
        "inquiry list": 403,
        "inquiry detail": 403,
        "inquiry history": 403,
        "inquiry export": 403,
        "access log": 403,
    },
    "intake": {
        "glossary list": 403,
        "glossary term": 403,
        "self-check wording": 403,
        "article list": 403,
        "article detail": 403,
        "article history": 403,
        "article preview": 403,
        "medical reviews": 403,
        "inquiry list": 200,
        "inquiry detail": 200,
        "inquiry history": 200,
        "inquiry export": "csv",
        "access log": 200,
    },
}
EXPECTED["non_staff"] = EXPECTED["anonymous"]
# Reviewers read what they review (read-only) and nothing of intake.
EXPECTED["reviewer"] = EXPECTED["editor"]
EXPECTED["superuser"] = {
    door: ("csv" if door == "inquiry export" else 200) for door in EXPECTED["editor"]
}


def sign_in_as(client, role):
    if role == "anonymous":
        return
    if role == "non_staff":
        user = get_user_model().objects.create_user("patient", password="a-long-test-password")
    elif role == "superuser":
        user = get_user_model().objects.create_superuser("boss", "b@example.com", "x" * 14)
    elif role == "reviewer":
        user = make_reviewer("reviewer")
    else:
        user = make_staff(role, {"editor": "Content editors", "intake": "Intake staff"}[role])
    client.force_login(user)


def outcome(response):
    if response.status_code == 302 and "/login/" in response["Location"]:
        return LOGIN
    if response.get("Content-Type", "").startswith("text/csv"):
        b"".join(response.streaming_content)  # downloaded to the end
        return "csv"
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_each_door_opens_only_for_the_right_people(client, doors, role):
    inquiry, door_map = doors
    sign_in_as(client, role)
    seen = {}
    for door, (method, url, *data) in door_map.items():
        seen[door] = outcome(getattr(client, method)(url, *data))
    assert seen == EXPECTED[role]

    reads = AccessLogEntry.objects.filter(action=AccessLogEntry.Action.VIEWED)
    exports = AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORTED)
    if EXPECTED[role]["inquiry detail"] == 200:
        assert reads.get().inquiry_ids == [inquiry.pk]
        assert exports.get().inquiry_ids == [inquiry.pk]
    else:
        assert not reads.exists() and not exports.exists()
