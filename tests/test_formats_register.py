"""The register of formats and channels (surveybuilder/formats.py) is the one place
their values, labels and sizes are said: everything else that names them agrees."""

from __future__ import annotations

import re
import typing
from pathlib import Path

from surveybuilder import formats
from surveybuilder.printing.formats import all_print_formats, print_format
from surveybuilder.responses import storage
from surveybuilder.survey.definition import FORMATS_OFFERED, SurveyDefinition

STYLESHEET = Path(__file__).parents[1] / "surveybuilder" / "static" / "src" / "surveybuilder.scss"


def test_every_format_has_a_value_slug_and_plain_label():
    assert [f.value for f in formats.FORMATS] == ["standard", "easy_read", "large_print"]
    assert [f.slug for f in formats.FORMATS] == ["standard", "easy-read", "large-print"]
    assert [f.label for f in formats.FORMATS] == ["Standard", "Easy read", "Large print"]
    assert [f for f in formats.FORMATS if f.pictures] == [formats.EASY_READ]


def test_lookups_by_slug_and_by_stored_value():
    assert formats.from_slug(" Easy-Read ") == formats.EASY_READ
    assert formats.from_slug("paper") is None
    assert formats.from_value("large_print") == formats.LARGE_PRINT
    assert formats.from_value("unknown") == formats.STANDARD
    assert formats.format_label("easy_read") == "Easy read"
    assert formats.channel_label("paper") == "Paper"
    assert formats.channel(" ONLINE ") == formats.ONLINE
    assert formats.channel("post") is None


def test_stored_values_are_the_ones_rows_already_hold():
    """Responses written before the register say "online" or "paper" and a format value;
    storing and reading go by the register's values, so old rows still read."""
    assert storage.CHANNELS == ("online", "paper") == formats.CHANNEL_VALUES
    assert storage.FORMATS == formats.FORMAT_VALUES


def test_the_definition_offers_the_registers_formats_and_keeps_paper_apart():
    assert tuple(f.value for f in formats.OFFERABLE) == FORMATS_OFFERED
    offered = SurveyDefinition.model_fields["formats"].annotation
    (literal,) = typing.get_args(offered)
    assert typing.get_args(literal) == FORMATS_OFFERED
    assert SurveyDefinition.model_fields["paper"].default is True


def test_print_sizes_come_from_the_register():
    for answer_format, printed in zip(formats.FORMATS, all_print_formats(), strict=True):
        assert printed.answer_format == answer_format
        assert printed.font_pt == answer_format.print_pt
        assert printed.pictures == answer_format.pictures
    assert {print_format("large-print", size).font_pt
            for size in formats.LARGE_PRINT.print_sizes_pt} == {16, 18, 24}


def test_screen_sizes_are_the_ones_the_stylesheet_sets():
    """GOV.UK Frontend sizes text in rem from a 16 px root; each format's stylesheet rule
    sets the root to the register's size."""
    css = STYLESHEET.read_text(encoding="utf-8")
    assert formats.STANDARD.screen_px == 16
    for answer_format in (formats.EASY_READ, formats.LARGE_PRINT):
        rule = re.search(r"html\." + re.escape(answer_format.css_class)
                         + r"\s*\{\s*font-size:\s*([\d.]+)%", css)
        assert rule, answer_format.css_class
        assert float(rule.group(1)) * 16 / 100 == answer_format.screen_px
