"""Every setting changes what its help says it changes: a table of (setting, other value, what to observe), and a
map from every other setting to the test that exercises it (a setting nothing reads is a defect)."""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from narrator.config import Settings
from narrator.engines.fake import FakeEngine
from narrator.pipeline import narrate, prepare_article

from .conftest import FIXTURES, decode_mono, ffprobe_json, integrated_loudness, true_peak_db

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ("# The harbour lights\n\nThe committee met on Tuesday. It voted to keep the lamps lit.\n\n"
           "Mrs Trevellick was pleased. She has kept them for thirty years.")
LONG = FIXTURES / "harbour_furniture.txt"


def _narrated(tmp_path: Path, settings: Settings, source: Any = ARTICLE, engine: Any = None):
    return narrate(source, settings=settings, engine=engine or FakeEngine(), cache=False,
                   out_dir=tmp_path / f"out-{len(list(tmp_path.glob('out-*')))}")


def _id3(path: Path) -> dict[str, str]:
    from mutagen.id3 import ID3

    return {key: str(frame) for key, frame in ID3(path).items()}


def duration(tmp_path: Path, settings: Settings) -> float:
    return round(_narrated(tmp_path, settings).duration_s, 2)


def chapter_count(tmp_path: Path, settings: Settings) -> int:
    return len(prepare_article(LONG.read_bytes(), fmt="text", settings=settings).chapters)


def has_word_tags(tmp_path: Path, settings: Settings) -> bool:
    return "<00:" in _narrated(tmp_path, settings).transcript_path.read_text("utf-8")


def tag(frame: str) -> Callable[[Path, Settings], str]:
    def observe(tmp_path: Path, settings: Settings) -> str:
        return _id3(_narrated(tmp_path, settings).mp3_path).get(frame, "")
    return observe


def stream(field_name: str) -> Callable[[Path, Settings], str]:
    def observe(tmp_path: Path, settings: Settings) -> str:
        probe = ffprobe_json(_narrated(tmp_path, settings).mp3_path, "-show_streams")
        return str(probe["streams"][0][field_name])
    return observe


def loudness(tmp_path: Path, settings: Settings) -> float:
    return round(integrated_loudness(decode_mono(_narrated(tmp_path, settings).mp3_path), 44100))


def peak(tmp_path: Path, settings: Settings) -> float:
    return round(true_peak_db(_narrated(tmp_path, settings).mp3_path))


def refusal(source: str) -> Callable[[Path, Settings], str]:
    def observe(tmp_path: Path, settings: Settings) -> str:
        from narrator.errors import IngestError

        try:
            prepare_article(source, fmt="text", settings=settings)
        except IngestError as exc:
            return type(exc).__name__
        return "accepted"
    return observe


def spoken_date(tmp_path: Path, settings: Settings) -> str:
    from narrator.normalize import Normalizer

    return Normalizer.from_settings(settings).normalize("The vote is on 03/05/2024.")


def output_folder(tmp_path: Path, settings: Settings) -> str:
    return str(narrate(ARTICLE, settings=settings, engine=FakeEngine(), cache=False).mp3_path.parent)


def cache_folders(tmp_path: Path, settings: Settings) -> set[str]:
    """The folders of the data folder that hold files after a narration written elsewhere."""
    narrate(ARTICLE, settings=settings, engine=FakeEngine(), out_dir=tmp_path / "elsewhere")
    data = Path(settings.data_dir)
    return {p.relative_to(data).parts[0] for p in data.rglob("*") if p.is_file()}


class _ThreadCounting(FakeEngine):
    def __init__(self) -> None:
        super().__init__()
        self.threads: set[int] = set()
        self.lock = threading.Lock()

    def synthesize(self, text: str):
        import time

        if not threading.current_thread().name.startswith("speak-ahead"):  # the title, spoken ahead on its own
            with self.lock:
                self.threads.add(threading.get_ident())
        time.sleep(0.1)
        return super().synthesize(text)


def synthesis_threads(tmp_path: Path, settings: Settings) -> bool:
    engine = _ThreadCounting()
    _narrated(tmp_path, settings, ARTICLE, engine)
    return len(engine.threads) > 1


