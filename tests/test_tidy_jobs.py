"""`surveybuilder tidy` and what background jobs leave behind: old Excel downloads
deleted (their page says so and offers a new one), finished jobs forgotten after
JOBS_KEEP_DAYS (with procrastinate's entries on PostgreSQL), never a waiting or running
one, printed forms of older versions and old numbered copies deleted while the live
version's forms stay, and replaced results PDFs deleted. All with the test's real
store and database; times are moved by handing the tidy functions a later `now`."""

from __future__ import annotations

import time
from datetime import timedelta

import test_exports
from sqlalchemy import bindparam, text
from sqlmodel import select
from test_cli import run  # noqa: F401  (the fixture that runs the command line)
from test_results_export_jobs import _ask, _job, base

from surveybuilder.feedback.jobs import PDF_FORMATS, delete_replaced_editions, key_for
from surveybuilder.jobs import Outcome, enqueue, register
from surveybuilder.jobs.queue import defer_in_transaction
from surveybuilder.jobs.tidying import delete_finished
from surveybuilder.models import (
    BackgroundJob,
    Consultation,
    Feedback,
    JobStatus,
    SurveyVersion,
    utcnow,
)
from surveybuilder.printing.cache import key_for as form_key
from surveybuilder.printing.formats import print_format
from surveybuilder.printing.tidying import delete_old_forms
from surveybuilder.results.jobs import (
    EXPORT_RESPONSES_XLSX,
    delete_old_exports,
    export_key,
    queue_export,
)

survey = test_exports.survey  # a published consultation with seven responses

PRIVATE_KIND = "test-tidy-private"


@register(PRIVATE_KIND, private_args=("to",))
def _send_nothing(job, *, to: str, reference: str) -> None:
    """A job with a personal argument, like the save-and-return e-mail."""


def _store(app):
    return app.extensions["file_store"]


def _is_postgres(db_session) -> bool:
    return db_session.get_bind().dialect.name == "postgresql"


# --- Excel downloads ---

def test_an_old_excel_download_is_deleted_and_its_page_offers_a_new_one(
        app, editor_client, db_session, survey, run_jobs):
    old_id = _ask(editor_client, survey, anonymised=False)
    run_jobs(EXPORT_RESPONSES_XLSX)
    time.sleep(1.1)  # a new key (to the second) and a file written clearly later
    new_id = _ask(editor_client, survey, anonymised=False)
    run_jobs(EXPORT_RESPONSES_XLSX)
    old_key, new_key = (export_key(_job(db_session, j)).file_key for j in (old_id, new_id))
    made = {info.key: info.modified for info in _store(app).list("exports")}
    assert set(made) == {old_key, new_key}

    # 24 hours and half a second after the first was made: only the first is too old
    deleted = delete_old_exports(db_session, _store(app), made[old_key] + timedelta(
        hours=24, milliseconds=500), keep_hours=24)
    assert deleted == 1
    assert not _store(app).exists(old_key) and _store(app).exists(new_key)

    page = editor_client.get(f"{base(survey)}/exports/{old_id}").get_data(as_text=True)
    assert "This file has been deleted" in page
    assert "Excel downloads are kept for 24 hours after they are made." in page
    assert "Make a new Excel file of the responses" in page and 'value="0"' in page
    old = _job(db_session, old_id)
    assert old.status == JobStatus.DONE.value and old.result_file is None, \
        "a deleted download must not be made again just by opening its page"
    assert run_jobs(EXPORT_RESPONSES_XLSX)[Outcome.DONE] == 0
    assert editor_client.get(f"{base(survey)}/exports/{old_id}.xlsx").status_code == 303
    jobs_page = editor_client.get(f"/staff/consultations/{survey[0].id}/jobs")
    assert "File deleted: Excel downloads are kept for 24 hours" in jobs_page.get_data(
        as_text=True)

    kept = editor_client.get(f"{base(survey)}/exports/{new_id}").get_data(as_text=True)
    assert "Your file is ready" in kept

    time.sleep(1.05)
    again = _ask(editor_client, survey, anonymised=False)  # what the page's button posts
    assert again not in (old_id, new_id)
    assert run_jobs(EXPORT_RESPONSES_XLSX)[Outcome.DONE] == 1
    assert editor_client.get(f"{base(survey)}/exports/{again}.xlsx").status_code == 200


def test_asking_again_for_a_deleted_download_in_the_same_second_makes_it_again(
        app, editor_client, db_session, survey, run_jobs):
    """Two asks in one second share a key: the second must not land on the first job's
    "This file has been deleted" page, but make the file again."""
    job_id = _ask(editor_client, survey, anonymised=False)
    run_jobs(EXPORT_RESPONSES_XLSX)
    key = export_key(_job(db_session, job_id))
    assert delete_old_exports(db_session, _store(app), utcnow() + timedelta(hours=25),
                              keep_hours=24) == 1
    again = queue_export(db_session, db_session.get(Consultation, survey[0].id), key)
    db_session.commit()
    assert again.id == job_id and again.status == JobStatus.WAITING.value
    assert run_jobs(EXPORT_RESPONSES_XLSX)[Outcome.DONE] == 1
    assert _store(app).exists(key.file_key)
    assert editor_client.get(f"{base(survey)}/exports/{job_id}.xlsx").status_code == 200


