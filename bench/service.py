"""Service benchmark on loopback with bounded request counts: prints ratios measured in one run.

- MP3 requests per second served by the app (waitress + Flask) / the same file by Python's static server,
  for whole-file GETs (the static server ignores Range), and the app's rate for 64 KiB range requests.
- Time from submitting a ~1,100-word article to its first playable part, and to the finished narration,
  / the raw narration time of the same article (Piper).
- Time from pressing "Narrate" on the index page to audio playing in headless Chromium (listen while it
  renders), on a second fresh server, `--browser-runs` times with a new title and new sentences each time so no
  sentence is cached: median, min and max, and where the time of the median run went (the request, the queue,
  the worker up to its first part published, then the player).

Usage: python bench/service.py [--requests 600] [--clients 8] [--browser-runs 3] [--browser-only]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from narrator.testing.server import Server, free_port, submit_and_time

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "narrator" / "samples" / "harbour-lights.txt"


def rate(urls: list[tuple[str, dict[str, str]]], clients: int) -> float:
    """Requests per second for these (url, headers) with `clients` concurrent sessions."""
    local = threading.local()

    def fetch(item: tuple[str, dict[str, str]]) -> int:
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        response = session.get(item[0], headers=item[1], timeout=30)
        response.raise_for_status()
        return len(response.content)

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(fetch, urls))
    return len(urls) / (time.perf_counter() - started)


def variants(text: str) -> list[str]:
    """The article with every sentence changed, so no sentence audio is cached."""
    return [text.replace(". ", f". {word} ").replace("\n\n", f"\n\n{word}, ") for word in ("Indeed", "Still")]


def fresh_variant(text: str, run: int) -> str:
    """The article under a new title with every sentence changed: nothing of it is cached (not even the intro)."""
    word = ("Indeed", "Still", "Meanwhile", "Even so", "Besides", "Later", "Again", "Then", "Now")[run % 9]
    title, _, body = text.strip().partition("\n")
    return f"{title} ({word})\n" + body.replace(". ", f". {word} ").replace("\n\n", f"\n\n{word}, ")


def _stored(root: Path, narration_id: str) -> tuple[float, float, dict[str, float]]:
    """Seconds from the narration's creation to a worker claiming it, and its stored timings."""
    with sqlite3.connect(root / "narrator.db") as db:
        created, started, timings = db.execute(
            "SELECT created_at, started_at, timings FROM narrations WHERE id = ?", (narration_id,)).fetchone()
    created_at, started_at = (dt.datetime.fromisoformat(value).replace(tzinfo=dt.timezone.utc)
                              for value in (created, started))
    return (started_at - created_at).total_seconds(), created_at.timestamp(), json.loads(timings or "{}")


def browser_first_audio(root: Path, text: str, runs: int) -> list[dict[str, float]]:
    """Per run: seconds from pressing Narrate on the index page to audio playing, to the job being done, and
    where the time to audio went."""
    from narrator.testing.browser import chromium, submit_and_play

    root.mkdir()
    server = Server(root, engine="piper")
    results = []
    try:
        server.warm_up()
        with chromium() as browser:
            for run in range(runs):
                narration_id, playing = submit_and_play(browser.new_page(), server.base, fresh_variant(text, run))
                pressed, started = time.time() - playing, time.perf_counter() - playing
                server.wait(narration_id, timeout=1800)
                done = time.perf_counter() - started
                queued_s, created, timings = _stored(root, narration_id)
                request_s = created - pressed
                worker_s = timings.get("at: first part published", 0.0)
                results.append({
                    "playing_s": playing, "done_s": done,
                    "press to stored (page, request)": request_s,
                    "stored to claimed (queue)": queued_s,
                    "claimed to first part published (worker)": worker_s,
                    "of which: article prepared": timings.get("prepare", 0.0),
                    "of which: first segment leveled": timings.get("at: first segment ready", 0.0),
                    "published to 0.2 s played (player)": playing - request_s - queued_s - worker_s,
                })
    finally:
        server.stop()
    return results


