"""The documentation tested: every fenced block and command of README.md and docs/deploy.md runs, or says why not.

How a new block is picked up: `fenced_blocks()` reads every ``` block of DOCS. A shell block is split into its
commands (a heredoc stays with its command); any other block is known by its first line. Each command or block
must be in RUN (the name of the check below that runs it for real), TESTED_ELSEWHERE (the tests that already run
it) or NOT_RUN (why it cannot run here). A new block or command in none of them fails
`test_every_documented_block_and_command_is_run_or_says_why_not` with the line to add. Inline examples are
checked by kind: every `narrator ...` command line parses, every `NARRATOR_X=value` loads, every `GET /path`
route exists, and the documented settings error and C2PA check print what the README shows.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from narrator.cli import build_parser
from narrator.config import Settings
from narrator.testing.server import Server
from narrator.testing.transcripts import cues

from .site import ARTICLE_HTML, ARTICLE_SENTENCE, Site

ROOT = Path(__file__).resolve().parent.parent
DOCS = (ROOT / "README.md", ROOT / "docs" / "deploy.md")
ARTICLE = ("# The harbour lights\n\nThe harbour committee met on Tuesday and voted to keep the red lamps lit "
           "through the winter. Mrs Trevellick, who has kept the lamps for thirty years, said she was delighted.")
FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Quay news</title>
<link>{base}/</link><description>Local news</description>
<item><title>The ferry returns</title><link>{base}/ferry</link><content:encoded><![CDATA[<p>The ferry returned to
the quay on Saturday after a winter away. Its crew waved from the deck as the crowd cheered.</p>]]></content:encoded>
</item></channel></rss>"""


@dataclass(frozen=True)
class Block:
    """One fenced block of a document."""

    doc: str
    line: int
    lang: str
    text: str

    @property
    def key(self) -> str:
        """How a block that is not a shell block is known: its first non-empty line."""
        return next((line.strip() for line in self.text.splitlines() if line.strip()), "")

    def where(self) -> str:
        return f"{self.doc}:{self.line}"


def fenced_blocks() -> list[Block]:
    """Every ``` block of DOCS, with its language (after the fence) and first line number."""
    found = []
    for path in DOCS:
        lines = path.read_text("utf-8").splitlines()
        start, lang, body = 0, "", []
        inside = False
        for number, line in enumerate(lines, start=1):
            if line.startswith("```"):
                if inside:
                    found.append(Block(str(path.relative_to(ROOT)), start, lang, "\n".join(body)))
                else:
                    start, lang, body = number, line[3:].strip(), []
                inside = not inside
            elif inside:
                body.append(line)
    return found


def shell_commands(text: str) -> list[str]:
    """The commands of a shell block, comments removed; a heredoc's lines stay with the command that opens it."""
    commands: list[str] = []
    heredoc = ""
    for line in text.splitlines():
        if heredoc:
            commands[-1] += "\n" + line
            heredoc = "" if line.strip() == heredoc else heredoc
            continue
        command = re.sub(r"\s+#.*$", "", line).strip()
        if command and not command.startswith("#"):
            commands.append(command)
            opened = re.search(r"<<-?'?(\w+)'?", command)
            heredoc = opened.group(1) if opened else ""
    return commands


def documented() -> list[tuple[str, str]]:
    """(where, command or block key) for everything DOCS show in fenced blocks."""
    items = []
    for block in fenced_blocks():
        if block.lang == "sh":
            items += [(block.where(), command) for command in shell_commands(block.text)]
        else:
            items.append((block.where(), block.key))
    return items


def inline_spans() -> list[str]:
    """Every `code span` of DOCS (outside fenced blocks)."""
    spans = []
    for path in DOCS:
        text = re.sub(r"(?ms)^```.*?^```", "", path.read_text("utf-8"))
        spans += [" ".join(span.split()) for span in re.findall(r"`([^`]+)`", text)]
    return spans


# --- what runs where ------------------------------------------------------------------------------------------------

