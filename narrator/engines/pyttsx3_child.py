"""Child process that owns a pyttsx3 engine: JSON requests on stdin, JSON replies on stdout.

pyttsx3's espeak driver can silently write nothing, hang or crash; isolating it lets the parent
verify every file, time out, restart and retry without taking the narration down.
"""

from __future__ import annotations

import ctypes
import json
import sys


def _fix_espeak_driver() -> None:
    """Make pyttsx3's espeak driver keep the last chunk of audio.

    Its synth callback writes the WAV when espeak reports the end of a message *before* appending the samples
    of that same callback. espeak delivers audio in 1-second chunks, so every file lost its final second and
    sentences shorter than a second came out empty. Appending first, then letting the driver handle the events
    with no samples, fixes both.
    """
    try:
        from pyttsx3.drivers import espeak
    except Exception:  # not on espeak (Windows SAPI5, macOS NSSpeech): nothing to fix
        return
    original = espeak.EspeakDriver._onSynth

    def on_synth(self, wav, numsamples, events):  # type: ignore[no-untyped-def]
        if getattr(self, "_speaking", False) and numsamples > 0:
            self._data_buffer += ctypes.string_at(wav, numsamples * ctypes.sizeof(ctypes.c_short))
        return original(self, wav, 0, events)

    espeak.EspeakDriver._onSynth = on_synth


def main() -> None:
    import pyttsx3

    _fix_espeak_driver()
    engine = pyttsx3.init()
    out = sys.stdout
    sys.stdout = sys.stderr  # drivers print chatter ("Audio saved to ..."); keep the reply channel clean
    for line in sys.stdin:
        request = json.loads(line)
        try:
            if request.get("op") == "voices":
                reply = {"voices": [
                    {"id": v.id, "name": v.name, "languages": [str(lang) for lang in (v.languages or [])]}
                    for v in engine.getProperty("voices")]}
            else:
                if request.get("voice"):
                    engine.setProperty("voice", request["voice"])
                engine.setProperty("rate", request["rate"])
                engine.setProperty("volume", request["volume"])
                engine.save_to_file(request["text"], request["path"])
                engine.runAndWait()
                reply = {"ok": True}
        except Exception as exc:  # reported to the parent, which decides to retry or fail
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        out.write(json.dumps(reply) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
