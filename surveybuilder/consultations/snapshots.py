"""Moving between the editable draft rows and the survey definition format.

The definition is the single description of a survey: import writes draft rows from one,
export and publish read one back from the rows, and every check runs on it.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from surveybuilder.consultations import audit, finding
from surveybuilder.formats import PAPER
from surveybuilder.models import Consultation, Option, Organisation, Question, Section, User
from surveybuilder.survey.definition import CHOICE_TYPES, FORMAT, SectionDef, SurveyDefinition
from surveybuilder.survey.loading import DefinitionError, Problem, load_definition
from surveybuilder.survey.texts import english_texts

METADATA_FIELDS = ("slug", "title", "summary", "easy_read_summary", "participation_level",
                   "can_change", "cannot_change", "audience", "opens", "closes",
                   "feedback_by", "contact_email", "contact_phone", "contact",
                   "return_address", "drop_off", "privacy_notice", "retention_months",
                   "one_question_per_page",
                   "statutory", "topics", "areas", "formats", "plan", "events", "glossary",
                   "languages", "translations")
DATE_FIELDS = ("opens", "closes", "feedback_by")
# The draft row keeps one list of what is offered besides standard, paper forms among
# them (the editor asks in one set of boxes); the definition keeps the formats and the
# paper channel apart.
PAPER_OFFERED = PAPER.value


def sections_of(session: Session, consultation: Consultation) -> list[Section]:
    return list(session.exec(select(Section).where(Section.consultation_id == consultation.id)
                             .order_by(Section.position, Section.id)).all())


def questions_of(session: Session, consultation: Consultation) -> list[Question]:
    """All draft questions in survey order (section order, then position)."""
    order = {s.id: i for i, s in enumerate(sections_of(session, consultation))}
    questions = session.exec(select(Question).where(
        Question.consultation_id == consultation.id)).all()
    return sorted(questions, key=lambda q: (order.get(q.section_id, 0), q.position, q.id))


def options_of(session: Session, question: Question) -> list[Option]:
    return list(session.exec(select(Option).where(Option.question_id == question.id)
                             .order_by(Option.position, Option.id)).all())


def draft_data(session: Session, consultation: Consultation) -> dict[str, Any]:
    """The draft as definition-format JSON, before any checking."""
    data: dict[str, Any] = {"format": FORMAT}
    for name in METADATA_FIELDS:
        value = getattr(consultation, name)
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    data["formats"] = [f for f in consultation.formats if f != PAPER_OFFERED]
    data["paper"] = PAPER_OFFERED in consultation.formats
    data["plan"] = _without_empty(dict(consultation.plan))
    by_section: dict[int, list[dict[str, Any]]] = {}
    for question in questions_of(session, consultation):
        by_section.setdefault(question.section_id, []).append(
            question_data(question, options_of(session, question)))
    data["sections"] = [_section_data(s, by_section.get(s.id, []))
                        for s in sections_of(session, consultation)]
    data["translations"] = _still_translatable(data)
    return _without_empty(data)


def _still_translatable(data: dict[str, Any]) -> dict[str, Any]:
    """The draft's translations of texts it still has: a translation of a question since
    deleted (or a text since emptied) is left out, so the draft stays readable
    (decision 16)."""
    english = english_texts(data)
    kept = {code: {text_id: entry for text_id, entry in texts.items() if text_id in english}
            for code, texts in (data.get("translations") or {}).items()}
    return {code: texts for code, texts in kept.items() if texts}


def question_data(question: Question, options: list[Option]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": question.key, "type": question.type, "text": question.text,
        "hint": question.hint, "required": question.required,
        "personal_data": question.personal_data,
        "easy_read": _easy_read(question.easy_read_text, question.easy_read_picture),
        "show_if": question.show_if, **question.settings,
    }
    if options or question.type in CHOICE_TYPES:
        data["options"] = [
            _without_empty({"key": o.key, "label": o.label,
                            "easy_read": _easy_read(o.easy_read_text, o.easy_read_picture)})
            for o in options]
    return _without_empty(data, keep=("options",))


def draft_definition(session: Session, consultation: Consultation) -> SurveyDefinition:
    """The draft, checked; raises DefinitionError listing every problem."""
    return load_definition(draft_data(session, consultation))


def write_draft(session: Session, consultation: Consultation,
                definition: SurveyDefinition, keys_follow_text: bool = False) -> None:
    """Replace the consultation's draft metadata and content with `definition`
    (`keys_follow_text`: see `append_section`)."""
    as_json = definition.model_dump(mode="json", by_alias=True)
    for name in METADATA_FIELDS:
        setattr(consultation, name,
                getattr(definition, name) if name in DATE_FIELDS else as_json[name])
    consultation.formats = [*definition.formats, *([PAPER_OFFERED] if definition.paper else [])]
    session.add(consultation)
    _delete_content(session, consultation)
    session.flush()
    for s_pos, section_def in enumerate(definition.sections):
        append_section(session, consultation, s_pos, section_def, keys_follow_text)


def append_section(session: Session, consultation: Consultation, position: int,
                   section_def: SectionDef, keys_follow_text: bool = False) -> Section:
    """Write one section of a definition, with its questions and options, as draft rows.
    A template's keys (`keys_follow_text`) follow new wording until publication, like
    keys the editor made; an imported file's keys were chosen, so they stay."""
    easy = section_def.easy_read
    section = Section(consultation_id=consultation.id, position=position,
                      title=section_def.title, description=section_def.description,
                      easy_read_text=easy.text if easy else "",
                      easy_read_picture=easy.picture if easy else "",
                      show_if=_rule_json(section_def.show_if))
    session.add(section)
    session.flush()
    for q_position, question in enumerate(section_def.questions):
        _add_question_row(session, consultation, section, q_position, question,
                          keys_follow_text)
    session.flush()
    return section


