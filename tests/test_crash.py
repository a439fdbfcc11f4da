"""Crash safety on a real server: kill -9 of the whole service mid-job, and a full disk."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest
import requests

from narrator.testing.server import Server

pytestmark = pytest.mark.slow

SAMPLE = Path(__file__).parent.parent / "narrator" / "samples" / "harbour-lights.txt"
_PARAGRAPHS = SAMPLE.read_text("utf-8").split("\n\n")
HALF_SAMPLE = "\n\n".join(_PARAGRAPHS[:len(_PARAGRAPHS) // 2])


def test_killing_the_whole_service_mid_job_leaves_a_consistent_store_and_the_jobs_finish(tmp_path):
    first = Server(tmp_path, engine="piper", NARRATOR_JOB_LEASE_S="3")
    # The long article (600 words) is mid-synthesis when the service dies; the short ones wait in the queue behind it.
    short = "The {0} reopened on Monday. The {0} was busy by noon."
    texts = [HALF_SAMPLE, short.format("port"), short.format("quay")]
    ids = [first.submit(text=text, title=f"Crash {n}")["id"] for n, text in enumerate(texts)]
    first.wait(ids[0], statuses=("running",), timeout=120)
    time.sleep(2)  # mid-synthesis, with writes in flight
    os.killpg(first.process.pid, signal.SIGKILL)  # the app and its embedded worker, no chance to clean up
    first.process.wait()
    with sqlite3.connect(tmp_path / "narrator.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        statuses = dict(db.execute("SELECT id, status FROM narrations").fetchall())
    assert set(statuses) == set(ids) and statuses[ids[0]] == "running"
    time.sleep(4)  # let the lease lapse
    second = Server(tmp_path, engine="piper", NARRATOR_JOB_LEASE_S="3", NARRATOR_PARTS_KEEP_S="0")
    try:
        for narration_id in ids:
            done = second.wait(narration_id, timeout=300)
            assert done["status"] == "done", done["error"]
            assert requests.head(done["audio_url"], timeout=10).status_code == 200
        assert not [p.name for p in (tmp_path / "out").iterdir() if p.name.startswith(".") or ".part-" in p.name]
    finally:
        second.stop()
    with sqlite3.connect(tmp_path / "narrator.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_full_disk_fails_the_job_with_a_reason_and_keeps_earlier_narrations(tmp_path):
    """No file the service writes may pass 1 MiB (RLIMIT_FSIZE on the server and its worker: the kernel refuses the
    write as a full disk would, and needs no mount rights, so this runs everywhere)."""
    server = Server(tmp_path, file_size_limit=1024 * 1024, NARRATOR_PARTS_KEEP_S="0")
    out = tmp_path / "out"
    try:
        earlier = server.wait(server.submit(text="A short earlier narration. It fits on the disk.")["id"])
        assert earlier["status"] == "done", earlier["error"]
        kept = {p.name: p.read_bytes() for p in out.iterdir()}
        big = server.submit(text=HALF_SAMPLE)  # about 1.5 MB of MP3 where 1 MiB fits
        failed = server.wait(big["id"], timeout=300)
        assert failed["status"] == "failed"
        assert "file size limit was reached" in failed["error"], failed["error"]
        assert {p.name: p.read_bytes() for p in out.iterdir()} == kept  # no partial, nothing lost
        assert requests.get(earlier["audio_url"], timeout=10).status_code == 200
        again = server.wait(server.submit(text="After the failure a short one still fits. Good.")["id"])
        assert again["status"] == "done", again["error"]  # the worker survived
    finally:
        server.stop()
