"""Faults under a real `narrator serve`: slow pages, a killed worker, a locked store; every one a fast, clear answer."""

from __future__ import annotations

import concurrent.futures
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest
import requests

from narrator.testing.server import Server

from .site import ARTICLE_HTML, Route, Site

pytestmark = pytest.mark.slow

DEADLINE_S = 2.0
SLOW_SUBMISSIONS = 10


def _post_url(server: Server, url: str) -> tuple[float, requests.Response]:
    started = time.monotonic()
    answer = requests.post(server.base + "/api/narrations", json={"url": url}, timeout=30)
    return time.monotonic() - started, answer


def test_pages_dripping_bytes_never_freeze_the_service(tmp_path):
    """Ten submissions of a page that drips a byte every 0.1 s (it would take minutes): each answers within the
    fetch deadline (422, the site too slow) or at once (503 with Retry-After: the pool or the site's share is
    full); meanwhile /livez answers at once and a page from another site is fetched and queued."""
    slow = Site()
    slow.routes["/drip.html"] = Route(body=ARTICLE_HTML.encode() * 20, drip_s=0.1)
    fast = Site()
    fast_url = fast.page("/lighthouse.html", ARTICLE_HTML)
    server = Server(tmp_path, embedded_worker=False, NARRATOR_FETCH_PRIVATE_ADDRESSES="true",
                    NARRATOR_FETCH_TIMEOUT_S=str(DEADLINE_S), NARRATOR_FETCH_SLOTS="4", NARRATOR_SERVER_THREADS="8")
    try:
        with concurrent.futures.ThreadPoolExecutor(SLOW_SUBMISSIONS) as pool:
            started = time.monotonic()
            slow_answers = [pool.submit(_post_url, server, f"{slow.base}/drip.html")
                            for _ in range(SLOW_SUBMISSIONS)]
            time.sleep(0.5)  # the slow fetches are under way
            livez = []
            while time.monotonic() - started < DEADLINE_S + 1:
                began = time.monotonic()
                assert requests.get(server.base + "/livez", timeout=5).status_code == 200
                livez.append(time.monotonic() - began)
            fast_took, fast_answer = _post_url(server, fast_url)
            answers = [future.result() for future in slow_answers]
        assert max(livez) < 2.0, livez  # it froze for minutes before
        assert fast_answer.status_code == 202, fast_answer.text
        assert fast_answer.json()["title"] == "The lighthouse keeper retires"
        assert fast_took < 3 * DEADLINE_S, fast_took  # not queued behind the slow site (its pause is 1 s)
        statuses = sorted(answer.status_code for _took, answer in answers)
        assert set(statuses) == {422, 503}, statuses
        for took, answer in answers:
            error = answer.json()["error"]
            if answer.status_code == 503:
                assert error["code"] == "busy" and "try again" in error["message"] and took < 2.0
                assert DEADLINE_S <= int(answer.headers["Retry-After"]) <= 300  # the rate limiter may raise it
            else:
                assert error["code"] == "fetch_failed" and "did not answer in time" in error["message"]
                assert f"{DEADLINE_S:g} s" in error["message"] and took < DEADLINE_S + 1.5, took
        assert requests.get(server.base + "/api/narrations", timeout=5).json()["total"] == 1  # only the fast page
    finally:
        server.stop()
        slow.stop()
        fast.stop()


SAMPLE = Path(__file__).parent.parent / "narrator" / "samples" / "harbour-lights.txt"


def _children(pid: int) -> list[int]:
    """The live child processes of `pid` (started by any of its threads)."""
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [int(child) for child in (task / "children").read_text().split()]
        except FileNotFoundError:
            continue
    return sorted(child for child in children if _alive(child))


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def _wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout} s: {what}")


def _worker_of(tmp_path: Path, narration_id: str) -> int:
    with sqlite3.connect(tmp_path / "narrator.db") as db:
        return int(db.execute("SELECT worker FROM narrations WHERE id = ?", (narration_id,)).fetchone()[0]
                   .rsplit(":", 1)[1])


