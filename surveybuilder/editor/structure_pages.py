"""Editor pages for a consultation's draft structure: sections, questions, options,
routing rules, and the preview of the draft as residents will see it.

Every page works without JavaScript: moves and deletions are small forms, routing is
chosen in two steps. Each change is one call on `consultations.drafts` in its own
transaction; a refusal comes back beside the field it concerns, with what was typed
kept, and a success redirects (so reloading never repeats a change).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import abort, redirect, render_template, request, url_for
from pydantic import ValidationError
from sqlmodel import Session
from werkzeug.wrappers import Response

from surveybuilder import db, formats, web_formats
from surveybuilder.auth.current import (
    can_edit,
    consultation_or_404,
    current_user,
    owned_or_404,
    signed_in,
)
from surveybuilder.consultations import drafts
from surveybuilder.consultations.drafts import DraftError
from surveybuilder.consultations.snapshots import (
    draft_definition,
    options_of,
    questions_of,
    sections_of,
)
from surveybuilder.easy_read_view import Picture
from surveybuilder.editor.blueprint import bp
from surveybuilder.editor.easy_read_help import checked_form_page
from surveybuilder.editor.page_flow import commit_change, done, form_page
from surveybuilder.editor.question_forms import (
    ALWAYS,
    ChooseTypeForm,
    EditOptionForm,
    OptionForm,
    RoutingQuestionForm,
    RoutingValuesForm,
    SectionForm,
    offer_options,
    option_values,
    place_problems,
    question_form_class,
    question_values,
    section_values,
)
from surveybuilder.forms import ConfirmForm, choices, error_pairs
from surveybuilder.models import Consultation, Option, Question, Section
from surveybuilder.survey import routing_words
from surveybuilder.survey.definition import (
    CHOICE_TYPES,
    QUESTION_TYPES,
    QuestionBase,
    ShowIf,
    SurveyDefinition,
)
from surveybuilder.survey.loading import DefinitionError
from surveybuilder.survey.routing import describe_rule

T = TypeVar("T")
PREFIX = "/consultations/<int:consultation_id>"
STEPS = {"up": -1, "down": 1}


# Shared page machinery ------------------------------------------------------------------

def _move(change: Callable[[], None], message: Callable[[], str],
          back: str) -> Response | tuple[str, int]:
    """Move buttons sit on other pages, so a refused move gets a page of its own that
    says why and leads back. The message is made after the move, so it gives the
    item's new number."""
    try:
        commit_change(change)
    except DraftError as exc:
        return render_template("editor/structure/refused.html", back=back,
                               errors=[("", m) for _, m in exc.problems]), 409
    return done(message(), back)


def _step() -> int:
    step = STEPS.get(request.form.get("direction", ""))
    if step is None:
        abort(400)
    return step


def _named(consultation: Consultation, item: Question | Section) -> str:
    """'Question 3, “How often…”': how messages name an item, never by its key."""
    name = drafts.item_name(db.session(), consultation, item)
    return name[0].upper() + name[1:]


def _overview(consultation: Consultation, anchor: str | None = None) -> str:
    return url_for("editor.consultation", consultation_id=consultation.id, _anchor=anchor)


def _editable(consultation_id: int) -> tuple[Session, Consultation]:
    return db.session(), consultation_or_404(consultation_id, edit=True)


def section_or_404(consultation: Consultation, section_id: int) -> Section:
    """A section, only through its own consultation: ids from elsewhere are "not found"."""
    return owned_or_404(Section, section_id, consultation)


def question_or_404(consultation: Consultation, question_id: int) -> Question:
    return owned_or_404(Question, question_id, consultation)


def _choice_question_or_404(consultation: Consultation, question_id: int) -> Question:
    question = question_or_404(consultation, question_id)
    if question.type not in CHOICE_TYPES:
        abort(404)
    return question


def _option_or_404(question: Question, option_id: int) -> Option:
    option = db.session().get(Option, option_id)
    if option is None or option.question_id != question.id:
        abort(404)
    return option


def rule_describer(session: Session, consultation: Consultation
                   ) -> Callable[[dict[str, Any] | None], str]:
    """A function giving a stored show_if rule as a sentence. Each question is checked
    on its own, so one unfinished question (a choice with no options yet) does not
    turn every other rule back into bare keys."""
    known = {row.key: checked for row, checked in drafts.checked_questions(session, consultation)
             if checked is not None}

    def describe(rule: dict[str, Any] | None) -> str:
        return describe_rule(ShowIf.model_validate(rule), known) if rule else ""

    return describe