def test_a_recent_excel_download_is_kept(app, editor_client, db_session, survey, run_jobs):
    job_id = _ask(editor_client, survey, anonymised=True)
    run_jobs(EXPORT_RESPONSES_XLSX)
    key = export_key(_job(db_session, job_id)).file_key
    assert delete_old_exports(db_session, _store(app), utcnow() + timedelta(hours=23),
                              keep_hours=24) == 0
    assert _store(app).exists(key)
    assert "Your file is ready" in editor_client.get(
        f"{base(survey)}/exports/{job_id}").get_data(as_text=True)


# --- job rows ---

def _job_row(db_session, organisation, key: str, status: str, finished_days_ago: float | None,
             created_days_ago: float = 100) -> BackgroundJob:
    now = utcnow()
    job = BackgroundJob(kind=PRIVATE_KIND, key=key, title=key, organisation_id=organisation.id,
                        args={"to": "", "reference": key}, status=status,
                        created_at=now - timedelta(days=created_days_ago),
                        updated_at=now - timedelta(days=created_days_ago),
                        run_after=now - timedelta(days=created_days_ago))
    if finished_days_ago is not None:
        job.finished_at = now - timedelta(days=finished_days_ago)
    db_session.add(job)
    return job


def test_old_finished_jobs_go_and_waiting_or_running_ones_never(db_session, organisation):
    rows = {
        "done-old": _job_row(db_session, organisation, "done-old", "done", 31),
        "failed-old": _job_row(db_session, organisation, "failed-old", "failed", 31),
        "done-recent": _job_row(db_session, organisation, "done-recent", "done", 29),
        "waiting-old": _job_row(db_session, organisation, "waiting-old", "waiting", None),
        "running-old": _job_row(db_session, organisation, "running-old", "running", None),
    }
    db_session.commit()
    postgres = _is_postgres(db_session)
    if postgres:  # procrastinate's entries: finished for finished rows, queued for waiting
        for job in rows.values():
            defer_in_transaction(db_session, job)
        db_session.execute(text(
            "UPDATE procrastinate_jobs SET status = 'succeeded' "
            "WHERE (args ->> 'job_id')::bigint IN :ids").bindparams(
            bindparam("ids", expanding=True)),
            {"ids": [rows[k].id for k in ("done-old", "failed-old", "done-recent")]})
        db_session.commit()

    assert delete_finished(db_session, utcnow(), keep_days=30) == 2
    db_session.commit()
    left = set(db_session.exec(select(BackgroundJob.key)).all())
    assert left == {"done-recent", "waiting-old", "running-old"}
    if postgres:
        entries = db_session.execute(text(
            "SELECT (args ->> 'job_id')::bigint, status FROM procrastinate_jobs")).all()
        assert sorted(entries) == sorted(
            [(rows["done-recent"].id, "succeeded"), (rows["waiting-old"].id, "todo"),
             (rows["running-old"].id, "todo")])


def test_personal_arguments_never_outlive_the_job(db_session, organisation, run_jobs):
    """Blanked on the row as soon as the job is done; the queue entry never held them;
    after JOBS_KEEP_DAYS nothing of the job is left."""
    job = enqueue(db_session, PRIVATE_KIND, key="private-1", title="Sending a link",
                  organisation_id=organisation.id,
                  args={"to": "resident@example.org", "reference": "ABC123"})
    if _is_postgres(db_session):
        defer_in_transaction(db_session, job)
    db_session.commit()
    assert run_jobs(PRIVATE_KIND)[Outcome.DONE] == 1
    db_session.expire_all()
    done = db_session.get(BackgroundJob, job.id)
    assert done.args == {"to": "", "reference": "ABC123"}
    if _is_postgres(db_session):
        held = db_session.execute(text("SELECT args::text FROM procrastinate_jobs")).scalars()
        assert all("resident@example.org" not in args for args in held)
        db_session.execute(text("UPDATE procrastinate_jobs SET status = 'succeeded'"))
        db_session.commit()

    assert delete_finished(db_session, utcnow() + timedelta(days=31), keep_days=30) == 1
    db_session.commit()
    assert db_session.exec(select(BackgroundJob)).all() == []
    if _is_postgres(db_session):
        assert db_session.execute(text("SELECT count(*) FROM procrastinate_jobs")).scalar() == 0


# --- printed forms ---

