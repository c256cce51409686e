"""Editing a consultation's draft: details, sections, questions, options and routing.

Every change is checked against the survey definition format before it is kept, and
recorded in the audit trail. A published consultation is edited the same way: the
rows are its next draft version, and residents keep answering the frozen live version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session

from surveybuilder.consultations import audit, finding
from surveybuilder.consultations.snapshots import (
    options_of,
    question_data,
    questions_of,
    sections_of,
)
from surveybuilder.models import Consultation, Option, Organisation, Question, Section, User, utcnow
from surveybuilder.survey.definition import (
    CHOICE_TYPES,
    QUESTION_TYPES,
    OptionDef,
    PlanDef,
    QuestionBase,
    ShowIf,
)
from surveybuilder.survey.routing import show_if_problem


class DraftError(ValueError):
    """A change was refused; `problems` are (field, message) pairs in plain words."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(m for _, m in problems))


@dataclass
class Details:
    """The consultation's details as the editor's form collects them."""

    slug: str
    title: str
    summary: str = ""
    participation_level: str = "consult"
    can_change: list[str] | None = None
    cannot_change: list[str] | None = None
    audience: list[str] | None = None
    opens: Any = None
    closes: Any = None
    feedback_by: Any = None
    contact: str = ""
    return_address: str = ""
    drop_off: list[str] | None = None
    privacy_notice: str = ""
    one_question_per_page: bool = False
    statutory: bool = False
    topics: list[str] | None = None
    areas: list[str] | None = None
    formats: list[str] | None = None

    def problems(self) -> list[tuple[str, str]]:
        problems = []
        if self.opens and self.closes and self.closes <= self.opens:
            problems.append(("closes", "The closing date must be after the opening date"))
        if self.closes and self.feedback_by and self.feedback_by < self.closes:
            problems.append(("feedback_by", "The date you will share results must be on or "
                                            "after the closing date"))
        return problems


def create_consultation(session: Session, organisation: Organisation, user: User,
                        details: Details) -> Consultation:
    check_slug_free(session, details.slug)
    _raise_if(details.problems())
    consultation = Consultation(organisation_id=organisation.id, slug=details.slug,
                                title=details.title)
    _apply_details(consultation, details)
    session.add(consultation)
    session.flush()
    audit.record(session, "consultation.created", user, consultation, title=details.title)
    return consultation


def update_details(session: Session, consultation: Consultation, user: User,
                   details: Details) -> None:
    if details.slug != consultation.slug:
        if consultation.status != "draft":
            raise DraftError([("slug", "The web address cannot change once the consultation "
                                       "has been published, because people may have the link")])
        check_slug_free(session, details.slug)
    _raise_if(details.problems())
    _apply_details(consultation, details)
    record_change(session, consultation, user, "consultation.details_changed")


LIST_DETAILS = ("can_change", "cannot_change", "audience", "topics", "areas", "formats")


def _apply_details(consultation: Consultation, details: Details) -> None:
    for name, value in vars(details).items():
        setattr(consultation, name, [] if value is None and name in LIST_DETAILS else value)


def update_plan(session: Session, consultation: Consultation, user: User,
                answers: dict[str, str]) -> None:
    """Save the charter plan; only the charter's own questions are kept."""
    plan = PlanDef.model_validate({k: v.strip() for k, v in answers.items()
                                   if k in PlanDef.model_fields})
    consultation.plan = plan.model_dump(exclude_defaults=True)
    record_change(session, consultation, user, "plan.changed",
           answered=sorted(consultation.plan))


def check_slug_free(session: Session, slug: str) -> None:
    if finding.slug_taken(session, slug):
        raise DraftError([("slug", f"The web address '{slug}' is already used by another "
                                   f"consultation; choose a different one")])


# Sections -------------------------------------------------------------------------------

def add_section(session: Session, consultation: Consultation, user: User, title: str,
                description: str = "", easy_read_text: str = "",
                easy_read_picture: str = "") -> Section:
    section = Section(consultation_id=consultation.id, title=title, description=description,
                      easy_read_text=easy_read_text, easy_read_picture=easy_read_picture,
                      position=len(sections_of(session, consultation)))
    session.add(section)
    session.flush()
    record_change(session, consultation, user, "section.added", title=title)
    return section


