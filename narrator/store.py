"""The narration store: SQLAlchemy 2 models and the queries the service needs (SQLite by default, any URL)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (JSON, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint, create_engine,
                        delete, event, func, select, update)
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, sessionmaker

from .errors import StoreError, StoreUnavailableError

_LOGGER = logging.getLogger(__name__)

STATUSES = ("queued", "running", "done", "failed")
LOCKED_MARKS = ("database is locked", "database table is locked", "database is busy")
"""SQLite's words for a lock another connection holds (its busy timeout ran out)."""


def utcnow() -> dt.datetime:
    """Timezone-aware now (stored as UTC)."""
    return dt.datetime.now(dt.timezone.utc)


class Base(DeclarativeBase):
    """Declarative base of narrator's tables."""


class Narration(Base):
    """One article narrated with one set of voice settings."""

    __tablename__ = "narrations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    title: Mapped[str] = mapped_column(String(500), default="")
    author: Mapped[str] = mapped_column(String(300), default="")
    url: Mapped[str] = mapped_column(String(2000), default="")
    source_format: Mapped[str] = mapped_column(String(16), default="auto")
    source_text: Mapped[str] = mapped_column(Text)
    voice_settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    current_step: Mapped[str] = mapped_column(String(200), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    """Claims so far; the current claim's number is its owner's token (a worker that lost its lease can't publish)."""
    priority: Mapped[int] = mapped_column(Integer, default=10)
    """Queue priority, higher first: 10 for listeners' requests, 0 for archive imports."""
    worker: Mapped[str] = mapped_column(String(200), default="")
    """host:pid of the worker that holds (or last held) the claim."""
    narrator_name: Mapped[str] = mapped_column(String(100), default="")
    duration_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    mp3_bytes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    timings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    parts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    """Segments already playable while the narration renders: {index, title, start_s, duration_s}."""
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    chapters: Mapped[list["ChapterRow"]] = relationship(back_populates="narration", cascade="all, delete-orphan",
                                                        order_by="ChapterRow.position", lazy="selectin")
    visibility: Mapped[str] = mapped_column(String(16), default="public", index=True)
    """public: listed on /, in the feed and the API list; private: reachable only through its own links."""
    listener_id: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    """The listener whose secret feed holds this private narration."""
    render_key: Mapped[str] = mapped_column(String(64), default="", index=True)
    """What the audio depends on (text, format, title, author, voice): narrations sharing it may share audio."""
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True, index=True)
    """When a private narration is deleted with its files (None: kept)."""
    external_id: Mapped[str | None] = mapped_column(String(300), nullable=True, index=True)
    """The publisher's own id for the article; with `url`, what makes new text a new version of this narration."""
    version: Mapped[int] = mapped_column(Integer, default=1)
    """The newest version submitted (the one queued, rendering, or live)."""
    live_version: Mapped[int] = mapped_column(Integer, default=0)
    """The version whose audio is served; 0 until the first one is done. An older one plays while a newer renders."""
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    """When the first version went live (the feed's pubDate: corrections do not move it)."""
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    """When a later version replaced the audio."""

    @property
    def playable(self) -> bool:
        """True when finished audio is served: done, or an earlier version plays while a newer one renders."""
        return self.status == "done" or (self.live_version or 0) > 0

    @property
    def public_status(self) -> str:
        """The status listeners see: done while any version is live; the job's status otherwise."""
        return "done" if self.playable else self.status


