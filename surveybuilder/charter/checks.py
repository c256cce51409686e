"""The charter checker: how a consultation measures up to the co-production charter.

One function, `check`, serves the editor's Charter check page, the publish step and
`surveybuilder charter-check`. Each row is pass, warn or fail, with the fix in plain
words. It reads only a survey definition, so it works the same for a draft, a
template or a published version.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import easyread
from surveybuilder.charter.standard_wording import StandardWording, standard_for
from surveybuilder.easy_read_view import unexplained_by_question
from surveybuilder.formats import PAPER, format_label
from surveybuilder.survey.definition import FORMATS_OFFERED, QuestionBase, SurveyDefinition
from surveybuilder.survey.languages import ENGLISH_LANGUAGE, language
from surveybuilder.survey.numbering import question_numbers
from surveybuilder.survey.texts import english_texts
from surveybuilder.survey.translations import Gap, GapKind, gaps

if TYPE_CHECKING:
    from easyread import QuestionText


class Outcome(StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class Finding:
    """One thing to fix in one place, so the editor can link straight to the field:
    `question` is the question's key ("" for the consultation's own details), `field`
    the id of the form field to change, `said` the plain words, which name the
    question by its number and words, never its key."""

    question: str
    field: str
    said: str


@dataclass(frozen=True)
class CheckRow:
    id: str
    title: str
    outcome: Outcome
    detail: str
    fix: str = ""
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class CharterSettings:
    """How long a consultation should be open: fail under `min_days`, warn under
    `good_days`, or under `statutory_days` when the law requires the consultation."""

    min_days: int = 14
    good_days: int = 42
    statutory_days: int = 84
    retention_months: int = 24  # the site's usual period (RESPONSE_RETENTION_MONTHS)


# Everyday wording is read by everyone, so it is held to the rules that matter most for
# all readers; easy-read wording (checked elsewhere) must meet every rule.
EVERYDAY_WORDING = easyread.CheckOptions(rules=frozenset(
    str(rule) for rule in (easyread.Rule.LONG_SENTENCE, easyread.Rule.JARGON,
                           easyread.Rule.ACRONYM, easyread.Rule.PASSIVE_VOICE)))

CHECK_IDS = ("can_change_stated", "feedback_by_set", "open_long_enough", "formats_offered",
             "equality_monitoring", "access_needs_asked", "consent_for_under_18s",
             "contact_present", "privacy_notice_present", "success_measures_set",
             "coproduction_involvement", "personal_data_flagged", "plain_language",
             "easy_read_ready", "languages_complete")

PLACEHOLDER = re.compile(r"\[\s*replace", re.IGNORECASE)
YOUNG = re.compile(r"young|child|under[- ]?1[0-9]|teen|pupil|school|youth|11|13|16|17")
EQUALITY_TOPICS = {
    "age": r"\bage\b|how old", "sex": r"\bsex\b", "gender": r"gender",
    "sexual orientation": r"sexual orientation", "disability": r"disab|long-term health",
    "ethnicity": r"ethnic", "religion": r"religio|belief", "marriage": r"marri|civil partner",
    "pregnancy": r"pregnan|maternity", "carers": r"\bcar(er|ing)\b|look after",
}
IDENTIFYING_KEYS = re.compile(r"^(your_|full_|first_|last_|sur)?name$|"
                              r"(^|_)(address|email|phone|mobile|postcode|dob|birth)($|_)")


DEFAULT_SETTINGS = CharterSettings()


def check(definition: SurveyDefinition, settings: CharterSettings = DEFAULT_SETTINGS
          ) -> list[CheckRow]:
    """Every charter check for a consultation, in a fixed order."""
    return [rule(definition, settings) for rule in RULES]


def failures(rows: list[CheckRow]) -> list[CheckRow]:
    return [row for row in rows if row.outcome == Outcome.FAIL]


def needing_a_reason(rows: list[CheckRow], easy_read: bool = True) -> list[CheckRow]:
    """The rows that stop publishing unless staff record why: every failure and, with
    `easy_read`, easy read offered before its questions are ready. That one is only a
    warning on the charter check (a draft may be half done), but publishing would hand
    residents an "easy read" form that is not, so it takes a reason like a failure."""
    return [row for row in rows if row.outcome == Outcome.FAIL
            or (easy_read and row.id == "easy_read_ready" and row.outcome != Outcome.PASS)]


def settings_from(config: dict) -> CharterSettings:
    """The thresholds as configured (see the CHARTER_* settings)."""
    return CharterSettings(min_days=config["CHARTER_MIN_OPEN_DAYS"],
                           good_days=config["CHARTER_GOOD_OPEN_DAYS"],
                           statutory_days=config["CHARTER_STATUTORY_OPEN_DAYS"],
                           retention_months=config["RESPONSE_RETENTION_MONTHS"])


def _row(check_id: str, outcome: Outcome, detail: str, fix: str = "",
         findings: tuple[Finding, ...] = ()) -> CheckRow:
    return CheckRow(check_id, TITLES[check_id], outcome, detail, fix, findings)


def question_namer(d: SurveyDefinition) -> Callable[[QuestionBase], str]:
    """How findings name a question: 'question 3, “How often do you visit?”' (as
    numbered on paper), or 'the information “…”' for text with no answer."""
    numbers = question_numbers(d)

    def name(question: QuestionBase) -> str:
        words = question.text if len(question.text) <= 60 else (
            question.text[:59].rsplit(" ", 1)[0] + "…")
        if question.key in numbers:
            return f"question {numbers[question.key]}, “{words}”"
        return f"the information “{words}”"

    return name


def _can_change(d: SurveyDefinition, _s: CharterSettings) -> CheckRow:
    missing = [name for name, items in (("what can change", d.can_change),
                                       ("what cannot change", d.cannot_change))
               if not [i for i in items if i.strip() and not PLACEHOLDER.search(i)]]
    if missing:
        return _row("can_change_stated", Outcome.FAIL, f"Not stated: {' and '.join(missing)}.",
                    "Say honestly what people's answers can change, and what cannot change "
                    "and why (the charter: be honest and open).")
    return _row("can_change_stated", Outcome.PASS,
                f"{len(d.can_change)} things can change; {len(d.cannot_change)} cannot.")


def _feedback_by(d: SurveyDefinition, _s: CharterSettings) -> CheckRow:
    if not d.feedback_by:
        return _row("feedback_by_set", Outcome.FAIL, "No date set for sharing the results.",
                    "Set the date by which you will tell people what difference they made.")
    if d.closes and d.feedback_by <= d.closes:
        return _row("feedback_by_set", Outcome.FAIL,
                    "The results date is not after the closing date.",
                    "Choose a results date after the consultation closes.")
    return _row("feedback_by_set", Outcome.PASS, f"Results by {_day(d.feedback_by)}.")


def _open_long_enough(d: SurveyDefinition, s: CharterSettings) -> CheckRow:
    if not d.opens or not d.closes:
        return _row("open_long_enough", Outcome.FAIL, "The opening and closing dates are not "
                    "set.", "Set both dates.")
    days = (d.closes - d.opens).days
    expected = s.statutory_days if d.statutory else s.good_days
    if days < s.min_days:
        return _row("open_long_enough", Outcome.FAIL, f"Open for {days} days.",
                    f"Keep it open for at least {s.min_days} days, so people have time to "
                    f"take part in a way that suits them.")
    if days < expected:
        kind = "a statutory consultation" if d.statutory else "most consultations"
        return _row("open_long_enough", Outcome.WARN, f"Open for {days} days.",
                    f"For {kind} allow {expected} days ({expected // 7} weeks), so easy-read "
                    f"and paper responses can come back.")
    return _row("open_long_enough", Outcome.PASS, f"Open for {days} days.")


def _formats(d: SurveyDefinition, _s: CharterSettings) -> CheckRow:
    missing = [format_label(f).lower() for f in FORMATS_OFFERED if f not in d.formats]
    if not d.paper:
        missing.append(PAPER.label.lower())
    if missing:
        return _row("formats_offered", Outcome.WARN, f"Not offered: {', '.join(missing)}.",
                    "Offer every format. Surveybuilder makes them from the same questions "
                    "(the charter: inclusive and accessible).")
    if not (d.return_address.strip() or d.drop_off):
        return _row("formats_offered", Outcome.WARN,
                    "Paper forms do not say where to send them back.",
                    "Give a postal address for paper forms, or places to hand them in "
                    "(in the consultation's details).")
    return _row("formats_offered", Outcome.PASS, "Easy read, large print and paper offered.")


def _equality(d: SurveyDefinition, _s: CharterSettings) -> CheckRow:
    covered = sorted(topic for topic, pattern in EQUALITY_TOPICS.items()
                     if any(re.search(pattern, q.text, re.IGNORECASE) and q.personal_data
                            for q in d.questions() if q.answerable))
    if len(covered) < 3:
        return _row("equality_monitoring", Outcome.WARN,
                    "No equality monitoring questions found.",
                    "Insert the equality monitoring block, so you can see who you are and "
                    "are not hearing from (Public Sector Equality Duty).")
    return _row("equality_monitoring", Outcome.PASS, f"Asks about {', '.join(covered)}.")


def _access_needs(d: SurveyDefinition, _s: CharterSettings) -> CheckRow:
    applies = d.participation_level in ("involve", "co-produce") or bool(d.events)
    asked = any(re.search(r"access|adjustment|communication (need|support)", q.key + " "
                          + q.text, re.IGNORECASE) for q in d.questions())
    if not applies:
        return _row("access_needs_asked", Outcome.PASS, "No events or group work planned.")
    if not asked:
        return _row("access_needs_asked", Outcome.FAIL,
                    "People are invited to take part, but not asked about access or "
                    "communication needs.",
                    "Insert the access and communication needs block (the charter: remove "
                    "barriers to taking part).")
    return _row("access_needs_asked", Outcome.PASS, "Access and communication needs asked.")


def _consent_for_young(d: SurveyDefinition, _s: CharterSettings) -> CheckRow:
    young = [a for a in d.audience if YOUNG.search(a.lower())]
    if not young:
        return _row("consent_for_under_18s", Outcome.PASS, "Not aimed at under-18s.")
    if not any(q.records_consent for q in d.questions()):
        return _row("consent_for_under_18s", Outcome.FAIL,
                    f"Aimed at {', '.join(young)} but asks for no consent.",
                    "Add a consent question in words a young person understands, and a "
                    "parent or carer route for under-13s.")
    return _row("consent_for_under_18s", Outcome.PASS, "Consent is asked.")


def _contact(d: SurveyDefinition, _s: CharterSettings) -> CheckRow:
    if not d.contact_details.any:
        return _row("contact_present", Outcome.FAIL, "No contact given.",
                    "Give an email address or phone number for questions and other formats.")
    shown = ", ".join(text for _kind, text in d.contact_details.parts())
    return _row("contact_present", Outcome.PASS, f"Contact: {shown}.")


def _privacy(d: SurveyDefinition, s: CharterSettings) -> CheckRow:
    """The notice, and how long answers are kept: residents are told the period beside
    the notice and `surveybuilder tidy` keeps to it, so only a period longer than the
    site's usual one needs a second look (UK GDPR's storage limitation)."""
    if not d.privacy_notice.strip():
        return _row("privacy_notice_present", Outcome.FAIL, "No privacy notice.",
                    "Say in plain words how answers are used, who sees them and how long "
                    "they are kept.")
    months = d.retention_months or s.retention_months
    if months > s.retention_months:
        return _row("privacy_notice_present", Outcome.WARN,
                    f"Answers are kept for {months} months, longer than the usual "
                    f"{s.retention_months}.",
                    f"Keep answers no longer than you need them: {s.retention_months} months "
                    "or fewer, or say in the privacy notice why they are kept longer.")
    return _row("privacy_notice_present", Outcome.PASS,
                f"Privacy notice given; answers are kept for {months} months.")


def _success(d: SurveyDefinition, _s: CharterSettings) -> CheckRow:
    if not d.plan.success_measures.strip():
        return _row("success_measures_set", Outcome.FAIL, "No success measures in the plan.",
                    "On the Plan tab, say how you will measure success, decided at the start "
                    "(the charter: how will you review success?).")
    return _row("success_measures_set", Outcome.PASS, "Success measures set.")


def _coproduction(d: SurveyDefinition, _s: CharterSettings) -> CheckRow:
    if d.participation_level != "co-produce":
        return _row("coproduction_involvement", Outcome.PASS, "Not marked as co-production.")
    stages = {"planning": d.plan.involvement_planning, "development":
              d.plan.involvement_development, "delivery": d.plan.involvement_delivery}
    missing = [stage for stage, text in stages.items() if not text.strip()]
    if missing:
        return _row("coproduction_involvement", Outcome.FAIL,
                    f"Marked as co-production, but the plan does not say how people are "
                    f"involved at {', '.join(missing)}.",
                    "Record involvement at planning, development and delivery, or choose the "
                    "participation level that is true.")
    return _row("coproduction_involvement", Outcome.PASS,
                "Involvement recorded at planning, development and delivery.")


def _personal_data(d: SurveyDefinition, _s: CharterSettings) -> CheckRow:
    name = question_namer(d)
    unflagged = [q for q in d.questions() if _looks_personal(q) and not q.personal_data]
    if unflagged:
        return _row("personal_data_flagged", Outcome.FAIL,
                    f"These look like personal data but are not marked: "
                    f"{'; '.join(name(q) for q in unflagged)}.",
                    "Mark them as personal data, so they are left out of anything published "
                    "and anonymised exports.",
                    tuple(Finding(q.key, "personal_data", f"Mark {name(q)} as personal data")
                          for q in unflagged))
    return _row("personal_data_flagged", Outcome.PASS, "Personal data is marked.")


def _looks_personal(question: QuestionBase) -> bool:
    return question.personal_by_nature or bool(IDENTIFYING_KEYS.search(question.key))


def _plain_language(d: SurveyDefinition, _s: CharterSettings) -> CheckRow:
    """Each finding quotes its sentence and says which field of which question it is
    in, so staff can find it without hunting. A question asked in a published
    standard's exact words (charter/standard_wording.py) is not a finding: the row
    says it is kept on purpose, and why."""
    name = question_namer(d)
    places = [("", "summary", "the summary", d.summary)]
    kept: dict[StandardWording, list[str]] = {}
    for q in d.questions():
        standard = standard_for(q.text)
        if standard:
            kept.setdefault(standard, []).append(name(q))
        else:
            places.append((q.key, "text", f"the wording of {name(q)}", q.text))
        places.append((q.key, "hint", f"the hint of {name(q)}", q.hint))
    findings = tuple(
        Finding(key, field, f"“{_sentence_at(text, f.start)}” in {where}: "
                            f"{easyread.RULE_TITLES[f.rule].lower()}")
        for key, field, where, text in places if text
        for f in easyread.check(text, EVERYDAY_WORDING))
    kept_said = "".join(f" Kept on purpose in the exact words of {standard.source}, "
                        f"{standard.why}: {_and(names)}."
                        for standard, names in kept.items())
    if findings:
        count = len(findings)
        examples = "; ".join(f.said for f in findings[:3])
        return _row("plain_language", Outcome.WARN, f"{count} plain-language "
                    f"finding{'' if count == 1 else 's'}, for example {examples}.{kept_said}",
                    "Use short sentences and everyday words; explain or replace jargon and "
                    "acronyms (the charter: clear, accessible communication).", findings)
    return _row("plain_language", Outcome.PASS,
                f"No long sentences, jargon or acronyms found.{kept_said}")


def _sentence_at(text: str, offset: int) -> str:
    """The sentence of `text` holding `offset`, as a finding quotes it."""
    start = 0
    for match in re.finditer(r"(?<=[.!?])\s+|\n+", text):
        if match.start() >= offset:
            return text[start:match.start()].strip()
        start = match.end()
    return text[start:].strip()


@dataclass(frozen=True)
class EasyReadReadiness:
    """What keeps a consultation from being ready for easy read: the one account the
    charter row, the editor's pages and the publish step all show."""

    offered: bool
    waiting: tuple[str, ...]
    """Keys of the questions not ready, in definition order."""
    total: int
    reason: str = ""
    """Why it is not ready when no single question is to blame."""
    unexplained: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(question key, hard words with no meaning anywhere) for each question with some."""
    summary_findings: tuple[str, ...] = ()
    """What the easy-read checker finds in the easy-read summary, as its rules' titles."""

    @property
    def ready(self) -> bool:
        return not self.offered or not (self.waiting or self.reason or self.unexplained
                                        or self.summary_findings)


