"""Charter-aligned activity templates: YAML files, each a survey definition plus notes
for staff. Adding a file to the templates folder is all it takes to add a template.

Every file is checked when loaded; a bad one is reported with its file name and the
place inside it, and never half-used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.loading import DefinitionError, load_definition


class TemplateError(ValueError):
    """A template file cannot be used; the message names the file and the place."""


@dataclass(frozen=True)
class ActivityTemplate:
    """A template: the metadata staff browse by, and the survey it starts."""

    name: str
    path: Path
    metadata: dict[str, Any] = field(repr=False)
    definition: SurveyDefinition = field(repr=False)

    @property
    def title(self) -> str:
        return self.metadata.get("title", self.definition.title)


def load_template(path: Path) -> ActivityTemplate:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise TemplateError(f"{path.name}: this is not valid YAML ({exc})") from None
    if not isinstance(data, dict) or "survey" not in data:
        raise TemplateError(f"{path.name}: a template needs a 'survey' section holding a "
                            f"survey definition, and a 'template' section describing it")
    metadata = data.get("template") or {}
    if not isinstance(metadata, dict):
        raise TemplateError(f"{path.name}: template: must be a mapping of names to values")
    try:
        definition = load_definition(data["survey"])
    except DefinitionError as exc:
        places = "\n".join(f"{path.name}: survey.{p}" if p.path else f"{path.name}: {p}"
                           for p in exc.problems)
        raise TemplateError(places) from None
    return ActivityTemplate(name=path.stem, path=path, metadata=metadata, definition=definition)


def load_templates(folder: Path) -> list[ActivityTemplate]:
    """Every template in the folder, sorted by name; the first bad file stops loading
    so a broken template is noticed at once rather than silently missing."""
    if not folder.is_dir():
        return []
    return [load_template(path) for path in sorted(folder.glob("*.yaml"))]
