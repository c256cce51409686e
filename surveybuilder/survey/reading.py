"""Reading an imported file's bytes as text, and its text as JSON, refusing anything
malformed with one plain line per problem instead of a traceback.

Both imports (a survey definition, responses gathered elsewhere) read files made by other
programs: spreadsheets that save UTF-16 or Windows-1252, editors that add a byte-order
mark, hand-edited JSON with a repeated key or NaN. Python's own readers either fail with
an exception meant for programmers (RecursionError, the integer-digits limit) or quietly
accept what they should not (the last of two repeated keys wins; NaN and 1e400 become
floats). Here each is caught and named, so a person can fix the file.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

MAX_DEPTH = 32  # a survey definition needs 6 levels; responses need 3
MAX_DIGITS = 18  # every integer fits a 64-bit database column
MAX_NUMBER_CHARACTERS = 40
BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
        (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))
SAVE_AS_UTF8 = "save it as UTF-8 (in Excel, “CSV UTF-8”) and try again"


class FileProblem(ValueError):
    """The file cannot be read at all; `problems` holds one plain line for each reason."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def read_file(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing one larger than `max_bytes` before reading it."""
    refuse_too_large(path.stat().st_size, max_bytes)
    return path.read_bytes()


def refuse_too_large(size: int, max_bytes: int | None) -> None:
    """Refuse a file of `size` bytes larger than `max_bytes` (the IMPORT_FILE_MAX_MB
    setting), saying both sizes; every import (a file, an upload, a workbook) asks."""
    if max_bytes is not None and size > max_bytes:
        raise FileProblem([f"the file is {_megabytes(size)}; the largest accepted is "
                           f"{_megabytes(max_bytes)} (the IMPORT_FILE_MAX_MB setting)"])


def decode(data: bytes, max_bytes: int | None = None) -> str:
    """UTF-8 text with any byte-order mark removed and every line ending made `\\n`; any
    other encoding is refused, naming the one it looks like."""
    refuse_too_large(len(data), max_bytes)
    if not data.strip():
        raise FileProblem(["the file is empty"])
    _refuse_other_unicode(data)
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileProblem([_not_utf8(data, exc.start)]) from None
    if _mostly_control(text):
        raise FileProblem(["this is not a text file: most of it is control characters"])
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _refuse_other_unicode(data: bytes) -> None:
    """UTF-16 and UTF-32 are what Excel's "Unicode text" and Windows Notepad save."""
    for bom, name in BOMS:
        if data.startswith(bom):
            raise FileProblem([f"the file is {name} text (it starts with a {name} "
                               f"byte-order mark), not UTF-8: {SAVE_AS_UTF8}"])
    if b"\x00" not in data:
        return
    sample = data[:4000]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) > len(sample) // 4 and min(even, odd) < len(sample) // 40:
        order = "big-endian" if even > odd else "little-endian"
        raise FileProblem([f"the file looks like UTF-16 text ({order}, without a "
                           f"byte-order mark), not UTF-8: {SAVE_AS_UTF8}"])
    line = data[:data.index(b"\x00")].count(b"\n") + 1
    raise FileProblem([f"this is not a text file: it has a NUL byte on line {line}"])


def _not_utf8(data: bytes, start: int) -> str:
    line = data[:start].count(b"\n") + 1
    where = f"the byte 0x{data[start]:02X} on line {line}"
    try:
        guess = data.decode("cp1252")
    except UnicodeDecodeError:
        return f"this is not a UTF-8 text file ({where} is not UTF-8)"
    if _mostly_control(guess):
        return "this is not a text file: most of it is control characters"
    return (f"the file is not UTF-8: {where} looks like Windows-1252 (Latin-1) text, "
            f"where it would be “{guess[len(data[:start].decode('cp1252'))]}”; "
            f"{SAVE_AS_UTF8}")


def _mostly_control(text: str) -> bool:
    sample = text[:4000]
    control = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r")
                  or 0x7f <= ord(c) < 0xa0)
    return control * 10 > len(sample)


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB" if size >= 100_000 else f"{size:,} bytes"


# JSON ---------------------------------------------------------------------------------------

class _Refused(ValueError):
    pass


def parse_json(text: str) -> Any:
    """The JSON value, or FileProblem naming every repeated key, too-deep nesting, NaN or
    Infinity, and numbers too long to be anything but a mistake."""
    repeated: dict[int, list[str]] = {}
    try:
        data = json.loads(text, object_pairs_hook=lambda pairs: _object(pairs, repeated),
                          parse_constant=_constant, parse_int=_integer, parse_float=_float)
    except json.JSONDecodeError as exc:
        raise FileProblem([f"line {exc.lineno}, column {exc.colno}: this is not valid "
                           f"JSON ({exc.msg})"]) from None
    except RecursionError:
        raise FileProblem([f"the file is nested too deeply to read (at most {MAX_DEPTH} "
                           "levels of lists and objects)"]) from None
    except _Refused as exc:
        raise FileProblem([str(exc)]) from None
    problems = _shape_problems(data, repeated)
    if problems:
        raise FileProblem(problems)
    return data


def _object(pairs: list[tuple[str, Any]], repeated: dict[int, list[str]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    twice: list[str] = []
    for key, value in pairs:
        if key in result and key not in twice:
            twice.append(key)
        result[key] = value
    if twice:
        repeated[id(result)] = twice
    return result


def _constant(name: str) -> Any:
    raise _Refused(f"the file has {name} where a number should be; JSON numbers must be "
                   "finite, so write an ordinary number or leave the value out")


def _integer(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise _Refused(f"the file has a number {len(digits.lstrip('-')):,} digits long "
                       f"(“{digits[:12]}…”); numbers may have at most {MAX_DIGITS} digits")
    return int(digits)


def _float(text: str) -> float:
    value = float(text) if len(text) <= MAX_NUMBER_CHARACTERS else math.inf
    if not math.isfinite(value):
        raise _Refused(f"the file has a number too large to use (“{text[:12]}"
                       f"{'…' if len(text) > 12 else ''}”); numbers must be finite and "
                       f"at most {MAX_NUMBER_CHARACTERS} characters")
    return value


def _shape_problems(data: Any, repeated: dict[int, list[str]]) -> list[str]:
    """Walk without recursion (the data may be deep): repeated keys by place, and the
    first place nested deeper than MAX_DEPTH."""
    problems: list[str] = []
    stack: list[tuple[str, Any, int]] = [("", data, 1)]
    too_deep = False
    while stack:
        path, node, depth = stack.pop()
        if depth > MAX_DEPTH:
            if not too_deep:
                problems.append(f"{path}: nested more than {MAX_DEPTH} levels deep")
            too_deep = True
            continue
        if isinstance(node, str):
            problems += _surrogate_problems(path, node)
            continue
        if isinstance(node, dict):
            for key in node:
                problems += _surrogate_problems(path, key)
            for key in repeated.get(id(node), []):
                problems.append(f"{path or 'top level'}: the key “{key}” appears more "
                                "than once; keep only one")
            children = [(f"{path}.{k}" if path else str(k), v) for k, v in node.items()]
        elif isinstance(node, list):
            children = [(f"{path}[{i}]", v) for i, v in enumerate(node)]
        else:
            continue
        stack.extend((p, v, depth + 1) for p, v in reversed(children))
    return problems


def _surrogate_problems(path: str, text: str) -> list[str]:
    """A `\\ud800` escape on its own is valid JSON but no character: it cannot be
    stored or written out again."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return [f"{path or 'top level'}: the text has a lone surrogate escape "
                f"(\\u{ord(text[exc.start]):04x}), which is not a character"]
    return []
