"""The Punjabi (Gurmukhi), Urdu and Bengali catalogues of the application's own words
(issue 15 item 3): each says who translated it and that no native speaker has reviewed
it yet, is complete against what the code marks now (`surveybuilder translations
check`), is written in its own script, keeps the Latin-script things (e-mail addresses,
postcodes, codes, PDF, Surveybuilder) exactly, and is what a page in that language
gets through `wording`."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from support.marks import marked_catalogue

from surveybuilder import catalogues, wording
from surveybuilder.survey.languages import language

CODES = ("pa", "ur", "bn")
SCRIPTS = {"pa": re.compile(r"[\u0A00-\u0A7F]"),  # Gurmukhi
           "ur": re.compile(r"[\u0600-\u06FF]"),  # Arabic script
           "bn": re.compile(r"[\u0980-\u09FF]")}  # Bengali
# What stays in Latin letters in every language: names, file types, examples residents
# copy, and the places gettext fills.
LATIN_THINGS = re.compile(
    r"%\(\w+\)[sdg]|[\w.+-]+@[\w-]+\.[\w.]+|\b[A-Z]{1,2}\d{1,2} \d[A-Z]{2}\b|"
    r"\b[A-Z]{4}-[A-Z]{4}-[A-Z]{4}\b|GOV\.UK|https?://\S+|\bSurveybuilder\b|"
    r"\b(?:PDF|UK|CD|USB|Atom|JPEG|PNG|QR|Word|OpenDocument)\b")


def _catalogue(code: str):
    with wording.catalogue_path(code).open("rb") as handle:
        return read_po(handle, locale=code)


def _pairs(code: str) -> list[tuple[str, str]]:
    """(English, each translated form) of every entry."""
    pairs = []
    for message in _catalogue(code):
        if not message.id:
            continue
        english = " ".join(message.id) if isinstance(message.id, tuple) else message.id
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs += [(english, form) for form in forms]
    return pairs


@pytest.mark.parametrize("code", CODES)
def test_the_header_says_who_translated_it_and_that_no_native_speaker_has_reviewed_it(code):
    path = wording.catalogue_path(code)
    assert path.read_text(encoding="utf-8").startswith(
        f"# {language(code).english} ({code}) catalogue of Surveybuilder's own words.\n"
        "# Translated by: the Surveybuilder developers (machine-drafted, not a native "
        "speaker)\n"
        "# Reviewed by a native speaker: no\n")


def test_each_catalogue_is_complete_against_what_the_code_marks_now():
    template = marked_catalogue()
    for code in CODES:
        report = catalogues.check(code, template)
        assert not report.problems, "\n".join(p.line() for p in report.problems)


@pytest.mark.parametrize("code", CODES)
def test_every_entry_is_in_its_own_script_with_latin_things_kept_exactly(code):
    untranslated, lost, unscripted = [], [], []
    for english, translated in _pairs(code):
        words = re.search(r"[A-Za-z]", LATIN_THINGS.sub("", english))
        if re.search(r"[A-Za-z]", LATIN_THINGS.sub("", translated)) or (
                words and translated == english):
            untranslated.append(f"{english!r} -> {translated!r}")
        # Only names and bare places ("Surveybuilder", "“%(title)s”") need no script.
        if not SCRIPTS[code].search(translated) and re.search(
                r"\w", LATIN_THINGS.sub("", translated)):
            unscripted.append(f"{english!r} -> {translated!r}")
        lost += [f"{thing!r} in {english!r}" for thing in LATIN_THINGS.findall(english)
                 if not thing.startswith("%(") and thing not in translated]
    assert not untranslated, "English left in:\n" + "\n".join(untranslated)
    assert not unscripted, "Not in the language's script:\n" + "\n".join(unscripted)
    assert not lost, "Latin-script things changed:\n" + "\n".join(lost)


@pytest.mark.parametrize(("code", "continue_word", "one", "many"), [
    ("pa", "ਜਾਰੀ ਰੱਖੋ", "ਜਵਾਬ ਇਹ ਹੈ:", "3 ਜਵਾਬ ਹਨ:"),
    ("ur", "جاری رکھیں", "جواب یہ ہے:", "3 جوابات ہیں:"),
    ("bn", "চালিয়ে যান", "উত্তরটি হলো:", "3টি উত্তর আছে:"),
])
def test_a_page_in_the_language_gets_its_words_and_plural_forms(code, continue_word, one,
                                                               many):
    with wording.in_locale(wording.locale_for(False, code)):
        assert wording.gettext("Continue") == continue_word
        assert wording.ngettext("The answer is:", "There are %(num)d answers:", 1) == one
        assert wording.ngettext("The answer is:", "There are %(num)d answers:", 3) == many
        assert wording.gettext("Enter a number between %(low)s and %(high)s",
                               low=1, high=10).count("1") == 2  # 1 and 10 both placed
    with wording.in_locale(wording.locale_for(True, code)):
        assert wording.gettext("Continue") == continue_word, \
            "easy read in the language reads the language's catalogue"
