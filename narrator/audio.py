"""Assemble stage: spoken chapters laid out with pauses (pydub), leveled to the loudness target and encoded to MP3."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import logging
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydub import AudioSegment

from .errors import AudioError
from .cache import AudioCache
from .engines.base import SpeechAudio
from .speak import SpokenChapter, SpokenSentence
from .stages import StageClock
from .timing import written_word_starts

_LOGGER = logging.getLogger(__name__)
FFMPEG_HINT = "install ffmpeg (Debian: `apt-get install ffmpeg`)"


@dataclass(frozen=True)
class Cue:
    """A transcript cue: when a sentence is spoken."""

    start_s: float
    end_s: float
    text: str
    starts_paragraph: bool = False
    """True for the first sentence of a paragraph of the article."""
    word_starts: tuple[float | None, ...] = ()
    """When each written word (`text.split()`) is first heard, in seconds from the start of the narration; None
    for a word nothing was said for (empty when unknown)."""


@dataclass(frozen=True)
class ChapterMark:
    """Where a chapter starts and ends in the final audio."""

    title: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class Timeline:
    """The assembled audio's layout: cues, chapters and total duration."""

    cues: tuple[Cue, ...]
    chapters: tuple[ChapterMark, ...]
    duration_s: float
    sample_rate: int


@dataclass(frozen=True)
class LoudnessTarget:
    """EBU R128 target for the encoded file."""

    integrated_lufs: float = -16.0
    true_peak_db: float = -1.0
    loudness_range: float = 11.0


def _segment(samples_bytes: bytes, sample_rate: int, target_rate: int) -> AudioSegment:
    segment = AudioSegment(data=samples_bytes, sample_width=2, frame_rate=sample_rate, channels=1)
    return segment if sample_rate == target_rate else segment.set_frame_rate(target_rate)


def _ffmpeg() -> str:
    path = shutil.which("ffmpeg")
    if not path:
        raise AudioError(f"ffmpeg is not installed; {FFMPEG_HINT}")
    return path


def _ffmpeg_args(*args: str) -> list[str]:
    return [_ffmpeg(), "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-y", *args]


COMPRESSOR = "acompressor=threshold=0.125:ratio=2.5:attack=8:release=120"
"""Gentle speech compression before the limiter: evens out syllable peaks so little is left to limit."""
LIMITER_LOSS_LU = 0.35
"""What the limiter typically takes off the compressed, gained signal (first guess; corrected if off)."""
CEILING_MARGIN_DB = 1.3
"""The limiter's ceiling sits this far under the target true peak: room for resampling and MP3 overshoot."""
LOUDNESS_TOLERANCE_LU = 0.4
"""A segment within this of the aim is not leveled again: each pass is an ffmpeg run competing with synthesis for
the CPU, and segment errors average out over the file (podcast loudness norms allow ±1 LU)."""
MP3_LOUDNESS_LOSS_LU = 0.45
"""LAME at speech bitrates measures about 0.45 LU quieter than its input (seen at 64 and 96 kbps); leveling aims
that much higher so the MP3 lands on target."""


def _filter(samples: np.ndarray, sample_rate: int, chain: str, out_rate: int | None) -> tuple[bytes, float]:
    """Run int16 mono samples through an ffmpeg filter chain ending in an EBU R128 meter.

    Returns the filtered samples (empty when `out_rate` is None: measure only) and their integrated loudness.
    """
    output = ["-f", "s16le", "-ar", str(out_rate), "-ac", "1", "pipe:1"] if out_rate else ["-f", "null", "-"]
    try:
        result = subprocess.run(
            [_ffmpeg(), "-hide_banner", "-nostdin", "-nostats", "-f", "s16le", "-ar", str(sample_rate), "-ac", "1",
             "-i", "pipe:0", "-af", f"{chain},ebur128=framelog=verbose", *output],
            input=samples.tobytes(), capture_output=True, timeout=3600)
    except subprocess.TimeoutExpired as exc:
        raise AudioError("ffmpeg took over an hour and was stopped") from exc
    log = result.stderr.decode(errors="replace")
    found = re.search(r"Integrated loudness:\s+I:\s+(-?[\d.]+|-inf) LUFS", log)
    if result.returncode != 0 or not found:
        raise AudioError(f"ffmpeg failed while leveling audio: {log.strip()[-300:]}")
    loudness = float(found.group(1)) if found.group(1) != "-inf" else -70.0
    return result.stdout, loudness


