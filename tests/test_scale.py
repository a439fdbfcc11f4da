"""Scale-out on real infrastructure: a Redis queue, a PostgreSQL store and several worker processes.

redis-server and PostgreSQL are the Debian packages `.ci/run` installs; each test module starts its own servers on
loopback in a temporary folder. Without them installed the module is skipped with the reason shown by `-ra`.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import requests

from narrator.config import Settings
from narrator.jobs import Jobs
from narrator.store import Store

from narrator.testing.infra import PostgresServer, RedisServer, postgres_missing, redis_missing
from narrator.testing.server import Server

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(bool(redis_missing() or postgres_missing()),
                                 reason=redis_missing() or postgres_missing())]

DONE_LINE = re.compile(r"narration (\S+) done \(attempt (\d+), worker (\S+)\)")
PLACES = ["harbour", "library", "station", "market", "bridge", "orchard", "foundry", "lighthouse", "museum", "canal"]


@pytest.fixture(scope="module")
def redis_url():
    server = RedisServer()
    yield server.url
    server.stop()


@pytest.fixture(scope="module")
def postgres():
    server = PostgresServer()
    yield server
    server.stop()


@pytest.fixture
def database_url(postgres, request):
    """A fresh database per test in the module's cluster."""
    import psycopg

    name = "t_" + re.sub(r"\W", "_", request.node.name)[:50].lower()
    with psycopg.connect(f"host=127.0.0.1 port={postgres.port} user=narrator dbname=postgres",
                         autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return postgres.url.rsplit("/", 1)[0] + "/" + name


def article(number: int, paragraphs: int = 4) -> str:
    """A distinct article of our own, about 60 words a paragraph."""
    place = PLACES[number % len(PLACES)]
    body = [f"# Notes from the {place}, part {number}"]
    for paragraph in range(paragraphs):
        body.append(f"On visit {number}.{paragraph} the {place} was busy from early morning. Volunteers counted "
                    f"{number * 7 + paragraph} people before noon and wrote the figure on a board by the door. "
                    f"Several of them said the new opening hours suit families better. The organisers hope the "
                    f"numbers hold through the winter, when the evenings draw in and the weather turns.")
    return "\n\n".join(body)


def cluster(tmp_path: Path, redis_url: str, database_url: str, **env: str) -> Server:
    """The app (no embedded worker) on PostgreSQL and Redis; workers are started by the test."""
    return Server(tmp_path, engine="fake", embedded_worker=False, NARRATOR_DATABASE_URL=database_url,
                  NARRATOR_QUEUE_URL=redis_url, **env)


def done_lines(root: Path) -> list[tuple[str, int, str]]:
    """(narration id, attempt, worker) for every 'done' a worker logged."""
    found = []
    for log in root.glob("worker-*.log"):
        found += [(m[1], int(m[2]), m[3]) for m in DONE_LINE.finditer(log.read_text(errors="replace"))]
    return found


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_fifty_narrations_on_three_workers_finish_exactly_once_when_one_worker_is_killed(
        tmp_path, redis_url, database_url):
    server = cluster(tmp_path, redis_url, database_url, NARRATOR_JOB_LEASE_S="6")
    try:
        workers = [server.start_worker(log="worker-0.log"),
                   server.start_worker("--concurrency", "2", log="worker-1.log"),  # two jobs at once in one process
                   server.start_worker(log="worker-2.log")]
        ids = [server.submit(article(n))["id"] for n in range(50)]
        assert len(set(ids)) == 50
        store = Store(database_url)
        victim = workers[0]

        def victims_job():
            running = [store.get(i) for i in ids]
            return next((n for n in running if n and n.status == "running"
                         and n.worker.endswith(f":{victim.pid}")), None)

        killed = wait_for(victims_job, 120, "worker 0 to start a narration")
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)

        for narration_id in ids:
            assert server.wait(narration_id, timeout=300)["status"] == "done"
        finished = done_lines(tmp_path)
        assert Counter(i for i, _, _ in finished) == Counter(ids)  # every narration finished once, none twice
        recovered = store.get(killed.id)
        assert recovered.attempts == 2 and not recovered.worker.endswith(f":{victim.pid}")
        survivors = {worker.rsplit(":", 1)[1] for _, _, worker in finished}
        assert survivors >= {str(w.pid) for w in workers[1:]}  # the queue spread the work over both survivors
        shared = max(1, (os.cpu_count() or 1) // 2)  # the two-at-once worker split the cores between its voices
        assert f"voice threads {shared}" in (tmp_path / "worker-1.log").read_text(errors="replace")
        assert "voice threads all cores" in (tmp_path / "worker-2.log").read_text(errors="replace")
        jobs = Jobs(Settings.load(env={}, database_url=database_url, queue_url=redis_url))
        assert len(jobs.huey.pending()) == 0 and store.abandoned() == []
        for narration_id in ids[:5]:
            audio = requests.get(f"{server.base}/audio/{narration_id}.mp3", headers={"Range": "bytes=0-99"},
                                 timeout=10)
            assert audio.status_code == 206 and len(audio.content) == 100
    finally:
        server.stop()


def test_sigterm_requeues_a_narration_the_grace_period_cannot_finish(tmp_path, redis_url, database_url):
    server = cluster(tmp_path, redis_url, database_url, NARRATOR_JOB_LEASE_S="600")
    try:
        first = server.start_worker(log="worker-a.log", NARRATOR_SHUTDOWN_GRACE_S="0")
        long_id = server.submit(article(1, paragraphs=40))["id"]
        store = Store(database_url)
        wait_for(lambda: (n := store.get(long_id)) and n.status == "running" and n.progress > 0.05, 60,
                 "the narration to be under way")
        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=30) == 0
        # Back in the queue at once (not after the 600 s lease), with its half-published parts gone.
        narration = server.wait(long_id, statuses=("queued",), timeout=5)
        assert narration["parts"] == [] and not list((tmp_path / "out").glob(f"{long_id}.part-*"))
        server.start_worker(log="worker-b.log")
        assert server.wait(long_id, timeout=300)["status"] == "done"
        assert store.get(long_id).attempts == 2
        wait_for(lambda: done_lines(tmp_path), 30, "the worker to log the narration done (it logs after the store)")
        assert [i for i, _, _ in done_lines(tmp_path)] == [long_id]
    finally:
        server.stop()


