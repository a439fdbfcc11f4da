"""Settings: packaged defaults, then config folders' narrator.toml, then NARRATOR_* variables, then overrides."""

from __future__ import annotations

import dataclasses
import difflib
import json
import logging
import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any, Mapping

from .errors import ConfigError

_LOGGER = logging.getLogger(__name__)

PACKAGE_ROOT = Path(__file__).resolve().parent
DEFAULTS_DIR = Path(str(files("narrator.defaults")))
"""narrator.toml, boilerplate.toml and lexicon.toml as shipped in the package."""
ENGINE_CHOICES = ("auto", "piper", "pyttsx3", "fake")
"""The `engine` setting's values: 'auto' and the engine registry's names (a test keeps them in step)."""
DATA_DIR_PLACEHOLDER = "{data_dir}"


def checkout_root() -> Path | None:
    """The repository checkout narrator runs from (pyproject.toml next to the package), or None when installed."""
    pyproject = PACKAGE_ROOT.parent / "pyproject.toml"
    try:
        return pyproject.parent if re.search(r'(?m)^name = "narrator"$', pyproject.read_text("utf-8")) else None
    except OSError:
        return None


def default_data_dir() -> Path:
    """`instance/` in a checkout, else the platform's user data folder (e.g. ~/.local/share/narrator)."""
    root = checkout_root()
    if root is not None:
        return root / "instance"
    import platformdirs

    return Path(platformdirs.user_data_dir("narrator", appauthor=False))


def _setting(default: Any, help: str, *, choices: tuple[Any, ...] = (), low: float | None = None,
             high: float | None = None, pattern: str = "", accepts: str = "") -> Any:
    """A dataclass field carrying its documentation and its accepted values in metadata."""
    metadata = {"help": help, "choices": choices, "low": low, "high": high, "pattern": pattern, "accepts": accepts}
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata=metadata)
    return field(default=default, metadata=metadata)


_URL = r"^[a-z][a-z0-9+.-]*://"
RENAMED = {"max_input_bytes": "max_page_bytes"}
"""Old setting names still read (with a warning) as their new names."""
_SECONDS_PER_DAY = 86_400