# Sections ---------------------------------------------------------------------------------

@bp.route(f"{PREFIX}/sections/new", methods=["GET", "POST"])
@signed_in
def new_section(consultation_id: int) -> Response | str:
    session, consultation = _editable(consultation_id)
    form = SectionForm()
    return form_page(
        form,
        lambda: drafts.add_section(session, consultation, current_user(), form.title.data,
                            form.description.data or "", form.easy_read_text.data or "",
                            form.easy_read_picture.data or ""),
        lambda section: done(f"The section “{section.title}” has been added.",
                              _overview(consultation, f"section-{section.id}")),
        "editor/structure/section_form.html", consultation=consultation, section=None)


@bp.route(f"{PREFIX}/sections/<int:section_id>/edit", methods=["GET", "POST"])
@signed_in
def edit_section(consultation_id: int, section_id: int) -> Response | str:
    session, consultation = _editable(consultation_id)
    section = section_or_404(consultation, section_id)
    form = SectionForm(data=section_values(section))
    return form_page(
        form,
        lambda: drafts.update_section(session, consultation, current_user(), section,
                               form.title.data, form.description.data or "",
                               form.easy_read_text.data or "",
                               form.easy_read_picture.data or ""),
        lambda _: done(f"The section “{form.title.data}” has been saved.",
                        _overview(consultation, f"section-{section.id}")),
        "editor/structure/section_form.html", consultation=consultation, section=section)


@bp.route(f"{PREFIX}/sections/<int:section_id>/delete", methods=["GET", "POST"])
@signed_in
def delete_section(consultation_id: int, section_id: int) -> Response | str | tuple[str, int]:
    session, consultation = _editable(consultation_id)
    section = section_or_404(consultation, section_id)
    doomed = [q for q in questions_of(session, consultation) if q.section_id == section.id]
    blocked = _blocking_rules(consultation, {q.key for q in doomed})
    if blocked:
        return _cannot_delete(consultation, f"{_named(consultation, section)}, cannot be "
                              f"deleted yet", blocked,
                              _overview(consultation, f"section-{section.id}"))
    return form_page(
        ConfirmForm(),
        lambda: drafts.delete_section(session, consultation, current_user(), section),
        lambda _: done(f"The section “{section.title}” has been deleted.",
                        _overview(consultation, "questions")),
        "editor/structure/delete.html", consultation=consultation,
        heading=f"Are you sure you want to delete the section “{section.title}”?",
        losses=[q.text for q in doomed], button="Delete section",
        back=_overview(consultation, f"section-{section.id}"))


@bp.route(f"{PREFIX}/sections/<int:section_id>/move", methods=["POST"])
@signed_in
def move_section(consultation_id: int, section_id: int) -> Response | tuple[str, int]:
    session, consultation = _editable(consultation_id)
    section = section_or_404(consultation, section_id)
    step = _step()
    return _move(lambda: drafts.move_section(session, consultation, current_user(), section,
                                             step),
                 lambda: f"{_named(consultation, section)}, has been moved "
                         f"{request.form['direction']}.",
                 _overview(consultation, f"section-{section.id}"))


# Questions --------------------------------------------------------------------------------

@bp.route(f"{PREFIX}/sections/<int:section_id>/questions/new", methods=["GET", "POST"])
@signed_in
def choose_question_type(consultation_id: int, section_id: int) -> Response | str:
    _, consultation = _editable(consultation_id)
    section = section_or_404(consultation, section_id)
    form = ChooseTypeForm()
    if form.validate_on_submit():
        return redirect(url_for("editor.new_question", consultation_id=consultation.id,
                                section_id=section.id, kind=form.type.data))
    return render_template("editor/structure/question_type.html", form=form,
                           consultation=consultation, section=section,
                           errors=error_pairs(form))


@bp.route(f"{PREFIX}/sections/<int:section_id>/questions/new/<kind>", methods=["GET", "POST"])
@signed_in
def new_question(consultation_id: int, section_id: int, kind: str) -> Response | str:
    session, consultation = _editable(consultation_id)
    section = section_or_404(consultation, section_id)
    if kind not in QUESTION_TYPES:
        abort(404)
    form = question_form_class(kind)()
    return checked_form_page(
        form,
        lambda: drafts.add_question(session, consultation, current_user(), section,
                                    form.to_data(), form.pasted_options()),
        lambda question: _after_new_question(consultation, question),
        "editor/structure/question_form.html", consultation=consultation, section=section,
        question=None, question_class=QUESTION_TYPES[kind], choice=kind in CHOICE_TYPES,
        keys_can_change=drafts.keys_can_change(consultation),
        back=url_for("editor.choose_question_type", consultation_id=consultation.id,
                     section_id=section.id))