RUN: dict[str, str] = {
    "make demo": "make_dry_run",
    "make test": "make_dry_run",
    'narrator narrate article.txt --title "The harbour lights"': "narrate_text_file",
    "narrator narrate page.html --engine pyttsx3 --out public/audio": "narrate_html_page",
    "narrator narrate https://news.example/harbour-lights": "narrate_web_address",
    "narrator voices": "voices",
    "narrator pronunciations article.md": "pronunciations",
    "narrator serve --port 8000": "serve",
    "narrator worker --concurrency 2": "worker_and_folder_import",
    "narrator import archive/": "worker_and_folder_import",
    "narrator import https://example.org/feed.xml": "feed_import",
    "narrator config": "config",
    "from pathlib import Path": "python_snippet",
    "cat > narrator.env <<'EOF'": "deploy_environment",
    ".venv/bin/narrator serve --no-worker --host 127.0.0.1 --port 8000 &": "deploy_app_workers_import",
    ".venv/bin/narrator worker &": "deploy_app_workers_import",
    ".venv/bin/narrator import /srv/archive/articles": "deploy_app_workers_import",
}
"""Documented command (or block's first line) -> the check below that runs it for real."""

TESTED_ELSEWHERE: dict[str, tuple[str, ...]] = {
    '<script src="https://narrator.example/embed.js" data-narration="qHMqawFSxySTTq35" async></script>': (
        "tests/test_player.py::test_widget_survives_hostile_css_and_plays",
        "tests/test_player.py::test_widget_finds_the_narration_by_article_url_and_is_accessible"),
    "apt-get install -y redis-server postgresql espeak-ng ffmpeg": (
        "tests/test_scale.py::test_fifty_narrations_on_three_workers_finish_exactly_once_when_one_worker_is_killed",),
    "python3 -m venv .venv && .venv/bin/pip install -e '.[piper,scale]'": (
        "tests/test_wheel.py::test_the_installed_wheel_narrates_the_bundled_page_without_its_furniture_from_another"
        "_folder",),
    "narrator check audio_out/harbour-lights.mp3": (
        "tests/test_check.py::test_check_command_prints_each_misheard_word_then_the_rate",
        "tests/test_listening_check.py::test_a_published_narration_is_heard_back_and_its_misheard_words_listed"),
    "narrator narrate article.md --check": (
        "tests/test_check.py::test_narrate_with_check_prints_the_mp3_then_the_check",),
}
"""Documented command or block -> the tests (file::function) that run what it shows; each must exist."""

NOT_RUN: dict[str, str] = {
    "runuser -u postgres -- createuser narrator": "needs root and the system's PostgreSQL; tests/test_scale.py "
                                                  "starts its own PostgreSQL on loopback",
    "runuser -u postgres -- createdb -O narrator narrator": "as above",
    "runuser -u postgres -- psql -c \"ALTER ROLE narrator PASSWORD 'change-me'\"": "as above",
    "set -a; . ./narrator.env; set +a": "shell; its variables are loaded by the deploy_environment check",
    "# /etc/systemd/system/narrator-worker@.service": "a systemd unit needs systemd and root; its ExecStart "
                                                      "command line is parsed by the command-line check",
    "source → parse → clean → chapter → script → speak → assemble (level + encode) → tag → sidecars": "a diagram",
}
"""Documented command or block -> why it does not run in the suite."""


def test_every_documented_block_and_command_is_run_or_says_why_not():
    missing = [f"{where}: {item.splitlines()[0]!r}" for where, item in documented()
               if item.splitlines()[0] not in RUN and item.splitlines()[0] not in TESTED_ELSEWHERE
               and item.splitlines()[0] not in NOT_RUN]
    assert not missing, ("documented but neither run nor explained; add each to RUN (with a check), "
                         "TESTED_ELSEWHERE or NOT_RUN in tests/test_docs.py:\n" + "\n".join(missing))


def test_the_tables_name_only_what_the_documents_still_show():
    shown = {item.splitlines()[0] for _where, item in documented()}
    stale = sorted((set(RUN) | set(TESTED_ELSEWHERE) | set(NOT_RUN)) - shown)
    assert not stale, f"no longer in the documents; remove from tests/test_docs.py: {stale}"


def test_the_tests_named_for_documented_examples_exist():
    for references in TESTED_ELSEWHERE.values():
        for reference in references:
            file, function = reference.split("::")
            assert re.search(rf"^def {function}\(", (ROOT / file).read_text("utf-8"), re.M), reference


def test_every_run_entry_has_its_check():
    assert set(RUN.values()) <= set(CHECKS), set(RUN.values()) - set(CHECKS)


# --- inline examples ------------------------------------------------------------------------------------------------

PLACEHOLDERS = {"SOURCE": "archive/", "N": "2", "FILE": "x", "FILE.mp3": "x.mp3", "https://...": "https://x.example/",
                "https://…": "https://x.example/", "…": "x"}


