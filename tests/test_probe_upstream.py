"""Probes through the URL fetcher: hostile pages (endless, dripping, huge, bombs, lies, parser traps) are refused
quickly with a clear error, the service stays fast meanwhile, and nothing is left behind; every outbound fetch of
the import path goes through the same guard."""

from __future__ import annotations

import gzip
import itertools
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from narrator.errors import FetchError, InputTooLargeError
from narrator.fetching import PoliteFetcher
from narrator.netguard import guarded_opener, public_only
from narrator.testing.server import Server

from .site import ARTICLE_HTML, ARTICLE_SENTENCE, Route, Site

MAX_PAGE_BYTES = 300_000
DEADLINE_S = 2.0
ANSWERED_WITHIN_S = DEADLINE_S + 3.0
"""The deadline, plus the pool's grace and a loaded machine's slack."""


def drip_forever():
    yield b"<html><head><title>Slow</title></head><body><p>"
    for _ in itertools.count():
        time.sleep(0.5)
        yield b"a"


def endless(chunk: bytes):
    def chunks():
        while True:
            yield chunk
    return chunks


def words(total: int):
    def chunks():
        sent = 0
        while sent < total:
            yield b"<p>Words and more words of a page far too long to read. </p>" * 1000
            sent += 60_000
    return chunks


GZIP_BOMB = gzip.compress(b"\0" * 50_000_000, compresslevel=9)
"""About 50 KB that inflates to 50 MB."""
NESTED_TAGS = (b"<html><body>" + b"<div>" * 100_000 + b"<p>The deepest sentence of all is here. It is short.</p>"
               + b"</div>" * 100_000 + b"</body></html>")
HUGE_TITLE = ARTICLE_HTML.replace("<title>The lighthouse keeper retires | Coast Weekly</title>",
                                  "<title>" + "Lighthouse " * 25_000 + "</title>").encode()
HUGE_HEADLINE = ARTICLE_HTML.replace("<h1>The lighthouse keeper retires</h1>",
                                     "<h1>" + "Keeper " * 30_000 + "</h1>").encode()
BINARIES = {"elf": b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4, "ogg": b"OggS\x00\x02" + bytes(600),
            "sqlite": b"SQLite format 3\x00" + bytes(range(256)) * 4, "wasm": b"\x00asm\x01\x00\x00\x00" + bytes(64),
            "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "zip": b"PK\x03\x04" + bytes(64),
            "high bytes": bytes(0x80 + (i * 37) % 128 for i in range(20_000))}
"""Binary bodies a server labels text/html (the last has no NUL and no signature: bytes no language is written in)."""


def site_routes() -> dict[str, Route]:
    html = {"Content-Type": "text/html; charset=utf-8"}
    routes = {
        "/robots.txt": Route(404, b""),
        "/drip-forever.html": Route(stream=drip_forever),
        "/endless-chunked.html": Route(stream=endless(b"<p>again and again</p>" * 3000)),
        "/huge-declared.html": Route(headers={**html, "Content-Length": str(50 * MAX_PAGE_BYTES)},
                                     stream=words(50 * MAX_PAGE_BYTES)),
        "/huge-undeclared.html": Route(stream=words(50 * MAX_PAGE_BYTES)),
        "/gzip-bomb.html": Route(body=GZIP_BOMB, headers={**html, "Content-Encoding": "gzip"}),
        "/gzip-bomb-twice.html": Route(body=gzip.compress(GZIP_BOMB), headers={**html, "Content-Encoding": "gzip, gzip"}),
        "/loop.html": Route(302, b"", {"Location": "/loop.html"}),
        "/ping.html": Route(302, b"", {"Location": "/pong.html"}),
        "/pong.html": Route(307, b"", {"Location": "/ping.html"}),
        "/nested.html": Route(body=NESTED_TAGS),
        "/huge-title.html": Route(body=HUGE_TITLE),
        "/huge-headline.html": Route(body=HUGE_HEADLINE),
    }
    for name, body in BINARIES.items():
        routes[f"/binary-{name.replace(' ', '-')}.html"] = Route(body=body)
    return routes