def _put_form(store, consultation_id: int, version: int, fmt: str, copies: int = 0) -> str:
    """A form's two files as a job leaves them (the bytes do not matter to tidying)."""
    key = form_key(consultation_id, version, print_format(fmt), copies)
    store.put(key.layout_key, b"{}", "application/json")
    store.put(key.pdf_key, b"%PDF-1.7 form", "application/pdf")
    return key.pdf_key


def test_forms_of_older_versions_go_a_day_after_the_new_one_and_live_forms_stay(
        app, db_session, survey, organisation, make_consultation, ready_definition):
    from support.results import publish_results_survey

    store, consultation = _store(app), survey[0]
    old_form = _put_form(store, consultation.id, 1, "standard")
    old_copies = _put_form(store, consultation.id, 1, "easy-read", copies=20)
    second = SurveyVersion(consultation_id=consultation.id, number=2,
                           definition=survey[1].definition, published_at=utcnow())
    db_session.add(second)
    db_session.commit()
    live_form = _put_form(store, consultation.id, 2, "easy-read")
    live_copies = _put_form(store, consultation.id, 2, "standard", copies=10)
    other = publish_results_survey(db_session, organisation, make_consultation,
                                   ready_definition, slug="only-one-version")[0]
    other_form = _put_form(store, other.id, 1, "standard")
    store.put(f"print/{consultation.id}/notes.txt", b"not a form", "text/plain")

    def tidy(after: timedelta):
        return delete_old_forms(db_session, store, second.published_at + after,
                                old_version_days=1, copies_days=7)

    def stored() -> set[str]:
        return {info.key for info in store.list("print")}

    everything = stored()
    gone = tidy(timedelta(hours=23))
    assert (gone.old_versions, gone.numbered_copies) == (0, 0) and stored() == everything

    gone = tidy(timedelta(hours=25))
    assert (gone.old_versions, gone.numbered_copies) == (2, 0)
    assert stored() == everything - {old_form, old_copies, old_form.replace(
        ".pdf", ".layout.json"), old_copies.replace(".pdf", ".layout.json")}

    gone = tidy(timedelta(days=8))
    assert (gone.old_versions, gone.numbered_copies) == (0, 1)
    assert stored() == {live_form, live_form.replace(".pdf", ".layout.json"), other_form,
                        other_form.replace(".pdf", ".layout.json"),
                        f"print/{consultation.id}/notes.txt"}
    assert live_copies not in stored()


# --- results PDFs ---

def test_results_pdfs_of_replaced_editions_go_and_the_current_ones_stay(app, db_session,
                                                                         survey):
    store, consultation = _store(app), survey[0]
    feedback = Feedback(consultation_id=consultation.id, summary="We listened",
                        published_at=utcnow())
    db_session.add(feedback)
    db_session.commit()
    first = [key_for(feedback, chosen).pdf_key for chosen in PDF_FORMATS]
    older_code = first[0].replace("/r1/", "/r0/")
    for key in [*first, older_code]:
        store.put(key, b"%PDF-1.7 results", "application/pdf")

    assert delete_replaced_editions(db_session, store) == 1
    assert {info.key for info in store.list("results")} == set(first)

    feedback.summary, feedback.updated_at = "We listened, and changed", utcnow()
    db_session.add(feedback)
    db_session.commit()
    second = [key_for(feedback, chosen).pdf_key for chosen in PDF_FORMATS]
    assert set(second).isdisjoint(first)
    store.put(second[0], b"%PDF-1.7 new", "application/pdf")
    assert delete_replaced_editions(db_session, store) == 3
    assert {info.key for info in store.list("results")} == {second[0]}


# --- the command ---

def test_tidy_says_in_plain_words_what_it_deleted(app, run, db_session, organisation,  # noqa: F811
                                                  editor_client, survey, run_jobs,
                                                  monkeypatch):
    monkeypatch.setenv("SURVEYBUILDER_EXPORTS_DIR", app.config["EXPORTS_DIR"])
    monkeypatch.setenv("SURVEYBUILDER_EXPORT_FILES_KEEP_HOURS", "0")
    monkeypatch.setenv("SURVEYBUILDER_JOBS_KEEP_DAYS", "0")
    job_id = _ask(editor_client, survey, anonymised=False)
    run_jobs(EXPORT_RESPONSES_XLSX)
    _job_row(db_session, organisation, "waiting", "waiting", None)
    db_session.commit()
    key = export_key(_job(db_session, job_id)).file_key

    output = run("tidy").output
    assert "Deleted 1 Excel downloads made more than EXPORT_FILES_KEEP_HOURS ago" in output
    assert "background jobs finished more than JOBS_KEEP_DAYS ago." in output
    assert not _store(app).exists(key)
    db_session.expire_all()
    left = db_session.exec(select(BackgroundJob.key)).all()
    assert "waiting" in left and _job(db_session, job_id) is None
