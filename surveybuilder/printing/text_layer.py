"""The PDF's text layer says the words as written, in every script (decision 18).

A PDF says what text each drawn glyph stands for through its font's ToUnicode map:
copying, searching, screen readers and pdfplumber all read it. WeasyPrint writes one
text per glyph, the text of the first place it drew that glyph. In Latin script that
is right; in Gurmukhi, Bengali and Nastaliq one glyph is drawn for different text in
different places (Bengali া on its own and as the second half of ো; the Gurmukhi
letter ਵ on its own and carrying ਿ; one Nastaliq shape shared by ج and خ), so every
later place reads as the first: the printed Bengali form would tell a screen reader
other words than it shows.

The fix keeps WeasyPrint's drawing and changes only the codes the text is written
with. While WeasyPrint draws (`recording`), each glyph's text at each place is noted
in drawing order; `retext` then walks the content streams in the same order and gives
each (glyph, text) pair its own character code (CID), every code pointing at the same
glyph through the font's CIDToGIDMap, with widths and a ToUnicode map to match. A
form whose glyphs each stand for one text (any Latin-only form) is left byte for byte
as WeasyPrint wrote it; so is one whose streams do not match what was noted (text
drawn where this walk does not look): its text layer is then WeasyPrint's own.
"""

from __future__ import annotations

import contextlib
import io
import logging
import unicodedata
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

LOGGER = logging.getLogger(__name__)
Noted = dict[str, list[tuple[int, str]]]  # font resource name → (glyph, text) in order
_NOTING: ContextVar[list[Any] | None] = ContextVar("noting_glyph_text", default=None)
_MAX_CODE = 0xFFFF


class _EveryGlyph(dict):
    """A font's glyph → text map that asks for the text of every glyph drawn (not only
    the first time), noting each, and keeps the last as an ordinary map would."""

    def __init__(self, noted: list[tuple[int, str]]) -> None:
        super().__init__()
        self.noted = noted

    def __contains__(self, glyph: object) -> bool:
        return False

    def __setitem__(self, glyph: int, text: str) -> None:
        self.noted.append((glyph, text))
        super().__setitem__(glyph, text)


def _install() -> None:
    """Wrap WeasyPrint's font set-up once, so fonts made while `recording` note text."""
    from weasyprint.pdf import fonts

    if getattr(fonts.Font.__init__, "_notes_glyph_text", False):
        return
    original = fonts.Font.__init__

    def noting_init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        fonts_noted = _NOTING.get()
        if fonts_noted is not None:
            self.to_unicode = _EveryGlyph([])
            fonts_noted.append(self)

    noting_init._notes_glyph_text = True  # type: ignore[attr-defined]
    fonts.Font.__init__ = noting_init


@contextlib.contextmanager
def recording() -> Iterator[Noted]:
    """Note the text of every glyph drawn inside the block (in this thread or task
    only), by font resource name; read the result after the block."""
    _install()
    fonts_made: list[Any] = []
    noted: Noted = {}
    token = _NOTING.set(fonts_made)
    try:
        yield noted
    finally:
        _NOTING.reset(token)
        for font in fonts_made:
            noted[font.hash] = font.to_unicode.noted


