"""Load on loopback, bounded and self-stopping: many listeners streaming and seeking while narrations render.

A real `narrator serve` (waitress + worker, default voice) first narrates a few seed articles. Then N client
threads stream (sequential 256 KiB ranges) and seek (random 64 KiB ranges) in those MP3s while M new articles
are submitted; the run ends when every job has finished or the time limit passes. Prints range-request latency
percentiles under load, the same measured idle in this run (so the ratio is meaningful on a shared machine),
errors, and whether every job finished.

Usage: python bench/load.py [--clients 200] [--submissions 20] [--limit-s 600]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from narrator.testing.server import Server

TOPICS = ["harbour", "ferry", "allotment", "library", "bridge", "market", "orchard", "lighthouse", "choir",
          "bakery", "railway", "museum", "festival", "lifeboat", "bus route", "swimming pool", "cinema", "park",
          "school", "quarry", "canal", "windmill"]


def article(topic: str, number: int) -> str:
    """A short article of our own (about 120 words) that no other submission shares."""
    return (f"# The {topic} question, part {number}\n\n"
            f"Residents met on Tuesday evening to talk about the future of the {topic}. The hall was full, and "
            f"the meeting ran for almost three hours as speaker after speaker took the microphone.\n\n"
            f"Some argued that the {topic} had served the town well for decades and deserved another chance. "
            f"Others said the money would be better spent elsewhere, on roads or on the clinic.\n\n"
            f"## What happens next\n\nThe council will publish its proposals for the {topic} in the spring, and "
            f"a second meeting, number {number + 1}, is planned for the week after. Everyone is welcome.")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))] if ordered else float("nan")


class Listener:
    """One client: streams a narration in 256 KiB ranges and often seeks (scrubs) to a random place.

    A browser playing a 64 kbit/s MP3 needs a 256 KiB range about every 30 s; these listeners ask every 1–4 s,
    a third of the time for a seek, so 200 of them are a heavy, scrubbing-happy audience (~80 requests/s).
    """

    def __init__(self, urls: list[tuple[str, int]], seed: int, stop: threading.Event, latencies: list[float],
                 errors: list[str]) -> None:
        self.urls, self.random, self.stop = urls, random.Random(seed), stop
        self.latencies, self.errors = latencies, errors
        self.session = requests.Session()

    def run(self) -> None:
        url, size = self.random.choice(self.urls)
        position = 0
        while not self.stop.is_set():
            if self.random.random() < 0.3 or position >= size:
                url, size = self.random.choice(self.urls)
                position = self.random.randrange(0, size - 65536)
                length = 65536
            else:
                length = 262144
            end = min(size - 1, position + length - 1)
            started = time.perf_counter()
            try:
                response = self.session.get(url, headers={"Range": f"bytes={position}-{end}"}, timeout=60)
                body = response.content
                if response.status_code != 206 or len(body) != end - position + 1:
                    self.errors.append(f"{response.status_code} for {position}-{end}")
            except requests.RequestException as exc:
                self.errors.append(type(exc).__name__)
            else:
                self.latencies.append(time.perf_counter() - started)
            position = end + 1
            self.stop.wait(self.random.uniform(1.0, 4.0))


def idle_latencies(urls: list[tuple[str, int]], count: int = 200) -> list[float]:
    session, randomizer, found = requests.Session(), random.Random(0), []
    for _ in range(count):
        url, size = randomizer.choice(urls)
        start = randomizer.randrange(0, size - 65536)
        began = time.perf_counter()
        session.get(url, headers={"Range": f"bytes={start}-{start + 65535}"}, timeout=30).raise_for_status()
        found.append(time.perf_counter() - began)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--submissions", type=int, default=20)
    parser.add_argument("--limit-s", type=float, default=600.0)
    parser.add_argument("--engine", default="auto")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(Path(tmp), engine=args.engine, NARRATOR_SUBMIT_RATE_LIMIT="")
        try:
            seeds = [server.wait(server.submit(text=article(topic, 0))["id"]) for topic in TOPICS[:3]]
            urls = [(s["audio_url"], int(requests.head(s["audio_url"], timeout=10).headers["Content-Length"]))
                    for s in seeds]
            idle = idle_latencies(urls)
            stop, latencies, errors = threading.Event(), [], []
            listeners = [Listener(urls, i, stop, latencies, errors) for i in range(args.clients)]
            pool = ThreadPoolExecutor(args.clients)
            for listener in listeners:
                pool.submit(listener.run)
            started = time.perf_counter()
            submitted, submit_latencies = [], []
            for i in range(args.submissions):
                began = time.perf_counter()
                response = requests.post(server.base + "/api/narrations", timeout=120,
                                         json={"text": article(TOPICS[i % len(TOPICS)], i + 1)})
                response.raise_for_status()
                submit_latencies.append(time.perf_counter() - began)
                submitted.append((response.json()["id"], began))
            finished: dict[str, tuple[str, float]] = {}
            while len(finished) < len(submitted) and time.perf_counter() - started < args.limit_s:
                for narration_id, at in submitted:
                    if narration_id not in finished:
                        status = requests.get(f"{server.base}/api/narrations/{narration_id}", timeout=30).json()
                        if status["status"] in ("done", "failed"):
                            finished[narration_id] = (status["status"], time.perf_counter() - at)
                time.sleep(0.5)
            elapsed = time.perf_counter() - started
            stop.set()
            pool.shutdown(wait=True)
        finally:
            server.stop()
    done = [seconds for status, seconds in finished.values() if status == "done"]
    print(json.dumps({
        "clients": args.clients, "submissions": args.submissions, "engine": args.engine,
        "range requests under load": len(latencies),
        "range requests/s under load": round(len(latencies) / elapsed, 1),
        "errors": len(errors), "error samples": errors[:5],
        "jobs done / submitted": f"{len(done)}/{len(submitted)}",
        "jobs failed": sum(1 for status, _ in finished.values() if status == "failed"),
        "range latency p50 ms (load)": round(1000 * percentile(latencies, 0.5), 1),
        "range latency p99 ms (load)": round(1000 * percentile(latencies, 0.99), 1),
        "range latency p50 ms (idle)": round(1000 * statistics.median(idle), 1),
        "p50 under load / p50 idle": round(percentile(latencies, 0.5) / statistics.median(idle), 2),
        "p99 under load / p50 idle": round(percentile(latencies, 0.99) / statistics.median(idle), 2),
        "submit request ms, median / max": [round(1000 * statistics.median(submit_latencies)),
                                            round(1000 * max(submit_latencies))],
        "submit-to-done s, median / max": [round(statistics.median(done), 1), round(max(done), 1)] if done else None,
        "wall s": round(elapsed, 1),
    }, indent=2))


if __name__ == "__main__":
    main()
