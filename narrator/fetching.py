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
from typing import Any

from .errors import FetchError, IngestError, InputTooLargeError
from .netguard import BlockedAddressError, guarded_opener, public_only
from .pagebody import binary_kind, decode_page, decompress

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
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
              "text/plain", *HTML_TYPES)
"""What feeds are served as (many servers send a feed as text/xml, text/plain or even text/html)."""
REDIRECT_CODES = (301, 302, 303, 307, 308)
READ_CHUNK = 65_536
ACCEPT_ENCODING = "gzip, deflate"


class Deadline:
    """One overall time budget for a fetch, however many steps (robots.txt, waits, hops, reads) it takes."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._ends = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds left (negative once it has passed)."""
        return self._ends - time.monotonic()

    def check(self, url: str) -> float:
        """The seconds left; FetchError once the deadline has passed."""
        left = self.left()
        if left <= 0:
            raise late(url, self.seconds)
        return left


def late(url: str, seconds: float) -> FetchError:
    """The refusal of a site slower than the deadline."""
    return FetchError(f"cannot fetch {url}: the site did not answer in time (the limit is {seconds:g} s for the "
                      "whole page); try again later or paste the article's text")


@dataclass(frozen=True)
class Page:
    """A fetched web page: where it ended up after redirects, its body and the charset its server declared."""

    url: str
    body: bytes
    charset: str = ""

    def text(self) -> str:
        """The body decoded: a BOM, the declared charset (header, then <meta>), else UTF-8, else windows-1252."""
        return decode_page(self.body, self.charset)


@dataclass(frozen=True)
class Wanted:
    """What a fetch is for: the content types it accepts, and how a refusal names it."""

    types: tuple[str, ...]
    name: str
    instead: str
    """What the reader can do instead when the address is not one."""


PAGE = Wanted(HTML_TYPES, "a web page (HTML)", "paste the text or upload the file instead")
FEED = Wanted(FEED_TYPES, "an RSS or Atom feed", "give the address of the feed itself")
LISTENER_ROBOTS_HINT = "(you can still open the page and use the \"Listen to this page\" bookmarklet, or paste its text)"