def update_section(session: Session, consultation: Consultation, user: User, section: Section,
                   title: str, description: str, easy_read_text: str = "",
                   easy_read_picture: str = "") -> None:
    section.title, section.description = title, description
    section.easy_read_text, section.easy_read_picture = easy_read_text, easy_read_picture
    session.add(section)
    record_change(session, consultation, user, "section.changed", section=section.id)


def delete_section(session: Session, consultation: Consultation, user: User,
                   section: Section) -> None:
    removed = [q for q in questions_of(session, consultation) if q.section_id == section.id]
    _refuse_if_routed_on(session, consultation, {q.key for q in removed})
    for question in removed:
        _delete_question_rows(session, question)
    session.delete(section)
    session.flush()
    _renumber(session, sections_of(session, consultation))
    record_change(session, consultation, user, "section.deleted", title=section.title)


def move_section(session: Session, consultation: Consultation, user: User, section: Section,
                 step: int) -> None:
    sections = sections_of(session, consultation)
    _swap(session, sections, sections.index(section), step)
    _refuse_unsound_routing(session, consultation)
    record_change(session, consultation, user, "section.moved", section=section.id, step=step)


# Questions ------------------------------------------------------------------------------

def check_question(data: dict[str, Any]) -> QuestionBase:
    """Validate one question's data with its type's own rules."""
    qtype = QUESTION_TYPES.get(data.get("type", ""))
    if qtype is None:
        raise DraftError([("type", "Choose a question type")])
    try:
        question = qtype.model_validate(data)
    except ValidationError as exc:
        raise DraftError([(".".join(str(p) for p in e["loc"]) or "text", _message(e))
                          for e in exc.errors()]) from None
    _raise_if(question.problems())
    return question


def add_question(session: Session, consultation: Consultation, user: User, section: Section,
                 data: dict[str, Any]) -> Question:
    """Add a question at the end of a section. Choice questions start with no options
    (the editor then asks for them) so they are checked without their options."""
    _check_key_free(session, consultation, data.get("key", ""))
    check_question(_with_placeholder_options(data))
    position = sum(1 for q in questions_of(session, consultation) if q.section_id == section.id)
    question = Question(consultation_id=consultation.id, section_id=section.id,
                        position=position, key=data["key"], type=data["type"], text="")
    _apply_question(question, data)
    session.add(question)
    session.flush()
    record_change(session, consultation, user, "question.added", key=question.key,
                  type=question.type)
    return question


def update_question(session: Session, consultation: Consultation, user: User,
                    question: Question, data: dict[str, Any]) -> None:
    """Change a question's wording and settings; its key and type stay fixed, because
    answers and routing rules refer to them."""
    data = {**data, "key": question.key, "type": question.type}
    options = options_of(session, question)
    full = {**data, "show_if": question.show_if}
    if question.type in CHOICE_TYPES and options:
        full["options"] = [{"key": o.key, "label": o.label} for o in options]
    check_question(_with_placeholder_options(full))
    _apply_question(question, data)
    session.add(question)
    record_change(session, consultation, user, "question.changed", key=question.key)


def _with_placeholder_options(data: dict[str, Any]) -> dict[str, Any]:
    """A choice question is written before its options, so stand-ins let the rest of
    it be checked now (enough of them for any choice limit it sets)."""
    if data.get("type") not in CHOICE_TYPES or data.get("options"):
        return data
    count = QUESTION_TYPES[data["type"]].options_needed(data)
    return {**data, "options": [{"key": f"option_{n}", "label": f"Option {n}"}
                                for n in range(1, count + 1)]}


def _apply_question(question: Question, data: dict[str, Any]) -> None:
    question.text = data.get("text", "")
    question.hint = data.get("hint", "")
    question.required = bool(data.get(
        "required", QUESTION_TYPES[question.type].model_fields["required"].default))
    question.personal_data = bool(data.get("personal_data", False))
    easy = data.get("easy_read") or {}
    question.easy_read_text = easy.get("text", "")
    question.easy_read_picture = easy.get("picture", "")
    common = {"key", "type", "text", "hint", "required", "personal_data", "easy_read",
              "show_if", "options"}
    question.settings = {k: v for k, v in data.items()
                         if k not in common and v not in (None, "")}