def guessed_words(tmp_path: Path, settings: Settings) -> list[str]:
    from narrator.pronunciations import candidates

    return [c.word for c in candidates(["Mrs Trevellick and Mr Quillon met."], (), settings.pronunciation_wordlist)]


def pyttsx3_audio(kind: str) -> Callable[[Path, Settings], float]:
    def observe(tmp_path: Path, settings: Settings) -> float:
        import numpy as np

        from narrator.engines import create_engine

        engine = create_engine("pyttsx3", rate=settings.rate, volume=settings.volume)
        audio = engine.synthesize("The committee met on Tuesday to discuss the lamps.")
        return round(audio.duration_s, 1) if kind == "duration" else round(float(np.abs(audio.samples).max()), -3)
    return observe


def piper_samples(tmp_path: Path, settings: Settings) -> str:
    import hashlib

    from narrator.pipeline import engine_for

    audio = engine_for(settings).synthesize("The lamps stay lit.")
    return hashlib.sha256(audio.samples.tobytes()).hexdigest()


def piper_speaker(tmp_path: Path, settings: Settings) -> str:
    from narrator.errors import EngineError
    from narrator.pipeline import engine_for

    try:
        engine_for(settings).synthesize("The lamps stay lit.")
    except EngineError as exc:
        return str(exc)
    return "spoken"


def piper_threads(tmp_path: Path, settings: Settings) -> int:
    from narrator.pipeline import engine_for

    engine = engine_for(settings)
    return engine._voice().session.get_session_options().intra_op_num_threads


