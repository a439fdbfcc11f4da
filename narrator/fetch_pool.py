"""A bounded pool for the app's page fetches: off the request threads, one more than fits refused at once."""

from __future__ import annotations

import logging
import math
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

from .errors import BusyError
from .fetching import late

_LOGGER = logging.getLogger(__name__)

T = TypeVar("T")
GRACE_S = 2.0
"""How much longer than the fetch deadline a request waits for its fetch thread before answering on its own."""


class FetchPool:
    """At most `slots` fetches at once, at most `per_site` of them to one site (half the slots by default), each
    waited for no longer than `deadline_s` (plus a little grace); one more is refused at once with a BusyError."""

    def __init__(self, slots: int, deadline_s: float, per_site: int | None = None) -> None:
        self.slots, self.deadline_s = slots, deadline_s
        self.per_site = per_site or max(1, slots // 2)
        self._executor = ThreadPoolExecutor(max_workers=slots, thread_name_prefix="fetch")
        self._lock = threading.Lock()
        self._busy = 0
        self._sites: Counter[str] = Counter()

    def run(self, site: str, fetch: Callable[[], T], url: str = "") -> T:
        """`fetch()`'s result, run on a pool thread; BusyError when the pool or the site's share is full."""
        self._admit(site)
        future = self._executor.submit(fetch)
        future.add_done_callback(lambda _done: self._release(site))
        try:
            return future.result(timeout=self.deadline_s + GRACE_S)
        except FutureTimeout:
            _LOGGER.warning("fetch of %s still running past its deadline; answered without it", url or site)
            raise late(url or site, self.deadline_s) from None

    def busy(self) -> int:
        """Fetches running now."""
        with self._lock:
            return self._busy

    def _admit(self, site: str) -> None:
        retry_after = math.ceil(self.deadline_s)
        with self._lock:
            if self._busy >= self.slots:
                raise BusyError(f"this server is already fetching {self.slots} web pages, its limit; try again in "
                                f"{retry_after} s, or paste the article's text", retry_after)
            if self._sites[site] >= self.per_site:
                raise BusyError(f"this server is already fetching {self._sites[site]} pages from {site}, its limit "
                                f"for one site; try again in {retry_after} s, or paste the article's text",
                                retry_after)
            self._busy += 1
            self._sites[site] += 1

    def _release(self, site: str) -> None:
        with self._lock:
            self._busy -= 1
            self._sites[site] -= 1
            if not self._sites[site]:
                del self._sites[site]
