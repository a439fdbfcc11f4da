"""Fetching pages for an import the way a well-behaved crawler does: robots.txt obeyed, one request at a time per
site with a pause between them, bodies capped, every failure an IngestError that says what went wrong."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import urllib.robotparser
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message

from .errors import FetchError, IngestError, InputTooLargeError
from .netguard import BlockedAddressError

_LOGGER = logging.getLogger(__name__)

USER_AGENT = "narrator-import/0.1 (+https://github.com/narrator)"
ROBOTS_AGENT = "narrator-import"
"""The product token robots.txt rules name (`User-agent: narrator-import`)."""
FETCH_TIMEOUT_S = 30
MAX_ROBOTS_BYTES = 500_000
DEFAULT_DELAY_S = 1.0
"""Pause between two requests to the same site, unless its robots.txt asks for a longer Crawl-delay."""
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECT_CODES = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class Page:
    """A fetched web page: where it ended up after redirects, its body and the charset its server declared."""

    url: str
    body: bytes
    charset: str = ""

    def text(self) -> str:
        """The body decoded with the declared charset, else UTF-8 (undecodable bytes replaced)."""
        try:
            return self.body.decode(self.charset or "utf-8")
        except (LookupError, UnicodeDecodeError):
            return self.body.decode("utf-8", "replace")


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

    def __init__(self, delay_s: float = DEFAULT_DELAY_S, obey_robots: bool = True, *,
                 opener: urllib.request.OpenerDirector | None = None, user_agent: str = USER_AGENT,
                 robots_agent: str = ROBOTS_AGENT, robots_max_age_s: float | None = None,
                 timeout_s: float = FETCH_TIMEOUT_S) -> None:
        self.delay_s = delay_s
        self.obey_robots = obey_robots
        self.user_agent, self.robots_agent = user_agent, robots_agent
        self.robots_max_age_s = robots_max_age_s
        """Re-read a site's robots.txt after this long (a long-running server); None keeps it for good."""
        self.timeout_s = timeout_s
        self._opener = opener or urllib.request.build_opener()
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser]] = {}
        self._last_request: dict[str, float] = {}
        """When the last request to each site ended."""
        self._lock = threading.Lock()
        self._site_locks: dict[str, threading.Lock] = {}

    def fetch(self, url: str, max_bytes: int) -> bytes:
        """The page's body, after robots.txt allowed it and the site's pause has passed."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return fetch(url, max_bytes)
        site = f"{parts.scheme}://{parts.netloc}"
        pause = self._robots_pause(url, "(importing your own site? use --ignore-robots)")
        with self._turn(site, pause):
            return fetch(url, max_bytes)

    def fetch_page(self, url: str, max_bytes: int) -> Page:
        """A web page (HTML) for a listener: http/https only, robots.txt and the opener's address policy checked on
        every redirect hop, the body capped, the content type checked; every refusal a FetchError saying why."""
        for _hop in range(MAX_REDIRECTS + 1):
            parts = urllib.parse.urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise FetchError(f"{url!r} is not a web address: only http:// and https:// addresses can be fetched")
            pause = self._robots_pause(url, "(you can still open the page and use the \"Listen to this page\" "
                                            "bookmarklet, or paste its text)")
            with self._turn(f"{parts.scheme}://{parts.netloc}", pause):
                try:
                    with self._open(url) as response:
                        content_type, charset = _content_type(response.headers)
                        if content_type and content_type not in HTML_TYPES:
                            raise FetchError(f"{url} is {content_type}, not a web page (HTML); narrator reads web "
                                             "pages: paste the text or upload the file instead")
                        body = response.read(max_bytes + 1)
                except urllib.error.HTTPError as exc:
                    location = exc.headers.get("Location") if exc.code in REDIRECT_CODES else None
                    if not location:
                        raise FetchError(f"{url} answered HTTP {exc.code} {exc.reason}: check the address "
                                         "(is the page public?)") from exc
                    url = urllib.parse.urljoin(url, location)
                    continue
                except (urllib.error.URLError, OSError, ValueError) as exc:
                    raise _connection_error(url, exc) from exc
            if len(body) > max_bytes:
                raise InputTooLargeError(f"{url} is larger than the limit of {max_bytes:,} bytes; "
                                         "paste the article's text instead")
            return Page(url, body, charset)
        raise FetchError(f"{url} redirects more than {MAX_REDIRECTS} times")

    def _robots_pause(self, url: str, hint: str) -> float:
        """The pause before a request to `url` (its site's Crawl-delay or ours); FetchError if robots.txt forbids it."""
        if not self.obey_robots:
            return self.delay_s
        parts = urllib.parse.urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        robots = self._robots_for(site)
        if not robots.can_fetch(self.robots_agent, url):
            raise FetchError(f"{site}/robots.txt does not allow {self.robots_agent} to fetch {url} {hint}")
        return max(self.delay_s, float(robots.crawl_delay(self.robots_agent) or 0))

    def _open(self, url: str):
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        return self._opener.open(request, timeout=self.timeout_s)

    def _robots_for(self, site: str) -> urllib.robotparser.RobotFileParser:
        """The site's robots.txt rules, read once (or once per `robots_max_age_s`): a missing file allows everything,
        401/403 forbid everything."""
        if site in self._robots:
            read_at, cached = self._robots[site]
            if self.robots_max_age_s is None or time.monotonic() - read_at < self.robots_max_age_s:
                return cached
        rules = urllib.robotparser.RobotFileParser(f"{site}/robots.txt")
        try:
            with self._turn(site, self.delay_s):
                with self._open(f"{site}/robots.txt") as response:
                    body = response.read(MAX_ROBOTS_BYTES)
            rules.parse(body.decode("utf-8", "replace").splitlines())
        except urllib.error.HTTPError as exc:  # as RobotFileParser.read: 401/403 forbid all, other codes allow all
            rules.disallow_all, rules.allow_all = exc.code in (401, 403), exc.code not in (401, 403)
        except (urllib.error.URLError, OSError, ValueError) as exc:  # unreachable: the page fetches will say so
            rules.allow_all = True
            _LOGGER.info("no robots.txt from %s: %s", site, exc)
        self._robots[site] = (time.monotonic(), rules)
        return rules

    @contextlib.contextmanager
    def _turn(self, site: str, pause_s: float) -> Iterator[None]:
        """One request to `site`, begun `pause_s` after the previous one to it ended (other sites do not wait)."""
        with self._lock:
            site_lock = self._site_locks.setdefault(site, threading.Lock())
        with site_lock:
            wait = self._last_request.get(site, float("-inf")) + pause_s - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                yield
            finally:
                self._last_request[site] = time.monotonic()


def _content_type(headers: Message) -> tuple[str, str]:
    """The media type (lower case) and charset of a response."""
    return headers.get_content_type().lower() if headers.get("Content-Type") else "", headers.get_content_charset() or ""


def _connection_error(url: str, exc: Exception) -> FetchError:
    """A FetchError for a failure to reach `url`, naming a refused address plainly."""
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, BlockedAddressError):
        return FetchError(f"refusing to fetch {url}: {reason}, and this server does not fetch addresses on its own "
                          "or private networks")
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return FetchError(f"cannot fetch {url}: the site did not answer in time; try again later")
    return FetchError(f"cannot fetch {url}: {reason}; check the address")
