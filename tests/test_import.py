"""`narrator import`: a folder or a paged RSS feed served over real HTTP, queued once, skipped on re-runs."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from narrator.config import Settings
from narrator.jobs import Jobs

PROGRESS_LINE = re.compile(r"^\[\d+/\d+\] (queued|updated|requeued|already narrated|refused) +([^ :\n]+)", re.M)
OUTCOME = re.compile(r"^\[\d+/\d+\] (queued|updated|requeued|already narrated|refused|skipped) +")
ARTICLE = "The {0} reopened this week after a long refit. Visitors queued from early morning to see the {0}."

FEED_PAGE_1 = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel><title>The Quay Gazette</title><link>{base}/</link><description>Local news</description>
<atom:link rel="next" href="{base}/feed-2.xml"/>
<item><title>The mill reopens</title><link>{base}/mill</link><author>ann@example.org (Ann Reed)</author>
  <description>Short teaser only.</description>
  <content:encoded><![CDATA[<p>{mill}</p><p>Second paragraph about the mill and its wheel.</p>]]></content:encoded></item>
<item><title>The ferry returns</title><link>{base}/ferry.html</link><description>Teaser.</description></item>
<item><title>Broken entry</title><link>{base}/missing.html</link><description>Teaser.</description></item>
</channel></rss>"""

FEED_PAGE_2 = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>The Quay Gazette</title><link>{base}/</link><description>Local news</description>
<item><title>The baths reopen</title><link>{base}/baths</link>
  <content:encoded><![CDATA[<p>{baths}</p>]]></content:encoded></item>
