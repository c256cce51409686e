"""Routing said simply: the shortest true instruction for a routing rule.

A rule (`show_if`) names the answers of an earlier question that show a question or a
section. Read out as it is stored it can list ten answers ("Only answer this if you
ticked “16 to 17” or “18 to 24” or … at question 8"), where "Skip this question if
you ticked “Under 16” at question 8" says the same thing. So the words are chosen
from what the rule means, not from how it is stored:

- **only**: the answers that show it, when there are fewer of them than of those that
  hide it: "Only answer this if you ticked “Yes” at question 3."
- **skip**: the answers that hide it, when those are fewer: "Skip this question if you
  ticked “Under 16” at question 8." (For a section, "this section".)
- **answered**: every answer shows it, so only a blank hides it: "Only answer this if
  you ticked an answer at question 8."
- **marked**: both the showing and the hiding answers number more than three
  (`MOST_NAMED`). Naming them would be a list nobody can hold in mind, and a range
  ("from “18 to 24” to “65 to 74”") is only true when the order of the answers means
  something and is too long for easy read. Instead the smaller set is marked on paper
  with a sign (`MARKER`, "►") printed beside each of those answers at the deciding
  question, and the instruction points at the sign: "Only answer this if you ticked an
  answer with ► beside it at question 8." That is always true, always short (14 words,
  15 for a section, inside easy read's limit) and the reader checks it by looking back
  at one question. When two rules on one question mark different answers, the second
  sign is "►2", the third "►3". Staff pages, which have no marks, say how many of the
  answers show it and that the printed form marks them.

No instruction ever names more than `MOST_NAMED` answers. The three-answer limit is the
issue's rule, not a setting: raising it would bring the long lists back.

Paper also says, under an answer, where that answer sends the reader when it skips the
question straight after it ("If you ticked “No”, go to question 7."): `go_to`.

Easy read uses the answers' easy-read words (the caller hands them in) and keeps every
sentence within the easy-read checker's limit (15 words): when a sentence naming the
answers would be longer, the answers go on lines of their own under "Only answer this
if you ticked one of these at question 8:", each with its picture beside it.

This module words rules only; it knows nothing of pictures, pages or Flask. A blank
answer hides an item online (`routing.is_shown`); on paper "skip" wording leaves a
reader who left question 8 blank to answer, which keying then keeps or drops as it
does for any answer to a question that should have been skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import easyread
from surveybuilder.survey.definition import QuestionBase, SectionDef, ShowIf, SurveyDefinition
from surveybuilder.wording import N_, gettext

MOST_NAMED = 3
MARKER = "►"
EASY_READ_MOST_WORDS = easyread.CheckOptions().max_sentence_words
# How a printed instruction starts, by how the rule is said and what it shows; message
# ids, so the easy-read form says them in the easy-read catalogue's words.
STARTS = {("only", "question"): N_("Only answer this"),
          ("only", "section"): N_("Only answer this section"),
          ("skip", "question"): N_("Skip this question"),
          ("skip", "section"): N_("Skip this section")}

How = Literal["only", "skip", "answered"]
Item = Literal["question", "section"]
Labels = Callable[[QuestionBase], Mapping[str, str]]
"""A question → its answers' words by answer key, in the order they are offered
(everyday labels, or easy-read words for easy read)."""


@dataclass(frozen=True)
class Choice:
    """Which way a rule is said ("only" the answers that show it, "skip" for those
    that hide it, or "answered"), and the answers the words name or, when there are
    too many to name, mark."""

    how: How
    named: tuple[str, ...] = ()
    """Answer keys the instruction names: never more than MOST_NAMED."""
    marked: tuple[str, ...] = ()
    """Answer keys that carry the marker on paper, in place of naming them."""


@dataclass(frozen=True)
class Instruction:
    """An instruction as printed: its lines (one sentence, or in easy read a lead-in
    and the answers one to a line), and the answers it names, for their pictures."""

    lines: tuple[str, ...]
    named: tuple[str, ...]
    answers_on_own_lines: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def choose(shown_by: Sequence[str], offered: Sequence[str]) -> Choice:
    """The shortest true way to say "shown when the answer is one of `shown_by`",
    given every answer the deciding question `offered`, in its order."""
    showing = [key for key in offered if key in shown_by]
    hiding = [key for key in offered if key not in shown_by]
    if not hiding:
        return Choice("answered")
    smaller, how = (showing, "only") if len(showing) <= len(hiding) else (hiding, "skip")
    if len(smaller) <= MOST_NAMED:
        return Choice(how, named=tuple(smaller))
    return Choice(how, marked=tuple(smaller))


def quoted(words: Sequence[str]) -> str:
    """“A”, “B” or “C”."""
    marks = [f"“{w}”" for w in words]
    return marks[0] if len(marks) == 1 else gettext(
        "%(some)s or %(last)s", some=", ".join(marks[:-1]), last=marks[-1])


def on_paper(choice: Choice, labels: Mapping[str, str], number: int,
             item: Item, easy: bool, marker: str = MARKER) -> Instruction:
    """The printed instruction at the question or section the rule shows, in the words
    of the locale the form is drawn in."""
    if choice.how == "answered":
        return Instruction((gettext("%(start)s if you ticked an answer at question "
                                    "%(number)s.", start=gettext(STARTS[("only", item)]),
                                    number=number),), ())
    start = gettext(STARTS[(choice.how, item)])
    if choice.marked:
        return Instruction((gettext("%(start)s if you ticked an answer with %(sign)s beside "
                                    "it at question %(number)s.", start=start, sign=marker,
                                    number=number),), ())
    words = [labels.get(key, key) for key in choice.named]
    sentence = gettext("%(start)s if you ticked %(answers)s at question %(number)s.",
                       start=start, answers=quoted(words), number=number)
    if not easy or (len(words) == 1 and _fits(sentence)):
        return Instruction((sentence,), choice.named)
    lead_in = (gettext("%(start)s if you ticked this at question %(number)s:", start=start,
                       number=number) if len(words) == 1 else
               gettext("%(start)s if you ticked one of these at question %(number)s:",
                       start=start, number=number))
    return Instruction((lead_in, *(f"“{w}”" for w in words)), choice.named,
                       answers_on_own_lines=True)


def go_to(words: str, where: int | None, easy: bool) -> str:
    """Under an answer that skips the question straight after it: "If you ticked
    “No”, go to question 7." Easy read says "this" when the answer's words would make
    the sentence too long (the instruction sits right under the answer)."""
    place = (gettext("go to question %(number)s", number=where) if where is not None
             else gettext("go to the end of the form"))
    sentence = gettext("If you ticked “%(answer)s”, %(place)s.", answer=words, place=place)
    return (gettext("If you ticked this, %(place)s.", place=place)
            if easy and not _fits(sentence) else sentence)


def for_staff(choice: Choice, target: QuestionBase,
              labels: Mapping[str, str]) -> str:
    """The rule for the editor, the template gallery and previews, naming the deciding
    question by its words (staff pages have no printed numbers), without a full stop."""
    asked = f"the answer to “{target.text}”"
    if choice.how == "answered":
        return f"Only if “{target.text}” is answered"
    if choice.marked:
        words = (f"one of {len(choice.marked)} of its {len(labels)} answers (the printed "
                 f"form marks them {MARKER})")
    else:
        words = quoted([labels.get(key, key) for key in choice.named])
    if choice.how == "skip":
        blank = "" if target.required else ", or it is not answered"
        return f"Skipped if {asked} is {words}{blank}"
    return f"Only if {asked} is {words}"


def _fits(sentence: str) -> bool:
    return max(easyread.sentence_lengths(sentence), default=0) <= EASY_READ_MOST_WORDS


# A whole printed form ----------------------------------------------------------------

Signs = dict[tuple[str, tuple[str, ...]], str]
"""(deciding question, the answers marked) → the sign printed beside those answers."""


def signs(definition: SurveyDefinition) -> Signs:
    """The sign for every set of answers a form marks: "►" for the first set marked at
    a question, "►2", "►3" for other sets at the same question. Worked out from the
    answer keys alone, so it costs nothing when no rule needs marks."""
    found: Signs = {}
    rules = [rule for section in definition.sections
             for rule in (section.show_if, *(q.show_if for q in section.questions)) if rule]
    for rule in rules:
        target = definition.question(rule.question)
        if target is None:
            continue
        marked = choose(rule.in_, [c.key for c in target.choices()]).marked
        if marked and (rule.question, marked) not in found:
            used = sum(1 for question, _ in found if question == rule.question)
            found[(rule.question, marked)] = MARKER if used == 0 else f"{MARKER}{used + 1}"
    return found


def marks_beside(found: Signs) -> dict[tuple[str, str], tuple[str, ...]]:
    """(question, answer) → the signs printed beside that answer."""
    beside: dict[tuple[str, str], tuple[str, ...]] = {}
    for (question, marked), sign in found.items():
        for key in marked:
            beside[(question, key)] = (*beside.get((question, key), ()), sign)
    return beside


def at_item(rule: ShowIf, definition: SurveyDefinition, numbers: Mapping[str, int],
            labels: Labels, item: Item, easy: bool) -> Instruction | None:
    """The instruction printed at a routed question or section, or None when the
    deciding question is not printed with a number."""
    target = definition.question(rule.question)
    if target is None or rule.question not in numbers:
        return None
    said = labels(target)
    choice = choose(rule.in_, list(said))
    sign = signs(definition).get((rule.question, choice.marked), MARKER)
    return on_paper(choice, said, numbers[rule.question], item, easy, sign)


def _hidden_when(rule: ShowIf | None, target: str, value: str) -> bool:
    return rule is not None and rule.question == target and value not in rule.in_


def _skipped(item: tuple[SectionDef, QuestionBase], target: str, value: str) -> bool:
    """Whether answering `value` to `target` skips this question (or its section)."""
    section, question = item
    return (_hidden_when(section.show_if, target, value)
            or _hidden_when(question.show_if, target, value))


def go_tos(definition: SurveyDefinition, numbers: Mapping[str, int], labels: Labels,
            easy: bool) -> dict[tuple[str, str], str]:
    """(question, answer) → "If you ticked No, go to question 7", for every answer that
    skips the question straight after it. Skips further on are said at the question
    skipped ("Only answer this if…")."""
    ordered = [(s, q) for s in definition.sections for q in s.questions if q.key in numbers]
    routes: dict[tuple[str, str], str] = {}
    for index, (_section, target) in enumerate(ordered):
        if not target.routable:
            continue
        later = ordered[index + 1:]
        said = labels(target)
        for choice in target.choices():
            if not later or not _skipped(later[0], target.key, choice.key):
                continue
            following = next((question for item in later for question in [item[1]]
                              if not _skipped(item, target.key, choice.key)), None)
            routes[(target.key, choice.key)] = go_to(
                said.get(choice.key, choice.key),
                numbers[following.key] if following else None, easy)
    return routes