def _after_new_question(consultation: Consultation, question: Question) -> Response:
    """A choice question cannot be answered until it has options, so when none were
    given with it, ask for them next; "then add another" goes straight on to the next
    question in the same section."""
    if question.type in CHOICE_TYPES and not options_of(db.session(), question):
        return done(f"{_named(consultation, question)}, has been added. Now add its options.",
                     url_for("editor.options", consultation_id=consultation.id,
                             question_id=question.id))
    if request.form.get("add_another"):
        return done(f"{_named(consultation, question)}, has been added. Now add the next "
                    f"question.", url_for("editor.choose_question_type",
                                          consultation_id=consultation.id,
                                          section_id=question.section_id))
    return done(f"{_named(consultation, question)}, has been added.",
                 _overview(consultation, f"question-{question.id}"))


@bp.route(f"{PREFIX}/questions/<int:question_id>/edit", methods=["GET", "POST"])
@signed_in
def edit_question(consultation_id: int, question_id: int) -> Response | str:
    session, consultation = _editable(consultation_id)
    question = question_or_404(consultation, question_id)
    form = offer_options(question_form_class(question.type)(
        data=question_values(question)), options_of(session, question))

    def change() -> None:
        drafts.add_options(session, consultation, current_user(), question,
                           form.pasted_options())
        drafts.update_question(session, consultation, current_user(), question,
                               form.to_data())

    return checked_form_page(
        form, change,
        lambda _: done(f"{_named(consultation, question)}, has been saved.",
                        _overview(consultation, f"question-{question.id}")),
        "editor/structure/question_form.html", consultation=consultation, section=None,
        question=question, question_class=QUESTION_TYPES[question.type],
        choice=question.type in CHOICE_TYPES, options=options_of(session, question),
        keys_can_change=drafts.keys_can_change(consultation),
        back=_overview(consultation, f"question-{question.id}"))


@bp.route(f"{PREFIX}/questions/key/<key>")
@signed_in
def question_by_key(consultation_id: int, key: str) -> Response:
    """The charter check reads the survey definition, which knows questions by key, so
    its findings link here; this leads to the question's edit page (the browser keeps
    the #field part of the address, which puts the reader at the field to change)."""
    session, consultation = _editable(consultation_id)
    row = next((q for q in questions_of(session, consultation) if q.key == key), None)
    if row is None:
        abort(404)
    return redirect(url_for("editor.edit_question", consultation_id=consultation.id,
                            question_id=row.id))


@bp.route(f"{PREFIX}/questions/<int:question_id>/delete", methods=["GET", "POST"])
@signed_in
def delete_question(consultation_id: int, question_id: int) -> Response | str | tuple[str, int]:
    session, consultation = _editable(consultation_id)
    question = question_or_404(consultation, question_id)
    name = _named(consultation, question)
    blocked = _blocking_rules(consultation, {question.key})
    if blocked:
        return _cannot_delete(consultation, f"{name}, cannot be deleted yet", blocked,
                              _overview(consultation, f"question-{question.id}"))
    return form_page(
        ConfirmForm(),
        lambda: drafts.delete_question(session, consultation, current_user(), question),
        lambda _: done(f"{name}, has been deleted.", _overview(consultation, "questions")),
        "editor/structure/delete.html", consultation=consultation,
        heading=f"Are you sure you want to delete {name[0].lower()}{name[1:]}?",
        losses=[], button="Delete question",
        back=_overview(consultation, f"question-{question.id}"))


@dataclass(frozen=True)
class BlockingRule:
    """A routing rule that stops a deletion: whose rule it is, and where to change it."""

    name: str
    url: str


def _blocking_rules(consultation: Consultation, keys: set[str],
                    option: str | None = None) -> list[BlockingRule]:
    session = db.session()
    return [BlockingRule(drafts.item_name(session, consultation, item), _routing_url(
        consultation, item)) for item in drafts.rules_depending_on(session, consultation, keys,
                                                                   option)]


