"""Consultations made from charter-aligned templates, and blocks added to consultations.

A template is a survey definition plus notes for staff (`survey.templates`). An
activity template starts a new draft; a block (equality monitoring, access needs)
is appended to a draft that already exists. Both go through the same rows as an
import, so everything else (editing, preview, publishing) treats the result like
any other draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session

from surveybuilder.consultations import audit
from surveybuilder.consultations.drafts import DraftError, check_slug_free
from surveybuilder.consultations.glossary import add_meanings
from surveybuilder.consultations.snapshots import (
    append_section,
    import_definition,
    questions_of,
    sections_of,
)
from surveybuilder.models import Consultation, Organisation, Section, User, utcnow
from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.loading import DefinitionError, load_definition
from surveybuilder.survey.templates import ActivityTemplate, TemplateError, load_template

ACTIVITY = "activity"
BLOCK = "block"
KEY_MAX = 64  # the longest question key the definition format accepts


# Reading the templates folder ---------------------------------------------------------

@dataclass(frozen=True)
class TemplateShelf:
    """The templates that loaded, and one message for each file that did not."""

    templates: list[ActivityTemplate]
    problems: list[str]

    def named(self, name: str) -> ActivityTemplate | None:
        return next((t for t in self.templates if t.name == name), None)

    def of_kind(self, kind: str) -> list[ActivityTemplate]:
        return [t for t in self.templates if kind_of(t) == kind]


# path -> ((modification time, size), the template or the reason it failed)
_read_cache: dict[Path, tuple[tuple[int, int], ActivityTemplate | TemplateError]] = {}


def read_templates(folder: Path) -> TemplateShelf:
    """Every template in the folder, re-read whenever a file changes.

    Unlike `load_templates`, which stops at the first bad file so the command line
    fails loudly, a bad file here is reported and the others stay usable: one broken
    upload must not take the gallery away from every member of staff.
    """
    templates: list[ActivityTemplate] = []
    problems: list[str] = []
    paths = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    for path in paths:
        loaded = _load_cached(path)
        if isinstance(loaded, TemplateError):
            problems.append(str(loaded))
        else:
            templates.append(loaded)
    return TemplateShelf(templates, problems)


def _load_cached(path: Path) -> ActivityTemplate | TemplateError:
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _read_cache.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    try:
        loaded: ActivityTemplate | TemplateError = load_template(path)
    except TemplateError as exc:
        loaded = exc
    _read_cache[path] = (stamp, loaded)
    return loaded


def kind_of(template: ActivityTemplate) -> str:
    """A template without a kind is treated as an activity: that is what most are."""
    return str(template.metadata.get("kind") or ACTIVITY)


# Starting a consultation from an activity template ------------------------------------

def create_from_template(session: Session, organisation: Organisation, user: User,
                         template: ActivityTemplate, title: str, slug: str) -> Consultation:
    """A new draft holding everything the template has (questions, plan, formats),
    under the caller's own title and web address. The caller commits."""
    if kind_of(template) != ACTIVITY:
        raise DraftError([("template", f"“{template.title}” is a block. Add it to a "
                                       f"consultation with “Insert a block” instead")])
    check_slug_free(session, slug)
    definition = _checked({**template.definition.to_json(), "slug": slug, "title": title})
    consultation = import_definition(session, organisation, user, definition,
                                     keys_follow_text=True)
    audit.record(session, "consultation.created_from_template", user, consultation,
                 template=template.name)
    return consultation


# Inserting a block ---------------------------------------------------------------------

@dataclass(frozen=True)
class InsertedBlock:
    """What an insertion did, so the page can tell staff exactly that."""

    sections: list[Section]
    renamed: dict[str, str]


def insert_block(session: Session, consultation: Consultation, user: User,
                 template: ActivityTemplate) -> InsertedBlock:
    """Append a block's sections to the draft. A question key the draft already uses
    is renamed with a number (`postcode` becomes `postcode_2`), and the block's own
    routing follows the new names, so answers never mix and routing still works. The
    block's glossary comes too, for words the draft does not explain yet, so its
    easy-read wording stays ready once it is in."""
    if kind_of(template) != BLOCK:
        raise DraftError([("block", f"“{template.title}” is a whole activity, not a block. "
                                    f"Start a new consultation from it instead")])
    taken = {q.key for q in questions_of(session, consultation)}
    renamed = clash_free_keys([q.key for q in template.definition.questions()], taken)
    block = _checked(renamed_keys(template.definition.to_json(), renamed))
    start = len(sections_of(session, consultation))
    rows = [append_section(session, consultation, start + offset, section,
                           keys_follow_text=True)
            for offset, section in enumerate(block.sections)]
    meanings_added = add_meanings(consultation, block.meanings())
    consultation.updated_at = utcnow()
    session.add(consultation)
    audit.record(session, "block.inserted", user, consultation, template=template.name,
                 sections=[s.title for s in rows], renamed=renamed,
                 meanings_added=meanings_added)
    return InsertedBlock(rows, renamed)


def clash_free_keys(keys: list[str], taken: set[str]) -> dict[str, str]:
    """New names for the keys in `keys` that are already `taken`: the smallest free
    number is added, never landing on another key of the block itself."""
    used = taken | set(keys)
    renamed: dict[str, str] = {}
    for key in keys:
        if key not in taken:
            continue
        number = 2
        while (candidate := _numbered(key, number)) in used:
            number += 1
        renamed[key] = candidate
        used.add(candidate)
    return renamed


def _numbered(key: str, number: int) -> str:
    suffix = f"_{number}"
    return key[:KEY_MAX - len(suffix)] + suffix


def renamed_keys(data: dict[str, Any], renamed: dict[str, str]) -> dict[str, Any]:
    """Definition JSON with question keys, and the routing rules that name them,
    renamed; a rule naming a question outside `renamed` is left as it is."""
    def rename(item: dict[str, Any]) -> dict[str, Any]:
        item = dict(item)
        if "key" in item:
            item["key"] = renamed.get(item["key"], item["key"])
        rule = item.get("show_if")
        if rule:
            item["show_if"] = {**rule, "question": renamed.get(rule["question"],
                                                               rule["question"])}
        return item

    return {**data, "sections": [{**rename(section), "questions": [
        rename(q) for q in section.get("questions", [])]} for section in data.get("sections", [])]}


def _checked(data: dict[str, Any]) -> SurveyDefinition:
    """Templates are checked when read and the forms check title and address, so a
    problem here should not happen; if it does, nothing is half-written and the
    reason is shown."""
    try:
        return load_definition(data)
    except DefinitionError as exc:
        raise DraftError([(p.path.split(".")[0] or "template", str(p))
                          for p in exc.problems]) from None
