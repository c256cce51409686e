"""Stage 1: the files given, as greyscale page images.

A scanned file is personal data from outside, so it is checked before any decoder sees
it: its first bytes must say PDF, TIFF, PNG or JPEG (never the file name), the file
must be within SCAN_MAX_FILE_MB and all files together within SCAN_MAX_PAGES pages.
PDFs are drawn with pypdfium2 at SCAN_PDF_DPI; images are decoded by OpenCV
(multi-page TIFF too) straight to greyscale, which is all the later stages read.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

MB = 1024 * 1024
# The largest page drawn from a PDF, in points (A3 and a little more): a bigger one is
# not a form of ours and would only cost memory.
LARGEST_PDF_PAGE_PT = 1300
SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
)


class UnreadableFile(ValueError):
    """A file that cannot be read as scanned pages; the message says why, plainly."""


@dataclass(frozen=True)
class Limits:
    max_file_mb: float
    max_pages: int
    pdf_dpi: int

    @classmethod
    def from_settings(cls, config: dict) -> Limits:
        return cls(float(config["SCAN_MAX_FILE_MB"]), int(config["SCAN_MAX_PAGES"]),
                   int(config["SCAN_PDF_DPI"]))


@dataclass(frozen=True)
class PageImage:
    """One page: which file it came from and where in it (from 1), in greyscale."""

    source: str
    number: int
    image: np.ndarray

    @property
    def label(self) -> str:
        return f"{self.source} page {self.number}"


def kind_of(data: bytes) -> str | None:
    """pdf, tiff, png or jpeg, from the file's first bytes; None for anything else."""
    return next((kind for signature, kind in SIGNATURES if data.startswith(signature)), None)


def page_images(source: str, data: bytes, limits: Limits, pages_before: int = 0
                ) -> Iterator[PageImage]:
    """Every page of one file, in order. `pages_before` counts pages of earlier files
    of the same batch, for the page limit."""
    if len(data) > limits.max_file_mb * MB:
        raise UnreadableFile(f"{source} is larger than {limits.max_file_mb:g} MB "
                             "(SCAN_MAX_FILE_MB). Scan fewer pages into each file.")
    kind = kind_of(data)
    if kind is None:
        raise UnreadableFile(f"{source} is not a PDF, TIFF, PNG or JPEG file.")
    decoded = _pdf_pages(source, data, limits.pdf_dpi) if kind == "pdf" else _images(
        source, data, kind)
    for number, image in enumerate(decoded, start=1):
        if pages_before + number > limits.max_pages:
            raise UnreadableFile(f"There are more than {limits.max_pages} pages "
                                 "(SCAN_MAX_PAGES). Read them in smaller batches.")
        yield PageImage(source, number, image)


def page_count(data: bytes) -> int:
    """How many pages a file holds, without drawing them (for "page 12 of 40"); 0 when
    it is not a file the reader takes, which `page_images` then explains."""
    kind = kind_of(data)
    try:
        if kind == "pdf":
            import pypdfium2

            document = pypdfium2.PdfDocument(data)
            try:
                return len(document)
            finally:
                document.close()
        if kind == "tiff":
            return _tiff_pages(data)
    except Exception:  # a damaged file: page_images says so in words
        return 0
    return 1 if kind else 0


def _tiff_pages(data: bytes) -> int:
    """The TIFF's chain of image directories walked (each is one page), stopping at a
    chain that runs off the file or loops."""
    order = "<" if data[:2] == b"II" else ">"
    offset, count, seen = struct.unpack_from(order + "I", data, 4)[0], 0, set()
    while offset and offset not in seen and offset + 2 <= len(data):
        seen.add(offset)
        count += 1
        following = offset + 2 + 12 * struct.unpack_from(order + "H", data, offset)[0]
        if following + 4 > len(data):
            break
        offset = struct.unpack_from(order + "I", data, following)[0]
    return count


def as_jpeg(image: np.ndarray, quality: int = 85) -> bytes:
    """A page as a JPEG, small enough to keep and show a person who checks it."""
    import cv2

    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return data.tobytes() if ok else b""


def is_one_bit(image: np.ndarray) -> bool:
    """Whether a page was scanned in black and white only (whatever file holds it)."""
    sample = image[::4, ::4]
    return np.count_nonzero((sample > 0) & (sample < 255)) < 0.001 * sample.size


def _images(source: str, data: bytes, kind: str) -> list[np.ndarray]:
    import cv2

    buffer = np.frombuffer(data, np.uint8)
    if kind == "tiff":
        ok, images = cv2.imdecodemulti(buffer, cv2.IMREAD_GRAYSCALE)
        images = list(images) if ok else []
    else:
        image = cv2.imdecode(buffer, cv2.IMREAD_GRAYSCALE)
        images = [] if image is None else [image]
    if not images:
        raise UnreadableFile(f"{source} looks like a {kind.upper()} file but cannot be "
                             "read: it may be damaged.")
    return images


def _pdf_pages(source: str, data: bytes, dpi: int) -> Iterator[np.ndarray]:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise UnreadableFile(f"{source} looks like a PDF but cannot be read: it may be "
                             "damaged or have a password.") from exc
    try:
        for page in document:
            width, height = page.get_size()
            if max(width, height) > LARGEST_PDF_PAGE_PT:
                raise UnreadableFile(f"{source} has a page larger than A3, which is not "
                                     "one of our forms.")
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            yield np.array(bitmap.to_numpy()[:, :, 0] if bitmap.to_numpy().ndim == 3
                           else bitmap.to_numpy())
    finally:
        document.close()