def _gated_rms_db(samples: np.ndarray, sample_rate: int) -> float:
    """RMS level of the speech in a signal (400 ms blocks, silent ones left out), in dBFS."""
    block = int(0.4 * sample_rate)
    usable = len(samples) // block * block
    if usable == 0:
        return -70.0
    power = np.mean((samples[:usable].astype(np.float32) / 32768.0).reshape(-1, block) ** 2, axis=1)
    speech = power[power > 10 ** (-50 / 10)]
    return float(10 * np.log10(np.mean(speech))) if len(speech) else -70.0


class Leveler:
    """Brings chapters to the loudness target under a true-peak ceiling, in constant memory (ffmpeg filters).

    Each chapter goes through gentle compression, gain, and an `alimiter` run at 2x+ oversampling as a
    true-peak limiter, measured by an EBU R128 meter in the same pass; a further pass corrects a missed target.
    Without a `reference` the first chapter's gain comes from a measuring pass; later chapters predict theirs
    from the last one leveled, adjusted by the difference in speech level, which saves that pass. A reference kept
    from an earlier narration with the same voice (`assemble` caches it) saves it for the first chapter too. The
    ceiling sits 1.3 dB under the target true peak, leaving room for MP3 overshoot.
    """

    def __init__(self, target: LoudnessTarget, out_rate: int, reference: tuple[float, float] | None = None) -> None:
        self.target = target
        self.out_rate = out_rate
        self.ceiling = 10 ** ((target.true_peak_db - CEILING_MARGIN_DB) / 20)
        self.aim = target.integrated_lufs + MP3_LOUDNESS_LOSS_LU
        self.reference = reference
        """(gain that hit the aim, speech RMS of that chapter) from the last chapter leveled."""
        self.passes = 0
        """ffmpeg runs so far, measuring ones included."""
        self.measures = 0
        """Measuring passes so far (chapters leveled without a reference)."""

    def _initial_gain(self, samples: np.ndarray, sample_rate: int, rms_db: float) -> float:
        if self.reference is not None:
            gain, reference_rms = self.reference
            return gain + (reference_rms - rms_db)
        self.passes += 1
        self.measures += 1
        _, compressed = _filter(samples, sample_rate, COMPRESSOR, None)
        return self.aim - compressed + LIMITER_LOSS_LU

    def level(self, samples: np.ndarray, sample_rate: int) -> np.ndarray:
        """One chapter's int16 samples, leveled and resampled to the output rate."""
        expected = int(round(len(samples) * self.out_rate / sample_rate))
        if len(samples) == 0 or not np.any(samples):
            return np.zeros(expected, dtype=np.int16)
        oversampled = max(self.out_rate * 2, sample_rate * 4)
        rms_db = _gated_rms_db(samples, sample_rate)
        gain = self._initial_gain(samples, sample_rate, rms_db)
        for _ in range(3):
            chain = (f"{COMPRESSOR},volume={gain:.2f}dB,aresample={oversampled},"
                     f"alimiter=limit={self.ceiling:.4f}:level=false:attack=2:release=60,aresample={self.out_rate}")
            raw, loudness = _filter(samples, sample_rate, chain, self.out_rate)
            self.passes += 1
            _LOGGER.debug("leveling pass: gain %.2f dB gave %.2f LUFS (aim %.2f)", gain, loudness, self.aim)
            if abs(self.aim - loudness) < LOUDNESS_TOLERANCE_LU or loudness <= -70.0:
                break
            gain += (self.aim - loudness) * 1.3  # the limiter takes back part of any increase
        if loudness > -70.0:
            self.reference = (gain, rms_db)
        leveled = np.frombuffer(raw, dtype=np.int16)
        if len(leveled) < expected:
            leveled = np.concatenate([leveled, np.zeros(expected - len(leveled), dtype=np.int16)])
        return leveled[:expected]