def _routing_url(consultation: Consultation, item: Question | Section) -> str:
    if isinstance(item, Section):
        return url_for("editor.section_routing", consultation_id=consultation.id,
                       section_id=item.id)
    return url_for("editor.question_routing", consultation_id=consultation.id,
                   question_id=item.id)


def _cannot_delete(consultation: Consultation, heading: str, rules: list[BlockingRule],
                   back: str) -> tuple[str, int]:
    """A deletion a routing rule depends on: say which rules, each linked to its page."""
    return render_template("editor/structure/delete.html", consultation=consultation,
                           heading=heading, rules=rules, back=back), 409


@bp.route(f"{PREFIX}/questions/<int:question_id>/move", methods=["POST"])
@signed_in
def move_question(consultation_id: int, question_id: int) -> Response | tuple[str, int]:
    session, consultation = _editable(consultation_id)
    question = question_or_404(consultation, question_id)
    step = _step()
    return _move(lambda: drafts.move_question(session, consultation, current_user(), question,
                                              step),
                 lambda: f"{_named(consultation, question)}, has been moved "
                         f"{request.form['direction']}.",
                 _overview(consultation, f"question-{question.id}"))


# Options ----------------------------------------------------------------------------------

@bp.route(f"{PREFIX}/questions/<int:question_id>/options", methods=["GET", "POST"])
@signed_in
def options(consultation_id: int, question_id: int) -> Response | str:
    session, consultation = _editable(consultation_id)
    question = _choice_question_or_404(consultation, question_id)
    current = options_of(session, question)
    form = OptionForm()

    def add() -> Option:
        return drafts.add_option(session, consultation, current_user(), question,
                                 form.key.data or "", form.label.data,
                                 form.easy_read_text.data or "",
                                 form.easy_read_picture.data or "")

    return form_page(
        form, add,
        lambda option: done(f"The option “{option.label}” has been added.",
                             _options_url(consultation, question, "add-option")),
        "editor/structure/options.html", consultation=consultation, question=question,
        options=current)


def _options_url(consultation: Consultation, question: Question,
                 anchor: str | None = None) -> str:
    return url_for("editor.options", consultation_id=consultation.id,
                   question_id=question.id, _anchor=anchor)


@bp.route(f"{PREFIX}/questions/<int:question_id>/options/<int:option_id>/edit",
          methods=["GET", "POST"])
@signed_in
def edit_option(consultation_id: int, question_id: int, option_id: int) -> Response | str:
    session, consultation = _editable(consultation_id)
    question = _choice_question_or_404(consultation, question_id)
    option = _option_or_404(question, option_id)
    form = EditOptionForm(data=option_values(option))
    return checked_form_page(
        form,
        lambda: drafts.update_option(session, consultation, current_user(), option, form.label.data,
                              form.easy_read_text.data or "",
                              form.easy_read_picture.data or ""),
        lambda _: done(f"The option “{form.label.data}” has been saved.",
                        _options_url(consultation, question, f"option-{option.id}")),
        "editor/structure/option_form.html", consultation=consultation, question=question,
        option=option)


@bp.route(f"{PREFIX}/questions/<int:question_id>/options/<int:option_id>/delete",
          methods=["GET", "POST"])
@signed_in
def delete_option(consultation_id: int, question_id: int,
                  option_id: int) -> Response | str | tuple[str, int]:
    session, consultation = _editable(consultation_id)
    question = _choice_question_or_404(consultation, question_id)
    option = _option_or_404(question, option_id)
    blocked = _blocking_rules(consultation, {question.key}, option.key)
    if blocked:
        return _cannot_delete(consultation, f"The option “{option.label}” cannot be deleted "
                              f"yet", blocked,
                              _options_url(consultation, question, f"option-{option.id}"))
    return form_page(
        ConfirmForm(),
        lambda: drafts.delete_option(session, consultation, current_user(), question, option),
        lambda _: done(f"The option “{option.label}” has been deleted.",
                        _options_url(consultation, question)),
        "editor/structure/delete.html", consultation=consultation,
        heading=f"Are you sure you want to delete the option “{option.label}”?",
        losses=[], button="Delete option",
        back=_options_url(consultation, question, f"option-{option.id}"))


@bp.route(f"{PREFIX}/questions/<int:question_id>/options/<int:option_id>/move",
          methods=["POST"])
