"""Workers' sign of life in the queue's storage: each writes the time every few seconds; /healthz reads it."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from huey.constants import EmptyData

_LOGGER = logging.getLogger(__name__)

HEARD_KEY = "narrator:worker-heard"
"""When any worker last wrote its heartbeat (seconds since the epoch)."""
BEAT_S = 5.0
"""How often a worker writes it."""


def beat(storage: Any) -> None:
    """Say this worker is alive now."""
    storage.put_data(HEARD_KEY, repr(time.time()).encode())


def last_heard(storage: Any) -> float | None:
    """When a worker was last heard from (None: never)."""
    value = storage.peek_data(HEARD_KEY)
    return None if value is EmptyData else float(value)


def beat_until(storage: Any, stop: threading.Event, interval_s: float = BEAT_S) -> None:
    """Beat every `interval_s` until `stop` is set (a thread of every worker)."""
    while True:
        try:
            beat(storage)
        except Exception as exc:  # the queue is briefly unreachable: /healthz says so; beat again next time
            _LOGGER.warning("worker heartbeat not written: %s", exc)
        if stop.wait(interval_s):
            return
