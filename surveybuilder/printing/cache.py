"""Stage 5: rendered forms kept on disk, drawn once per version, format, size and copies.

Published versions never change (docs/decisions/0002), so a form drawn for one is good
for ever; a new version has a new number and so a new file. The key is explicit and
is the file's path under the EXPORTS_DIR setting:

    <EXPORTS_DIR>/print/<consultation id>/v<version>/<PIPELINE>/<format>-<size>pt-c<copies>.pdf

with the layout file beside it (`.layout.json`). PIPELINE changes when the drawing
changes, so forms drawn by older code are not served. Files are written under a
temporary name and renamed, so a reader never sees half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from surveybuilder.consultations.lifecycle import live_version
from surveybuilder.models import Consultation, Organisation
from surveybuilder.printing.formats import PrintFormat
from surveybuilder.printing.marks import Progress
from surveybuilder.printing.render import render_form
from surveybuilder.survey.loading import load_definition

PIPELINE = "p2"  # p2: the copy number box


@dataclass(frozen=True)
class CacheKey:
    consultation_id: int
    version: int
    print_format: str
    size_pt: int
    copies: int

    def pdf_path(self, exports_dir: str | Path) -> Path:
        return (Path(exports_dir) / "print" / str(self.consultation_id) / f"v{self.version}"
                / PIPELINE / f"{self.print_format}-{self.size_pt}pt-c{self.copies}.pdf")

    def layout_path(self, exports_dir: str | Path) -> Path:
        return self.pdf_path(exports_dir).with_suffix(".layout.json")


@dataclass(frozen=True)
class CachedForm:
    pdf_path: Path
    layout_path: Path
    download_name: str
    version: int
    drawn_now: bool


def printed_form(session: Session, exports_dir: str | Path, consultation: Consultation,
                 print_format: PrintFormat, copies: int = 0,
                 progress: Progress | None = None) -> CachedForm | None:
    """The live version's form in this format, from the cache or drawn now; None when
    nothing is published."""
    version = live_version(session, consultation)
    if version is None:
        return None
    key = CacheKey(consultation.id, version.number, print_format.slug, print_format.font_pt,
                   copies)
    # A relative folder is taken from the working directory, once, so the web server's
    # file sending (which would take it from the package folder) gets the same file.
    root = Path(exports_dir).resolve()
    pdf_path, layout_path = key.pdf_path(root), key.layout_path(root)
    name = _download_name(consultation.slug, key)
    if pdf_path.is_file() and layout_path.is_file():
        return CachedForm(pdf_path, layout_path, name, version.number, drawn_now=False)
    organisation = session.get(Organisation, consultation.organisation_id)
    form = render_form(load_definition(version.definition), version.number, print_format,
                       organisation.name if organisation else "", copies, progress)
    _write(layout_path, (json.dumps(form.layout, indent=2) + "\n").encode())
    _write(pdf_path, form.pdf)
    return CachedForm(pdf_path, layout_path, name, version.number, drawn_now=True)


def _download_name(slug: str, key: CacheKey) -> str:
    copies = f"-{key.copies}-copies" if key.copies else ""
    return f"{slug}-v{key.version}-{key.print_format}-{key.size_pt}pt{copies}.pdf"


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".drawing-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
