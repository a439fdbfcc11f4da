"""Settings: defaults, then config/narrator.toml, then NARRATOR_* environment variables, then overrides."""

from __future__ import annotations

import dataclasses
import logging
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

_LOGGER = logging.getLogger(__name__)

REPO_CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"


def _setting(default: Any, help: str) -> Any:
    """A dataclass field carrying its documentation in metadata."""
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata={"help": help})
    return field(default=default, metadata={"help": help})


@dataclass
class Settings:
    """Every knob narrator has. Each field is documented; `narrator settings` style tools read `help`."""

    out_dir: str = _setting("audio_out", "Folder where narrations (MP3 + sidecars) are written.")
    config_dir: str = _setting("", "Folder with boilerplate.toml and lexicon.toml (default: ./config or the repository's).")
    engine: str = _setting("auto", "Speech engine: auto (piper when installed, else pyttsx3), piper, pyttsx3 or fake.")
    voice: str = _setting("", "Voice name or id for the engine; empty picks the engine's default.")
    voices_dir: str = _setting("", "Extra folder searched for Piper voices (*.onnx with *.onnx.json).")
    narrator_name: str = _setting("", "Display name of the narrator for every voice; empty uses voice_names, then the voice's own name.")
    voice_names: dict = _setting({}, "Display name per voice id, e.g. {\"en_US-joe-medium\" = \"Steve\"} in [narrator.voice_names].")
    rate: float = _setting(1.0, "Speaking speed multiplier (1.0 is the voice's normal pace).")
    volume: float = _setting(1.0, "pyttsx3 volume, 0..1.")
    speaker: str = _setting("", "Piper speaker name or id for multi-speaker voices.")
    noise_scale: float = _setting(0.667, "Piper noise scale (voice variation).")
    noise_w_scale: float = _setting(0.8, "Piper phoneme-width noise (rhythm variation).")
    intro_template: str = _setting(
        "{title}{by_author}. Narrated by {narrator}.",
        "Spoken before the article. Fields: {title}, {author}, {by_author} (', by Author' or ''), {narrator}. Empty disables.",
    )
    word_timings: bool = _setting(True, "Time every word for the read-along (Piper phoneme alignments, which need the onnx package; espeak-ng word events; else shared out by syllables): WebVTT cues carry a timestamp before each word. False writes sentence cues only.")
    pronunciation_wordlist: str = _setting("/usr/share/dict/words", "Word list of common words (Debian: wbritish or wamerican); `narrator pronunciations` and the editor page leave its words out of the words a voice would guess.")
    pronunciation_narrations: int = _setting(20, "How many recent narrations the pronunciation editor page scans for words the voice guesses.")
    report_rate_limit: str = _setting("20 per hour;5 per minute", "Listeners' \"Report how this word was said\" allowed per client address; empty for none.")
    sentence_pause_ms: int = _setting(300, "Silence after a sentence.")
    paragraph_pause_ms: int = _setting(700, "Silence after a paragraph.")
    chapter_pause_ms: int = _setting(1300, "Silence after a chapter.")
    target_lufs: float = _setting(-16.0, "Integrated loudness target of the MP3 (EBU R128 / podcast standard).")
    true_peak_db: float = _setting(-1.0, "Maximum true peak, dBTP.")
    mp3_bitrate_kbps: int = _setting(64, "Constant MP3 bitrate; CBR keeps browser seeking exact.")
    mp3_sample_rate: int = _setting(0, "MP3 sample rate in Hz; 0 keeps the voice's own rate (22,050 Hz for Piper medium voices and espeak-ng): nothing is resampled, and leveling and encoding take about half the CPU of 44,100 Hz with no loss.")
    max_input_chars: int = _setting(200_000, "Longest article accepted, in characters.")
    max_input_bytes: int = _setting(2_000_000, "Largest input file or request body accepted, in bytes.")
    chapter_target_words: int = _setting(320, "Inferred chapters aim at about this many words (~2 minutes).")
    chapter_min_words: int = _setting(140, "Inferred chapters are never shorter than this, except a whole short article.")
    date_order: str = _setting("dmy", "How to read ambiguous numeric dates like 03/05/2024: dmy or mdy.")
    cache_dir: str = _setting(".cache/narrator", "Sentence audio cache folder.")
    cache_size_mb: int = _setting(512, "Sentence audio cache bound, in MiB (least recently used evicted).")
    synthesis_workers: int = _setting(0, "Parallel synthesis threads for engines that allow it; 0 means 1 (Piper's runtime already uses every core).")
    engine_threads: int = _setting(0, "CPU threads of one Piper voice; 0 uses every core (fastest single narration), or shares the cores out in a worker running several narrations at once (--concurrency). For archive throughput run one worker per core with engine_threads = 1, or one worker with --concurrency = cores (1.24-1.36x the narrations per minute on 2 cores, each narration slower).")
    publication: str = _setting("narrator", "Album tag and feed title: the publication's name.")
    database_url: str = _setting("sqlite:///instance/narrator.db", "SQLAlchemy URL of the store.")
    queue_url: str = _setting("sqlite:///instance/queue.db", "Huey queue: sqlite:///path or redis://host:port/db.")
    media_url: str = _setting("", "Where finished audio is published: empty for out_dir (local or a shared mount), or s3://bucket/prefix for S3-compatible storage (credentials from the usual AWS_* variables or files).")
    s3_endpoint_url: str = _setting("", "S3 API endpoint for non-AWS storage, e.g. http://minio:9000; empty for AWS.")
    s3_region: str = _setting("", "S3 region; empty uses the AWS default chain.")
    media_delivery: str = _setting("redirect", "How the app serves MP3s from S3: redirect (302 to a presigned URL; the storage answers Range requests) or proxy (the app streams the ranges).")
    media_url_expiry_s: int = _setting(3600, "Lifetime of presigned S3 URLs handed to listeners.")
    public_base_url: str = _setting("http://127.0.0.1:8000", "Absolute base URL used in the feed and API links.")
    job_lease_s: int = _setting(90, "A running job not heard from for this many seconds is taken as abandoned and re-queued.")
    parts_keep_s: int = _setting(600, "Seconds a finished narration's parts stay downloadable, so a listener part-way through one is not cut off when the final file takes over; 0 removes them at once.")
    shutdown_grace_s: float = _setting(20.0, "On SIGTERM a worker lets its current narration run this many seconds more; one not done by then is re-queued for another worker.")
    api_key: str = _setting("", "When set, POST and DELETE under /api need 'Authorization: Bearer <key>'.")
    public_form: bool = _setting(True, "Let anyone submit through the form on / (CSRF-protected and rate-limited) even when api_key is set.")
    submit_rate_limit: str = _setting("30 per hour;5 per minute", "Submissions allowed per client address (form and API without the key); empty for none.")
    rate_limit_storage_url: str = _setting("memory://", "Where rate-limit counters live: memory:// (one process) or redis://host:port.")
    secret_key: str = _setting("", "Signs CSRF tokens; empty generates one kept in instance/secret_key.")
    trusted_proxies: int = _setting(0, "How many reverse proxies set X-Forwarded-For in front of the app (for per-client limits).")
    server_threads: int = _setting(8, "Request threads of `narrator serve` (waitress).")
    max_connections: int = _setting(1000, "Open connections `narrator serve` keeps; listeners hold keep-alive connections, so this must exceed the audience (waitress's own default, 100, starves new clients).")
    host: str = _setting("127.0.0.1", "Address `narrator serve` binds.")
    port: int = _setting(8000, "Port `narrator serve` binds.")

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None,
             **overrides: Any) -> "Settings":
        """Defaults, then the TOML file (if any), then NARRATOR_<FIELD> variables, then `overrides`."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        toml_path = Path(path) if path else _default_config_file(env)
        if toml_path and toml_path.is_file():
            with toml_path.open("rb") as handle:
                values.update(tomllib.load(handle).get("narrator", {}))
        fields = {f.name: f for f in dataclasses.fields(cls)}
        unknown = set(values) - set(fields)
        if unknown:
            raise ValueError(f"unknown settings in {toml_path}: {', '.join(sorted(unknown))}")
        for name, fld in fields.items():
            raw = env.get(f"NARRATOR_{name.upper()}")
            if raw is not None:
                kind = type(fld.default) if fld.default is not dataclasses.MISSING else dict
                values[name] = _coerce(raw, kind)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def resolved_config_dir(self) -> Path:
        """The folder holding boilerplate.toml and lexicon.toml."""
        if self.config_dir:
            return Path(self.config_dir)
        local = Path.cwd() / "config"
        return local if (local / "boilerplate.toml").is_file() else REPO_CONFIG_DIR

    def display_name(self, engine_identity: dict[str, Any], engine_default: str) -> str:
        """The narrator's name for intros, tags, players and the widget."""
        return (self.narrator_name or self.voice_names.get(str(engine_identity.get("voice", "")))
                or engine_default)

    @staticmethod
    def documentation() -> list[tuple[str, Any, str]]:
        """(name, default, help) for every setting."""
        return [(f.name, f.default, f.metadata["help"]) for f in dataclasses.fields(Settings)]


def _default_config_file(env: Mapping[str, str]) -> Path | None:
    if env.get("NARRATOR_CONFIG"):
        return Path(env["NARRATOR_CONFIG"])
    for candidate in (Path.cwd() / "config" / "narrator.toml", REPO_CONFIG_DIR / "narrator.toml"):
        if candidate.is_file():
            return candidate
    return None


def _coerce(raw: str, kind: type) -> Any:
    if kind is dict:
        import json

        return json.loads(raw)
    if kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if kind in (int, float):
        return kind(raw)
    return raw
