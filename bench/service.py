"""Service benchmark on loopback with bounded request counts: prints ratios measured in one run.

- MP3 requests per second served by the app (waitress + Flask) / the same file by Python's static server,
  for whole-file GETs (the static server ignores Range), and the app's rate for 64 KiB range requests.
- Time from submitting a ~1,100-word article to playable audio / the raw narration time of the same article.

Usage: python bench/service.py [--requests 600] [--clients 8]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ARTICLE = ROOT / "narrator" / "samples" / "harbour-lights.txt"

from tests.server import Server, free_port  # noqa: E402  (the same real-server harness the tests use)


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
            started = time.perf_counter()
            submitted = server.submit(text=text)
            done = server.wait(submitted["id"])
            submit_to_playable = time.perf_counter() - started

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
    print(json.dumps({
        "mp3_bytes": size,
        "whole-file GET/s, app / static server": round(app_whole / static_whole, 3),
        "app whole-file GET/s": round(app_whole, 1),
        "static whole-file GET/s": round(static_whole, 1),
        "app 64 KiB range GET/s": round(app_ranges, 1),
        "submit-to-playable / direct narration": round(submit_to_playable / direct, 3),
        "submit_to_playable_s": round(submit_to_playable, 2),
        "direct_narration_s": round(direct, 2),
    }, indent=2))


if __name__ == "__main__":
    main()