def easy_read_readiness(d: SurveyDefinition) -> EasyReadReadiness:
    if "easy_read" not in d.formats:
        return EasyReadReadiness(False, (), 0)
    score = easyread.score_consultation(
        easy_read_question(q.model_dump(mode="json", by_alias=True)) for q in d.questions())
    waiting = tuple(q.key for q in score.questions if not q.ready)
    reason = "" if score.ready or waiting else score.reasons[0]
    unexplained = tuple((question.key, words) for question, words
                        in unexplained_by_question(d.questions(), d.meanings()) if words)
    return EasyReadReadiness(True, waiting, score.question_count, reason, unexplained,
                             summary_findings(d.easy_read_summary))


def summary_findings(easy_read_summary: str) -> tuple[str, ...]:
    """The easy-read checker's findings in a summary written for easy read, each rule
    named once in plain words (a summary not written yet has none: the standard one is
    shown, and the plain-language row checks that)."""
    found = easyread.check(easy_read_summary) if easy_read_summary.strip() else []
    return tuple(dict.fromkeys(easyread.RULE_TITLES[finding.rule] for finding in found))


def _easy_read_ready(d: SurveyDefinition, _s: CharterSettings) -> CheckRow:
    """Ready for easy read: every question has easy-read wording that passes and a
    picture, and every hard word a reader meets has a meaning in its "What these words
    mean" box (a word no dictionary explains, and staff have not, is named with its
    question)."""
    readiness = easy_read_readiness(d)
    if not readiness.offered:
        return _row("easy_read_ready", Outcome.PASS, "Easy read is not offered, so there is "
                    "nothing to check.")
    if readiness.ready:
        return _row("easy_read_ready", Outcome.PASS,
                    f"All {readiness.total} questions are ready for easy read.")
    waiting = readiness.waiting
    name = question_namer(d)
    said, fixes = [], []
    if waiting or readiness.reason:
        said.append(f"{len(waiting)} of {readiness.total} questions are not ready for easy "
                    f"read: {'; '.join(name(d.question(k)) for k in waiting)}." if waiting
                    else readiness.reason)
        fixes.append("On the Easy read tab, give each question easy read wording in short "
                     "sentences of 15 words or fewer, and a picture (the charter: inclusive "
                     "and accessible).")
    if readiness.unexplained:
        listed = "; ".join(f"{', '.join(words)} (in {name(d.question(key))})"
                           for key, words in readiness.unexplained)
        said.append(f"Hard words with no meaning: {listed}.")
        fixes.append("On the Easy read tab, write what each hard word means on its glossary "
                     "page.")
    if readiness.summary_findings:
        said.append(f"The easy read summary needs work: "
                    f"{'; '.join(readiness.summary_findings).lower()}.")
        fixes.append("On the details page, rewrite the easy read summary in short sentences "
                     "of everyday words, one on each line.")
    return _row("easy_read_ready", Outcome.WARN, " ".join(said), " ".join(fixes),
                tuple(Finding(key, "easy_read_text", f"Write easy read wording for "
                                                     f"{name(d.question(key))}")
                      for key in waiting))