def test_sigterm_lets_a_narration_within_the_grace_period_finish(tmp_path, redis_url, database_url):
    server = cluster(tmp_path, redis_url, database_url)
    try:
        worker = server.start_worker(log="worker-a.log", NARRATOR_SHUTDOWN_GRACE_S="120")
        narration_id = server.submit(article(2, paragraphs=12))["id"]
        store = Store(database_url)
        wait_for(lambda: (n := store.get(narration_id)) and n.status == "running", 60, "the narration to start")
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=150) == 0
        narration = store.get(narration_id)
        assert narration.status == "done" and narration.attempts == 1
    finally:
        server.stop()


def test_concurrent_claims_on_postgresql_have_one_winner(database_url):
    store = Store(database_url, lease_s=60)
    store.upgrade()
    narration, _ = store.create_or_get("c" * 64, title="Race", source_text="A race.", voice_settings={})
    winners: list[int] = []
    barrier = threading.Barrier(16)

    def claim(worker: int) -> None:
        barrier.wait()
        if store.claim(narration.id, f"w:{worker}") is not None:
            winners.append(worker)

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1
    owner = store.get(narration.id)
    assert owner.worker == f"w:{winners[0]}" and owner.attempts == 1
    assert not store.heartbeat(narration.id, attempt=2)  # a stale holder's writes are refused
    assert not store.finish(narration.id, duration_s=1, mp3_bytes=1, narrator_name="", chapters=[], timings={},
                            title="", author="", attempt=2)
    assert store.get(narration.id).status == "running"


def test_migrations_from_many_processes_at_once_on_postgresql(database_url):
    code = "import sys; from narrator.store import Store; Store(sys.argv[1]).upgrade()"
    processes = [subprocess.Popen([sys.executable, "-c", code, database_url], stderr=subprocess.PIPE)
                 for _ in range(4)]
    errors = [p.communicate(timeout=120)[1].decode() for p in processes]
    assert [p.returncode for p in processes] == [0] * 4, errors


def test_app_processes_share_one_submission_limit_through_redis(tmp_path, redis_url, database_url):
    limits = {"NARRATOR_SUBMIT_RATE_LIMIT": "3 per minute",
              "NARRATOR_RATE_LIMIT_STORAGE_URL": redis_url.rsplit("/", 1)[0] + "/1"}
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    apps = [cluster(tmp_path / name, redis_url, database_url, **limits) for name in ("a", "b")]
    try:
        statuses = [requests.post(f"{app.base}/api/narrations", json={"text": article(100 + n)}, timeout=30).status_code
                    for n, app in enumerate([apps[0], apps[1], apps[0], apps[1]])]
        assert statuses == [202, 202, 202, 429]  # one budget per client, whichever process answers
    finally:
        for app in apps:
            app.stop()


