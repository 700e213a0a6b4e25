"""The PHQ-9 and GAD-7 self-checks, over HTTP: pages, scores and bands, the crisis path,
missing answers, and nothing kept anywhere."""

import logging

import pytest

from selfcheck.instruments import ANSWER_LABELS, GAD7, PHQ9

from .html import is_same_host, parse
from .selfcheck_helpers import answers_for, cache_entries, form_data, row_counts, url

pytestmark = pytest.mark.django_db


def first_tag_in_main(response):
    tags = parse(response).tags
    index = next(i for i, (tag, attrs) in enumerate(tags) if tag == "main")
    return tags[index + 1]


def test_overview_explains_and_links_both_checks(client):
    response = client.get("/self-check/")
    text = response.content.decode()
    assert response.status_code == 200
    assert 'href="/self-check/depression/"' in text and 'href="/self-check/anxiety/"' in text
    assert "two minutes" in text
    assert "not a diagnosis" in text
    assert "We do not save your answers, and we do not send them anywhere." in text
    assert 'href="tel:988"' in text


@pytest.mark.parametrize("instrument", [PHQ9, GAD7], ids=["phq9", "gad7"])
def test_questionnaire_has_the_published_questions_as_radio_fieldsets(client, instrument):
    response = client.get(instrument.get_absolute_url())
    text = response.content.decode()
    page = parse(response)

    assert response.status_code == 200
    assert instrument.stem in text
    assert "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke" in text
    assert "educational grant from Pfizer Inc. No permission required to reproduce" in text
    radios = [a for a in page.find_all("input") if a.get("type") == "radio"]
    names = [f"q{n}" for n in range(1, len(instrument.items) + 1)]
    for name in names:
        assert [a["value"] for a in radios if a["name"] == name] == ["0", "1", "2", "3"]
    # One fieldset per question (and one for the optional difficulty question).
    assert len(page.find_all("fieldset")) == len(names) + 1
    assert text.count("<legend") == len(names) + 1
    for number, question in enumerate(instrument.items, 1):
        assert f"{number}. {question}" in text.replace("&#x27;", "'")
    labels = {attrs.get("for") for attrs in page.find_all("label")}
    assert {f"id_{name}_{value}" for name in names for value in range(4)} <= labels
    for label in ANSWER_LABELS.values():
        assert label in text
    form = [a for a in page.find_all("form") if a.get("method") == "post"][0]
    assert form["action"] == instrument.get_absolute_url()
    assert "This question is optional. It does not change your score." in text


PHQ9_BOUNDARIES = [
    (0, "Minimal"),
    (4, "Minimal"),
    (5, "Mild"),
    (9, "Mild"),
    (10, "Moderate"),
    (14, "Moderate"),
    (15, "Moderately severe"),
    (19, "Moderately severe"),
    (20, "Severe"),
    (24, "Severe"),
    (27, "Severe"),
]
GAD7_BOUNDARIES = [
    (0, "Minimal"),
    (4, "Minimal"),
    (5, "Mild"),
    (9, "Mild"),
    (10, "Moderate"),
    (14, "Moderate"),
    (15, "Severe"),
    (21, "Severe"),
]


@pytest.mark.parametrize(
    ("slug", "score", "band"),
    [("depression", score, band) for score, band in PHQ9_BOUNDARIES]
    + [("anxiety", score, band) for score, band in GAD7_BOUNDARIES],
)
def test_score_and_band_at_every_boundary(client, slug, score, band):
    instrument = PHQ9 if slug == "depression" else GAD7
    # Question 9 stays 0 unless the score cannot be reached without it.
    last = max(0, score - 3 * (len(instrument.items) - 1))
    answers = answers_for(score, len(instrument.items), last=last)

    response = client.post(url(slug), form_data(answers))

    text = response.content.decode()
    assert response.status_code == 200
    assert f"Your score: {score} out of {instrument.max_score}" in text
    expected = next(b for b in instrument.bands if b.label == band)
    assert f"<strong>{band.lower()}</strong> range ({expected.low} to {expected.high})" in text
    # Whatever the score: not a diagnosis, talk to a doctor, the consultation, crisis help.
    assert "This result is not a diagnosis." in text
    assert "talk to a doctor" in text
    assert 'href="/consultation/"' in text
    assert "Send my answers with a consultation request" in text
    assert text.rindex("If you need help now") > text.index("Your score:")
    assert 'href="tel:988"' in text.split("If you need help now")[-1]


