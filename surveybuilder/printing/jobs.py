"""Printed forms drawn by background jobs, so nobody waits for a form in a request.

Publishing a version queues one job per form it offers, in each language it is offered
in (English and those of its `languages`) and each format (standard, easy read and each
large-print size: `queue_every_form`); numbered copies are a job too. A job draws the
form into the file store (cache.py), so any web server can send it as soon as it is
done. Drawing is idempotent: a form already in the store is not drawn again, and two
runners drawing the same form write the same whole files.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlmodel import Session, select

from surveybuilder.files import FileStore, store_from_settings
from surveybuilder.jobs import JobContext, enqueue, register
from surveybuilder.models import BackgroundJob, Consultation, JobStatus
from surveybuilder.printing.cache import (
    CacheKey,
    draw,
    every_format,
    key_for,
    version_languages,
)
from surveybuilder.survey.languages import ENGLISH
from surveybuilder.survey.languages import language as language_named

DRAW_PRINTED_FORM = "draw-printed-form"


def queue_form(session: Session, consultation: Consultation, key: CacheKey, *,
               file_missing: bool = False) -> BackgroundJob:
    """The job that draws this form, added in the caller's transaction (or the one
    already there for the same form; `file_missing` sets a done one waiting again)."""
    chosen = key.chosen_format()
    copies = f", {key.copies} numbered copies" if key.copies else ""
    language = "" if key.language == ENGLISH else f" in {language_named(key.language).english}"
    return enqueue(session, DRAW_PRINTED_FORM, key=key.job_key,
                   title=f"Drawing the {chosen.label.lower()} paper form{language}, "
                         f"version {key.version}{copies}",
                   organisation_id=consultation.organisation_id,
                   consultation_id=consultation.id, args=asdict(key),
                   rerun_done=file_missing)


def queue_every_form(session: Session, consultation: Consultation,
                     version: int) -> list[BackgroundJob]:
    """A job for each form a newly published version offers, in each of its languages,
    so residents and staff find every form ready instead of waiting for the first one
    to be drawn."""
    return [queue_form(session, consultation,
                       key_for(consultation.id, version, chosen, language=language))
            for language in version_languages(session, consultation, version)
            for chosen in every_format()]



def job_for(session: Session, key: CacheKey) -> BackgroundJob | None:
    """The job that draws (or drew) this form, if one was ever queued."""
    return session.exec(select(BackgroundJob)
                        .where(BackgroundJob.key == key.job_key)).first()


def job_for_missing(session: Session, consultation: Consultation,
                    key: CacheKey) -> BackgroundJob:
    """The job to wait for, the form not being in the store: queued if there is none (a
    version published before forms were drawn at publish time), queued again if it is
    done (its file was deleted from the store since). A failed job is left as it is:
    staff see it and ask again. The caller commits."""
    job = job_for(session, key)
    if job is None or job.status == JobStatus.DONE.value:
        job = queue_form(session, consultation, key, file_missing=True)
    return job


@register(DRAW_PRINTED_FORM)
def draw_printed_form(job: JobContext, *, consultation_id: int, version: int,
                      print_format: str, size_pt: int, copies: int,
                      language: str = ENGLISH) -> None:
    key = CacheKey(consultation_id, version, print_format, size_pt, copies, language)
    store = store_from_settings(job.config, job.engine)
    job.progress(5, "Drawing the form")
    told = [5]

    def progress(done: int, total: int) -> None:
        """Numbering copies is most of the work for many copies: say how far it is,
        but write to the database only when the whole percent moves."""
        percent = 10 + 85 * done // max(total, 1)
        if percent > told[0]:
            told[0] = percent
            job.progress(percent, f"Numbering copy {done} of {total}" if copies
                         else "Adding the page codes")

    with job.session() as session:
        draw(session, store, key, progress)
    job.result_file = key.pdf_key


@dataclass(frozen=True)
class FormState:
    """Where one form has got to: in the store (`ready`), or its job's state."""

    key: CacheKey
    ready: bool
    job: BackgroundJob | None

    @property
    def failed(self) -> bool:
        return not self.ready and self.job is not None and self.job.status == JobStatus.FAILED.value


def form_state(session: Session, store: FileStore, consultation: Consultation,
               key: CacheKey) -> FormState:
    """The form's state, queueing its job if the form is not stored (`job_for_missing`).
    The caller commits."""
    if store.exists(key.pdf_key):
        return FormState(key, True, None)
    return FormState(key, False, job_for_missing(session, consultation, key))
