"""Listening figures without tracking: per-narration per-day counters of plays and quarters reached, nothing else."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from sqlalchemy import Date, ForeignKey, Integer, func, select, update
from sqlalchemy.orm import Mapped, mapped_column

from .errors import StoreError
from .store import Base, Narration, Store

_LOGGER = logging.getLogger(__name__)

EVENT_COLUMNS = {"play": "plays", "25": "reached_25", "50": "reached_50", "75": "reached_75", "100": "reached_100"}
"""What a listener's report may say, and the counter it adds one to."""
QUARTERS = ("25", "50", "75", "100")


class ListeningDay(Base):
    """One narration's listening on one day (UTC): counts only; no listener, address, cookie or agent."""

    __tablename__ = "listening_daily"

    narration_id: Mapped[str] = mapped_column(ForeignKey("narrations.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True, index=True)
    plays: Mapped[int] = mapped_column(Integer, default=0)
    reached_25: Mapped[int] = mapped_column(Integer, default=0)
    reached_50: Mapped[int] = mapped_column(Integer, default=0)
    reached_75: Mapped[int] = mapped_column(Integer, default=0)
    reached_100: Mapped[int] = mapped_column(Integer, default=0)


def today() -> dt.date:
    """The counters' day (UTC)."""
    return dt.datetime.now(dt.timezone.utc).date()


def record(store: Store, narration_id: str, event: str, day: dt.date | None = None) -> None:
    """Add one to the day's counter for `event` (a key of EVENT_COLUMNS), creating the day's row if needed."""
    column = getattr(ListeningDay, EVENT_COLUMNS[event])
    day = day or today()
    where = (ListeningDay.narration_id == narration_id) & (ListeningDay.day == day)
    with store.session() as session:
        if session.execute(update(ListeningDay).where(where).values({column: column + 1})).rowcount == 1:
            return
    try:
        with store.session() as session:
            session.add(ListeningDay(narration_id=narration_id, day=day, **{
                name: int(name == EVENT_COLUMNS[event]) for name in EVENT_COLUMNS.values()}))
    except StoreError:  # another report created the row a moment ago: add to it
        with store.session() as session:
            session.execute(update(ListeningDay).where(where).values({column: column + 1}))


@dataclass
class Counts:
    """Plays and quarters reached, with the completion rate (listens that reached the end, per play)."""

    plays: int = 0
    reached: dict[str, int] = field(default_factory=lambda: dict.fromkeys(QUARTERS, 0))

    def add(self, row: ListeningDay | tuple) -> None:
        values = row if isinstance(row, tuple) else tuple(getattr(row, c) for c in EVENT_COLUMNS.values())
        self.plays += int(values[0] or 0)
        for quarter, value in zip(QUARTERS, values[1:]):
            self.reached[quarter] += int(value or 0)

    def as_json(self) -> dict:
        return {"plays": self.plays, "reached": dict(self.reached),
                "completion": round(self.reached["100"] / self.plays, 3) if self.plays else None}


def report(store: Store, start: dt.date, end: dt.date, top: int = 10) -> dict:
    """Totals, day by day figures and the most-listened narrations between `start` and `end` (inclusive)."""
    columns = [getattr(ListeningDay, c) for c in EVENT_COLUMNS.values()]
    in_period = (ListeningDay.day >= start) & (ListeningDay.day <= end)
    with store.session() as session:
        by_day = session.execute(select(ListeningDay.day, *(func.sum(c) for c in columns)).where(in_period)
                                 .group_by(ListeningDay.day)).all()
        plays = func.sum(ListeningDay.plays)
        by_narration = session.execute(
            select(ListeningDay.narration_id, Narration.title, *(func.sum(c) for c in columns))
            .join(Narration, Narration.id == ListeningDay.narration_id).where(in_period)
            .group_by(ListeningDay.narration_id, Narration.title)
            .order_by(plays.desc(), func.sum(ListeningDay.reached_100).desc(), ListeningDay.narration_id)
            .limit(top)).all()
    days: dict[dt.date, Counts] = {}
    for row in by_day:
        days.setdefault(row[0], Counts()).add(tuple(row[1:]))
    total = Counts()
    for counts in days.values():
        total.add((counts.plays, *counts.reached.values()))
    listing = []
    for row in by_narration:
        counts = Counts()
        counts.add(tuple(row[2:]))
        listing.append({"id": row[0], "title": row[1], **counts.as_json()})
    span = (end - start).days + 1
    return {"from": start.isoformat(), "to": end.isoformat(), "totals": total.as_json(),
            "days": [{"date": (start + dt.timedelta(days=n)).isoformat(),
                      **days.get(start + dt.timedelta(days=n), Counts()).as_json()} for n in range(span)],
            "narrations": listing}

