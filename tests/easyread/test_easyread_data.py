"""The shipped word lists: size, content, provenance, and clear errors when malformed."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

import easyread
from easyread import data, definitions
from easyread.data import DataFileError, load_concepts_file, load_jargon_file

WORDS = resources.files("easyread") / "words"


def shipped_yaml_files() -> list[str]:
    return sorted(p.name for p in WORDS.iterdir() if p.name.endswith(".yaml"))


def test_jargon_dictionary_has_at_least_300_distinct_terms_with_alternatives() -> None:
    entries = easyread.jargon_entries()
    terms = {data.normalise_term(e.term) for e in entries}
    assert len(terms) == len(entries)
    assert len(terms) >= 300
    assert all(e.easy.strip() and e.easy.lower() != e.term.lower() for e in entries)


@pytest.mark.parametrize(
    "topic",
    ["council", "health", "social_care", "housing", "consultation", "planning"],
)
def test_each_public_service_topic_has_its_own_list(topic: str) -> None:
    entries = [e for e in easyread.jargon_entries() if e.source.endswith(f"/{topic}.yaml")]
    assert len(entries) >= 30


def test_required_examples_are_in_the_dictionary() -> None:
    by_term = {e.term: e.easy for e in easyread.jargon_entries()}
    assert by_term["consultation"] == "asking people what they think"
    assert by_term["co-production"] == "working together as equals"


def test_every_shipped_file_is_loaded_and_records_source_and_licence() -> None:
    loaded = {Path(f).name for f in data.JARGON_FILES} | {
        Path(data.ACRONYM_FILE).name,
        Path(data.PLAIN_WORDS_FILE).name,
        Path(definitions.DEFINITIONS_FILE).name,
    }
    assert set(shipped_yaml_files()) == loaded
    readme = (WORDS / "README.md").read_text(encoding="utf-8")
    for name in shipped_yaml_files():
        text = (WORDS / name).read_text(encoding="utf-8")
        assert text.startswith("#"), f"{name} needs a comment header"
        assert "Licence" in text.split("meta:")[0], f"{name} header must state the licence"
        meta = yaml.safe_load(text)["meta"]
        assert meta["source"] and meta["licence"]
        assert f"`{name}`" in readme, f"{name} is missing from words/README.md"


def test_govuk_list_carries_the_open_government_licence_attribution() -> None:
    text = (WORDS / "govuk_words_to_avoid.yaml").read_text(encoding="utf-8")
    assert "Open Government Licence v3.0" in text
    assert "Contains public sector information" in text


def test_the_plain_english_campaign_list_is_not_a_source() -> None:
    for name in shipped_yaml_files():
        meta = yaml.safe_load((WORDS / name).read_text(encoding="utf-8"))["meta"]
        assert "plain english campaign" not in meta["source"].lower()


def test_acronyms_have_full_words() -> None:
    acronyms = easyread.acronym_entries()
    assert len(acronyms) >= 50
    assert acronyms["NHS"].full == "National Health Service"
    assert all(a.full.strip() for a in acronyms.values())


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD_META = "meta: {source: test, licence: MIT}\n"


def test_malformed_jargon_entry_names_the_file_and_the_entry(tmp_path: Path) -> None:
    entries = "entries:\n  - {term: ok, easy: fine}\n  - {term: tenancy}\n"
    path = write(tmp_path, GOOD_META + entries)
    with pytest.raises(DataFileError) as caught:
        load_jargon_file(path)
    assert caught.value.file == str(path)
    assert caught.value.entry == "2 ('tenancy')"
    assert "bad.yaml, entry 2 ('tenancy'): 'easy' must be a non-empty string" in str(caught.value)


def test_invalid_yaml_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_META + "entries: [ {term: x\n")
    with pytest.raises(DataFileError, match=r"bad\.yaml: is not valid YAML"):
        load_jargon_file(path)


def test_missing_licence_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "meta: {source: me}\nentries:\n  - {term: a, easy: b}\n")
    with pytest.raises(DataFileError, match="'meta' needs a non-empty 'licence'"):
        load_jargon_file(path)


def test_unquoted_no_in_a_picture_name_gets_a_helpful_error(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_META + "concepts:\n  - {name: no, openmoji: 274C}\n")
    with pytest.raises(DataFileError, match="entry 1: 'name' must be text; put quotes"):
        load_concepts_file(path)


def test_bad_code_point_and_shared_synonym_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_META + "concepts:\n  - {name: bus, openmoji: bus-emoji}\n")
    with pytest.raises(DataFileError, match=r"entry 1 \('bus'\): 'openmoji'"):
        load_concepts_file(path)
    path = write(
        tmp_path,
        GOOD_META
        + "concepts:\n  - {name: bus, openmoji: 1F68C, synonyms: [coach]}\n"
        + "  - {name: coach, openmoji: 1F68D}\n",
    )
    with pytest.raises(DataFileError, match="'coach' is also used by 'bus'"):
        load_concepts_file(path)


def test_duplicate_jargon_terms_across_files_are_refused() -> None:
    first = data.JargonEntry(term="Co-production", easy="a", source="one.yaml")
    second = data.JargonEntry(term="coproduction", easy="b", source="two.yaml")
    with pytest.raises(DataFileError, match=r"two\.yaml, entry 'coproduction'.*one\.yaml"):
        data._check_unique_jargon([first, second])


def test_data_is_loaded_once() -> None:
    assert data.jargon() is data.jargon()
    assert data.concepts() is data.concepts()
