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
from .errors import IngestError, InputTooLargeError
from .fetching import FEED, PoliteFetcher
from .jobs import PRIORITY_ARCHIVE, Jobs
from .store import Narration, as_utc
from .submissions import submit
from .versions import find_by_identity, get_version

_LOGGER = logging.getLogger(__name__)

MAX_FEED_BYTES = 50_000_000
MAX_FEED_PAGES = 1000
ROBOTS_HINT = "(importing your own site? use --ignore-robots)"
OUTCOMES = ("queued", "updated", "requeued", "already narrated", "refused", "skipped")


@dataclass
class ImportItem:
    """One article to import, or the reason it could not be read."""

    label: str
    """What the progress line names: the title (once known) and the file, or the entry's title/link."""
    text: str | bytes = ""
    fmt: Format = "auto"
    title: str = ""
    author: str = ""
    url: str = ""
    external_id: str = ""
    """A file's identity (its absolute path as a file: URI): an edited file is the next version of its narration."""
    fetch_url: str = ""
    """When set, the article's HTML is fetched from here first (a feed entry without its full text)."""
    updated: dt.datetime | None = None
    """The feed entry's `updated` date: a later one than the narration's newest version means the text changed."""
    error: str = ""
    skipped: str = ""
    """Why this file is not an article narrator reads (it is listed, not imported)."""


@dataclass
class ImportSummary:
    """Counts by outcome: queued, updated (a new version), requeued, already narrated, refused, skipped."""

    counts: Counter = field(default_factory=Counter)

    def line(self) -> str:
        articles = sum(count for outcome, count in self.counts.items() if outcome != "skipped")
        parts = [f"{self.counts[k]} {k}" for k in OUTCOMES if self.counts[k] and k != "skipped"]
        skipped = f"; {self.counts['skipped']} other file(s) skipped" if self.counts["skipped"] else ""
        return f"{articles} article(s): {', '.join(parts) or 'nothing to do'}{skipped}"


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def items_from(source: str, max_bytes: int, fetcher: PoliteFetcher) -> list[ImportItem]:
    """The articles of a folder (.txt, .md, .html, recursively), a feed URL or a local .xml/.rss/.atom feed file."""
    path = Path(source)
    if is_url(source):
        return feed_items(source, fetcher)
    if path.is_dir():
        return folder_items(path, max_bytes)
    if path.is_file() and path.suffix.lower() in (".xml", ".rss", ".atom"):
        return feed_items(path.resolve().as_uri(), fetcher, _feed_file(path))
    raise IngestError(f"{source}: not a folder, a feed URL (http/https) or a feed file (.xml, .rss, .atom)")


def folder_items(folder: Path, max_bytes: int) -> list[ImportItem]:
    """Every file under `folder` in path order (hidden ones left out): articles with their text, unreadable ones
    with their error, other files with why they are skipped. Each article is keyed by its absolute path."""
    items = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not _hidden(p.relative_to(folder))):
        item = ImportItem(label=str(path), external_id=path.resolve().as_uri())
        if path.suffix.lower() not in EXTENSION_FORMATS:
            item.skipped = f"not an article file (narrator reads {', '.join(EXTENSION_FORMATS)})"
        else:
            try:
                item.text, item.fmt = read_source(path, max_bytes)
            except IngestError as exc:
                item.error = str(exc)
        items.append(item)
    if not any(not item.skipped for item in items):
        raise IngestError(f"{folder}: no .txt, .md or .html files in this folder")
    return items


def _hidden(relative: Path) -> bool:
    """True for a dot file or anything in a dot folder (.git, .DS_Store...)."""
    return any(part.startswith(".") for part in relative.parts)


def _feed_file(path: Path) -> bytes:
    """A local feed file's bytes (the one file the operator named: the only file an import reads as a feed)."""
    with path.open("rb") as handle:
        body = handle.read(MAX_FEED_BYTES + 1)
    if len(body) > MAX_FEED_BYTES:
        raise InputTooLargeError(f"{path} is larger than {MAX_FEED_BYTES:,} bytes")
    return body


def feed_items(url: str, fetcher: PoliteFetcher, first_page: bytes | None = None) -> list[ImportItem]:
    """The entries of an RSS or Atom feed, following its `next` pages (RFC 5005), oldest page last.

    Every page after `first_page` (a local file's bytes) is fetched like any page: http/https only, public addresses
    unless `fetch_private_addresses`, robots.txt, size and deadline (a feed's links are its author's, not ours)."""
    import feedparser

    items: list[ImportItem] = []
    seen_pages: set[str] = set()
    page_url: str | None = url
    while page_url and page_url not in seen_pages and len(seen_pages) < MAX_FEED_PAGES:
        seen_pages.add(page_url)
        body = first_page if first_page is not None and page_url == url else \
            fetcher.fetch_page(page_url, MAX_FEED_BYTES, FEED, ROBOTS_HINT).body
        parsed = feedparser.parse(body)
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
    title, given = entry.get("title", ""), entry.get("link", "")
    link = given if is_url(given) else ""  # a feed's file:, javascript: or data: link is neither fetched nor kept
    label = title or given or entry.get("id", "untitled entry")
    updated = entry.get("updated_parsed")
    item = ImportItem(label=label, fmt="html", title=title, author=entry.get("author", ""), url=link,
                      updated=dt.datetime.fromtimestamp(calendar.timegm(updated), dt.timezone.utc) if updated else None)
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    if contents:
        item.text = max(contents, key=len)
    elif link:
        item.fetch_url = link
    elif given:
        item.error = f"the entry's link {given[:100]!r} is not a web address (http:// or https://)"
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
    if item.skipped:
        return "skipped"
    if item.error:
        return "refused"
    existing = find_by_identity(jobs.store, url=item.url, voice=voice) if item.url else None
    if existing is not None and existing.public_status != "failed" and item.fetch_url \
            and not _changed_since(jobs, item, existing):
        return "already narrated"  # before fetching: re-running an import costs no page loads
    try:
        if item.fetch_url:
            item.text = fetcher.fetch_page(item.fetch_url, max_bytes, robots_hint=ROBOTS_HINT).text()
        result = submit(jobs, item.text, fmt=item.fmt, title=item.title, author=item.author, url=item.url,
                        external_id=item.external_id, voice=voice, priority=PRIORITY_ARCHIVE, as_version=True)
    except IngestError as exc:
        item.error = str(exc)
        return "refused"
    if not item.title:
        item.label = f"{result.narration.title}  ({item.label})"
    return {"queued": "queued", "requeued": "requeued", "updated": "updated"}.get(result.outcome, "already narrated")


def _changed_since(jobs: Jobs, item: ImportItem, narration: Narration) -> bool:
    """True when the entry says it was updated after the narration's newest version was submitted."""
    if item.updated is None:
        return False
    newest = get_version(jobs.store, narration.id, narration.version)
    submitted = as_utc(newest.created_at if newest else narration.created_at)
    return submitted is not None and item.updated > submitted