@signed_in
def move_option(consultation_id: int, question_id: int,
                option_id: int) -> Response | tuple[str, int]:
    session, consultation = _editable(consultation_id)
    question = _choice_question_or_404(consultation, question_id)
    option = _option_or_404(question, option_id)
    step = _step()
    return _move(
        lambda: drafts.move_option(session, consultation, current_user(), question, option, step),
        lambda: f"The option “{option.label}” has been moved {request.form['direction']}.",
        _options_url(consultation, question, f"option-{option.id}"))


# Routing ----------------------------------------------------------------------------------

@bp.route(f"{PREFIX}/questions/<int:question_id>/routing", methods=["GET", "POST"])
@signed_in
def question_routing(consultation_id: int, question_id: int) -> Response | str:
    _, consultation = _editable(consultation_id)
    question = question_or_404(consultation, question_id)
    return _routing_page(consultation, question, "question", question.text,
                         _overview(consultation, f"question-{question.id}"))


@bp.route(f"{PREFIX}/sections/<int:section_id>/routing", methods=["GET", "POST"])
@signed_in
def section_routing(consultation_id: int, section_id: int) -> Response | str:
    _, consultation = _editable(consultation_id)
    section = section_or_404(consultation, section_id)
    return _routing_page(consultation, section, "section", section.title,
                         _overview(consultation, f"section-{section.id}"))


@dataclass
class _RoutingContext:
    """What both routing steps need to know about the item and its possible rules."""

    consultation: Consultation
    item: Question | Section
    noun: str
    name: str
    back: str
    routable: dict[str, QuestionBase]

    def page(self, **context: Any) -> str:
        describe = rule_describer(db.session(), self.consultation)
        return render_template(
            "editor/structure/routing_item.html", consultation=self.consultation,
            noun=self.noun, name=self.name, back=self.back, routable=self.routable,
            rule_sentence=describe(self.item.show_if),
            step1_url=request.path, **context)

    def save(self, make_rule: Callable[[], ShowIf | None]) -> list[tuple[str, str]]:
        """Set the rule; the problems if it was refused (none when saved)."""
        try:
            rule = make_rule()
        except ValidationError:
            return [("show_if", "Choose a question from the list")]
        try:
            commit_change(lambda: drafts.set_show_if(db.session(), self.consultation,
                                               current_user(), self.item, rule))
        except DraftError as exc:
            return exc.problems
        return []


def _routing_page(consultation: Consultation, item: Question | Section, noun: str,
                  name: str, back: str) -> Response | str:
    """Step 1 (no `question` in the address) picks "always" or the earlier question;
    step 2 (`?question=key`) picks the answers that show the item."""
    earlier = drafts.earlier_questions(db.session(), consultation, item)
    context = _RoutingContext(consultation, item, noun, name, back,
                              {k: q for k, q in earlier.items() if q.routable})
    chosen = request.args.get("question", "")
    if chosen in context.routable or (chosen and request.method == "POST"):
        return _routing_answers(context, chosen)
    return _routing_question(context)


def _routing_question(context: _RoutingContext,
                      problems: list[tuple[str, str]] | None = None) -> Response | str:
    form = RoutingQuestionForm()
    form.offer(context.noun, context.routable)
    rule = context.item.show_if
    if request.method == "GET" or problems:
        form.question.data = rule["question"] if rule else ALWAYS
    if problems is None and form.validate_on_submit():
        if form.question.data != ALWAYS:
            return redirect(url_for(request.endpoint, **request.view_args,
                                    question=form.question.data))
        problems = context.save(lambda: None)
        if not problems:
            return done(f"The {context.noun} “{context.name}” is now always shown.",
                         context.back)
    extra = place_problems(form, [("question", m) for _, m in problems or []])
    return context.page(form=form, step=1, errors=error_pairs(form, extra))


def _routing_answers(context: _RoutingContext, chosen: str) -> Response | str:
    form = RoutingValuesForm()
    target = context.routable.get(chosen)
    form.values.choices = choices([(c.key, c.label) for c in target.choices()] if target
                                  else [])
    rule = context.item.show_if
    if request.method == "GET" and rule and rule["question"] == chosen:
        form.values.data = rule["in"]
    problems: list[tuple[str, str]] = []
    if form.validate_on_submit():
        problems = context.save(lambda: ShowIf(question=chosen, in_=form.values.data))
        if not problems:
            return done(f"The routing for the {context.noun} “{context.name}” has been "
                         f"saved.", context.back)
    if target is None:
        return _routing_question(context, problems or [
            ("question", "Choose a question from the list")])
    extra = place_problems(form, [("values", m) for _, m in problems])
    return context.page(form=form, step=2, target=target, errors=error_pairs(form, extra))


