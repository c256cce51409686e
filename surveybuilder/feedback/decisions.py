"""The "You said, we did" record of one consultation, and its life after publication.

Feedback is written while a consultation is closed and published once; after that
residents follow its progress, so every change of a "We did" status is kept in a dated,
public log rather than silently overwritten. Publishing, and every change after it,
queues the drawing of the published PDFs (feedback/jobs.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from surveybuilder.consultations import audit
from surveybuilder.consultations.drafts import DraftError
from surveybuilder.easy_read_view import picture_known, unknown_picture_message
from surveybuilder.feedback.jobs import queue_every_pdf
from surveybuilder.models import (
    Consultation,
    Feedback,
    FeedbackItem,
    FeedbackStatus,
    FeedbackStatusChange,
    Status,
    User,
    utcnow,
)
from surveybuilder.wording import N_, gettext

# Message ids: residents read them in their page's catalogue (`status_label`).
STATUS_WORDS = {
    FeedbackStatus.DONE: N_("Done"),
    FeedbackStatus.IN_PROGRESS: N_("In progress"),
    FeedbackStatus.PLANNED: N_("Planned"),
    FeedbackStatus.NOT_POSSIBLE: N_("Not possible"),
}
# Easy read says the same in short, plain sentences.
EASY_STATUS_WORDS = {
    FeedbackStatus.DONE: N_("We have done this."),
    FeedbackStatus.IN_PROGRESS: N_("We are doing this now."),
    FeedbackStatus.PLANNED: N_("We will do this."),
    FeedbackStatus.NOT_POSSIBLE: N_("We cannot do this."),
}

ITEM_FIELDS = ("you_said", "question_keys", "themes", "we_did", "status", "reason", "owner",
               "due", "easy_read_text", "easy_read_picture")


def status_label(status: str) -> str:
    """The status in the words of the locale being drawn (English on staff pages)."""
    return gettext(STATUS_WORDS[FeedbackStatus(status)])


def easy_status(status: str) -> str:
    return gettext(EASY_STATUS_WORDS[FeedbackStatus(status)])


def can_write(consultation: Consultation) -> bool:
    """Feedback is about answers that are in: only closed consultations have it."""
    return consultation.status in (Status.CLOSED, Status.RESULTS_PUBLISHED)


def feedback_of(session: Session, consultation: Consultation) -> Feedback | None:
    return session.exec(select(Feedback).where(
        Feedback.consultation_id == consultation.id)).first()


def feedback_for_editing(session: Session, consultation: Consultation) -> Feedback:
    """The consultation's feedback, started (empty) the first time it is asked for."""
    found = feedback_of(session, consultation)
    if found is None:
        if not can_write(consultation):
            raise DraftError([("consultation", "Close the consultation before writing "
                                               "feedback on it")])
        found = Feedback(consultation_id=consultation.id)
        session.add(found)
        session.flush()
    return found


def items(session: Session, feedback: Feedback) -> list[FeedbackItem]:
    return list(session.exec(select(FeedbackItem).where(FeedbackItem.feedback_id == feedback.id)
                             .order_by(FeedbackItem.position, FeedbackItem.id)).all())


def item_or_none(session: Session, feedback: Feedback, item_id: int) -> FeedbackItem | None:
    item = session.get(FeedbackItem, item_id)
    return item if item is not None and item.feedback_id == feedback.id else None


def update_summary(session: Session, consultation: Consultation, user: User | None,
                   summary: str, easy_read_summary: str, what_next: str,
                   figures: list[str]) -> Feedback:
    feedback = feedback_for_editing(session, consultation)
    feedback.summary = summary.strip()
    feedback.easy_read_summary = easy_read_summary.strip()
    feedback.what_next = what_next.strip()
    feedback.figures = list(dict.fromkeys(figures))
    _touched(session, consultation, feedback)
    audit.record(session, "feedback.summary_changed", user, consultation)
    return feedback


def item_problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    """What stops an item being kept, as (field, message) pairs."""
    problems = []
    if not str(data.get("you_said", "")).strip():
        problems.append(("you_said", "Enter what people said"))
    if not str(data.get("we_did", "")).strip():
        problems.append(("we_did", "Enter what was decided or done"))
    if data.get("status") not in {s.value for s in FeedbackStatus}:
        problems.append(("status", "Select the status of the decision"))
    elif (data["status"] == FeedbackStatus.NOT_POSSIBLE
          and not str(data.get("reason", "")).strip()):
        problems.append(("reason", "Enter why it is not possible: people deserve to know"))
    picture = str(data.get("easy_read_picture") or "").strip()
    if picture and not picture_known(picture):
        problems.append(("easy_read_picture", unknown_picture_message(picture)))
    return problems


