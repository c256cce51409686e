"""Partners' consultations on the same themes, found before anyone asks the same people twice.

The co-production charter asks partners to "ask partners if they have similar themes of
work, do not duplicate themes with the same people". So while a consultation is being
drafted, every partner's open and recent work is compared with it, and the close ones are
shown with who runs them, so staff can join forces instead.

The comparison is TF-IDF cosine similarity, written here in plain Python: the corpus is
dozens to thousands of consultations, and "why it matched" needs the term weights anyway,
which a library would hide. Each search reads the candidates with a fixed number of
queries and makes one pass over them, so the cost grows linearly with the corpus.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, func, or_
from sqlmodel import Session, select

from surveybuilder.models import Consultation, Organisation, Question, Status, SurveyVersion
from surveybuilder.survey.contact import ContactDetails, contact_of

DEFAULT_THRESHOLD = 0.15
"""The lowest cosine reported. In the tests' example partnership, a near-duplicate worded
differently scores about 0.4, while unrelated work that only shares a place name or a
stray word scores about 0.06; 0.15 sits well clear of both."""

DEFAULT_LIMIT = 5
"""More than a handful stops being read; the best ones come first."""

RECENT = timedelta(days=365)
"""Work that opened or closed in the last year is still fresh in residents' minds."""

WHY_TERMS = 4

# What a consultation is *about* (its topics and title) says more than the wording of
# its questions, so those count two and three times over.
TITLE_WEIGHT = 2
TOPIC_WEIGHT = 3


def _word_set(text: str) -> frozenset[str]:
    """Word lists are written as running text, which is easier to read and extend."""
    return frozenset(text.split())


STOP_WORDS = _word_set("""
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers him his how i if in into is it its itself just
me more most my no nor not now of off on once only or other our ours out over own same she
should so some such than that the their theirs them then there these they this those
through to too under until up very was we were what when where which while who whom why
will with would you your yours yourself yourselves us let lets may might must shall
""")

# Words nearly every consultation uses; left in, they would make unrelated work look alike.
BOILERPLATE = _word_set("""
consultation consultations consult survey surveys questionnaire say tell views view think
feel please like want give help know often postcode email phone number name age
""")

_WORD = re.compile(r"[^\W_]+")
_VOWELS = set("aeiouy")


@dataclass(frozen=True)
class SimilarWork:
    """One partner consultation close to the draft, with what a member of staff needs in
    order to get in touch and to judge the match themselves."""

    consultation_id: int
    title: str
    slug: str
    organisation: str
    status: Status
    opens: date | None
    closes: date | None
    contact: ContactDetails
    similarity: float
    shared_terms: list[str]

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)


@dataclass
class Document:
    """A consultation's text as term counts, with the words each term came from, so
    "why it matched" can show real words rather than stems."""

    counts: Counter[str] = field(default_factory=Counter)
    surfaces: dict[str, str] = field(default_factory=dict)

    def add(self, text: str, weight: int = 1) -> None:
        for term, surface in terms(text):
            self.counts[term] += weight
            self.surfaces.setdefault(term, surface)


def find_similar(session: Session, consultation: Consultation,
                 threshold: float = DEFAULT_THRESHOLD, limit: int = DEFAULT_LIMIT,
                 today: date | None = None) -> list[SimilarWork]:
    """Open or recent consultations across all partners on similar themes, best first.

    Other organisations' drafts are private to them, so only their published work is
    searched; the organisation's own drafts are included, because duplicating a
    colleague's plan is just as wasteful. `threshold` is the lowest cosine similarity
    (0–1) reported and `limit` the most results; `today` exists for tests.
    """
    cutoff = (today or date.today()) - RECENT
    rows = _candidates(session, consultation, cutoff)
    texts = _question_texts(session, [consultation, *(c for c, _ in rows)])
    query = _document(consultation, texts[consultation.id])
    others = [_document(c, texts[c.id]) for c, _ in rows]
    idf = idf_table([query, *others])
    query_weights = tf_idf(query, idf)
    results = []
    for (candidate, organisation), document in zip(rows, others, strict=True):
        weights = tf_idf(document, idf)
        score = cosine(query_weights, weights)
        if score > 0 and score >= threshold:
            results.append(_result(candidate, organisation, score,
                                   shared_terms(query_weights, weights, query.surfaces)))
    results.sort(key=lambda r: (-r.similarity, r.title))
    return results[:limit]


# Text -------------------------------------------------------------------------------------

def terms(text: str) -> list[tuple[str, str]]:
    """(term, surface words) for each unigram and each bigram of neighbouring words.

    Bigrams catch names like "Victoria Park" and "social care", which mean more together
    than apart. Stop words are dropped before pairing, so "repairs to homes" pairs
    "repair" with "home"."""
    words = [w for w in _WORD.findall(text.lower())
             if len(w) > 1 and not w.isdigit() and w not in STOP_WORDS and w not in BOILERPLATE]
    stems = [stem(w) for w in words]
    unigrams = list(zip(stems, words, strict=True))
    bigrams = [(f"{stems[i]} {stems[i + 1]}", f"{words[i]} {words[i + 1]}")
               for i in range(len(words) - 1)]
    return unigrams + bigrams


def stem(word: str) -> str:
    """A light suffix stripper, so "improvements", "improving" and "improve" meet.

    A full Porter stemmer is not needed to compare short texts, and a short list of
    rules is easy to reason about when a match looks wrong."""
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("ments", ""), ("ment", ""),
                                ("ings", ""), ("ing", ""), ("ed", "")):
        if word.endswith(suffix) and _has_vowel(word[:-len(suffix)]) \
                and len(word) - len(suffix) >= 3:
            word = word[:-len(suffix)] + replacement
            return _final_e(_undouble(word) if suffix in ("ing", "ings", "ed") else word)
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        word = word[:-1]
    return _final_e(word)


