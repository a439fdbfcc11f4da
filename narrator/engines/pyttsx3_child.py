"""Child process that owns a pyttsx3 engine: JSON requests on stdin, JSON replies on stdout.

pyttsx3's espeak driver can silently write nothing, hang or crash; isolating it lets the parent
verify every file, time out, restart and retry without taking the narration down.
"""

from __future__ import annotations

import json
import sys


def main() -> None:
    import pyttsx3

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