@dataclass
class Settings:
    """Every knob narrator has. Each field is documented; `narrator config` prints them with where each came from."""

    data_dir: str = _setting("", "Folder for the service's state: database, queue, secret key, sentence cache and audio. "
                                 "Empty: ./instance in a repository checkout, else the platform's user data folder "
                                 "(~/.local/share/narrator on Linux). Other settings may use {data_dir} in paths.")
    out_dir: str = _setting("", "Folder where narrations (MP3 + sidecars) are written. Empty: audio_out/ in a "
                                "repository checkout, else {data_dir}/audio.")
    config_dir: str = _setting("", "Extra folder with narrator.toml, boilerplate.toml and/or lexicon.toml, read after "
                                   "the packaged defaults and a checkout's config/: settings and lexicon words override, "
                                   "furniture patterns add (see README, Configuration).")
    engine: str = _setting("auto", "Speech engine: auto (piper when installed, else pyttsx3), piper, pyttsx3 or fake.",
                           choices=ENGINE_CHOICES)
    voice: str = _setting("", "Voice name or id for the engine; empty picks the engine's default.")
    voices_dir: str = _setting("", "Extra folder searched for Piper voices (*.onnx with *.onnx.json).")
    narrator_name: str = _setting("", "Display name of the narrator for every voice; empty uses voice_names, then the voice's own name.")
    voice_names: dict = _setting({}, "Display name per voice id, e.g. {\"en_US-joe-medium\" = \"Steve\"} in [narrator.voice_names].")
    rate: float = _setting(1.0, "Speaking speed multiplier (1.0 is the voice's normal pace).", low=0.25, high=4.0)
    volume: float = _setting(1.0, "pyttsx3 volume, 0..1.", low=0.0, high=1.0)
    speaker: str = _setting("", "Piper speaker name or id for multi-speaker voices.")
    noise_scale: float = _setting(0.667, "Piper noise scale (voice variation).", low=0.0, high=2.0)
    noise_w_scale: float = _setting(0.8, "Piper phoneme-width noise (rhythm variation).", low=0.0, high=2.0)
    intro_template: str = _setting(
        "{title}{by_author}. Narrated by {narrator}.",
        "Spoken before the article. Fields: {title}, {author}, {by_author} (', by Author' or ''), {narrator}, {disclosure} (the disclosure sentence, e.g. \"{title}. Narrated by {narrator}. {disclosure}\"). Empty disables.",
    )
    word_timings: bool = _setting(True, "Time every word for the read-along (Piper phoneme alignments, which need the onnx package; espeak-ng word events; else shared out by syllables): WebVTT cues carry a timestamp before each word. False writes sentence cues only.")
    pronunciation_wordlist: str = _setting("/usr/share/dict/words", "Word list of common words (Debian: wbritish or wamerican); `narrator pronunciations` and the editor page leave its words out of the words a voice would guess.")
    pronunciation_narrations: int = _setting(20, "How many recent narrations the pronunciation editor page scans for words the voice guesses.",
                                             low=1, high=10_000)
    report_rate_limit: str = _setting("20 per hour;5 per minute", "Listeners' \"Report how this word was said\" allowed per client address; empty for none.")
    disclosure: str = _setting("This narration uses a synthetic voice, generated by computer.", "Says the voice is synthetic: written into every MP3's ID3 comment and TXXX tags and the feed's episode descriptions, and spoken where the intro template has {disclosure}.")
    c2pa_cert_file: str = _setting("", "PEM certificate chain (signing certificate first, then intermediates) for the signed C2PA manifest in every MP3 (digitalSourceType trainedAlgorithmicMedia, tool, voice, source URL). Empty leaves the manifest out, with a warning logged once. C2PA wants an end-entity certificate from a CA (not self-signed) with digitalSignature key usage and an extended key usage such as emailProtection or documentSigning.")
    c2pa_key_file: str = _setting("", "PEM private key of c2pa_cert_file: EC P-256 (ES256), P-384, P-521, RSA (PS256) or Ed25519.")
    c2pa_tsa_url: str = _setting("", "RFC 3161 time-stamp authority for the C2PA signature (keeps it valid after the certificate expires); empty for none.",
                                 pattern=r"^(https?://.+)?$", accepts="empty or an http(s):// address")
    listening_figures: bool = _setting(True, "Count anonymous plays and how far they got (per narration per day: no cookie, identifier, IP address or user agent stored; Do Not Track and Sec-GPC browsers send nothing).")
    listen_rate_limit: str = _setting("30 per hour", "Listening reports accepted per client address and narration (a listen sends up to 5: the play and each quarter); more are refused with 429, so no one can inflate a narration's figures faster. Counted in the rate-limit storage only, never in the database.")
    sentence_pause_ms: int = _setting(300, "Silence after a sentence.", low=0, high=10_000)
    paragraph_pause_ms: int = _setting(700, "Silence after a paragraph.", low=0, high=10_000)
    chapter_pause_ms: int = _setting(1300, "Silence after a chapter.", low=0, high=10_000)
    target_lufs: float = _setting(-16.0, "Integrated loudness target of the MP3 (EBU R128 / podcast standard).",
                                  low=-40.0, high=-5.0)
    true_peak_db: float = _setting(-1.0, "Maximum true peak, dBTP.", low=-20.0, high=0.0)
    mp3_bitrate_kbps: int = _setting(64, "Constant MP3 bitrate; CBR keeps browser seeking exact.", low=8, high=320)
    mp3_sample_rate: int = _setting(0, "MP3 sample rate in Hz; 0 keeps the voice's own rate (22,050 Hz for Piper medium voices and espeak-ng): nothing is resampled, and leveling and encoding take about half the CPU of 44,100 Hz with no loss.",
                                    choices=(0, 8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000))
    max_input_chars: int = _setting(200_000, "Longest article accepted, in characters of its text (the article extracted from a page, never the page's markup).", low=1)
    max_page_bytes: int = _setting(10_000_000, "Largest page, file or request body accepted, in bytes, as posted, uploaded or fetched (a modern news page is 0.3 to 3 MB of markup). Was max_input_bytes, which is still read as this.", low=1)
    chapter_target_words: int = _setting(320, "Inferred chapters aim at about this many words (~2 minutes).", low=1)
    chapter_min_words: int = _setting(140, "Inferred chapters are never shorter than this, except a whole short article.",
                                      low=0)
    date_order: str = _setting("dmy", "How to read ambiguous numeric dates like 03/05/2024: dmy or mdy.",
                               choices=("dmy", "mdy"))
    number_and: bool = _setting(True, "House style: 'and' inside numbers ('one hundred and five', British and most "
                                "newsreaders) or not ('one hundred five').")
    rate_word: str = _setting("a", "House style: how a rate is said, '$120/mo' -> 'a month' or 'per month'.",
                              choices=("a", "per"))
    cache_dir: str = _setting("{data_dir}/cache", "Sentence audio cache folder.")
    cache_size_mb: int = _setting(512, "Sentence audio cache bound, in MiB (least recently used evicted).", low=1)
    synthesis_workers: int = _setting(0, "Parallel synthesis threads for engines that allow it; 0 means 1 (Piper's runtime already uses every core).",
                                      low=0, high=256)
    engine_threads: int = _setting(0, "CPU threads of one Piper voice; 0 uses every core (fastest single narration), or shares the cores out in a worker running several narrations at once (--concurrency). For archive throughput run one worker per core with engine_threads = 1, or one worker with --concurrency = cores (1.24-1.36x the narrations per minute on 2 cores, each narration slower).",
                                   low=0, high=1024)
    voice_lexicon: bool = _setting(True, "Apply the voice's own lexicon shipped with narrator (narrator/defaults/voices/<voice>.toml: words that voice says so that listeners mishear them), under lexicon.toml and the editors' entries.")
    listening_check: bool = _setting(True, "Hear every published narration back with the offline recognizer (the listen extra) at the lowest queue priority: word error rate and the words heard wrong, for GET /api/narrations/<id>/check and the pronunciation editor.")
    check_threads: int = _setting(0, "CPU threads of the listening check's recognizer; 0 uses every core (the check runs at the lowest CPU priority, so narrations get the cores first).",
                                  low=0, high=1024)
    publication: str = _setting("narrator", "Album tag and feed title: the publication's name.")
    database_url: str = _setting("sqlite:///{data_dir}/narrator.db", "SQLAlchemy URL of the store.", pattern=_URL,
                                 accepts="an SQLAlchemy URL such as sqlite:///path or postgresql+psycopg://user@host/db")
    queue_url: str = _setting("sqlite:///{data_dir}/queue.db", "Huey queue: sqlite:///path or redis://host:port/db.",
                              pattern=r"^(sqlite:///.+|rediss?://.+|immediate)$",
                              accepts="sqlite:///path, redis://host:port/db, rediss://... or immediate")
    media_url: str = _setting("", "Where finished audio is published: empty for out_dir (local or a shared mount), or s3://bucket/prefix for S3-compatible storage (credentials from the usual AWS_* variables or files).",
                              pattern=r"^(s3://[^/]+.*)?$", accepts="empty or s3://bucket/prefix")
    s3_endpoint_url: str = _setting("", "S3 API endpoint for non-AWS storage, e.g. http://minio:9000; empty for AWS.",
                                    pattern=r"^(https?://.+)?$", accepts="empty or an http(s):// address")
    s3_region: str = _setting("", "S3 region; empty uses the AWS default chain.")
    media_delivery: str = _setting("redirect", "How the app serves MP3s from S3: redirect (302 to a presigned URL; the storage answers Range requests) or proxy (the app streams the ranges).",
                                   choices=("redirect", "proxy"))
    media_url_expiry_s: int = _setting(3600, "Lifetime of presigned S3 URLs handed to listeners.", low=1,
                                       high=7 * _SECONDS_PER_DAY)
    public_base_url: str = _setting("http://127.0.0.1:8000", "Absolute base URL used in the feed and API links.",
                                    pattern=r"^https?://[^/\s]+", accepts="an absolute http(s):// address")
    job_lease_s: int = _setting(90, "A running job not heard from for this many seconds is taken as abandoned and re-queued.",
                                low=1, high=_SECONDS_PER_DAY)
    parts_keep_s: int = _setting(600, "Seconds a finished narration's parts stay downloadable, so a listener part-way through one is not cut off when the final file takes over; 0 removes them at once.",
                                 low=0, high=_SECONDS_PER_DAY)
    shutdown_grace_s: float = _setting(20.0, "On SIGTERM a worker lets its current narration run this many seconds more; one not done by then is re-queued for another worker.",
                                       low=0.0, high=3600.0)
    api_key: str = _setting("", "When set, POST and DELETE under /api need 'Authorization: Bearer <key>'.")
    public_form: bool = _setting(True, "Accept anonymous submissions (the form on /, the bookmarklet, and the JSON API without the key; CSRF-protected where a browser is involved, rate-limited) even when api_key is set. Anonymous submissions are always private.")
    private_keep_days: float = _setting(30.0, "Days a private narration (a listener's own request) is kept before it is deleted with its files; 0 keeps them forever.",
                                        low=0.0, high=36_500.0)
    fetch_private_addresses: bool = _setting(False, "Let `POST /api/narrations {\"url\"}`, the form's web address and `narrator narrate https://...` fetch pages on loopback, link-local and private-range addresses. Off, a server that fetches addresses for strangers cannot be used to reach its own network.")
    fetch_timeout_s: float = _setting(20.0, "Overall deadline of one web page fetch (robots.txt, the wait for the site's turn, every redirect and the whole body): a site slower than this, even one dripping bytes, is refused with the reason.",
                                      low=0.1, high=600.0)
    fetch_slots: int = _setting(4, "Web page fetches the app runs at once, off its request threads; one more is refused at once with 503 and Retry-After, and one site gets at most half of them, so a slow site never holds the service. Keep it under server_threads.",
                                low=1, high=1024)
    store_lock_timeout_s: float = _setting(5.0, "How long a request waits for the store while another process holds its write lock (SQLite) before answering 503 with Retry-After; workers wait at least 30 s.",
                                           low=0.0, high=600.0)
    worker_silence_s: float = _setting(20.0, "/healthz reports 'no worker has been heard from' when no worker has written its heartbeat (every 5 s) for this long.",
                                       low=1.0, high=_SECONDS_PER_DAY)
    wrong_key_limit: str = _setting("10 per minute;100 per day", "Wrong API keys (bearer tokens and the editor's sign-in) allowed per client address; past it every request with a key, right or wrong, is answered 429 until the window passes. Empty for none.")
    submit_rate_limit: str = _setting("30 per hour;5 per minute", "Submissions allowed per client address (form and API without the key); empty for none.")
    rate_limit_storage_url: str = _setting("memory://", "Where rate-limit counters live: memory:// (one process) or redis://host:port.",
                                           pattern=_URL, accepts="memory:// or redis://host:port")
    secret_key: str = _setting("", "Signs CSRF tokens; empty generates one kept in data_dir/secret_key.")
    trusted_proxies: int = _setting(0, "How many reverse proxies set X-Forwarded-For in front of the app (for per-client limits).",
                                    low=0, high=16)
    server_threads: int = _setting(8, "Request threads of `narrator serve` (waitress).", low=1, high=1024)
    max_connections: int = _setting(1000, "Open connections `narrator serve` keeps; listeners hold keep-alive connections, so this must exceed the audience (waitress's own default, 100, starves new clients).",
                                    low=1, high=1_000_000)
    host: str = _setting("127.0.0.1", "Address `narrator serve` binds.")
    port: int = _setting(8000, "Port `narrator serve` binds.", low=1, high=65535)

    def __post_init__(self) -> None:
        explicit_data_dir = bool(self.data_dir)
        self.data_dir = str(Path(self.data_dir).expanduser().resolve()) if self.data_dir else str(default_data_dir())
        if not self.out_dir:
            root = checkout_root()
            in_checkout = root is not None and not explicit_data_dir
            self.out_dir = str(root / "audio_out") if in_checkout else DATA_DIR_PLACEHOLDER + "/audio"
        for fld in dataclasses.fields(self):
            value = getattr(self, fld.name)
            if isinstance(value, str) and DATA_DIR_PLACEHOLDER in value:
                setattr(self, fld.name, value.replace(DATA_DIR_PLACEHOLDER, self.data_dir))

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None,
             origin: str = "argument", **overrides: Any) -> "Settings":
        """Packaged defaults, config folders' narrator.toml, the `path` file, NARRATOR_<FIELD> variables, `overrides`.

        Raises ConfigError (one line: the setting, the value, where it came from, what is accepted)."""
        return load_with_sources(path, env, origin, **overrides)[0]

    def config_folders(self) -> list[Path]:
        """Folders whose rule files are read, lowest priority first: the package's, a checkout's config/, config_dir."""
        return config_folders(self.config_dir)

    def values(self) -> dict[str, Any]:
        """Every setting's value by name: `Settings.load(**settings.values(), ...)` loads them again, some changed."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def rule_files(self, name: str) -> list[Path]:
        """The `name` files (boilerplate.toml, lexicon.toml) to merge, lowest priority first (existing ones only)."""
        return [folder / name for folder in self.config_folders() if (folder / name).is_file()]

    def display_name(self, engine_identity: dict[str, Any], engine_default: str) -> str:
        """The narrator's name for intros, tags, players and the widget."""
        return (self.narrator_name or self.voice_names.get(str(engine_identity.get("voice", "")))
                or engine_default)

    @staticmethod
    def documentation() -> list[tuple[str, Any, str]]:
        """(name, default, help) for every setting."""
        return [(f.name, f.default if f.default is not dataclasses.MISSING else f.default_factory(),  # type: ignore[misc]
                 f.metadata["help"]) for f in dataclasses.fields(Settings)]


