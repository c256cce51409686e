"""How long a printed form takes, per format, against WeasyPrint drawing the same HTML.

For a 20-question survey (every question type, routing included) and each print format
it times, as the median of --repeat runs after one warm-up:

  html       stage 1 alone: definition → printed document → HTML
  weasyprint WeasyPrint alone writing that same HTML as a tagged PDF (pdf/ua-1)
  full       the whole pipeline (surveybuilder.printing.render.render_form): HTML,
             PDF, box positions, layout file, corner marks and page codes stamped

and prints the overhead of the whole pipeline over WeasyPrint alone. Times are the
process's CPU seconds (everything runs in this one process), which stay steady when
other work shares the machine; wall-clock seconds are printed beside the full run.
With --copies N it also times one batch of N numbered copies of the standard form.

    .venv/bin/python benchmarks/render_pdfs.py [--repeat 5] [--copies 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from surveybuilder.printing.formats import all_print_formats  # noqa: E402
from surveybuilder.printing.pdf import PDF_VARIANT  # noqa: E402
from surveybuilder.printing.render import form_html, render_form  # noqa: E402
from surveybuilder.survey.definition import SurveyDefinition  # noqa: E402
from surveybuilder.survey.loading import load_definition  # noqa: E402

ORGANISATION = "Sandwell Council"


def twenty_questions() -> SurveyDefinition:
    """Twenty answerable questions of every type over four sections, with routing."""
    agree = {"type": "scale", "scale": "agree"}
    sections = [
        {"title": "Using the park", "questions": [
            {"key": "visit", "type": "single_choice", "text": "How often do you visit?",
             "easy_read": {"text": "How often do you go to the park?", "picture": "park"},
             "options": [{"key": "weekly", "label": "Every week"},
                         {"key": "monthly", "label": "Every month"},
                         {"key": "never", "label": "Never"}]},
            {"key": "why_not", "type": "long_text", "text": "What stops you visiting?",
             "show_if": {"question": "visit", "in": ["never"]}},
            {"key": "safe", "text": "I feel safe in the park after dark.", **agree},
            {"key": "clean", "text": "The park is clean.", **agree},
            {"key": "activities", "type": "multiple_choice", "text": "What do you do there?",
             "options": [{"key": k, "label": k.capitalize()}
                         for k in ("walk", "play", "sport", "picnic", "dogs")]},
        ]},
        {"title": "Getting there", "questions": [
            {"key": "bus", "type": "yes_no", "dont_know": True, "text": "Do you come by bus?"},
            {"key": "bus_route", "type": "short_text", "text": "Which bus do you take?",
             "show_if": {"question": "bus", "in": ["yes"]}},
            {"key": "minutes", "type": "number", "text": "How many minutes does it take?",
             "min": 0, "max": 240, "whole_number": True},
            {"key": "last_visit", "type": "date", "text": "When did you last go?"},
            {"key": "parking", "type": "yes_no", "text": "Do you need parking?"},
        ]},
        {"title": "Ideas", "questions": [
            {"key": "ideas", "type": "long_text", "text": "What would make the park better?"},
            {"key": "benches", "text": "We need more benches.", **agree},
            {"key": "lights", "text": "We need more lights.", **agree},
            {"key": "toilets", "type": "yes_no", "text": "Should the toilets open later?"},
            {"key": "cafe", "type": "single_choice", "text": "What should the cafe sell?",
             "options": [{"key": "hot", "label": "Hot food"}, {"key": "snacks",
                                                              "label": "Snacks"}]},
        ]},
        {"title": "About you", "questions": [
            {"key": "hear_back", "type": "yes_no", "text": "Shall we tell you what happened?"},
            {"key": "email", "type": "email", "text": "Email address",
             "show_if": {"question": "hear_back", "in": ["yes"]}},
            {"key": "phone", "type": "phone", "text": "Phone number"},
            {"key": "postcode", "type": "postcode", "text": "Postcode"},
            {"key": "agree", "type": "consent", "text": "I agree you can use my answers."},
        ]},
    ]
    return load_definition({
        "format": "surveybuilder/1", "slug": "benchmark-park", "title": "Victoria Park",
        "summary": "We want to improve the park.", "participation_level": "consult",
        "closes": "2027-03-07", "contact": "parks@example.gov.uk", "sections": sections})


def median_seconds(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median CPU seconds and median wall-clock seconds of `repeat` runs."""
    action()  # warm-up: imports, fonts, templates
    cpu, wall = [], []
    for _ in range(repeat):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        action()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    return statistics.median(cpu), statistics.median(wall)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--copies", type=int, default=200)
    args = parser.parse_args()

    from weasyprint import HTML

    definition = twenty_questions()
    answerable = sum(q.answerable for q in definition.questions())
    print(f"A {answerable}-question survey, median of {args.repeat} runs "
          f"(CPU seconds; wall-clock for the full run in brackets)\n")
    print(f"{'Format':<24} {'pages':>5} {'html':>7} {'weasyprint':>11} {'full':>7} "
          f"{'(wall)':>8} {'overhead':>9}")
    for fmt in all_print_formats():
        _document, html = form_html(definition, 1, fmt, ORGANISATION)
        html_s, _wall = median_seconds(lambda f=fmt: form_html(definition, 1, f, ORGANISATION),
                                       args.repeat)
        alone_s, _wall = median_seconds(
            lambda h=html: HTML(string=h, base_url="/").write_pdf(pdf_variant=PDF_VARIANT),
            args.repeat)
        full_s, full_wall = median_seconds(
            lambda f=fmt: render_form(definition, 1, f, ORGANISATION), args.repeat)
        pages = render_form(definition, 1, fmt, ORGANISATION).layout["pages"]
        overhead = (full_s - alone_s) / alone_s * 100
        print(f"{fmt.label:<24} {pages:>5} {html_s:>7.3f} {alone_s:>11.3f} {full_s:>7.3f} "
              f"{f'({full_wall:.2f})':>8} {overhead:>8.0f}%")
    if args.copies:
        standard = all_print_formats()[0]
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        batch = render_form(definition, 1, standard, ORGANISATION, copies=args.copies)
        cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start_wall
        print(f"\n{args.copies} numbered copies of the standard form "
              f"({batch.layout['pages'] * args.copies} pages): {cpu:.2f} CPU s "
              f"({wall:.2f} s wall), {len(batch.pdf) / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
