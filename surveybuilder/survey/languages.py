"""The languages a consultation can be offered in besides English (issue 15).

A fixed list, so every part of the tool (the editor's check boxes, the definition's
schema, the check before publishing, later the resident's language choice and the
printed forms) agrees on the codes and on how each language is named and written. A
new language is a new row here (and a catalogue of the application's own words,
decision 12). Codes are BCP 47 tags, as HTML's `lang` and XLIFF's `trgLang` take them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ENGLISH = "en"

LanguageCode = Literal["cy", "pl", "pa", "ur", "bn", "ro", "ar", "ku"]


@dataclass(frozen=True)
class Language:
    """A language offered for a consultation: named in English for staff, and in
    itself for residents, who look for their own language's name."""

    code: str
    english: str
    own: str
    direction: Literal["ltr", "rtl"] = "ltr"

    @property
    def both_names(self) -> str:
        """"Polski (Polish)": how staff lists name a language."""
        return f"{self.own} ({self.english})"


LANGUAGES: tuple[Language, ...] = (
    Language("cy", "Welsh", "Cymraeg"),
    Language("pl", "Polish", "Polski"),
    Language("pa", "Punjabi (Gurmukhi)", "ਪੰਜਾਬੀ"),
    Language("ur", "Urdu", "اردو", "rtl"),
    Language("bn", "Bengali", "বাংলা"),
    Language("ro", "Romanian", "Română"),
    Language("ar", "Arabic", "العربية", "rtl"),
    Language("ku", "Kurdish (Kurmanji)", "Kurdî"),
)
BY_CODE = {language.code: language for language in LANGUAGES}
ENGLISH_LANGUAGE = Language(ENGLISH, "English", "English")


def language(code: str) -> Language:
    """The language with this code (English too); KeyError for a code not offered."""
    return ENGLISH_LANGUAGE if code == ENGLISH else BY_CODE[code]