class PoliteFetcher:
    """Fetches pages of many sites, obeying each site's robots.txt and pausing between requests to one site."""

    def __init__(self, delay_s: float = DEFAULT_DELAY_S, obey_robots: bool = True, *,
                 opener: urllib.request.OpenerDirector | None = None, user_agent: str = USER_AGENT,
                 robots_agent: str = ROBOTS_AGENT, robots_max_age_s: float | None = None,
                 timeout_s: float = FETCH_TIMEOUT_S, deadline_s: float | None = None) -> None:
        self.delay_s = delay_s
        self.obey_robots = obey_robots
        self.user_agent, self.robots_agent = user_agent, robots_agent
        self.robots_max_age_s = robots_max_age_s
        """Re-read a site's robots.txt after this long (a long-running server); None keeps it for good."""
        self.timeout_s = timeout_s
        """The longest wait for any one read from a site."""
        self.deadline_s = deadline_s or timeout_s
        """The longest a whole page fetch (`fetch_page`: robots.txt, turns, redirects, body) may take."""
        self._opener = opener or guarded_opener(public_only)  # public addresses only unless told otherwise
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser]] = {}
        self._last_request: dict[str, float] = {}
        """When the last request to each site ended."""
        self._lock = threading.Lock()
        self._site_locks: dict[str, threading.Lock] = {}

    def fetch_page(self, url: str, max_bytes: int, wanted: Wanted = PAGE, robots_hint: str = LISTENER_ROBOTS_HINT
                   ) -> Page:
        """A web page (HTML, or what `wanted` names): http/https only, robots.txt and the opener's address policy
        checked on every redirect hop, the body capped and decompressed, the content type checked, all within
        `deadline_s`; every refusal a FetchError saying why (`robots_hint` says what to do when robots.txt forbids)."""
        deadline = Deadline(self.deadline_s)
        visited: list[str] = []
        previous_site = ""
        for _hop in range(MAX_REDIRECTS + 1):
            if url in visited:
                raise FetchError(f"{visited[0]} redirects in a loop ({' -> '.join(visited[visited.index(url):])} -> "
                                 f"{url}); check the address")
            visited.append(url)
            parts = urllib.parse.urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise FetchError(f"{url!r} is not a web address: only http:// and https:// addresses can be fetched")
            site = f"{parts.scheme}://{parts.netloc}"
            pause = self._robots_pause(url, robots_hint, deadline)
            if site == previous_site:
                pause = 0.0  # a redirect within the site is the same page's fetch going on, as a browser follows it
            previous_site = site
            with self._turn(site, pause, deadline, url):
                try:
                    with self._open(url, deadline) as response:
                        content_type, charset = _content_type(response.headers)
                        if content_type and content_type not in wanted.types:
                            raise FetchError(f"{url} is {content_type}, not {wanted.name}; {wanted.instead}")
                        body = self._read(response, max_bytes, deadline, url)
                        if len(body) > max_bytes:
                            raise InputTooLargeError(f"{url} is larger than the limit of {max_bytes:,} bytes; "
                                                     "paste the article's text instead")
                        body = decompress(body, response.headers.get("Content-Encoding", ""), max_bytes, url)
                        kind = binary_kind(body, charset)
                        if kind:
                            raise FetchError(f"{url} is {kind}, not {wanted.name}: its server "
                                             f"{'sent no content type' if not content_type else 'says ' + content_type}; "
                                             f"{wanted.instead}")
                except urllib.error.HTTPError as exc:
                    location = exc.headers.get("Location") if exc.code in REDIRECT_CODES else None
                    if not location:
                        raise FetchError(f"{url} answered HTTP {exc.code} {exc.reason}: check the address "
                                         "(is the page public?)") from exc
                    url = urllib.parse.urljoin(url, location)
                    continue
                except (urllib.error.URLError, OSError, ValueError) as exc:
                    if deadline.left() <= 0:
                        raise late(url, deadline.seconds) from exc
                    raise _connection_error(url, exc) from exc
            return Page(url, body, charset)
        raise FetchError(f"{url} redirects more than {MAX_REDIRECTS} times")

    def _robots_pause(self, url: str, hint: str, deadline: Deadline | None = None) -> float:
        """The pause before a request to `url` (its site's Crawl-delay or ours); FetchError if robots.txt forbids it."""
        if not self.obey_robots:
            return self.delay_s
        parts = urllib.parse.urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        robots = self._robots_for(site, deadline)
        if not robots.can_fetch(self.robots_agent, url):
            raise FetchError(f"{site}/robots.txt does not allow {self.robots_agent} to fetch {url} {hint}")
        return max(self.delay_s, float(robots.crawl_delay(self.robots_agent) or 0))

    def _open(self, url: str, deadline: Deadline | None = None):
        headers = {"User-Agent": self.user_agent}
        if deadline is not None:
            headers["Accept-Encoding"] = ACCEPT_ENCODING
        timeout = self.timeout_s if deadline is None else min(self.timeout_s, deadline.check(url))
        return self._opener.open(urllib.request.Request(url, headers=headers), timeout=timeout)

    def _read(self, response: Any, max_bytes: int, deadline: Deadline | None, url: str) -> bytes:
        """Up to one byte over `max_bytes` of the body, before the deadline: each read waits only for the time left,
        so a site dripping bytes is cut off when the deadline passes."""
        if deadline is None:
            return response.read(max_bytes + 1)
        sock = _socket_of(response)
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:
            left = deadline.check(url)
            if sock is not None:
                sock.settimeout(min(left, self.timeout_s))
            chunk = response.read1(min(READ_CHUNK, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)

    def _robots_for(self, site: str, deadline: Deadline | None = None) -> urllib.robotparser.RobotFileParser:
        """The site's robots.txt rules, read once (or once per `robots_max_age_s`): a missing file allows everything,
        401/403 forbid everything."""
        if site in self._robots:
            read_at, cached = self._robots[site]
            if self.robots_max_age_s is None or time.monotonic() - read_at < self.robots_max_age_s:
                return cached
        rules = urllib.robotparser.RobotFileParser(f"{site}/robots.txt")
        try:
            with self._turn(site, self.delay_s, deadline, f"{site}/robots.txt"):
                with self._open(f"{site}/robots.txt", deadline) as response:
                    body = self._read(response, MAX_ROBOTS_BYTES, deadline, f"{site}/robots.txt")[:MAX_ROBOTS_BYTES]
                    body = decompress(body, response.headers.get("Content-Encoding", ""), MAX_ROBOTS_BYTES, site)
            rules.parse(body.decode("utf-8", "replace").splitlines())
        except urllib.error.HTTPError as exc:  # as RobotFileParser.read: 401/403 forbid all, other codes allow all
            rules.disallow_all, rules.allow_all = exc.code in (401, 403), exc.code not in (401, 403)
        except (urllib.error.URLError, OSError, ValueError, FetchError) as exc:  # unreachable: the page fetch says so
            if deadline is not None and deadline.left() <= 0:
                raise late(site, deadline.seconds) from exc
            rules.allow_all = True
            _LOGGER.info("no robots.txt from %s: %s", site, exc)
        self._robots[site] = (time.monotonic(), rules)
        return rules

    @contextlib.contextmanager
    def _turn(self, site: str, pause_s: float, deadline: Deadline | None = None, url: str = "") -> Iterator[None]:
        """One request to `site`, begun `pause_s` after the previous one to it ended (other sites do not wait); with
        a deadline, a turn that would come after it is refused at once."""
        with self._lock:
            site_lock = self._site_locks.setdefault(site, threading.Lock())
        if not site_lock.acquire(timeout=-1 if deadline is None else max(0.0, deadline.left())):
            raise late(url or site, deadline.seconds if deadline else self.deadline_s)
        try:
            wait = self._last_request.get(site, float("-inf")) + pause_s - time.monotonic()
            if deadline is not None and wait >= deadline.left():
                raise late(url or site, deadline.seconds)
            if wait > 0:
                time.sleep(wait)
            try:
                yield
            finally:
                self._last_request[site] = time.monotonic()
        finally:
            site_lock.release()


def _content_type(headers: Message) -> tuple[str, str]:
    """The media type (lower case) and charset of a response."""
    return headers.get_content_type().lower() if headers.get("Content-Type") else "", headers.get_content_charset() or ""


def _socket_of(response: Any) -> socket.socket | None:
    """The socket under an http.client response (None for other kinds of response)."""
    return getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)


def _connection_error(url: str, exc: Exception) -> FetchError:
    """A FetchError for a failure to reach `url`, naming a refused address plainly."""
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, BlockedAddressError):
        return FetchError(f"refusing to fetch {url}: {reason}, and this server does not fetch addresses on its own "
                          "or private networks")
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return FetchError(f"cannot fetch {url}: the site did not answer in time; try again later")
    return FetchError(f"cannot fetch {url}: {reason}; check the address")