@pytest.fixture(scope="module")
def site():
    running = Site(routes=site_routes())
    yield running
    running.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server whose fetcher may reach loopback (the test site stands for a hostile public one)."""
    running = Server(tmp_path_factory.mktemp("probe-upstream"), NARRATOR_FETCH_PRIVATE_ADDRESSES="true",
                     NARRATOR_FETCH_TIMEOUT_S=str(DEADLINE_S), NARRATOR_MAX_PAGE_BYTES=str(MAX_PAGE_BYTES),
                     NARRATOR_FETCH_SLOTS="8")
    yield running
    running.stop()


def spoken(server: Server, narration_id: str) -> str:
    """The words of a finished narration's transcript (its cue text without timestamp tags)."""
    vtt = requests.get(server.wait(narration_id)["transcript_url"], timeout=10).text
    return " ".join(re.sub(r"<[^>]+>", "", vtt).split())


def rows(server: Server) -> int:
    with sqlite3.connect(server.root / "narrator.db") as db:
        return db.execute("SELECT count(*) FROM narrations").fetchone()[0]


def outputs(server: Server) -> list[str]:
    folder = server.root / "out"
    return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []


class Watch:
    """/livez and the player polled on another thread while a hostile fetch runs: the slowest answer of each."""

    def __init__(self, server: Server) -> None:
        self.server, self.slowest, self.failures = server, 0.0, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self._stop.is_set():
            for path in ("/livez", "/"):
                started = time.monotonic()
                try:
                    if requests.get(self.server.base + path, timeout=10).status_code != 200:
                        self.failures.append(path)
                except requests.RequestException as exc:
                    self.failures.append(f"{path}: {exc}")
                self.slowest = max(self.slowest, time.monotonic() - started)
            time.sleep(0.1)

    def __enter__(self) -> "Watch":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(15)


REFUSALS = [
    ("/drip-forever.html", 422, ["did not answer in time", f"{DEADLINE_S:g} s for the whole page"]),
    ("/endless-chunked.html", 413, ["larger than the limit of 300,000 bytes"]),
    ("/huge-declared.html", 413, ["larger than the limit of 300,000 bytes"]),
    ("/huge-undeclared.html", 413, ["larger than the limit of 300,000 bytes"]),
    ("/gzip-bomb.html", 413, ["larger than the limit", "uncompressed"]),
    ("/gzip-bomb-twice.html", 413, ["larger than the limit", "uncompressed"]),
    ("/loop.html", 422, ["redirects in a loop", "/loop.html -> "]),
    ("/ping.html", 422, ["redirects in a loop", "/pong.html -> "]),
    *[(f"/binary-{name.replace(' ', '-')}.html", 422, ["not a web page"]) for name in BINARIES],
]


@pytest.mark.parametrize("path, status, phrases", REFUSALS, ids=[path for path, _s, _p in REFUSALS])
def test_a_hostile_page_is_refused_quickly_and_clearly_while_the_service_stays_fast(server, site, path, status,
                                                                                     phrases):
    before_rows, before_files = rows(server), outputs(server)
    with Watch(server) as watch:
        started = time.monotonic()
        answer = requests.post(server.base + "/api/narrations", json={"url": site.base + path}, timeout=60)
        took = time.monotonic() - started
    assert answer.status_code == status, (path, answer.status_code, answer.text[:300])
    error = answer.json()["error"]
    assert all(phrase in error["message"] for phrase in phrases), error
    assert "Traceback" not in answer.text and str(server.root) not in answer.text
    assert took < ANSWERED_WITHIN_S, (path, took)
    assert watch.slowest < 2.0 and not watch.failures, (watch.slowest, watch.failures)
    assert rows(server) == before_rows and outputs(server) == before_files


def test_many_hostile_fetches_at_once_leave_the_service_fast(server, site):
    """Every slot taken by dripping and endless pages: the ones over the limit are refused at once (503 busy), the
    others by their deadline, and /livez and the player answer throughout."""
    paths = ["/drip-forever.html", "/endless-chunked.html", "/huge-undeclared.html"] * 4
    answers: list[int] = []

    def submit(path: str) -> None:
        answers.append(requests.post(server.base + "/api/narrations", json={"url": f"{site.base}{path}?{time.time()}"},
                                     timeout=60).status_code)

    with Watch(server) as watch:
        threads = [threading.Thread(target=submit, args=(path,)) for path in paths]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert len(answers) == len(paths) and set(answers) <= {413, 422, 503}, answers
    assert watch.slowest < 2.0 and not watch.failures, (watch.slowest, watch.failures)


