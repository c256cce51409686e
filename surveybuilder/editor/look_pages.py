""""Your organisation's look" (admins only): the name residents see, the logo and its
alt text, one brand colour, contact details and links to the organisation's own
privacy notice and accessibility statement (issue 16 item 3; docs/decisions/0020).

One GOV.UK form with a file upload, working without JavaScript. Every problem is
listed at once, with what was typed kept; a logo that passed its checks while
something else did not is kept aside in the file store and named in a hidden field,
so it need not be chosen again.
"""

from __future__ import annotations

import re
import secrets

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovSubmitInput,
    GovTextInput,
)
from werkzeug.wrappers import Response
from wtforms import BooleanField, HiddenField, StringField, SubmitField
from wtforms.validators import Length

from surveybuilder import db
from surveybuilder.auth.current import admin_only, current_organisation, current_user
from surveybuilder.branding import (
    MIN_CONTRAST,
    PNG,
    SVG,
    BrandError,
    Logo,
    Look,
    checked_colour,
    checked_logo,
    save_look,
)
from surveybuilder.consultations import audit
from surveybuilder.editor.blueprint import bp
from surveybuilder.forms import error_pairs
from surveybuilder.models import Organisation
from surveybuilder.survey.contact import (
    ContactDetails,
    email_problem,
    other_problem,
    phone_problem,
)
from surveybuilder.web_files import store

KB = 1024
_PENDING = re.compile(r"[0-9a-f]{32}\.(png|svg)")
_ADDRESS = re.compile(r"https?://[^\s/]+\.[^\s]+", re.IGNORECASE)


class LookForm(FlaskForm):
    public_name = StringField(
        "Name shown to the public", widget=GovTextInput(), validators=[Length(max=200)],
        description="In the header of every page about your consultations, on printed forms "
                    "and on published results. Leave it empty to use your organisation's "
                    "name in Surveybuilder.")
    logo = FileField("Logo", widget=GovFileInput())
    pending_logo = HiddenField()
    remove_logo = BooleanField("Remove the logo", widget=GovCheckboxInput())
    logo_alt = StringField(
        "Logo alt text", widget=GovTextInput(), validators=[Length(max=300)],
        description="Read out to people who cannot see the logo. Usually your organisation's "
                    "name, like “Sandwell Council”. Do not start with “logo of”.")
    colour = StringField(
        "Brand colour", widget=GovTextInput(), validators=[Length(max=20)],
        description=f"A hex code like #1d70b8. The header is drawn in it with white writing, "
                    f"so it needs a contrast ratio of at least {MIN_CONTRAST}:1 against white. "
                    f"Leave it empty for the site's own colours.")
    contact_email = StringField("E-mail address", widget=GovTextInput(),
                                validators=[Length(max=254)])
    contact_phone = StringField("Phone number", widget=GovTextInput(),
                                validators=[Length(max=40)])
    contact_other = StringField(
        "Other contact details", widget=GovTextInput(), validators=[Length(max=300)],
        description="For example a text phone, a desk or opening hours. Not an e-mail address "
                    "or phone number: they have their own boxes.")
    privacy_url = StringField(
        "Your privacy notice's address", widget=GovTextInput(), validators=[Length(max=500)],
        description="The full address, starting with https://. Residents' pages link to it "
                    "instead of this site's privacy page.")
    accessibility_url = StringField(
        "Your accessibility statement's address", widget=GovTextInput(),
        validators=[Length(max=500)],
        description="The full address, starting with https://. Residents' pages link to it "
                    "instead of this site's accessibility page.")
    submit = SubmitField("Save your organisation's look", widget=GovSubmitInput())


@bp.route("/look", methods=["GET", "POST"])
@admin_only
def look() -> Response | str:
    organisation = current_organisation()
    max_kb = current_app.config["BRAND_LOGO_MAX_KB"]
    request.max_content_length = int(max_kb * KB) + 64 * KB
    form = LookForm(data=None if request.method == "POST" else _filled(organisation))
    if form.validate_on_submit():
        logo, problems = _checked(form, organisation)
        if not problems:
            save_look(db.session(), store(), organisation, _look(form), logo,
                      bool(form.remove_logo.data))
            audit.record(db.session(), "organisation.look_changed", current_user(),
                         organisation_id=organisation.id)
            db.session().commit()
            _forget_pending(organisation, form.pending_logo.data)
            flash("Your organisation's look has been saved. Residents' pages show it "
                  "within a minute.")
            return redirect(url_for("editor.look"))
        for field, message in problems:
            getattr(form, field).errors = [*getattr(form, field).errors, message]
    return render_template("editor/look.html", form=form, organisation=organisation,
                           max_kb=max_kb, errors=error_pairs(form))


