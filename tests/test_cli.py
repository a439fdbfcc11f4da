"""The command line contract: outputs, stdin, progress-free pipes, exit 2 with one line on bad input."""

from __future__ import annotations

import re
import os
import subprocess
import sys
from pathlib import Path

import pytest

from narrator.testing import plain_transcript

from .conftest import FIXTURES

ARTICLE = "# Bridge reopens\n\nThe old bridge reopened on Monday. Traffic moved freely for the first time in a year."


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path, engine: str = "fake") -> subprocess.CompletedProcess:
    env = dict(os.environ, NARRATOR_ENGINE=engine, NARRATOR_CACHE_DIR=str(cwd / "cache"),
               NARRATOR_DATA_DIR=str(cwd / "data"))
    return subprocess.run([sys.executable, "-m", "narrator", *args], input=stdin, capture_output=True, cwd=cwd,
                          env=env, timeout=600)


@pytest.mark.parametrize("name", ["harbour_furniture.txt", "allotments_headings.md", "ferry_page.html"])
def test_narrate_file_writes_mp3_and_sidecars_and_prints_the_path_last(name, tmp_path):
    result = run_cli("narrate", str(FIXTURES / name), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    mp3 = Path(result.stdout.decode().strip().splitlines()[-1])
    assert mp3.suffix == ".mp3" and mp3.is_file() and mp3.parent == tmp_path / "out"
    assert mp3.with_suffix(".vtt").is_file()
    assert mp3.with_name(mp3.stem + ".chapters.json").is_file()
    assert not [p for p in mp3.parent.iterdir() if p.name.startswith(".")]


def test_the_transcript_marks_where_each_paragraph_of_the_article_starts(tmp_path):
    paragraphs = ["The ferry left at noon. It was full.", "Nobody was late. The crew waved from the deck.",
                  "By evening the harbour was quiet again."]
    article = "# Ferry day\n\n" + "\n\n".join(paragraphs)
    result = run_cli("narrate", "-", "--out", "out", stdin=article.encode(), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    blocks = (tmp_path / "out" / "ferry-day.vtt").read_text("utf-8").split("\n\n")
    def text(cue: str) -> str:  # the cue's words without their WebVTT timestamp tags
        return re.sub(r"<\d\d:\d\d:\d\d\.\d{3}>", "", cue)

    cues = [text(b.splitlines()[2]) for b in blocks if "-->" in b]
    opening = [text(blocks[i + 1].splitlines()[2]) for i, b in enumerate(blocks) if b.strip() == "NOTE paragraph"]
    assert cues == [s.strip() + "." for p in paragraphs for s in p.split(".") if s.strip()]
    assert opening == [p.split(". ")[0].rstrip(".") + "." for p in paragraphs]


def test_narrate_stdin_with_title(tmp_path):
    result = run_cli("narrate", "-", "--title", "From stdin", "--out", "out", stdin=ARTICLE.encode(), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().strip().endswith("out/from-stdin.mp3")


def test_default_output_folder_is_in_the_data_folder_not_the_working_directory(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    result = run_cli("narrate", "-", stdin=ARTICLE.encode(), cwd=tmp_path / "elsewhere")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "elsewhere" / "data" / "audio" / "bridge-reopens.mp3").is_file()
    assert sorted(p.name for p in (tmp_path / "elsewhere").iterdir()) == ["cache", "data"]


@pytest.mark.slow
def test_narrate_with_the_real_default_engine(tmp_path):
    result = run_cli("narrate", "-", "--out", "out", stdin=ARTICLE.encode(), cwd=tmp_path, engine="auto")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "bridge-reopens.mp3").stat().st_size > 10_000


BAD_INPUTS = {
    "empty.txt": b"",
    "blank.txt": b"   \n\n\t  \n",
    "binary.txt": bytes(range(256)) * 10,
    "huge.txt": b"word " * 1_000_000,
    "article.docx": b"PK\x03\x04 not a text file",
    "latin1.txt": b"caf\xe9 \xe0 la cr\xe8me",
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_exits_2_with_one_line_and_touches_nothing(name, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "earlier.mp3").write_bytes(b"earlier narration")
    source = tmp_path / name
    source.write_bytes(BAD_INPUTS[name])
    result = run_cli("narrate", str(source), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("narrator: "), lines
    assert sorted(p.name for p in out.iterdir()) == ["earlier.mp3"]
    assert (out / "earlier.mp3").read_bytes() == b"earlier narration"


def test_unknown_engine_exits_2(tmp_path):
    result = run_cli("narrate", "-", stdin=ARTICLE.encode(), cwd=tmp_path, engine="nope")
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        "narrator: setting engine = 'nope' from environment variable NARRATOR_ENGINE is not valid: "
        "accepted one of auto, piper, pyttsx3, fake"]


def test_voices_lists_engines(tmp_path):
    result = run_cli("voices", cwd=tmp_path)
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "piper:" in out and "en_US-joe-medium" in out and "pyttsx3:" in out


HTML_ATTACK = ("<html><head><script>var s = 'SCRIPTTEXT';</script><style>p{}</style></head><body><article>"
               "<h1>Lamps</h1><p onclick=\"alert('HANDLERTEXT')\">The harbour committee met on Tuesday to discuss "
               "the lamps.</p><iframe src=\"https://evil.example/IFRAMETEXT\"></iframe><p>Members voted to "
               "<a href=\"javascript:alert('LINKTEXT')\">approve the plan</a> after a long debate.</p>"
               "</article></body></html>")
ODD_BUT_VALID = {
    "attack.html": (HTML_ATTACK, "approve the plan", ("SCRIPTTEXT", "HANDLERTEXT", "IFRAMETEXT", "LINKTEXT", "alert")),
    "run-on.txt": ("word " * 4000, "word word", ()),
    "mixed.txt": ("The mayor said \u0645\u0631\u062d\u0628\u0627 to visitors from \u6771\u4eac. Then all went home.",
                  "Then all went home.", ()),
    "control.txt": ("The ferry\u200b left\u0007 at noon.\u202e Nobody\ufeff was late.", "The ferry left at noon.",
                    ("\u200b", "\u0007", "\u202e", "\ufeff")),
}


@pytest.mark.parametrize("name", sorted(ODD_BUT_VALID))
def test_odd_but_valid_input_is_narrated_without_what_must_not_be_heard(name, tmp_path):
    text, expected, absent = ODD_BUT_VALID[name]
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run_cli("narrate", name, "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    transcript = Path(result.stdout.decode().strip().splitlines()[-1]).with_suffix(".vtt")
    transcript = tmp_path / transcript if not transcript.is_absolute() else transcript
    spoken = plain_transcript(transcript.read_text("utf-8"))
    assert expected in spoken and not [marker for marker in absent if marker in spoken]


@pytest.mark.parametrize("args, stdin, phrase", [
    (("--title", "T" * 10_000), ARTICLE.encode(), "limit is 500"),
    (("--author", "A" * 5_000), ARTICLE.encode(), "limit is 300"),
    ((), "\U0001F600 \U0001F30A \U0001F44D".encode(), "no words"),
], ids=["10,000-character title", "5,000-character author", "emoji only"])
def test_refused_with_one_clear_line(args, stdin, phrase, tmp_path):
    result = run_cli("narrate", "-", *args, "--out", "out", stdin=stdin, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and phrase in lines[0], lines
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
