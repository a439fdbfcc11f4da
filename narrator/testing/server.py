"""A real narrator server process for tests and benchmarks: `narrator serve` (and workers) in a temporary folder."""

from __future__ import annotations

import os
import resource
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ARTICLE = ("# The pier reopens\n\nThe pier reopened on Saturday after two years of repairs. Crowds gathered early, "
           "and nobody wanted to miss the first walk to the end.\n\n## What comes next\n\nThe council says the "
           "cafe at the end of the pier will open in the spring, if the weather allows the work to finish.")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _file_size_limit(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


class Server:
    """`narrator serve` (and optionally separate workers) in a temporary folder."""

    def __init__(self, root: Path, engine: str = "fake", embedded_worker: bool = True, args: tuple[str, ...] = (),
                 file_size_limit: int = 0, global_args: tuple[str, ...] = (), **env: str) -> None:
        """`file_size_limit` (bytes) caps every file the server and its workers write (RLIMIT_FSIZE): a full disk
        without mount rights. `global_args` come before `serve` (e.g. "-v")."""
        self.root = root
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, NARRATOR_ENGINE=engine, NARRATOR_DATA_DIR=str(root),
                        NARRATOR_DATABASE_URL=f"sqlite:///{root}/narrator.db",
                        NARRATOR_QUEUE_URL=f"sqlite:///{root}/queue.db", NARRATOR_OUT_DIR=str(root / "out"),
                        NARRATOR_CACHE_DIR=str(root / "cache"), NARRATOR_PUBLIC_BASE_URL=self.base,
                        NARRATOR_SUBMIT_RATE_LIMIT="1000 per minute", NARRATOR_SECRET_KEY="test-secret")
        self.env.update(env)
        command = [sys.executable, "-m", "narrator", *global_args, "serve", "--port", str(self.port), *args]
        if not embedded_worker:
            command.append("--no-worker")
        self.process = subprocess.Popen(command, env=self.env, cwd=root, stdout=subprocess.DEVNULL,
                                        stderr=open(root / "server.log", "wb"), start_new_session=True,
                                        preexec_fn=_file_size_limit(file_size_limit) if file_size_limit else None)
        self.workers: list[subprocess.Popen] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.base + "/livez", timeout=2).ok:  # up, whatever its dependencies say
                    return
            except requests.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError((root / "server.log").read_text())

    def start_worker(self, *args: str, log: str = "worker.log", **env: str) -> subprocess.Popen:
        """`narrator -v worker ARGS` with the server's settings (plus `env`), logging to `log` in the root."""
        worker = subprocess.Popen([sys.executable, "-m", "narrator", "-v", "worker", *args],
                                  env={**self.env, **env}, cwd=self.root, stdout=subprocess.DEVNULL,
                                  stderr=open(self.root / log, "ab"))
        self.workers.append(worker)
        return worker

    def submit(self, text: str = ARTICLE, **fields: str) -> dict:
        response = requests.post(self.base + "/api/narrations", json={"text": text, **fields}, timeout=30)
        assert response.status_code == 202, response.text
        return response.json()

    def wait(self, narration_id: str, statuses=("done", "failed"), timeout: float = 300) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            narration = requests.get(f"{self.base}/api/narrations/{narration_id}", timeout=10).json()
            if narration["status"] in statuses:
                return narration
            time.sleep(0.1)
        raise AssertionError(f"narration stuck: {narration}")

    def warm_up(self) -> None:
        """Narrate a one-line article, so the worker has loaded its voice before anything is measured."""
        self.wait(self.submit(text="The worker is ready.", title="Warm-up")["id"])

    def stop(self) -> None:
        for worker in self.workers:
            worker.kill()
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except ProcessLookupError:  # the test stopped it already
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)


def submit_and_time(server: Server, text: str) -> tuple[float, float, str]:
    """Seconds from submit to the first playable part and to `done`, polling the API every 50 ms."""
    started = time.perf_counter()
    narration_id = server.submit(text=text)["id"]
    first_part = None
    while True:
        narration = requests.get(f"{server.base}/api/narrations/{narration_id}", timeout=10).json()
        if first_part is None and (narration["parts"] or narration["status"] == "done"):
            first_part = time.perf_counter() - started
        if narration["status"] in ("done", "failed"):
            return first_part, time.perf_counter() - started, narration_id
        time.sleep(0.05)
