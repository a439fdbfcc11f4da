"""Probes of faults on the current code: the worker killed while it publishes parts, the store locked while a
narration publishes. Earlier outputs stay intact, the job finishes, and a dead worker's parts are never served."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import time

import pytest
import requests

from narrator.testing.server import Server

PARAGRAPH = " ".join(f"Line {i} of the long report is read here, with a handful of further words." for i in range(25))
LONG = "\n\n".join(f"## Section {number}\n\n{PARAGRAPH}" for number in range(8))
"""Long enough (with the fake engine) for a worker to be caught between its first part and its final file."""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("probe-faults"), NARRATOR_JOB_LEASE_S="600", NARRATOR_PARTS_KEEP_S="0",
                     NARRATOR_STORE_LOCK_TIMEOUT_S="1")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def earlier(server) -> tuple[dict, str]:
    """A narration finished before the faults, and its MP3's digest."""
    narration = server.wait(server.submit(text="The first report is short. It is finished.")["id"])
    return narration, digest(narration["audio_url"])


def digest(url: str) -> str:
    return hashlib.sha256(requests.get(url, timeout=30).content).hexdigest()


def first_parts(server: Server, text: str, title: str) -> dict:
    narration_id = server.submit(text=text, title=title)["id"]
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        narration = requests.get(f"{server.base}/api/narrations/{narration_id}", timeout=10).json()
        if narration["parts"] or narration["status"] in ("done", "failed"):
            assert narration["status"] == "running", "finished before a fault could be injected: lengthen LONG"
            return narration
        time.sleep(0.05)
    raise AssertionError("no part was published")


def worker_of(server: Server, narration_id: str) -> int:
    with sqlite3.connect(server.root / "narrator.db") as db:
        return int(db.execute("SELECT worker FROM narrations WHERE id = ?", (narration_id,)).fetchone()[0]
                   .rsplit(":", 1)[1])


def leftovers(server: Server, narration_id: str) -> list[str]:
    return sorted(path.name for path in (server.root / "out").iterdir()
                  if narration_id in path.name and (".part-" in path.name or path.name.startswith(".")))


def settle(condition, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_a_worker_killed_while_publishing_parts_leaves_none_served_and_the_narration_finishes(server, earlier):
    narration = first_parts(server, LONG, "Killed mid-way")
    parts = [part["url"] for part in narration["parts"]]
    assert all(requests.get(url, timeout=10).status_code == 200 for url in parts)
    os.kill(worker_of(server, narration["id"]), signal.SIGKILL)
    requeued = settle(lambda: requests.get(f"{server.base}/api/narrations/{narration['id']}", timeout=10)
                      .json()["status"] == "queued", 30)
    assert requeued, "the dead worker's narration was not re-queued"
    if requests.get(f"{server.base}/api/narrations/{narration['id']}", timeout=10).json()["status"] == "queued":
        assert [requests.get(url, timeout=10).status_code for url in parts] == [404] * len(parts)
    done = server.wait(narration["id"], timeout=300)
    assert done["status"] == "done", done["error"]
    assert requests.get(done["audio_url"], timeout=10).status_code == 200
    assert settle(lambda: not leftovers(server, narration["id"])), leftovers(server, narration["id"])
    assert all(requests.get(url, timeout=10).status_code == 404 for url in parts)
    assert digest(earlier[0]["audio_url"]) == earlier[1]


def test_a_store_locked_while_a_narration_publishes_delays_it_and_keeps_everything(server, earlier):
    narration = first_parts(server, LONG + "\n\nOne more line.", "Locked while publishing")
    holder = sqlite3.connect(server.root / "narrator.db", isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        for path in ("/livez", f"/api/narrations/{narration['id']}", "/", earlier[0]["audio_url"]):
            started = time.monotonic()
            answer = requests.get(path if path.startswith("http") else server.base + path, timeout=30)
            assert answer.status_code == 200 and time.monotonic() - started < 3, (path, answer.status_code)
        health = requests.get(server.base + "/healthz", timeout=10)
        assert health.status_code == 503 and "store" in health.json()["down"]
        time.sleep(4)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    done = server.wait(narration["id"], timeout=300)
    assert done["status"] == "done", done["error"]
    assert settle(lambda: not leftovers(server, narration["id"])), leftovers(server, narration["id"])
    assert digest(earlier[0]["audio_url"]) == earlier[1]
