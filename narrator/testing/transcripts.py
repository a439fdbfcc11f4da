"""Reading narrator's WebVTT transcripts in tests: cues with their times, and the words without timestamp tags."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_TAG = re.compile(r"<[^>]*>")


def _seconds(stamp: str) -> float:
    hours, minutes, seconds = stamp.strip().split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


@dataclass(frozen=True)
class Cue:
    """One cue: its times, and its text without word timestamp tags (`<00:01:02.350>word`) or entities."""

    start: float
    end: float
    text: str
    paragraph_start: bool
    """The cue follows a `NOTE paragraph` block: the first sentence of a paragraph."""


def cues(vtt: str) -> list[Cue]:
    """The transcript's cues in order."""
    found: list[Cue] = []
    opens_paragraph = False
    for block in vtt.split("\n\n"):
        lines = block.strip().splitlines()
        if lines and lines[0].startswith("NOTE paragraph"):
            opens_paragraph = True
        elif len(lines) >= 3 and "-->" in lines[1]:
            start, end = lines[1].split(" --> ")
            text = " ".join(html.unescape(_TAG.sub("", " ".join(lines[2:]))).split())
            found.append(Cue(_seconds(start), _seconds(end.split()[0]), text, opens_paragraph))
            opens_paragraph = False
    return found


def spoken(vtt: str) -> str:
    """Everything the transcript says, as one line of text."""
    return " ".join(cue.text for cue in cues(vtt))


def paragraphs(vtt: str) -> list[str]:
    """The article's paragraphs: cue texts joined between `NOTE paragraph` markers (cues before the first marker,
    the spoken intro, belong to none)."""
    grouped: list[list[str]] = []
    for cue in cues(vtt):
        if cue.paragraph_start:
            grouped.append([])
        if grouped:
            grouped[-1].append(cue.text)
    return [" ".join(texts) for texts in grouped]
