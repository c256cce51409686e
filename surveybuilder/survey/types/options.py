"""Options written out in the definition: their keys must be unique."""

from __future__ import annotations

from surveybuilder.survey.types.base import AnswerError, Choice, OptionDef


def written_choices(options: list[OptionDef]) -> list[Choice]:
    """The answers a question's written-out options offer."""
    return [Choice(key=o.key, label=o.label) for o in options]


def key_of(given: str, offered: list[Choice], what: str = "options") -> str:
    """An answer given by its key or its words (any capitals, extra spaces), as files
    and keyers write it; the message lists what may be written."""
    wanted = " ".join(given.split())
    for choice in offered:
        if wanted == choice.key or wanted.casefold() == choice.label.casefold():
            return choice.key
    listed = ", ".join(f"{c.key} ({c.label})" for c in offered)
    raise AnswerError(f"“{wanted}” is not one of its {what}; use one of {listed}")


def too_few_options(limit_words: str, limit: int, count: int) -> str:
    """A choice limit above the number of options, said in plain words with the right
    plurals ("but there is only 1", not "only 1 options")."""
    have = f"there is only {count}" if count == 1 else f"there are only {count}"
    return (f"{limit_words} {limit} option{'' if limit == 1 else 's'}, but {have}. Add "
            f"options or choose a smaller number")


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