def _has_vowel(text: str) -> bool:
    return any(ch in _VOWELS for ch in text)


def _undouble(word: str) -> str:
    """"planning" → "plann" → "plan"; but "falling" keeps its double l."""
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in _VOWELS | set("lsz"):
        return word[:-1]
    return word


def _final_e(word: str) -> str:
    """"service" and "services" meet "servicing"; short words such as "care" keep their
    e, or they would turn into different words ("car")."""
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


# TF-IDF ------------------------------------------------------------------------------------

def idf_table(documents: Iterable[Document]) -> dict[str, float]:
    """Smoothed inverse document frequency: a term every consultation shares still counts
    a little, so two lone consultations with everything in common can still match."""
    frequency: Counter[str] = Counter()
    total = 0
    for document in documents:
        frequency.update(document.counts.keys())
        total += 1
    return {term: math.log((1 + total) / (1 + df)) + 1 for term, df in frequency.items()}


def tf_idf(document: Document, idf: dict[str, float]) -> dict[str, float]:
    """Unit-length weights. Sub-linear term frequency stops a long survey that repeats a
    word swamping everything else it says."""
    weights = {term: (1 + math.log(count)) * idf[term]
               for term, count in document.counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {term: w / norm for term, w in weights.items()} if norm else {}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return min(1.0, sum(w * large.get(term, 0.0) for term, w in small.items()))


def shared_terms(a: dict[str, float], b: dict[str, float], surfaces: dict[str, str],
                 count: int = WHY_TERMS) -> list[str]:
    """The shared terms that added most to the score, as words. A phrase takes the place
    of its own words ("victoria park", not also "victoria" and "park"), so the few
    terms shown say as much as they can."""
    ranked = sorted((t for t in a if t in b), key=lambda t: (-a[t] * b[t], t))
    chosen: list[str] = []
    for term in ranked:
        parts = term.split()
        if any(term in kept.split() for kept in chosen):
            continue
        covered = [i for i, kept in enumerate(chosen) if kept in parts]
        if covered:
            chosen[covered[0]] = term
            chosen = [kept for i, kept in enumerate(chosen) if i not in covered[1:]]
        else:
            chosen.append(term)
        if len(chosen) == count:
            break
    return [surfaces.get(term, term) for term in chosen]


# Reading the consultations -----------------------------------------------------------------

def _candidates(session: Session, consultation: Consultation, cutoff: date
                ) -> list[tuple[Consultation, str]]:
    since = datetime.combine(cutoff, time.min, tzinfo=UTC)
    recent = or_(Consultation.status == Status.OPEN, Consultation.opens >= cutoff,
                 Consultation.closes >= cutoff,
                 and_(Consultation.opens.is_(None), Consultation.closes.is_(None),
                      Consultation.updated_at >= since))
    visible = or_(Consultation.status != Status.DRAFT,
                  Consultation.organisation_id == consultation.organisation_id)
    rows = session.exec(
        select(Consultation, Organisation.name)
        .join(Organisation, Organisation.id == Consultation.organisation_id)
        .where(Consultation.id != consultation.id, visible, recent)
        .order_by(Consultation.id)).all()
    return [(c, name) for c, name in rows]


def _question_texts(session: Session, consultations: list[Consultation]
                    ) -> defaultdict[int, list[str]]:
    """Drafts are read from their rows and published work from its newest version, each in
    one query whatever the number of consultations."""
    drafts = [c.id for c in consultations if c.status == Status.DRAFT]
    published = [c.id for c in consultations if c.status != Status.DRAFT]
    texts: defaultdict[int, list[str]] = defaultdict(list)
    if drafts:
        for consultation_id, text in session.exec(
                select(Question.consultation_id, Question.text)
                .where(Question.consultation_id.in_(drafts))):
            texts[consultation_id].append(text)
    if published:
        newest = (select(SurveyVersion.consultation_id,
                         func.max(SurveyVersion.number).label("number"))
                  .where(SurveyVersion.consultation_id.in_(published))
                  .group_by(SurveyVersion.consultation_id).subquery())
        for version in session.exec(select(SurveyVersion).join(newest, and_(
                SurveyVersion.consultation_id == newest.c.consultation_id,
                SurveyVersion.number == newest.c.number))):
            texts[version.consultation_id] = [
                q.get("text", "") for s in version.definition.get("sections", [])
                for q in s.get("questions", [])]
    return texts


def _document(consultation: Consultation, questions: list[str]) -> Document:
    document = Document()
    document.add(consultation.title, TITLE_WEIGHT)
    document.add(consultation.summary)
    for topic in consultation.topics:
        document.add(topic, TOPIC_WEIGHT)
    for text in [*consultation.areas, *consultation.can_change, *questions]:
        document.add(text)
    return document


def _result(consultation: Consultation, organisation: str, score: float,
            shared: list[str]) -> SimilarWork:
    return SimilarWork(
        consultation_id=consultation.id, title=consultation.title, slug=consultation.slug,
        organisation=organisation, status=Status(consultation.status),
        opens=consultation.opens, closes=consultation.closes,
        contact=contact_of(consultation.contact_email, consultation.contact_phone,
                           consultation.contact),
        similarity=round(score, 4), shared_terms=shared)