def easy_read_question(question: Mapping[str, Any]) -> QuestionText:
    """A question in the definition format as an easy-read reader meets it, for
    `easyread.score_question`: its easy-read wording, then each option's (or the
    option's own label, which is what they see when it has none), one to a line, so
    jargon in an option counts against its question. Until the question has easy-read
    wording its options are left out: it is not ready anyway, and the score should
    not mistake option labels for easy-read wording."""
    import easyread

    easy = question.get("easy_read") or {}
    wording = (easy.get("text") or "").strip()
    if wording:
        options = [(option.get("easy_read") or {}).get("text") or option["label"]
                   for option in question.get("options") or []]
        wording = "\n\n".join([wording, *options])
    return easyread.QuestionText(key=question["key"], text=question.get("text") or "",
                                 easy_read_text=wording, picture=easy.get("picture") or None)


def _languages(d: SurveyDefinition, _s: CharterSettings) -> CheckRow:
    """Reports the languages offered, and fails while an offered language lacks a text
    or has one translated from English that has since changed (decision 16): its
    readers would meet English there."""
    names = [ENGLISH_LANGUAGE.english, *(language(code).both_names for code in d.languages)]
    offered = f"Offered in {_and(names)}." if d.languages else "Offered in English only."
    found = {code: gaps(d, code) for code in d.languages}
    if not any(found.values()):
        done = " Every text is translated." if d.languages else ""
        return _row("languages_complete", Outcome.PASS, offered + done)
    total = len(english_texts(d.to_json()))
    said = [offered, *(_gaps_said(code, found[code], total) for code in d.languages
                       if found[code])]
    return _row("languages_complete", Outcome.FAIL, " ".join(said),
                "Add the translations, or stop offering the language in the consultation's "
                "details. Until then, people who choose it read those texts in English.")


