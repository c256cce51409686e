"""Options written out in the definition: their keys must be unique."""

from __future__ import annotations

from surveybuilder.survey.types.base import OptionDef


def duplicate_option_problems(options: list[OptionDef], name: str = "options"
                              ) -> list[tuple[str, str]]:
    seen: dict[str, int] = {}
    problems = []
    for index, option in enumerate(options):
        if option.key in seen:
            problems.append((f"{name}[{index}].key",
                             f"option key '{option.key}' is already used by "
                             f"{name}[{seen[option.key]}]"))
        seen.setdefault(option.key, index)
    return problems