@pytest.mark.parametrize("path", ["/nested.html", "/huge-title.html", "/huge-headline.html"])
def test_a_page_built_to_blow_up_the_parser_is_read_or_refused_in_words(server, site, path):
    with Watch(server) as watch:
        answer = requests.post(server.base + "/api/narrations", json={"url": site.base + path}, timeout=60)
    assert answer.status_code in (202, 413, 422), (path, answer.status_code, answer.text[:300])
    assert "Traceback" not in answer.text
    if answer.status_code == 202:
        narration = server.wait(answer.json()["id"], timeout=120)
        assert narration["status"] == "done", narration
        assert len(narration["title"]) <= 300, len(narration["title"])
    assert watch.slowest < 2.0, watch.slowest


CHARSETS = [
    ("utf-8 bytes, latin-1 declared", "Café crème at the quay. Naïve sailors ate it.".encode(), "iso-8859-1"),
    ("latin-1 bytes, utf-8 declared", "Café crème at the quay. Naïve sailors ate it.".encode("latin-1"), "utf-8"),
    ("unknown charset", "Café crème at the quay. Naïve sailors ate it.".encode(), "x-no-such-charset"),
    ("utf-16 declared, ascii sent", b"Plain words at the quay. Sailors ate them.", "utf-16"),
    ("utf-7 declared", b"+AGEAYgBj- at the quay. Sailors ate them +ACE-", "utf-7"),
]


@pytest.mark.parametrize("label, text, charset", CHARSETS, ids=[label for label, _t, _c in CHARSETS])
def test_a_wrong_or_unknown_charset_gives_readable_text_or_a_clear_refusal(server, site, label, text, charset):
    path = f"/charset-{abs(hash(label))}.html"
    site.routes[path] = Route(body=b"<html><body><article><h1>At the quay</h1><p>" + text + b"</p></article></body>"
                              b"</html>", headers={"Content-Type": f"text/html; charset={charset}"})
    answer = requests.post(server.base + "/api/narrations", json={"url": site.base + path}, timeout=60)
    assert answer.status_code in (202, 422), (label, answer.status_code, answer.text[:300])
    if answer.status_code == 202:
        transcript = spoken(server, answer.json()["id"])
        assert "quay" in transcript and "\ufffd" not in transcript and "Ã" not in transcript, transcript


@pytest.mark.parametrize("where", ["header", "meta"])
def test_text_in_a_declared_legacy_charset_is_not_taken_for_binary(server, site, where):
    """Hardly a byte of GBK text is ASCII: the charset it declares reads it, so it is text (here refused only for
    its language, which no installed voice speaks)."""
    body = "港口的灯塔在星期五熄灭了。守塔人交出了钥匙。".encode("gbk") * 40
    path = f"/gbk-{where}.html"
    site.routes[path] = Route(body=(b'<meta charset="gbk">' + body) if where == "meta" else body,
                              headers={"Content-Type": "text/html" + ("; charset=gbk" if where == "header" else "")})
    answer = requests.post(server.base + "/api/narrations", json={"url": site.base + path}, timeout=60)
    assert answer.status_code in (202, 422), answer.text[:300]
    assert "not a web page" not in answer.text and "binary" not in answer.text, answer.text[:300]