def add_item(session: Session, consultation: Consultation, user: User | None,
             data: dict[str, Any]) -> FeedbackItem:
    feedback = feedback_for_editing(session, consultation)
    _check(data)
    position = len(items(session, feedback))
    item = FeedbackItem(feedback_id=feedback.id, position=position, **_clean(data))
    session.add(item)
    _touched(session, consultation, feedback)
    session.flush()
    audit.record(session, "feedback.item_added", user, consultation, item=item.id)
    return item


def update_item(session: Session, consultation: Consultation, user: User | None,
                item: FeedbackItem, data: dict[str, Any], note: str = "") -> FeedbackItem:
    """Change an item; once the feedback is published a change of status is logged
    (with `note`), so residents can see what moved and when."""
    feedback = feedback_for_editing(session, consultation)
    _check(data)
    old_status = item.status
    for name, value in _clean(data).items():
        setattr(item, name, value)
    session.add(item)
    if feedback.published_at is not None and old_status != item.status:
        session.add(FeedbackStatusChange(item_id=item.id, old_status=old_status,
                                         new_status=item.status, note=note.strip()))
    _touched(session, consultation, feedback)
    audit.record(session, "feedback.item_changed", user, consultation, item=item.id,
                 status=item.status)
    return item


def delete_item(session: Session, consultation: Consultation, user: User | None,
                item: FeedbackItem) -> None:
    feedback = feedback_for_editing(session, consultation)
    if feedback.published_at is not None:
        raise DraftError([("item", "A published item cannot be deleted: change its status "
                                   "and say why instead")])
    session.delete(item)
    _touched(session, consultation, feedback)
    audit.record(session, "feedback.item_deleted", user, consultation, item=item.id)


def status_log(session: Session, feedback: Feedback
               ) -> list[tuple[FeedbackStatusChange, FeedbackItem]]:
    """Every logged change, newest first, with the item it belongs to."""
    return list(session.exec(
        select(FeedbackStatusChange, FeedbackItem)
        .join(FeedbackItem, FeedbackItem.id == FeedbackStatusChange.item_id)
        .where(FeedbackItem.feedback_id == feedback.id)
        .order_by(FeedbackStatusChange.at.desc(), FeedbackStatusChange.id.desc())).all())


def publish_problems(session: Session, consultation: Consultation) -> list[str]:
    """Everything that stops the feedback being published, as sentences."""
    feedback = feedback_of(session, consultation)
    if not can_write(consultation):
        return ["Close the consultation first"]
    problems = []
    if feedback is None or not feedback.summary:
        problems.append("Write a summary of what people said")
    if feedback is None or not feedback.what_next:
        problems.append("Say what happens next")
    if feedback is None or not items(session, feedback):
        problems.append("Add at least one “You said, we did” item")
    return problems


def publish(session: Session, consultation: Consultation, user: User | None) -> Feedback:
    """Make the feedback public; the consultation's status becomes results published."""
    problems = publish_problems(session, consultation)
    if problems:
        raise DraftError([("feedback", p) for p in problems])
    feedback = feedback_for_editing(session, consultation)
    first = feedback.published_at is None
    if first:
        feedback.published_at = utcnow()
    consultation.status = Status.RESULTS_PUBLISHED
    consultation.updated_at = utcnow()
    session.add(consultation)
    _touched(session, consultation, feedback)
    audit.record(session, "feedback.published" if first else "feedback.republished", user,
                 consultation)
    return feedback


def published_feedback(session: Session, consultation: Consultation) -> Feedback | None:
    found = feedback_of(session, consultation)
    return found if found is not None and found.published_at is not None else None


@dataclass(frozen=True)
class ItemView:
    """An item as the public pages show it."""

    item: FeedbackItem
    status: str
    easy_status: str
    changes: list[FeedbackStatusChange]


def item_views(session: Session, feedback: Feedback) -> list[ItemView]:
    log = status_log(session, feedback)
    return [ItemView(item, status_label(item.status), easy_status(item.status),
                     [change for change, of in log if of.id == item.id])
            for item in items(session, feedback)]


def _check(data: dict[str, Any]) -> None:
    problems = item_problems(data)
    if problems:
        raise DraftError(problems)


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: data.get(name) for name in ITEM_FIELDS}
    for name in ("you_said", "we_did", "reason", "owner", "easy_read_text",
                 "easy_read_picture"):
        cleaned[name] = str(cleaned[name] or "").strip()
    cleaned["question_keys"] = list(dict.fromkeys(cleaned["question_keys"] or []))
    cleaned["themes"] = [t.strip() for t in cleaned["themes"] or [] if t.strip()]
    return cleaned


def _touched(session: Session, consultation: Consultation, feedback: Feedback) -> None:
    """A new edition of the feedback; once published, its PDFs are drawn afresh."""
    feedback.updated_at = utcnow()
    session.add(feedback)
    if feedback.published_at is not None:
        queue_every_pdf(session, consultation, feedback)