def import_definition(session: Session, organisation: Organisation, user: User | None,
                      definition: SurveyDefinition,
                      keys_follow_text: bool = False) -> Consultation:
    """Create a draft consultation from a definition; the caller commits or rolls back."""
    if finding.slug_taken(session, definition.slug):
        raise DefinitionError([Problem("slug", f"a consultation with the slug "
                                               f"'{definition.slug}' already exists; change "
                                               f"the slug and try again")])
    consultation = Consultation(organisation_id=organisation.id, slug=definition.slug,
                                title=definition.title)
    session.add(consultation)
    session.flush()
    write_draft(session, consultation, definition, keys_follow_text)
    audit.record(session, "consultation.imported", user, consultation, slug=definition.slug)
    return consultation


def _add_question_row(session: Session, consultation: Consultation, section: Section,
                      position: int, q, keys_follow_text: bool) -> None:
    easy = q.easy_read
    row = Question(consultation_id=consultation.id, section_id=section.id, position=position,
                   key=q.key, type=q.type, text=q.text, hint=q.hint, required=q.required,
                   personal_data=q.personal_data,
                   easy_read_text=easy.text if easy else "",
                   easy_read_picture=easy.picture if easy else "",
                   show_if=_rule_json(q.show_if), settings=_json_settings(q),
                   key_follows_text=keys_follow_text)
    session.add(row)
    session.flush()
    for o_pos, option in enumerate(getattr(q, "options", [])):
        o_easy = option.easy_read
        session.add(Option(question_id=row.id, position=o_pos, key=option.key,
                           label=option.label,
                           easy_read_text=o_easy.text if o_easy else "",
                           easy_read_picture=o_easy.picture if o_easy else "",
                           key_follows_text=keys_follow_text))


def _delete_content(session: Session, consultation: Consultation) -> None:
    for question in questions_of(session, consultation):
        for option in options_of(session, question):
            session.delete(option)
        session.delete(question)
    session.flush()
    for section in sections_of(session, consultation):
        session.delete(section)


def _json_settings(question) -> dict[str, Any]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v)
            for k, v in question.settings().items()}


def _rule_json(rule) -> dict[str, Any] | None:
    return rule.model_dump(by_alias=True) if rule else None


def _section_data(section: Section, questions: list[dict[str, Any]]) -> dict[str, Any]:
    return _without_empty({"title": section.title, "description": section.description,
                           "easy_read": _easy_read(section.easy_read_text,
                                                   section.easy_read_picture),
                           "show_if": section.show_if, "questions": questions},
                          keep=("questions",))


def _easy_read(text: str, picture: str) -> dict[str, str] | None:
    return _without_empty({"text": text, "picture": picture}) or None


def _without_empty(data: dict[str, Any], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    """Drop empty and default values so the draft reads like a hand-written file."""
    return {k: v for k, v in data.items()
            if k in keep or k in {"format", "slug", "title", "participation_level"}
            or not _is_empty(v)}


def _is_empty(value: Any) -> bool:
    return value is None or value is False or (isinstance(value, str | list | dict)
                                               and not value)


def export_data(session: Session, consultation: Consultation) -> dict[str, Any]:
    """The draft in canonical form for download; an unfinished draft is exported as it
    stands so work is never trapped in the tool."""
    try:
        return draft_definition(session, consultation).to_json()
    except DefinitionError:
        return draft_data(session, consultation)
