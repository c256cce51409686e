"""Staff results pages: the summary, cross-tabs, comments and themes, second coding,
downloads, and an organisation's suppression threshold.

Everything is plain links and forms (filters are a GET form), so it all works without
JavaScript. Figures here are exact, for staff who may read results; the "as it would
be published" view and every public output go through `results.suppression`.
Counting, themes and exports live in `surveybuilder.results`; this module only reads
the request and renders.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Response as FlaskResponse
from flask import (
    abort,
    current_app,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from sqlmodel import Session
from werkzeug.wrappers import Response
from wtforms import (
    HiddenField,
    IntegerField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from surveybuilder import db, formats
from surveybuilder.auth.current import (
    admin_only,
    can_read_results,
    consultation_or_404,
    current_organisation,
    current_user,
    signed_in,
)
from surveybuilder.consultations import audit
from surveybuilder.editor.blueprint import bp
from surveybuilder.editor.page_flow import done, form_page
from surveybuilder.forms import ConfirmForm, error_pairs
from surveybuilder.jobs.tidying import file_was_deleted
from surveybuilder.models import BackgroundJob, Consultation, utcnow
from surveybuilder.results import counting, crosstab, exports, suppression, tables, themes
from surveybuilder.results import jobs as result_jobs
from surveybuilder.results.charts import bar_chart, question_chart
from surveybuilder.results.counting import Filters
from surveybuilder.survey.languages import BY_CODE, ENGLISH
from surveybuilder.web_files import send_stored, store

PREFIX = "/consultations/<int:consultation_id>/results"
DOWNLOADS = {"csv": "text/csv", "json": "application/json"}
"""Mimetypes; Flask adds `; charset=utf-8` to a text type itself."""
KNOWN_LANGUAGES = frozenset({ENGLISH, *BY_CODE})
LANGUAGE_DIRS = {code: known.direction for code, known in BY_CODE.items()}
"""For `dir` beside `lang` on a text in a language written right to left."""


def _consultation(consultation_id: int) -> Consultation:
    """The consultation, if it is this organisation's and the role may read results."""
    consultation = consultation_or_404(consultation_id)
    if not can_read_results():
        abort(403)
    return consultation


def _threshold() -> int:
    return suppression.threshold_for(current_organisation(),
                                     current_app.config["SUPPRESSION_THRESHOLD"])


@dataclass
class FilterForm:
    """The filters as typed (kept on error), what they mean, and any problems."""

    values: dict[str, str]
    filters: Filters
    errors: list[tuple[str, str]]

    def query(self, **changes: Any) -> dict[str, str]:
        """The filters as query-string arguments, for links that keep them."""
        return {k: v for k, v in {**self.values, **changes}.items() if v}


FILTER_FIELDS = ("from-day", "from-month", "from-year", "to-day", "to-month", "to-year",
                 "channel", "format", "language", "answer")


def read_filters(choices: list[tuple[str, str, str]]) -> FilterForm:
    """Filters from the query string. A bad date is reported and left out; the rest
    still apply. `choices` are (value, question text, option label) for "answer"."""
    values = {name: request.args.get(name, "").strip() for name in FILTER_FIELDS}
    errors: list[tuple[str, str]] = []
    start = _typed_date(values, "from", "Date from", errors)
    end = _typed_date(values, "to", "Date to", errors)
    if start and end and start > end:
        errors.append(("to-day", "Date to must be the same as or after date from"))
        end = None
    answer = values["answer"]
    answers: tuple[tuple[str, str], ...] = ()
    if answer and answer in {value for value, _, _ in choices}:
        key, _, option = answer.partition(":")
        answers = ((key, option),)
    return FilterForm(values, Filters(
        date_from=start, date_to=end,
        channel=values["channel"] if values["channel"] in formats.CHANNEL_VALUES else None,
        format=values["format"] if values["format"] in formats.FORMAT_VALUES else None,
        language=values["language"] if values["language"] in KNOWN_LANGUAGES else None,
        answers=answers), errors)


