"""The five-language example every issue 15 test builds on is whole: each language
translates exactly the texts the example has, so a missing one would make those tests
publish with a gap instead of the complete consultation they mean to test."""

from __future__ import annotations

from support.languages import BY_LANGUAGE, FIVE, offered_in

from surveybuilder.survey.loading import load_definition
from surveybuilder.survey.texts import english_texts
from surveybuilder.survey.translations import gaps


def test_every_language_translates_every_text_of_the_example(ready_definition):
    ids = set(english_texts(ready_definition))
    for code in FIVE:
        assert set(BY_LANGUAGE[code]) == ids, code
    definition = load_definition(offered_in(ready_definition, *FIVE))
    assert not any(gaps(definition, code) for code in FIVE)
