"""How to reach a team: an e-mail address, a phone number and any other way (a desk, a
postal address, a text phone), each kept apart so each is shown as what it is.

One "contact" box used to hold all of them, and "x@y.gov.uk or 01234 567890" became one
broken `mailto:` link. `split_contact` reads such a box into its parts: the migration
that made the fields uses it on stored consultations, and definitions published
before the split (which only have `contact`) are read through it, so old versions are
shown correctly too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from surveybuilder.wording import gettext

_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# A UK or international number: at least 9 digits, spaces, dashes or brackets between.
_PHONE = re.compile(r"(?<![\w@])(?:\+|\(?0)[\d\s()-]{8,}\d")
# What joined the parts, left at the ends once they are taken out: "or", "and", commas,
# and labels such as "Tel:" that named a part now kept in its own field.
_EDGES = re.compile(r"^(?:[\s,;/|:.-]|\b(?:or|and)\b)+|(?:[\s,;/|:-]|\b(?:or|and)\b)+$",
                    re.IGNORECASE)
_LABEL = re.compile(r"(?:tel|telephone|phone|call|email|e-mail|mail)\.?", re.IGNORECASE)


@dataclass(frozen=True)
class ContactDetails:
    """Each may be empty; `any` says whether there is a way to reach them at all."""

    email: str = ""
    phone: str = ""
    other: str = ""

    @property
    def any(self) -> bool:
        return bool(self.email or self.phone or self.other)

    @property
    def phone_link(self) -> str:
        """The number for a `tel:` link: digits and a leading +, nothing else."""
        return "tel:" + re.sub(r"[^\d+]", "", self.phone)

    def parts(self) -> list[tuple[str, str]]:
        """(kind, text) for each given, in the order they are offered: e-mail, phone,
        other. Kinds are named by the link each becomes: "mailto", "tel", "other"."""
        given = (("mailto", self.email), ("tel", self.phone), ("other", self.other))
        return [(kind, text) for kind, text in given if text]


def split_contact(text: str) -> ContactDetails:
    """The first e-mail address and phone number in `text`, and whatever else it says
    (less the words that only joined them) as the other contact. Text with neither is
    all "other", so nothing typed is lost."""
    text = (text or "").strip()
    email = _EMAIL.search(text)
    rest = _without(text, email.group(0)) if email else text
    phone = _PHONE.search(rest)
    rest = _without(rest, phone.group(0)) if phone else rest
    if not email and not phone:
        return ContactDetails(other=text)
    rest = _EDGES.sub("", " ".join(rest.split()))
    other = "" if _LABEL.fullmatch(rest) else rest
    return ContactDetails(email.group(0) if email else "",
                          " ".join(phone.group(0).split()) if phone else "", other)


def _without(text: str, part: str) -> str:
    """`text` less `part` and the label just before it ("Tel: ", "email ")."""
    labelled = re.compile(rf"(?:\b{_LABEL.pattern}\s*:?\s*)?{re.escape(part)}", re.IGNORECASE)
    return labelled.sub(" ", text, count=1)


def contact_of(email: str, phone: str, other: str) -> ContactDetails:
    """The details as kept in three fields; a value from before the split (only
    `other`, holding an address or number) is split as the migration would."""
    if not email and not phone and other:
        return split_contact(other)
    return ContactDetails(email.strip(), phone.strip(), other.strip())


def contact_html(details: ContactDetails, wrap: Callable[[object], object] = escape,
                 link_class: str = "govuk-link", links: bool = True) -> Markup:
    """The details as they go into a sentence ("contact %(contact)s"): the e-mail as
    a mailto: link, the phone as a tel: link, the rest as words, joined "a, b or c" in
    the page's language. `wrap` marks each part (printed forms in another language
    isolate staff's English words with it). `links=False` gives words only, for text
    that is split into sentences afterwards (easy-read printed forms)."""
    attributes = Markup(' class="%s"') % link_class if link_class else Markup("")
    shown = []
    for kind, text in details.parts():
        words = wrap(text)
        if not links:
            shown.append(escape(words))
        elif kind == "mailto":
            shown.append(Markup('<a%s href="mailto:%s">%s</a>') % (attributes, text, words))
        elif kind == "tel":
            shown.append(Markup('<a%s href="%s">%s</a>') % (attributes, details.phone_link,
                                                             words))
        else:
            shown.append(escape(words))
    if len(shown) < 2:
        return Markup("").join(shown)
    return Markup(gettext("%(some)s or %(last)s", some=Markup(", ").join(shown[:-1]),
                          last=shown[-1]))


def email_problem(text: str) -> str | None:
    """What is wrong with an e-mail address typed by staff, in plain words; None if
    it is empty or looks like one address."""
    if text and not _EMAIL.fullmatch(text.strip()):
        return "Enter one e-mail address, like planning@example.gov.uk"
    return None


def phone_problem(text: str) -> str | None:
    """What is wrong with a phone number typed by staff; None if empty or usable."""
    if text and not _PHONE.fullmatch(text.strip()):
        return ("Enter one phone number, like 0121 569 2000 or +44 121 569 2000; put "
                "opening hours and other words in the other contact details")
    return None


def other_problem(text: str) -> str | None:
    """Other contact details must not hide an e-mail address or phone number, which
    would then not be a link: each has its own box."""
    found = split_contact(text) if text else ContactDetails()
    if found.email:
        return "Put the e-mail address in the e-mail box, and only other ways here"
    if found.phone:
        return "Put the phone number in the phone box, and only other ways here"
    return None