def delete_question(session: Session, consultation: Consultation, user: User,
                    question: Question) -> None:
    _refuse_if_routed_on(session, consultation, {question.key})
    _delete_question_rows(session, question)
    session.flush()
    _renumber(session, [q for q in questions_of(session, consultation)
                        if q.section_id == question.section_id])
    record_change(session, consultation, user, "question.deleted", key=question.key)


def move_question(session: Session, consultation: Consultation, user: User,
                  question: Question, step: int) -> None:
    """Move up or down; past the top or bottom of its section it joins the next one."""
    sections = sections_of(session, consultation)
    siblings = [q for q in questions_of(session, consultation)
                if q.section_id == question.section_id]
    index = siblings.index(question)
    target = index + step
    if 0 <= target < len(siblings):
        _swap(session, siblings, index, step)
    else:
        s_index = [s.id for s in sections].index(question.section_id) + step
        if not 0 <= s_index < len(sections):
            raise DraftError([("position", "This question is already at the "
                                           f"{'top' if step < 0 else 'bottom'}")])
        _move_to_section(session, consultation, question, sections[s_index], at_end=step < 0)
    _refuse_unsound_routing(session, consultation)
    record_change(session, consultation, user, "question.moved", key=question.key, step=step)


def _move_to_section(session: Session, consultation: Consultation, question: Question,
                     section: Section, at_end: bool) -> None:
    old_section = question.section_id
    members = [q for q in questions_of(session, consultation) if q.section_id == section.id]
    question.section_id = section.id
    members = [*members, question] if at_end else [question, *members]
    _renumber(session, members)
    _renumber(session, [q for q in questions_of(session, consultation)
                        if q.section_id == old_section and q.id != question.id])


def _check_key_free(session: Session, consultation: Consultation, key: str) -> None:
    if any(q.key == key for q in questions_of(session, consultation)):
        raise DraftError([("key", f"The key '{key}' is already used by another question in "
                                  f"this consultation; choose a different one")])


def _delete_question_rows(session: Session, question: Question) -> None:
    for option in options_of(session, question):
        session.delete(option)
    session.delete(question)


# Options --------------------------------------------------------------------------------

def add_option(session: Session, consultation: Consultation, user: User, question: Question,
               key: str, label: str, easy_read_text: str = "",
               easy_read_picture: str = "") -> Option:
    options = options_of(session, question)
    _check_option(key, label, easy_read_text, easy_read_picture)
    if any(o.key == key for o in options):
        raise DraftError([("key", f"The option key '{key}' is already used in this question")])
    option = Option(question_id=question.id, position=len(options), key=key, label=label,
                    easy_read_text=easy_read_text, easy_read_picture=easy_read_picture)
    session.add(option)
    record_change(session, consultation, user, "option.added", question=question.key, option=key)
    return option


def update_option(session: Session, consultation: Consultation, user: User, option: Option,
                  label: str, easy_read_text: str = "", easy_read_picture: str = "") -> None:
    _check_option(option.key, label, easy_read_text, easy_read_picture)
    option.label, option.easy_read_text = label, easy_read_text
    option.easy_read_picture = easy_read_picture
    session.add(option)
    record_change(session, consultation, user, "option.changed", option=option.key)


def delete_option(session: Session, consultation: Consultation, user: User, question: Question,
                  option: Option) -> None:
    for item in [*questions_of(session, consultation), *sections_of(session, consultation)]:
        rule = item.show_if
        if rule and rule["question"] == question.key and option.key in rule["in"]:
            raise DraftError([("option", f"A routing rule uses the option “{option.label}”. "
                                         f"Change or remove that rule first")])
    remaining = len(options_of(session, question)) - 1
    limit = question.settings.get("max_choices")
    if limit and limit > remaining:
        raise DraftError([("option", f"People may choose up to {limit} options, so this "
                                     f"question needs at least {limit}. Lower that limit "
                                     f"first")])
    session.delete(option)
    session.flush()
    _renumber(session, options_of(session, question))
    record_change(session, consultation, user, "option.deleted", question=question.key,
           option=option.key)


