"""Keys made from words, so nobody has to invent one.

A question's or option's key names its answers in exports and routing rules. People
think in the wording, not the key, so the editor makes the key from the wording
("How often do you visit?" → how_often_do_you_visit) and only asks for one in an
"advanced" part of the form. The result always matches the definition format's key
rule (lower-case letters, numbers and underscores, starting with a letter), is never
blank, and is unique among the keys already `taken`.
"""

from __future__ import annotations

import re
import unicodedata

KEY_MAX = 64  # the longest key the definition format accepts
QUESTION_KEY_WORDS = 40  # question keys are cut (at a word) to stay readable in exports


def key_from_text(text: str, taken: set[str] | frozenset[str], prefix: str = "option",
                  most: int = KEY_MAX) -> str:
    """A key made from `text` ("Every week" → every_week), cut at a word to `most`
    characters, numbered (_2, _3…) when already `taken`; `prefix` starts a key whose
    words do not begin with a letter ("1–2 times" → option_1_2_times)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text.lower())
                    if not unicodedata.combining(c))
    base = re.sub(r"[^a-z0-9]+", "_", re.sub(r"['’]", "", plain)).strip("_")
    if not base[:1].isalpha():
        base = f"{prefix}_{base}".rstrip("_")
    if len(base) > most:
        cut = base[:most + 1]
        base = cut.rsplit("_", 1)[0] if "_" in cut else base[:most]
    key, number = base, 2
    while key in taken:
        suffix = f"_{number}"
        key, number = base[:KEY_MAX - len(suffix)] + suffix, number + 1
    return key


def question_key(text: str, taken: set[str] | frozenset[str]) -> str:
    """A question's key from its wording, short enough to read as a column name."""
    return key_from_text(text, taken, prefix="question", most=QUESTION_KEY_WORDS)
