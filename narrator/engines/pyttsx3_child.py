"""Child process that owns a pyttsx3 engine: JSON requests on stdin, JSON replies on stdout.

pyttsx3's espeak driver can silently write nothing, hang or crash; isolating it lets the parent
verify every file, time out, restart and retry without taking the narration down.
"""

from __future__ import annotations

import ctypes
import json
import sys
import threading

FINISH_TIMEOUT_S = 60.0
"""Longest wait for one sentence's file, beyond a second per 20 characters (the parent has its own timeout)."""
SENTENCE_WRITTEN = threading.Event()
"""Set by the espeak driver's callback once it has written a sentence's file and finished with it."""
WORD_EVENTS: list[tuple[int, float]] = []
"""espeak-ng's word events of the sentence being spoken: (character offset in the text, seconds into the audio)."""


def _fix_espeak_driver() -> bool:
    """Make pyttsx3's espeak driver keep the last chunk of audio, and never cancel the sentence it is saving.

    Its synth callback writes the WAV when espeak reports the end of a message *before* appending the samples
    of that same callback. espeak delivers audio in 1-second chunks, so every file lost its final second and
    sentences shorter than a second came out empty. Appending first, then letting the driver handle the events
    with no samples, fixes both.

    Its `stop()` (run by `runAndWait`'s queued end-of-loop command) cancels whatever espeak is synthesizing. That
    command is sometimes pumped from espeak's own thread after the next sentence has started, and then cancelled
    it: on a loaded machine about one sentence in six came out empty, cut short or missing. A sentence is never
    stopped half-way here (the parent kills the child on a timeout), so `stop()` does nothing.
    """
    try:
        from pyttsx3.drivers import espeak
    except Exception:  # not on espeak (Windows SAPI5, macOS NSSpeech): nothing to fix
        return False
    from pyttsx3.drivers import _espeak

    original = espeak.EspeakDriver._onSynth

    def on_synth(self, wav, numsamples, events):  # type: ignore[no-untyped-def]
        speaking = getattr(self, "_speaking", False)
        index = 0
        while speaking and events[index].type != _espeak.EVENT_LIST_TERMINATED:
            if events[index].type == _espeak.EVENT_WORD:
                WORD_EVENTS.append((events[index].text_position - 1, events[index].audio_position / 1000))
            index += 1
        if speaking and numsamples > 0:
            self._data_buffer += ctypes.string_at(wav, numsamples * ctypes.sizeof(ctypes.c_short))
        result = original(self, wav, 0, events)
        if speaking and not self._speaking:  # the message ended: file written, driver done with it
            SENTENCE_WRITTEN.set()
        return result

    def start_synthesis(self, text):  # type: ignore[no-untyped-def]
        """The driver's own, with espeak's phoneme input on: `[[...]]` in the text is phoneme mnemonics."""
        self._proxy.setBusy(True)
        self._proxy.notify("started-utterance")
        self._speaking = True
        self._data_buffer = b""
        _espeak.Synth(str(text).encode("utf-8"), flags=_espeak.ENDPAUSE | _espeak.CHARS_UTF8 | _espeak.PHONEMES)

    espeak.EspeakDriver._onSynth = on_synth
    espeak.EspeakDriver._start_synthesis = start_synthesis
    espeak.EspeakDriver.stop = lambda self: None
    return True


def main() -> None:
    import pyttsx3

    espeak_driver = _fix_espeak_driver()
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
                SENTENCE_WRITTEN.clear()
                WORD_EVENTS.clear()
                engine.save_to_file(request["text"], request["path"])
                engine.runAndWait()  # with espeak this returns once the sentence is queued, not written
                if espeak_driver and not SENTENCE_WRITTEN.wait(FINISH_TIMEOUT_S + len(request["text"]) / 20):
                    raise TimeoutError("the voice did not finish the sentence in time")
                reply = {"ok": True, "words": WORD_EVENTS[:]}
        except Exception as exc:  # reported to the parent, which decides to retry or fail
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        out.write(json.dumps(reply) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
