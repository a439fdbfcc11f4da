"""Archive import: every article of a folder or an RSS/Atom feed queued for narration, skipping those already narrated.

An entry already narrated whose text changed (a different content hash, or for an entry without its text a feed
`updated` date after its narration's newest version) is narrated again as a new version of the same narration."""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .article import EXTENSION_FORMATS, Format, read_source
from .errors import IngestError
from .fetching import PoliteFetcher
from .jobs import PRIORITY_ARCHIVE, Jobs
from .store import Narration, as_utc
from .submissions import submit
from .versions import find_by_identity, get_version

_LOGGER = logging.getLogger(__name__)

MAX_FEED_BYTES = 50_000_000
MAX_FEED_PAGES = 1000


@dataclass
class ImportItem:
    """One article to import, or the reason it could not be read."""

    label: str
    """What the progress line names: a file path or the entry's title/link."""
    text: str | bytes = ""
    fmt: Format = "auto"
    title: str = ""
    author: str = ""
    url: str = ""
    fetch_url: str = ""
    """When set, the article's HTML is fetched from here first (a feed entry without its full text)."""
    updated: dt.datetime | None = None
    """The feed entry's `updated` date: a later one than the narration's newest version means the text changed."""
    error: str = ""


@dataclass
class ImportSummary:
    """Counts by outcome: queued, updated (a new version), requeued, already narrated, refused."""

    counts: Counter = field(default_factory=Counter)

    def line(self) -> str:
        total = sum(self.counts.values())
        parts = [f"{self.counts[k]} {k}" for k in ("queued", "updated", "requeued", "already narrated", "refused")
                 if self.counts[k]]
        return f"{total} article(s): {', '.join(parts) or 'nothing to do'}"


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def items_from(source: str, max_bytes: int, fetcher: PoliteFetcher) -> list[ImportItem]:
    """The articles of a folder (.txt, .md, .html, recursively), a feed URL or a local .xml/.rss/.atom feed file."""
    path = Path(source)
    if is_url(source):
        return feed_items(source, fetcher)
    if path.is_dir():
        return folder_items(path, max_bytes)
    if path.is_file() and path.suffix.lower() in (".xml", ".rss", ".atom"):
        return feed_items(path.resolve().as_uri(), fetcher)
    raise IngestError(f"{source}: not a folder, a feed URL (http/https) or a feed file (.xml, .rss, .atom)")


def folder_items(folder: Path, max_bytes: int) -> list[ImportItem]:
    """Every article file under `folder`, in path order; unreadable ones carry their error."""
    items = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in EXTENSION_FORMATS):
        try:
            data, fmt = read_source(path, max_bytes)
            items.append(ImportItem(label=str(path), text=data, fmt=fmt))
        except IngestError as exc:
            items.append(ImportItem(label=str(path), error=str(exc)))
    if not items:
        raise IngestError(f"{folder}: no .txt, .md or .html files in this folder")
    return items


def feed_items(url: str, fetcher: PoliteFetcher) -> list[ImportItem]:
    """The entries of an RSS or Atom feed, following its `next` pages (RFC 5005), oldest page last."""
    import feedparser

    items: list[ImportItem] = []
    seen_pages: set[str] = set()
    page_url: str | None = url
    while page_url and page_url not in seen_pages and len(seen_pages) < MAX_FEED_PAGES:
        seen_pages.add(page_url)
        parsed = feedparser.parse(fetcher.fetch(page_url, MAX_FEED_BYTES))
        if not parsed.entries and (parsed.bozo or not parsed.version):
            reason = parsed.get("bozo_exception") or "no RSS or Atom elements found"
            raise IngestError(f"{page_url} is not an RSS or Atom feed ({reason})")
        items += [_entry_item(entry) for entry in parsed.entries]
        page_url = next((link.get("href") for link in parsed.feed.get("links", []) if link.get("rel") == "next"),
                        None)
    if not items:
        raise IngestError(f"{url}: the feed has no entries")
    return items


def _entry_item(entry) -> ImportItem:
    """A feed entry: its full HTML (content:encoded / Atom content) when present, otherwise its linked page."""
    title, link = entry.get("title", ""), entry.get("link", "")
    label = title or link or entry.get("id", "untitled entry")
    updated = entry.get("updated_parsed")
    item = ImportItem(label=label, fmt="html", title=title, author=entry.get("author", ""), url=link,
                      updated=dt.datetime.fromtimestamp(calendar.timegm(updated), dt.timezone.utc) if updated else None)
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    if contents:
        item.text = max(contents, key=len)
    elif link:
        item.fetch_url = link
    else:
        item.error = "the entry has neither its text nor a link to it"
    return item


def import_articles(items: list[ImportItem], jobs: Jobs, fetcher: PoliteFetcher, voice: dict[str, str] | None = None,
                    report: Callable[[int, int, str, ImportItem], None] | None = None) -> ImportSummary:
    """Queue every item not narrated yet, behind listeners' requests; report(position, total, outcome, item) after
    each one. Pages of entries without their text come through `fetcher`, the same one that read the feed, so
    robots.txt is read once per site and its pauses hold across feed pages and article pages."""
    summary = ImportSummary()
    settings = jobs.settings
    for position, item in enumerate(items, start=1):
        outcome = _import_one(item, jobs, voice or {}, settings.max_page_bytes, fetcher)
        summary.counts[outcome] += 1
        if report:
            report(position, len(items), outcome, item)
    return summary


def _import_one(item: ImportItem, jobs: Jobs, voice: dict[str, str], max_bytes: int, fetcher: PoliteFetcher) -> str:
    if item.error:
        return "refused"
    existing = find_by_identity(jobs.store, url=item.url, voice=voice) if item.url else None
    if existing is not None and existing.public_status != "failed" and item.fetch_url \
            and not _changed_since(jobs, item, existing):
        return "already narrated"  # before fetching: re-running an import costs no page loads
    try:
        if item.fetch_url:
            item.text = fetcher.fetch(item.fetch_url, max_bytes)
        result = submit(jobs, item.text, fmt=item.fmt, title=item.title, author=item.author, url=item.url,
                        voice=voice, priority=PRIORITY_ARCHIVE, as_version=True)
    except IngestError as exc:
        item.error = str(exc)
        return "refused"
    return {"queued": "queued", "requeued": "requeued", "updated": "updated"}.get(result.outcome, "already narrated")


def _changed_since(jobs: Jobs, item: ImportItem, narration: Narration) -> bool:
    """True when the entry says it was updated after the narration's newest version was submitted."""
    if item.updated is None:
        return False
    newest = get_version(jobs.store, narration.id, narration.version)
    submitted = as_utc(newest.created_at if newest else narration.created_at)
    return submitted is not None and item.updated > submitted

