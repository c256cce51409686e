"""Every piece of personal data the application holds: where, why, for how long, who can
see it and how it goes. The data protection impact assessment pack
(docs/data-protection.md) is drawn from this table by `surveybuilder data-protection`,
and a test fails when a table gets a column declared neither personal nor not personal
here, or when the document differs from what the table draws, so the two stay true.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import SQLModel

import surveybuilder.models  # noqa: F401  (every table, so the metadata is whole)

RESULTS_ROLES = ("Staff of the organisation running the consultation with the admin, editor "
                 "or analyst role (not viewers); server operators")
ADMINS = "Admins of the person's organisations; server operators"
OPERATORS = "Server operators only (no page shows it)"
RESPONSES_KEPT = ("The consultation's retention period (its own, or RESPONSE_RETENTION_MONTHS),"
                  " after which `surveybuilder tidy` removes written and personal answers "
                  "and keeps only the choices; or until erased on request")


@dataclass(frozen=True)
class Personal:
    """One kind of personal data and how it is handled."""

    what: str
    why: str
    kept: str
    seen_by: str
    deleted: str


ANSWERS = Personal(
    "A resident's answers, which can identify them (names, contact details, postcodes, "
    "free text) and can be special category data (health, beliefs) when a question asks",
    "To run and report on the consultation (the purpose in its privacy notice)",
    RESPONSES_KEPT, RESULTS_ROLES,
    "Erasure deletes the response and every copy; retention removes written and "
    "personal answers; hear-back contact details go CONTACT_KEEP_DAYS after use")
REFERENCE = Personal(
    "The response's reference number, which the resident is given",
    "So a resident can ask to see or erase their response",
    RESPONSES_KEPT, RESULTS_ROLES, "Deleted with the response")
UNSENT = Personal(
    "A resident's answers before they send them, the page's secret token and any "
    "resume code",
    "So a resident can go back, save and carry on later",
    "Until sent, or until the consultation closes (`surveybuilder tidy`)",
    "The resident, with the token or code; no staff page", "Deleted by `surveybuilder tidy`")
TRANSLATION = Personal(
    "Staff's English translation of a resident's comment", "To theme comments in other languages",
    RESPONSES_KEPT, RESULTS_ROLES, "Deleted with the response")
PAPER = Personal(
    "What staff typed or the scanner read from a resident's paper form, before it is "
    "stored as a response", "To key or check paper forms", RESPONSES_KEPT, RESULTS_ROLES,
    "Deleted with the consultation's paper batches")
SCANS = Personal(
    "Names of uploaded scan files and where their page images are kept",
    "To read scanned paper forms and show a person what was read",
    "Page images: SCAN_IMAGE_RETENTION_DAYS; the rows: as the responses",
    RESULTS_ROLES, "Images by `surveybuilder tidy`; rows with the consultation")
ADDRESS_HASH = Personal(
    "A hash of the internet address with a random salt (never the address)",
    "Rate limits and sign-in throttling: to tell one address from another for a few minutes",
    "The salt is deleted after two windows (at most about a day, if `tidy` runs daily), "
    "after which nobody can link the hash to an address; rows after their window",
    OPERATORS, "Deleted as the limits run and by `surveybuilder tidy`")
SIGN_IN = Personal(
    "A keyed hash of the e-mail address typed to sign in (never what was typed), whether "
    "it worked, and when", "Sign-in throttling per account",
    "SIGNIN_ATTEMPTS_KEEP_DAYS", OPERATORS, "Deleted by `surveybuilder tidy`")
STAFF = Personal(
    "A member of staff's name, work e-mail address and role",
    "To sign staff in and show who did what", "While the account exists",
    ADMINS, "An admin deactivates the account; rows are kept for the audit trail")
CREDENTIAL = Personal(
    "Staff sign-in secrets: a password hash (argon2), second-factor secret, hashes of "
    "recovery codes, reset links and session ids", "To check that a person is who they say",
    "While the account (or the session, link or code) lasts", OPERATORS,
    "Replaced on change; sessions and links end by time-out, sign-out or use")
STAFF_ACTIVITY = Personal(
    "Which member of staff did something, and when (published, keyed, coded, translated, "
    "uploaded, confirmed, signed in)", "Accountability: the audit trail and the work's history",
    "As long as the record it belongs to", "Staff of the same organisation; server operators",
    "Deleted with the record it belongs to")
AUDIT = Personal(
    "The audit log's details: who did what, including staff e-mail addresses and response "
    "reference numbers (erasure removes any words of the erased answers quoted there)",
    "Accountability and security investigation",
    "Kept (append-only)", "Admins of the organisation; server operators",
    "Not deleted by the application")
CONTACT = Personal(
    "The contact details staff publish for a consultation or organisation, which may name "
    "an officer", "So residents can ask questions", "While the consultation or organisation "
    "exists", "Everyone (they are published)", "Changed or removed by staff")
JOB = Personal(
    "A background job's instructions, which can hold a resident's e-mail address (the "
    "'e-mail me the link' message) or a member of staff's", "To send e-mails and make files "
    "away from the web request", "Removed once sent; finished jobs JOBS_KEEP_DAYS",
    OPERATORS, "Deleted by `surveybuilder tidy`")
FILES = Personal(
    "Files kept in the database store: exports of responses, scans of paper forms, PDFs",
    "So every server can send them", "Excel downloads EXPORT_FILES_KEEP_HOURS; scans "
    "SCAN_IMAGE_RETENTION_DAYS; others until made again", RESULTS_ROLES,
    "Deleted by `surveybuilder tidy`")

# Personal columns: "table.column" -> what they hold.
PERSONAL: dict[str, Personal] = {
    **{f"answer.{c}": ANSWERS for c in ("text_value", "number_value", "date_value",
                                        "option_key")},
    "response.reference": REFERENCE,
    **{f"journey.{c}": UNSENT for c in ("token", "answers", "resume_code")},
    "commenttranslation.text": TRANSLATION,
    "paperkeying.entries": PAPER, "papercopy.marks": PAPER, "papercopy.decisions": PAPER,
    "scannedcopy.questions": PAPER,
    "scanbatch.uploads": SCANS, "scanbatch.files_not_read": SCANS,
    "scanpage.source": SCANS, "scanpage.image_key": SCANS,
    "rateevent.key": ADDRESS_HASH, "signinattempt.address_key": ADDRESS_HASH,
    **{f"signinattempt.{c}": SIGN_IN for c in ("account_key", "succeeded", "at")},
    **{f"user.{c}": STAFF for c in ("email", "name", "active", "created_at")},
    "membership.role": STAFF,
    "user.password_hash": CREDENTIAL, "second_factor.secret": CREDENTIAL,
    "recovery_code.code_hash": CREDENTIAL, "passwordreset.token_hash": CREDENTIAL,
    "staffsession.id_hash": CREDENTIAL,
    **{column: STAFF_ACTIVITY for column in (
        "membership.user_id", "surveyversion.published_by_id", "auditevent.user_id",
        "paperbatch.created_by_id", "papercopy.decided_by_id", "paperkeying.keyed_by_id",
        "scanbatch.uploaded_by_id", "scannedcopy.confirmed_by_id", "commentcoding.coder_id",
        "commenttranslation.translator_id", "staffsession.user_id",
        "staffsession.created_at", "staffsession.last_seen_at", "staffsession.ended_at",
        "staffsession.ended_reason", "passwordreset.user_id", "passwordreset.issued_by",
        "second_factor.user_id", "second_factor.last_step", "second_factor.failures",
        "second_factor.last_failure_at", "recovery_code.user_id", "recovery_code.used_at",
        "second_factor_requirement.required_by")},
    "auditevent.detail": AUDIT,
    **{f"organisation.{c}": CONTACT for c in ("contact_email", "contact_phone",
                                              "contact_other")},
    **{f"consultation.{c}": CONTACT for c in ("contact_email", "contact_phone", "contact")},
    "feedbackitem.owner": CONTACT,
    "backgroundjob.args": JOB,
    "stored_file.content": FILES,
}

# Columns that hold no personal data, by table: the survey, its wording and settings,
# counts, times of things (not of people), keys and ids.
NOT_PERSONAL: dict[str, str] = {
    "organisation": "id slug name created_at suppression_threshold public_name logo_key "
                    "logo_alt brand_colour privacy_url accessibility_url brand_version",
    "user": "id",
    "membership": "id organisation_id",
    "signinattempt": "id",
    "throttlesalt": "id kind salt made_at",
    "staffsession": "id",
    "passwordreset": "id created_at expires_at used_at",
    "second_factor": "id confirmed_at",
    "recovery_code": "id",
    "second_factor_requirement": "organisation_id required_at",
    "consultation": "id organisation_id slug title summary easy_read_summary "
                    "participation_level can_change cannot_change audience opens closes "
                    "feedback_by return_address drop_off privacy_notice "
                    "one_question_per_page statutory topics areas formats plan events "
                    "glossary languages translations status created_at updated_at "
                    "retention_months",
    "consultationdocument": "id consultation_id position title file easy_read created_at",
    "section": "id consultation_id position title description easy_read_text "
               "easy_read_picture show_if",
    "question": "id consultation_id section_id position key type text hint required "
                "personal_data easy_read_text easy_read_picture show_if settings "
                "key_follows_text",
    "option": "id question_id position key label easy_read_text easy_read_picture "
              "key_follows_text",
    "surveyversion": "id consultation_id number definition published_at",
    "response": "id consultation_id version_id channel format language submitted_at "
                "submission_key",
    "answer": "id response_id consultation_id question_key",
    "auditevent": "id at organisation_id consultation_id action",
    "journey": "id consultation_id version_id format language page response_id "
               "created_at updated_at",
    "rateevent": "id kind at",
    "feedback": "id consultation_id summary easy_read_summary what_next figures "
                "published_at contacts_used_at updated_at",
    "feedbackitem": "id feedback_id position you_said question_keys themes we_did status "
                    "reason due easy_read_text easy_read_picture",
    "feedbackstatuschange": "id item_id at old_status new_status note",
    "paperbatch": "id consultation_id label double_keying created_at",
    "papercopy": "id batch_id copy_number format language version_id response_id "
                 "created_at",
    "paperkeying": "id copy_id marks page finished_at created_at updated_at",
    "scanbatch": "id consultation_id paper_batch_id status pages_total uploaded_at",
    "scanpage": "id scan_batch_id position number status reason copy_ordinal form_page",
    "scannedcopy": "id scan_batch_id ordinal copy_number version_id print_format "
                   "layout_id pages missing_pages paper_copy_id confirmed_at "
                   "images_deleted_at",
    "theme": "id consultation_id number name description created_at",
    "commentcoding": "id response_id question_key second updated_at",
    "commenttheme": "id coding_id theme_id",
    "commenttranslation": "id response_id question_key updated_at",
    "backgroundjob": "id kind key title organisation_id consultation_id status "
                     "progress_percent progress_words failure attempts run_after "
                     "queued_at runner lease_until result_file created_at started_at "
                     "finished_at updated_at",
    "stored_file": "key size content_type created_at",
}

# Personal data outside the database's columns.
ELSEWHERE: tuple[tuple[str, Personal], ...] = (
    ("File store (EXPORTS_DIR folder, S3 bucket or the database: STORAGE_URL)", Personal(
        "Uploaded scans of paper forms and their page images; staff Excel downloads of "
        "responses; letters lists", "Reading paper forms; staff analysis",
        "Scans SCAN_IMAGE_RETENTION_DAYS; downloads EXPORT_FILES_KEEP_HOURS",
        RESULTS_ROLES, "Deleted by `surveybuilder tidy`")),
    ("Files written by `surveybuilder export`", Personal(
        "Every response of a consultation (`--anonymised` leaves out personal questions)",
        "Analysis outside the application", "Until the operator deletes them",
        "Whoever runs the command (files are 0600)", "By the operator: not tracked")),
    ("Backups (`surveybuilder backup`)", Personal(
        "Everything in the database", "Recovery after a failure",
        "As the council's backup policy says", "Server operators",
        "By the operator; an erased response stays in older backups until they go")),
    ("Logs (standard output and error)", Personal(
        "Addresses of pages asked for with journey tokens and resume codes redacted; "
        "errors without the values sent to the database; no client addresses (ACCESS_LOG "
        "is off by default and never writes them; the development server of `make run` "
        "does: never deploy it); never answers", "Running the service",
        "As the host keeps them", "Server operators", "By the host's log rotation")),
    ("E-mail (SMTP_HOST)", Personal(
        "A resident's e-mail address and resume link; hear-back results e-mails",
        "Sending what the resident asked for", "As the mail provider keeps them",
        "The mail provider (a processor)", "Under the council's contract with it")),
)


def columns() -> dict[str, list[str]]:
    """Every table's columns, as the models define them."""
    return {table.name: [column.name for column in table.columns]
            for table in SQLModel.metadata.sorted_tables}