@pytest.mark.parametrize("item_9", [1, 2, 3])
@pytest.mark.parametrize("others", [0, 3], ids=["low-total", "high-total"])
def test_question_9_above_0_puts_crisis_help_first_in_main(client, item_9, others):
    answers = [others] * 8 + [item_9]

    response = client.post(url("depression"), form_data(answers))

    text = response.content.decode()
    tag, attrs = first_tag_in_main(response)
    assert (tag, attrs.get("id")) == ("section", "get-help-now")
    start = text.index('id="get-help-now"')
    crisis = text[start : text.index("</section>", start)]
    assert "Please reach out for help now" in crisis
    assert 'href="tel:988"' in crisis and "press 1 for the Veterans Crisis Line" in crisis
    assert "press 2 for Spanish" in crisis
    assert 'href="https://988lifeline.org"' in crisis
    assert "Text HOME to" in crisis and 'href="sms:741741"' in crisis
    assert 'href="tel:911"' in crisis and "nearest emergency room" in crisis
    assert text.index('id="get-help-now"') < text.index("Your score:")
    for watched in ["monitor", "watching", "will contact you", "will call you", "notified"]:
        assert watched not in crisis


@pytest.mark.parametrize("others", [0, 3], ids=["low-total", "high-total"])
def test_question_9_at_0_shows_no_crisis_block(client, others):
    response = client.post(url("depression"), form_data([others] * 8 + [0]))
    text = response.content.decode()
    assert 'id="get-help-now"' not in text
    assert "Please reach out for help now" not in text
    assert first_tag_in_main(response)[0] != "section"
    assert "If you need help now" in text  # the crisis line that ends every result


def test_gad7_has_no_crisis_item(client):
    response = client.post(url("anxiety"), form_data([3] * 7))
    assert 'id="get-help-now"' not in response.content.decode()


def test_missing_answers_are_listed_linked_and_the_given_ones_kept(client):
    answers = form_data([2, 1, 0, 3, 2, 1, 0, 3, 1], difficulty="2")
    del answers["q3"], answers["q7"]

    response = client.post(url("depression"), answers)

    text = response.content.decode()
    page = parse(response)
    assert response.status_code == 200
    assert "Your score" not in text
    assert 'id="error-summary"' in text and "Your other answers are kept." in text
    assert '<a href="#id_q3_0">Choose an answer for question 3.</a>' in text
    assert '<a href="#id_q7_0">Choose an answer for question 7.</a>' in text
    assert 'id="id_q3_error"' in text and 'id="id_q7_error"' in text  # beside the question
    assert "Choose an answer for question 1." not in text
    checked = {
        a["name"]: a["value"]
        for a in page.find_all("input")
        if a.get("type") == "radio" and "checked" in a
    }
    assert checked == answers  # every answer given is still chosen, difficulty included
    assert "<title>Error: " in text
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("item_9", [1, 3])
def test_question_9_above_0_puts_crisis_help_first_even_with_answers_missing(client, item_9):
    response = client.post(url("depression"), {"q2": "1", "q9": str(item_9)})

    text = response.content.decode()
    assert 'id="error-summary"' in text
    tag, attrs = first_tag_in_main(response)
    assert (tag, attrs.get("id")) == ("section", "get-help-now")
    assert "Please reach out for help now" in text
    # The error summary does not take focus away from the help above it.
    summary = next(a for a in parse(response).find_all("div") if a.get("id") == "error-summary")
    assert "autofocus" not in summary


def test_missing_answers_with_question_9_at_0_show_no_crisis_block(client):
    response = client.post(url("depression"), {"q2": "1", "q9": "0"})
    assert 'id="get-help-now"' not in response.content.decode()
    summary = next(a for a in parse(response).find_all("div") if a.get("id") == "error-summary")
    assert "autofocus" in summary


def test_an_answer_out_of_range_is_refused(client):
    response = client.post(url("anxiety"), form_data([1, 1, 1, 7, 1, 1, 1]))
    text = response.content.decode()
    assert "Your score" not in text
    assert '<a href="#id_q4_0">Select a valid choice.' in text