def narrator_command_lines() -> list[str]:
    """Every whole narrator command line shown: in shell blocks and in ExecStart lines."""
    lines = [command for _where, command in documented() if re.match(r"(\.venv/bin/)?narrator ", command)]
    for block in fenced_blocks():
        lines += ["narrator " + line for line in re.findall(r"^ExecStart=\S*narrator (.*)$", block.text, re.M)]
    return lines


def _words(line: str) -> list[str]:
    words = [PLACEHOLDERS.get(word, word) for word in shlex.split(line.rstrip("&").strip())]
    return words[1:] if words[0].endswith("narrator") else words


@pytest.mark.parametrize("line", sorted(set(narrator_command_lines())))
def test_every_documented_command_line_is_accepted_by_the_command_line_parser(line):
    try:
        build_parser().parse_args(_words(line))
    except SystemExit as exc:
        pytest.fail(f"`{line}`: the command line refuses it (exit {exc.code})")


@pytest.mark.parametrize("span", sorted({span for span in inline_spans() if re.match(r"narrator (-v+ )?[a-z]", span)}))
def test_every_command_and_option_named_in_the_text_exists(span):
    """Inline mentions may leave out arguments (`narrator import`), but their command and options must exist."""
    import argparse

    parser = build_parser()
    words = [word for word in _words(span) if word not in ("-v", "-vv", "…")]
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert words[0] in commands, f"`{span}`: no command {words[0]!r}"
    options = set(commands[words[0]]._option_string_actions)
    assert {word for word in words[1:] if word.startswith("--")} <= options, f"`{span}`: unknown option"


ENV_EXAMPLE = re.compile(r"^NARRATOR_([A-Z_]+)=(.+)$")


@pytest.mark.parametrize("span", sorted({span for span in inline_spans() if ENV_EXAMPLE.match(span)}))
def test_every_documented_environment_variable_example_sets_its_setting(span):
    from narrator.config import load_with_sources

    name, raw = ENV_EXAMPLE.match(span).groups()
    value = shlex.split(raw)[0]
    _settings, sources = load_with_sources(env={f"NARRATOR_{name}": value})
    assert sources[name.lower()] == f"environment variable NARRATOR_{name}", span


ROUTE = re.compile(r"^(GET|POST|PUT|DELETE) (/[^\s?`]*)")


@pytest.mark.parametrize("span", sorted({span for span in inline_spans() if ROUTE.match(span)}))
def test_every_documented_route_exists_with_its_method(span, tmp_path_factory):
    from werkzeug.exceptions import MethodNotAllowed, NotFound

    method, path = ROUTE.match(span).groups()
    path = re.sub(r"<[^>]+>", "abc", path).replace("{", "").replace("}", "")
    adapter = docs_app(tmp_path_factory).url_map.bind("localhost")
    try:
        adapter.match(path, method=method)
    except (NotFound, MethodNotAllowed) as exc:
        pytest.fail(f"`{span}` is documented but the app answers {exc.code}")


_APPS: list = []


def docs_app(tmp_path_factory):
    """One app for the route checks (default settings in a temporary data folder)."""
    if not _APPS:
        from narrator.web import create_app

        _APPS.append(create_app(Settings.load(env={}, data_dir=str(tmp_path_factory.mktemp("routes")),
                                              engine="fake")))
    return _APPS[0]


def test_the_documented_settings_error_is_the_one_printed(tmp_path):
    example = next(span for span in inline_spans() if span.startswith("narrator: setting "))
    variable, value = re.search(r"from environment variable (NARRATOR_\w+)", example).group(1), \
        re.search(r"= '([^']*)'", example).group(1)
    result = subprocess.run([sys.executable, "-m", "narrator", "config"], capture_output=True, text=True,
                            env=dict(os.environ, **{variable: value}), cwd=tmp_path, timeout=60)
    assert result.returncode == 2 and result.stderr.strip() == example


