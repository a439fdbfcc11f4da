"""Page limits: a multi-megabyte real-sized page narrates; an oversized one is refused naming the limit (API 413,
CLI exit 2); the old setting name still works."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from narrator.config import Settings, load_with_sources
from narrator.testing.pages import article_paragraphs, heavy_page
from narrator.testing.server import Server
from narrator.testing.transcripts import spoken

HEADLINE = "The tide mill turns again"
PARAGRAPHS = article_paragraphs(24)
PAGE = heavy_page(PARAGRAPHS, headline=HEADLINE, markup_bytes=2_500_000)
OVERSIZED = 50_000_000


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("limits"))
    yield running
    running.stop()


def _oversized_page(size: int = OVERSIZED) -> bytes:
    page = PAGE.encode()
    return page[:-len("</body></html>")] + b"<!-- " + b"x" * (size - len(page)) + b" --></body></html>"


def test_the_page_is_multi_megabyte_markup_around_a_short_article():
    assert len(PAGE.encode()) > 2_000_000
    assert sum(map(len, PARAGRAPHS)) < 20_000 < 200_000 < len(PAGE)


@pytest.mark.parametrize("how", ["raw", "json", "form"])
def test_a_multi_megabyte_page_is_accepted_by_the_real_server_and_narrated(server, how):
    page = PAGE.replace("</article>", f"<p>Posted as {how}, this page ends here.</p></article>")
    if how == "raw":
        response = requests.post(server.base + "/api/narrations", data=page.encode(),
                                 headers={"Content-Type": "text/html"}, timeout=120)
    elif how == "json":
        response = requests.post(server.base + "/api/narrations", json={"text": page, "format": "html"}, timeout=120)
    else:
        response = requests.post(server.base + "/api/narrations", files={"file": ("page.html", page.encode())},
                                 timeout=120)
    assert response.status_code == 202, response.text
    assert response.json()["title"] == HEADLINE
    narration = server.wait(response.json()["id"])
    assert narration["status"] == "done", narration
    transcript = spoken(requests.get(narration["transcript_url"], timeout=30).text)
    assert f"Posted as {how}" in transcript and "window.__STATE__" not in transcript


@pytest.mark.parametrize("size", [OVERSIZED, 12_000_000])
@pytest.mark.parametrize("how", ["raw", "json"])
def test_an_oversized_page_is_refused_with_413(server, how, size):
    body = _oversized_page(size)
    if how == "raw":
        response = requests.post(server.base + "/api/narrations", data=body, headers={"Content-Type": "text/html"},
                                 timeout=120)
    else:
        response = requests.post(server.base + "/api/narrations", data=json.dumps({"text": body.decode()}),
                                 headers={"Content-Type": "application/json"}, timeout=120)
    assert response.status_code == 413, response.text
    if size < 20_000_000:  # far over the limit, waitress refuses the body unread (its own 413, not the app's JSON)
        error = response.json()["error"]
        assert "max_page_bytes" in error["message"] and "10,0" in error["message"]
    assert requests.get(server.base + "/api/narrations", timeout=30).ok  # the server lives on


def run_cli(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, NARRATOR_ENGINE="fake", NARRATOR_CACHE_DIR=str(cwd / "cache"),
               NARRATOR_DATA_DIR=str(cwd / "data"))
    return subprocess.run([sys.executable, "-m", "narrator", *args], capture_output=True, cwd=cwd, env=env,
                          input=stdin, timeout=600)


def test_the_cli_narrates_a_multi_megabyte_page(tmp_path):
    source = tmp_path / "page.html"
    source.write_text(PAGE, "utf-8")
    result = run_cli("narrate", str(source), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.decode().strip().splitlines()[-1]).name == "the-tide-mill-turns-again.mp3"


@pytest.mark.parametrize("how", ["file", "stdin"])
def test_the_cli_refuses_a_50_mb_page_with_exit_2_naming_the_limit(tmp_path, how):
    body = _oversized_page()
    if how == "file":
        (tmp_path / "page.html").write_bytes(body)
        result = run_cli("narrate", str(tmp_path / "page.html"), "--out", str(tmp_path / "out"), cwd=tmp_path)
    else:
        result = run_cli("narrate", "-", "--out", str(tmp_path / "out"), cwd=tmp_path, stdin=body)
    assert result.returncode == 2
    message = result.stderr.decode().strip().splitlines()[-1]
    assert "max_page_bytes" in message and "10.0 MB" in message
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("where", ["file", "env"])
def test_the_old_max_input_bytes_setting_still_sets_the_page_limit(tmp_path, caplog, where):
    caplog.set_level(logging.WARNING, "narrator.config")
    if where == "file":
        path = tmp_path / "narrator.toml"
        path.write_text("[narrator]\nmax_input_bytes = 3000000\n", "utf-8")
        settings, sources = load_with_sources(path, env={})
    else:
        settings, sources = load_with_sources(env={"NARRATOR_MAX_INPUT_BYTES": "3000000"})
    assert settings.max_page_bytes == 3_000_000
    assert "max_page_bytes" in caplog.text and "max_input_bytes" in caplog.text


def test_the_new_name_wins_over_the_old_one():
    settings = Settings.load(env={"NARRATOR_MAX_INPUT_BYTES": "3000000", "NARRATOR_MAX_PAGE_BYTES": "4000000"})
    assert settings.max_page_bytes == 4_000_000


INVISIBLE = ["\x01", "\x07", "\x0b", "\x7f", "\x85", "\u200b", "\u200d", "\ufeff", "\u00ad", "\u202e", "\u2066",
             "\ue000", "\U000f0001"]


@pytest.mark.parametrize("mark", INVISIBLE)
@pytest.mark.parametrize("where", ["title", "h1", "body", "author"])
def test_an_html_pages_invisible_characters_are_never_read(mark, where):
    """An HTML page's control, zero-width, bidirectional and private-use characters reach neither the article's text
    nor its title or byline, wherever they sit (they are removed from what is extracted, not from the markup)."""
    from narrator.article import _UNSPEAKABLE
    from narrator.config import Settings
    from narrator.pipeline import extract_article

    def put(text: str, here: str) -> str:
        return text[:5] + mark + text[5:] if where == here else text

    body = "".join(f"<p>{put(s, 'body')} {s}</p>" for s in (
        "The ferry company said the new timetable would add two crossings a day from the spring.",
        "Passengers on the early boat have complained for years that it leaves before the first train arrives.",
        "The council has agreed to pay for a longer pontoon so that two boats can load at once."))
    source = (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{put('Ferry timetable', 'title')}"
              f"</title><meta name='author' content='{put('Anna Berg', 'author')}'></head><body><article>"
              f"<h1>{put('Ferry timetable changes', 'h1')}</h1>{body}</article></body></html>")
    article = extract_article(source.encode("utf-8"), fmt="auto", settings=Settings.load(env={}))
    for text in (article.title, article.byline, *article.paragraphs):
        assert not _UNSPEAKABLE.search(text), (mark, where, text)
    assert article.byline == "Anna Berg" and "Ferry timetable" in article.title