SECRET_SETTINGS = ("api_key", "secret_key")
"""Settings `narrator config` never prints (it says whether they are set)."""
_URL_PASSWORD = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/@\s:]*:)[^/@\s]*@")


def shown_value(name: str, value: Any) -> str:
    """A setting's value as `narrator config` prints it (JSON), with secrets hidden: the secret settings, and the
    password of any address (database_url, queue_url, rate_limit_storage_url, s3_endpoint_url...)."""
    if name in SECRET_SETTINGS:
        return "(set)" if value else '""'
    shown = json.dumps(value, ensure_ascii=False)
    return _URL_PASSWORD.sub(r"\1***@", shown)


SETTINGS_FILE = "narrator.toml"
DEFAULT_ORIGIN = "default"


def config_folders(config_dir: str = "") -> list[Path]:
    """The package's defaults, a checkout's config/ (when it exists) and `config_dir`, lowest priority first."""
    folders = [DEFAULTS_DIR]
    root = checkout_root()
    if root is not None and (root / "config").is_dir():
        folders.append(root / "config")
    if config_dir:
        folders.append(Path(config_dir).expanduser())
    return folders


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's content; ConfigError naming the file when it cannot be read or parsed."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from exc


def load_with_sources(path: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None,
                      origin: str = "argument", **overrides: Any) -> tuple[Settings, dict[str, str]]:
    """Settings and, per setting, where its value came from: 'default', a file path, an environment variable or
    `origin` (e.g. 'command line'). Values are checked against each setting's type and accepted values."""
    env = os.environ if env is None else env
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    values: dict[str, Any] = {}
    sources = {name: DEFAULT_ORIGIN for name in fields}

    def take(name: str, value: Any, source: str, from_text: bool = False) -> None:
        if name in RENAMED:
            _LOGGER.warning("setting %s (in %s) is now called %s; please rename it", name, source, RENAMED[name])
            name = RENAMED[name]
        if name not in fields:
            close = difflib.get_close_matches(name, fields, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else "; `narrator config` lists every setting"
            raise ConfigError(f"unknown setting {name!r} in {source}{hint}")
        values[name] = _checked(fields[name], value, source, from_text)
        sources[name] = source

    explicit_dir = overrides.get("config_dir") or env.get("NARRATOR_CONFIG_DIR", "")
    files_read = [folder / SETTINGS_FILE for folder in config_folders(explicit_dir)]
    explicit_file = path or env.get("NARRATOR_CONFIG")
    if explicit_file:
        if not Path(explicit_file).is_file():
            raise ConfigError(f"the settings file {explicit_file} does not exist")
        files_read.append(Path(explicit_file))
    for toml_path in (p for p in files_read if p.is_file()):
        table = read_toml(toml_path).get("narrator", {})
        if not isinstance(table, dict):
            raise ConfigError(f"[narrator] in {toml_path} must be a table of settings")
        label = f"{DEFAULT_ORIGIN} ({toml_path})" if toml_path.parent == DEFAULTS_DIR else str(toml_path)
        for name, value in table.items():
            take(name, value, label)
    known = {f"NARRATOR_{name.upper()}" for name in [*fields, *RENAMED]} | {"NARRATOR_CONFIG"}
    for variable in sorted(v for v in env if v.startswith("NARRATOR_") and v not in known):
        close = difflib.get_close_matches(variable, known, n=1, cutoff=0.85)
        if close:  # other tools' NARRATOR_* variables (e.g. NARRATOR_CHROMIUM for tests) are no typo
            _LOGGER.warning("ignoring %s: no such setting (did you mean %s?)", variable, close[0])
    for name in [*RENAMED, *fields]:
        raw = env.get(f"NARRATOR_{name.upper()}")
        if raw is not None:
            take(name, raw, f"environment variable NARRATOR_{name.upper()}", from_text=True)
    for name, value in overrides.items():
        if value is not None:
            take(name, value, origin)
    settings = Settings(**values)
    for name, source in sources.items():
        if source == DEFAULT_ORIGIN and DATA_DIR_PLACEHOLDER in str(fields[name].default):
            sources[name] = f"{DEFAULT_ORIGIN}, under data_dir"
    if sources["data_dir"] == DEFAULT_ORIGIN:
        sources["data_dir"] = f"{DEFAULT_ORIGIN} ({'checkout' if checkout_root() else 'platform user data folder'})"
    return settings, sources


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def _checked(fld: dataclasses.Field, value: Any, source: str, from_text: bool) -> Any:
    """`value` converted to the setting's type and checked against its accepted values, else ConfigError."""
    default = fld.default if fld.default is not dataclasses.MISSING else fld.default_factory()  # type: ignore[misc]
    kind, meta = type(default), fld.metadata
    converted = _convert(value, kind, from_text)
    accepted = _accepted(kind, meta)
    ok = converted is not None
    if ok and meta["choices"]:
        ok = converted in meta["choices"]
    if ok and kind in (int, float):
        ok = (meta["low"] is None or converted >= meta["low"]) and (meta["high"] is None or converted <= meta["high"])
    if ok and meta["pattern"]:
        ok = re.match(meta["pattern"], converted) is not None
    if not ok:
        shown = value if len(str(value)) <= 80 else f"{str(value)[:77]}..."
        raise ConfigError(f"setting {fld.name} = {shown!r} from {source} is not valid: accepted {accepted}")
    return converted


def _convert(value: Any, kind: type, from_text: bool) -> Any:
    """`value` as `kind`, or None when it is not one (TOML values must already have the type; env text is parsed)."""
    if from_text and kind is not str:
        text = value.strip()
        if kind is bool:
            return True if text.lower() in _TRUE else False if text.lower() in _FALSE else None
        if kind is dict:
            try:
                value = json.loads(text)
            except ValueError:
                return None
        else:
            try:
                value = kind(text)
            except ValueError:
                return None
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if kind is dict:
        ok = isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
        return {str(k): v for k, v in value.items()} if ok else None
    if type(value) is not kind or (kind is float and not math.isfinite(value)):
        return None
    return value


def _accepted(kind: type, meta: Mapping[str, Any]) -> str:
    """What a setting accepts, in words."""
    if meta["accepts"]:
        return meta["accepts"]
    if meta["choices"]:
        return "one of " + ", ".join(str(c) for c in meta["choices"])
    noun = {bool: "true or false", int: "a whole number", float: "a number", str: "text",
            dict: "a table of names to text (JSON object in an environment variable)"}[kind]
    if meta["low"] is not None and meta["high"] is not None:
        return f"{noun} from {meta['low']:g} to {meta['high']:g}"
    if meta["low"] is not None:
        return f"{noun} of at least {meta['low']:g}"
    return noun