class VersionRow(Base):
    """One submitted text of a narration: its source, its job outcome and what the job synthesized."""

    __tablename__ = "narration_versions"
    __table_args__ = (UniqueConstraint("narration_id", "number", name="uq_narration_versions_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    narration_id: Mapped[str] = mapped_column(ForeignKey("narrations.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    source_text: Mapped[str] = mapped_column(Text)
    source_format: Mapped[str] = mapped_column(String(16), default="auto")
    title: Mapped[str] = mapped_column(String(500), default="")
    author: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(16), default="queued")
    """queued, running, done (went live), failed, or superseded (a newer text came before it was done)."""
    error: Mapped[str] = mapped_column(Text, default="")
    restored_from: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """The earlier version whose text this one brings back (a rollback)."""
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    duration_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    sentences_synthesized: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """Sentences the voice spoke anew for this version (the rest came from earlier versions' audio)."""
    sentences_reused: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ChapterRow(Base):
    """A chapter of a finished narration."""

    __tablename__ = "chapters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    narration_id: Mapped[str] = mapped_column(ForeignKey("narrations.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    start_s: Mapped[float] = mapped_column(Float)
    end_s: Mapped[float] = mapped_column(Float)
    narration: Mapped[Narration] = relationship(back_populates="chapters")


class Listener(Base):
    """Somebody who asks for private narrations, known only by the secret token in their feed's address."""

    __tablename__ = "listeners"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    feed_token: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    """The secret in the feed address; replaced (and the old address dead) when the listener revokes it."""
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


def unavailable(exc: OperationalError) -> StoreUnavailableError:
    """The StoreUnavailableError for an OperationalError: locked by another process, or out of reach."""
    reason = " ".join(str(exc.orig or exc).split())
    if any(mark in reason.lower() for mark in LOCKED_MARKS):
        return StoreUnavailableError(f"the narration store is locked by another process ({reason}); nothing was "
                                     "saved: try again in a few seconds")
    return StoreUnavailableError(f"the narration store cannot be reached ({type(exc.orig or exc).__name__}); "
                                 "nothing was saved: try again shortly")


@contextmanager
def unavailable_as_error() -> Iterator[None]:
    """Where the store is entered: an OperationalError (locked, unreachable) becomes a StoreUnavailableError."""
    try:
        yield
    except OperationalError as exc:
        raise unavailable(exc) from exc


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """A stored time made timezone-aware (SQLite drops the zone; everything is stored as UTC)."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value


class Store:
    """Sessions and queries over the narration tables."""

    def __init__(self, url: str, lease_s: int = 90, lock_timeout_s: float = 5.0) -> None:
        self.url = url
        self.lease_s = lease_s
        self.lock_timeout_s = lock_timeout_s
        """How long a write waits for a lock another process holds (SQLite) before StoreUnavailableError."""
        """A running narration whose worker has not reported for this long is abandoned and may be re-claimed."""
        if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        connect_args = {"timeout": lock_timeout_s} if url.startswith("sqlite") else {}
        self.engine = create_engine(url, connect_args=connect_args, pool_pre_ping=True)
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def upgrade(self) -> None:
        """Bring the schema to the newest migration (Alembic)."""
        from .migrations import upgrade

        upgrade(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on error; database errors become StoreError."""
        session = self._sessions()
        try:
            with unavailable_as_error():
                yield session
                session.commit()
        except StoreUnavailableError:
            session.rollback()
            raise
        except SQLAlchemyError as exc:
            session.rollback()
            raise StoreError(f"the narration store failed: {type(exc).__name__}") from exc
        finally:
            session.close()

    def create_or_get(self, content_hash: str, **fields: Any) -> tuple[Narration, bool]:
        """The narration for this content hash, created (queued) if new; True when created."""
        with self.session() as session:
            found = session.scalar(select(Narration).where(Narration.content_hash == content_hash))
            if found is not None:
                return found, False
        narration = Narration(id=secrets.token_urlsafe(12), content_hash=content_hash, **fields)
        try:
            with unavailable_as_error(), self._sessions() as session:
                session.add(narration)
                session.flush()
                session.add(_first_version(narration))
                session.commit()
            return self.get(narration.id) or narration, True
        except IntegrityError:  # another request created it a moment ago
            with self.session() as session:
                return session.scalars(select(Narration).where(Narration.content_hash == content_hash)).one(), False

    def get(self, narration_id: str) -> Narration | None:
        """A narration by id."""
        with self.session() as session:
            return session.get(Narration, narration_id)

    def page(self, limit: int, offset: int, status: str | None = None, url: str | None = None,
             visibility: str | None = None) -> tuple[list[Narration], int]:
        """Newest first, with the total count; optionally only one status, one source URL or one visibility."""
        with self.session() as session:
            query = select(Narration)
            count = select(func.count()).select_from(Narration)
            if visibility:
                query, count = query.where(Narration.visibility == visibility), count.where(
                    Narration.visibility == visibility)
            if status:
                clause = _DONE if status == "done" else Narration.status == status
                query, count = query.where(clause), count.where(clause)
            if url:
                query, count = query.where(Narration.url == url), count.where(Narration.url == url)
            rows = session.scalars(query.order_by(Narration.created_at.desc(), Narration.id).limit(limit)
                                   .offset(offset)).all()
            return list(rows), int(session.scalar(count) or 0)

    def claim(self, narration_id: str, worker: str = "") -> Narration | None:
        """Atomically move a queued (or abandoned running) narration to running; None if another has it.

        The returned narration's `attempts` is the claim's token: later writes pass it as `attempt` and are ignored
        once another worker has re-claimed the narration."""
        now = utcnow()
        stale = now - dt.timedelta(seconds=self.lease_s)
        with self.session() as session:
            result = session.execute(
                update(Narration)
                .where(Narration.id == narration_id)
                .where((Narration.status == "queued")
                       | ((Narration.status == "running") & (Narration.heartbeat_at < stale)))
                .values(status="running", started_at=now, heartbeat_at=now, progress=0.0, error="", parts=[],
                        attempts=Narration.attempts + 1, worker=worker[:200]))
            if result.rowcount != 1:
                return None
        return self.get(narration_id)

    @staticmethod
    def _owned(narration_id: str, attempt: int | None) -> Any:
        """The WHERE clause of a write by the holder of claim `attempt` (any holder when None)."""
        clause = Narration.id == narration_id
        if attempt is not None:
            clause = clause & (Narration.status == "running") & (Narration.attempts == attempt)
        return clause

    def heartbeat(self, narration_id: str, attempt: int) -> bool:
        """Renew the running lease; False when the claim was lost (re-claimed elsewhere, deleted or finished)."""
        with self.session() as session:
            result = session.execute(update(Narration).where(self._owned(narration_id, attempt))
                                     .values(heartbeat_at=utcnow()))
            return result.rowcount == 1

    def report_progress(self, narration_id: str, progress: float, step: str, attempt: int | None = None) -> None:
        """Record progress and renew the running lease."""
        with self.session() as session:
            session.execute(update(Narration).where(self._owned(narration_id, attempt))
                            .values(progress=round(progress, 4), current_step=step[:200], heartbeat_at=utcnow()))

    def finish(self, narration_id: str, *, duration_s: float, mp3_bytes: int, narrator_name: str,
               chapters: list[tuple[str, float, float]], timings: dict[str, float], title: str, author: str,
               attempt: int | None = None, sentences: tuple[int, int] | None = None) -> bool:
        """Mark done with the outputs' facts and chapters; False (nothing written) if the claim was lost."""
        with self.session() as session:
            narration = session.get(Narration, narration_id, with_for_update=True)
            if narration is None or (attempt is not None and (narration.status, narration.attempts)
                                     != ("running", attempt)):
                return False
            narration.chapters = [ChapterRow(position=i, title=t, start_s=s, end_s=e)
                                  for i, (t, s, e) in enumerate(chapters)]
            narration.status, narration.progress, narration.current_step = "done", 1.0, ""
            narration.parts = []
            narration.duration_s, narration.mp3_bytes = duration_s, mp3_bytes
            narration.narrator_name, narration.timings = narrator_name, json.loads(json.dumps(timings))
            narration.title, narration.author = title or narration.title, author or narration.author
            narration.finished_at = utcnow()
            _go_live(session, narration, sentences)
            return True

    def add_part(self, narration_id: str, part: dict[str, Any], attempt: int | None = None) -> None:
        """Publish a finished segment (listen-while-it-renders) and renew the lease."""
        with self.session() as session:
            narration = session.get(Narration, narration_id, with_for_update=True)
            if narration is not None and (attempt is None or narration.attempts == attempt):
                narration.parts = [*(p for p in narration.parts or [] if p["index"] != part["index"]), part]
                narration.heartbeat_at = utcnow()

    def fail(self, narration_id: str, error: str, attempt: int | None = None) -> None:
        """Mark failed with a message fit for the user."""
        with self.session() as session:
            result = session.execute(update(Narration).where(self._owned(narration_id, attempt)).values(
                status="failed", error=error[:2000], finished_at=utcnow(), current_step=""))
            if result.rowcount == 1:
                _version_failed(session, narration_id, error[:2000])

    def requeue(self, narration_id: str, error: str = "", attempt: int | None = None) -> bool:
        """Back to queued (a retry, an interrupted or an abandoned job); False if the claim was lost meanwhile."""
        with self.session() as session:
            result = session.execute(update(Narration).where(self._owned(narration_id, attempt))
                                     .values(status="queued", progress=0.0, current_step="", error=error[:2000],
                                             parts=[]))
            return result.rowcount == 1

    def longest_waiting(self, priority: int, waited_s: float) -> str | None:
        """The queued narration at `priority` or above that has waited longest, if it has waited `waited_s`."""
        queued_before = utcnow() - dt.timedelta(seconds=waited_s)
        with self.session() as session:
            return session.scalar(select(Narration.id).where(Narration.status == "queued")
                                  .where(Narration.priority >= priority).where(Narration.created_at <= queued_before)
                                  .order_by(Narration.priority.desc(), Narration.created_at).limit(1))

    def raise_priority(self, narration_id: str, priority: int) -> bool:
        """Raise a queued narration's priority; True if it was queued with a lower one."""
        with self.session() as session:
            result = session.execute(update(Narration).where(Narration.id == narration_id)
                                     .where(Narration.status == "queued").where(Narration.priority < priority)
                                     .values(priority=priority))
            return result.rowcount == 1

    def release_abandoned(self, narration_id: str) -> bool:
        """Back to queued if still queued or abandoned (its worker's lease ran out); False if a worker holds it."""
        stale = utcnow() - dt.timedelta(seconds=self.lease_s)
        with self.session() as session:
            result = session.execute(update(Narration).where(Narration.id == narration_id).where(
                (Narration.status == "queued")
                | ((Narration.status == "running") & ((Narration.heartbeat_at < stale)
                                                      | Narration.heartbeat_at.is_(None))))
                .values(status="queued", progress=0.0, current_step="", parts=[]))
            return result.rowcount == 1

    def release_worker(self, worker: str) -> list[str]:
        """Back to queued: the running narrations `worker` (host:pid) holds, once it is known to be dead; their ids."""
        held = (Narration.status == "running") & (Narration.worker == worker[:200])
        with self.session() as session:
            ids = list(session.scalars(select(Narration.id).where(held)))
            if ids:
                session.execute(update(Narration).where(Narration.id.in_(ids)).where(held)
                                .values(status="queued", progress=0.0, current_step="", parts=[]))
            return ids

    def abandoned(self) -> list[str]:
        """Ids of narrations to (re)enqueue: queued ones, and running ones whose lease ran out."""
        stale = utcnow() - dt.timedelta(seconds=self.lease_s)
        with self.session() as session:
            rows = session.scalars(select(Narration.id).where(
                (Narration.status == "queued")
                | ((Narration.status == "running") & ((Narration.heartbeat_at < stale)
                                                      | Narration.heartbeat_at.is_(None)))))
            return list(rows)

    def delete(self, narration_id: str) -> bool:
        """Remove a narration and its chapters; True if it existed."""
        with self.session() as session:
            narration = session.get(Narration, narration_id)
            if narration is None:
                return False
            session.delete(narration)
            return True

    def finished(self, limit: int = 200, visibility: str = "public", listener_id: str | None = None
                 ) -> list[Narration]:
        """Done narrations of one visibility (and one listener's, for a private feed), newest first."""
        with self.session() as session:
            query = select(Narration).where(_DONE).where(Narration.visibility == visibility)
            if listener_id is not None:
                query = query.where(Narration.listener_id == listener_id)
            return list(session.scalars(query.order_by(func.coalesce(Narration.published_at, Narration.finished_at)
                                                       .desc()).limit(limit)))

    # --- listeners and private narrations ---------------------------------------------------------------------

    def create_listener(self) -> Listener:
        """A new listener with a fresh secret feed token."""
        listener = Listener(id=secrets.token_urlsafe(12), feed_token=secrets.token_urlsafe(24))
        with self.session() as session:
            session.add(listener)
        return listener

    def listener_by_token(self, token: str) -> Listener | None:
        """The listener whose current feed token this is (None for unknown or revoked tokens); marks it seen."""
        with self.session() as session:
            listener = session.scalar(select(Listener).where(Listener.feed_token == token))
            if listener is not None:
                listener.seen_at = utcnow()
            return listener

    def delete_listener(self, listener_id: str) -> None:
        """Remove a listener that holds no narration (one made for a request that was then refused)."""
        with self.session() as session:
            if session.scalar(select(Narration.id).where(Narration.listener_id == listener_id).limit(1)) is None:
                session.execute(delete(Listener).where(Listener.id == listener_id))

    def rotate_listener(self, listener_id: str) -> Listener | None:
        """Replace the listener's feed token (the old address stops working); the listener with its new token."""
        with self.session() as session:
            listener = session.get(Listener, listener_id)
            if listener is not None:
                listener.feed_token, listener.seen_at = secrets.token_urlsafe(24), utcnow()
            return listener

    def listener_narrations(self, listener_id: str, limit: int = 200) -> list[Narration]:
        """A listener's narrations in any status, newest first."""
        with self.session() as session:
            return list(session.scalars(select(Narration).where(Narration.listener_id == listener_id)
                                        .order_by(Narration.created_at.desc(), Narration.id).limit(limit)))

    def twin(self, narration: Narration) -> Narration | None:
        """Another finished narration with the same audio (same render key and source URL), to copy from."""
        if not narration.render_key:
            return None
        with self.session() as session:
            return session.scalar(select(Narration).where(Narration.render_key == narration.render_key)
                                  .where(Narration.url == narration.url).where(Narration.status == "done")
                                  .where(Narration.id != narration.id).limit(1))

    def expired(self, now: dt.datetime | None = None) -> list[str]:
        """Ids of narrations whose keep time has run out."""
        with self.session() as session:
            return list(session.scalars(select(Narration.id).where(Narration.expires_at <= (now or utcnow()))))

    def forget_idle_listeners(self, idle_before: dt.datetime) -> int:
        """Delete listeners with no narrations left and not seen since `idle_before`; how many."""
        with self.session() as session:
            owned = select(Narration.listener_id).where(Narration.listener_id.is_not(None))
            result = session.execute(delete(Listener).where(Listener.seen_at < idle_before)
                                     .where(Listener.id.not_in(owned)))
            return int(result.rowcount or 0)


_DONE = (Narration.status == "done") | (Narration.live_version > 0)
"""Narrations with audio to serve (a newer version may be rendering meanwhile)."""


def _first_version(narration: Narration) -> VersionRow:
    return VersionRow(narration_id=narration.id, number=1, content_hash=narration.content_hash,
                      source_text=narration.source_text, source_format=narration.source_format or "auto",
                      title=narration.title or "", author=narration.author or "", status="queued",
                      created_at=narration.created_at or utcnow())


def _go_live(session: Session, narration: Narration, sentences: tuple[int, int] | None) -> None:
    """The finished version becomes the served one: pubDate set once, later versions mark the narration updated."""
    now = narration.finished_at or utcnow()
    narration.live_version = narration.version or 1
    narration.published_at = narration.published_at or now
    if narration.live_version > 1:
        narration.updated_at = now
    row = session.scalar(select(VersionRow).where(VersionRow.narration_id == narration.id)
                         .where(VersionRow.number == narration.live_version))
    if row is not None:
        row.status, row.finished_at, row.duration_s, row.error = "done", now, narration.duration_s, ""
        row.title, row.author = narration.title, narration.author
        if sentences is not None:
            row.sentences_synthesized, row.sentences_reused = sentences


def _version_failed(session: Session, narration_id: str, error: str) -> None:
    session.execute(update(VersionRow).where(VersionRow.narration_id == narration_id)
                    .where(VersionRow.number == select(Narration.version).where(Narration.id == narration_id)
                           .scalar_subquery())
                    .values(status="failed", error=error, finished_at=utcnow()))


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()

