"""The published "You said, we did" PDFs, drawn by background jobs into the file store,
so nobody waits for WeasyPrint in a request.

Publishing the feedback, and every change to it afterwards, queues one job per format
(standard, easy read, large print) and language the survey is offered in
(`queue_every_pdf`). A PDF is named by the feedback, its *edition* (the feedback's
`updated_at`, which every change moves on), the format, the language (English has no
suffix, as before languages) and the drawing code's version, so a changed publication
gets new files and the public address never sends an old one:

    results/<consultation id>/f<feedback id>/<edition>/<PIPELINE>/<format>[-<language>].pdf

A job for an edition that has since been replaced finishes without drawing: the newer
edition has its own job. Drawing is idempotent: a PDF already in the store is not drawn
again. The PDF's source is the same template body as the web page
(`publication.render_page`), rendered by a plain Jinja environment
(`publication.render_standalone`), as a job has no Flask request.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlmodel import Session, select

from surveybuilder import formats, wording
from surveybuilder.files import FileStore, store_from_settings
from surveybuilder.formats import AnswerFormat
from surveybuilder.jobs import JobContext, enqueue, register
from surveybuilder.models import BackgroundJob, Consultation, Feedback, JobStatus
from surveybuilder.results.counting import live_definition
from surveybuilder.survey.languages import ENGLISH, language

DRAW_RESULTS_PDF = "draw-results-pdf"
PIPELINE = "r1"  # r1: the results PDF as first drawn by jobs
PDF_FORMATS = (formats.STANDARD, formats.EASY_READ, formats.LARGE_PRINT)
RESULTS_FOLDER = "results"
_PDF_FILE = re.compile(
    r"results/\d+/f(?P<feedback>\d+)/(?P<edition>[^/]+)/(?P<pipeline>[^/]+)/[^/]+\.pdf")


@dataclass(frozen=True)
class ResultsPdfKey:
    """One published PDF: an edition of a consultation's feedback in one format."""

    consultation_id: int
    feedback_id: int
    edition: str
    format_slug: str
    language: str = ENGLISH

    @property
    def _suffix(self) -> str:
        return "" if self.language == ENGLISH else f"-{self.language}"

    @property
    def pdf_key(self) -> str:
        return (f"{RESULTS_FOLDER}/{self.consultation_id}/f{self.feedback_id}/{self.edition}/"
                f"{PIPELINE}/{self.format_slug}{self._suffix}.pdf")

    @property
    def job_key(self) -> str:
        """The same PDF always has the same job; new drawing code (PIPELINE) draws again."""
        return (f"results-pdf:{PIPELINE}:{self.feedback_id}:{self.edition}:"
                f"{self.format_slug}{self._suffix}")

    def answer_format(self) -> AnswerFormat:
        found = formats.from_slug(self.format_slug)
        assert found is not None, self.format_slug
        return found


def edition_of(feedback: Feedback) -> str:
    """The feedback's edition: its last change, to the microsecond."""
    moment: datetime = feedback.updated_at
    return moment.strftime("%Y%m%dT%H%M%S%f")


def key_for(feedback: Feedback, answer_format: AnswerFormat,
            code: str = ENGLISH) -> ResultsPdfKey:
    assert feedback.id is not None
    return ResultsPdfKey(feedback.consultation_id, feedback.id, edition_of(feedback),
                         answer_format.slug, code)


def queue_pdf(session: Session, consultation: Consultation, key: ResultsPdfKey, *,
              file_missing: bool = False) -> BackgroundJob:
    """The job that draws this PDF, added in the caller's transaction (or the one there
    already; `file_missing` sets a done one waiting again)."""
    label = key.answer_format().label.lower()
    in_words = "" if key.language == ENGLISH else f" in {language(key.language).english}"
    return enqueue(session, DRAW_RESULTS_PDF, key=key.job_key,
                   title=f"Drawing the {label} PDF of the published results{in_words}",
                   organisation_id=consultation.organisation_id,
                   consultation_id=consultation.id, args=asdict(key),
                   rerun_done=file_missing)


def queue_every_pdf(session: Session, consultation: Consultation,
                    feedback: Feedback) -> list[BackgroundJob]:
    """A job for each format's PDF of this edition in each language the survey is
    offered in (publishing, or a change after)."""
    session.flush()  # the feedback's id, when it was made in this transaction
    return [queue_pdf(session, consultation, key_for(feedback, chosen, code))
            for code in offered_languages(session, consultation) for chosen in PDF_FORMATS]


def offered_languages(session: Session, consultation: Consultation) -> list[str]:
    """English and each language the live survey is offered in: the languages its
    results are published in."""
    definition = live_definition(session, consultation)
    return [ENGLISH, *(definition.languages if definition else [])]


def job_for_missing(session: Session, consultation: Consultation,
                    key: ResultsPdfKey) -> BackgroundJob:
    """The job to wait for, the PDF not being in the store: queued if there is none,
    queued again if it is done (its file was deleted since). A failed job is left for
    staff to see. The caller commits."""
    job = session.exec(select(BackgroundJob).where(BackgroundJob.key == key.job_key)).first()
    if job is None or job.status == JobStatus.DONE.value:
        job = queue_pdf(session, consultation, key, file_missing=True)
    return job


def delete_replaced_editions(session: Session, store: FileStore) -> int:
    """Delete the PDFs of every edition but each feedback's current one, and those drawn
    by older code (PIPELINE); how many. The public address only ever sends the current
    edition's PDF, so nothing links to the others. Keys of other shapes are left."""
    current: dict[int, str | None] = {}
    deleted = 0
    for info in store.list(RESULTS_FOLDER):
        found = _PDF_FILE.fullmatch(info.key)
        if found is None:
            continue
        feedback_id = int(found["feedback"])
        if feedback_id not in current:
            feedback = session.get(Feedback, feedback_id)
            current[feedback_id] = None if feedback is None else edition_of(feedback)
        if (found["edition"], found["pipeline"]) != (current[feedback_id], PIPELINE):
            store.delete(info.key)
            deleted += 1
    return deleted


@register(DRAW_RESULTS_PDF)
def draw_results_pdf(job: JobContext, *, consultation_id: int, feedback_id: int,
                     edition: str, format_slug: str, language: str = ENGLISH) -> None:
    # document and publication import decisions, which imports this module to queue
    # the PDFs when the feedback is published.
    from surveybuilder.feedback import publication
    from surveybuilder.feedback.document import build

    key = ResultsPdfKey(consultation_id, feedback_id, edition, format_slug, language)
    store = store_from_settings(job.config, job.engine)
    if store.exists(key.pdf_key):
        job.result_file = key.pdf_key
        return
    job.progress(5, "Gathering the published results")
    with job.session() as session:
        feedback = session.get(Feedback, feedback_id)
        if feedback is None or feedback.published_at is None or \
                edition_of(feedback) != edition:
            job.progress(100, "Not needed: the results have changed since")
            return
        consultation = session.get(Consultation, consultation_id)
        easy = key.answer_format() == formats.EASY_READ
        with wording.in_locale(wording.locale_for(easy, language)):
            doc = build(session, consultation, feedback, job.config["SUPPRESSION_THRESHOLD"],
                        language, store)
        html = publication.render_page(publication.render_standalone, doc,
                                       publication.files_for(key.answer_format()), pdf=True)
    job.progress(20, "Drawing the PDF")
    store.put(key.pdf_key, publication.pdf_bytes(html), "application/pdf")
    job.result_file = key.pdf_key
