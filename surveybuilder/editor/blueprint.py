"""The editor blueprint object, shared by the editor's view modules."""

from flask import Blueprint

bp = Blueprint("editor", __name__, url_prefix="/staff")
