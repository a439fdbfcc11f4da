"""Scale-out benchmark: narrations per minute with 1, 2 and 3 worker processes on Redis + PostgreSQL.

Starts redis-server and PostgreSQL on loopback (the Debian packages), the app without an embedded worker, and N
`narrator worker` processes, each round in a fresh folder (so no sentence is cached), then submits a batch of
distinct articles through the HTTP API and times first submission to last narration done. Ratios are against one
worker in the same run. With Piper two last rounds run one worker per core with single-threaded voices
(`engine_threads = 1`), and one worker with `--concurrency` = cores.
Usage: python bench/throughput.py [--articles 12] [--workers 1,2,3] [--engine piper]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from narrator.testing.infra import PostgresServer, RedisServer
from narrator.testing.server import Server, submit_and_time

TOPICS = ["harbour", "library", "station", "market", "bridge", "orchard", "foundry", "lighthouse", "museum", "canal",
          "theatre", "allotment", "ferry", "bakery", "observatory", "quarry"]


def article(round_name: str, number: int) -> str:
    """A distinct article of about 250 words in three short chapters."""
    topic = TOPICS[number % len(TOPICS)]
    chapters = []
    for chapter, heading in enumerate(("The morning", "The visitors", "What comes next")):
        chapters.append(f"## {heading}\n\n" + " ".join(
            f"At the {topic}, sentence {sentence} of part {chapter + 1} in round {round_name} notes that "
            f"{number * 3 + sentence} people came by before lunch, and most of them stayed for the talk."
            for sentence in range(4)))
    return f"# A day at the {topic}\n\n" + "\n\n".join(chapters)


def wait_ready(server: Server, logs: list[str], timeout: float = 120) -> None:
    """Until every worker has loaded its voice and is consuming the queue."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all("consuming" in (server.root / log).read_text(errors="replace") for log in logs
               if (server.root / log).exists()) and all((server.root / log).exists() for log in logs):
            return
        time.sleep(0.2)
    raise RuntimeError("workers did not start")


def _new_database(postgres: PostgresServer, database: str) -> str:
    """A fresh database in the cluster; its URL."""
    import psycopg

    with psycopg.connect(f"host=127.0.0.1 port={postgres.port} user=narrator dbname=postgres",
                         autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{database}"')
    return postgres.url.rsplit("/", 1)[0] + "/" + database


def listener_during_import(engine: str, redis_url: str, postgres: PostgresServer, archive: int = 8) -> None:
    """A listener's wait for the first audio with one worker idle, then with it busy on an archive import."""
    import subprocess

    import requests


    from narrator.store import Store

    root = Path(tempfile.mkdtemp(prefix="narrator-listener-"))
    database_url = _new_database(postgres, "round_listener")
    server = Server(root, engine=engine, embedded_worker=False, NARRATOR_QUEUE_URL=redis_url,
                    NARRATOR_DATABASE_URL=database_url)
    try:
        server.start_worker(log="worker-0.log")
        wait_ready(server, ["worker-0.log"])
        idle_first, _, idle_id = submit_and_time(server, article("idle", 0))
        folder = root / "archive"
        folder.mkdir()
        for number in range(archive):
            (folder / f"{number:03d}.md").write_text(article("archive", number))
        subprocess.run([sys.executable, "-m", "narrator", "import", str(folder)], env=server.env, cwd=root,
                       check=True, capture_output=True, timeout=300)
        deadline = time.monotonic() + 120
        while not requests.get(f"{server.base}/api/narrations?status=running", timeout=10).json()["items"]:
            if time.monotonic() > deadline:
                raise RuntimeError("the import never started")
            time.sleep(0.05)
        busy_first, _, listener_id = submit_and_time(server, article("listener", 1))
        rows, _ = Store(database_url).page(100, 0)
        listener_done = next(row.finished_at for row in rows if row.id == listener_id)
        archive_done = sum(1 for row in rows if row.id not in (idle_id, listener_id) and row.finished_at
                           and row.finished_at < listener_done)
        print(f"listener's first audio: idle worker {idle_first:.1f} s; behind a {archive}-article import "
              f"{busy_first:.1f} s ({busy_first / idle_first:.2f}x idle); archive narrations finished before the "
              f"listener's: {archive_done}", flush=True)
    finally:
        server.stop()


def one_round(workers: int, articles: int, engine: str, redis_url: str, postgres: PostgresServer,
              database: str, engine_threads: int = 0, concurrency: int = 1) -> tuple[float, float, int]:
    """(narrations per minute, seconds of audio per wall second, narrations) for `workers` processes, each running
    `concurrency` narrations at once."""
    database_url = _new_database(postgres, database)
    root = Path(tempfile.mkdtemp(prefix=f"narrator-throughput-{workers}-"))
    server = Server(root, engine=engine, embedded_worker=False, NARRATOR_DATABASE_URL=database_url,
                    NARRATOR_QUEUE_URL=redis_url, NARRATOR_ENGINE_THREADS=str(engine_threads))
    try:
        logs = [f"worker-{n}.log" for n in range(workers)]
        for log in logs:
            server.start_worker("--concurrency", str(concurrency), log=log)
        wait_ready(server, logs)
        started = time.perf_counter()
        ids = [server.submit(article(database, n))["id"] for n in range(articles)]
        results = [server.wait(narration_id, timeout=1800) for narration_id in ids]
        elapsed = time.perf_counter() - started
        failed = [r for r in results if r["status"] != "done"]
        if failed:
            raise RuntimeError(f"{len(failed)} narration(s) failed: {failed[0]['error']}")
        audio_s = sum(r["duration_s"] for r in results)
        return articles / elapsed * 60, audio_s / elapsed, len(results)
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=12)
    parser.add_argument("--workers", default="1,2,3")
    parser.add_argument("--engine", default="piper")
    parser.add_argument("--listener", action=argparse.BooleanOptionalAction, default=True,
                        help="also time a listener's first audio behind an archive import")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    redis, postgres = RedisServer(), PostgresServer()
    try:
        print(f"{os.cpu_count()} CPU(s); {args.articles} articles of ~250 words per round; engine {args.engine}; "
              "queue Redis, store PostgreSQL")
        baseline = None
        cores = os.cpu_count() or 1
        rounds = [(workers, 0, 1) for workers in counts]  # (processes, engine_threads, --concurrency)
        if args.engine == "piper":  # one single-threaded voice per core: the archive configuration
            rounds.append((cores, 1, 1))
            rounds.append((1, 0, cores))  # one process, a narration per core (threads split automatically)
        for workers, threads, concurrency in rounds:
            per_minute, audio_rate, done = one_round(workers, args.articles, args.engine, redis.url, postgres,
                                                     f"round_{workers}_{threads}_{concurrency}", threads,
                                                     concurrency)
            baseline = baseline or per_minute
            label = (f"workers={workers}" + (f", engine_threads={threads}" if threads else "")
                     + (f", --concurrency {concurrency}" if concurrency > 1 else ""))
            print(f"{label}: {per_minute:6.1f} narrations/min  {audio_rate:5.1f} s of audio per second  "
                  f"throughput / 1 worker = {per_minute / baseline:.2f}  ({done} done)", flush=True)
        if args.listener:
            listener_during_import(args.engine, redis.url, postgres)
    finally:
        postgres.stop()
        redis.stop()


if __name__ == "__main__":
    main()
