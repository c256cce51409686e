"""How good are the "Suggest easy read" first drafts on real public-sector sentences?

Runs ``easyread.suggest_easy_read`` over every sentence in
``tests/data/easy_read_sentences.yaml`` and prints:

- how many sentences were rewritten and how many sentences the drafts have;
- the share of suggested sentences that pass the easy-read checker (default options:
  no finding at all), which issue 13 wants at 80 % or more, the share of whole
  drafts with no finding (and of the sources as written), and the share breaking none
  of the score card's musts (``easyread.BLOCKING_RULES``);
- the median sentence length, in words, before and after;
- the share of source sentences with each kind of change;
- every suggested sentence that fails, with the checker's rules, so the rules can be
  improved where they fall short.

The rewriter is deterministic and offline, so the figures only change when the rules,
the word lists or the data change. Usage::

    .venv/bin/python benchmarks/easy_read_suggestions.py [--data PATH] [--quiet]
"""

from __future__ import annotations

import argparse
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
    median_before: float
    median_after: float
    kinds: dict[str, int]
    failures: list[tuple[str, list[str]]]

    @property
    def pass_share(self) -> float:
        return self.passing / self.suggested if self.suggested else 0.0


def load_sentences(path: Path = DATA) -> list[str]:
    return [entry["text"] for entry in yaml.safe_load(path.read_text())["sentences"]]


def measure(sentences: list[str]) -> Figures:
    suggestions = [easyread.suggest_easy_read(text) for text in sentences]
    lengths_before = [n for text in sentences for n in easyread.sentence_lengths(text)]
    lengths_after = [n for s in suggestions for line in s.sentences
                     for n in easyread.sentence_lengths(line.text)]
    failures = [(line.text, sorted({str(f.rule) for f in easyread.check(line.text)}))
                for s in suggestions for line in s.sentences]
    failures = [(text, rules) for text, rules in failures if rules]
    suggested = sum(len(s.sentences) for s in suggestions)
    musts = sum(1 for s in suggestions for line in s.sentences
                if not any(f.rule in easyread.BLOCKING_RULES for f in easyread.check(line.text)))
    return Figures(
        sources=len(sentences), suggested=suggested, passing=suggested - len(failures),
        without_musts=musts, sources_passing=sum(1 for t in sentences if not easyread.check(t)),
        whole_passing=sum(1 for s in suggestions if s.passes),
        median_before=statistics.median(lengths_before),
        median_after=statistics.median(lengths_after),
        kinds=_kinds(suggestions), failures=failures)


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
        f"Median sentence length: {figures.median_before:g} words before, "
        f"{figures.median_after:g} after",
        "Source sentences with each kind of change:",
    ]
    for kind, count in figures.kinds.items():
        lines.append(f"  {KIND_TITLES[kind]}: {count} of {figures.sources}"
                     f" = {count / figures.sources:.0%}")
    if not quiet:
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
