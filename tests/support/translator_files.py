"""Translating a translator's file in a test, as a translator would: a `<target>` in each
XLIFF unit (what a translation tool writes), or the Translation column of the workbook
(what a person with a spreadsheet fills in)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any
from xml.etree import ElementTree

from openpyxl import load_workbook

from surveybuilder.survey.translator_files import XLIFF_NS

NS = {"x": XLIFF_NS}


def fill_xliff(content: bytes, words: dict[str, str]) -> bytes:
    """Each unit's segment given the target `words` has for its id."""
    ElementTree.register_namespace("", XLIFF_NS)
    root = ElementTree.fromstring(content)
    for unit in root.iterfind(".//x:unit", NS):
        segment = unit.find("x:segment", NS)
        target = segment.find("x:target", NS)
        if target is None:
            target = ElementTree.SubElement(segment, f"{{{XLIFF_NS}}}target")
        target.text = words[unit.get("id")]
        segment.set("state", "translated")
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def fill_xlsx(content: bytes, words: dict[str, str],
              extra_rows: Iterable[tuple[Any, ...]] = ()) -> bytes:
    """Each row's Translation cell set to what `words` has for its id (emptied when it
    has none), and `extra_rows` added at the end."""
    book = load_workbook(io.BytesIO(content))
    sheet = book["Translations"]
    for row in sheet.iter_rows(min_row=2):
        row[3].value = words.get(row[0].value)
    for values in extra_rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
