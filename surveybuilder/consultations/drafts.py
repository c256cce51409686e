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
from surveybuilder.models import (
    Consultation,
    Option,
    Organisation,
    Question,
    Section,
    Status,
    User,
    utcnow,
)
from surveybuilder.survey.definition import (
    CHOICE_TYPES,
    QUESTION_TYPES,
    OptionDef,
    PlanDef,
    QuestionBase,
    ShowIf,
)
from surveybuilder.survey.keys import key_from_text, question_key
from surveybuilder.survey.languages import BY_CODE
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
    easy_read_summary: str = ""
    participation_level: str = "consult"
    can_change: list[str] | None = None
    cannot_change: list[str] | None = None
    audience: list[str] | None = None
    opens: Any = None
    closes: Any = None
    feedback_by: Any = None
    contact_email: str = ""
    contact_phone: str = ""
    contact: str = ""  # other ways to reach the team (each kind has its own field)
    return_address: str = ""
    drop_off: list[str] | None = None
    privacy_notice: str = ""
    retention_months: int | None = None
    one_question_per_page: bool = False
    statutory: bool = False
    topics: list[str] | None = None
    areas: list[str] | None = None
    formats: list[str] | None = None
    languages: list[str] | None = None

    def problems(self) -> list[tuple[str, str]]:
        problems = []
        if self.opens and self.closes and self.closes <= self.opens:
            problems.append(("closes", "The closing date must be after the opening date"))
        if self.closes and self.feedback_by and self.feedback_by < self.closes:
            problems.append(("feedback_by", "The date you will share results must be on or "
                                            "after the closing date"))
        unknown = [code for code in self.languages or [] if code not in BY_CODE]
        if unknown:
            problems.append(("languages", f"Choose languages from the list; "
                                          f"{', '.join(unknown)} is not one of them"))
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


LIST_DETAILS = ("can_change", "cannot_change", "audience", "topics", "areas", "formats",
                "languages")


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
                 data: dict[str, Any], options: list[str] | None = None) -> Question:
    """Add a question at the end of a section, with its options' labels if given (a
    choice question may also get them on the next page, so without them it is checked
    with stand-ins). Without a typed key, the key is made from the wording."""
    typed = data.get("key") or ""
    _check_key_free(session, consultation, typed)
    taken = {q.key for q in questions_of(session, consultation)}
    data = {**data, "key": typed or question_key(data.get("text", ""), taken)}
    _refuse_repeated_labels(options or [], [])
    check_question(_with_placeholder_options(
        {**data, "options": _made_options(options or [])} if options else data))
    position = sum(1 for q in questions_of(session, consultation) if q.section_id == section.id)
    question = Question(consultation_id=consultation.id, section_id=section.id,
                        position=position, key=data["key"], type=data["type"], text="",
                        key_follows_text=not typed)
    _apply_question(question, data)
    session.add(question)
    session.flush()
    record_change(session, consultation, user, "question.added", key=question.key,
                  type=question.type)
    if options:
        add_options(session, consultation, user, question, options)
    return question


def _made_options(labels: list[str]) -> list[dict[str, str]]:
    taken: set[str] = set()
    made = []
    for label in labels:
        key = key_from_text(label, taken)
        taken.add(key)
        made.append({"key": key, "label": label})
    return made


def update_question(session: Session, consultation: Consultation, user: User,
                    question: Question, data: dict[str, Any]) -> None:
    """Change a question's wording and settings. Its type stays fixed; its key too once
    published, because answers are stored by key (before that, a key made from the
    wording follows it, and a typed key replaces it; routing rules follow either)."""
    key, follows = _next_question_key(session, consultation, question, data)
    data = {**data, "key": key, "type": question.type}
    options = options_of(session, question)
    full = {**data, "show_if": question.show_if}
    if question.type in CHOICE_TYPES and options:
        full["options"] = [{"key": o.key, "label": o.label} for o in options]
    check_question(_with_placeholder_options(full))
    if key != question.key:
        _rename_question(session, consultation, question, key)
    question.key_follows_text = follows
    _apply_question(question, data)
    session.add(question)
    record_change(session, consultation, user, "question.changed", key=question.key)


def keys_can_change(consultation: Consultation) -> bool:
    """Keys may change until the first publication; after that answers are stored by
    them, so they are frozen."""
    return consultation.status == Status.DRAFT


def _next_question_key(session: Session, consultation: Consultation, question: Question,
                       data: dict[str, Any]) -> tuple[str, bool]:
    """The question's key after a change, and whether it still follows the wording: a
    new typed key replaces it, a blank one is made again from the wording, and a key
    made from the wording follows new wording."""
    if not keys_can_change(consultation):
        return question.key, question.key_follows_text
    typed = data.get("key", question.key) or ""
    taken = {q.key for q in questions_of(session, consultation) if q.id != question.id}
    if typed and typed != question.key:
        _check_key_free(session, consultation, typed)
        return typed, False
    text = data.get("text", question.text)
    if not typed or (question.key_follows_text and text != question.text):
        return question_key(text, taken), True
    return question.key, question.key_follows_text


def _rename_question(session: Session, consultation: Consultation, question: Question,
                     key: str) -> None:
    """Give a question a new key, with the routing rules and translations that name it."""
    old = question.key
    for item in [*questions_of(session, consultation), *sections_of(session, consultation)]:
        if item.show_if and item.show_if["question"] == old:
            item.show_if = {**item.show_if, "question": key}
            session.add(item)
    _rename_texts(consultation, f"questions.{old}.", f"questions.{key}.")
    question.key = key