def test_the_documented_c2pa_check_says_a_default_narration_has_no_manifest(tmp_path):
    command = next(span for span in inline_spans() if span.startswith("python -c") and "read_manifest" in span)
    shown = re.search(r"`\('no C2PA manifest', None\)`", (ROOT / "README.md").read_text("utf-8"))
    assert shown, "the README says what the check prints for an unsigned file"
    run_narrator(tmp_path, "narrate", "-", "--out", ".", stdin=ARTICLE, engine="fake")
    (tmp_path / "the-harbour-lights.mp3").rename(tmp_path / "x.mp3")
    words = shlex.split(command)
    result = subprocess.run([sys.executable, *words[1:]], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == "('no C2PA manifest', None)", result.stderr


# --- the checks RUN names -------------------------------------------------------------------------------------------

def run_narrator(cwd: Path, *args: str, stdin: str | None = None, engine: str = "", **env: str
                 ) -> subprocess.CompletedProcess:
    """`narrator ARGS` as a user runs it, with the state in `cwd`/data (the default engine unless `engine`)."""
    environment = dict(os.environ, NARRATOR_DATA_DIR=str(cwd / "data"), **env)
    environment.pop("NARRATOR_ENGINE", None)
    if engine:
        environment["NARRATOR_ENGINE"] = engine
    result = subprocess.run([sys.executable, "-m", "narrator", *args], input=stdin, capture_output=True, text=True,
                            cwd=cwd, env=environment, timeout=600)
    assert result.returncode == 0, result.stderr
    return result


def words_of(command: str) -> list[str]:
    return shlex.split(command)[1:]


def make_dry_run(command: str, tmp_path: Path) -> None:
    subprocess.run(["make", "-n", *words_of(command)], cwd=ROOT, check=True, capture_output=True, timeout=60)


def narrate_text_file(command: str, tmp_path: Path) -> None:
    from mutagen.id3 import ID3

    (tmp_path / "article.txt").write_text(ARTICLE.removeprefix("# The harbour lights\n\n"), "utf-8")
    result = run_narrator(tmp_path, *words_of(command))
    mp3 = Path(result.stdout.splitlines()[-1])
    assert mp3.name == "the-harbour-lights.mp3" and mp3.with_suffix(".vtt").is_file()
    assert mp3.with_name("the-harbour-lights.chapters.json").is_file()
    assert str(ID3(mp3)["TIT2"]) == "The harbour lights" and "Joe" in str(ID3(mp3)["TPE1"])


def narrate_html_page(command: str, tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(ARTICLE_HTML, "utf-8")
    mp3 = tmp_path / run_narrator(tmp_path, *words_of(command)).stdout.splitlines()[-1]
    assert mp3.parent == tmp_path / "public" / "audio" and mp3.is_file()
    assert ARTICLE_SENTENCE in " ".join(cue.text for cue in cues(mp3.with_suffix(".vtt").read_text("utf-8")))
    assert "Share this article" not in mp3.with_suffix(".vtt").read_text("utf-8")


def narrate_web_address(command: str, tmp_path: Path) -> None:
    site = Site()
    try:
        url = words_of(command)[1]
        site.page(url.split("news.example", 1)[1], ARTICLE_HTML)
        local = url.replace("https://news.example", site.base)
        result = run_narrator(tmp_path, "narrate", local, NARRATOR_FETCH_PRIVATE_ADDRESSES="true")
        assert Path(result.stdout.splitlines()[-1]).name == "the-lighthouse-keeper-retires.mp3"
    finally:
        site.stop()


def voices(command: str, tmp_path: Path) -> None:
    out = run_narrator(tmp_path, *words_of(command)).stdout
    assert re.search(r"^piper: 1 voice\(s\)\n  en_US-joe-medium ", out, re.M) and "\npyttsx3: " in out


def pronunciations(command: str, tmp_path: Path) -> None:
    (tmp_path / "article.md").write_text(ARTICLE, "utf-8")
    lines = run_narrator(tmp_path, *words_of(command)).stdout.splitlines()
    assert [line.split("\t")[:2] for line in lines] == [["Trevellick", "1"]]


def serve(command: str, tmp_path: Path) -> None:
    assert words_of(command)[:2] == ["serve", "--port"]  # Server runs `narrator serve --port <a free port>`
    server = Server(tmp_path)
    try:
        assert requests.get(server.base + "/healthz", timeout=10).json()["status"] == "ok"
        narration = server.wait(server.submit(text=ARTICLE)["id"], timeout=120)
        assert narration["status"] == "done" and narration["player_url"].startswith(server.base + "/listen/")
        assert requests.get(narration["audio_url"], timeout=10).headers["Content-Type"] == "audio/mpeg"
    finally:
        server.stop()


def _import(server: Server, *args: str) -> list[str]:
    result = subprocess.run([sys.executable, "-m", "narrator", "import", *args], env=server.env, cwd=server.root,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def _wait_all(server: Server, count: int) -> None:
    import time

    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        items = requests.get(server.base + "/api/narrations", timeout=10).json()["items"]
        if len(items) == count and all(item["status"] == "done" for item in items):
            return
        time.sleep(0.3)
    raise AssertionError(f"not every import was narrated: {items}")


def worker_and_folder_import(command: str, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "lights.md").write_text(ARTICLE, "utf-8")
    (archive / "ferry.txt").write_text("The ferry returns\n\nThe ferry came back on Saturday. Crowds cheered.")
    server = Server(tmp_path, embedded_worker=False)
    try:
        server.start_worker(*words_of("narrator worker --concurrency 2")[1:])
        lines = _import(server, *words_of("narrator import archive/")[1:])
        assert lines[-1] == "2 article(s): 2 queued" and any("The harbour lights" in line for line in lines)
        _wait_all(server, 2)
    finally:
        server.stop()


def feed_import(command: str, tmp_path: Path) -> None:
    site = Site()
    # the documented feed is public; its stand-in here is on loopback, which an import refuses unless told
    server = Server(tmp_path, NARRATOR_FETCH_PRIVATE_ADDRESSES="true")
    try:
        site.page("/feed.xml", FEED.format(base=site.base))
        url = words_of(command)[1].replace("https://example.org", site.base)
        lines = _import(server, url, "--delay", "0")
        assert lines[-1] == "1 article(s): 1 queued" and "The ferry returns" in lines[0]
        _wait_all(server, 1)
    finally:
        server.stop()
        site.stop()


def config(command: str, tmp_path: Path) -> None:
    out = run_narrator(tmp_path, *words_of(command)).stdout
    names = [line.split(" = ")[0] for line in out.splitlines() if not line.startswith("#")]
    assert names == list(Settings.__dataclass_fields__)
    assert out.splitlines()[-1].startswith("# lexicon.toml: ")


def python_snippet(command: str, tmp_path: Path) -> None:
    block = next(block for block in fenced_blocks() if block.lang == "python" and block.key == command)
    (tmp_path / "article.md").write_text(ARTICLE, "utf-8")
    script = tmp_path / "snippet.py"
    script.write_text(textwrap.dedent(block.text), "utf-8")
    out = run_narrator_python(tmp_path, script)
    assert re.match(r"^\S+/the-harbour-lights\.mp3 \d+\.\d+ \[\('[^']+', 0\.0\)\]$", out.strip()), out


def run_narrator_python(cwd: Path, script: Path) -> str:
    environment = dict(os.environ, NARRATOR_DATA_DIR=str(cwd / "data"))
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=cwd, env=environment,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    return result.stdout


def deploy_environment(command: str, tmp_path: Path) -> None:
    block = next(block for block in fenced_blocks() if "cat > narrator.env" in block.text)
    lines = [line for line in block.text.splitlines() if line.startswith("NARRATOR_")]
    env = dict(line.split("=", 1) for line in lines)
    settings = Settings.load(env=env)
    for variable, value in env.items():
        assert getattr(settings, variable.removeprefix("NARRATOR_").lower()) == value, variable


def deploy_app_workers_import(command: str, tmp_path: Path) -> None:
    block = next(block for block in fenced_blocks() if ".venv/bin/narrator serve" in block.text)
    shown = [c for c in shell_commands(block.text) if c.startswith(".venv/bin/narrator")]
    assert [words_of(c.rstrip("&"))[0] for c in shown] == ["serve", "worker", "worker", "import"]
    archive = tmp_path / "articles"
    archive.mkdir()
    for name in ("lights", "ferry", "pier"):
        (archive / f"{name}.md").write_text(ARTICLE.replace("harbour lights", f"{name} news"), "utf-8")
    server = Server(tmp_path, embedded_worker=False, args=("--host", "127.0.0.1"))  # and --no-worker
    try:
        server.start_worker(log="worker-1.log")
        server.start_worker(log="worker-2.log")
        lines = _import(server, str(archive))
        assert lines[-1] == "3 article(s): 3 queued"
        _wait_all(server, 3)
    finally:
        server.stop()


CHECKS = {name: function for name, function in globals().items()
          if callable(function) and name in set(RUN.values())}


@pytest.mark.slow
@pytest.mark.parametrize("check", sorted(set(RUN.values())))
def test_the_documented_example_works(check, tmp_path):
    commands = [command for command, name in RUN.items() if name == check]
    CHECKS[check](commands[0], tmp_path)