SIGNAL_MEANINGS = {"SIGXFSZ": " (the file size limit was reached)", "SIGKILL": " (out of memory, or stopped)",
                   "SIGSEGV": " (ffmpeg crashed)"}
"""What a signal that killed ffmpeg means for the listener's narration."""


class Mp3Encoder:
    """A running ffmpeg/LAME process fed PCM chapter by chapter: constant bitrate, mono, Xing/LAME header."""

    def __init__(self, path: Path, sample_rate: int, bitrate_kbps: int) -> None:
        self.path = path
        self.sample_rate = sample_rate
        self._errors = tempfile.TemporaryFile()
        self._process = subprocess.Popen(
            _ffmpeg_args("-f", "s16le", "-ar", str(sample_rate), "-ac", "1", "-i", "pipe:0", "-c:a", "libmp3lame",
                         "-b:a", f"{bitrate_kbps}k",
                         "-compression_level", "7", "-write_xing", "1", "-id3v2_version", "0", "-f", "mp3",
                         str(path)),
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._errors)

    def write(self, samples: np.ndarray) -> None:
        """Append int16 samples at the encoder's rate."""
        try:
            assert self._process.stdin
            self._process.stdin.write(samples.astype(np.int16, copy=False).tobytes())
        except (BrokenPipeError, OSError) as exc:
            try:
                self._process.wait(timeout=5)  # it is exiting: reap it, so its exit status can say why
            except subprocess.TimeoutExpired:
                pass
            raise AudioError(f"the MP3 encoder stopped: {self._error_text() or exc}") from exc

    def finish(self) -> None:
        """Flush and wait; raise AudioError when encoding failed."""
        assert self._process.stdin
        try:
            self._process.stdin.close()
        except OSError:
            pass
        if self._process.wait(timeout=600) != 0:
            raise AudioError(f"MP3 encoding failed: {self._error_text()}")
        self._errors.close()

    def abort(self) -> None:
        """Stop the encoder (on failure elsewhere)."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._errors.close()

    def _error_text(self) -> str:
        self._errors.seek(0)
        logged = self._errors.read().decode(errors="replace").strip()[-300:]
        code = self._process.poll()
        if code is not None and code < 0:  # killed by a signal: ffmpeg could not say why, so say it
            name = signal.Signals(-code).name
            logged = f"{logged} ffmpeg was killed by {name}{SIGNAL_MEANINGS.get(name, '')}".strip()
        return logged


def encode_segment(samples: np.ndarray, sample_rate: int, path: Path, bitrate_kbps: int = 64) -> None:
    """Encode leveled samples to a standalone MP3 (written under a temporary name, then renamed)."""
    partial = path.with_name(f".{path.name}.partial")
    encoder = Mp3Encoder(partial, sample_rate, bitrate_kbps)
    try:
        encoder.write(samples)
        encoder.finish()
    except BaseException:
        encoder.abort()
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)


ChapterCallback = Callable[[int, str, float, np.ndarray, int, tuple[Cue, ...]], None]
"""Called with (segment index, chapter title, start second, leveled int16 samples, sample rate, the segment's
transcript cues) as each segment (a chapter, or the opening split from the first chapter) is ready."""


def _leveling_constants(target: LoudnessTarget, out_rate: int) -> dict[str, object]:
    """Everything besides the sound that decides a leveled chapter."""
    return {"target": dataclasses.astuple(target), "rate": out_rate, "chain": COMPRESSOR,
            "ceiling_margin_db": CEILING_MARGIN_DB, "mp3_loss": MP3_LOUDNESS_LOSS_LU,
            "tolerance": LOUDNESS_TOLERANCE_LU}


def _reference_key(voice: str, target: LoudnessTarget, out_rate: int) -> str:
    """Cache key of the leveling reference (gain, speech RMS) last found for a voice."""
    payload = json.dumps({"voice": voice, **_leveling_constants(target, out_rate), "version": 1}, sort_keys=True)
    return "leveling:" + hashlib.sha256(payload.encode()).hexdigest()


def _cached_reference(cache: AudioCache | None, key: str) -> tuple[float, float] | None:
    value = cache.recall(key) if cache else None
    if isinstance(value, (tuple, list)) and len(value) == 2 and all(isinstance(v, float) for v in value):
        return float(value[0]), float(value[1])
    return None


def _chapter_key(chapter: SpokenChapter, target: LoudnessTarget, out_rate: int) -> str:
    """Content hash of a leveled chapter: its sentences' sounds, pauses, loudness target and rate."""
    parts = [f"{s.key}:{s.sentence.pause_ms}" for s in chapter.sentences]
    payload = json.dumps({"sentences": parts, **_leveling_constants(target, out_rate), "version": 3})
    return "chapter:" + hashlib.sha256(payload.encode()).hexdigest()


