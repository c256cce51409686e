"""Residents choose their language (issue 15 item 4, docs/decisions/0017): the start
page's choice, the language kept through the journey like the format, every page drawn
in it (`lang`/`dir`, the survey's translated texts, English texts marked), dates in the
language's conventions, and the response stored with its language."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from babel.dates import format_date
from sqlmodel import select
from support.languages import URDU, WELSH, offered_in

from surveybuilder import wording
from surveybuilder.consultations.lifecycle import publish
from surveybuilder.models import Journey, Response
from surveybuilder.survey import translations

SLUG = "/c/victoria-park-2027"


def open_today(make_consultation, organisation, db_session, definition: dict,
               reason: str | None = None):
    """`definition` published and open today, as conftest's `open_park` is."""
    today = date.today()
    consultation = make_consultation(organisation, definition,
                                     opens=(today - timedelta(days=3)).isoformat(),
                                     closes=(today + timedelta(days=30)).isoformat(),
                                     feedback_by=(today + timedelta(days=60)).isoformat())
    publish(db_session, consultation, None, override_reason=reason)
    db_session.commit()
    return consultation


@pytest.fixture
def multilingual(make_consultation, organisation, db_session, ready_definition):
    """Victoria Park open today in Welsh, Polish, Punjabi and Urdu (not Bengali); the
    Urdu has no translation of the question "What stops you visiting?" (published with
    a reason), so that text falls back to English."""
    definition = offered_in(ready_definition, "cy", "pl", "pa", "ur")
    del definition["translations"]["ur"]["questions.why_not.text"]
    return open_today(make_consultation, organisation, db_session, definition,
                      "Urdu reviewer is away")


def text(response) -> str:
    return response.get_data(as_text=True)


