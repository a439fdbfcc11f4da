"""The listening check's record per narration: pending until heard back, then the word error rate and misheard words."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from .check import CheckResult
from .store import Base, Narration, Store, utcnow

_LOGGER = logging.getLogger(__name__)

STATUSES = ("pending", "done", "unavailable")


class ListeningCheck(Base):
    """The latest check of one narration's live audio (a re-narration replaces it)."""

    __tablename__ = "listening_checks"

    narration_id: Mapped[str] = mapped_column(ForeignKey("narrations.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    """'pending' (queued or running), 'done', or 'unavailable' (no recognizer installed on the worker)."""
    version: Mapped[int] = mapped_column(Integer, default=1)
    """The narration version whose audio was heard."""
    wer: Mapped[float | None] = mapped_column(Float, nullable=True)
    words: Mapped[list] = mapped_column(JSON, default=list)
    """[{"word", "heard", "start_s", "sentence"}] in the order they are heard."""
    said: Mapped[int] = mapped_column(Integer, default=0)
    seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    """How long hearing and aligning took."""
    checked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    """When the status was set (queued, heard or found unavailable)."""
    reason: Mapped[str] = mapped_column(String(300), default="")
    """Why a check is unavailable, for the editor."""


@dataclass(frozen=True)
class CheckView:
    """A check as the API shows it."""

    status: str
    wer: float | None
    words: list
    reason: str = ""

    def as_json(self) -> dict:
        body = {"status": self.status, "wer": self.wer, "words": self.words}
        return body | ({"hint": self.reason} if self.reason else {})


def mark_pending(store: Store, narration_id: str, version: int) -> None:
    """The narration's audio is queued to be heard back."""
    _save(store, narration_id, status="pending", version=version, wer=None, words=[], said=0, seconds=None,
          checked_at=utcnow(), reason="")


def save_result(store: Store, narration_id: str, version: int, result: CheckResult, seconds: float) -> None:
    """Record a finished check."""
    _save(store, narration_id, status="done", version=version, wer=result.wer,
          words=[word.as_dict() for word in result.words], said=result.said, seconds=round(seconds, 2),
          checked_at=utcnow(), reason="")


def mark_unavailable(store: Store, narration_id: str, version: int, reason: str) -> None:
    """The check cannot run (no recognizer on the worker, or a voice with no words to hear), and why."""
    _save(store, narration_id, status="unavailable", version=version, wer=None, words=[], said=0, seconds=None,
          checked_at=utcnow(), reason=reason[:300])


def _save(store: Store, narration_id: str, **values: object) -> None:
    with store.session() as session:
        if session.get(Narration, narration_id) is None:
            return
        row = session.get(ListeningCheck, narration_id)
        if row is None:
            session.add(ListeningCheck(narration_id=narration_id, **values))
        else:
            for name, value in values.items():
                setattr(row, name, value)


def get(store: Store, narration_id: str) -> ListeningCheck | None:
    """The narration's check, if one was queued."""
    with store.session() as session:
        return session.get(ListeningCheck, narration_id)


def view(store: Store, narration_id: str, missing: str = "") -> CheckView:
    """The check as the API shows it; with no check recorded, 'pending', or 'unavailable' for the `missing` reason
    (this service has no recognizer, or checks are off)."""
    row = get(store, narration_id)
    if row is None:
        return CheckView("unavailable", None, [], missing) if missing else CheckView("pending", None, [])
    return CheckView(row.status, row.wer, list(row.words or []), row.reason or "")


def stale_pending(store: Store, older_than_s: float) -> list[tuple[str, int]]:
    """(narration id, version) of checks pending for longer than `older_than_s`."""
    before = utcnow() - dt.timedelta(seconds=older_than_s)
    with store.session() as session:
        rows = session.execute(select(ListeningCheck.narration_id, ListeningCheck.version)
                               .where(ListeningCheck.status == "pending")
                               .where(ListeningCheck.checked_at < before)).all()
    return [(row[0], row[1]) for row in rows]


def unchecked(store: Store, limit: int = 1000) -> list[tuple[str, int]]:
    """(narration id, live version) of finished narrations never checked (published before checks existed)."""
    with store.session() as session:
        rows = session.execute(select(Narration.id, Narration.live_version).outerjoin(
            ListeningCheck, ListeningCheck.narration_id == Narration.id).where(ListeningCheck.narration_id.is_(None))
            .where(Narration.live_version > 0).order_by(Narration.created_at.desc()).limit(limit)).all()
    return [(row[0], row[1]) for row in rows]


def misheard(store: Store, visibility: str = "public", limit: int = 50) -> list[tuple[Narration, dict]]:
    """Words heard wrong in the newest checked narrations of one visibility: (narration, word), newest first."""
    with store.session() as session:
        rows = session.execute(
            select(Narration, ListeningCheck).join(ListeningCheck, ListeningCheck.narration_id == Narration.id)
            .where(ListeningCheck.status == "done").where(Narration.visibility == visibility)
            .order_by(ListeningCheck.checked_at.desc()).limit(limit)).all()
    return [(narration, word) for narration, check in rows for word in (check.words or [])]