def test_the_difficulty_question_is_optional_and_unscored(client):
    answers = [1] * 9
    without = client.post(url("depression"), form_data(answers)).content.decode()
    with_it = client.post(url("depression"), form_data(answers, difficulty="3")).content.decode()
    assert "Your score: 9 out of 27" in without and "Your score: 9 out of 27" in with_it
    assert "Not answered (this question is optional)" in without
    assert "<strong>Extremely difficult</strong>" in with_it


def test_result_lists_every_question_with_its_answer_and_the_date(client):
    response = client.post(url("anxiety"), form_data([0, 1, 2, 3, 0, 1, 2]))
    text = response.content.decode()
    for question, answer in zip(GAD7.items, [0, 1, 2, 3, 0, 1, 2], strict=True):
        assert f"{question}<br><strong>{ANSWER_LABELS[answer]}</strong>" in text
    assert "taken on <time datetime=" in text
    assert 'media="print"' in text and "/static/css/print.css" in text


def test_result_is_never_stored_by_any_cache(client):
    response = client.post(url("depression"), form_data([1] * 9))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_self_check_keeps_nothing_in_the_database_session_or_cache(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600  # the page cache on, as in production
    rows, entries = row_counts(), cache_entries()

    for slug in ["depression", "anxiety"]:
        client.get("/self-check/")
        client.get(url(slug))
        client.get(url(slug) + "?q9=3")  # answers typed into an address are not kept either
        client.post(url(slug), form_data([3] * (9 if slug == "depression" else 7)))
        client.post(url(slug), {"q1": "2"})  # with missing answers

    assert row_counts() == rows
    assert cache_entries() == entries
    assert settings.SESSION_COOKIE_NAME not in client.cookies


def test_question_pages_set_no_cookie(client):
    for address in ["/self-check/", url("depression"), url("anxiety")]:
        assert client.get(address).cookies == {}, address


@pytest.fixture
def every_log_record(caplog):
    """Log records from every logger, Django's own included (they do not propagate), at
    the level production logs (INFO)."""
    django_logger = logging.getLogger("django")
    django_logger.addHandler(caplog.handler)
    with caplog.at_level(logging.INFO), caplog.at_level(logging.INFO, logger="django"):
        yield caplog
    django_logger.removeHandler(caplog.handler)


def test_a_self_check_writes_nothing_to_the_log(client, every_log_record):
    client.post(url("depression"), form_data([2] * 9))
    client.post(url("depression"), {"q9": "3"})
    assert every_log_record.records == []


def test_no_answers_in_any_address(client):
    answers = [3, 2, 1, 0, 3, 2, 1, 0, 2]
    response = client.post(url("depression"), form_data(answers))

    assert response.status_code == 200 and "Location" not in response
    page = parse(response)
    addresses = [a.get("href") for a in page.find_all("a")] + [
        a.get("action") for a in page.find_all("form")
    ]
    assert all(address and "?" not in address for address in addresses), addresses
    forms = {a["action"]: a.get("method") for a in page.find_all("form") if a.get("method")}
    assert forms["/consultation/"] == "post"
    assert forms.get("/search/", "get") == "get"  # the search box sends only its words


def test_result_page_loads_nothing_from_other_hosts_and_has_no_inline_style_or_script(client):
    response = client.post(url("depression"), form_data([1] * 9))
    page = parse(response)
    assert [u for u in page.loaded_urls() if not is_same_host(u)] == []
    assert not [attrs for _, attrs in page.tags if "style" in attrs]
    assert all(attrs.get("src") for attrs in page.find_all("script"))
    assert 'name="robots" content="noindex, nofollow"' in response.content.decode()


def test_self_checks_are_linked_from_the_home_page_and_footer_and_in_the_sitemap(client):
    text = client.get("/").content.decode()
    assert text.count('href="/self-check/"') >= 2
    sitemap = client.get("/sitemap.xml").content.decode()
    for address in ["/self-check/", "/self-check/depression/", "/self-check/anxiety/"]:
        assert f"<loc>http://testserver{address}</loc>" in sitemap