MP3_SAMPLE_RATES = (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)
MAX_LOW_RATE_KBPS = 160
"""MPEG-2 (rates under 32 kHz) tops out at 160 kbit/s."""


def mp3_rate_for(voice_rate: int, bitrate_kbps: int) -> int:
    """The MP3 sample rate for a voice's own rate: the lowest MP3 rate that loses nothing of it."""
    rate = next((r for r in MP3_SAMPLE_RATES if r >= voice_rate), 48000)
    return 44100 if rate < 32000 and bitrate_kbps > MAX_LOW_RATE_KBPS else rate


def _chapter_rate(chapter: SpokenChapter | None) -> int:
    """The sample rate a chapter's voice spoke at (22,050 Hz for a chapter with no audio)."""
    return next((s.audio.sample_rate for s in (chapter.sentences if chapter else ()) if len(s.audio.samples)), 22050)


def assemble(chapters: Iterable[SpokenChapter], mp3_path: Path, target: LoudnessTarget = LoudnessTarget(),
             bitrate_kbps: int = 64, out_rate: int = 0, on_chapter: ChapterCallback | None = None,
             cache: AudioCache | None = None, clock: StageClock | None = None, voice: str = "") -> Timeline:
    """Lay out, level and encode chapters one at a time (memory bounded by one chapter), timing every cue.

    `out_rate` 0 keeps the voice's own sample rate (nothing to resample, half the work of 44.1 kHz for a
    22.05 kHz voice). Leveled chapters are cached, so re-narrating an edited article re-levels only the chapters
    that changed, and the leveling reference of `voice` (the engine's identity) is kept, so a later narration's
    first chapter needs no measuring pass. `clock` hears the time spent in each stage.
    """
    clock = clock or StageClock()
    chapters = _timed(iter(chapters), clock)
    first = next(chapters, None)
    if not out_rate:
        out_rate = mp3_rate_for(_chapter_rate(first), bitrate_kbps)
    chapters = itertools.chain([first] if first is not None else [], chapters)
    cues: list[Cue] = []
    marks: list[tuple[str, float]] = []
    position = 0.0  # seconds
    after_paragraph = True  # the next sentence starts a paragraph
    encoder = Mp3Encoder(mp3_path, out_rate, bitrate_kbps)
    reference_key = _reference_key(voice, target, out_rate)
    leveler = Leveler(target, out_rate, _cached_reference(cache, reference_key))
    try:
        for index, chapter in enumerate(chapters):
            rate = _chapter_rate(chapter)
            if not chapter.continues or not marks:
                marks.append((chapter.title, position))
            pieces: list[AudioSegment] = []
            frames = 0
            first_cue = len(cues)
            for spoken in chapter.sentences:
                starts_paragraph, after_paragraph = after_paragraph, spoken.sentence.ends_paragraph
                with clock.stage("layout"):
                    speech = _segment(spoken.audio.samples.tobytes(), spoken.audio.sample_rate, rate)
                    pause = AudioSegment.silent(duration=spoken.sentence.pause_ms, frame_rate=rate)
                start = position + frames / rate
                frames += int(speech.frame_count()) + int(pause.frame_count())
                if spoken.sentence.in_transcript:
                    with clock.stage("word timings"):
                        word_starts = _word_starts(spoken, start)
                    cues.append(Cue(start, position + frames / rate, spoken.sentence.text, starts_paragraph,
                                    word_starts))
                pieces.extend((speech, pause))
            with clock.stage("chapter cache"):
                key = _chapter_key(chapter, target, out_rate)
                hit = cache.get(key) if cache else None
            if hit is not None and hit.sample_rate == out_rate:
                leveled = hit.samples
            else:
                with clock.stage("layout"):
                    raw = np.frombuffer(b"".join(p.raw_data for p in pieces), dtype=np.int16)
                with clock.stage("leveling"):
                    leveled = leveler.level(raw, rate)
                if cache:
                    with clock.stage("chapter cache"):
                        cache.put(key, SpeechAudio(leveled, out_rate))
            clock.mark("first segment ready")
            if on_chapter:  # before the file's encoder takes it: a listener may be waiting for this part
                with clock.stage("first parts"):
                    on_chapter(index, chapter.title, position, leveled, out_rate, tuple(cues[first_cue:]))
                clock.mark("first part published")
            with clock.stage("encoding"):
                encoder.write(leveled)
            position += len(leveled) / out_rate
        if not marks or position == 0:
            raise AudioError("nothing was spoken: the article has no sentences an engine could say")
        with clock.stage("encoding"):
            encoder.finish()
        if cache and leveler.reference is not None:
            cache.remember(reference_key, leveler.reference)
        clock.count("leveling passes", leveler.passes)
        clock.count("measuring passes", leveler.measures)
    except BaseException:
        encoder.abort()
        raise
    bounds = [start for _, start in marks[1:]] + [position]
    chapter_marks = tuple(ChapterMark(title, start, end) for (title, start), end in zip(marks, bounds))
    return Timeline(tuple(cues), chapter_marks, position, out_rate)


def _timed(chapters: Iterator[SpokenChapter], clock: StageClock) -> Iterator[SpokenChapter]:
    """The chapters, with the time spent waiting for each one counted as waiting for speech."""
    while True:
        with clock.stage("wait for speech"):
            chapter = next(chapters, None)
        if chapter is None:
            return
        yield chapter


def _word_starts(spoken: SpokenSentence, start_s: float) -> tuple[float | None, ...]:
    """When each written word of a sentence is heard, in the narration's time."""
    relative = written_word_starts(spoken.sentence.text, spoken.sentence.words, spoken.word_starts)
    return tuple(None if at is None else round(start_s + at, 4) for at in relative)


def probe_duration(path: Path) -> float:
    """Duration of an audio file in seconds, as ffprobe reads it."""
    ffprobe = shutil.which("ffprobe")
    if not ffprobe:
        raise AudioError(f"ffprobe is not installed; {FFMPEG_HINT}")
    result = subprocess.run([ffprobe, "-v", "error", "-show_entries", "format=duration", "-of", "json", str(path)],
                            capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise AudioError(f"ffprobe could not read {path.name}")
    return float(json.loads(result.stdout)["format"]["duration"])

