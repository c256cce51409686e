"""The easy-read dictionary (`easyread/words/definitions.yaml`): every meaning is itself
easy read, explains rather than repeats, and every hard word of the shipped templates
and the demo consultation has one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import easyread
from easyread.data import DataFileError, normalise_term
from easyread.definitions import OWN_SOURCE, Dictionary, parse_definitions

ROOT = Path(__file__).resolve().parents[2]
WORD_RULES = {easyread.Rule.JARGON, easyread.Rule.HARD_WORD, easyread.Rule.ACRONYM}
# Definition fields that are not words a reader meets.
NOT_WORDING = {"key", "type", "format", "slug", "picture", "contact", "participation_level",
               "question", "in", "audience", "topics", "areas", "formats", "opens", "closes",
               "feedback_by"}
EQUALITY_WORDS = (
    "sexual orientation", "heterosexual", "gay", "lesbian", "bisexual", "asexual",
    "pansexual", "gender identity", "trans", "non-binary", "intersex", "cisgender",
    "ethnicity", "Bangladeshi", "Pakistani", "Caribbean", "Gypsy", "Irish Traveller", "Roma",
    "Arab", "multiple ethnic groups", "religion", "Christian", "Muslim", "Hindu", "Sikh",
    "Jewish", "Buddhist", "atheist", "disability", "impairment", "marital status",
    "civil partnership", "widowed", "pregnancy", "maternity", "carer", "unpaid carer",
    "protected characteristics",
)


def test_there_are_at_least_400_definitions() -> None:
    assert len(easyread.definition_entries()) >= 400


def test_every_meaning_is_easy_read_and_explains() -> None:
    """One test over the whole dictionary (571 separate tests cost seconds of set-up):
    each meaning passes the checker with its default options, does not use the word it
    explains, never sends the reader off to ask someone, and names its source."""
    problems = {}
    for definition in easyread.definition_entries():
        found = [f"{f.rule}: {f.excerpt}" for f in easyread.check(definition.meaning)]
        if easyread.is_circular(definition.word, definition.meaning):
            found.append("uses the word it explains")
        if "ask someone" in definition.meaning.lower():
            found.append("says ask someone")
        if not definition.source.strip():
            found.append("no source")
        if found:
            problems[definition.word] = found
    assert problems == {}


def test_no_word_or_form_is_defined_twice() -> None:
    seen: dict[str, str] = {}
    for definition in easyread.definition_entries():
        for form in {normalise_term(f) for f in (definition.word, *definition.forms)}:
            assert form not in seen, f"{form} in {definition.word} and {seen[form]}"
            seen[form] = definition.word


def _wording(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_WORDING:
                yield from _wording(item)
    elif isinstance(value, list):
        for item in value:
            yield from _wording(item)


def _shipped_wording() -> Iterator[tuple[str, str]]:
    for path in sorted((ROOT / "templates").glob("*.yaml")):
        for text in _wording(yaml.safe_load(path.read_text(encoding="utf-8"))):
            yield path.name, text
    demo = ROOT / "surveybuilder" / "demo_consultation.json"
    for text in _wording(json.loads(demo.read_text(encoding="utf-8"))):
        yield demo.name, text


def test_every_word_the_checker_flags_in_templates_and_the_demo_is_defined() -> None:
    missing = {(name, f.excerpt) for name, text in _shipped_wording()
               for f in easyread.check(text)
               if f.rule in WORD_RULES and easyread.define(f.excerpt) is None}
    assert missing == set()


@pytest.mark.parametrize("word", EQUALITY_WORDS)
def test_equality_monitoring_words_are_defined(word: str) -> None:
    assert easyread.define(word) is not None


def test_words_are_found_the_way_the_checker_matches_them() -> None:
    bisexual = easyread.define("bisexual")
    assert bisexual is not None
    assert easyread.define("Bisexual") == bisexual
    assert easyread.define("BISEXUAL") == bisexual
    assert easyread.define("interpreters").word == "interpreter"
    assert easyread.define("coproduction").word == "co-production"
    assert easyread.define("Co production").word == "co-production"
    assert easyread.define("allergies").word == "allergy"
    assert easyread.define("reasonable adjustments").word == "reasonable adjustment"
    assert easyread.define("organising").word == "organising"
    assert easyread.define("xylophonically") is None


def test_explain_prefers_the_consultations_own_meaning_then_the_dictionary() -> None:
    own = easyread.explain("Interpreters", {"interpreter": "a person from Sandwell Language "
                                                           "Services."})
    assert own.meaning == "a person from Sandwell Language Services."
    assert own.source == OWN_SOURCE
    assert easyread.explain("bisexual") == easyread.define("bisexual")
    # Not in the dictionary, but in a jargon list: its easy words.
    jargon = next(e for e in easyread.jargon_entries() if easyread.define(e.term) is None)
    assert easyread.explain(jargon.term).meaning == jargon.easy
    # Not in the dictionary nor the jargon lists, but a listed acronym.
    acronym = next(a for a in easyread.acronym_entries().values()
                   if easyread.define(a.acronym) is None)
    assert easyread.explain(acronym.acronym).meaning == (acronym.easy or acronym.full)
    assert easyread.explain("xylophonically") is None


@pytest.mark.parametrize(("word", "meaning", "circular"), [
    ("bisexual", "someone who can fancy both men and women.", False),
    ("interpreter", "a person who interprets what people say.", True),
    ("interpreter", "Interpreters help people who speak other languages.", True),
    ("civil partnership", "a legal relationship like marriage.", False),
    ("civil partnership", "a kind of civil partnership.", True),
])
def test_circular_meanings_are_found(word: str, meaning: str, circular: bool) -> None:
    assert easyread.is_circular(word, meaning) is circular


def _file(entries: list[dict[str, Any]], **meta: Any) -> dict[str, Any]:
    return {"meta": {"source": "s", "licence": "l", "sources": {"own": "Ours"}, **meta},
            "groups": [{"title": "Group", "source": "own", "entries": entries}]}


def test_the_loader_refuses_a_word_defined_twice_naming_the_entry() -> None:
    entries = [{"word": "lesbian", "meaning": "a woman who loves women."},
               {"word": "Lesbians", "meaning": "women who love women.", "forms": ["x"]},
               {"word": "gay", "meaning": "a man who loves men.", "forms": ["lesbian"]}]
    Dictionary(parse_definitions(_file(entries[:2]), "test.yaml"))  # plural is its own word
    with pytest.raises(DataFileError, match=r"test.yaml, entry 'gay': 'lesbian' is already"):
        parse_definitions(_file([entries[0], entries[2]]), "test.yaml")


def test_the_loader_refuses_an_unknown_source_and_a_missing_meaning() -> None:
    with pytest.raises(DataFileError, match="source 'nhs' is not in 'meta.sources'"):
        parse_definitions(_file([{"word": "a", "meaning": "b", "source": "nhs"}]), "t.yaml")
    with pytest.raises(DataFileError, match=r"Group 1 \('a'\): 'meaning' must be"):
        parse_definitions(_file([{"word": "a"}]), "t.yaml")
    with pytest.raises(DataFileError, match="'sources'"):
        parse_definitions({**_file([]), "meta": {"source": "s", "licence": "l"}}, "t.yaml")
