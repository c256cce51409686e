"""The organisation's own look on the web: which brand a page shows, and the small
stylesheet and logo each brand's pages load.

A resident page about a consultation shows the organisation that owns it
(`show_brand_of`, called when the page loads its consultation); every other page shows
the site's. The colour comes in a stylesheet of its own, because the Content Security
Policy allows no inline styles; its address and the logo's carry the brand's version,
so both may be cached for a year and a change shows at once. Brands are kept per
process for BRAND_CACHE_SECONDS, so residents' pages need no extra query.
"""

from __future__ import annotations

import time

from flask import Flask, Response, abort, current_app, g

from surveybuilder import db
from surveybuilder.branding import SITE_BRAND, SVG, Brand, brand_by_slug, brand_css, brand_of
from surveybuilder.caching import LRUCache
from surveybuilder.survey.contact import contact_html
from surveybuilder.web_files import send_stored, store

BRANDS_CACHED = 256
A_YEAR = 365 * 24 * 3600
# A logo is only ever shown as an image, but if someone opens its address, an SVG
# must still not run or load anything.
LOGO_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def init_app(app: Flask) -> None:
    app.extensions["brands"] = LRUCache[Brand](BRANDS_CACHED)
    app.add_template_global(contact_html, "contact_html")
    app.context_processor(lambda: {"brand": current_brand()})
    app.add_url_rule("/brand/<slug>/<int:version>.css", "brand_css", _stylesheet)
    app.add_url_rule("/brand/<slug>/<int:version>/logo", "brand_logo", _logo)


def show_brand_of(organisation_id: int | None) -> None:
    """This request's pages show the brand of the organisation with this id."""
    g.brand_organisation_id = organisation_id


def current_brand() -> Brand:
    """The brand this request's pages show: the site's unless `show_brand_of` chose one."""
    organisation_id = g.get("brand_organisation_id")
    if organisation_id is None:
        return SITE_BRAND
    seconds = current_app.config["BRAND_CACHE_SECONDS"]
    period = int(time.monotonic() // seconds) if seconds > 0 else time.monotonic()
    return current_app.extensions["brands"].get_or_make(
        (organisation_id, period), lambda: brand_of(db.session(), organisation_id))


def _found(slug: str, version: int) -> Brand:
    brand = brand_by_slug(db.session(), slug)
    if brand is None or brand.version != version:
        abort(404)  # an old version's address: pages now name the new one
    return brand


def _stylesheet(slug: str, version: int) -> Response:
    response = Response(brand_css(_found(slug, version)), content_type="text/css; charset=utf-8")
    response.cache_control.public = True
    response.cache_control.max_age = A_YEAR
    return response


def _logo(slug: str, version: int) -> Response:
    brand = _found(slug, version)
    opened = store().open(brand.logo_key) if brand.logo_key else None
    if opened is None:
        abort(404)
    response = send_stored(opened, f"logo.{'svg' if brand.logo_type == SVG else 'png'}",
                           max_age=A_YEAR)
    response.headers["Content-Security-Policy"] = LOGO_POLICY
    return response
