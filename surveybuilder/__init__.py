"""Surveybuilder: accessible consultations for UK public services.

`create_app` is the one place that wires configuration, the database, security and
the blueprints together.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app. `config` overrides environment settings (tests and the CLI use it)."""
    from surveybuilder import db, errors, security, web_brand, web_files, web_formats
    from surveybuilder.config import load_settings

    security.private_files()
    app = Flask(__name__, instance_relative_config=True, template_folder="jinja")
    app.config.update(load_settings(overrides=config, instance_path=app.instance_path))
    app.jinja_env.undefined = ChainableUndefined
    app.jinja_loader = ChoiceLoader([
        FileSystemLoader(str(app.root_path) + "/jinja"),
        PrefixLoader({name: PackageLoader(name)
                      for name in ("govuk_frontend_jinja", "govuk_frontend_wtf")}),
    ])
    db.init_app(app)
    _attach_jobs(app)
    web_files.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    web_formats.init_app(app)
    web_brand.init_app(app)
    _register_blueprints(app)
    return app


def _attach_jobs(app: Flask) -> None:
    """Jobs enqueued through this app's database run as the JOBS setting says; when they
    run in-process, the threads start with the first request a serving process handles
    (gunicorn forks workers after loading, and commands like `init` serve nothing)."""
    from surveybuilder import jobs

    runtime = jobs.attach(app.extensions["db_engine"], app.config)
    if runtime.mode is jobs.Mode.IN_PROCESS:
        app.before_request(runtime.start_in_process)


def _register_blueprints(app: Flask) -> None:
    from surveybuilder.auth import (
        account_pages,  # noqa: F401 - its pages join auth_bp
        timeout_warning,  # noqa: F401 - joins auth_bp too
    )
    from surveybuilder.auth.second_factor import bp as second_factor_bp
    from surveybuilder.auth.single_sign_on import bp as single_sign_on_bp
    from surveybuilder.auth.views import bp as auth_bp
    from surveybuilder.editor.views import bp as editor_bp
    from surveybuilder.public.views import bp as public_bp
    from surveybuilder.respond.listening import bp as listening_bp
    from surveybuilder.respond.printed import bp as printed_bp
    from surveybuilder.respond.views import bp as respond_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(respond_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(second_factor_bp)
    app.register_blueprint(single_sign_on_bp)
    app.register_blueprint(editor_bp)
    app.register_blueprint(printed_bp)
    app.register_blueprint(listening_bp)
