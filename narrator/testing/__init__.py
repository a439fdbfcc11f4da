"""Real-service harnesses shared by tests/, bench/ and scripts/: `narrator serve` in a temporary folder, Redis and
PostgreSQL on loopback, headless Chromium. Needs the `dev` extra (requests, playwright) and, for infra, the scale one.
"""

import re as _re

_TIMESTAMP_TAG = _re.compile(r"<\d{2}:\d{2}:\d{2}\.\d{3}>")


def plain_transcript(vtt: str) -> str:
    """A WebVTT transcript without its word timestamp tags, so phrases can be searched in it."""
    return _TIMESTAMP_TAG.sub("", vtt)