def submissions_allowed(tmp_path: Path, settings: Settings) -> list[int]:
    from narrator.web import create_app

    client = create_app(settings).test_client()
    return [client.post("/api/narrations", json={"text": f"The pier reopened on day {n}."},
                        headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code for n in range(3)]


def anonymous_submission(tmp_path: Path, settings: Settings) -> int:
    from narrator.web import create_app

    return create_app(settings).test_client().post("/api/narrations", json={"text": "The pier reopened."}).status_code


def serve_arguments(tmp_path: Path, settings: Settings) -> dict[str, Any]:
    """What `narrator serve` hands waitress (waitress itself replaced: no socket is opened)."""
    import signal

    from narrator import cli
    from narrator.web import transport

    seen: dict[str, Any] = {}
    original, handlers = transport.serve, {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    transport.serve = lambda app, **options: seen.update(options)
    try:
        cli.cmd_serve(type("Args", (), {"host": None, "port": None, "no_worker": True, "submit": [], "verbose": 0})())
    finally:
        transport.serve = original
        for number, handler in handlers.items():
            signal.signal(number, handler)
    return {k: seen[k] for k in ("host", "port", "threads", "connection_limit")}


EFFECTS: list[tuple[str, Any, Callable[[Path, Settings], Any]]] = [
    ("sentence_pause_ms", 2000, duration),
    ("paragraph_pause_ms", 3000, duration),
    ("chapter_pause_ms", 4000, duration),
    ("chapter_target_words", 60, chapter_count),
    ("chapter_min_words", 2000, chapter_count),
    ("intro_template", "", duration),
    ("word_timings", False, has_word_tags),
    ("disclosure", "Read by a machine.", tag("TXXX:SYNTHETIC_VOICE")),
    ("publication", "The Quay Gazette", tag("TALB")),
    ("narrator_name", "Steve", tag("TPE1")),
    ("voice_names", {"tone": "Tonya"}, tag("TPE1")),
    ("mp3_bitrate_kbps", 128, stream("bit_rate")),
    ("mp3_sample_rate", 44100, stream("sample_rate")),
    ("target_lufs", -23.0, loudness),
    ("true_peak_db", -18.0, peak),
    ("max_input_chars", 40, refusal("The committee met on Tuesday and voted to keep every lamp lit.")),
    ("max_page_bytes", 40, refusal("The committee met on Tuesday and voted to keep every lamp lit.")),
    ("date_order", "mdy", spoken_date),
    ("out_dir", "{data_dir}/elsewhere", output_folder),
    ("cache_dir", "{data_dir}/other-cache", cache_folders),
    ("synthesis_workers", 4, synthesis_threads),
    ("pronunciation_wordlist", "WORDLIST", guessed_words),
    ("rate", 2.0, pyttsx3_audio("duration")),
    ("volume", 0.2, pyttsx3_audio("peak")),
    ("noise_scale", 0.0, piper_samples),
    ("noise_w_scale", 0.0, piper_samples),
    ("speaker", "nobody", piper_speaker),
    ("engine_threads", 1, piper_threads),
    ("submit_rate_limit", "1 per minute", submissions_allowed),
    ("trusted_proxies", 1, submissions_allowed),
    ("public_form", False, anonymous_submission),
    ("host", "::1", serve_arguments),
    ("port", 8123, serve_arguments),
    ("server_threads", 3, serve_arguments),
    ("max_connections", 77, serve_arguments),
]
"""(setting, a value other than its default, what shows the difference)."""

BASE: dict[str, dict[str, Any]] = {
    "trusted_proxies": {"submit_rate_limit": "1 per minute"},
    "public_form": {"api_key": "k"},
    "noise_scale": {"engine": "piper"}, "noise_w_scale": {"engine": "piper"}, "speaker": {"engine": "piper"},
    "engine_threads": {"engine": "piper"},
    "cache_dir": {"cache_dir": "{data_dir}/cache"},
}
"""Other settings a row needs on both sides (e.g. the engine it is about)."""

EXERCISED_ELSEWHERE: dict[str, str] = {
    "voice_lexicon": "tests/test_voice_lexicon.py",
    "fetch_timeout_s": "tests/test_faults.py",
    "fetch_slots": "tests/test_faults.py",
    "store_lock_timeout_s": "tests/test_faults.py",
    "worker_silence_s": "tests/test_health.py",
    "data_dir": "tests/test_config.py::test_state_lives_under_the_data_folder",
    "config_dir": "tests/test_config.py::test_furniture_patterns_from_an_override_folder_add_to_the_packaged_ones",
    "engine": "tests/test_cli.py::test_narrate_with_the_real_default_engine",
    "voice": "tests/test_first_hour.py::test_a_voice_given_by_its_name_or_id_in_any_case_is_accepted",
    "voices_dir": "tests/test_first_hour.py::test_voices_dir_adds_its_voices_to_the_list_and_they_narrate",
    "report_rate_limit": "tests/test_pronunciations_api.py",
    "c2pa_cert_file": "tests/test_disclosure.py",
    "c2pa_key_file": "tests/test_disclosure.py",
    "database_url": "tests/test_scale.py::test_concurrent_claims_on_postgresql_have_one_winner",
    "queue_url": "tests/test_health.py::test_with_redis_stopped_a_submission_answers_503_naming_the_queue_and_is"
                 "_narrated_once_it_is_back",
    "media_url": "tests/test_object_storage.py::test_health_checks_the_object_storage_and_names_it_when_the_bucket_is"
                 "_missing",
    "s3_endpoint_url": "tests/test_object_storage.py::test_health_checks_the_object_storage_and_names_it_when_the"
                       "_bucket_is_missing",
    "public_base_url": "tests/test_first_hour.py::test_api_links_start_with_public_base_url_whatever_host_the_request"
                       "_used",
    "job_lease_s": "tests/test_crash.py::test_killing_the_whole_service_mid_job_leaves_a_consistent_store_and_the_jobs"
                   "_finish",
    "parts_keep_s": "tests/test_service.py::test_parts_outlive_the_finish_for_listeners_part_way_through_then_go",
    "shutdown_grace_s": "tests/test_scale.py::test_sigterm_lets_a_narration_within_the_grace_period_finish",
    "api_key": "tests/test_security.py::test_a_private_service_turns_the_form_off",
    "private_keep_days": "tests/test_private.py::test_expired_private_narrations_are_deleted_with_their_files_by_the"
                         "_periodic_task",
    "fetch_private_addresses": "tests/test_private.py::test_narrator_narrate_takes_a_web_address",
    "rate_limit_storage_url": "tests/test_scale.py::test_app_processes_share_one_submission_limit_through_redis",
    "secret_key": "tests/test_config.py::test_the_generated_secret_key_is_kept_in_the_data_folder",
    "number_and": "tests/test_normalize.py",
    "rate_word": "tests/test_normalize.py",
    "wrong_key_limit": "tests/test_attacks_web.py",
}
"""Settings whose effect another test file already shows (file::test, or a file whose tests set it)."""

NOT_YET_EXERCISED: dict[str, str] = {
    "listening_check": "read by the worker before it queues a check; no test turns the check off yet",
    "check_threads": "the worker's checker thread count; no test varies it",
    "pronunciation_narrations": "read by the editor page's candidate scan; no test varies how many it scans",
    "c2pa_tsa_url": "passed to the C2PA signer; a time-stamp authority needs a TSA server, none is on loopback",
    "listening_figures": "read by the listens endpoint and the resource's listens_url; no test turns it off",
    "listen_rate_limit": "applied to the listens endpoint; no test reaches the limit",
    "cache_size_mb": "bounds the sentence cache; no test fills it past a bound",
    "s3_region": "passed to boto3; the object-storage tests use one region",
    "media_delivery": "redirect or proxy; tests/test_object_storage.py covers the default only by name",
    "media_url_expiry_s": "the presigned URLs' lifetime; no test reads X-Amz-Expires",
}
"""Settings read by the code whose effect no test shows yet (each is a gap to close, listed for the lead)."""


def _settings(tmp_path: Path, row: str, **values: Any) -> Settings:
    values = {"engine": "fake", **BASE.get(row, {}), **values}
    if values.get("pronunciation_wordlist") == "WORDLIST":
        wordlist = tmp_path / "words"
        wordlist.parent.mkdir(parents=True, exist_ok=True)
        wordlist.write_text("Trevellick\nQuillon\n")
        values["pronunciation_wordlist"] = str(wordlist)
    return Settings.load(env={}, data_dir=str(tmp_path / "data"), **values)


@pytest.mark.slow
@pytest.mark.parametrize("name, value, observe", EFFECTS, ids=[row[0] for row in EFFECTS])
def test_the_setting_changes_what_it_says(name, value, observe, tmp_path, monkeypatch):
    for variable in [v for v in __import__("os").environ if v.startswith("NARRATOR_")]:
        monkeypatch.delenv(variable)
    monkeypatch.setattr("narrator.config.checkout_root", lambda: None)  # `narrator serve` reads Settings.load()
    default = _settings(tmp_path / "default", name)
    changed = _settings(tmp_path / "changed", name, **{name: value})
    if observe is serve_arguments:
        monkeypatch.setenv("NARRATOR_DATA_DIR", str(tmp_path / "serve"))
        monkeypatch.setenv(f"NARRATOR_{name.upper()}", str(value))
        before = serve_arguments(tmp_path, default)
        monkeypatch.delenv(f"NARRATOR_{name.upper()}")
        assert before != serve_arguments(tmp_path, default)
        return
    assert observe(tmp_path / "a", default) != observe(tmp_path / "b", changed), name


def test_every_setting_is_exercised_by_a_test_or_listed_as_a_gap():
    names = [f.name for f in dataclasses.fields(Settings)]
    shown = {row[0] for row in EFFECTS} | set(EXERCISED_ELSEWHERE) | set(NOT_YET_EXERCISED)
    assert not [n for n in names if n not in shown], "add each to EFFECTS (best), EXERCISED_ELSEWHERE or NOT_YET"
    assert not shown - set(names), f"not settings any more: {shown - set(names)}"
    assert not ({row[0] for row in EFFECTS} & set(NOT_YET_EXERCISED))


@pytest.mark.parametrize("name, reference", sorted(EXERCISED_ELSEWHERE.items()))
def test_the_test_named_for_a_setting_exists_and_sets_it(name, reference):
    file, _, function = reference.partition("::")
    source = (ROOT / file).read_text("utf-8")
    if function:
        match = re.search(rf"^def {function}\(.*?(?=^def |^@|\Z)", source, re.M | re.S)
        assert match, reference
        source = match.group(0)
    assert name in source or f"NARRATOR_{name.upper()}" in source or name == "engine", reference