def _filled(organisation: Organisation) -> dict[str, str]:
    return {"public_name": organisation.public_name, "logo_alt": organisation.logo_alt,
            "colour": organisation.brand_colour, "contact_email": organisation.contact_email,
            "contact_phone": organisation.contact_phone,
            "contact_other": organisation.contact_other,
            "privacy_url": organisation.privacy_url,
            "accessibility_url": organisation.accessibility_url}


def _checked(form: LookForm, organisation: Organisation
             ) -> tuple[Logo | None, list[tuple[str, str]]]:
    """The new logo (if one was sent or kept aside) and every problem, as
    (field, message) pairs. A good logo is kept aside when anything else is wrong."""
    problems: list[tuple[str, str]] = []
    logo = None
    try:
        logo = _uploaded_logo(form) or _pending_logo(form, organisation)
    except BrandError as exc:
        problems.append(("logo", str(exc)))
    keeps_logo = logo is not None or (organisation.logo_key and not form.remove_logo.data)
    if keeps_logo and not (form.logo_alt.data or "").strip():
        problems.append(("logo_alt", "Enter the logo's alt text: say what it shows, usually "
                                     "your organisation's name"))
    if (form.colour.data or "").strip():
        try:
            checked_colour(form.colour.data)
        except BrandError as exc:
            problems.append(("colour", str(exc)))
    for field, problem in (("contact_email", email_problem(form.contact_email.data)),
                           ("contact_phone", phone_problem(form.contact_phone.data)),
                           ("contact_other", other_problem(form.contact_other.data)),
                           ("privacy_url", _address_problem(form.privacy_url.data,
                                                            "privacy notice")),
                           ("accessibility_url", _address_problem(form.accessibility_url.data,
                                                                  "accessibility statement"))):
        if problem:
            problems.append((field, problem))
    if logo is not None and problems:
        form.pending_logo.data = _keep_aside(organisation, logo)
    return logo, problems


def _uploaded_logo(form: LookForm) -> Logo | None:
    upload = form.logo.data
    if not upload or not upload.filename:
        return None
    max_kb = current_app.config["BRAND_LOGO_MAX_KB"]
    data = upload.read(int(max_kb * KB) + 1)
    if len(data) > max_kb * KB:
        raise BrandError(f"The logo must be smaller than {max_kb:g} KB. Make it smaller "
                         f"and upload it again")
    return checked_logo(data, current_app.config["BRAND_LOGO_MAX_PX"])


def _pending_key(organisation: Organisation, name: str) -> str:
    return f"brand/{organisation.id}/upload-{name}"


def _pending_logo(form: LookForm, organisation: Organisation) -> Logo | None:
    """The logo kept aside by an earlier attempt, if the hidden field names one of this
    organisation's (only names this page made are accepted)."""
    name = form.pending_logo.data or ""
    if not _PENDING.fullmatch(name):
        return None
    data = store().get(_pending_key(organisation, name))
    if data is None:
        return None
    return Logo(data, SVG if name.endswith(".svg") else PNG)


def _keep_aside(organisation: Organisation, logo: Logo) -> str:
    name = f"{secrets.token_hex(16)}.{logo.extension}"
    store().put(_pending_key(organisation, name), logo.data, logo.content_type)
    return name


def _forget_pending(organisation: Organisation, name: str | None) -> None:
    if name and _PENDING.fullmatch(name):
        store().delete(_pending_key(organisation, name))


def _address_problem(text: str | None, what: str) -> str | None:
    if text and not _ADDRESS.fullmatch(text.strip()):
        return f"Enter your {what}'s full address, starting with https://"
    return None


def _look(form: LookForm) -> Look:
    return Look(
        public_name=(form.public_name.data or "").strip(),
        logo_alt=(form.logo_alt.data or "").strip(),
        colour=checked_colour(form.colour.data) if (form.colour.data or "").strip() else "",
        contact=ContactDetails((form.contact_email.data or "").strip(),
                               " ".join((form.contact_phone.data or "").split()),
                               (form.contact_other.data or "").strip()),
        privacy_url=(form.privacy_url.data or "").strip(),
        accessibility_url=(form.accessibility_url.data or "").strip())
