"""Free-text themes: reading comments, a codebook per consultation, tagging, agreement.

Offers
- `comment_questions(definition)`: the free-text questions whose answers are comments
  (short and long text that is not personal data);
- `comments(session, consultation, query)`: a page of comments with their themes,
  filtered like every other result plus by question, words, theme or "not yet coded";
- the codebook: `themes`, `add_theme`, `rename_theme`, `delete_theme`;
- `code_comment(...)`: one coder's themes for one comment (none at all is a decision);
- `theme_counts(...)`: comments per theme, as `OptionCount`s for the summary and charts;
- `suggested_themes(...)`: frequent key phrases, ranked by TF-IDF over the comments
  (each comment a document), worked out here with no outside service;
- `second_coding_sample(...)` and `agreement(...)`: a fixed sample a second coder codes
  blind, and Cohen's kappa per theme between the two codings;
- `translate_comment(...)`: staff's English translation of a comment written in another
  language, kept beside the original (which is never changed) and recorded in the audit
  trail; the theme finder reads it instead of the original, and a search for words
  looks in both.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlmodel import Session

from surveybuilder.consultations import audit
from surveybuilder.consultations.drafts import DraftError
from surveybuilder.consultations.similar import STOP_WORDS
from surveybuilder.models import (
    Answer,
    CommentCoding,
    CommentTheme,
    CommentTranslation,
    Consultation,
    Response,
    Theme,
    User,
    utcnow,
)
from surveybuilder.results.counting import (
    Filters,
    OptionCount,
    live_definition,
    percent,
    respondents_query,
)
from surveybuilder.survey.definition import QuestionBase, SurveyDefinition
from surveybuilder.survey.numbering import question_numbers

THEME_NAME_MAX = 120
TRANSLATION_MAX = 10_000


class ThemeError(DraftError):
    """A codebook change that cannot be made; the message says why in plain words. The
    editor's pages show it beside the theme's name, like any refused change."""

    def __init__(self, message: str):
        super().__init__([("name", message)])


@dataclass(frozen=True)
class Comment:
    response_id: int
    reference: str
    question_key: str
    question_number: int
    text: str
    submitted_at: datetime
    channel: str
    format: str
    theme_ids: frozenset[int] = frozenset()
    coded: bool = False
    language: str = "en"
    """The BCP 47 code of the language the response was answered in."""
    translation: str = ""
    """Staff's English translation, if any (the original `text` is never changed)."""


@dataclass(frozen=True)
class CommentQuery:
    """Which comments to read: the usual filters, then by question, words in the text,
    a theme, or only those not yet coded; `page` counts from 1."""

    filters: Filters = field(default_factory=Filters)
    question_key: str | None = None
    words: str = ""
    theme_id: int | None = None
    uncoded: bool = False
    page: int = 1
    page_size: int = 25


def comment_questions(definition: SurveyDefinition | None) -> list[tuple[int, QuestionBase]]:
    """(number, question) of the free-text questions that are not personal data."""
    if definition is None:
        return []
    numbers = question_numbers(definition)
    return [(numbers[q.key], q) for q in definition.questions()
            if q.free_text and not q.personal_data and q.key in numbers]