def _typed_date(values: dict[str, str], prefix: str, label: str,
                errors: list[tuple[str, str]]) -> date | None:
    parts = [values[f"{prefix}-{p}"] for p in ("day", "month", "year")]
    if not any(parts):
        return None
    try:
        day, month, year = (int(p) for p in parts)
        return date(year, month, day)
    except ValueError:
        errors.append((f"{prefix}-day", f"{label} must be a real date, like 27 3 2027"))
        return None


def answer_choices(session: Session, consultation: Consultation) -> list[tuple[str, str, str]]:
    """(value, question, option) for every option of every choice question."""
    return [(f"{part.question_key}:{key}", f"Question {n}: {part.text}", label)
            for n, part in crosstab.crosstab_questions(counting.live_definition(session,
                                                                               consultation))
            for key, label in part.choices]


def _page_context(consultation: Consultation, form: FilterForm,
                  choices: list[tuple[str, str, str]]) -> dict[str, Any]:
    definition = counting.live_definition(db.session(), consultation)
    offered = list(definition.languages) if definition else []
    return {"consultation": consultation, "filter_form": form, "answer_choices": choices,
            "channel_labels": formats.CHANNEL_LABELS, "format_labels": formats.FORMAT_LABELS,
            "language_labels": counting.language_labels(offered),
            "own_name": counting.own_name, "staff_name": counting.staff_name,
            "language_dirs": LANGUAGE_DIRS,
            "errors": form.errors, "shown": suppression.shown,
            "format_percent": counting.format_percent, "format_number": counting.format_number}


@bp.route(PREFIX)
@signed_in
def results(consultation_id: int) -> str:
    """Every question as a chart, a table and a sentence, for the filtered respondents;
    `published=1` shows the figures as they would be published (small numbers hidden)."""
    consultation = _consultation(consultation_id)
    session = db.session()
    choices = answer_choices(session, consultation)
    form = read_filters(choices)
    summary = counting.summarise(session, consultation, form.filters)
    threshold = _threshold()
    as_published = request.args.get("published") == "1"
    theme_counts, coded = themes.theme_counts(session, consultation, form.filters)
    if as_published:
        summary = suppression.publishable(summary, threshold)
        theme_counts = tables.published_theme_counts(theme_counts, threshold)
    return render_template(
        "editor/results/overview.html", summary=summary, threshold=threshold,
        as_published=as_published, question_chart=question_chart, bar_chart=bar_chart,
        theme_counts=theme_counts, coded=coded,
        comment_keys={q.key for _, q in themes.comment_questions(
            counting.live_definition(session, consultation))},
        **_page_context(consultation, form, choices))


def _asked_crosstab(consultation: Consultation, form: FilterForm
                    ) -> tuple[crosstab.CrossTab | None, list[tuple[str, str]]]:
    """The cross-tab the address asks for (`rows`, `columns`, filters, `published=1`
    for the figures as they would be published), and any problems with the request."""
    row_key, column_key = request.args.get("rows", ""), request.args.get("columns", "")
    table, errors = None, list(form.errors)
    if row_key or column_key:
        try:
            table = crosstab.crosstab(db.session(), consultation, row_key, column_key,
                                      form.filters)
        except crosstab.CrossTabError as exc:
            errors.append(("columns" if row_key else "rows", str(exc)))
    if table is not None and request.args.get("published") == "1":
        table = suppression.publishable_crosstab(table, _threshold())
    return table, errors


@bp.route(f"{PREFIX}/crosstab")
@signed_in
def results_crosstab(consultation_id: int) -> str:
    consultation = _consultation(consultation_id)
    session = db.session()
    choices = answer_choices(session, consultation)
    form = read_filters(choices)
    questions = crosstab.crosstab_dimensions(counting.live_definition(session, consultation))
    table, errors = _asked_crosstab(consultation, form)
    context = _page_context(consultation, form, choices)
    context["errors"] = errors
    return render_template("editor/results/crosstab.html", questions=questions, table=table,
                           row_key=request.args.get("rows", ""),
                           column_key=request.args.get("columns", ""),
                           threshold=_threshold(),
                           as_published=request.args.get("published") == "1", **context)


