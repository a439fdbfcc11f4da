"""Queue work for pronunciations: hear a proposed pronunciation in its sentence, and re-narrate in place after a
lexicon change (only the sentences with the word are synthesized again; the sentence cache serves the rest)."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .audio import encode_segment
from .cache import AudioCache
from .config import Settings
from .lexicon import Entry
from .lexicon_store import LexiconStore
from .media import OUTPUT_SUFFIXES
from .pipeline import engine_for, narrate, normalizer_for
from .script import ScriptChapter, Sentence, SpeechScript
from .speak import speak

if TYPE_CHECKING:
    from .jobs import Jobs

_LOGGER = logging.getLogger(__name__)

PREVIEW_PRIORITY = 20
"""An editor waits for a preview: before listeners' narrations."""
RENARRATE_PRIORITY = 5
"""Corrections of finished narrations: after listeners' requests, before archive imports."""


def preview_key(entry: Entry, sentence: str, voice: dict[str, str]) -> str:
    """The name of a preview: the same proposal in the same sentence and voice is the same file."""
    payload = json.dumps({"entry": [entry.word, entry.kind, entry.value], "sentence": sentence, "voice": voice},
                         sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def preview_name(key: str) -> str:
    """File name of a preview's MP3."""
    return f"preview-{key}.mp3"


def voice_settings(jobs: "Jobs", voice: dict[str, Any]) -> Settings:
    """The worker's settings with a narration's voice choices over them."""
    return Settings.load(**{**jobs.settings.values(), **(voice or {})})


def preview(jobs: "Jobs", key: str, entry: Entry, sentence: str, voice: dict[str, str]) -> str:
    """Speak `sentence` with `entry` over the shared lexicon and publish it as preview-<key>.mp3."""
    settings = voice_settings(jobs, voice)
    lexicon = [e for e in LexiconStore(jobs.store).entries() if e.word != entry.word] + [entry]
    engine = engine_for(settings)
    normalizer = normalizer_for(settings, lexicon, str(engine.identity.get("voice", "")))
    line = Sentence.mapped(sentence, normalizer.map(sentence), 0)
    script = SpeechScript("", "", "", (ScriptChapter("", (line,)),))
    cache = AudioCache(settings.cache_dir, settings.cache_size_mb * 1024 * 1024)
    try:
        spoken = next(speak(script, engine, cache)).sentences[0]
    finally:
        cache.close()
    out = Path(settings.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    encode_segment(spoken.audio.samples, spoken.audio.sample_rate, out / preview_name(key), settings.mp3_bitrate_kbps)
    jobs.media.publish(out / preview_name(key))
    return "previewed"


def renarrate(jobs: "Jobs", narration_id: str) -> str:
    """Narrate a finished narration again with the current lexicon, replacing its files in place.

    Listeners keep the old files until the new ones are complete (each is renamed into place). The narration's
    timings keep the first narration's total as `first_total`, so the cost of a correction can be compared."""
    narration = jobs.store.get(narration_id)
    if narration is None or narration.status != "done":
        return "skipped: not finished"
    settings = voice_settings(jobs, narration.voice_settings)
    result = narrate(narration.source_text, title=narration.title, author=narration.author, url=narration.url,
                     fmt=narration.source_format, settings=settings, slug=narration_id,
                     lexicon=LexiconStore(jobs.store).entries())  # type: ignore[arg-type]
    mp3_bytes = result.mp3_path.stat().st_size  # before publishing: object storage takes the local file away
    for suffix in OUTPUT_SUFFIXES:
        jobs.media.publish(Path(settings.out_dir) / f"{narration_id}{suffix}")
    previous = narration.timings or {}
    timings = {**result.timings, "first_total": previous.get("first_total", previous.get("total", 0.0))}
    LexiconStore(jobs.store).replace_outputs(
        narration_id, duration_s=result.duration_s, mp3_bytes=mp3_bytes,
        chapters=[(c.title, c.start_s, c.end_s) for c in result.chapters], timings=timings)
    jobs.enqueue_check(narration_id, narration.live_version or narration.version)
    _LOGGER.info("narration %s re-narrated for the lexicon: %d sentences synthesized, %d from the cache, %.1f s",
                 narration_id, timings.get("sentences_synthesized", 0), timings.get("sentences_cached", 0),
                 timings["total"])
    return "re-narrated"
