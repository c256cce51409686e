"""Counting answers in the database: the summary of a whole consultation.

Offers `summarise(session, consultation, filters=None) -> ConsultationSummary`: for
every answerable question of the live version, how many answered and did not, and
- choices (single, multiple, yes/no, scale, consent): a count per option with its
  percentage of those who answered and of all respondents (a multiple choice is a
  percentage of respondents, so its options may add up to more than 100%);
- scales: also % agree (top two points), % disagree (bottom two) and the median point;
- questions answered row by row (a grid's statements, `summary_rows()`): each row's
  answers as counts and percentages of those who answered that row, with its scale
  figures, in `rows`;
- answers put in order (`Counting.RANKS`): for each option how many ranked it, how
  many put it first and its mean place (AVG in SQL), in `ranks`;
- numbers: min, median, mean and max; dates: a count per month;
- for the whole consultation: responses by channel, by format, by the language they
  were answered in (every language is counted together; `by_language` says how many
  answered in each) and per day.

All counting is GROUP BY in the database, in a fixed handful of queries whatever the
number of responses: one pass over a narrow index of the answer table (consultation,
question, option) gives every option count and how many answered, a second over the
number and date questions' rows only gives their distributions, a third (only when
there are ranking questions) their mean places and first choices, and no join with the
responses is needed unless there are filters
(see `benchmarks/results_summary.py` for the figures). Nothing here hides small
numbers: these are the staff-only figures. Anything that leaves staff-only views goes
through `results.suppression` first.

`Filters` narrows the respondents counted (dates, channel, format, language, choice
answers); the same filter serves cross-tabs, comments and exports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlmodel import Session

from surveybuilder.formats import CHANNEL_LABELS, FORMAT_LABELS
from surveybuilder.models import Answer, Consultation, Response, SurveyVersion
from surveybuilder.survey.definition import QuestionBase, SurveyDefinition
from surveybuilder.survey.languages import BY_CODE, ENGLISH, ENGLISH_LANGUAGE
from surveybuilder.survey.loading import load_definition
from surveybuilder.survey.numbering import question_numbers
from surveybuilder.survey.translations import in_language
from surveybuilder.survey.types.base import Counting, SummaryRow

PER_OPTION = frozenset({Counting.OPTIONS, Counting.TICKS, Counting.RANKS})
"""Answers stored as option keys, counted per option."""
SEVERAL_ROWS = frozenset({Counting.TICKS, Counting.RANKS})
"""Several rows per respondent: "answered" counts respondents, not rows."""
BY_VALUE = frozenset({Counting.NUMBERS, Counting.DATES})
ALL_ROWS = ""
"""Stands for "every row of the question" among option keys (no option key is empty)."""


@dataclass(frozen=True)
class Filters:
    """Which respondents to count. Dates are inclusive days (UTC); `answers` keeps
    respondents who chose every one of the (question key, option key) pairs."""

    date_from: date | None = None
    date_to: date | None = None
    channel: str | None = None
    format: str | None = None
    answers: tuple[tuple[str, str], ...] = ()
    language: str | None = None
    """A BCP 47 code (`survey/languages.py`): only responses answered in it."""

    def is_empty(self) -> bool:
        return self == Filters()


@dataclass(frozen=True)
class OptionCount:
    """One bar of a chart and one row of a table. `count` is None only in a published
    (suppressed) summary, where `hidden` says why: "small" (under the threshold) or
    "secondary" (hidden so that a small one cannot be worked out from the totals)."""

    key: str
    label: str
    count: int | None
    percent_of_answered: float | None
    percent_of_all: float | None
    hidden: str = ""


@dataclass(frozen=True)
class NumberStats:
    minimum: float | None
    median: float | None
    mean: float | None
    maximum: float | None


@dataclass(frozen=True)
class ScaleStats:
    percent_agree: float | None
    percent_disagree: float | None
    agree_label: str
    disagree_label: str
    median_label: str | None


@dataclass(frozen=True)
class RowSummary:
    """One row of a question summarised row by row (a grid's statement): each answer's
    count, as a percentage of those who answered this row (each answers a row once, so
    a row adds up to 100%). In a published summary `answered` and `not_answered` may be
    None, and `hidden` says the whole row is hidden."""

    key: str
    label: str
    answered: int | None
    not_answered: int | None
    options: tuple[OptionCount, ...]
    scale: ScaleStats | None = None
    hidden: str = ""


@dataclass(frozen=True)
class RankCount:
    """One option of a question whose answers are put in order: how many ranked it at
    all, how many put it first (also as a percentage of those who answered the
    question), and its mean place, where 1 is first, so lower is better. In a published
    summary a hidden figure is None: `hidden` says why the first choices are hidden,
    `ranked_hidden` why the number who ranked it is (the mean place goes with it)."""

    key: str
    label: str
    ranked: int | None
    first: int | None
    percent_first: float | None
    mean_rank: float | None
    hidden: str = ""
    ranked_hidden: str = ""

    @property
    def first_choices(self) -> OptionCount:
        """Its first choices as a bar of a chart or a line of a list."""
        return OptionCount(key=self.key, label=self.label, count=self.first,
                           percent_of_answered=self.percent_first, percent_of_all=None,
                           hidden=self.hidden)


@dataclass(frozen=True)
class QuestionSummary:
    """What one question's answers add up to. `options` holds the per-option counts for
    choices and the per-month counts for dates; it is empty for free text. A question
    answered row by row also has `rows` (its options are then the rows' options one
    after another, each a percentage of those who answered its row); one whose answers
    are put in order also has `ranks`."""

    key: str
    number: int
    text: str
    kind: str
    counting: str
    additive: bool
    """At most one counted answer per respondent, so the counts add up."""
    personal_data: bool
    respondents: int
    answered: int | None
    not_answered: int | None
    options: tuple[OptionCount, ...] = ()
    multiple: bool = False
    numbers: NumberStats | None = None
    scale: ScaleStats | None = None
    hidden: str = ""
    rows: tuple[RowSummary, ...] = ()
    ranks: tuple[RankCount, ...] = ()

    @property
    def answer_heading(self) -> str:
        """The heading of the column of answers in its table."""
        return "Month" if self.counting == Counting.DATES.value else "Answer"

    @property
    def counted(self) -> bool:
        """True when the answers are counted per option or month (a chart can be drawn)."""
        return bool(self.options)

    @property
    def summary_line(self) -> str:
        """One plain sentence: the headline a reader of the chart should take away."""
        return summary_line(self)


@dataclass(frozen=True)
class ConsultationSummary:
    slug: str
    title: str
    respondents: int
    questions: tuple[QuestionSummary, ...]
    by_channel: tuple[OptionCount, ...]
    by_format: tuple[OptionCount, ...]
    per_day: tuple[OptionCount, ...]
    filters: Filters = field(default_factory=Filters)
    threshold: int | None = None
    """Set on a published (suppressed) summary: counts under it are hidden."""
    by_language: tuple[OptionCount, ...] = ()
    """Responses per language answered in: English first, then each language offered,
    then any other found (a language no longer offered); keys are BCP 47 codes."""
    language: str = ENGLISH
    """The language the question texts and options are given in (the counts are of
    every language together); `in_english` are the ids (`survey/texts.py`) of texts
    that language has no up-to-date translation of, so they are in English."""
    in_english: frozenset[str] = frozenset()

    def text_in_english(self, text_id: str) -> bool:
        """Whether a text of this summary is shown in English on a page in another
        language (so the page marks it `lang="en"`)."""
        return self.language != ENGLISH and text_id in self.in_english


    def question(self, key: str) -> QuestionSummary | None:
        return next((q for q in self.questions if q.key == key), None)


def live_definition(session: Session, consultation: Consultation) -> SurveyDefinition | None:
    """The survey as residents answer it now: the highest-numbered version."""
    version = session.execute(select(SurveyVersion).where(
        SurveyVersion.consultation_id == consultation.id)
        .order_by(SurveyVersion.number.desc()).limit(1)).scalars().first()
    return load_definition(version.definition) if version else None


def response_terms(consultation: Consultation, filters: Filters | None = None) -> list[Any]:
    """WHERE terms on Response for the respondents counted: the one place filters are
    applied."""
    filters = filters or Filters()
    terms: list[Any] = [Response.consultation_id == consultation.id]
    if filters.date_from:
        terms.append(Response.submitted_at >= _start_of(filters.date_from))
    if filters.date_to:
        terms.append(Response.submitted_at < _start_of(filters.date_to + timedelta(1)))
    if filters.channel:
        terms.append(Response.channel == filters.channel)
    if filters.format:
        terms.append(Response.format == filters.format)
    if filters.language:
        terms.append(Response.language == filters.language)
    for question_key, option_key in filters.answers:
        terms.append(Response.id.in_(select(Answer.response_id).where(
            Answer.consultation_id == consultation.id, Answer.question_key == question_key,
            Answer.option_key == option_key)))
    return terms


def respondents_query(consultation: Consultation, filters: Filters | None = None) -> Select:
    """SELECT response.id of the respondents counted."""
    return select(Response.id).where(*response_terms(consultation, filters))


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def answers_scope(consultation: Consultation, filters: Filters | None = None) -> list[Any]:
    """WHERE terms for the answers of the counted respondents: the consultation's own
    answers straight from the counting index, narrowed to the filtered respondents only
    when there are filters (the join is what costs time)."""
    terms: list[Any] = [Answer.consultation_id == consultation.id]
    if filters and not filters.is_empty():
        terms.append(Answer.response_id.in_(respondents_query(consultation, filters)))
    return terms


def definition_in(session: Session, consultation: Consultation, language: str
                  ) -> tuple[SurveyDefinition | None, frozenset[str]]:
    """The live definition with its texts in `language` where it is offered and
    translated, and the ids of the texts left in English (all of them for a language
    not offered)."""
    definition = live_definition(session, consultation)
    if definition is None or language == ENGLISH or language not in definition.languages:
        return definition, frozenset()
    shown = in_language(definition, language)
    return shown.definition, shown.english


def summarise(session: Session, consultation: Consultation,
              filters: Filters | None = None, language: str = ENGLISH
              ) -> ConsultationSummary:
    """Every question's counts for the respondents that `filters` keeps (answered in
    any language unless the filters name one), with the questions' texts and options
    in `language` where it is offered (the published results in each language)."""
    filters = filters or Filters()
    definition, in_english = definition_in(session, consultation, language)
    if definition is not None and language not in (ENGLISH, *definition.languages):
        language = ENGLISH
    terms = response_terms(consultation, filters)
    total = session.execute(select(func.count()).select_from(Response).where(*terms)
                            ).scalar_one()
    questions = definition.questions() if definition else []
    scope = answers_scope(consultation, filters)
    options = _option_counts(session, scope, [q for q in questions if q.answerable],
                             not filters.is_empty())
    values = _value_counts(session, scope, [q.key for q in questions
                                            if q.counting in BY_VALUE])
    distinct = _respondents_per_question(
        session, scope, [q.key for q in questions if q.counting in SEVERAL_ROWS])
    places = _places(session, scope, [q.key for q in questions
                                      if q.counting == Counting.RANKS])
    summaries = []
    for number, question in _numbered(definition):
        counts = options.get(question.key, {})
        summaries.append(_question_summary(question, number, total,
                                           _answered(question, counts, distinct), counts,
                                           values.get(question.key, []),
                                           places.get(question.key, {})))
    channels, formats, languages = _breakdowns(session, terms, total)
    offered = list(definition.languages) if definition else []
    return ConsultationSummary(
        slug=consultation.slug, respondents=total,
        title=definition.title if definition and language != ENGLISH else consultation.title,
        questions=tuple(summaries), by_channel=channels, by_format=formats,
        per_day=_per_day(session, terms, total), filters=filters,
        by_language=_breakdown(language_labels(offered), languages, total),
        language=language, in_english=in_english)


def _answered(question: QuestionBase, counts: dict[str | None, int],
              distinct: dict[str, int]) -> int:
    """How many answered: respondents who ticked anything for a multiple choice; the
    sum of the options offered now for other choices (so options and "not answered"
    always add up to everyone); the rows of the question for free answers."""
    if question.counting in SEVERAL_ROWS:
        return distinct.get(question.key, 0)
    if question.counting in PER_OPTION:
        return sum(counts.get(key, 0) for key, _ in question.counted_choices())
    return counts.get(ALL_ROWS, 0)


def _numbered(definition: SurveyDefinition | None) -> list[tuple[int, QuestionBase]]:
    if definition is None:
        return []
    numbers = question_numbers(definition)
    return [(numbers[q.key], q) for q in definition.questions() if q.key in numbers]


Values = list[tuple[Any, Any, int]]
"""(number, date, how many) rows of one number or date question."""


def _option_counts(session: Session, scope: list[Any], questions: list[QuestionBase],
                   filtered: bool) -> dict[str, dict[str | None, int]]:
    """Answers per (question, option) of choice questions, and per free-answer question
    under ALL_ROWS (how many rows it has, which is how many answered).

    Without filters this is one statement of COUNT(*)s, one per option and question,
    each a range of the narrow counting index (consultation, question, option): SQLite
    counts an index range about twice as fast as it groups the same rows. With filters
    (the answers must be matched to the respondents) or on PostgreSQL (whose hash
    aggregation is quick and whose index-only scans depend on vacuuming), one GROUP BY
    does it in one pass."""
    if filtered or session.get_bind().dialect.name != "sqlite":
        query = (select(Answer.question_key, Answer.option_key, func.count()).where(*scope)
                 .group_by(Answer.question_key, Answer.option_key))
        counts: dict[str, dict[str | None, int]] = {}
        for key, option, count in session.execute(query):
            per_key = counts.setdefault(key, {})
            per_key[option] = count
            per_key[ALL_ROWS] = per_key.get(ALL_ROWS, 0) + count
        return counts
    wanted: list[tuple[str, str | None]] = []
    for question in questions:
        if question.counting in PER_OPTION:
            wanted += [(question.key, key) for key, _ in question.counted_choices()]
        else:
            wanted.append((question.key, ALL_ROWS))
    if not wanted:
        return {}
    columns = [select(func.count()).select_from(Answer).where(
        *scope, Answer.question_key == key,
        *([Answer.option_key == option] if option != ALL_ROWS else [])).scalar_subquery()
        for key, option in wanted]
    row = session.execute(select(*columns)).one()
    counts = {}
    for (key, option), count in zip(wanted, row, strict=True):
        counts.setdefault(key, {})[option] = count
    return counts


def _value_counts(session: Session, scope: list[Any], keys: list[str]) -> dict[str, Values]:
    """How many gave each distinct number or date, for those questions only; medians
    and months are read off these distributions."""
    if not keys:
        return {}
    query = (select(Answer.question_key, Answer.number_value, Answer.date_value, func.count())
             .where(*scope, Answer.question_key.in_(keys))
             .group_by(Answer.question_key, Answer.number_value, Answer.date_value))
    values: dict[str, Values] = {}
    for key, number, day, count in session.execute(query):
        values.setdefault(key, []).append((number, day, count))
    return values


def _respondents_per_question(session: Session, scope: list[Any],
                              keys: list[str]) -> dict[str, int]:
    """Respondents who ticked anything, for questions with one row per ticked option."""
    if not keys:
        return {}
    query = (select(Answer.question_key, func.count(func.distinct(Answer.response_id)))
             .where(*scope, Answer.question_key.in_(keys)).group_by(Answer.question_key))
    return dict(session.execute(query).all())


Places = dict[str, tuple[float | None, int]]
"""Option key → (mean place, how many put it first), for one ranking question."""


def _places(session: Session, scope: list[Any], keys: list[str]) -> dict[str, Places]:
    """The mean place and the first choices of every option of the ranking questions,
    in one GROUP BY over their rows (the rank is in number_value; the counting index on
    (consultation, question, number, …) covers it); how many ranked each option comes
    with the other option counts."""
    if not keys:
        return {}
    firsts = func.sum(case((Answer.number_value == 1, 1), else_=0))
    query = (select(Answer.question_key, Answer.option_key, func.avg(Answer.number_value),
                    firsts)
             .where(*scope, Answer.question_key.in_(keys))
             .group_by(Answer.question_key, Answer.option_key))
    places: dict[str, Places] = {}
    for key, option, mean, first in session.execute(query):
        places.setdefault(key, {})[option] = (
            None if mean is None else float(mean), int(first or 0))
    return places


def _months(rows: Values) -> dict[str, int]:
    """Date answers per calendar month, from their counts per day."""
    months: dict[str, int] = {}
    for _, day, count in rows:
        if day is not None:
            month = _as_date(day).strftime("%Y-%m")
            months[month] = months.get(month, 0) + count
    return months


def _number_stats(rows: Values) -> NumberStats:
    """Min, median, mean and max from (value, how many) pairs, in value order."""
    values = sorted((float(number), count) for number, _, count in rows
                    if number is not None)
    total = sum(count for _, count in values)
    if not total:
        return NumberStats(minimum=None, median=None, mean=None, maximum=None)
    wanted = [(total - 1) // 2, total // 2]
    middle, seen = [], 0
    for value, count in values:
        middle += [value for position in wanted if seen <= position < seen + count]
        seen += count
    return NumberStats(minimum=values[0][0], median=sum(middle) / 2,
                       mean=sum(v * c for v, c in values) / total, maximum=values[-1][0])


def _breakdowns(session: Session, terms: list[Any], total: int
                ) -> tuple[tuple[OptionCount, ...], tuple[OptionCount, ...], dict[str, int]]:
    """Responses by channel, by format and (as counts by code) by language, in one
    GROUP BY."""
    query = (select(Response.channel, Response.format, Response.language, func.count())
             .where(*terms).group_by(Response.channel, Response.format, Response.language))
    channels: dict[str, int] = {}
    formats: dict[str, int] = {}
    languages: dict[str, int] = {}
    for channel, answer_format, code, count in session.execute(query):
        channels[channel] = channels.get(channel, 0) + count
        formats[answer_format] = formats.get(answer_format, 0) + count
        languages[code] = languages.get(code, 0) + count
    return (_breakdown(CHANNEL_LABELS, channels, total),
            _breakdown(FORMAT_LABELS, formats, total), languages)


def staff_name(code: str) -> str:
    """How staff pages name a language: "English", "Polski (Polish)"; a code that is no
    longer in the list of languages is shown as itself."""
    if code == ENGLISH:
        return ENGLISH_LANGUAGE.english
    known = BY_CODE.get(code)
    return known.both_names if known else code


def own_name(code: str) -> str:
    """A language named in itself ("Polski", "اردو"), as its speakers look for it."""
    if code == ENGLISH:
        return ENGLISH_LANGUAGE.own
    known = BY_CODE.get(code)
    return known.own if known else code


def language_labels(offered: list[str]) -> dict[str, str]:
    """Code → staff name of English and each language offered, in that order."""
    return {code: staff_name(code) for code in [ENGLISH, *offered]}


def _breakdown(labels: dict[str, str], counts: dict[str, int], total: int
               ) -> tuple[OptionCount, ...]:
    keys = list(labels) + sorted(k for k in counts if k not in labels)
    return tuple(_option(k, labels.get(k, k), counts.get(k, 0), total, total) for k in keys)


def _per_day(session: Session, terms: list[Any], total: int) -> tuple[OptionCount, ...]:
    day = func.date(Response.submitted_at)
    query = select(day, func.count()).where(*terms).group_by(day).order_by(day)
    return tuple(_option(str(d), _as_date(d).strftime("%-d %B %Y"), count, total, total)
                 for d, count in session.execute(query))


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _option(key: str, label: str, count: int, answered: int, total: int) -> OptionCount:
    return OptionCount(key=key, label=label, count=count,
                       percent_of_answered=percent(count, answered),
                       percent_of_all=percent(count, total))


def percent(part: int, whole: int) -> float | None:
    """part as a percentage of whole; None when there is nothing to divide by."""
    return 100.0 * part / whole if whole else None


def _question_summary(question: QuestionBase, number: int, total: int, answered: int,
                      counts: dict[str | None, int], values: Values,
                      places: Places) -> QuestionSummary:
    options: tuple[OptionCount, ...] = ()
    numbers = scale = None
    rows = tuple(_row_summary(row, counts, total) for row in question.summary_rows())
    ranks: tuple[RankCount, ...] = ()
    if rows:
        of_row = {o.key: row.answered or 0 for row in rows for o in row.options}
        options = tuple(_option(k, label, counts.get(k, 0), of_row.get(k, 0), total)
                        for k, label in question.counted_choices())
    elif question.counting in PER_OPTION:
        options = tuple(_option(k, label, counts.get(k, 0), answered, total)
                        for k, label in question.counted_choices())
    elif question.counting == Counting.DATES:
        months = _months(values)
        options = tuple(_option(m, datetime.strptime(m, "%Y-%m").strftime("%B %Y"),
                                months[m], answered, total) for m in sorted(months))
    elif question.counting == Counting.NUMBERS:
        numbers = _number_stats(values)
    if question.counting == Counting.RANKS:
        ranks = tuple(_rank_count(o, places.get(o.key, (None, 0)), answered)
                      for o in options)
    if question.summarised_as_scale:
        scale = scale_stats(options)
    return QuestionSummary(
        key=question.key, number=number, text=question.text, kind=question.kind,
        counting=question.counting.value, additive=question.additive,
        personal_data=question.personal_data, respondents=total, answered=answered,
        not_answered=total - answered, options=options,
        multiple=question.counting == Counting.TICKS and not rows, numbers=numbers,
        scale=scale, rows=rows, ranks=ranks)


def _row_summary(row: SummaryRow, counts: dict[str | None, int], total: int) -> RowSummary:
    """One row's answers out of those who answered it: each respondent gives a row at
    most one answer, so its counts add up to how many answered it."""
    answered = sum(counts.get(k, 0) for k, _ in row.choices)
    options = tuple(_option(k, label, counts.get(k, 0), answered, total)
                    for k, label in row.choices)
    scale = None
    if len(row.scale) >= 4:  # two points at each end, and at least one between
        on_scale = tuple(o for key in row.scale for o in options if o.key == key)
        scale = scale_stats(on_scale, answered)
    return RowSummary(key=row.key, label=row.words, answered=answered,
                      not_answered=total - answered, options=options, scale=scale)


def _rank_count(option: OptionCount, place: tuple[float | None, int],
                answered: int) -> RankCount:
    mean, first = place
    return RankCount(key=option.key, label=option.label, ranked=option.count, first=first,
                     percent_first=percent(first, answered), mean_rank=mean)


def scale_stats(options: tuple[OptionCount, ...], answered: int | None = None) -> ScaleStats:
    """% for the top two points, % for the bottom two, and the median point, from the
    distribution (the points are ordered, so the median is the point where the running
    count passes half). The percentages are of `answered` when given (a grid's row,
    where "I don't know" is an answer but not a point on the scale), else of the
    answers on the scale; the median is always of those on the scale."""
    counts = [o.count or 0 for o in options]
    on_scale = sum(counts)
    answered = on_scale if answered is None else answered
    median_label = None
    if on_scale:
        running = 0
        for option, count in zip(options, counts, strict=True):
            running += count
            if 2 * running >= on_scale:
                median_label = option.label
                break
    return ScaleStats(
        percent_agree=percent(counts[0] + counts[1], answered),
        percent_disagree=percent(counts[-1] + counts[-2], answered),
        agree_label=f"{options[0].label} or {options[1].label.lower()}",
        disagree_label=f"{options[-2].label} or {options[-1].label.lower()}",
        median_label=median_label)


def format_percent(value: float | None) -> str:
    """Whole percentages, as people read them; "less than 1%" rather than a false 0%."""
    if value is None:
        return "–"
    if 0 < value < 0.5:
        return "less than 1%"
    return f"{value:.0f}%"


def format_number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def summary_line(question: QuestionSummary) -> str:
    """The one-line text summary printed beside each chart and table."""
    if question.hidden:
        return "Too few people answered this question to show the results."
    if question.answered == 0:
        return "Nobody answered this question."
    answered = (f"{question.answered:,} of {question.respondents:,} answered"
                if question.answered is not None else f"{question.respondents:,} respondents")
    if question.scale is not None and question.scale.percent_agree is not None:
        return (f"{format_percent(question.scale.percent_agree)} "
                f"{question.scale.agree_label.lower()}, "
                f"{format_percent(question.scale.percent_disagree)} "
                f"{question.scale.disagree_label.lower()} ({answered}).")
    if question.numbers is not None:
        stats = question.numbers
        return (f"Median {format_number(stats.median)}, mean {format_number(stats.mean)}"
                f" ({answered}).")
    if question.rows:
        return _rows_line(question) or f"{answered}."
    if question.ranks:
        return _ranks_line(question) or f"{answered}."
    shown = [o for o in question.options if o.count is not None]
    if question.counting in (Counting.OPTIONS.value, Counting.TICKS.value) and shown:
        line = _most_chosen(shown, answered)
        if question.multiple:
            line += " People could choose more than one, so the percentages add up to more "\
                    "than 100%."
        return line
    return f"{answered}."


def _most_chosen(shown: list[OptionCount], answered: str) -> str:
    """"Most chosen: A (40%; …)", or, when several share the top count, every one of
    them with the count they share, so a tie is never reported as a single winner."""
    most = max(o.count or 0 for o in shown)
    top = [o for o in shown if o.count == most]
    if len(top) == 1:
        return (f"Most chosen: {top[0].label} ({format_percent(top[0].percent_of_answered)}; "
                f"{answered}).")
    return (f"Most chosen: {and_list([o.label for o in top])}, tied with {most:,} each "
            f"({format_percent(top[0].percent_of_answered)} each; {answered}).")


def and_list(names: list[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _rows_line(question: QuestionSummary) -> str | None:
    """The row with the largest share at the top of its scale, out of those who
    answered it; when some rows' figures are hidden, said to be among those shown (a
    hidden row might have been higher)."""
    scored = [r for r in question.rows
              if r.scale is not None and r.scale.percent_agree is not None
              and r.answered is not None]
    if not scored:
        return None
    top = max(scored, key=lambda r: r.scale.percent_agree or 0)
    left_out = any(r not in scored and r.answered != 0 for r in question.rows)
    lead = "Of the statements whose figures are shown, most positive" if left_out \
        else "Most positive"
    return (f"{lead}: “{top.label}” ({format_percent(top.scale.percent_agree)} "
            f"{top.scale.agree_label.lower()}; {top.answered:,} of "
            f"{question.respondents:,} answered).")


def _ranks_line(question: QuestionSummary) -> str | None:
    """The option most often put first (every option sharing the top, if several).
    A hidden count is never larger than the largest shown: secondary suppression hides
    the smallest others."""
    shown = [r for r in question.ranks if r.first]
    if not shown:
        return None
    most = max(r.first or 0 for r in shown)
    top = [r.label for r in shown if r.first == most]
    names = and_list(top)
    each = " each" if len(top) > 1 else ""
    who = (f"{most:,}{each} of {question.answered:,} who answered"
           if question.answered is not None else f"{most:,} people{each}")
    return f"Most often put first: {names} ({who})."
