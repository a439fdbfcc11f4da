"""Pasted pages (12 site layouts, as pasted text and as HTML): every real paragraph narrated, no furniture.

Each case is tests/fixtures/pages/<layout>.txt or .html with its golden <layout>.expected.txt, checked through
the Python API, the command line (real narration with the fake engine, read back from the WebVTT transcript)
and the HTTP API (create_app on a temporary store, the queued job executed, the transcript fetched).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from narrator import cli
from narrator.config import Settings
from narrator.pipeline import prepare_article

from .conftest import FIXTURES

PAGES = FIXTURES / "pages"
LAYOUTS = sorted(p.name.removesuffix(".expected.txt") for p in PAGES.glob("*.expected.txt"))
CASES = [f"{layout}{ext}" for layout in LAYOUTS for ext in (".txt", ".html") if (PAGES / f"{layout}{ext}").is_file()]
"""Every page with a golden file; a bug report may come in one form only (the page and its expected paragraphs)."""
BOTH_FORMS = [layout for layout in LAYOUTS if (PAGES / f"{layout}.txt").is_file() and (PAGES / f"{layout}.html").is_file()]


def expected(case: str) -> list[str]:
    text = (PAGES / (case.rsplit(".", 1)[0] + ".expected.txt")).read_text("utf-8")
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def vtt_paragraphs(vtt: str) -> list[str]:
    """The transcript's paragraphs: cue texts joined between 'NOTE paragraph' markers."""
    paragraphs: list[list[str]] = []
    for block in vtt.split("\n\n"):
        lines = block.strip().splitlines()
        if not lines or lines[0] == "WEBVTT":
            continue
        if lines[0].startswith("NOTE paragraph"):
            paragraphs.append([])
        elif len(lines) >= 3 and "-->" in lines[1] and paragraphs:
            text = re.sub(r"<[^>]+>", "", " ".join(lines[2:]))
            paragraphs[-1].append(html.unescape(text))
    return [" ".join(" ".join(p).split()) for p in paragraphs if p]


def compare(got: list[str], want: list[str]) -> tuple[list[str], list[str]]:
    """(furniture narrated, real paragraphs lost)."""
    return [p for p in got if p not in want], [p for p in want if p not in got]


def test_the_corpus_has_twelve_layouts_in_both_forms():
    assert len(BOTH_FORMS) >= 12
    for case in CASES:
        assert 300 <= sum(len(p.split()) for p in expected(case)) <= 1500


@pytest.mark.parametrize("case", CASES)
def test_python_api_narrates_every_real_paragraph_and_no_furniture(case, settings):
    article = prepare_article((PAGES / case).read_bytes(), settings=settings)
    furniture, lost = compare(article.paragraphs, expected(case))
    assert furniture == [] and lost == []
    assert article.paragraphs == expected(case)  # and in order


@pytest.mark.parametrize("layout", BOTH_FORMS)
def test_pasted_text_finds_the_same_headline_as_the_html_page(layout, settings):
    from_text = prepare_article((PAGES / f"{layout}.txt").read_bytes(), settings=settings)
    from_html = prepare_article((PAGES / f"{layout}.html").read_bytes(), settings=settings)
    assert from_text.title == from_html.title


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_cli_narrates_every_real_paragraph_and_explains_each_drop(case, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NARRATOR_CACHE_DIR", str(tmp_path / "cache"))
    assert cli.main(["narrate", str(PAGES / case), "--engine", "fake", "--out", str(tmp_path), "--explain"]) == 0
    captured = capsys.readouterr()
    mp3 = Path(captured.out.strip().splitlines()[-1])
    spoken = vtt_paragraphs(mp3.with_suffix(".vtt").read_text("utf-8"))
    furniture, lost = compare(spoken, expected(case))
    assert furniture == [] and lost == []
    explained = [line.split("): ", 1)[1] for line in captured.err.splitlines() if line.startswith("dropped (")]
    if case.endswith(".txt"):  # pasted text carries the whole page; an HTML extractor may leave nothing to drop
        assert len(explained) >= 10, captured.err
    for text in explained:
        if text.endswith("…"):
            assert not any(p.startswith(text[:-1]) for p in expected(case)), text
        else:
            assert text not in expected(case), text


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from narrator.web import create_app

    root = tmp_path_factory.mktemp("pages_api")
    settings = Settings.load(env={}, database_url=f"sqlite:///{root}/narrator.db", queue_url=f"sqlite:///{root}/q.db",
                             out_dir=str(root / "out"), cache_dir=str(root / "cache"), engine="fake",
                             submit_rate_limit="10000 per minute", secret_key="test-secret")
    return create_app(settings)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_http_api_narrates_every_real_paragraph_and_no_furniture(case, app):
    client = app.test_client()
    content_type = "text/html" if case.endswith(".html") else "text/plain"
    response = client.post("/api/narrations", data=(PAGES / case).read_bytes(), content_type=content_type)
    assert response.status_code == 202, response.get_json()
    narration = response.get_json()
    jobs = app.extensions["narrator"].jobs
    while (task := jobs.huey.dequeue()) is not None:
        jobs.huey.execute(task)
    done = client.get(f"/api/narrations/{narration['id']}").get_json()
    assert done["status"] == "done", done
    spoken = vtt_paragraphs(client.get(f"/audio/{narration['id']}.vtt").get_data(as_text=True))
    furniture, lost = compare(spoken, expected(case))
    assert furniture == [] and lost == []