# --- the import path: every outbound fetch guarded ----------------------------------------------------------------

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>A hostile feed</title><link>https://feeds.example/</link>
<description>Entries whose links point inside the server</description>
{items}
</channel></rss>"""


def run_import(root: Path, source: str, **env: str) -> subprocess.CompletedProcess:
    environment = dict(os.environ, NARRATOR_DATABASE_URL=f"sqlite:///{root}/narrator.db",
                       NARRATOR_QUEUE_URL=f"sqlite:///{root}/queue.db", NARRATOR_OUT_DIR=str(root / "out"), **env)
    return subprocess.run([sys.executable, "-m", "narrator", "import", source, "--delay", "0"], env=environment,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def secret_site() -> Site:
    inner = Site("127.0.0.1")
    inner.page("/admin/secret.html", "<html><body><article><p>The internal admin password is swordfish. Never "
                                     "read it aloud.</p></article></body></html>")
    inner.routes["/feed.xml"] = Route(body=FEED.format(items="").encode(), headers={"Content-Type": "text/xml"})
    return inner


def narrated_texts(root: Path) -> str:
    with sqlite3.connect(root / "narrator.db") as db:
        return " ".join(text for (text,) in db.execute("SELECT source_text FROM narration_versions"))


def test_a_feed_file_whose_entries_point_inside_the_server_imports_none_of_them(tmp_path):
    inner = secret_site()
    secret = tmp_path / "secret.html"
    secret.write_text("<html><body><p>The file on the server says swordfish. Read it.</p></body></html>")
    links = [f"{inner.base}/admin/secret.html", f"http://localhost:{inner.base.rsplit(':', 1)[1]}/admin/secret.html",
             f"http://[::ffff:127.0.0.1]:{inner.base.rsplit(':', 1)[1]}/admin/secret.html", secret.as_uri(),
             "FILE:///etc/passwd", "http://0.0.0.0:9/", "http://169.254.169.254/latest/meta-data/"]
    items = "\n".join(f"<item><title>Entry {i}</title><link>{link}</link><description>Teaser.</description></item>"
                      for i, link in enumerate(links))
    feed = tmp_path / "hostile.xml"
    feed.write_text(FEED.format(items=items))
    try:
        started = time.monotonic()
        result = run_import(tmp_path, str(feed))
        assert time.monotonic() - started < 60
    finally:
        inner.stop()
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(" refused ") == len(links), result.stdout
    assert "loopback address" in result.stdout and "not a web address" in result.stdout
    assert inner.requests == [], inner.requests
    assert "swordfish" not in narrated_texts(tmp_path)


def test_a_feed_on_a_private_address_is_refused_unless_private_addresses_are_allowed(tmp_path):
    inner = secret_site()
    try:
        refused = run_import(tmp_path, inner.base + "/feed.xml")
        assert refused.returncode == 2 and "loopback address" in refused.stderr, refused.stderr
        assert inner.requests == []
        allowed = run_import(tmp_path, inner.base + "/feed.xml", NARRATOR_FETCH_PRIVATE_ADDRESSES="true")
        assert "no entries" in allowed.stderr, allowed.stderr  # fetched this time: the feed is empty
    finally:
        inner.stop()


def test_an_imported_feeds_next_page_on_another_scheme_is_never_read(tmp_path):
    secret = tmp_path / "second.xml"
    secret.write_text(FEED.format(items="<item><title>Local</title><link>https://x.example/a</link>"
                                        "<description>d</description><content:encoded xmlns:content='http://purl."
                                        "org/rss/1.0/modules/content/'>The password is swordfish.</content:encoded>"
                                        "</item>"))
    feed = tmp_path / "first.xml"
    feed.write_text(FEED.format(items=f'<atom:link xmlns:atom="http://www.w3.org/2005/Atom" rel="next" '
                                      f'href="{secret.as_uri()}"/><item><title>One</title><link>https://x.example/b'
                                      '</link><description>d</description></item>'))
    result = run_import(tmp_path, str(feed))
    assert "only http:// and https://" in result.stderr or "not a web address" in result.stderr, result.stderr
    if (tmp_path / "narrator.db").exists():
        assert "swordfish" not in narrated_texts(tmp_path)


def test_an_import_fetch_has_the_deadline_and_size_limit_of_any_page():
    """The importer's fetcher is the guarded one: a dripping page and an endless one are cut off."""
    from narrator.importer import ROBOTS_HINT

    site = Site(routes={"/robots.txt": Route(404, b""), "/drip.html": Route(stream=drip_forever),
                        "/endless.html": Route(stream=endless(b"x" * 65_536))})
    fetcher = PoliteFetcher(0, deadline_s=1.0, opener=guarded_opener(lambda ip: None))
    try:
        started = time.monotonic()
        with pytest.raises(FetchError, match="did not answer in time"):
            fetcher.fetch_page(site.base + "/drip.html", MAX_PAGE_BYTES, robots_hint=ROBOTS_HINT)
        assert time.monotonic() - started < 1.8
        with pytest.raises(InputTooLargeError, match="larger than the limit"):
            fetcher.fetch_page(site.base + "/endless.html", MAX_PAGE_BYTES, robots_hint=ROBOTS_HINT)
        with pytest.raises(FetchError, match="loopback address"):
            PoliteFetcher(0).fetch_page(site.base + "/drip.html", MAX_PAGE_BYTES)  # the default opener is guarded
    finally:
        site.stop()


