"""The shared pronunciation lexicon and listeners' reports in the store (every worker and app process sees them)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column

from .lexicon import Entry, case_forms
from .store import Base, ChapterRow, Narration, Store, utcnow

_LOGGER = logging.getLogger(__name__)


class LexiconRow(Base):
    """How one word is said, for every narration from now on."""

    __tablename__ = "lexicon_entries"

    word: Mapped[str] = mapped_column(String(60), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(120))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReportRow(Base):
    """A listener said a word sounded wrong: the word, the narration and when; nothing about the listener."""

    __tablename__ = "pronunciation_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    narration_id: Mapped[str] = mapped_column(ForeignKey("narrations.id", ondelete="CASCADE"), index=True)
    word: Mapped[str] = mapped_column(String(60), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def mentions(text: str, word: str) -> bool:
    """True when `word` (in any form its entry matches) occurs in `text` as a whole word."""
    forms = "|".join(re.escape(form) for form in case_forms(word))
    return re.search(rf"(?<!\w)(?:{forms})(?!\w)", text) is not None


class LexiconStore:
    """Queries over the lexicon and report tables of a Store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def entries(self) -> list[Entry]:
        """Every stored entry, by word."""
        with self.store.session() as session:
            rows = session.scalars(select(LexiconRow).order_by(LexiconRow.word)).all()
            return [Entry(r.word, r.kind, r.value) for r in rows]  # type: ignore[arg-type]

    def save(self, entry: Entry) -> None:
        """Add or replace the entry for its word."""
        with self.store.session() as session:
            row = session.get(LexiconRow, entry.word)
            if row is None:
                session.add(LexiconRow(word=entry.word, kind=entry.kind, value=entry.value))
            else:
                row.kind, row.value, row.updated_at = entry.kind, entry.value, utcnow()

    def remove(self, word: str) -> bool:
        """Forget a word's entry; True if it had one."""
        with self.store.session() as session:
            return session.execute(delete(LexiconRow).where(LexiconRow.word == word)).rowcount == 1

    def narrations_mentioning(self, word: str) -> list[str]:
        """Ids of finished narrations whose text has the word (the ones a change to its entry re-narrates)."""
        with self.store.session() as session:
            rows = session.execute(select(Narration.id, Narration.source_text).where(Narration.status == "done")
                                   .where(func.lower(Narration.source_text).contains(word.lower()))).all()
        return [narration_id for narration_id, text in rows if mentions(text, word)]

    def recent(self, limit: int) -> list[Narration]:
        """The newest finished public narrations (a private one is its listener's alone: never in an editor's list)."""
        rows, _ = self.store.page(limit, 0, "done", visibility="public")
        return rows

    def report(self, narration_id: str, word: str) -> int:
        """Record a listener's report; returns how many reports the word has."""
        with self.store.session() as session:
            session.add(ReportRow(narration_id=narration_id, word=word))
        return self.report_counts().get(word, {}).get("count", 0)

    def report_counts(self) -> dict[str, dict[str, Any]]:
        """Per reported word: its count, the narrations it was reported in and the last report's time."""
        with self.store.session() as session:
            rows = session.execute(select(ReportRow.word, ReportRow.narration_id, func.count(),
                                          func.max(ReportRow.created_at))
                                   .group_by(ReportRow.word, ReportRow.narration_id)).all()
        found: dict[str, dict[str, Any]] = {}
        for word, narration_id, count, last in rows:
            item = found.setdefault(word, {"count": 0, "narrations": [], "last": last})
            item["count"] += count
            item["narrations"].append(narration_id)
            item["last"] = max(item["last"], last)
        return found

    def replace_outputs(self, narration_id: str, *, duration_s: float, mp3_bytes: int,
                        chapters: list[tuple[str, float, float]], timings: dict[str, float]) -> bool:
        """A finished narration's facts after it was narrated again in place; False if it is no longer done."""
        with self.store.session() as session:
            narration = session.get(Narration, narration_id, with_for_update=True)
            if narration is None or narration.status != "done":
                return False
            narration.chapters = [ChapterRow(position=i, title=t, start_s=s, end_s=e)
                                  for i, (t, s, e) in enumerate(chapters)]
            narration.duration_s, narration.mp3_bytes = duration_s, mp3_bytes
            narration.timings = json.loads(json.dumps(timings))
            return True