def test_a_listeners_request_overtakes_an_archive_import_on_redis(tmp_path, redis_url, database_url):
    archive = tmp_path / "archive"
    archive.mkdir()
    for n in range(8):
        (archive / f"{n:02d}.md").write_text(article(200 + n))
    server = cluster(tmp_path, redis_url, database_url)
    try:
        imported = subprocess.run([sys.executable, "-m", "narrator", "import", str(archive)], env=server.env,
                                  cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert imported.stdout.splitlines()[-1] == "8 article(s): 8 queued", imported.stderr
        listener = server.submit(article(300))["id"]
        hurried = server.submit((archive / "05.md").read_text(), format="markdown")["id"]  # queued by the import
        server.start_worker(log="worker-0.log")
        for narration_id in (listener, hurried):
            server.wait(narration_id, timeout=120)
        store = Store(database_url)
        rows, total = store.page(20, 0)
        assert total == 9
        order = [row.id for row in sorted((row for row in rows if row.finished_at), key=lambda row: row.finished_at)]
        assert order[:2] == [listener, hurried]  # one worker: the listeners' two first, then the archive
        assert [i for i, _, _ in done_lines(tmp_path)][:2] == [listener, hurried]
    finally:
        server.stop()


def test_a_queue_left_by_the_release_before_priorities_is_adopted_in_order(tmp_path, redis_url):
    url = redis_url.rsplit("/", 1)[0] + "/3"
    settings = Settings.load(env={}, engine="fake", out_dir=str(tmp_path / "out"), queue_url=url,
                             database_url=f"sqlite:///{tmp_path / 'store.db'}")
    messages = Jobs(settings)  # only to serialize tasks exactly as a worker does
    storage = messages.huey.storage
    storage.conn.delete(storage.queue_key)
    for narration_id in ("first", "second", "third"):  # RedisHuey before priorities: LPUSH onto a list
        storage.conn.lpush(storage.queue_key, messages.huey.serialize_task(messages.narrate_task.s(narration_id)))

    jobs = Jobs(settings)
    jobs.enqueue("listener")  # on the old list this would fail with WRONGTYPE
    assert [task.args[0] for task in jobs.huey.pending()] == ["listener", "first", "second", "third"]
    assert Jobs(settings).huey.pending_count() == 4  # a second worker starting finds nothing left to move
    assert storage.conn.keys("*adopting*") == []


def test_an_archive_narration_gives_its_worker_to_a_listener_and_resumes_after(tmp_path, redis_url, database_url):
    """One Piper worker busy on a long archive article: a listener's article is narrated before it finishes."""
    long_read = "# The long read\n\n" + "\n\n".join(
        f"## Part {part}\n\n" + article(500 + part, paragraphs=2).split("\n\n", 1)[1] for part in range(6))
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "long-read.md").write_text(long_read)
    server = Server(tmp_path, engine="piper", embedded_worker=False, NARRATOR_DATABASE_URL=database_url,
                    NARRATOR_QUEUE_URL=redis_url)
    try:
        server.start_worker(log="worker-0.log")
        wait_for(lambda: "consuming" in (tmp_path / "worker-0.log").read_text(errors="replace"), 120, "the worker")
        imported = subprocess.run([sys.executable, "-m", "narrator", "import", str(archive)], env=server.env,
                                  cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert imported.returncode == 0, imported.stderr
        store = Store(database_url)
        long_id = store.page(1, 0)[0][0].id
        wait_for(lambda: store.get(long_id).progress > 0.1, 120, "the archive narration to be under way")
        listener = server.submit(article(600, paragraphs=1))["id"]
        server.wait(listener, timeout=120)
        assert store.get(long_id).status != "done"  # the listener did not wait for the whole long read
        assert server.wait(long_id, timeout=300)["status"] == "done"
        long_read_row, listener_row = store.get(long_id), store.get(listener)
        assert listener_row.finished_at < long_read_row.finished_at and long_read_row.attempts == 2
        log = (tmp_path / "worker-0.log").read_text(errors="replace")
        assert f"narration {long_id} re-queued: giving the worker to a listener's narration" in log
        resumed = re.findall(r"narrated 'The long read': .*\((\d+) from cache\)", log)
        assert len(resumed) == 1 and int(resumed[0]) > 0  # the resume reused the sentences spoken before it gave way
        assert Counter(i for i, _, _ in done_lines(tmp_path)) == Counter([long_id, listener])  # each once
    finally:
        server.stop()