def _gaps_said(code: str, found: list[Gap], total: int) -> str:
    """One language's gaps, each by where it is; a language with nothing translated
    yet (all `total` texts missing) is said in one sentence, not a list of every text."""
    name = language(code).own
    missing = [g for g in found if g.kind == GapKind.MISSING]
    stale = [g for g in found if g.kind == GapKind.NEEDS_UPDATING]
    if len(missing) == total:
        return f"{name}: nothing is translated yet ({total} texts)."
    said = []
    if missing:
        said.append(f"Not translated: {'; '.join(str(g) for g in missing)}.")
    if stale:
        said.append(f"Needs updating, because the English changed after it was "
                    f"translated: {'; '.join(str(g) for g in stale)}.")
    return " ".join(said)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _day(value: date) -> str:
    return f"{value.day} {value.strftime('%B %Y')}"


TITLES = {
    "can_change_stated": "Say what can and cannot change",
    "feedback_by_set": "Set a date to tell people what happened",
    "open_long_enough": "Open long enough",
    "formats_offered": "Easy read, large print and paper offered",
    "equality_monitoring": "Equality monitoring",
    "access_needs_asked": "Access and communication needs asked",
    "consent_for_under_18s": "Consent for under-18s",
    "contact_present": "Contact for questions and other formats",
    "privacy_notice_present": "Privacy notice",
    "success_measures_set": "Success measures decided at the start",
    "coproduction_involvement": "Co-production at every stage",
    "personal_data_flagged": "Personal data marked",
    "plain_language": "Plain language",
    "easy_read_ready": "Ready for easy read",
    "languages_complete": "Every offered language complete",
}

RULES: tuple[Callable[[SurveyDefinition, CharterSettings], CheckRow], ...] = (
    _can_change, _feedback_by, _open_long_enough, _formats, _equality, _access_needs,
    _consent_for_young, _contact, _privacy, _success, _coproduction, _personal_data,
    _plain_language, _easy_read_ready, _languages,
)
