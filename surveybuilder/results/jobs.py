"""The staff's Excel download of the responses, made by a background job into the file
store, so a large consultation's workbook is not written inside a web request.

A workbook is a zip, finished only at its end, so it cannot be streamed as it is made
(CSV and JSON are: editor/results_pages.py streams them in constant memory). Staff ask
for it, watch a progress page, and download it from the store once made.

Each request for a workbook is its own file, named by the second it was asked for:

    exports/<consultation id>/<EXPORT_VERSION>/responses-<full|anonymised>-<asked at>.xlsx

so a workbook asked for after new responses (or new theme codes, which the workbook
also holds) is always made afresh, and the full and anonymised workbooks never share a
file. Asking twice in the same second gives the same job.
"""

from __future__ import annotations

import tempfile
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from surveybuilder.files import FileStore, store_from_settings
from surveybuilder.jobs import JobContext, enqueue, register
from surveybuilder.jobs.tidying import file_was_deleted, mark_files_deleted
from surveybuilder.models import BackgroundJob, Consultation, JobStatus
from surveybuilder.results import counting, exports

EXPORT_RESPONSES_XLSX = "export-responses-xlsx"
EXPORTS_FOLDER = "exports"
EXPORT_VERSION = "x1"  # x1: responses, a sheet per question, the codebook
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportKey:
    """One workbook: a consultation's responses, anonymised or not, as asked for at
    `asked_at` (to the second, like 20271201T101530)."""

    consultation_id: int
    anonymised: bool
    asked_at: str

    @property
    def which(self) -> str:
        return "anonymised" if self.anonymised else "full"

    @property
    def file_key(self) -> str:
        return (f"{EXPORTS_FOLDER}/{self.consultation_id}/{EXPORT_VERSION}/"
                f"responses-{self.which}-{self.asked_at}.xlsx")

    @property
    def job_key(self) -> str:
        return f"export-xlsx:{EXPORT_VERSION}:{self.consultation_id}:{self.which}:{self.asked_at}"

    def download_name(self, slug: str) -> str:
        anonymised = "-anonymised" if self.anonymised else ""
        return f"{slug}-responses{anonymised}-{self.asked_at}.xlsx"


def key_for(consultation: Consultation, anonymised: bool, asked: datetime) -> ExportKey:
    assert consultation.id is not None
    return ExportKey(consultation.id, anonymised, asked.strftime("%Y%m%dT%H%M%S"))


def queue_export(session: Session, consultation: Consultation, key: ExportKey, *,
                 file_missing: bool = False) -> BackgroundJob:
    """The job that writes this workbook, in the caller's transaction (or the one there
    already; `file_missing` sets a done one waiting again). The caller commits."""
    which = "anonymised responses" if key.anonymised else "responses"
    return enqueue(session, EXPORT_RESPONSES_XLSX, key=key.job_key,
                   title=f"Making the Excel download of the {which}",
                   organisation_id=consultation.organisation_id,
                   consultation_id=consultation.id, args=asdict(key),
                   rerun_done=file_missing)


def export_key(job: BackgroundJob) -> ExportKey:
    return ExportKey(**job.args)


def job_for_missing(session: Session, consultation: Consultation,
                    job: BackgroundJob) -> BackgroundJob:
    """A done job whose workbook has gone from the store is queued again (its file then
    holds the responses as they are when it runs), unless `surveybuilder tidy` deleted
    it for being old: its page then offers a new one instead. The caller commits."""
    if job.status == JobStatus.DONE.value and not file_was_deleted(job):
        return queue_export(session, consultation, export_key(job), file_missing=True)
    return job


def delete_old_exports(session: Session, store: FileStore, now: datetime,
                       keep_hours: float) -> int:
    """Delete every workbook written more than `keep_hours` ago (a full one holds
    residents' personal data), whichever job made it; how many. Their jobs are marked
    first, and committed, so a page never makes a deleted workbook again by itself."""
    old = [info.key for info in store.list(EXPORTS_FOLDER)
           if info.modified < now - timedelta(hours=keep_hours)]
    hours = f"{keep_hours:g} hour{'' if keep_hours == 1 else 's'}"
    mark_files_deleted(session, EXPORT_RESPONSES_XLSX, old,
                       f"Excel downloads are kept for {hours} after they are made.", now)
    session.commit()
    for key in old:
        store.delete(key)
    return len(old)


def delete_exports_of(session: Session, store: FileStore, consultation: Consultation,
                      now: datetime, why: str) -> int:
    """Delete every workbook of one consultation (an erased response is in them); how
    many. Their jobs say why (`why`), so their pages offer a new one. The caller
    commits."""
    keys = [info.key for info in store.list(f"{EXPORTS_FOLDER}/{consultation.id}")]
    mark_files_deleted(session, EXPORT_RESPONSES_XLSX, keys,
                       f"Excel downloads are deleted when {why}", now)
    for key in keys:
        store.delete(key)
    return len(keys)


@register(EXPORT_RESPONSES_XLSX)
def export_responses_xlsx(job: JobContext, *, consultation_id: int, anonymised: bool,
                          asked_at: str) -> None:
    key = ExportKey(consultation_id, anonymised, asked_at)
    store = store_from_settings(job.config, job.engine)
    if not store.exists(key.file_key):
        job.progress(5, "Counting the answers")
        with job.session() as session, tempfile.TemporaryFile() as spool:
            consultation = session.get(Consultation, consultation_id)
            summary = counting.summarise(session, consultation)
            job.progress(20, "Writing the responses")
            exports.write_xlsx(session, consultation, spool, summary, anonymised)
            job.progress(90, "Saving the file")
            spool.seek(0)
            store.put(key.file_key, spool.read(), XLSX_TYPE)
    job.result_file = key.file_key
