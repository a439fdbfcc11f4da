"""Whether a sentence goes on across a line break: one rule for pasted lines and for an extractor's blocks."""

from __future__ import annotations

import logging

_LOGGER = logging.getLogger(__name__)

SENTENCE_ENDS = tuple('.!?…。！？:;' + '"”’»)）」』')
"""A line ending on one of these has finished its sentence (or its label, before a list)."""


def sentence_goes_on(previous: str, following: str, min_chars: int = 0) -> bool:
    """True when `following` continues the sentence `previous` broke off: `previous` (at least `min_chars` long)
    ends without closing punctuation and `following` starts in lower case."""
    before = previous.rstrip()
    return (following.lstrip()[:1].islower() and len(before) >= max(1, min_chars)
            and not before.endswith(SENTENCE_ENDS))


__all__ = ["SENTENCE_ENDS", "sentence_goes_on"]