def html_tag(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


def start(client, **form) -> str:
    response = client.post(f"{SLUG}/start", data=form)
    assert response.status_code == 302
    return response.headers["Location"]


def answer(client, url: str, **fields) -> str:
    response = client.post(url, data={"action": "continue", **fields})
    assert response.status_code == 302, text(response)[:1500]
    return response.headers["Location"]


def test_the_start_page_offers_each_language_named_in_itself(client, multilingual):
    page = text(client.get(SLUG))
    assert 'lang="en"' in html_tag(page) and "dir=" not in html_tag(page)
    for code, own, direction in (("cy", "Cymraeg", "ltr"), ("pl", "Polski", "ltr"),
                                 ("pa", "ਪੰਜਾਬੀ", "ltr"), ("ur", "اردو", "rtl")):
        link = re.search(rf'<a [^>]*href="[^"]*language={code}"[^>]*>{own}</a>', page)
        assert link, own
        assert f'lang="{code}"' in link.group(0) and f'hreflang="{code}"' in link.group(0)
        assert f'dir="{direction}"' in link.group(0)
    assert "বাংলা" not in page  # Bengali is not offered by this consultation


def test_the_start_page_in_urdu_is_right_to_left_with_the_urdu_texts(client, multilingual):
    page = text(client.get(f"{SLUG}?language=ur"))
    assert 'lang="ur"' in html_tag(page) and 'dir="rtl"' in html_tag(page)
    assert URDU["title"] in page and URDU["summary"] in page
    assert "Have your say on Victoria Park" not in page
    assert '<input type="hidden" name="language" value="ur">' in page
    closes = date.today() + timedelta(days=30)
    assert format_date(closes, format="long", locale="ur") in page
    paper = re.findall(r'href="(/c/victoria-park-2027/print/[^"]+)"', page)
    assert paper and all("language=ur" in address for address in paper), paper
    assert "language=" not in "".join(
        re.findall(r'href="(/c/victoria-park-2027/print/[^"]+)"', text(client.get(SLUG))))


def test_a_language_not_offered_is_ignored(client, multilingual):
    page = text(client.get(f"{SLUG}?language=bn"))
    assert 'lang="en"' in html_tag(page)
    assert "Have your say on Victoria Park" in page
    first = start(client, language="bn")
    assert 'lang="en"' in html_tag(text(client.get(first)))


def test_the_language_and_the_format_are_kept_through_the_journey(client, multilingual,
                                                                    db_session):
    first = start(client, language="ur", format="large-print")
    page = text(client.get(first))
    assert 'lang="ur"' in html_tag(page) and 'dir="rtl"' in html_tag(page)
    assert "sb-format--large-print" in html_tag(page)
    assert URDU["questions.visit.text"] in page
    assert URDU["questions.visit.options.weekly.label"] in page
    journey = db_session.exec(select(Journey)).one()
    assert (journey.language, journey.format) == ("ur", "large_print")
    following = answer(client, first, visit="never")
    page = text(client.get(following))
    # The one text the Urdu lacks is shown in English, marked so a screen reader
    # switches voice; the other questions on the page are in Urdu.
    assert '<span lang="en" dir="ltr">What stops you visiting?</span>' in page
    assert URDU["questions.safe.text"] in page


def test_a_language_asked_on_a_journey_page_changes_the_journey(client, multilingual,
                                                                db_session):
    first = start(client)
    switched = client.get(first + "?language=cy")
    assert switched.status_code == 302 and "language=" not in switched.headers["Location"]
    page = text(client.get(switched.headers["Location"]))
    assert 'lang="cy"' in html_tag(page) and WELSH["questions.visit.options.weekly.label"] in page
    assert db_session.exec(select(Journey.language)).one() == "cy"
    assert client.get(first + "?language=bn").status_code == 200  # not offered: ignored
    assert db_session.exec(select(Journey.language)).one() == "cy"


def test_errors_check_answers_and_the_confirmation_keep_the_language(client, multilingual,
                                                                     db_session):
    first = start(client, language="ur")
    error = client.post(first, data={"action": "continue"})
    assert error.status_code == 200
    assert 'lang="ur"' in html_tag(text(error)) and "govuk-error-summary" in text(error)
    url = answer(client, first, visit="weekly")
    url = answer(client, url, safe="agree")
    check = answer(client, url, postcode="B۶۹ ۳DE", hear_back="no")  # Urdu digits
    page = text(client.get(check))
    assert 'dir="rtl"' in html_tag(page) and URDU["questions.visit.text"] in page
    assert "B69 3DE" in page
    done = client.post(check.replace("/check", "/submit"))
    confirmation = text(client.get(done.headers["Location"]))
    assert 'lang="ur"' in html_tag(confirmation)
    feedback_by = date.today() + timedelta(days=60)
    assert format_date(feedback_by, format="long", locale="ur") in confirmation
    response = db_session.exec(select(Response)).one()
    assert response.language == "ur"


def test_a_page_too_large_to_read_is_in_the_journeys_language(client, app, multilingual):
    first = start(client, language="ur")
    page = text(client.get(first))
    action = re.search(r'<form method="post" action="([^"]+)" id="answers"', page).group(1)
    assert action.endswith("?language=ur")
    back = re.search(r'<a href="([^"]+)" class="govuk-back-link"', page).group(1)
    assert back.endswith("?language=ur")  # back to the start page, still in Urdu
    app.config["MAX_CONTENT_LENGTH"] = 1000
    refused = client.post(action.replace("&amp;", "&"),
                          data={"action": "continue", "visit": "x" * 5000})
    assert refused.status_code == 413 and 'dir="rtl"' in html_tag(text(refused))


def test_urdu_pages_give_the_applications_own_words_in_urdu(client, multilingual):
    with wording.in_locale("ur"):
        start_now = wording.gettext("Start now")
    assert start_now != "Start now"  # the Urdu catalogue has it
    assert start_now in text(client.get(f"{SLUG}?language=ur"))


def test_a_missing_page_reached_from_an_urdu_page_is_in_urdu(client, multilingual):
    page = client.get("/c/no-such-thing/r/x/1",
                      headers={"Referer": f"http://localhost{SLUG}?language=ur"})
    assert page.status_code == 404 and 'dir="rtl"' in html_tag(text(page))


def test_the_translated_definition_is_made_once_per_version_and_language(client, multilingual,
                                                                         monkeypatch):
    made = []
    real = translations.in_language

    def counted(definition, code):
        made.append(code)
        return real(definition, code)

    monkeypatch.setattr(translations, "in_language", counted)
    first = start(client, language="pl")
    for _ in range(3):
        assert 'lang="pl"' in html_tag(text(client.get(first)))
    assert made == ["pl"]