def _check_option(key: str, label: str, easy_read_text: str, easy_read_picture: str) -> None:
    """The same rules the definition format applies to an option."""
    try:
        OptionDef.model_validate({"key": key, "label": label, "easy_read": {
            "text": easy_read_text, "picture": easy_read_picture}})
    except ValidationError as exc:
        raise DraftError([(str(e["loc"][0]), _message(e)) for e in exc.errors()]) from None


def move_option(session: Session, consultation: Consultation, user: User, question: Question,
                option: Option, step: int) -> None:
    options = options_of(session, question)
    _swap(session, options, options.index(option), step)
    record_change(session, consultation, user, "option.moved", option=option.key, step=step)


# Routing --------------------------------------------------------------------------------

def set_show_if(session: Session, consultation: Consultation, user: User,
                item: Question | Section, rule: ShowIf | None) -> None:
    """Set or clear the rule on a question or section, refusing rules that cannot work."""
    if rule is not None:
        earlier = earlier_questions(session, consultation, item)
        message = show_if_problem(rule, earlier, {q.key for q in questions_of(
            session, consultation)})
        if message:
            raise DraftError([("show_if", message[0].upper() + message[1:])])
    item.show_if = rule.model_dump(by_alias=True) if rule else None
    session.add(item)
    record_change(session, consultation, user, "routing.changed",
           item=getattr(item, "key", None) or f"section {item.id}",
           rule=item.show_if)


def earlier_questions(session: Session, consultation: Consultation,
                      item: Question | Section) -> dict[str, QuestionBase]:
    """The checked questions a rule on `item` may depend on, by key, in order."""
    earlier: dict[str, QuestionBase] = {}
    for row, checked in checked_questions(session, consultation):
        if (isinstance(item, Section) and row.section_id == item.id) or row is item:
            break
        if checked is not None:
            earlier[row.key] = checked
    return earlier


def checked_questions(session: Session, consultation: Consultation
                      ) -> list[tuple[Question, QuestionBase | None]]:
    """Each draft row with its checked question (None while it is unfinished), checked
    one by one so an unfinished question does not hide the sound ones."""
    result: list[tuple[Question, QuestionBase | None]] = []
    for question in questions_of(session, consultation):
        try:
            checked = check_question(question_data(question, options_of(session, question)))
        except DraftError:
            checked = None
        result.append((question, checked))
    return result


def _refuse_if_routed_on(session: Session, consultation: Consultation, keys: set[str]) -> None:
    for item in [*questions_of(session, consultation), *sections_of(session, consultation)]:
        rule = item.show_if
        if rule and rule["question"] in keys and getattr(item, "key", None) not in keys:
            raise DraftError([("routing", f"A routing rule depends on question "
                                          f"'{rule['question']}'. Change or remove that rule "
                                          f"first")])


def _refuse_unsound_routing(session: Session, consultation: Consultation) -> None:
    """A move that would make a rule look forward is undone by the caller's rollback."""
    for item in [*sections_of(session, consultation), *questions_of(session, consultation)]:
        if item.show_if:
            earlier = earlier_questions(session, consultation, item)
            if item.show_if["question"] not in earlier:
                raise DraftError([("position", "That move would put a question before the "
                                               "question its routing rule depends on")])


# Shared helpers ---------------------------------------------------------------------------

def _swap(session: Session, items: list, index: int, step: int) -> None:
    target = index + step
    if not 0 <= target < len(items):
        raise DraftError([("position", f"This is already at the "
                                       f"{'top' if step < 0 else 'bottom'}")])
    items[index], items[target] = items[target], items[index]
    _renumber(session, items)


def _renumber(session: Session, items: list) -> None:
    for position, item in enumerate(items):
        item.position = position
        session.add(item)
    session.flush()


def record_change(session: Session, consultation: Consultation, user: User, action: str,
                  **detail: Any) -> None:
    """Mark the consultation as changed now and add the change to the audit trail."""
    consultation.updated_at = utcnow()
    session.add(consultation)
    session.flush()
    audit.record(session, action, user, consultation, **detail)


def _raise_if(problems: list[tuple[str, str]]) -> None:
    if problems:
        raise DraftError(problems)


def _message(error: dict[str, Any]) -> str:
    if error["type"] == "missing":
        return "Enter this"
    if error["type"] == "string_pattern_mismatch":
        return "Use lower-case letters, digits and underscores, starting with a letter"
    return error["msg"]