def retext(pdf: bytes, noted: Noted) -> bytes:
    """The PDF with a code per (glyph, text) pair where a glyph stands for several
    texts; unchanged when none does or when the streams do not match what was noted."""
    noted = {name: spread(pairs) for name, pairs in noted.items()}
    if not any(len({text for g, text in pairs if g == glyph}) > 1
               for pairs in noted.values() for glyph in {g for g, _ in pairs}):
        return pdf
    import pikepdf

    document = pikepdf.open(io.BytesIO(pdf))
    codes = _Codes(noted)
    try:
        for page in document.pages:
            _rewrite(document, page.obj, codes)
        codes.check_all_used()
    except _Mismatch as problem:
        LOGGER.warning("text layer left as drawn: %s", problem)
        return pdf
    for font in _fonts(document):
        codes.rebuild_font(document, font)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def spread(pairs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A cluster drawn as several glyphs gives its whole text to one glyph and none to
    the others (a vowel sign drawn before its letter, ো drawn in two halves); text
    readers take a glyph with no text for a word break ("ভি ক্টো রিয়া"). Each glyph of
    such a cluster gets a share of its text instead, in drawing order, so the glyphs'
    texts still join up to the cluster's; a cluster with fewer characters than glyphs
    is spread in its canonical decomposition (ো is ে and া), equal to it once
    normalised (NFC). Right-to-left clusters give their text to their first glyph, the
    others to their last."""
    spread_out = list(pairs)
    index = 0
    while index < len(spread_out):
        group = _cluster(spread_out, index)
        if len(group) > 1:
            glyphs = [spread_out[i][0] for i in group]
            text = "".join(spread_out[i][1] for i in group)
            shares = _shares(text, len(glyphs))
            if shares:
                for i, glyph, share in zip(group, glyphs, shares, strict=True):
                    spread_out[i] = (glyph, share)
        index = group[-1] + 1
    return spread_out


def _cluster(pairs: list[tuple[int, str]], start: int) -> list[int]:
    """The places from `start` that make one cluster: glyphs with no text up to the one
    with the text (left to right), or the one with the text and the empty ones after
    it (right to left)."""
    end = start
    while end < len(pairs) and pairs[end][1] == "":
        end += 1
    if end == len(pairs):
        return list(range(start, end))
    if end > start or not _right_to_left(pairs[end][1]):
        return list(range(start, end + 1))
    last = end + 1
    while last < len(pairs) and pairs[last][1] == "":
        last += 1
    return list(range(start, last))


def _right_to_left(text: str) -> bool:
    return unicodedata.bidirectional(text[0]) in ("R", "AL")


def _shares(text: str, glyphs: int) -> list[str] | None:
    """`text` cut into `glyphs` non-empty pieces in order, or None when too short."""
    for form in (text, unicodedata.normalize("NFD", text)):
        if len(form) >= glyphs:
            return [*form[:glyphs - 1], form[glyphs - 1:]]
    return None


class _Mismatch(Exception):
    """The content streams do not show the glyphs in the order they were noted."""


class _Codes:
    """The code each (glyph, text) pair is written with, per font: a glyph's first text
    keeps the glyph's own number; each further text of it gets a new number."""

    def __init__(self, noted: Noted) -> None:
        self.queues = {name: list(reversed(pairs)) for name, pairs in noted.items()}
        self.codes: dict[str, dict[tuple[int, str], int]] = {name: {} for name in noted}
        self.glyph_of: dict[str, dict[int, int]] = {name: {} for name in noted}
        self.text_of: dict[str, dict[int, str]] = {name: {} for name in noted}
        self.next_free = {name: max((g for g, _ in pairs), default=0) + 1
                          for name, pairs in noted.items()}

    def code(self, font: str, glyph: int) -> int:
        queue = self.queues.get(font)
        if not queue:
            raise _Mismatch(f"more glyphs of {font} shown than drawn")
        drawn, text = queue.pop()
        if drawn != glyph:
            raise _Mismatch(f"{font} shows glyph {glyph} where {drawn} was drawn")
        found = self.codes[font].get((glyph, text))
        if found is None:
            found = glyph if glyph not in self.glyph_of[font] else self.next_free[font]
            if found > _MAX_CODE:
                raise _Mismatch(f"{font} needs more than {_MAX_CODE} codes")
            if found == self.next_free[font]:
                self.next_free[font] += 1
            self.codes[font][(glyph, text)] = found
            self.glyph_of[font][found] = glyph
            self.text_of[font][found] = text
        return found

    def check_all_used(self) -> None:
        left = {name: len(queue) for name, queue in self.queues.items() if queue}
        if left:
            raise _Mismatch(f"glyphs drawn but not found in the streams: {left}")

    def rebuild_font(self, document: Any, font: Any) -> None:
        """The font's widths, CIDToGIDMap and ToUnicode map for its new codes."""
        import pikepdf

        name = str(font.BaseFont).lstrip("/").split("+")[0]
        glyph_of = self.glyph_of.get(name)
        if not glyph_of or all(code == glyph for code, glyph in glyph_of.items()):
            return
        descendant = font.DescendantFonts[0]
        widths = _widths(descendant.get("/W", pikepdf.Array()))
        mapping = bytearray(2 * (max(glyph_of) + 1))
        for code, glyph in glyph_of.items():
            mapping[2 * code:2 * code + 2] = glyph.to_bytes(2, "big")
        descendant.CIDToGIDMap = pikepdf.Stream(document, bytes(mapping))
        descendant.W = _width_array({code: widths.get(glyph, 0)
                                     for code, glyph in glyph_of.items()})
        font.ToUnicode = pikepdf.Stream(document, _to_unicode(self.text_of[name]))


def _rewrite(document: Any, holder: Any, codes: _Codes) -> None:
    """Rewrite the text of one page or form XObject, and of the forms it draws, in the
    order it draws them."""
    import pikepdf

    resources = holder.get("/Resources", pikepdf.Dictionary())
    objects = resources.get("/XObject", pikepdf.Dictionary())
    rewritten = []
    current = None
    for operands, operator in pikepdf.parse_content_stream(holder):
        name = str(operator)
        if name == "Tf":
            current = str(operands[0]).lstrip("/")
            current = current if current in codes.queues else None
        elif name in ("TJ", "Tj", "'", '"') and current is not None:
            operands = _recode(operands, current, codes)
        elif name == "Do":
            drawn = objects.get(operands[0])
            if drawn is not None and drawn.get("/Subtype") == "/Form":
                _rewrite(document, drawn, codes)
        rewritten.append(pikepdf.ContentStreamInstruction(operands, operator))
    data = pikepdf.unparse_content_stream(rewritten)
    if isinstance(holder, pikepdf.Stream):
        holder.write(data)
    else:
        holder.Contents = pikepdf.Stream(document, data)


def _recode(operands: list[Any], font: str, codes: _Codes) -> list[Any]:
    import pikepdf

    def recoded(shown: Any) -> Any:
        if not isinstance(shown, pikepdf.String):
            return shown
        raw = bytes(shown)
        glyphs = [int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw), 2)]
        return pikepdf.String(b"".join(codes.code(font, glyph).to_bytes(2, "big")
                                       for glyph in glyphs))

    return [pikepdf.Array([recoded(item) for item in operand])
            if isinstance(operand, pikepdf.Array) else recoded(operand)
            for operand in operands]