@bp.route(f"{PREFIX}/routing")
@signed_in
def routing(consultation_id: int) -> str:
    session = db.session()
    consultation = consultation_or_404(consultation_id)
    describe = rule_describer(session, consultation)
    sections = sections_of(session, consultation)
    numbers = {s.id: n for n, s in enumerate(sections, start=1)}
    rules = [(f"Section {numbers[s.id]}: {s.title}", describe(s.show_if),
              url_for("editor.section_routing", consultation_id=consultation.id,
                      section_id=s.id)) for s in sections if s.show_if]
    rules += [(f"Question “{q.text}”", describe(q.show_if),
               url_for("editor.question_routing", consultation_id=consultation.id,
                       question_id=q.id))
              for q in questions_of(session, consultation) if q.show_if]
    return render_template("editor/structure/routing.html", consultation=consultation,
                           rules=rules, can_edit=can_edit())


# Preview ----------------------------------------------------------------------------------

@bp.route(f"{PREFIX}/preview")
@bp.route(f"{PREFIX}/preview/<int:page>")
@signed_in
def preview(consultation_id: int, page: int = 1) -> str:
    """The draft page by page as residents will see it, in any of the three formats
    (`?format=easy-read`): the same page code and format rules as the live survey."""
    consultation = consultation_or_404(consultation_id)
    editor_url = _overview(consultation)
    try:
        definition = draft_definition(db.session(), consultation)
    except DefinitionError as exc:
        return render_template("editor/preview/problems.html", consultation=consultation,
                               problems=exc.problems, editor_url=editor_url)
    shown_in = web_formats.asked_format() or formats.STANDARD
    pages = formats.pages(definition, shown_in)
    if not pages and page == 1:
        return render_template("editor/preview/problems.html", consultation=consultation,
                               problems=[], editor_url=editor_url)
    if not 1 <= page <= len(pages):
        abort(404)

    def page_url(number: int, answer_format: formats.AnswerFormat = shown_in) -> str:
        query = {} if answer_format == formats.STANDARD else {
            web_formats.PARAMETER: answer_format.slug}
        return url_for("editor.preview", consultation_id=consultation.id, page=number,
                       **query)

    current = pages[page - 1]
    return render_template(
        "editor/preview/page.html", consultation=consultation, definition=definition,
        page=current, number=page, count=len(pages), editor_url=editor_url,
        back_url=page_url(page - 1) if page > 1 else editor_url,
        next_url=page_url(page + 1) if page < len(pages) else editor_url,
        preview_format=shown_in,
        **web_formats.switcher_context(
            shown_in, lambda f: page_url(_same_question_page(definition, shown_in, f, page), f)),
        describe=routing_notes(definition, shown_in == formats.EASY_READ))


@dataclass(frozen=True)
class RoutingNote:
    """A routing rule as the preview shows it: the sentence, and in easy read the
    pictures of the answers it names."""

    sentence: str
    pictures: tuple[Picture, ...] = ()


def routing_notes(definition: SurveyDefinition, easy: bool) -> Callable[[ShowIf], RoutingNote]:
    """Routing for the preview in its format: easy read names the answers by their
    easy-read words and shows their pictures."""
    known = {q.key: q for q in definition.questions()}

    def note(rule: ShowIf) -> RoutingNote:
        target = known.get(rule.question)
        if not easy or target is None:
            return RoutingNote(describe_rule(rule, known))
        view = web_formats.easy_read(target)
        named = routing_words.choose(rule.in_, [c.key for c in view.choices]).named
        return RoutingNote(describe_rule(rule, known, view.choice_map),
                           tuple(c.picture for c in view.choices
                                 if c.key in named and c.picture))

    return note


def _same_question_page(definition: SurveyDefinition, shown_in: formats.AnswerFormat,
                        wanted: formats.AnswerFormat, number: int) -> int:
    """The page that starts with the same question in another format (the preview
    shows every question, so routing plays no part)."""
    first = formats.pages(definition, shown_in)[number - 1].questions[0].key
    return next(p.number for p in formats.pages(definition, wanted)
                if any(q.key == first for q in p.questions))
