"""Sign in, sign out, choose the organisation to work for, and manage its users."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import EmailField, PasswordField, RadioField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

from surveybuilder import db
from surveybuilder.auth.current import (
    admin_only,
    current_organisation,
    current_user,
    load_user,
    requester,
    signed_in,
    template_context,
)
from surveybuilder.auth.pending import begin_second_step
from surveybuilder.auth.staff_sessions import end_staff_session, start_staff_session
from surveybuilder.consultations import audit
from surveybuilder.forms import choices, error_pairs
from surveybuilder.models import Role, User
from surveybuilder.staff.accounts import (
    AccountError,
    create_user,
    memberships,
    organisation_members,
    role_in,
    set_role,
)
from surveybuilder.staff.passwords import MIN_PASSWORD_LENGTH
from surveybuilder.staff.signin import Throttle
from surveybuilder.staff.signin import sign_in as check_sign_in

bp = Blueprint("auth", __name__)

ROLE_CHOICES = [
    (Role.ADMIN.value, "Admin – everything an editor can do, and manage users"),
    (Role.EDITOR.value, "Editor – build, publish and close consultations"),
    (Role.ANALYST.value, "Analyst – read consultations and their results"),
    (Role.VIEWER.value, "Viewer – read consultations only"),
]


@bp.record_once
def _hooks(state) -> None:
    app: Flask = state.app
    app.before_request(load_user)
    app.context_processor(template_context)


class SignInForm(FlaskForm):
    email = EmailField("Email address", widget=GovTextInput(), validators=[
        InputRequired("Enter your email address")])
    password = PasswordField("Password", widget=GovPasswordInput(), validators=[
        InputRequired("Enter your password")])
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class NewUserForm(FlaskForm):
    name = StringField("Full name", widget=GovTextInput(), validators=[
        InputRequired("Enter the person's full name"), Length(max=200)])
    email = EmailField("Email address", widget=GovTextInput(), validators=[
        InputRequired("Enter their email address")])
    password = PasswordField(
        "Temporary password", widget=GovPasswordInput(),
        description=f"At least {MIN_PASSWORD_LENGTH} characters. Give it to them in person "
                    f"or by phone, not by email.",
        validators=[InputRequired("Enter a temporary password")])
    role = RadioField("Role", choices=choices(ROLE_CHOICES), widget=GovRadioInput(),
                      validators=[InputRequired("Choose a role")])
    submit = SubmitField("Add user", widget=GovSubmitInput())


class RoleForm(FlaskForm):
    role = RadioField("Role", choices=choices(ROLE_CHOICES), widget=GovRadioInput(),
                      validators=[InputRequired("Choose a role")])
    submit = SubmitField("Save role", widget=GovSubmitInput())


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    form = SignInForm()
    problems: list[tuple[str, str]] = []
    if form.validate_on_submit():
        result = check_sign_in(db.session(), form.email.data, form.password.data,
                               requester(), Throttle.from_settings(current_app.config))
        db.session().commit()
        if result.throttled:
            problems = [("email", f"Too many failed attempts to sign in. For your security, "
                                  f"wait {result.wait} and try again, or ask "
                                  f"an admin in your organisation to help")]
            return render_template("auth/sign_in.html", form=form, errors=problems), 429
        if result.user is not None:
            return begin_second_step(result.user) or _complete_sign_in(result.user)
        problems = [("email", "The email address or password is not right. Check them and "
                              "try again")]
        form.password.data = ""
        return render_template("auth/sign_in.html", form=form, errors=problems), 200
    return render_template("auth/sign_in.html", form=form, errors=error_pairs(form))


def _complete_sign_in(user: User):
    """The person has proved who they are: start their staff session and send them on."""
    start_staff_session(user)
    return redirect(_safe_next(request.args.get("next")))


def _safe_next(target: str | None) -> str:
    """Only follow a `next` that stays on this site."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") \
                and not target.startswith("//"):
            return target
    return url_for("editor.dashboard")


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    end_staff_session()
    flash("You have signed out.")
    return redirect(url_for("auth.sign_in"))


@bp.route("/staff/organisation", methods=["POST"])
@signed_in
def choose_organisation():
    """People who work for several partners choose which one they are working for."""
    wanted = request.form.get("organisation_id", type=int)
    if wanted not in {org.id for _, org in memberships(db.session(), current_user())}:
        abort(404)
    session["organisation_id"] = wanted
    return redirect(url_for("editor.dashboard"))


@bp.route("/staff/users")
@admin_only
def users():
    members = organisation_members(db.session(), current_organisation().id)
    return render_template("auth/users.html", members=members, role_labels=dict(ROLE_CHOICES))


@bp.route("/staff/users/new", methods=["GET", "POST"])
@admin_only
def new_user():
    form = NewUserForm()
    extra: list[tuple[str, str]] = []
    if form.validate_on_submit():
        try:
            create_user(db.session(), current_organisation(), form.email.data, form.name.data,
                        form.password.data, Role(form.role.data))
        except AccountError as exc:
            db.session().rollback()
            field = "password" if "password" in str(exc).lower() else "email"
            getattr(form, field).errors = [str(exc)]
            form._errors = None
        else:
            audit.record(db.session(), "user.added", current_user(),
                         organisation_id=current_organisation().id, email=form.email.data,
                         role=form.role.data)
            db.session().commit()
            flash(f"{form.name.data} has been added as {form.role.data}.")
            return redirect(url_for("auth.users"))
    form.password.data = ""
    return render_template("auth/new_user.html", form=form, errors=error_pairs(form, extra))


@bp.route("/staff/users/<int:user_id>/role", methods=["GET", "POST"])
@admin_only
def change_role(user_id: int):
    user = db.session().get(User, user_id)
    organisation = current_organisation()
    role = role_in(db.session(), user, organisation.id) if user else None
    if role is None:
        abort(404)
    form = RoleForm(role=role.value)
    if form.validate_on_submit():
        if user.id == current_user().id and form.role.data != Role.ADMIN.value:
            form.role.errors = ["You cannot remove your own admin role; ask another admin"]
            form._errors = None
        else:
            set_role(db.session(), organisation.id, user.id, Role(form.role.data))
            audit.record(db.session(), "user.role_changed", current_user(),
                         organisation_id=organisation.id, email=user.email, role=form.role.data)
            db.session().commit()
            flash(f"{user.name} is now {form.role.data}.")
            return redirect(url_for("auth.users"))
    return render_template("auth/change_role.html", form=form, user=user,
                           errors=error_pairs(form))