</channel></rss>"""

FERRY_PAGE = """<!doctype html><html><head><title>The ferry returns</title></head><body>
<nav>Home | News | Sport</nav><article><h1>The ferry returns</h1><p>{ferry}</p>
<p>The crossing takes twenty minutes and runs every hour until dusk, the operator says.</p></article></body></html>"""


class _Site(http.server.SimpleHTTPRequestHandler):
    requested: list[str]
    times: list[float]

    def do_GET(self) -> None:
        type(self).requested.append(self.path)
        type(self).times.append(time.monotonic())
        super().do_GET()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def site(tmp_path):
    """A real HTTP server for a folder holding a two-page feed and one article page."""
    folder = tmp_path / "site"
    folder.mkdir()
    handler = type("Site", (_Site,), {"requested": [], "times": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    (folder / "feed.xml").write_text(FEED_PAGE_1.format(base=base, mill=ARTICLE.format("mill")))
    (folder / "feed-2.xml").write_text(FEED_PAGE_2.format(base=base, baths=ARTICLE.format("baths")))
    (folder / "ferry.html").write_text(FERRY_PAGE.format(ferry=ARTICLE.format("ferry")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield base, handler
    server.shutdown()


@pytest.fixture
def site_folder(site, tmp_path):
    return tmp_path / "site"


def run_import(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """`narrator import ARGS` (with no pause between requests unless ARGS set --delay)."""
    env = dict(os.environ, NARRATOR_DATABASE_URL=f"sqlite:///{tmp_path}/narrator.db",
               NARRATOR_QUEUE_URL=f"sqlite:///{tmp_path}/queue.db", NARRATOR_OUT_DIR=str(tmp_path / "out"),
               NARRATOR_FETCH_PRIVATE_ADDRESSES="true")  # the test site is on loopback
    args = args if "--delay" in args else (*args, "--delay", "0")
    return subprocess.run([sys.executable, "-m", "narrator", "import", *args], env=env, capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)


def queue(tmp_path: Path) -> Jobs:
    return Jobs(Settings.load(env={}, database_url=f"sqlite:///{tmp_path}/narrator.db",
                              queue_url=f"sqlite:///{tmp_path}/queue.db"))


def test_importing_a_paged_feed_queues_each_article_once_and_a_rerun_fetches_nothing(tmp_path, site):
    base, handler = site
    first = run_import(tmp_path, f"{base}/feed.xml")
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[:4] == [line for line in lines if line.startswith("[")]  # one progress line per entry
    assert "[1/4] queued           The mill reopens" in lines[0]
    assert "[2/4] queued           The ferry returns" in lines[1]  # fetched from its page: the feed had a teaser
    assert lines[2].startswith("[3/4] refused") and "missing.html" in lines[2] and "404" in lines[2]
    assert "[4/4] queued           The baths reopen" in lines[3]  # from the feed's next page
    assert lines[-1] == "4 article(s): 3 queued, 1 refused"

    jobs = queue(tmp_path)
    rows, total = jobs.store.page(10, 0)
    assert total == 3 and jobs.waiting_ids() == {row.id for row in rows}
    mill = next(row for row in rows if row.title == "The mill reopens")
    assert mill.url == f"{base}/mill" and "Second paragraph" in mill.source_text and "teaser" not in mill.source_text
    ferry = next(row for row in rows if row.title == "The ferry returns")
    assert ARTICLE.format("ferry") in ferry.source_text

    handler.requested.clear()
    again = run_import(tmp_path, f"{base}/feed.xml")
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[-1] == "4 article(s): 3 already narrated, 1 refused"
    assert set(handler.requested) == {"/robots.txt", "/feed-2.xml", "/feed.xml", "/missing.html"}  # no page refetched
    assert len(queue(tmp_path).waiting_ids()) == 3


def test_import_obeys_robots_txt_and_its_crawl_delay_unless_told_to_ignore_it(tmp_path, site, site_folder):
    base, handler = site
    (site_folder / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n\n"
                                            "User-agent: narrator-import\nDisallow: /ferry.html\nCrawl-delay: 1\n")
    polite = run_import(tmp_path, f"{base}/feed.xml")
    assert polite.returncode == 0, polite.stderr
    ferry = polite.stdout.splitlines()[1]
    assert ferry.startswith("[2/4] refused") and "robots.txt does not allow narrator-import" in ferry
    assert "--ignore-robots" in ferry and "/ferry.html" not in handler.requested
    gaps = [later - earlier for earlier, later in zip(handler.times, handler.times[1:])]
    assert len(gaps) == 3 and min(gaps) >= 0.95  # robots, feed, feed-2, missing: Crawl-delay 1 beats --delay 0

    handler.requested.clear()
    mine = run_import(tmp_path, f"{base}/feed.xml", "--ignore-robots")
    assert mine.returncode == 0, mine.stderr
    assert mine.stdout.splitlines()[1].startswith("[2/4] queued") and "/robots.txt" not in handler.requested


def test_import_pauses_between_requests_to_one_site(tmp_path, site):
    base, handler = site
    result = run_import(tmp_path, f"{base}/feed.xml", "--delay", "0.5")
    assert result.returncode == 0, result.stderr
    gaps = [later - earlier for earlier, later in zip(handler.times, handler.times[1:])]
    assert len(gaps) == 4 and min(gaps) >= 0.45  # robots, feed, feed-2, ferry, missing


def test_importing_a_folder_skips_duplicates_and_names_what_it_refuses(tmp_path):
    folder = tmp_path / "archive"
    (folder / "2025").mkdir(parents=True)
    (folder / "a.txt").write_text(ARTICLE.format("pier"))
    (folder / "2025" / "b.md").write_text("# The lido\n\n" + ARTICLE.format("lido"))
    (folder / "2025" / "c.html").write_text(FERRY_PAGE.format(ferry=ARTICLE.format("ferry")))
    (folder / "copy-of-a.txt").write_text(ARTICLE.format("pier"))
    (folder / "image.txt").write_bytes(b"\x89PNG\x00\x00binary")
    (folder / "notes.docx").write_bytes(b"ignored: not an article type")
    result = run_import(tmp_path, str(folder))
    assert result.returncode == 0, result.stderr
    outcomes = {file_of(line): OUTCOME.match(line).group(1) for line in result.stdout.splitlines()
                if line.startswith("[")}
    assert outcomes == {f"{folder}/2025/b.md": "queued", f"{folder}/2025/c.html": "queued",
                        f"{folder}/a.txt": "queued", f"{folder}/copy-of-a.txt": "already narrated",
                        f"{folder}/image.txt": "refused", f"{folder}/notes.docx": "skipped"}
    assert "binary" in next(line for line in result.stdout.splitlines() if "image.txt" in line)
    assert result.stdout.splitlines()[-1] == ("5 article(s): 3 queued, 1 already narrated, 1 refused; "
                                              "1 other file(s) skipped")
    rerun = run_import(tmp_path, str(folder))
    assert rerun.stdout.splitlines()[-1] == "5 article(s): 4 already narrated, 1 refused; 1 other file(s) skipped"


def file_of(line: str) -> str:
    """The file a folder import's progress line is about: in brackets after the title, else first."""
    named = re.search(r"  \((/[^()]+)\)$", line)
    return named.group(1) if named else line[OUTCOME.match(line).end():].strip().split(": ")[0]