def undeclared(tables: dict[str, list[str]] | None = None) -> list[str]:
    """Columns of `tables` (the models' own by default) declared neither personal nor
    not personal, and declarations naming columns that do not exist: either means this
    module needs a change."""
    declared_not = {f"{table}.{name}" for table, names in NOT_PERSONAL.items()
                    for name in names.split()}
    existing = {f"{table}.{name}" for table, names in (tables or columns()).items()
                for name in names}
    problems = [f"{column}: declare it in PERSONAL or NOT_PERSONAL"
                for column in sorted(existing - declared_not - set(PERSONAL))]
    problems += [f"{column}: declared both personal and not personal"
                 for column in sorted(declared_not & set(PERSONAL))]
    problems += [f"{column}: no such column" for column in
                 sorted((declared_not | set(PERSONAL)) - existing)]
    return problems


def markdown_table() -> str:
    """The inventory: one row per kind of personal data, with the columns holding it."""
    places: dict[Personal, list[str]] = {}
    for column, personal in PERSONAL.items():
        places.setdefault(personal, []).append(f"`{column}`")
    rows = [(", ".join(where), personal) for personal, where in places.items()]
    rows += list(ELSEWHERE)
    lines = ["| Where | What | Why | Kept for | Who can see it | How it is deleted |",
             "|---|---|---|---|---|---|"]
    lines += [f"| {where} | {p.what} | {p.why} | {p.kept} | {p.seen_by} | {p.deleted} |"
              for where, p in rows]
    return "\n".join(lines)