# --- redirects to private addresses, every spelling (the site on 127.0.0.2 stands for a public one) ---------------

PRIVATE_TARGETS = ["http://127.0.0.1:{port}/admin/secret.html", "http://localhost:{port}/admin/secret.html",
                   "http://2130706433:{port}/admin/secret.html", "http://0x7f000001:{port}/admin/secret.html",
                   "http://0177.0.0.1:{port}/admin/secret.html", "http://[::1]:{port}/admin/secret.html",
                   "http://[::ffff:7f00:1]:{port}/admin/secret.html", "http://0.0.0.0:{port}/admin/secret.html",
                   "http://user:pw@127.0.0.1:{port}/admin/secret.html", "http://10.0.0.1:{port}/",
                   "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd", "gopher://127.0.0.1:{port}/",
                   "//127.0.0.1:{port}/admin/secret.html"]


@pytest.mark.parametrize("target", PRIVATE_TARGETS)
def test_a_redirect_to_a_private_address_in_any_spelling_is_refused_at_that_hop(target):
    inner = secret_site()
    outer = Site("127.0.0.2")
    port = inner.base.rsplit(":", 1)[1]
    outer.redirect("/article.html", target.format(port=port))
    outer.routes["/robots.txt"] = Route(404, b"")
    fetcher = PoliteFetcher(0, opener=guarded_opener(lambda ip: None if str(ip) == "127.0.0.2" else public_only(ip)),
                            deadline_s=3.0)
    try:
        started = time.monotonic()
        with pytest.raises(FetchError) as refused:
            fetcher.fetch_page(outer.base + "/article.html", MAX_PAGE_BYTES)
        assert time.monotonic() - started < 3.5
        assert any(phrase in str(refused.value) for phrase in ("address", "only http:// and https://")), refused.value
        assert inner.requests == []
    finally:
        inner.stop()
        outer.stop()


@pytest.mark.parametrize("hops, phrase", [(6, None), (7, "redirects more than 5 times")])
def test_a_long_chain_of_distinct_redirects_is_cut_after_five_hops(hops, phrase):
    chain = Site(routes={"/robots.txt": Route(404, b"")})
    for hop in range(hops - 1):
        chain.redirect(f"/hop-{hop}.html", f"/hop-{hop + 1}.html")
    chain.page(f"/hop-{hops - 1}.html", ARTICLE_HTML)
    fetcher = PoliteFetcher(0, opener=guarded_opener(lambda ip: None), deadline_s=5.0)
    try:
        if phrase is None:
            assert fetcher.fetch_page(chain.base + "/hop-0.html", MAX_PAGE_BYTES).url.endswith(f"/hop-{hops - 1}.html")
        else:
            with pytest.raises(FetchError, match=phrase):
                fetcher.fetch_page(chain.base + "/hop-0.html", MAX_PAGE_BYTES)
    finally:
        chain.stop()


def test_the_fixture_site_still_narrates(server, site):
    """The probes' server narrates an ordinary page (a refusal above is the page's fault, not the setup's)."""
    site.page("/ordinary.html", ARTICLE_HTML)
    answer = requests.post(server.base + "/api/narrations", json={"url": site.base + "/ordinary.html"}, timeout=60)
    assert answer.status_code == 202, answer.text
    assert ARTICLE_SENTENCE in spoken(server, answer.json()["id"])