def comments(session: Session, consultation: Consultation, query: CommentQuery
             ) -> tuple[list[Comment], int]:
    """One page of comments, oldest first, and how many match in all."""
    numbers = dict((q.key, n) for n, q in comment_questions(
        live_definition(session, consultation)))
    keys = [query.question_key] if query.question_key in numbers else list(numbers)
    if not keys:
        return [], 0
    respondents = respondents_query(consultation, query.filters).subquery()
    coding = (select(CommentCoding.id).where(
        CommentCoding.response_id == Answer.response_id,
        CommentCoding.question_key == Answer.question_key,
        CommentCoding.second.is_(False)))
    base = (select(*_COMMENT_COLUMNS)
            .join(respondents, respondents.c.id == Answer.response_id)
            .join(Response, Response.id == Answer.response_id)
            .outerjoin(CommentTranslation, _translation_of_answer())
            .where(Answer.question_key.in_(keys), Answer.text_value.is_not(None),
                   Answer.text_value != ""))
    if query.words.strip():
        words = query.words.strip().lower()
        base = base.where(func.lower(Answer.text_value).contains(words, autoescape=True)
                          | func.lower(CommentTranslation.text).contains(words,
                                                                         autoescape=True))
    if query.uncoded:
        base = base.where(~coding.exists())
    if query.theme_id is not None:
        base = base.where(coding.where(CommentCoding.id.in_(
            select(CommentTheme.coding_id).where(CommentTheme.theme_id == query.theme_id)))
            .exists())
    total = session.execute(select(func.count()).select_from(base.subquery())).scalar_one()
    rows = session.execute(base.order_by(Answer.response_id, Answer.question_key)
                           .offset((max(query.page, 1) - 1) * query.page_size)
                           .limit(query.page_size)).all()
    codings = _codings(session, [(r[0], r[1]) for r in rows], second=False)
    return [_comment(r, numbers, codings) for r in rows], total


_COMMENT_COLUMNS = (Answer.response_id, Answer.question_key, Answer.text_value,
                    Response.reference, Response.submitted_at, Response.channel,
                    Response.format, Response.language, CommentTranslation.text)
"""What a comment is read with, in the order `_comment` takes them."""


def _translation_of_answer() -> Any:
    """The ON clause joining an answer to its translation, if it has one."""
    return ((CommentTranslation.response_id == Answer.response_id)
            & (CommentTranslation.question_key == Answer.question_key))


def _comment(row: Any, numbers: dict[str, int],
             codings: dict[tuple[int, str], frozenset[int]]) -> Comment:
    """A comment from a row of `_COMMENT_COLUMNS`, with the themes of `codings`."""
    item = (row[0], row[1])
    return Comment(response_id=row[0], reference=row[3], question_key=row[1],
                   question_number=numbers[row[1]], text=row[2], submitted_at=row[4],
                   channel=row[5], format=row[6], language=row[7], translation=row[8] or "",
                   theme_ids=codings.get(item, frozenset()), coded=item in codings)


def _codings(session: Session, items: Sequence[tuple[int, str]], second: bool
             ) -> dict[tuple[int, str], frozenset[int]]:
    """(response id, question key) → theme ids, for the items that have been coded."""
    if not items:
        return {}
    response_ids = {response_id for response_id, _ in items}
    rows = session.execute(
        select(CommentCoding.response_id, CommentCoding.question_key, CommentTheme.theme_id)
        .outerjoin(CommentTheme, CommentTheme.coding_id == CommentCoding.id)
        .where(CommentCoding.response_id.in_(response_ids),
               CommentCoding.second.is_(second))).all()
    wanted = set(items)
    found: dict[tuple[int, str], set[int]] = {}
    for response_id, key, theme_id in rows:
        if (response_id, key) in wanted:
            themes = found.setdefault((response_id, key), set())
            if theme_id is not None:
                themes.add(theme_id)
    return {k: frozenset(v) for k, v in found.items()}


def themes(session: Session, consultation: Consultation) -> list[Theme]:
    """The codebook, in the order the themes were added (by their typed number)."""
    return list(session.execute(select(Theme).where(Theme.consultation_id == consultation.id)
                                .order_by(Theme.number)).scalars())


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ThemeError("Enter the name of the theme")
    if len(name) > THEME_NAME_MAX:
        raise ThemeError(f"The name of the theme must be {THEME_NAME_MAX} characters or fewer")
    return name


def _check_unique(session: Session, consultation: Consultation, name: str,
                  except_id: int | None = None) -> None:
    for theme in themes(session, consultation):
        if theme.name.lower() == name.lower() and theme.id != except_id:
            raise ThemeError(f"There is already a theme called ‘{theme.name}’")


