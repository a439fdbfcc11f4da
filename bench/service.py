"""Service benchmark on loopback with bounded request counts: prints ratios measured in one run.

- MP3 requests per second served by the app (waitress + Flask) / the same file by Python's static server,
  for whole-file GETs (the static server ignores Range), and the app's rate for 64 KiB range requests.
- Time from submitting a ~1,100-word article to its first playable part, and to the finished narration,
  / the raw narration time of the same article (Piper).
- Time from pressing "Narrate" on the index page to audio playing in headless Chromium (listen while it
  renders), on a second fresh server so no sentence is cached.

Usage: python bench/service.py [--requests 600] [--clients 8]
"""

from __future__ import annotations

import argparse
import json
import random
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


def browser_first_audio(root: Path, text: str) -> tuple[float, float]:
    """Seconds from pressing Narrate on the index page to audio playing, and to the job being done."""
    from narrator.testing.browser import chromium, submit_and_play

    root.mkdir()
    server = Server(root, engine="piper")
    try:
        server.warm_up()
        with chromium() as browser:
            narration_id, playing = submit_and_play(browser.new_page(), server.base, text)
            started = time.perf_counter() - playing
            server.wait(narration_id)
            return playing, time.perf_counter() - started
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
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
                n = args.requests
                app_whole = rate([(done["audio_url"], {})] * (n // 4), args.clients)
                static_whole = rate([(f"http://127.0.0.1:{port}/{mp3.name}", {})] * (n // 4), args.clients)
                randomizer = random.Random(1)
                ranges = []
                for _ in range(n):
                    start = randomizer.randrange(0, size - 65536)
                    ranges.append((done["audio_url"], {"Range": f"bytes={start}-{start + 65535}"}))
                app_ranges = rate(ranges, args.clients)
            finally:
                static.terminate()
        finally:
            server.stop()
        browser_playing, browser_done = browser_first_audio(root / "browser", text)
    print(json.dumps({
        "mp3_bytes": size,
        "whole-file GET/s, app / static server": round(app_whole / static_whole, 3),
        "app whole-file GET/s": round(app_whole, 1),
        "static whole-file GET/s": round(static_whole, 1),
        "app 64 KiB range GET/s": round(app_ranges, 1),
        "submit-to-done / direct narration": round(submit_to_done / direct, 3),
        "submit-to-first-part / submit-to-done": round(first_part / submit_to_done, 3),
        "browser: submit-to-audio-playing / submit-to-done": round(browser_playing / browser_done, 3),
        "submit_to_first_part_s (median of 3)": round(first_part, 2),
        "submit_to_first_part_s (all)": [round(f, 2) for f in firsts],
        "browser_submit_to_playing_s": round(browser_playing, 2),
        "submit_to_done_s": round(submit_to_done, 2),
        "direct_narration_s": round(direct, 2),
    }, indent=2))


if __name__ == "__main__":
    main()