def _rename_texts(consultation: Consultation, old: str, new: str) -> None:
    """Translations are kept by text id, which holds the keys: move them with a key."""
    consultation.translations = {
        code: {(new + text_id[len(old):] if text_id.startswith(old) else text_id): entry
               for text_id, entry in texts.items()}
        for code, texts in (consultation.translations or {}).items()}


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
                         if k not in common and v not in (None, "", [])}


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
    """Add one option at the end; without a typed key, one is made from its label."""
    options = options_of(session, question)
    typed = key
    key = typed or key_from_text(label, {o.key for o in options})
    _check_option(key, label, easy_read_text, easy_read_picture)
    if any(o.key == key for o in options):
        raise DraftError([("key", f"The option key '{key}' is already used in this question")])
    option = Option(question_id=question.id, position=len(options), key=key, label=label,
                    easy_read_text=easy_read_text, easy_read_picture=easy_read_picture,
                    key_follows_text=not typed)
    session.add(option)
    session.flush()
    record_change(session, consultation, user, "option.added", question=question.key, option=key)
    return option


def add_options(session: Session, consultation: Consultation, user: User, question: Question,
                labels: list[str]) -> list[Option]:
    """Add options pasted one per line, keys made from their labels. A label given
    twice, or one the question already has, is refused by name, and nothing is added."""
    _refuse_repeated_labels(labels, [o.label for o in options_of(session, question)])
    return [add_option(session, consultation, user, question, "", label) for label in labels]


def _refuse_repeated_labels(labels: list[str], existing: list[str]) -> None:
    seen = {label.casefold() for label in existing}
    problems = []
    for label in dict.fromkeys(labels):
        if label.casefold() in seen:
            problems.append(("options", f"“{label}” is already an option. Remove it from "
                                        f"the list"))
        elif sum(1 for other in labels if other.casefold() == label.casefold()) > 1:
            problems.append(("options", f"“{label}” is in the list more than once. Keep "
                                        f"it once"))
        seen.add(label.casefold())
    _raise_if(problems)


def update_option(session: Session, consultation: Consultation, user: User, option: Option,
                  label: str, easy_read_text: str = "", easy_read_picture: str = "") -> None:
    """Change an option's words; a key made from the label follows it until the first
    publication, with the routing rules and settings that name it."""
    _check_option(option.key, label, easy_read_text, easy_read_picture)
    if option.key_follows_text and keys_can_change(consultation) and label != option.label:
        question = session.get(Question, option.question_id)
        taken = {o.key for o in options_of(session, question) if o.id != option.id}
        _rename_option(session, consultation, question, option, key_from_text(label, taken))
    option.label, option.easy_read_text = label, easy_read_text
    option.easy_read_picture = easy_read_picture
    session.add(option)
    record_change(session, consultation, user, "option.changed", option=option.key)


def delete_option(session: Session, consultation: Consultation, user: User, question: Question,
                  option: Option) -> None:
    depending = rules_depending_on(session, consultation, {question.key}, option.key)
    if depending:
        raise DraftError([("option", f"The routing rule on "
                                     f"{item_name(session, consultation, item)} "
                                     f"uses the option “{option.label}”. Change or remove "
                                     f"that rule first") for item in depending])
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


def _rename_option(session: Session, consultation: Consultation, question: Question,
                   option: Option, key: str) -> None:
    """Give an option a new key, in the rules that route on it, its question's settings
    that list it (a grid's statements people may leave out) and translations."""
    old = option.key
    for item in [*questions_of(session, consultation), *sections_of(session, consultation)]:
        rule = item.show_if
        if rule and rule["question"] == question.key and old in rule["in"]:
            item.show_if = {**rule, "in": [key if k == old else k for k in rule["in"]]}
            session.add(item)
    question.settings = {name: [key if k == old else k for k in value]
                         if isinstance(value, list) else value
                         for name, value in question.settings.items()}
    session.add(question)
    _rename_texts(consultation, f"questions.{question.key}.options.{old}.",
                  f"questions.{question.key}.options.{key}.")
    option.key = key


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
    depending = rules_depending_on(session, consultation, keys)
    if depending:
        raise DraftError([("routing", f"The routing rule on "
                                      f"{item_name(session, consultation, item)} "
                                      f"depends on it. Change or remove that rule first")
                          for item in depending])


def rules_depending_on(session: Session, consultation: Consultation, keys: set[str],
                       option: str | None = None) -> list[Question | Section]:
    """The questions and sections whose routing rule names one of the questions `keys`
    (and, given `option`, that answer), apart from those questions themselves: what
    would break if they were deleted."""
    return [item for item in [*sections_of(session, consultation),
                              *questions_of(session, consultation)]
            if item.show_if and item.show_if["question"] in keys
            and getattr(item, "key", None) not in keys
            and (option is None or option in item.show_if["in"])]


def question_numbers(session: Session, consultation: Consultation) -> dict[int, int]:
    """Draft question row id → its number as people see it (1, 2, 3…): answerable
    questions in order, as `survey.numbering` numbers a definition."""
    answerable = [q for q in questions_of(session, consultation)
                  if QUESTION_TYPES[q.type].answerable]
    return {q.id: number for number, q in enumerate(answerable, start=1)}


def item_name(session: Session, consultation: Consultation, item: Question | Section) -> str:
    """A question or section as staff know it, by number and words, never by key:
    'question 3, “How often do you visit?”'."""
    if isinstance(item, Section):
        number = [s.id for s in sections_of(session, consultation)].index(item.id) + 1
        return f"section {number}, “{item.title}”"
    number = question_numbers(session, consultation).get(item.id)
    if number is None:
        return f"the information “{_short(item.text)}”"
    return f"question {number}, “{_short(item.text)}”"


def _short(text: str, most: int = 80) -> str:
    return text if len(text) <= most else text[:most - 1].rsplit(" ", 1)[0] + "…"


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

