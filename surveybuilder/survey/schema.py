"""The JSON Schema of the survey definition format, generated from the typed classes
and shipped as a file so tools outside Python can check definitions too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from surveybuilder.survey.definition import SurveyDefinition

SCHEMA_PATH = Path(__file__).with_name("survey-definition.schema.json")


def generated_schema() -> dict[str, Any]:
    schema = SurveyDefinition.model_json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://surveybuilder.example/schema/surveybuilder-1.json",
        **schema,
    }


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    path.write_text(json.dumps(generated_schema(), indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path
