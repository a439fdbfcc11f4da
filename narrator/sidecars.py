"""Sidecar files: Podcasting 2.0 JSON chapters and a WebVTT transcript, one cue per sentence with word timestamps."""

from __future__ import annotations

import json

from .audio import ChapterMark, Cue


def chapters_json(title: str, chapters: tuple[ChapterMark, ...]) -> str:
    """Podcasting 2.0 JSON chapters (version 1.2.0)."""
    document = {
        "version": "1.2.0",
        "title": title,
        "chapters": [{"startTime": round(c.start_s, 3), "endTime": round(c.end_s, 3), "title": c.title}
                     for c in chapters],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _timestamp(seconds: float) -> str:
    millis = int(round(seconds * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def _escape_cue_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


PARAGRAPH_NOTE = "NOTE paragraph"
"""Comment block before the first cue of each paragraph: players that know it lay the transcript out in
paragraphs; WebVTT parsers skip comments, so podcast apps and browsers read the cues as before."""


def timed_cue_text(cue: Cue) -> str:
    """The cue's words, escaped, with a timestamp tag before each written word after the first that has a time.

    Tags are strictly increasing and strictly inside the cue (WebVTT requires it); a word heard no later than the
    word before it carries no tag of its own."""
    words = [_escape_cue_text(word) for word in cue.text.split()]
    if len(cue.word_starts) != len(words):
        return " ".join(words)
    out, last = words[:1], _timestamp(cue.start_s)
    for word, at in zip(words[1:], cue.word_starts[1:]):
        stamp = _timestamp(at) if at is not None else last
        if last < stamp < _timestamp(cue.end_s):
            out.append(f"<{stamp}>{word}")
            last = stamp
        else:
            out.append(word)
    return " ".join(out)


def cue_text(cue: Cue, word_timings: bool = True) -> str:
    """The cue's words, escaped, with their timestamp tags when `word_timings` is on."""
    return timed_cue_text(cue) if word_timings else " ".join(_escape_cue_text(word) for word in cue.text.split())


def webvtt(cues: tuple[Cue, ...], word_timings: bool = True) -> str:
    """A WebVTT transcript; cue text is the sentence as written, escaped for VTT, each word after the first
    tagged with when it is heard (unless `word_timings` is off: sentence cues only), paragraphs marked by a NOTE."""
    lines = ["WEBVTT", ""]
    for number, cue in enumerate(cues, start=1):
        if cue.starts_paragraph:
            lines += [PARAGRAPH_NOTE, ""]
        lines += [str(number), f"{_timestamp(cue.start_s)} --> {_timestamp(cue.end_s)}", cue_text(cue, word_timings), ""]
    return "\n".join(lines)
