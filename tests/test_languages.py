"""The languages of a consultation (issue 15 item 1, decision 16): the languages offered
and every text in them travel in the survey definition; an offered language with a
text missing, or translated from English that has since changed, fails the charter
check (which publishing needs a reason to pass) naming each text by where it is; and
`in_language` gives the definition in a language, falling back to English text by text."""

from __future__ import annotations

import copy
import json
import typing
from pathlib import Path

import pytest

from surveybuilder.charter.checks import Outcome, check
from surveybuilder.survey.languages import BY_CODE, LANGUAGES, LanguageCode
from surveybuilder.survey.loading import DefinitionError, load_definition
from surveybuilder.survey.texts import english_texts, fingerprint
from surveybuilder.survey.translations import GapKind, gaps, in_language

EXAMPLE = json.loads((Path(__file__).parent / "data" / "victoria-park.json").read_text())

# A definition with every kind of text a definition holds, in a known order.
EVERY_TEXT = {
    "format": "surveybuilder/1", "slug": "every-text", "title": "Library hours",
    "summary": "We may change opening hours.", "participation_level": "consult",
    "can_change": ["Which days we open"], "cannot_change": ["The budget"],
    "privacy_notice": "We keep answers for a year.",
    "sections": [
        {"title": "About the library", "description": "Tell us how you use it.",
         "easy_read": {"text": "Tell us about the library.", "picture": "book"},
         "questions": [
             {"key": "intro", "type": "statement", "text": "This takes five minutes."},
             {"key": "visit", "type": "single_choice", "text": "How often do you visit?",
              "hint": "Think about the last year.",
              "easy_read": {"text": "How often do you go?", "picture": "calendar"},
              "options": [{"key": "weekly", "label": "Every week",
                           "easy_read": {"text": "Each week"}},
                          {"key": "never", "label": "Never"}]},
             {"key": "rooms", "type": "grid", "scale": "agree",
              "text": "How much do you agree?", "hint": "Tick one box on each line.",
              "options": [{"key": "quiet", "label": "It is quiet"},
                          {"key": "warm", "label": "It is warm"}]},
         ]},
    ],
}
EVERY_ID = [
    "title", "summary", "can_change.0", "cannot_change.0", "sections.0.title",
    "sections.0.description", "sections.0.easy_read", "questions.intro.text",
    "questions.visit.text", "questions.visit.hint", "questions.visit.easy_read",
    "questions.visit.options.weekly.label", "questions.visit.options.weekly.easy_read",
    "questions.visit.options.never.label", "questions.rooms.text", "questions.rooms.hint",
    "questions.rooms.options.quiet.label", "questions.rooms.options.warm.label",
    "privacy_notice",
]
POLISH = {
    "title": "Godziny otwarcia biblioteki", "summary": "Możemy zmienić godziny otwarcia.",
    "can_change.0": "W które dni jest otwarte", "cannot_change.0": "Budżet",
    "sections.0.title": "O bibliotece", "sections.0.description": "Powiedz nam, jak z niej "
    "korzystasz.", "sections.0.easy_read": "Powiedz nam o bibliotece.",
    "questions.intro.text": "To zajmie pięć minut.",
    "questions.visit.text": "Jak często odwiedzasz bibliotekę?",
    "questions.visit.hint": "Pomyśl o ostatnim roku.",
    "questions.visit.easy_read": "Jak często chodzisz?",
    "questions.visit.options.weekly.label": "Co tydzień",
    "questions.visit.options.weekly.easy_read": "Każdego tygodnia",
    "questions.visit.options.never.label": "Nigdy",
    "questions.rooms.text": "Na ile się zgadzasz?",
    "questions.rooms.hint": "Zaznacz jedno pole w każdym wierszu.",
    "questions.rooms.options.quiet.label": "Jest cicho",
    "questions.rooms.options.warm.label": "Jest ciepło",
    "privacy_notice": "Odpowiedzi przechowujemy przez rok.",
}


def offered(*codes: str, translations: dict | None = None, **changes) -> dict:
    data = copy.deepcopy(EVERY_TEXT)
    data.update(languages=list(codes), **changes)
    if translations is not None:
        data["translations"] = translations
    return data


def in_polish(without: tuple[str, ...] = ()) -> dict:
    return {"pl": {text_id: {"text": text} for text_id, text in POLISH.items()
                   if text_id not in without}}


def test_the_language_list_and_the_schema_agree_and_name_each_language_in_itself():
    assert set(typing.get_args(LanguageCode)) == set(BY_CODE)
    assert [(lang.code, lang.own) for lang in LANGUAGES] == [
        ("cy", "Cymraeg"), ("pl", "Polski"), ("pa", "ਪੰਜਾਬੀ"), ("ur", "اردو"),
        ("bn", "বাংলা"), ("ro", "Română"), ("ar", "العربية"), ("ku", "Kurdî")]
    assert {lang.code for lang in LANGUAGES if lang.direction == "rtl"} == {"ur", "ar"}


def test_every_text_the_definition_holds_has_a_stable_id():
    assert list(english_texts(EVERY_TEXT)) == EVERY_ID
    assert sorted(POLISH) == sorted(EVERY_ID)


def test_ids_of_questions_and_options_survive_moving_them():
    moved = copy.deepcopy(EVERY_TEXT)
    questions = moved["sections"][0]["questions"]
    questions.reverse()
    questions[1]["options"].reverse()
    assert set(english_texts(moved)) == set(EVERY_ID)
    assert english_texts(moved)["questions.visit.options.never.label"] == "Never"