@pytest.mark.parametrize("source, message", [
    ("no/such/folder", "not a folder, a feed URL"),
    ("http://127.0.0.1:9/feed.xml", "cannot fetch"),
])
def test_import_refuses_a_source_it_cannot_read_in_one_line(tmp_path, source, message):
    result = run_import(tmp_path, source)
    assert result.returncode == 2 and message in result.stderr and len(result.stderr.splitlines()) == 1


def test_import_refuses_a_file_that_is_not_a_feed(tmp_path):
    page = tmp_path / "page.xml"
    page.write_text("<html><body>not a feed at all, just a page</body></html>")
    result = run_import(tmp_path, str(page))
    assert result.returncode == 2 and "not an RSS or Atom feed" in result.stderr


def test_a_rerun_renarrates_exactly_the_entries_whose_text_changed(tmp_path, site, site_folder):
    base, handler = site
    assert run_import(tmp_path, f"{base}/feed.xml").returncode == 0
    jobs = queue(tmp_path)
    jobs.huey.flush()  # the workers took the first import's narrations
    before = {row.title: row for row in jobs.store.page(10, 0)[0]}

    corrected = ARTICLE.format("mill") + " Correction: the wheel turns again on Fridays, not Saturdays."
    (site_folder / "feed.xml").write_text(FEED_PAGE_1.format(base=base, mill=corrected))
    (site_folder / "ferry.html").write_text(FERRY_PAGE.format(ferry="The ferry now leaves from the north pier."))
    handler.requested.clear()
    rerun = run_import(tmp_path, f"{base}/feed.xml")
    assert rerun.returncode == 0, rerun.stderr
    outcomes = dict((path, outcome) for outcome, path in PROGRESS_LINE.findall(rerun.stdout))
    assert [line.split()[1] for line in rerun.stdout.splitlines()[:4]] == ["updated", "already", "refused", "already"]
    assert rerun.stdout.splitlines()[-1] == "4 article(s): 1 updated, 2 already narrated, 1 refused"
    assert "/ferry.html" not in handler.requested and outcomes  # no updated date on the ferry: its page is not read
    after = {row.title: row for row in queue(tmp_path).store.page(10, 0)[0]}
    mill = after["The mill reopens"]
    assert mill.id == before["The mill reopens"].id and mill.version == 2 and "Fridays" in mill.source_text
    assert {t: r.version for t, r in after.items()} == {"The mill reopens": 2, "The ferry returns": 1,
                                                        "The baths reopen": 1}
    assert queue(tmp_path).waiting_ids() == {mill.id}  # exactly the changed one is narrated again

    # The feed now says the ferry entry was updated after its narration: its page is read and narrated again.
    later = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=5)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    (site_folder / "feed.xml").write_text(FEED_PAGE_1.format(base=base, mill=corrected).replace(
        "<description>Teaser.</description></item>",
        f"<description>Teaser.</description><pubDate>{later}</pubDate></item>", 1))
    third = run_import(tmp_path, f"{base}/feed.xml")
    assert third.stdout.splitlines()[-1] == "4 article(s): 1 updated, 2 already narrated, 1 refused"
    ferry = next(row for row in queue(tmp_path).store.page(10, 0)[0] if row.title == "The ferry returns")
    assert ferry.version == 2 and "north pier" in ferry.source_text
    assert queue(tmp_path).waiting_ids() == {mill.id, ferry.id}