def _table_download(kind: str, name: str, title: str, rows: tables.Rows) -> FlaskResponse:
    """A small table as an attachment, CSV or Excel."""
    headers = {"Content-Disposition": f'attachment; filename="{name}.{kind}"'}
    return FlaskResponse(tables.as_file(kind, title, rows), mimetype=tables.TABLE_TYPES[kind],
                         headers=headers)


@bp.route(f"{PREFIX}/crosstab.<kind>")
@signed_in
def results_crosstab_download(consultation_id: int, kind: str) -> Response:
    """The cross-tab on the page, with the same filters and, with `published=1`, the
    same hidden figures; back to the page (which says why) when none can be made."""
    consultation = _consultation(consultation_id)
    if kind not in tables.TABLE_TYPES:
        abort(404)
    table, errors = _asked_crosstab(consultation,
                                    read_filters(answer_choices(db.session(), consultation)))
    if table is None or errors:
        return redirect(url_for("editor.results_crosstab", consultation_id=consultation.id,
                                **request.args))
    name = (f"{consultation.slug}-crosstab-{table.row_key}-by-{table.column_key}"
            f"{'-published' if table.threshold else ''}")
    return _table_download(kind, name, "Cross-tab",
                           tables.crosstab_rows(table, table.threshold or 0))


@bp.route(f"{PREFIX}/theme-counts.<kind>")
@signed_in
def results_themes_download(consultation_id: int, kind: str) -> Response:
    """Comments per theme among the filtered respondents; `published=1` hides small
    counts as the published view does."""
    consultation = _consultation(consultation_id)
    if kind not in tables.TABLE_TYPES:
        abort(404)
    session = db.session()
    form = read_filters(answer_choices(session, consultation))
    counts, coded = themes.theme_counts(session, consultation, form.filters)
    threshold = _threshold()
    published = request.args.get("published") == "1"
    if published:
        counts = tables.published_theme_counts(counts, threshold)
    name = f"{consultation.slug}-themes{'-published' if published else ''}"
    return _table_download(kind, name, "Themes", tables.theme_rows(counts, coded, threshold))


class CodingForm(FlaskForm):
    """One comment's themes: ticked boxes plus any typed theme numbers."""

    response_id = IntegerField(validators=[InputRequired()])
    question_key = HiddenField(validators=[InputRequired()])
    index = IntegerField(validators=[Optional()])
    numbers = StringField(validators=[Optional(), Length(max=200)])


class TranslationForm(FlaskForm):
    """Staff's English translation of one comment written in another language."""

    response_id = IntegerField(validators=[InputRequired()])
    question_key = HiddenField(validators=[InputRequired()])
    index = IntegerField(validators=[Optional()])
    translation = TextAreaField(validators=[Optional()])


def _save_translation(session: Session, consultation: Consultation,
                      errors: list[tuple[str, str]], typed: dict[int, str]) -> bool:
    """Keep the posted translation beside its comment; False (with the error and the
    words as typed) when it cannot be kept."""
    form = TranslationForm()
    if not form.validate_on_submit():
        abort(400)
    index = form.index.data or 0
    try:
        themes.translate_comment(session, consultation, form.response_id.data,
                                 form.question_key.data, form.translation.data or "",
                                 current_user())
    except themes.TranslationError as exc:
        session.rollback()
        errors.append((f"c{index}-translation", str(exc)))
        typed[index] = form.translation.data or ""
        return False
    session.commit()
    return True