def test_a_worker_killed_mid_narration_is_replaced_and_its_narration_finishes_without_waiting_for_its_lease(
        tmp_path):
    """kill -9 of serve's worker while it narrates: serve starts another, which narrates the job again at once
    (the lease is 10 minutes: waiting for it to lapse would fail the test)."""
    server = Server(tmp_path, engine="piper", NARRATOR_JOB_LEASE_S="600")
    try:
        opening = "\n\n".join(SAMPLE.read_text("utf-8").split("\n\n")[:10])  # long enough to be killed mid-way
        narration = server.submit(text=opening, title="Killed worker")
        server.wait(narration["id"], statuses=("running",), timeout=120)
        worker = _worker_of(tmp_path, narration["id"])
        assert _children(server.process.pid) == [worker]
        os.kill(worker, signal.SIGKILL)
        replacement = _wait_for(lambda: [p for p in _children(server.process.pid) if p != worker], 30,
                                "a new worker")
        done = server.wait(narration["id"], timeout=300)
        assert done["status"] == "done", done["error"]
        assert _worker_of(tmp_path, narration["id"]) == replacement[0]
        assert requests.get(server.base + "/healthz", timeout=10).status_code == 200
        assert "killed by SIGKILL" in (tmp_path / "server.log").read_text()
    finally:
        server.stop()


@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT", "SIGKILL"])
def test_serve_never_leaves_its_worker_behind(tmp_path, how):
    """SIGTERM or SIGINT of `narrator serve` alone (not its process group) stops its worker before serve exits;
    after SIGKILL, which serve cannot handle, the worker notices and stops within seconds."""
    server = Server(tmp_path)
    try:
        worker = _wait_for(lambda: _children(server.process.pid), 30, "serve's worker")[0]
        time.sleep(1)  # the worker is up and consuming
        os.kill(server.process.pid, getattr(signal, how))
        server.process.wait(timeout=60)
        if how == "SIGKILL":
            _wait_for(lambda: not _alive(worker), 30, "the orphaned worker to stop")
        else:
            assert not _alive(worker)
    finally:
        server.stop()


def test_healthz_says_when_no_worker_has_been_heard_from(tmp_path):
    server = Server(tmp_path, embedded_worker=False, NARRATOR_WORKER_SILENCE_S="2")
    try:
        def health() -> requests.Response:
            return requests.get(server.base + "/healthz", timeout=10)

        def unavailable() -> list[requests.Response]:
            answer = health()
            return [answer] if answer.status_code == 503 else []

        silent = _wait_for(unavailable, 10, "503 with no worker")[0]
        assert silent.json()["down"] == ["workers"] and int(silent.headers["Retry-After"]) > 0
        assert silent.json()["error"]["message"].startswith("workers is down: NoWorkerError: no worker has been "
                                                            "heard from")
        worker = server.start_worker()
        _wait_for(lambda: health().status_code == 200, 30, "200 once a worker runs")
        assert health().json()["checks"]["workers"] == "ok"
        worker.kill()
        worker.wait()
        again = _wait_for(unavailable, 15, "503 once it is dead")[0]
        assert "no worker has been heard from for" in again.json()["checks"]["workers"]
    finally:
        server.stop()


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer operator-key"}],
                         ids=["anonymous (private: a listener first)", "the operator's (public)"])
def test_a_store_locked_by_another_process_answers_503_at_once_and_keeps_nothing(tmp_path, headers):
    """Another process holds the SQLite write lock (BEGIN EXCLUSIVE): a submission answers 503 with Retry-After
    within the lock timeout (not 500 after 30 s), /healthz names the store, nothing is stored; once the lock is
    released the same submission is accepted."""
    body = {"text": "The ferry to the island runs again from Monday, the harbour master said.", "title": "Ferries"}
    server = Server(tmp_path, NARRATOR_STORE_LOCK_TIMEOUT_S="1", NARRATOR_API_KEY="operator-key")
    holder = sqlite3.connect(tmp_path / "narrator.db", isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        started = time.monotonic()
        answer = requests.post(server.base + "/api/narrations", json=body, headers=headers, timeout=30)
        took = time.monotonic() - started
        assert answer.status_code == 503, answer.text
        error = answer.json()["error"]
        assert error["code"] == "store_unavailable" and "locked by another process" in error["message"]
        assert "try again" in error["message"] and 0 < int(answer.headers["Retry-After"]) <= 300
        assert took < 4, took
        health = requests.get(server.base + "/healthz", timeout=10)
        assert health.status_code == 503 and health.json()["down"] == ["store"]
        assert "locked by another process" in health.json()["checks"]["store"]
        assert requests.get(server.base + "/livez", timeout=5).status_code == 200
        holder.execute("ROLLBACK")
        assert holder.execute("SELECT COUNT(*) FROM narrations").fetchone()[0] == 0
        assert holder.execute("SELECT COUNT(*) FROM listeners").fetchone()[0] == 0
        accepted = requests.post(server.base + "/api/narrations", json=body, headers=headers, timeout=30)
        assert accepted.status_code == 202, accepted.text
        _wait_for(lambda: requests.get(server.base + "/healthz", timeout=10).status_code == 200, 30, "healthy")
    finally:
        holder.close()
        server.stop()