def add_theme(session: Session, consultation: Consultation, name: str,
              description: str = "") -> Theme:
    """A new theme numbered one more than the highest so far; numbers are never reused,
    so a coder's typed numbers keep meaning the same theme."""
    name = _clean_name(name)
    _check_unique(session, consultation, name)
    highest = session.execute(select(func.max(Theme.number)).where(
        Theme.consultation_id == consultation.id)).scalar_one()
    theme = Theme(consultation_id=consultation.id, number=(highest or 0) + 1, name=name,
                  description=description.strip())
    session.add(theme)
    session.flush()
    return theme


def theme_or_none(session: Session, consultation: Consultation, theme_id: int) -> Theme | None:
    theme = session.get(Theme, theme_id)
    return theme if theme is not None and theme.consultation_id == consultation.id else None


def rename_theme(session: Session, theme: Theme, name: str, description: str) -> None:
    name = _clean_name(name)
    consultation = session.get(Consultation, theme.consultation_id)
    _check_unique(session, consultation, name, except_id=theme.id)
    theme.name, theme.description = name, description.strip()
    session.add(theme)


def delete_theme(session: Session, theme: Theme) -> None:
    """Remove the theme and take it off every comment tagged with it."""
    session.execute(delete(CommentTheme).where(CommentTheme.theme_id == theme.id))
    session.delete(theme)


def code_comment(session: Session, consultation: Consultation, response_id: int,
                 question_key: str, theme_ids: Iterable[int], coder: User | None,
                 second: bool = False) -> None:
    """Record one coder's themes for a comment, replacing that coding's earlier themes.
    Themes of another consultation, and comments that are not this consultation's,
    are refused."""
    response = session.get(Response, response_id)
    if response is None or response.consultation_id != consultation.id:
        raise ThemeError("That comment is not part of this consultation")
    allowed = {t.id for t in themes(session, consultation)}
    chosen = set(theme_ids)
    if not chosen <= allowed:
        raise ThemeError("Choose themes from this consultation's codebook")
    coding = session.execute(select(CommentCoding).where(
        CommentCoding.response_id == response_id, CommentCoding.question_key == question_key,
        CommentCoding.second.is_(second))).scalars().first()
    if coding is None:
        coding = CommentCoding(response_id=response_id, question_key=question_key,
                               second=second)
    coding.coder_id = coder.id if coder else None
    coding.updated_at = utcnow()
    session.add(coding)
    session.flush()
    session.execute(delete(CommentTheme).where(CommentTheme.coding_id == coding.id))
    for theme_id in sorted(chosen):
        session.add(CommentTheme(coding_id=coding.id, theme_id=theme_id))
    session.flush()


def parse_theme_numbers(typed: str, codebook: Sequence[Theme]) -> set[int]:
    """Theme ids from typed numbers ("1 3, 4"); an unknown number is refused."""
    by_number = {t.number: t.id for t in codebook}
    chosen = set()
    for part in re.split(r"[\s,;]+", typed.strip()):
        if not part:
            continue
        if not part.isdigit() or int(part) not in by_number:
            raise ThemeError(f"There is no theme numbered ‘{part}’. Type numbers from the "
                             f"codebook, separated by spaces or commas")
        chosen.add(by_number[int(part)])
    return chosen


def theme_counts(session: Session, consultation: Consultation,
                 filters: Filters | None = None) -> tuple[list[OptionCount], int]:
    """Comments per theme among the filtered respondents, and how many comments have
    been coded; percentages are of coded comments (a comment can have several themes,
    so they may add up to more than 100%)."""
    respondents = respondents_query(consultation, filters).subquery()
    coded = session.execute(
        select(func.count()).select_from(CommentCoding)
        .join(respondents, respondents.c.id == CommentCoding.response_id)
        .where(CommentCoding.second.is_(False))).scalar_one()
    counts = dict(session.execute(
        select(CommentTheme.theme_id, func.count())
        .join(CommentCoding, CommentCoding.id == CommentTheme.coding_id)
        .join(respondents, respondents.c.id == CommentCoding.response_id)
        .where(CommentCoding.second.is_(False)).group_by(CommentTheme.theme_id)).all())
    return [OptionCount(key=str(t.number), label=t.name, count=counts.get(t.id, 0),
                        percent_of_answered=percent(counts.get(t.id, 0), coded),
                        percent_of_all=percent(counts.get(t.id, 0), coded))
            for t in themes(session, consultation)], coded