def _coding_page(consultation: Consultation, second: bool) -> Response | str:
    """The comments page and the second coder's page share this: show comments, each
    with its own small form; save one comment's themes and go on to the next."""
    session = db.session()
    choices = answer_choices(session, consultation)
    form = read_filters(choices)
    codebook = themes.themes(session, consultation)
    questions = themes.comment_questions(counting.live_definition(session, consultation))
    query = _comment_query(form)
    errors: list[tuple[str, str]] = list(form.errors)
    typed: dict[int, str] = {}
    translated: dict[int, str] = {}
    coding = CodingForm()
    if request.method == "POST" and "translation" in request.form:
        if _save_translation(session, consultation, errors, translated):
            index = int(request.form.get("index", "0") or 0)
            return redirect(request.full_path.rstrip("?") + f"#comment-{index}")
    elif request.method == "POST":
        if not coding.validate_on_submit():
            abort(400)
        index = coding.index.data or 0
        try:
            chosen = {int(v) for v in request.form.getlist("themes") if v.isdigit()}
            chosen |= themes.parse_theme_numbers(coding.numbers.data or "", codebook)
            themes.code_comment(session, consultation, coding.response_id.data,
                                coding.question_key.data, chosen, current_user(), second)
        except themes.ThemeError as exc:
            session.rollback()
            errors.append((f"c{index}-numbers", str(exc)))
            typed[index] = coding.numbers.data or ""
        else:
            session.commit()
            return redirect(request.full_path.rstrip("?") + f"#comment-{index + 1}")
    size = current_app.config["SECOND_CODER_SAMPLE"]
    if second:
        items = themes.second_coding_sample(session, consultation, size)
        total = len(items)
        measured = themes.agreement(session, consultation, size)
    else:
        items, total = themes.comments(session, consultation, query)
        measured = None
    return render_template(
        "editor/results/comments.html", second=second, items=items, total=total,
        codebook=codebook, questions=questions, query=query, typed=typed, agreement=measured,
        translated=translated,
        pages=max(1, -(-total // query.page_size)), sample_size=size,
        **{**_page_context(consultation, form, choices), "errors": errors})


def _comment_query(form: FilterForm) -> themes.CommentQuery:
    theme = request.args.get("theme", "")
    page = request.args.get("page", "1")
    return themes.CommentQuery(
        filters=form.filters, question_key=request.args.get("question") or None,
        words=request.args.get("words", "")[:200], theme_id=int(theme) if theme.isdigit()
        else None, uncoded=request.args.get("uncoded") == "1",
        page=int(page) if page.isdigit() and int(page) > 0 else 1,
        page_size=current_app.config["COMMENTS_PAGE_SIZE"])


@bp.route(f"{PREFIX}/comments", methods=["GET", "POST"])
@signed_in
def results_comments(consultation_id: int) -> Response | str:
    return _coding_page(_consultation(consultation_id), second=False)


@bp.route(f"{PREFIX}/second-coding", methods=["GET", "POST"])
@signed_in
def results_second_coding(consultation_id: int) -> Response | str:
    return _coding_page(_consultation(consultation_id), second=True)


class ThemeForm(FlaskForm):
    name = StringField("Theme name", widget=GovTextInput(), validators=[
        InputRequired("Enter the name of the theme"),
        Length(max=themes.THEME_NAME_MAX,
               message=f"The name of the theme must be {themes.THEME_NAME_MAX} characters "
                       f"or fewer")])
    description = TextAreaField("What it covers (optional)", widget=GovTextArea(),
                                validators=[Optional(), Length(max=2000)],
                                description="So every coder reads the theme the same way")
    submit = SubmitField("Add theme", widget=GovSubmitInput())


class AdoptForm(FlaskForm):
    phrase = HiddenField(validators=[InputRequired(), Length(max=themes.THEME_NAME_MAX)])


@bp.route(f"{PREFIX}/themes", methods=["GET", "POST"])
@signed_in
def results_themes(consultation_id: int) -> Response | str:
    """The codebook: themes with their counts, a form to add one, suggested themes."""
    consultation = _consultation(consultation_id)
    session = db.session()
    form = ThemeForm()
    counts, coded = themes.theme_counts(session, consultation)
    return form_page(
        form, lambda: themes.add_theme(
            session, consultation, form.name.data, form.description.data or ""),
        lambda theme: done(f"The theme “{theme.name}” has been added as number "
                           f"{theme.number}.", _themes_url(consultation)),
        "editor/results/themes.html", consultation=consultation,
        codebook=themes.themes(session, consultation), counts=counts, coded=coded,
        suggestions=themes.suggested_themes(session, consultation,
                                            current_app.config["SUGGESTED_THEMES"]),
        adopt_form=AdoptForm())


@bp.route(f"{PREFIX}/themes/adopt", methods=["POST"])
@signed_in
def adopt_theme(consultation_id: int) -> Response:
    consultation = _consultation(consultation_id)
    form = AdoptForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        theme = themes.add_theme(db.session(), consultation, form.phrase.data.capitalize())
    except themes.ThemeError as exc:
        db.session().rollback()
        return done(str(exc), _themes_url(consultation))
    db.session().commit()
    return done(f"The theme “{theme.name}” has been added as number {theme.number}.",
                _themes_url(consultation))


@bp.route(f"{PREFIX}/themes/<int:theme_id>/edit", methods=["GET", "POST"])
@signed_in
def edit_theme(consultation_id: int, theme_id: int) -> Response | str:
    consultation = _consultation(consultation_id)
    theme = _theme_or_404(consultation, theme_id)
    form = ThemeForm()
    if not form.is_submitted():
        form.name.data, form.description.data = theme.name, theme.description
    return form_page(
        form, lambda: themes.rename_theme(
            db.session(), theme, form.name.data, form.description.data or ""),
        lambda _: done(f"Theme {theme.number} is now called “{theme.name}”.",
                       _themes_url(consultation)),
        "editor/results/theme_form.html", consultation=consultation, theme=theme)


@bp.route(f"{PREFIX}/themes/<int:theme_id>/delete", methods=["GET", "POST"])
@signed_in
def delete_theme(consultation_id: int, theme_id: int) -> Response | str:
    consultation = _consultation(consultation_id)
    theme = _theme_or_404(consultation, theme_id)
    name = theme.name
    return form_page(
        ConfirmForm(), lambda: themes.delete_theme(db.session(), theme),
        lambda _: done(f"The theme “{name}” has been deleted.", _themes_url(consultation)),
        "editor/structure/delete.html", consultation=consultation,
        heading=f"Are you sure you want to delete the theme “{name}”?",
        losses=["It is taken off every comment tagged with it."], button="Delete theme",
        back=_themes_url(consultation))


def _theme_or_404(consultation: Consultation, theme_id: int):
    theme = themes.theme_or_none(db.session(), consultation, theme_id)
    if theme is None:
        abort(404)
    return theme


def _themes_url(consultation: Consultation) -> str:
    return url_for("editor.results_themes", consultation_id=consultation.id)


@bp.route(f"{PREFIX}/download.<kind>")
@signed_in
def results_download(consultation_id: int, kind: str) -> FlaskResponse:
    """CSV and JSON are streamed as they are made, in constant memory, so they stay in
    the request. Excel is made by a background job (`results_export`): a workbook is a
    zip, finished only at its end."""
    consultation = _consultation(consultation_id)
    if kind not in DOWNLOADS:
        abort(404)
    anonymised = request.args.get("anonymised") == "1"
    _record_download(consultation, kind, anonymised)
    codes = kind == "csv" and request.args.get("codes") == "1"
    name = (f"{consultation.slug}-responses{'-codes' if codes else ''}"
            f"{'-anonymised' if anonymised else ''}.{kind}")
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    body = stream_with_context(_streamed(consultation, kind, anonymised, codes))
    return FlaskResponse(body, mimetype=DOWNLOADS[kind], headers=headers)


@bp.route(f"{PREFIX}/exports", methods=["POST"])
@signed_in
def results_export(consultation_id: int) -> Response:
    """Ask for the Excel workbook of the responses as they are now; its progress page
    becomes a download link once the job has made it."""
    consultation = _consultation(consultation_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = db.session()
    key = result_jobs.key_for(consultation, request.form.get("anonymised") == "1", utcnow())
    job = result_jobs.queue_export(session, consultation, key)
    session.commit()
    return redirect(url_for("editor.results_export_progress", consultation_id=consultation.id,
                            job_id=job.id), code=303)


@bp.route(f"{PREFIX}/exports/<int:job_id>")
@signed_in
def results_export_progress(consultation_id: int, job_id: int) -> str:
    """How far the workbook has got, and its download once made. A workbook lost from
    the store since its job finished is made again; one deleted by `surveybuilder tidy`
    (EXPORT_FILES_KEEP_HOURS) is gone, and the page offers a new one."""
    consultation = _consultation(consultation_id)
    session = db.session()
    job = _export_job(consultation, job_id)
    key = result_jobs.export_key(job)
    ready = store().exists(key.file_key)
    if not ready:
        job = result_jobs.job_for_missing(session, consultation, job)
        session.commit()
    return render_template("editor/results/export.html", consultation=consultation, job=job,
                           key=key, ready=ready,
                           gone=not ready and file_was_deleted(job))


@bp.route(f"{PREFIX}/exports/<int:job_id>.xlsx")
@signed_in
def results_export_download(consultation_id: int, job_id: int) -> Response:
    consultation = _consultation(consultation_id)
    key = result_jobs.export_key(_export_job(consultation, job_id))
    opened = store().open(key.file_key)
    if opened is None:
        return redirect(url_for("editor.results_export_progress",
                                consultation_id=consultation.id, job_id=job_id), code=303)
    _record_download(consultation, "xlsx", key.anonymised)
    return send_stored(opened, key.download_name(consultation.slug), as_attachment=True)


def _record_download(consultation: Consultation, kind: str, anonymised: bool) -> None:
    """Every download of responses is in the audit log, with who and when, committed
    before the answers are sent."""
    audit.record(db.session(), "responses.downloaded", current_user(), consultation,
                 format=kind, anonymised=anonymised)
    db.session().commit()


def _export_job(consultation: Consultation, job_id: int) -> BackgroundJob:
    """The export job, if it is this consultation's (so this organisation's)."""
    job = db.session().get(BackgroundJob, job_id)
    if (job is None or job.consultation_id != consultation.id
            or job.kind != result_jobs.EXPORT_RESPONSES_XLSX):
        abort(404)
    return job


def _streamed(consultation: Consultation, kind: str, anonymised: bool,
              codes: bool = False) -> Iterator[str]:
    """The body is produced after the request's session has closed, so the stream has a
    session of its own."""
    with Session(db.engine(), expire_on_commit=False) as session:
        if kind == "csv":
            yield from exports.responses_csv(session, consultation, anonymised, codes)
            return
        leave_out = exports.personal_keys(counting.live_definition(session, consultation)) \
            if anonymised else frozenset()
        yield from exports.responses_json(session, consultation, leave_out,
                                          counting.summarise(session, consultation))


class ThresholdForm(FlaskForm):
    threshold = IntegerField(
        "Smallest number shown in published results", widget=GovTextInput(),
        validators=[InputRequired("Enter the smallest number that may be shown, like 5"),
                    NumberRange(*suppression.THRESHOLD_RANGE,
                                message="The smallest number shown must be between "
                                        f"{suppression.THRESHOLD_RANGE[0]} and "
                                        f"{suppression.THRESHOLD_RANGE[1]}")],
        description="Counts below it are shown as “fewer than …”. Leave it at the site "
                    "setting unless your information governance team asks otherwise.")
    submit = SubmitField("Save", widget=GovSubmitInput())


@bp.route("/organisation/suppression", methods=["GET", "POST"])
@admin_only
def suppression_setting() -> Response | str:
    """An admin sets the organisation's own small-number threshold."""
    organisation = current_organisation()
    form = ThresholdForm()
    if not form.is_submitted():
        form.threshold.data = _threshold()
    if form.validate_on_submit():
        suppression.set_threshold(db.session(), organisation, form.threshold.data,
                                  current_user())
        db.session().commit()
        return done(f"Published results will show counts of {form.threshold.data} or more.",
                    url_for("editor.suppression_setting"))
    return render_template("editor/results/suppression_setting.html", form=form,
                           errors=error_pairs(form),
                           default=current_app.config["SUPPRESSION_THRESHOLD"])
