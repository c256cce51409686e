"""An organisation's own look: the name residents see, its logo, one colour, how to
reach it and its own privacy notice and accessibility statement.

Residents should see who is asking them, not the software: public pages, printed
forms, posters and the published results show the organisation that owns the
consultation (`brand_for`). What an admin sends is checked here before anything is
kept (docs/decisions/0020): a colour must keep text readable (WCAG AA, 4.5:1) where it
is used, a PNG is opened, resized and written afresh, and an SVG is refused if it
could run a script or fetch anything. Logos are kept in the file store (decision 11)
under `brand/<organisation id>/`, so every server can send them.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from sqlmodel import Session, select

from surveybuilder.files import FileStore
from surveybuilder.models import Organisation
from surveybuilder.survey.contact import ContactDetails

SITE_NAME = "Surveybuilder"
WHITE = "#ffffff"
TEXT_COLOUR = "#0b0c0c"  # GOV.UK's text colour
MIN_CONTRAST = 4.5  # WCAG 2.2 AA for text (1.4.3)
PNG = "image/png"
SVG = "image/svg+xml"


class BrandError(ValueError):
    """What an admin sent cannot be used; the message says why and how to fix it."""


@dataclass(frozen=True)
class Brand:
    """What residents see of an organisation. `colour` is "" when it has none (the
    site's own colours are used), `logo_key` None without a logo. `version` changes on
    every change, so addresses made from it can be cached for a long time."""

    name: str
    organisation_id: int | None = None
    slug: str = ""
    colour: str = ""
    logo_key: str | None = None
    logo_alt: str = ""
    contact: ContactDetails = field(default_factory=ContactDetails)
    privacy_url: str = ""
    accessibility_url: str = ""
    version: int = 0

    @property
    def own(self) -> bool:
        """An organisation's brand, as against the site's (no organisation)."""
        return self.organisation_id is not None

    @property
    def logo_type(self) -> str:
        return SVG if (self.logo_key or "").endswith(".svg") else PNG


SITE_BRAND = Brand(SITE_NAME)


def brand_for(organisation: Organisation | None) -> Brand:
    """The brand residents see for a consultation `organisation` owns: its public name
    (else its name), logo, colour, contact and links. No organisation: the site's."""
    if organisation is None:
        return SITE_BRAND
    return Brand(
        name=organisation.public_name or organisation.name,
        organisation_id=organisation.id, slug=organisation.slug,
        colour=organisation.brand_colour,
        logo_key=organisation.logo_key, logo_alt=organisation.logo_alt,
        contact=ContactDetails(organisation.contact_email, organisation.contact_phone,
                               organisation.contact_other),
        privacy_url=organisation.privacy_url,
        accessibility_url=organisation.accessibility_url,
        version=organisation.brand_version)


def brand_of(session: Session, organisation_id: int | None) -> Brand:
    """The brand of the organisation with this id; the site's if there is none."""
    found = session.get(Organisation, organisation_id) if organisation_id else None
    return brand_for(found)


def brand_by_slug(session: Session, slug: str) -> Brand | None:
    """The brand of the organisation whose address name is `slug`, if there is one."""
    found = session.exec(select(Organisation).where(Organisation.slug == slug)).first()
    return brand_for(found) if found else None


@dataclass(frozen=True)
class Look:
    """What an admin sets on "Your organisation's look", already checked."""

    public_name: str
    logo_alt: str
    colour: str
    contact: ContactDetails
    privacy_url: str
    accessibility_url: str


def save_look(session: Session, store: FileStore, organisation: Organisation, look: Look,
              logo: Logo | None, remove_logo: bool) -> None:
    """Keep the look; a new logo replaces the old one in the store (a new key, so
    cached copies of the old one are never shown as the new). The version goes up,
    so every page's logo and stylesheet addresses change at once."""
    old_key = organisation.logo_key
    version = organisation.brand_version + 1
    if logo is not None:
        organisation.logo_key = f"brand/{organisation.id}/logo-{version}.{logo.extension}"
        store.put(organisation.logo_key, logo.data, logo.content_type)
    elif remove_logo:
        organisation.logo_key = None
    if old_key and old_key != organisation.logo_key:
        store.delete(old_key)
    organisation.public_name = look.public_name
    organisation.logo_alt = look.logo_alt if organisation.logo_key else ""
    organisation.brand_colour = look.colour
    organisation.contact_email = look.contact.email
    organisation.contact_phone = look.contact.phone
    organisation.contact_other = look.contact.other
    organisation.privacy_url = look.privacy_url
    organisation.accessibility_url = look.accessibility_url
    organisation.brand_version = version
    session.add(organisation)


def logo_data_uri(brand: Brand, store: FileStore) -> str | None:
    """The logo as a `data:` address, for files that must stand alone and fetch
    nothing (printed forms, posters, the published results folder); None without one."""
    data = store.get(brand.logo_key) if brand.logo_key else None
    if data is None:
        return None
    return f"data:{brand.logo_type};base64,{base64.b64encode(data).decode('ascii')}"


# Colour ------------------------------------------------------------------------------

_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def normalised_colour(text: str) -> str:
    """`#1d70b8` from `1D70B8`, `#1d70b8` or `#17b` (as CSS reads the short form)."""
    found = _HEX.fullmatch(text.strip())
    if not found:
        raise BrandError("Enter the brand colour as a hex code of 6 characters, like #1d70b8")
    digits = found.group(1).lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return f"#{digits}"


def _luminance(colour: str) -> float:
    """WCAG 2's relative luminance of a `#rrggbb` colour."""
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2's contrast ratio of two `#rrggbb` colours, from 1 to 21."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def shown_ratio(ratio: float) -> str:
    """The ratio as people quote it, rounded down so a 4.49 is never shown as 4.5."""
    return f"{int(ratio * 10) / 10:.1f}:1"


def checked_colour(text: str) -> str:
    """The colour, normalised, if white writing on it (the header) and it on a white
    page (borders, the logo's band) are readable: 4.5:1 against white. Dark text is
    never put on it: no colour can reach 4.5:1 against both white and the near-black
    text (the best possible is 4.4:1), so the brand colour is only ever paired with
    white (decision 20)."""
    colour = normalised_colour(text)
    ratio = contrast_ratio(colour, WHITE)
    if ratio < MIN_CONTRAST:
        raise BrandError(f"This colour has a contrast ratio of {shown_ratio(ratio)} against "
                         f"white; it needs at least {MIN_CONTRAST}:1 so white writing on it "
                         f"can be read. Choose a darker colour")
    return colour


def brand_css(brand: Brand) -> str:
    """The stylesheet of a brand's pages: its logo on a white plate (so any logo shows
    on any colour) that shrinks to fit a 320 px screen, and with a colour the header
    band in it with white writing and the footer's top line. Served as a file of its
    own, because the Content Security Policy allows no inline styles."""
    logo = (".sb-header__logo{display:inline-block;max-width:100%;height:auto;"
            "max-height:48px;margin:8px 15px 8px 0;padding:4px;background-color:#ffffff;"
            "vertical-align:middle}\n")
    if not brand.colour:
        return logo
    colour = checked_colour(brand.colour)  # never serve a colour that fails, even if kept
    return logo + (
        f":root{{--sb-brand-colour:{colour}}}\n"
        ".sb-branded .sb-header{background-color:var(--sb-brand-colour);"
        "border-bottom:4px solid #ffffff}\n"
        ".sb-branded .sb-header .govuk-service-navigation__link:not(:focus),"
        ".sb-branded .sb-header .govuk-service-navigation__link:not(:focus):visited,"
        ".sb-branded .sb-header .govuk-service-navigation__link:not(:focus):hover"
        "{color:#ffffff}\n"
        ".sb-branded .govuk-footer{border-top:10px solid var(--sb-brand-colour)}\n")


# Logo --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Logo:
    """A checked logo, ready to keep: its bytes and type."""

    data: bytes
    content_type: str

    @property
    def extension(self) -> str:
        return "svg" if self.content_type == SVG else "png"


def checked_logo(data: bytes, max_side_px: int) -> Logo:
    """The logo if it is a PNG (re-drawn no larger than `max_side_px` on its longest
    side, as a new PNG without anything hidden in the old file) or a safe SVG; else
    BrandError saying why. What the file is comes from its bytes, not its name."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return Logo(_resized_png(data, max_side_px), PNG)
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")):
        return Logo(_safe_svg(data), SVG)
    raise BrandError("The logo must be a PNG or SVG file. Save it as one and upload it again")


def _resized_png(data: bytes, max_side_px: int) -> bytes:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()  # reads the whole file: a broken one fails here
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            picture = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError) as exc:
        raise BrandError("The PNG file could not be read. Save it again as a PNG and "
                         "upload it again") from exc
    picture.thumbnail((max_side_px, max_side_px))
    written = io.BytesIO()
    picture.save(written, format="PNG", optimize=True)
    return written.getvalue()


_SVG_NS = "{http://www.w3.org/2000/svg}"
# SVG elements that draw, group or describe; anything else (script, foreignObject,
# iframe, animation that could rewrite a link, HTML elements) is refused.
_SVG_ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "use", "title", "desc", "metadata", "path", "rect",
    "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "textPath",
    "linearGradient", "radialGradient", "stop", "clipPath", "mask", "pattern", "style",
    "filter", "feGaussianBlur", "feOffset", "feBlend", "feFlood", "feComposite",
    "feColorMatrix", "feMerge", "feMergeNode"})
# Editors' own namespaces (Inkscape, Sodipodi, RDF metadata): data, never drawn or run.
_EDITOR_NAMESPACES = (
    "{http://www.inkscape.org/namespaces/inkscape}",
    "{http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd}",
    "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}", "{http://purl.org/dc/elements/1.1/}",
    "{http://creativecommons.org/ns#}", "{http://web.resource.org/cc/}")
_LINK_ATTRIBUTES = ("href", "{http://www.w3.org/1999/xlink}href")
_OUTSIDE_IN_CSS = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import|expression\(|javascript:",
                             re.IGNORECASE)


def _safe_svg(data: bytes) -> bytes:
    """The SVG's bytes, unchanged, if nothing in it can run or reach outside the file.
    Parsed with defusedxml (no entities, no DTD tricks); then every element must be a
    drawing one and no attribute an event handler, a link out or CSS that loads."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise BrandError("The SVG file could not be read safely. Export it again as a plain "
                         "SVG and upload it again") from exc
    if root.tag != f"{_SVG_NS}svg":
        raise BrandError("The file is not an SVG picture. Upload a PNG or SVG logo")
    for element in root.iter():
        problem = _svg_problem(element)
        if problem:
            raise BrandError(f"The SVG file {problem}, so it cannot be used safely. Export "
                             f"it again as a plain SVG, or upload a PNG")
    return data


def _svg_problem(element: Element) -> str | None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.startswith(_EDITOR_NAMESPACES):
        return None
    name = tag.removeprefix(_SVG_NS)
    if name == tag or name not in _SVG_ELEMENTS:
        part = name.rsplit("}", 1)[-1]
        return "has a script" if part == "script" else f"has a part a logo may not have ({part})"
    for attribute, value in element.attrib.items():
        local = attribute.rsplit("}", 1)[-1].lower()
        if local.startswith("on"):
            return "has an event handler (an attribute starting with on)"
        if attribute in _LINK_ATTRIBUTES and not value.strip().startswith("#"):
            return "links to another file or address"
        if local == "style" and _OUTSIDE_IN_CSS.search(value):
            return "has a style that loads something from outside"
    if name == "style" and _OUTSIDE_IN_CSS.search(element.text or ""):
        return "has a style that loads something from outside"
    return None