def _fonts(document: Any) -> list[Any]:
    """Each TrueType composite font once (only those can map codes to glyphs)."""
    seen, found = set(), []
    for page in document.pages:
        for font in page.Resources.get("/Font", {}).values():
            if font.get("/Subtype") != "/Type0" or font.objgen in seen:
                continue
            seen.add(font.objgen)
            if font.DescendantFonts[0].get("/Subtype") == "/CIDFontType2":
                found.append(font)
    return found


def _widths(array: Any) -> dict[int, float]:
    """A /W array (`first [w w …]` or `first last w`) as code → width."""
    items = list(array)
    found: dict[int, float] = {}
    index = 0
    while index < len(items):
        first = int(items[index])
        following = items[index + 1]
        if hasattr(following, "__iter__") and not isinstance(following, int | float):
            for offset, width in enumerate(following):
                found[first + offset] = float(width)
            index += 2
        else:
            for code in range(first, int(following) + 1):
                found[code] = float(items[index + 2])
            index += 3
    return found


def _width_array(widths: dict[int, float]) -> Any:
    import pikepdf

    array = pikepdf.Array()
    run = None
    for code in sorted(widths):
        if code - 1 not in widths:
            run = pikepdf.Array()
            array.extend([code, run])
        run.append(widths[code])
    return array


def _to_unicode(texts: dict[int, str]) -> bytes:
    """A ToUnicode CMap: each code and the text it stands for."""
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap",
             b"/CIDSystemInfo", b"<< /Registry (Adobe)", b"/Ordering (UCS)",
             b"/Supplement 0", b">> def", b"/CMapName /Adobe-Identity-UCS def",
             b"/CMapType 2 def", b"1 begincodespacerange", b"<0000> <ffff>",
             b"endcodespacerange"]
    items = sorted(texts.items())
    for start in range(0, len(items), 100):
        batch = items[start:start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines += [f"<{code:04x}> <{text.encode('utf-16-be').hex()}>".encode()
                  for code, text in batch]
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return b"\n".join(lines)