_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_CHATTER = ("also get got just like really think would could much many lot lots thing things "
            "dont don't isn't can't won't im i'm it's there's need needs")
COMMENT_STOP_WORDS = STOP_WORDS | frozenset(_CHATTER.split())
"""Words that carry no theme: the charter-search stop words plus the chatter of
comments."""


def _phrases(text: str) -> set[str]:
    """Words and two-word phrases of a comment, without stop words."""
    words = [w.lower() for w in _WORD.findall(text)]
    kept = [w if w not in COMMENT_STOP_WORDS and len(w) > 2 else None for w in words]
    phrases = {w for w in kept if w}
    phrases |= {f"{a} {b}" for a, b in zip(kept, kept[1:], strict=False) if a and b}
    return phrases


def suggested_themes(session: Session, consultation: Consultation, limit: int = 12
                     ) -> list[tuple[str, int]]:
    """Key phrases worth a theme, with how many comments use them.

    Each phrase is scored by summed TF-IDF: comments using it × log(all comments ÷
    comments using it), so a phrase that a good share of people use ranks above both a
    one-off and a word everyone writes. A comment with an English translation is read
    in that translation, so comments in every language suggest English themes together.
    Two-word phrases count double (they say more), phrases in only one comment are left
    out, as are single words already inside a chosen two-word phrase and the names of
    existing themes."""
    texts = session.execute(
        select(func.coalesce(CommentTranslation.text, Answer.text_value))
        .select_from(Answer).join(Response, Response.id == Answer.response_id)
        .outerjoin(CommentTranslation, _translation_of_answer())
        .where(Response.consultation_id == consultation.id,
               Answer.question_key.in_([q.key for _, q in comment_questions(
                   live_definition(session, consultation))]),
               Answer.text_value.is_not(None))).scalars().all()
    frequency: Counter[str] = Counter()
    for text in texts:
        frequency.update(_phrases(text))
    existing = {t.name.lower() for t in themes(session, consultation)}
    total = len(texts)
    scored = sorted(((count * math.log((total + 1) / count) * (2 if " " in phrase else 1),
                      phrase, count) for phrase, count in frequency.items()
                     if count > 1 and phrase not in existing), reverse=True)
    chosen: list[tuple[str, int]] = []
    for _, phrase, count in scored:
        if any(phrase in other.split() for other, _ in chosen if " " in other):
            continue
        chosen.append((phrase, count))
        if len(chosen) == limit:
            break
    return chosen


def second_coding_sample(session: Session, consultation: Consultation, size: int
                         ) -> list[Comment]:
    """A fixed sample of comments the first coder has coded, for a second coder. The
    order comes from a hash of each comment's identity, so it is the same every time,
    spreads across the whole period, and cannot be steered by anyone."""
    numbers = dict((q.key, n) for n, q in comment_questions(
        live_definition(session, consultation)))
    rows = session.execute(
        select(*_COMMENT_COLUMNS)
        .select_from(CommentCoding)
        .join(Response, Response.id == CommentCoding.response_id)
        .join(Answer, (Answer.response_id == CommentCoding.response_id)
              & (Answer.question_key == CommentCoding.question_key))
        .outerjoin(CommentTranslation, _translation_of_answer())
        .where(Response.consultation_id == consultation.id,
               CommentCoding.second.is_(False),
               CommentCoding.question_key.in_(list(numbers)))).all()
    rows = sorted(rows, key=lambda r: hashlib.sha256(
        f"{consultation.id}:{r[0]}:{r[1]}".encode()).hexdigest())[:size]
    second = _codings(session, [(r[0], r[1]) for r in rows], second=True)
    return [_comment(r, numbers, second) for r in rows]