def _spread(values: list[float]) -> dict[str, object]:
    return {"median": round(statistics.median(values), 2), "min": round(min(values), 2),
            "max": round(max(values), 2), "all": [round(v, 2) for v in values]}


def browser_report(runs: list[dict[str, float]]) -> dict[str, object]:
    """The browser figures: spread of each, and the breakdown of the median run."""
    middle = sorted(runs, key=lambda run: run["playing_s"])[len(runs) // 2]
    return {
        "browser: submit-to-audio-playing / submit-to-done (median run)": round(
            middle["playing_s"] / middle["done_s"], 3),
        f"browser_submit_to_playing_s ({len(runs)} runs)": _spread([run["playing_s"] for run in runs]),
        "browser_submit_to_done_s": _spread([run["done_s"] for run in runs]),
        "browser: where the median run's time to audio went (s)": {
            key: round(value, 2) for key, value in middle.items() if key not in ("playing_s", "done_s")},
    }


def request_rates(root: Path, requests_count: int, clients: int) -> dict[str, object]:
    """Request rates and submit-to-first-part times on one fresh server, and a direct narration to compare."""
    root.mkdir()
    server = Server(root, engine="piper")
    try:
        text = ARTICLE.read_text("utf-8")
        server.warm_up()
        first_part, submit_to_done, narration_id = submit_and_time(server, text)
        done = server.wait(narration_id)
        # Two more fresh articles (nothing cached) for the median time to the first part.
        firsts = [first_part] + [submit_and_time(server, variant)[0] for variant in variants(text)]
        first_part = statistics.median(firsts)

        from narrator.config import Settings
        from narrator.pipeline import narrate

        settings = Settings.load(env={}, out_dir=str(root / "direct"), cache_dir=str(root / "direct-cache"))
        started = time.perf_counter()
        narrate(text, settings=settings)
        direct = time.perf_counter() - started

        mp3 = root / "out" / f"{done['id']}.mp3"
        size = mp3.stat().st_size
        port = free_port()
        static = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                   "--directory", str(mp3.parent)], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        try:
            app_whole = rate([(done["audio_url"], {})] * (requests_count // 4), clients)
            static_whole = rate([(f"http://127.0.0.1:{port}/{mp3.name}", {})] * (requests_count // 4), clients)
            randomizer = random.Random(1)
            ranges = []
            for _ in range(requests_count):
                start = randomizer.randrange(0, size - 65536)
                ranges.append((done["audio_url"], {"Range": f"bytes={start}-{start + 65535}"}))
            app_ranges = rate(ranges, clients)
        finally:
            static.terminate()
    finally:
        server.stop()
    return {
        "mp3_bytes": size,
        "whole-file GET/s, app / static server": round(app_whole / static_whole, 3),
        "app whole-file GET/s": round(app_whole, 1),
        "static whole-file GET/s": round(static_whole, 1),
        "app 64 KiB range GET/s": round(app_ranges, 1),
        "submit-to-done / direct narration": round(submit_to_done / direct, 3),
        "submit-to-first-part / submit-to-done": round(first_part / submit_to_done, 3),
        "submit_to_first_part_s (median of 3)": round(first_part, 2),
        "submit_to_first_part_s (all)": [round(f, 2) for f in firsts],
        "submit_to_done_s": round(submit_to_done, 2),
        "direct_narration_s": round(direct, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--browser-runs", type=int, default=3, help="times to measure first audio in Chromium")
    parser.add_argument("--browser-only", action="store_true", help="measure first audio in Chromium only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        report = {} if args.browser_only else request_rates(root / "rates", args.requests, args.clients)
        report.update(browser_report(browser_first_audio(root / "browser", ARTICLE.read_text("utf-8"),
                                                         args.browser_runs)))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
