"""`narrator serve`'s worker process: restarted with backoff when it dies, stopped on every exit, never orphaned."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence

_LOGGER = logging.getLogger(__name__)

FIRST_RESTART_S = 1.0
"""Wait before restarting a worker that died; doubled for each quick death in a row."""
MAX_RESTART_S = 30.0
HEALTHY_AFTER_S = 60.0
"""A worker that ran this long before dying was healthy: the next restart waits FIRST_RESTART_S again."""
STOP_MARGIN_S = 10.0
"""How much longer than the worker's own shutdown grace `stop` waits before killing it."""
PARENT_POLL_S = 1.0


def restart_delay(quick_deaths: int) -> float:
    """Seconds before the next start after `quick_deaths` deaths in a row of a worker that had not run long."""
    return min(MAX_RESTART_S, FIRST_RESTART_S * 2 ** quick_deaths)


class WorkerSupervisor:
    """Runs `command` (a worker) and starts it again after it dies, until `stop`; `on_death(pid)` runs after each
    unexpected death, before the restart (to re-queue what the dead worker held)."""

    def __init__(self, command: Sequence[str], grace_s: float, on_death: Callable[[int], None] | None = None) -> None:
        self.command = list(command)
        self.grace_s = grace_s
        self.on_death = on_death
        self.process: subprocess.Popen | None = None
        self.restarts = 0
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._watch, name="worker-supervisor", daemon=True)

    def start(self) -> "WorkerSupervisor":
        """Start the worker and watch it."""
        self._spawn()
        self._thread.start()
        return self

    def begin_stop(self) -> None:
        """From now on a death is expected: no restart (called first thing on SIGTERM/SIGINT)."""
        self._stopping.set()

    def stop(self) -> None:
        """Stop the worker gracefully (SIGTERM: its narration finishes within its grace or is re-queued), killing
        it if it outstays that; returns once it has exited."""
        self._stopping.set()
        with self._lock:
            process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=self.grace_s + STOP_MARGIN_S)
            except subprocess.TimeoutExpired:
                _LOGGER.warning("worker %d did not stop within %.0f s; killing it", process.pid,
                                self.grace_s + STOP_MARGIN_S)
                process.kill()
                process.wait()
        self._thread.join(timeout=5)

    def _spawn(self) -> None:
        with self._lock:
            if not self._stopping.is_set():
                self.process = subprocess.Popen([*self.command, "--parent", str(os.getpid())])

    def _watch(self) -> None:
        quick_deaths = 0
        while True:
            with self._lock:
                process = self.process
            if process is None:
                return
            started = time.monotonic()
            code = process.wait()
            if self._stopping.is_set():
                return
            ran_s = time.monotonic() - started
            quick_deaths = 0 if ran_s >= HEALTHY_AFTER_S else quick_deaths + 1
            delay = restart_delay(quick_deaths - 1)
            _LOGGER.warning("worker %d exited (%s) after %.0f s; starting another in %.0f s", process.pid,
                            _exit_reason(code), ran_s, delay)
            if self.on_death is not None:
                try:
                    self.on_death(process.pid)
                except Exception:  # the store is briefly unreachable: the lease lapses and recovery re-queues
                    _LOGGER.exception("could not re-queue the narrations of worker %d", process.pid)
            if self._stopping.wait(delay):
                return
            self._spawn()
            self.restarts += 1


def _exit_reason(code: int) -> str:
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


def stop_with_parent(parent_pid: int, poll_s: float = PARENT_POLL_S) -> threading.Thread:
    """A thread that sends this process SIGTERM (a graceful stop) once `parent_pid` is no longer its parent: a
    worker whose `narrator serve` was killed outright does not live on as an orphan."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(poll_s)
        _LOGGER.warning("the serving process %d is gone; stopping this worker", parent_pid)
        os.kill(os.getpid(), signal.SIGTERM)

    thread = threading.Thread(target=watch, name="parent-watch", daemon=True)
    thread.start()
    return thread