@dataclass(frozen=True)
class ThemeAgreement:
    theme: Theme
    both: int
    agreed: int
    kappa: float | None


@dataclass(frozen=True)
class Agreement:
    """How far two coders agree on the comments both have coded."""

    compared: int
    per_theme: tuple[ThemeAgreement, ...]

    @property
    def mean_kappa(self) -> float | None:
        values = [t.kappa for t in self.per_theme if t.kappa is not None]
        return sum(values) / len(values) if values else None


def cohens_kappa(first: Sequence[bool], second: Sequence[bool]) -> float | None:
    """Cohen's kappa for two coders' yes/no decisions on the same items: agreement
    beyond what chance would give. None when it is undefined (both coders gave one
    answer throughout, so chance agreement is already total)."""
    n = len(first)
    if n == 0:
        return None
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    yes_first, yes_second = sum(first) / n, sum(second) / n
    expected = yes_first * yes_second + (1 - yes_first) * (1 - yes_second)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def agreement(session: Session, consultation: Consultation, size: int) -> Agreement:
    """Kappa per theme over the sample comments both coders have coded."""
    sample = [c for c in second_coding_sample(session, consultation, size) if c.coded]
    items = [(c.response_id, c.question_key) for c in sample]
    first = _codings(session, items, second=False)
    second = {(c.response_id, c.question_key): c.theme_ids for c in sample}
    per_theme = []
    for theme in themes(session, consultation):
        a = [theme.id in first.get(item, frozenset()) for item in items]
        b = [theme.id in second[item] for item in items]
        per_theme.append(ThemeAgreement(theme=theme, both=sum(x and y for x, y in zip(
            a, b, strict=True)), agreed=sum(x == y for x, y in zip(a, b, strict=True)),
            kappa=cohens_kappa(a, b)))
    return Agreement(compared=len(items), per_theme=tuple(per_theme))


def translate_comment(session: Session, consultation: Consultation, response_id: int,
                      question_key: str, text: str, translator: User | None) -> None:
    """Keep staff's English translation beside one comment (replacing an earlier one),
    recorded in the audit trail with the words before and after. The answer itself is
    never changed. The caller commits."""
    text = text.strip()
    if not text:
        raise TranslationError("Enter the English translation of the comment")
    if len(text) > TRANSLATION_MAX:
        raise TranslationError(f"The translation must be {TRANSLATION_MAX:,} characters "
                               f"or fewer")
    _check_comment(session, consultation, response_id, question_key)
    kept = session.execute(select(CommentTranslation).where(
        CommentTranslation.response_id == response_id,
        CommentTranslation.question_key == question_key)).scalars().first()
    before = kept.text if kept else None
    kept = kept or CommentTranslation(response_id=response_id, question_key=question_key,
                                      text=text)
    kept.text, kept.updated_at = text, utcnow()
    kept.translator_id = translator.id if translator else None
    session.add(kept)
    audit.record(session, "comment.translated", translator, consultation,
                 response_id=response_id, question=question_key, before=before, after=text)


class TranslationError(ValueError):
    """A translation that cannot be kept; the message says why in plain words."""


def _check_comment(session: Session, consultation: Consultation, response_id: int,
                   question_key: str) -> None:
    """Only a comment of this consultation, to a question whose answers are comments."""
    keys = {q.key for _, q in comment_questions(live_definition(session, consultation))}
    found = session.execute(select(Answer.id).where(
        Answer.consultation_id == consultation.id, Answer.response_id == response_id,
        Answer.question_key == question_key, Answer.text_value.is_not(None))).first()
    if question_key not in keys or found is None:
        raise TranslationError("That comment is not part of this consultation")
