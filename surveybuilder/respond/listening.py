"""Listening to the questions (docs/decisions/0014): the "Listen" player on question
pages and the address that sends each recording from the file store.

Easy-read pages always offer it; standard and large-print pages offer a link that asks
for it (`?listen=yes`), which then travels on through the journey's redirects, as the
address is where a resident's choices live (no cookies, no JavaScript). The words stay
on the page as the transcript.

Recordings are made by a background job when a version is published
(speaking/jobs.py), never here. Until one is in the store its address answers 503
with Retry-After and a page saying so (a `preload="none"` player shows nothing broken
until pressed); a recording the live version offers but the store lacks gets its job
queued again, as printed forms do.

A page in another language (the journey's `language`, issue 15 item 7) plays that
language's recordings, in its own espeak-ng voice; where this server has no voice for
it, the page says plainly that listening is not available in that language yet,
rather than an English voice reading words in another script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, render_template, request, url_for
from werkzeug.wrappers import Response

from surveybuilder import db, wording
from surveybuilder.caching import LRUCache
from surveybuilder.consultations import finding, lifecycle
from surveybuilder.formats import EASY_READ, AnswerFormat
from surveybuilder.models import Consultation, JobStatus
from surveybuilder.speaking.jobs import needed, queue_recordings
from surveybuilder.speaking.scripts import Script, question_script
from surveybuilder.speaking.voice import CONTENT_TYPE, Voice, audio_key, has_voice
from surveybuilder.survey import languages
from surveybuilder.survey.definition import QuestionBase, SurveyDefinition
from surveybuilder.survey.loading import load_definition
from surveybuilder.survey.translations import in_language
from surveybuilder.web_brand import show_brand_of
from surveybuilder.web_files import being_prepared, send_stored, store
from surveybuilder.web_formats import page_language

bp = Blueprint("listening", __name__, url_prefix="/c/<slug>/listen")

PARAMETER, ASKED = "listen", "yes"
_DIGEST = re.compile(r"[0-9a-f]{32}")
# A recording's address names its words and voice, so what it sends never changes:
# browsers may keep it a day.
RECORDING_MAX_AGE = 24 * 60 * 60
SCRIPTS_CACHED = 4096
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Recording:
    question_key: str
    title: str
    url: str


@dataclass(frozen=True)
class Listening:
    """What a question page shows: the players (`shown`), or a link asking for them,
    or (`unavailable`: the language named in itself) that its language has no voice."""

    shown: bool
    recordings: tuple[Recording, ...]
    ask_url: str
    unavailable: str = ""


@bp.record_once
def _make_cache(state) -> None:
    state.app.extensions["listening.scripts"] = LRUCache[tuple](SCRIPTS_CACHED)


def asked() -> bool:
    return request.args.get(PARAMETER) == ASKED


@bp.app_template_global("listening")
def listening(slug: str, definition: SurveyDefinition, questions: list[QuestionBase],
              answer_format: AnswerFormat, language: str | None = None) -> Listening:
    """The players of a page of `questions` in `language` (the journey's; by default
    the language of the words the page is drawn in), which respond/_listen.html draws."""
    language = language or page_language()
    if not has_voice(language):
        return Listening(False, (), "", languages.language(language).own)
    if answer_format != EASY_READ and not asked():
        query = [*request.args.items(multi=True), (PARAMETER, ASKED)]
        return Listening(False, (), f"{request.path}?{urlencode(query)}")
    voice = Voice.from_settings(current_app.config).speaking(language)
    recordings = []
    for question in questions:
        script = _script(definition, question, answer_format, language)
        recordings.append(Recording(question.key, script.title, url_for(
            "listening.recording", slug=slug, digest=voice.digest(script.text))))
    return Listening(True, tuple(recordings), "")


def _script(definition: SurveyDefinition, question: QuestionBase,
            answer_format: AnswerFormat, language: str) -> Script:
    """The question's script, worked out once per parsed version and language (kept
    with the definition it came from, as an id can be reused once that is dropped)."""
    cache = current_app.extensions["listening.scripts"]
    key = (id(definition), question.key, answer_format.value, language)
    kept = cache.get(key)
    if kept is None or kept[0] is not definition:
        kept = (definition, question_script(definition, question, answer_format, language))
        cache.put(key, kept)
    return kept[1]


@bp.after_app_request
def _keep_listening(response: Response) -> Response:
    """A resident who asked to listen keeps the players on the journey's next page:
    the journey's redirects carry `?listen=yes` on."""
    if response.status_code not in _REDIRECTS or not asked() or request.view_args is None:
        return response
    slug = request.view_args.get("slug")
    location = response.location or ""
    if slug and location.startswith(f"/c/{slug}/r/") and f"{PARAMETER}=" not in location:
        joiner = "&" if "?" in location else "?"
        response.location = f"{location}{joiner}{PARAMETER}={ASKED}"
    return response


@bp.route("/<digest>.wav")
def recording(slug: str, digest: str) -> Response:
    if not _DIGEST.fullmatch(digest):
        abort(404)
    session = db.session()
    consultation = finding.by_slug(session, slug)
    if consultation is None:
        abort(404)
    key = audio_key(consultation.id, digest)
    opened = store().open(key)
    if opened is not None:
        opened.content_type = CONTENT_TYPE  # a folder store guesses audio/x-wav by name
        return send_stored(opened, f"{slug}-question.wav", max_age=RECORDING_MAX_AGE)
    version = lifecycle.live_version(session, consultation)
    definition = load_definition(version.definition) if version else None
    wanted = (needed(consultation.id, definition, Voice.from_settings(current_app.config))
              if definition else {})
    if definition is None or key not in wanted:
        abort(404)
    job = queue_recordings(session, consultation, version.number, definition,
                           files_missing=True)
    session.commit()
    show_brand_of(consultation.organisation_id)
    return being_prepared(_preparing(consultation, definition, wanted[key][1].language,
                                     job.status == JobStatus.FAILED.value))


def _preparing(consultation: Consultation, definition: SurveyDefinition, language: str,
               failed: bool) -> str:
    """The "being prepared" page in the recording's own language (its address names
    only the words, so the language comes from the voice that says them)."""
    if language == languages.ENGLISH:  # in the format the page asking for it was in
        return render_template("respond/listen_preparing.html", consultation=consultation,
                               definition=definition, failed=failed)
    with wording.in_locale(wording.locale_for(False, language)):
        return render_template("respond/listen_preparing.html", consultation=consultation,
                               definition=in_language(definition, language).definition,
                               failed=failed, language=language)
