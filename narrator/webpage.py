"""A web page a listener asked to hear: fetched safely (robots.txt, public addresses only) and reduced to its article."""

from __future__ import annotations

import logging
import urllib.parse
from dataclasses import dataclass

from .article import decode_input, parse, to_markdown
from .fetch_pool import FetchPool
from .fetching import DEFAULT_DELAY_S, PoliteFetcher
from .netguard import allow_all, guarded_opener, public_only

_LOGGER = logging.getLogger(__name__)

USER_AGENT = "narrator/0.1 (+https://github.com/narrator; fetching one page a listener asked to hear)"
ROBOTS_AGENT = "narrator"
"""The robots.txt product token: rules for `User-agent: narrator` (or `*`) apply."""
TIMEOUT_S = 20
"""The overall deadline of one page fetch unless `fetch_timeout_s` says otherwise."""
ROBOTS_MAX_AGE_S = 3600


@dataclass(frozen=True)
class PageArticle:
    """The article of a web page, as Markdown ready to submit."""

    markdown: str
    title: str
    author: str
    url: str


def page_fetcher(allow_private: bool = False, delay_s: float = DEFAULT_DELAY_S,
                 deadline_s: float = TIMEOUT_S) -> PoliteFetcher:
    """The fetcher for listeners' pages: our User-Agent, robots.txt (re-read hourly), no redirect or address
    unchecked, `deadline_s` for the whole page."""
    return PoliteFetcher(delay_s, opener=guarded_opener(allow_all if allow_private else public_only),
                         user_agent=USER_AGENT, robots_agent=ROBOTS_AGENT, robots_max_age_s=ROBOTS_MAX_AGE_S,
                         timeout_s=deadline_s, deadline_s=deadline_s)


def article_from_html(html: str | bytes, url: str, max_bytes: int) -> PageArticle:
    """The article of a page's HTML (IngestError when it is not text or has nothing to read)."""
    text = decode_input(html, max_bytes)
    article = parse(text, "html", url=url)
    return PageArticle(to_markdown(article), article.title, article.byline, url)


def fetch_article(url: str, fetcher: PoliteFetcher, max_bytes: int, pool: FetchPool | None = None) -> PageArticle:
    """Fetch the page at `url` (on a `pool` thread when given: BusyError when it is full) and extract its article
    (FetchError/IngestError with the reason)."""
    if pool is None:
        page = fetcher.fetch_page(url, max_bytes)
    else:
        parts = urllib.parse.urlsplit(url)
        page = pool.run(f"{parts.scheme}://{parts.netloc}".lower(), lambda: fetcher.fetch_page(url, max_bytes), url)
    _LOGGER.info("fetched %s (%d bytes) for a listener", page.url, len(page.body))
    return article_from_html(page.text(), url, max_bytes)
