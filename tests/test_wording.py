"""Which catalogue the application's own words come from (docs/decisions/0012): the
page's format decides — easy read reads `en@easyread`, standard and large print the
English source — for the web pages, the survey's validation messages and any renderer
without a request, which sets it for the document it draws."""

from __future__ import annotations

import shutil
import threading

import pytest
from test_formats import SLUG, body, buses, start  # noqa: F401 - the fixture is used

from surveybuilder import wording


def test_english_is_the_source_and_easy_read_its_own_catalogue():
    assert wording.current() == wording.STANDARD
    assert wording.gettext("Save and come back later") == "Save and come back later"
    with wording.in_locale(wording.EASY_READ):
        assert wording.current() == wording.EASY_READ
        assert wording.gettext("Save and come back later") == "Stop now and finish later"
        assert wording.gettext("Not in any catalogue") == "Not in any catalogue"
    assert wording.current() == wording.STANDARD


def test_the_format_decides_the_catalogue():
    assert wording.locale_for(easy_read=True) == "en@easyread"
    assert wording.locale_for(easy_read=False) == "en"


def test_an_unknown_locale_is_refused():
    with pytest.raises(ValueError, match="no catalogue"), wording.in_locale("xx"):
        pass


def test_each_thread_has_its_own_locale():
    """A server thread drawing an easy-read page never changes another's words."""
    seen = []
    with wording.in_locale(wording.EASY_READ):
        other = threading.Thread(target=lambda: seen.append(wording.current()))
        other.start()
        other.join()
    assert seen == [wording.STANDARD]


def test_places_are_filled_after_choosing_the_words():
    assert wording.gettext("%(n)s apples", n=3) == "3 apples"


def test_the_compiled_catalogue_is_made_on_first_use(tmp_path, monkeypatch):
    """A fresh checkout has only the .po; gettext's .mo is written beside it when missing
    or older, and a read-only install compiles it in memory."""
    copy = tmp_path / "translations"
    shutil.copytree(wording.DIRECTORY, copy, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(wording, "DIRECTORY", copy)
    wording.translations.cache_clear()
    try:
        compiled = wording.catalogue_path(wording.EASY_READ).with_suffix(".mo")
        assert not compiled.exists()
        with wording.in_locale(wording.EASY_READ):
            assert wording.gettext("Save and come back later") == "Stop now and finish later"
        assert compiled.exists()
        compiled.unlink()
        wording.translations.cache_clear()
        copy.joinpath("en@easyread", "LC_MESSAGES").chmod(0o555)
        try:
            with wording.in_locale(wording.EASY_READ):
                assert wording.gettext("Save and come back later") == \
                    "Stop now and finish later"
        finally:
            copy.joinpath("en@easyread", "LC_MESSAGES").chmod(0o755)
    finally:
        wording.translations.cache_clear()


def test_a_question_page_speaks_easy_read_only_in_easy_read(client, buses):  # noqa: F811
    easy = body(client.get(start(client, "easy-read")))
    assert "Stop now and finish later" in easy
    assert "Save and come back later" not in easy
    for other in (None, "large-print"):
        page = body(client.get(start(client, other)))
        assert "Save and come back later" in page
        assert "Stop now and finish later" not in page


def test_a_request_after_an_easy_read_one_is_in_english_again(client, buses):  # noqa: F811
    """The thread that drew an easy-read page draws the next standard page in English."""
    client.get(start(client, "easy-read"))
    assert wording.current() == wording.STANDARD  # put back when the request ended
    page = body(client.get(start(client)))
    assert "Save and come back later" in page


def test_every_offered_language_is_a_locale_and_reads_its_own_catalogue():
    from surveybuilder.survey.languages import LANGUAGES

    assert set(wording.LANGUAGES) == {language.code for language in LANGUAGES}
    assert wording.locale_for(True, "ur") == "ur" and wording.locale_for(False, "cy") == "cy"
    assert wording.locale_for(True) == wording.EASY_READ
    with pytest.raises(ValueError, match="no catalogue"):
        wording.locale_for(False, "xx")


def test_dates_are_written_in_the_locale_s_own_month_names():
    from datetime import date

    day = date(2027, 3, 5)
    written = {}
    for locale in ("en", "en@easyread", "cy", "pl"):
        with wording.in_locale(locale):
            written[locale] = wording.long_date(day)
    assert written == {"en": "5 March 2027", "en@easyread": "5 March 2027",
                       "cy": "5 Mawrth 2027", "pl": "5 marca 2027"}
    with wording.in_locale("cy"):
        assert wording.long_date(day, weekday=True) == "Dydd Gwener, 5 Mawrth 2027"
    assert wording.long_date(day, weekday=True) == "Friday 5 March 2027"


def test_yes_no_and_i_dont_know_are_in_the_locale_s_words():
    from surveybuilder.survey.types.yes_no import YesNoQuestion

    question = YesNoQuestion.model_validate({**YesNoQuestion.example(), "dont_know": True})
    labels = {}
    for locale in ("en", "cy", "ur"):
        with wording.in_locale(locale):
            labels[locale] = [choice.label for choice in question.choices()]
    assert labels == {"en": ["Yes", "No", "I don't know"],
                      "cy": ["Ie", "Na", "Dydw i ddim yn gwybod"],
                      "ur": ["ہاں", "نہیں", "مجھے نہیں معلوم"]}
