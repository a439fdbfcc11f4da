"""Command line: narrate, check, pronunciations, serve, worker, import, voices, config."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from pathlib import Path
from typing import Any

from .config import ENGINE_CHOICES, Settings
from .errors import NarratorError
from .fetching import DEFAULT_DELAY_S

_LOGGER = logging.getLogger(__name__)
EXIT_BAD_INPUT = 2


class _TerminalProgress:
    """A single updating progress line on stderr, only when stderr is a terminal."""

    def __init__(self, stream=sys.stderr) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.showing = False
        """A progress line is on screen without its newline: a log line must start below it."""

    def __call__(self, fraction: float, message: str) -> None:
        if self.enabled:
            bar = "#" * int(fraction * 30)
            self.stream.write(f"\r[{bar:<30}] {fraction * 100:3.0f}%  {message[:60]:<60}")
            self.showing = fraction < 1.0
            if not self.showing:
                self.stream.write("\n")
            self.stream.flush()

    def end_line(self) -> None:
        """Finish the progress line so that what is written next has a line of its own."""
        if self.showing:
            self.stream.write("\n")
            self.showing = False


PROGRESS = _TerminalProgress()


class _LogHandler(logging.StreamHandler):
    """Log lines on stderr, each on its own line even while the progress bar is showing."""

    def emit(self, record: logging.LogRecord) -> None:
        PROGRESS.end_line()
        super().emit(record)


VERBOSITY_LEVELS = (logging.WARNING, logging.INFO, logging.DEBUG)
"""Log level for no -v, -v and -vv."""
QUIET_UNLESS_DEBUG = ("alembic",)
"""Libraries whose INFO lines (Alembic's migration plugins and context) are noise unless -vv is given."""


def configure_logging(verbosity: int) -> None:
    """stderr logging at the level -v/-vv ask for."""
    handler = _LogHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(VERBOSITY_LEVELS[min(verbosity, len(VERBOSITY_LEVELS) - 1)])
    for name in QUIET_UNLESS_DEBUG:
        logging.getLogger(name).setLevel(logging.DEBUG if verbosity >= 2 else logging.WARNING)


COMMAND_LINE = "command line"


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.load(origin=COMMAND_LINE, engine=getattr(args, "engine", None), voice=getattr(args, "voice", None),
                         out_dir=getattr(args, "out", None))


def cmd_config(args: argparse.Namespace) -> int:
    """Every setting with its value and where it came from, then the rule files read."""
    from .config import SETTINGS_FILE, config_folders, load_with_sources, shown_value

    settings, sources = load_with_sources()
    for name, _default, _help in Settings.documentation():
        print(f"{name} = {shown_value(name, getattr(settings, name))}  # {sources[name]}")
    print("# settings files:", ", ".join(str(p) for p in _existing(config_folders(settings.config_dir),
                                                                    SETTINGS_FILE)) or "none")
    for rule_file in ("boilerplate.toml", "lexicon.toml"):
        print(f"# {rule_file}:", ", ".join(str(p) for p in settings.rule_files(rule_file)) or "none")
    return 0


def _existing(folders: list[Path], name: str) -> list[Path]:
    return [folder / name for folder in folders if (folder / name).is_file()]


def _source(args: argparse.Namespace, settings: Settings) -> str | bytes | Path:
    return sys.stdin.buffer.read(settings.max_page_bytes + 1) if args.source == "-" else Path(args.source)


def shared_lexicon(settings: Settings) -> list[Any]:
    """The store's pronunciation entries when this machine has the store (the service's shared lexicon)."""
    from .errors import StoreError

    url = settings.database_url
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        return []
    from .lexicon_store import LexiconStore
    from .store import Store

    try:
        store = Store(url)
        store.upgrade()
        return LexiconStore(store).entries()
    except StoreError as exc:
        _LOGGER.warning("the shared lexicon is out of reach (%s); using %s only", exc, "config/lexicon.toml")
        return []


def cmd_narrate(args: argparse.Namespace) -> int:
    from .pipeline import narrate

    settings = _settings(args)
    source: str | bytes | Path
    title, author, url, fmt = args.title or "", args.author or "", args.url or "", args.format
    if args.source == "-":
        source = sys.stdin.buffer.read(settings.max_page_bytes + 1)
    elif args.source.lower().startswith(("http://", "https://")):
        from .webpage import fetch_article, page_fetcher

        fetcher = page_fetcher(settings.fetch_private_addresses, deadline_s=settings.fetch_timeout_s)
        page = fetch_article(args.source, fetcher, settings.max_page_bytes)
        source, fmt = page.markdown, "markdown"
        title, author, url = title or page.title, author or page.author, url or args.source
    else:
        source = Path(args.source)
    explain = (lambda drop: print(drop.line(), file=sys.stderr)) if args.explain else None
    result = narrate(source, title=title, author=author, url=url, fmt=fmt, settings=settings,
                     on_progress=PROGRESS, on_drop=explain,
                     lexicon=shared_lexicon(settings))
    for mark in result.chapters:
        _LOGGER.info("chapter %6.1fs %s", mark.start_s, mark.title)
    print(result.mp3_path)
    return _print_check(result.mp3_path) if args.check else 0


def _print_check(mp3: Path) -> int:
    """Hear a narration back and print one line per word heard wrong (time, written word, heard as), then its WER."""
    from .check import clock, hear_back, script_from_vtt
    from .hearing import model_dir

    if not mp3.is_file():
        raise NarratorError(f"{mp3}: no such file; give a narration's MP3 (narrator narrate writes it)")
    transcript = mp3.with_suffix(".vtt")
    if not transcript.is_file():
        raise NarratorError(f"{mp3}: no transcript {transcript.name} beside it; the check compares the MP3 with the "
                            "WebVTT transcript narrator narrate writes next to it")
    model_dir()  # the install hint, before any work
    result = hear_back(mp3, script_from_vtt(transcript.read_text("utf-8")))
    for word in result.words:
        print(f"{clock(word.start_s)}\t{word.word}\t{word.heard or '(nothing heard)'}")
    print(f"word error rate {result.wer:.3f}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """The listening check of a narration's MP3 (with its .vtt beside it)."""
    return _print_check(Path(args.mp3))


def cmd_pronunciations(args: argparse.Namespace) -> int:
    """The words of an article the voice would guess: word, count and its first sentence, most frequent first."""
    from .pipeline import normalizer_for, prepare_article, read_source
    from .pronunciations import article_sentences, candidates

    settings = _settings(args)
    data, fmt = read_source(_source(args, settings), args.format, settings)
    article = prepare_article(data, fmt=fmt, settings=settings)
    sentences = article_sentences(article)
    known = normalizer_for(settings, shared_lexicon(settings)).lexicon
    found = candidates(sentences, known, settings.pronunciation_wordlist)
    for candidate in found:
        print(f"{candidate.word}\t{candidate.count}\t{candidate.sentence}")
    if not found:
        print("narrator: no words the voice would guess", file=sys.stderr)
    return 0


def cmd_voices(args: argparse.Namespace) -> int:
    from .engines import available_engines

    settings = Settings.load()
    for engine, voices in available_engines(voices_dir=settings.voices_dir).items():
        if isinstance(voices, str):
            print(f"{engine}: unavailable ({voices})")
            continue
        print(f"{engine}: {len(voices)} voice(s)")
        for voice in voices:
            rate = f"{voice.sample_rate} Hz" if voice.sample_rate else ""
            print(f"  {voice.id:<28} {voice.name:<24} {voice.language:<10} {rate}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """The web app under waitress, with a supervised worker process beside it unless --no-worker: restarted with
    backoff when it dies, stopped (gracefully) however serve ends."""
    import signal

    from .supervisor import WorkerSupervisor
    from .web import create_app
    from .web.transport import serve

    settings = Settings.load(origin=COMMAND_LINE, host=args.host, port=args.port)
    app = create_app(settings)
    # Submissions detect the article's language: its model loads now, not while the first listener waits.
    threading.Thread(target=_load_language_model, name="language-model", daemon=True).start()
    worker = None
    if not args.no_worker:
        jobs = app.extensions["narrator"].jobs
        verbosity = ["-" + "v" * args.verbose] if args.verbose else []
        worker = WorkerSupervisor([sys.executable, "-m", "narrator", *verbosity, "worker"],
                                  settings.shutdown_grace_s, on_death=jobs.release_dead_worker).start()

    def stop(signum: int, _frame: Any) -> None:
        if worker is not None:
            worker.begin_stop()
        raise SystemExit(128 + signum)  # waitress stops serving; the finally below stops the worker

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        for path in args.submit:
            _submit_on_start(app, Path(path))
        print(f"narrator serving on http://{settings.host}:{settings.port}/", flush=True)
        serve(app, host=settings.host, port=settings.port, threads=settings.server_threads,
              connection_limit=settings.max_connections, channel_timeout=60, ident="narrator")
    finally:
        if worker is not None:
            worker.stop()
    return 0


def _load_language_model() -> None:
    from .language import load_model

    try:
        load_model()
    except OSError as exc:  # a full disk: each submission says so when it needs the model
        _LOGGER.warning("the language detector's model did not load: %s", exc)


def _submit_on_start(app: Any, path: Path) -> None:
    """Submit an article file through the app's own API (deduplicated like any submission)."""
    from .article import read_source
    from .web.api import RAW_TYPES

    settings = app.extensions["narrator"].settings
    source, fmt = read_source(path, settings.max_page_bytes)
    headers = {"Authorization": f"Bearer {settings.api_key}"} if settings.api_key else {}
    content_type = next(mimetype for mimetype, kind in RAW_TYPES.items() if kind == fmt)
    response = app.test_client().post("/api/narrations", data=source, content_type=content_type, headers=headers,
                                      base_url=f"http://{settings.host}:{settings.port}")
    if response.status_code != 202:
        raise NarratorError(f"{path}: {response.get_json()['error']['message']}")
    narration = response.get_json()
    print(f"{narration['title']}: {narration['player_url']} ({narration['status']})", flush=True)


def cmd_worker(args: argparse.Namespace) -> int:
    """A queue consumer; run several (here or on other machines) to scale out."""
    from .jobs import run_worker
    from .supervisor import stop_with_parent

    if args.parent:
        stop_with_parent(args.parent)
    run_worker(Settings.load(), workers=args.concurrency)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Queue every article of a folder or feed for the workers, one progress line each."""
    from .fetching import PoliteFetcher
    from .importer import import_articles, items_from
    from .jobs import get_jobs
    from .netguard import allow_all, guarded_opener, public_only

    settings = Settings.load()
    fetcher = PoliteFetcher(delay_s=args.delay, obey_robots=not args.ignore_robots, deadline_s=settings.fetch_timeout_s,
                            opener=guarded_opener(allow_all if settings.fetch_private_addresses else public_only))
    items = items_from(args.source, settings.max_page_bytes, fetcher)
    jobs = get_jobs(settings)
    jobs.store.upgrade()
    voice = {k: v for k, v in (("engine", args.engine), ("voice", args.voice)) if v}

    def report(position: int, total: int, outcome: str, item: Any) -> None:
        reason = {"refused": f": {item.error}", "skipped": f": {item.skipped}"}.get(outcome, "")
        print(f"[{position}/{total}] {outcome:<16} {item.label}{reason}", flush=True)

    summary = import_articles(items, jobs, fetcher, voice, report)
    print(summary.line())
    return 0


def _seconds(value: str) -> float:
    """A command-line number of seconds: zero or more."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 3600:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds from 0 to 3600")
    return seconds


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="narrator", description="Turn articles into chaptered audio narration.")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="log what each stage does; -vv also logs details (each line of page furniture dropped)")
    commands = parser.add_subparsers(dest="command", required=True)

    narrate = commands.add_parser("narrate", help="narrate a .txt, .md or .html file, a web address, or - for stdin")
    narrate.add_argument("source", help="article file (.txt, .md, .html), an http(s):// web page, or - to read stdin")
    narrate.add_argument("--title", help="title (default: from the article)")
    narrate.add_argument("--author", help="author (default: from the article's byline)")
    narrate.add_argument("--url", help="source URL, stored in the tags")
    narrate.add_argument("--format", default="auto", choices=["auto", "text", "markdown", "html"],
                         help="input format (default: from the extension, or detected for stdin)")
    narrate.add_argument("--engine", choices=ENGINE_CHOICES, metavar="ENGINE",
                         help=f"speech engine: {', '.join(ENGINE_CHOICES)} (default: the engine setting)")
    narrate.add_argument("--voice", help="voice id (see `narrator voices`)")
    narrate.add_argument("--out", help="output folder (default: the out_dir setting, data_dir/audio)")
    narrate.add_argument("--explain", action="store_true",
                         help="print to stderr each line of page furniture left out, and why (one line each)")
    narrate.add_argument("--check", action="store_true",
                         help="then hear the narration back and list the words heard wrong (needs narrator[listen])")
    narrate.set_defaults(func=cmd_narrate)

    heard = commands.add_parser(
        "check", help="hear a narration back with the offline recognizer: one line per word heard wrong (time, "
                      "written word, heard as, tab-separated), then 'word error rate 0.071' (needs narrator[listen])")
    heard.add_argument("mp3", help="a narration's MP3, with the .vtt transcript narrator wrote beside it")
    heard.set_defaults(func=cmd_check)

    words = commands.add_parser(
        "pronunciations", help="list the words of an article the voice would guess (names, rare words), "
                               "most frequent first: word, count, first sentence (tab-separated)")
    words.add_argument("source", help="article file (.txt, .md, .html) or - to read stdin")
    words.add_argument("--format", default="auto", choices=["auto", "text", "markdown", "html"],
                       help="input format (default: from the extension, or detected for stdin)")
    words.set_defaults(func=cmd_pronunciations)

    serve = commands.add_parser("serve", help="run the web app")
    serve.add_argument("--host", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default 8000)")
    serve.add_argument("--no-worker", action="store_true", help="do not start a worker process beside the app")
    serve.add_argument("--submit", action="append", default=[], metavar="FILE",
                       help="submit this article (.txt, .md, .html) on start, as the API would; repeatable")
    serve.set_defaults(func=cmd_serve)

    worker = commands.add_parser("worker", help="process queued narrations")
    worker.add_argument("--concurrency", type=int, default=1, help="narrations processed at once (default 1)")
    worker.add_argument("--parent", type=int, default=0, metavar="PID",
                        help="stop gracefully once process PID (the `narrator serve` that started it) is gone")
    worker.set_defaults(func=cmd_worker)

    importer = commands.add_parser(
        "import", help="queue every article of a folder or an RSS/Atom feed, skipping those already narrated")
    importer.add_argument("source", help="folder of .txt/.md/.html files, feed URL, or .xml/.rss/.atom feed file")
    importer.add_argument("--engine", choices=ENGINE_CHOICES, metavar="ENGINE",
                          help=f"speech engine for these narrations: {', '.join(ENGINE_CHOICES)}")
    importer.add_argument("--voice", help="voice id for these narrations")
    importer.add_argument("--delay", type=_seconds, default=DEFAULT_DELAY_S, metavar="SECONDS",
                          help=f"pause between two requests to one site (default {DEFAULT_DELAY_S:g}; "
                               "a longer Crawl-delay in its robots.txt wins)")
    importer.add_argument("--ignore-robots", action="store_true",
                          help="fetch pages robots.txt disallows (for importing your own site)")
    importer.set_defaults(func=cmd_import)

    voices = commands.add_parser("voices", help="list engines and voices on this machine")
    voices.set_defaults(func=cmd_voices)

    config = commands.add_parser("config", help="print every setting, its value and where it came from, "
                                                "and the rule files read")
    config.set_defaults(func=cmd_config)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    try:
        status = args.func(args)
        sys.stdout.flush()  # inside the try: a reader that went away (`| head`) is no error
        return status
    except NarratorError as exc:
        PROGRESS.end_line()
        print(f"narrator: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `narrator voices | head`: the reader has what it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's own flush at exit must not fail again
        return 0
    except KeyboardInterrupt:
        print("narrator: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