def test_languages_and_translations_round_trip_through_the_definition_format():
    data = offered("pl", "cy", translations=in_polish())
    loaded = load_definition(data)
    written = loaded.to_json()
    assert written["languages"] == ["pl", "cy"]
    # A hand-written translation is taken as made from the English in the same file.
    assert written["translations"]["pl"]["questions.visit.hint"] == {
        "text": "Pomyśl o ostatnim roku.", "source": fingerprint("Think about the last year.")}
    again = load_definition(json.loads(json.dumps(written))).to_json()
    assert again == written


@pytest.mark.parametrize(("changes", "expected"), [
    ({"translations": {"pl": {"questions.vist.text": {"text": "Jak często?"}}}},
     "translations.pl.questions.vist.text: there is no English text with this id"),
    ({"translations": {"fr": {"title": {"text": "Heures de la bibliothèque"}}}},
     "translations.fr: must be one of"),
    ({"languages": ["pl", "pl"]}, "languages: 'pl' is listed more than once"),
    ({"languages": ["klingon"]}, "languages[0]"),
    ({"translations": {"pl": {"title": {"text": "x" * 201}}}},
     "translations.pl.title: a title must be 200 characters or fewer"),
    ({"translations": {"pl": {"title": {"text": ""}}}}, "translations.pl.title.text"),
])
def test_a_translation_that_does_not_fit_is_refused_with_its_place(changes, expected):
    with pytest.raises(DefinitionError) as raised:
        load_definition({**EVERY_TEXT, **changes})
    assert expected in str(raised.value)


def test_gaps_name_each_missing_text_by_where_it_is():
    definition = load_definition(offered("pl", translations=in_polish(without=(
        "questions.rooms.hint", "questions.visit.options.weekly.label",
        "questions.visit.options.weekly.easy_read", "questions.intro.text",
        "sections.0.description", "can_change.0"))))
    said = [(str(gap), gap.kind) for gap in gaps(definition, "pl")]
    assert said == [
        ("What can change, item 1, Polski", GapKind.MISSING),
        ("Section 1 introduction, Polski", GapKind.MISSING),
        ("Information “intro”, Polski", GapKind.MISSING),
        ("Question 1 answer “Every week”, Polski", GapKind.MISSING),
        ("Question 1 answer “Every week” easy-read wording, Polski", GapKind.MISSING),
        ("Question 2 hint, Polski", GapKind.MISSING),
    ]
    assert gaps(load_definition(offered("pl", translations=in_polish())), "pl") == []


def test_a_changed_english_makes_its_translation_need_updating():
    written = load_definition(offered("pl", translations=in_polish())).to_json()
    written["sections"][0]["questions"][1]["hint"] = "Think about the last month."
    definition = load_definition(written)
    assert [(str(gap), gap.kind) for gap in gaps(definition, "pl")] == [
        ("Question 1 hint, Polski", GapKind.NEEDS_UPDATING)]


def test_in_language_falls_back_to_english_text_by_text():
    written = load_definition(offered("pl", translations=in_polish(
        without=("questions.visit.hint", "questions.rooms.options.warm.label")))).to_json()
    written["sections"][0]["questions"][2]["text"] = "How far do you agree?"  # changed
    polish = in_language(load_definition(written), "pl")
    d = polish.definition
    visit, rooms = d.question("visit"), d.question("rooms")
    assert d.title == "Godziny otwarcia biblioteki"
    assert d.can_change == ["W które dni jest otwarte"]
    assert d.sections[0].easy_read.text == "Powiedz nam o bibliotece."
    assert d.sections[0].easy_read.picture == "book"
    assert (visit.text, visit.hint) == ("Jak często odwiedzasz bibliotekę?",
                                        "Think about the last year.")
    assert [o.label for o in visit.options] == ["Co tydzień", "Nigdy"]
    assert visit.options[0].easy_read.text == "Każdego tygodnia"
    assert rooms.text == "How far do you agree?"  # its translation is of the old English
    assert [o.label for o in rooms.options] == ["Jest cicho", "It is warm"]
    assert d.privacy_notice == "Odpowiedzi przechowujemy przez rok."
    assert polish.english == {"questions.visit.hint", "questions.rooms.options.warm.label",
                              "questions.rooms.text"}
    assert polish.lang_of("title") == "pl"
    assert polish.lang_of("questions.visit.hint") == "en"
    assert d.translations == {}


def test_in_english_or_an_untranslated_language_gives_the_english():
    definition = load_definition(offered("pl", "cy", translations=in_polish()))
    for code in ("en", "cy"):
        shown = in_language(definition, code)
        assert shown.definition.title == "Library hours"
        assert shown.english == set(EVERY_ID)


def language_row(data: dict):
    return next(row for row in check(load_definition(data)) if row.id == "languages_complete")


def test_the_charter_check_reports_the_languages_offered():
    english_only = language_row(EVERY_TEXT)
    assert (english_only.outcome, english_only.detail) == (Outcome.PASS,
                                                           "Offered in English only.")
    complete = language_row(offered("pl", translations=in_polish()))
    assert complete.outcome == Outcome.PASS
    assert complete.detail == "Offered in English and Polski (Polish). Every text is translated."


def test_the_charter_check_fails_listing_every_missing_text_by_place_and_language():
    written = load_definition(offered("pl", "ur", translations=in_polish(
        without=("questions.visit.hint",)))).to_json()
    written["title"] = "Library opening hours"
    row = language_row(written)
    assert row.outcome == Outcome.FAIL
    assert row.detail == (
        "Offered in English, Polski (Polish) and اردو (Urdu). "
        "Not translated: Question 1 hint, Polski. "
        "Needs updating, because the English changed after it was translated: "
        "Title, Polski. "
        f"اردو: nothing is translated yet ({len(EVERY_ID)} texts).")
    assert "stop offering the language" in row.fix
