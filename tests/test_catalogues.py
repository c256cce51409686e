"""The catalogues of the application's own words in other languages (issue 15 item 3,
docs/translations.md): the shipped ones are complete, `surveybuilder translations
check` names each kind of gap on its own line and fails, and a gap at runtime gives the
English."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner
from support.marks import marked_catalogue

from surveybuilder import catalogues, wording
from surveybuilder.cli import main

HEADER = ("# {name} ({code}) catalogue of Surveybuilder's own words.\n"
          "# Translated by: the Surveybuilder developers (machine-drafted, not a native "
          "speaker)\n"
          "# Reviewed by a native speaker: ")
DRAFTED = {"cy": "Welsh", "pl": "Polish"}


@pytest.fixture(scope="module")
def marked() -> Catalog:
    """The strings the code marks now (extracted once: it takes seconds)."""
    return marked_catalogue()


@pytest.fixture
def copy(tmp_path: Path, marked: Catalog) -> Path:
    """A complete copy of the shipped catalogues, with the template as messages.pot,
    to break (compiled files left behind). Other work marks strings and writes their
    words at the same time, so in the copy each catalogue holds exactly the template's
    ids (its words where it has them, else the English): each test starts with no gap."""
    target = tmp_path / "translations"
    shutil.copytree(wording.DIRECTORY, target, ignore=shutil.ignore_patterns("*.mo", "*.pot"))
    with (target / catalogues.TEMPLATE).open("wb") as handle:
        write_po(handle, marked)
    template = catalogues.read_template(target / catalogues.TEMPLATE)

    def settle(catalogue: Catalog) -> None:
        words = {m.id: m.string for m in catalogue if m.id and m.string and not m.fuzzy}
        for message in list(catalogue):
            if message.id:
                catalogue.delete(message.id)
        for message in template:
            if message.id:
                catalogue.add(message.id, words.get(message.id, message.id),
                              flags=message.flags - {"fuzzy"})

    for locale in catalogues.shipped(target):
        edit(target, locale, settle)
    return target


def edit(directory: Path, locale: str, change: Callable[[Catalog], None]) -> None:
    """Read a catalogue in `directory`, change it, write it back as pybabel would."""
    path = directory / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=locale)
    change(catalogue)
    with path.open("wb") as handle:
        write_po(handle, catalogue, width=None)


def check_copy(directory: Path) -> catalogues.Overview:
    return catalogues.check_all(
        directory, catalogues.read_template(directory / catalogues.TEMPLATE))


def problems(directory: Path, locale: str) -> list[str]:
    overview = check_copy(directory)
    return [problem.line() for report in overview.reports if report.locale == locale
            for problem in report.problems]


def test_the_drafted_catalogues_are_complete(marked):
    """Every catalogue is checked by `surveybuilder translations check` in CI (`make
    test`); here only the two drafted with it against what the code marks now, so
    easy-read words being written at the same time do not fail this test."""
    overview = catalogues.check_all(template=marked)
    assert {"cy", "pl", "en@easyread"} <= {report.locale for report in overview.reports}
    assert [problem.line() for report in overview.reports if report.locale in DRAFTED
            for problem in report.problems] == []


@pytest.mark.parametrize("code", sorted(DRAFTED))
def test_each_drafted_catalogue_says_who_translated_it(code):
    text = wording.catalogue_path(code).read_text(encoding="utf-8")
    assert text.startswith(HEADER.format(name=DRAFTED[code], code=code))
    report = next(r for r in catalogues.check_all(wording.DIRECTORY, Catalog()).reports
                  if r.locale == code)
    assert report.translated_by.startswith("the Surveybuilder developers")
    assert report.reviewed == "no"


def test_offered_languages_without_a_catalogue_are_named_but_do_not_fail(copy):
    shutil.rmtree(copy / "pl")
    overview = check_copy(copy)
    assert "pl" in overview.without_catalogue
    assert "cy" not in overview.without_catalogue
    assert overview.complete


def test_a_missing_entry_is_reported(copy):
    edit(copy, "cy", lambda catalogue: catalogue.delete("Continue"))
    assert problems(copy, "cy") == [
        "cy: missing from the catalogue (the code marks it): 'Continue'"]


def test_an_empty_translation_is_reported(copy):
    edit(copy, "pl", lambda catalogue: setattr(catalogue["Back"], "string", ""))
    assert problems(copy, "pl") == ["pl: no translation: 'Back'"]


def test_a_wrong_place_is_reported(copy):
    def misspell(catalogue: Catalog) -> None:
        catalogue["It closed on %(date)s."].string = "Caeodd ar %(dyddiad)s."

    edit(copy, "cy", misspell)
    assert problems(copy, "cy") == ["cy: places differ from the English (extra %(dyddiad)s, "
                                    "missing %(date)s): 'It closed on %(date)s.'"]


def test_a_fuzzy_entry_is_reported(copy):
    edit(copy, "cy", lambda catalogue: catalogue["Start now"].flags.add("fuzzy"))
    assert problems(copy, "cy") == ["cy: fuzzy (gettext does not use it): 'Start now'"]


def test_a_missing_plural_form_is_reported(copy):
    def drop_a_form(catalogue: Catalog) -> None:
        message = next(m for m in catalogue if m.pluralizable)
        message.string = (*message.string[:-1], "")

    edit(copy, "pl", drop_a_form)
    [line] = problems(copy, "pl")
    assert line.startswith("pl: plural forms missing (2 of 3 written): ")


def test_an_entry_no_longer_in_the_template_is_reported(copy):
    edit(copy, "pl", lambda catalogue: catalogue.add("Gone from the code", "Usunięte"))
    assert problems(copy, "pl") == ["pl: no longer marked in the code: 'Gone from the code'"]


def test_easy_read_may_leave_a_place_out_but_another_language_may_not(copy):
    def leave_out(catalogue: Catalog) -> None:
        catalogue["It closed on %(date)s."].string = "It is closed."

    edit(copy, "en@easyread", leave_out)
    edit(copy, "cy", leave_out)
    assert problems(copy, "en@easyread") == []
    assert problems(copy, "cy") == ["cy: places differ from the English (missing %(date)s): "
                                    "'It closed on %(date)s.'"]


def test_the_command_prints_each_problem_and_fails(copy):
    edit(copy, "cy", lambda catalogue: catalogue.delete("Continue"))
    result = CliRunner().invoke(main, ["translations", "check", "--directory", str(copy),
                                        "--template", str(copy / catalogues.TEMPLATE)])
    assert result.exit_code != 0
    assert "  cy: missing from the catalogue (the code marks it): 'Continue'" in result.output
    assert "Incomplete catalogues: cy." in result.output
    assert ("pl: complete, " in result.output
            and "Reviewed by a native speaker: no." in result.output)


def test_the_command_passes_when_every_catalogue_is_complete(copy):
    result = CliRunner().invoke(main, ["translations", "check", "--directory", str(copy),
                                        "--template", str(copy / catalogues.TEMPLATE)])
    assert result.exit_code == 0, result.output
    for code in wording.LANGUAGES:
        assert (f"{code}: complete" in result.output
                or f"{code}: no catalogue: residents see English." in result.output)


@pytest.fixture
def shipped_from(monkeypatch) -> Iterator[Callable[[Path], None]]:
    """Load catalogues from another folder for the test, then the shipped ones again."""
    def use(directory: Path) -> None:
        monkeypatch.setattr(wording, "DIRECTORY", directory)
        wording.translations.cache_clear()

    yield use
    monkeypatch.undo()
    wording.translations.cache_clear()


def test_a_missing_entry_at_runtime_gives_the_english(copy, shipped_from):
    edit(copy, "cy", lambda catalogue: catalogue.delete("Continue"))
    shipped_from(copy)
    with wording.in_locale("cy"):
        assert wording.gettext("Continue") == "Continue"
        assert wording.gettext("Start now") == "Dechrau nawr"


def test_the_shipped_catalogues_are_used_with_their_plural_forms():
    with wording.in_locale("cy"):
        assert wording.gettext("Continue") == "Parhau"
        assert wording.gettext("It closed on %(date)s.", date="3 Mawrth 2027") == (
            "Caeodd ar 3 Mawrth 2027.")
    with wording.in_locale("pl"):
        words = [wording.ngettext("Select no more than %(num)d option",
                                  "Select no more than %(num)d options", n) for n in (1, 3, 5)]
    assert words == ["Wybierz nie więcej niż 1 opcję", "Wybierz nie więcej niż 3 opcje",
                     "Wybierz nie więcej niż 5 opcji"]


def test_a_translation_that_does_not_say_who_made_it_is_reported(copy):
    def forget(catalogue: Catalog) -> None:
        catalogue.header_comment = "# Welsh translations for Surveybuilder."

    edit(copy, "cy", forget)
    edit(copy, "en@easyread", forget)
    assert problems(copy, "cy") == [
        "cy: the header comment does not say 'Translated by:' (docs/translations.md)",
        "cy: the header comment does not say 'Reviewed by a native speaker:' "
        "(docs/translations.md)"]
    assert problems(copy, "en@easyread") == []


def test_without_babel_cfg_the_command_says_what_to_do(copy, monkeypatch):
    monkeypatch.setattr(catalogues, "MAPPING", copy / "babel.cfg")
    result = CliRunner().invoke(main, ["translations", "check", "--directory", str(copy)])
    assert result.exit_code != 0 and "pass --template messages.pot" in result.output
    result = CliRunner().invoke(main, ["translations", "check", "--directory", str(copy),
                                       "--template", str(copy / catalogues.TEMPLATE)])
    assert result.exit_code == 0, result.output
