"""Versions and listening counters in the store: the migration of existing narrations, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import text

from narrator.listening import record, report
from narrator.migrations import upgrade
from narrator.store import Store
from narrator.versions import list_versions

from .infra import PostgresServer, postgres_missing


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('store')}/narrator.db"
        return
    if postgres_missing():
        pytest.skip(postgres_missing())
    server = PostgresServer()
    yield server.url
    server.stop()


FINISHED = dt.datetime(2026, 5, 4, 9, 30, tzinfo=dt.timezone.utc)


def test_narrations_made_before_versions_become_version_one_and_keep_their_publication_date(database_url):
    store = Store(database_url)
    upgrade(store.engine, "0004")
    with store.engine.begin() as connection:
        for number, status in ((1, "done"), (2, "queued")):
            connection.execute(text(
                "INSERT INTO narrations (id, content_hash, title, author, url, source_format, source_text, "
                "voice_settings, status, progress, current_step, error, attempts, narrator_name, timings, created_at, "
                "finished_at, parts, worker, priority) VALUES (:id, :hash, 'Old', '', 'https://x.example/a', 'text', "
                "'Old text.', '{}', :status, 0, '', '', 1, 'Joe', '{}', :created, :finished, '[]', '', 10)"),
                {"id": f"old{number}", "hash": f"hash{number}", "status": status, "created": FINISHED,
                 "finished": FINISHED if status == "done" else None})
    store.upgrade()
    done, queued = store.get("old1"), store.get("old2")
    assert (done.version, done.live_version, done.playable) == (1, 1, True)
    assert done.published_at.replace(tzinfo=dt.timezone.utc) == FINISHED
    assert (queued.version, queued.live_version, queued.playable, queued.published_at) == (1, 0, False, None)
    [version] = list_versions(store, "old1")
    assert (version.number, version.status, version.content_hash, version.source_text) == (1, "done", "hash1",
                                                                                            "Old text.")
    assert [row.id for row in store.finished()] == ["old1"]


def test_counters_from_many_threads_at_once_lose_nothing(database_url):
    store = Store(database_url)
    store.upgrade()
    narration, _ = store.create_or_get("busy-article", title="Busy", source_text="x", source_format="text")
    day = dt.date(2026, 6, 1)

    def listen() -> None:
        for event in ("play", "25", "50"):
            record(store, narration.id, event, day)

    threads = [threading.Thread(target=listen) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    totals = report(store, day, day)["totals"]
    assert totals["plays"] == 12 and totals["reached"]["25"] == 12 and totals["reached"]["50"] == 12
