"""The templates folder loader: a file is a template; a bad file is named with its place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from surveybuilder.survey.templates import TemplateError, load_templates

EXAMPLE = json.loads((Path(__file__).parent / "data" / "victoria-park.json").read_text())


def write(folder: Path, name: str, data) -> None:
    (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_adding_a_file_adds_a_template(tmp_path):
    write(tmp_path, "park.yaml", {"template": {"title": "Park survey"}, "survey": EXAMPLE})
    write(tmp_path, "another.yaml", {"template": {}, "survey": {**EXAMPLE, "slug": "other"}})
    found = load_templates(tmp_path)
    assert [t.name for t in found] == ["another", "park"]
    assert found[1].title == "Park survey"
    assert found[0].title == EXAMPLE["title"]
    assert found[1].definition.to_json() == EXAMPLE


def test_a_bad_template_names_the_file_and_the_place(tmp_path):
    broken = json.loads(json.dumps(EXAMPLE))
    broken["sections"][0]["questions"][1]["show_if"]["in"] = ["sometimes"]
    write(tmp_path, "broken.yaml", {"template": {}, "survey": broken})
    with pytest.raises(TemplateError) as caught:
        load_templates(tmp_path)
    assert str(caught.value) == ("broken.yaml: survey.sections[0].questions[1].show_if: "
                                 "question 'visit' has no option 'sometimes'")


def test_invalid_yaml_and_missing_survey_are_explained(tmp_path):
    (tmp_path / "bad.yaml").write_text("template: [unclosed\n")
    with pytest.raises(TemplateError, match="bad.yaml: this is not valid YAML"):
        load_templates(tmp_path)
    (tmp_path / "bad.yaml").write_text("template: {}\n")
    with pytest.raises(TemplateError, match="bad.yaml: a template needs a 'survey' section"):
        load_templates(tmp_path)
