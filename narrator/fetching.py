"""Fetching pages for an import the way a well-behaved crawler does: robots.txt obeyed, one request at a time per
site with a pause between them, bodies capped, every failure an IngestError that says what went wrong."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import urllib.robotparser
from collections.abc import Iterator

from .errors import IngestError

_LOGGER = logging.getLogger(__name__)

USER_AGENT = "narrator-import/0.1 (+https://github.com/narrator)"
ROBOTS_AGENT = "narrator-import"
"""The product token robots.txt rules name (`User-agent: narrator-import`)."""
FETCH_TIMEOUT_S = 30
MAX_ROBOTS_BYTES = 500_000
DEFAULT_DELAY_S = 1.0
"""Pause between two requests to the same site, unless its robots.txt asks for a longer Crawl-delay."""


def _get(url: str, max_bytes: int) -> bytes:
    """The body of a GET (up to one byte over `max_bytes`); urllib's errors pass through."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_S) as response:
        return response.read(max_bytes + 1)


def fetch(url: str, max_bytes: int) -> bytes:
    """GET a URL (http, https or file), refusing bodies over `max_bytes`; errors become IngestError."""
    try:
        body = _get(url, max_bytes)
    except urllib.error.HTTPError as exc:
        raise IngestError(f"cannot fetch {url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise IngestError(f"cannot fetch {url}: {getattr(exc, 'reason', exc)}") from exc
    if len(body) > max_bytes:
        raise IngestError(f"{url} is larger than {max_bytes:,} bytes")
    return body


class PoliteFetcher:
    """Fetches pages of many sites, obeying each site's robots.txt and pausing between requests to one site."""

    def __init__(self, delay_s: float = DEFAULT_DELAY_S, obey_robots: bool = True) -> None:
        self.delay_s = delay_s
        self.obey_robots = obey_robots
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._last_request: dict[str, float] = {}
        """When the last request to each site ended."""
        self._lock = threading.Lock()

    def fetch(self, url: str, max_bytes: int) -> bytes:
        """The page's body, after robots.txt allowed it and the site's pause has passed."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return fetch(url, max_bytes)
        site = f"{parts.scheme}://{parts.netloc}"
        robots = self._robots_for(site) if self.obey_robots else None
        if robots is not None and not robots.can_fetch(ROBOTS_AGENT, url):
            raise IngestError(f"{site}/robots.txt does not allow {ROBOTS_AGENT} to fetch {url} "
                              f"(importing your own site? use --ignore-robots)")
        crawl_delay = float(robots.crawl_delay(ROBOTS_AGENT) or 0) if robots is not None else 0.0
        with self._turn(site, max(self.delay_s, crawl_delay)):
            return fetch(url, max_bytes)

    def _robots_for(self, site: str) -> urllib.robotparser.RobotFileParser:
        """The site's robots.txt rules, read once: a missing file allows everything, 401/403 forbid everything."""
        if site in self._robots:
            return self._robots[site]
        rules = urllib.robotparser.RobotFileParser(f"{site}/robots.txt")
        try:
            with self._turn(site, self.delay_s):
                body = _get(f"{site}/robots.txt", MAX_ROBOTS_BYTES)
            rules.parse(body.decode("utf-8", "replace").splitlines())
        except urllib.error.HTTPError as exc:  # as RobotFileParser.read: 401/403 forbid all, other codes allow all
            rules.disallow_all, rules.allow_all = exc.code in (401, 403), exc.code not in (401, 403)
        except (urllib.error.URLError, OSError, ValueError) as exc:  # unreachable: the page fetches will say so
            rules.allow_all = True
            _LOGGER.info("no robots.txt from %s: %s", site, exc)
        self._robots[site] = rules
        return rules

    @contextlib.contextmanager
    def _turn(self, site: str, pause_s: float) -> Iterator[None]:
        """One request to `site`, begun `pause_s` after the previous one to it ended."""
        with self._lock:
            wait = self._last_request.get(site, float("-inf")) + pause_s - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                yield
            finally:
                self._last_request[site] = time.monotonic()
