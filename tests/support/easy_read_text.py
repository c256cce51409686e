"""Reading back what residents read in easy read, and checking it the way the project's
own checker does (`easyread.check`, default options; at most 15 words a sentence).

A PDF's text is read with pdfplumber line by line, and the lines a paragraph wrapped
onto are joined again (a wrapped line starts less than a line and a half below the one
before, where a new paragraph or heading starts further down), so each sentence is
checked whole: a sentence cut by a line break could never be found too long."""

from __future__ import annotations

import io
import re

import pdfplumber

import easyread

MOST_WORDS = 15
# Lines of a wrapped paragraph are this many times the text size apart (form.css and
# the results document use a line height of 1.4); a new paragraph starts further down.
SAME_PARAGRAPH = 1.45


def pdf_paragraphs(pdf: bytes) -> list[str]:
    """The PDF's text as paragraphs, in reading order, page by page."""
    found: list[str] = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            previous = None
            for line in page.extract_text_lines(return_chars=True):
                size = max(char["size"] for char in line["chars"])
                text = " ".join(line["text"].split())
                wrapped = (previous is not None and line["top"] - previous[0]
                           <= SAME_PARAGRAPH * previous[1] and line["x0"] >= previous[2] - 1)
                if wrapped and found:
                    found[-1] = f"{found[-1]} {text}"
                else:
                    found.append(text)
                previous = (line["top"], size, line["x0"])
    return found


def problems(paragraphs: list[str]) -> list[str]:
    """Every finding of the checker, and every sentence over 15 words, with its text.
    OpenMoji's attribution is left out: its licence asks for it word for word wherever
    its pictures are (the words around it are checked)."""
    found = []
    for paragraph in (p.replace(easyread.ATTRIBUTION, "").strip() for p in paragraphs):
        found += [f"{f.rule.value}: {f.excerpt!r} in {paragraph!r}"
                  for f in easyread.check(paragraph)]
        found += [f"{n} words in {paragraph!r}" for n in easyread.sentence_lengths(paragraph)
                  if n > MOST_WORDS]
    return found


def text_problems(text: str, swapped: dict[str, str]) -> list[str]:
    """`problems` for each line of a page's or an e-mail's text, once the data and staff's
    words in it are swapped for plain words (whole words only: "No" is not in "Nothing").
    OpenMoji's attribution is left out first, as `problems` does."""
    text = text.replace(easyread.ATTRIBUTION, "")
    for value, words in swapped.items():
        text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", words, text)
    return problems([line for line in text.splitlines() if line.strip()])
