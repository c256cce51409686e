"""How good are the "Suggest easy read" first drafts on real public-sector sentences?

Runs ``easyread.suggest_easy_read`` over every sentence in
``tests/data/easy_read_sentences.yaml`` and prints:

- how many sentences were rewritten and how many sentences the drafts have;
- the share of suggested sentences that pass the easy-read checker (default options:
  no finding at all), which issue 13 wants at 80 % or more, the share of whole
  drafts with no finding (and of the sources as written), and the share breaking none
  of the score card's musts (``easyread.BLOCKING_RULES``);
- the share of sentences of the source rewritten (leaving out the sentences the
  rewriter adds to explain a word) that pass, held to the same 80 % so the explaining
  sentences cannot carry the score;
- the share of drafts that keep the source's facts: every number, date, amount of money
  and name (a word with a capital inside a sentence) is still in the draft, word for
  word; every draft that drops one is listed;
- the median sentence length, in words, before and after;
- the share of source sentences with each kind of change;
- every suggested sentence that fails, with the checker's rules, so the rules can be
  improved where they fall short.

A sentence is checked as part of its draft, as a reader meets it: a word explained in
the draft ("“Council Tax” means money you pay to the council each year.") is not
reported again in the sentences around it, but the explaining sentence is checked too.

The rewriter is deterministic and offline, so the figures only change when the rules,
the word lists or the data change. Usage::

    .venv/bin/python benchmarks/easy_read_suggestions.py [--data PATH] [--quiet]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import easyread  # noqa: E402
from easyread.rewrite import KIND_TITLES, Suggestion  # noqa: E402

DATA = ROOT / "tests" / "data" / "easy_read_sentences.yaml"
TARGET = 0.8


@dataclass(frozen=True)
class Figures:
    sources: int
    suggested: int
    passing: int
    without_musts: int
    sources_passing: int
    whole_passing: int
    rewritten: int
    rewritten_passing: int
    meaning_kept: int
    meaning_lost: list[tuple[str, list[str]]]
    median_before: float
    median_after: float
    median_rewritten: float
    kinds: dict[str, int]
    failures: list[tuple[str, list[str]]]

    @property
    def pass_share(self) -> float:
        return self.passing / self.suggested if self.suggested else 0.0

    @property
    def rewritten_share(self) -> float:
        """The pass share without the sentences added to explain a word."""
        return self.rewritten_passing / self.rewritten if self.rewritten else 0.0

    @property
    def meaning_share(self) -> float:
        return self.meaning_kept / self.sources if self.sources else 0.0


def load_sentences(path: Path = DATA) -> list[str]:
    return [entry["text"] for entry in yaml.safe_load(path.read_text())["sentences"]]


def measure(sentences: list[str]) -> Figures:
    suggestions = [easyread.suggest_easy_read(text) for text in sentences]
    lengths_before = [n for text in sentences for n in easyread.sentence_lengths(text)]
    lengths_after = [n for s in suggestions for line in s.sentences
                     for n in easyread.sentence_lengths(line.text)]
    checked = [line for s in suggestions for line in lines_with_rules(s)]
    lengths_rewritten = [n for text, _, explains in checked if not explains
                         for n in easyread.sentence_lengths(text)]
    failures = [(text, rules) for text, rules, _ in checked if rules]
    rewritten = [rules for _, rules, explains in checked if not explains]
    lost = [(text, missing) for text, s in zip(sentences, suggestions, strict=True)
            if (missing := facts_lost(text, s))]
    musts = sum(1 for s in suggestions for line in s.sentences
                if not any(f.rule in easyread.BLOCKING_RULES for f in easyread.check(line.text)))
    return Figures(
        sources=len(sentences), suggested=len(checked), passing=len(checked) - len(failures),
        without_musts=musts, sources_passing=sum(1 for t in sentences if not easyread.check(t)),
        whole_passing=sum(1 for s in suggestions if s.passes),
        rewritten=len(rewritten), rewritten_passing=sum(1 for r in rewritten if not r),
        meaning_kept=len(sentences) - len(lost), meaning_lost=lost,
        median_before=statistics.median(lengths_before),
        median_after=statistics.median(lengths_after),
        median_rewritten=statistics.median(lengths_rewritten),
        kinds=_kinds(suggestions), failures=failures)


def lines_with_rules(suggestion: Suggestion) -> list[tuple[str, list[str], bool]]:
    """Each line of the draft, the rules it breaks as part of the whole draft, and
    whether the rewriter added it to explain a word."""
    added = {c.replacement for c in suggestion.changes if c.kind == "explain"}
    out = []
    offset = 0
    for line in suggestion.sentences:
        end = offset + len(line.text)
        rules = sorted({str(f.rule) for f in suggestion.remaining if offset <= f.start < end})
        out.append((line.text, rules, line.text in added))
        offset = end + 1  # the line break
    return out


_FACT = re.compile(r"£?\d[\d,.:]*\w*|\b[A-Z][\w’'-]*")
_FIRST_WORD = re.compile(r"(?:^|[.!?]\s+|[:;]\s+|[“‘\"(]\s*)$")


def facts_lost(source: str, suggestion: Suggestion) -> list[str]:
    """Numbers, dates, money and names of ``source`` missing from the draft.

    A word with a capital counts unless it starts a sentence (or a quote or a list
    item), where any word has one; months and days count wherever they are."""
    draft = suggestion.text
    missing = []
    for match in _FACT.finditer(source):
        fact = match.group(0).rstrip(".,:")
        first = bool(_FIRST_WORD.search(source[:match.start()]))
        if fact[:1].isalpha() and (first or fact == "I"):
            continue
        if not re.search(rf"(?<![\w£]){re.escape(fact)}(?![\w])", draft):
            missing.append(fact)
    return missing


def _kinds(suggestions: list[Suggestion]) -> dict[str, int]:
    return {kind: sum(1 for s in suggestions if kind in s.kinds()) for kind in KIND_TITLES}


def report(figures: Figures, quiet: bool = False) -> str:
    share = figures.pass_share
    lines = [
        f"Source sentences: {figures.sources}",
        f"Suggested sentences: {figures.suggested}",
        f"Suggested sentences passing the checker: {figures.passing} of {figures.suggested}"
        f" = {share:.0%} (target {TARGET:.0%}: {'met' if share >= TARGET else 'NOT met'})",
        f"Whole drafts with no finding: {figures.whole_passing} of {figures.sources}"
        f" = {figures.whole_passing / figures.sources:.0%}"
        f" (the source sentences as written: {figures.sources_passing})",
        f"Suggested sentences breaking none of the readiness musts (length, short forms,"
        f" italics, underlining, capitals): {figures.without_musts} of {figures.suggested}"
        f" = {figures.without_musts / figures.suggested:.0%}",
        f"Sentences of the source rewritten (not counting the"
        f" {figures.suggested - figures.rewritten} added to explain a word) passing:"
        f" {figures.rewritten_passing} of {figures.rewritten}"
        f" = {figures.rewritten_share:.0%}"
        f" (target {TARGET:.0%}: {'met' if figures.rewritten_share >= TARGET else 'NOT met'})",
        f"Drafts keeping every number, date, amount and name of the source:"
        f" {figures.meaning_kept} of {figures.sources} = {figures.meaning_share:.0%}",
        f"Median sentence length: {figures.median_before:g} words before, "
        f"{figures.median_after:g} after ({figures.median_rewritten:g} without the explaining"
        " sentences)",
        "Source sentences with each kind of change:",
    ]
    for kind, count in figures.kinds.items():
        lines.append(f"  {KIND_TITLES[kind]}: {count} of {figures.sources}"
                     f" = {count / figures.sources:.0%}")
    if not quiet:
        lines.append(f"Drafts that lost a fact ({len(figures.meaning_lost)}):")
        lines += [f"  [{', '.join(missing)}] {text}" for text, missing in figures.meaning_lost]
        lines.append(f"Failing suggested sentences ({len(figures.failures)}):")
        lines += [f"  [{', '.join(rules)}] {text}" for text, rules in figures.failures]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="YAML file of sentences")
    parser.add_argument("--quiet", action="store_true", help="leave out the failures")
    args = parser.parse_args(argv)
    print(report(measure(load_sentences(args.data)), args.quiet))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
