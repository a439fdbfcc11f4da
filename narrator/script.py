"""The speech script: sentences in spoken form with their original text, pauses and cache keys."""

from __future__ import annotations

import hashlib
import json
import re
import string
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Callable, Protocol

from .article import Article


class WordMapped(Protocol):
    """What a normalizer's word map gives: the spoken text and, per spoken word, the written span it came from."""

    spoken: str
    words: tuple[Any, ...]

MAX_ENGINE_CHARS = 400
"""Longer 'sentences' (run-ons, lists without full stops) are split for the engine at commas or spaces."""


@dataclass(frozen=True)
class Sentence:
    """One unit of speech."""

    text: str
    """As written: the transcript shows this."""
    spoken: str
    """As said: what the engine receives."""
    pause_ms: int
    """Silence after it."""
    in_transcript: bool = True
    """False for the intro line, which is narration, not article text."""
    ends_paragraph: bool = False
    """True for the last sentence of a paragraph (or the intro)."""
    words: tuple[tuple[int, int], ...] = ()
    """Per word of `spoken.split()`, the span [start, end) of `text` it came from (empty when unknown)."""

    @classmethod
    def mapped(cls, text: str, normalized: "str | WordMapped", pause_ms: int, **fields: Any) -> "Sentence":
        """A sentence from its text and what the normalizer made of it (spoken text, or spoken text and word map)."""
        if isinstance(normalized, str):
            return cls(text, normalized, pause_ms, **fields)
        spans = tuple((w.start, w.end) for w in normalized.words)
        return cls(text, normalized.spoken, pause_ms, words=spans, **fields)


@dataclass(frozen=True)
class ScriptChapter:
    """A chapter's title and its sentences: or a later segment of the chapter before it (`continues`)."""

    title: str
    sentences: tuple[Sentence, ...]
    continues: bool = False
    """True for a segment that carries on the previous chapter (no new chapter mark)."""


@dataclass(frozen=True)
class SpeechScript:
    """Everything the speak stage needs, and the metadata later stages tag and publish."""

    title: str
    byline: str
    url: str
    chapters: tuple[ScriptChapter, ...]

    @property
    def sentences(self) -> list[Sentence]:
        """All sentences in order."""
        return [s for c in self.chapters for s in c.sentences]


@dataclass(frozen=True)
class Pauses:
    """Silences, in milliseconds, after each kind of unit."""

    sentence_ms: int = 300
    paragraph_ms: int = 700
    chapter_ms: int = 1300
    phrase_ms: int = 0
    """After the opening phrase split off the intro's first sentence (the voice's own trailing and leading
    silence already make a comma's pause)."""


_segmenters = threading.local()


def _segmenter() -> Any:
    """This thread's pysbd segmenter: a Segmenter keeps the text it is splitting on itself, so threads sharing one
    (web requests, a worker's threads) lose and mix each other's sentences."""
    segmenter = getattr(_segmenters, "segmenter", None)
    if segmenter is None:
        import pysbd

        segmenter = _segmenters.segmenter = pysbd.Segmenter(language="en", clean=False)
    return segmenter


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph (pysbd), with over-long runs split into engine-sized pieces."""
    pieces: list[str] = []
    for sentence in _segmenter().segment(paragraph):
        sentence = sentence.strip()
        if sentence:
            pieces.extend(_split_long(sentence))
    return pieces


def _split_long(sentence: str, limit: int = MAX_ENGINE_CHARS) -> list[str]:
    if len(sentence) <= limit:
        return [sentence]
    parts: list[str] = []
    rest = sentence
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind(", "), window.rfind("; "), window.rfind(" – "), window.rfind(" — "))
        cut = cut + 1 if cut > limit // 3 else window.rfind(" ")
        if cut <= 0:
            cut = limit
        parts.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        parts.append(rest)
    return parts


def build_script(article: Article, normalize: Callable[[str], "str | WordMapped"], pauses: Pauses = Pauses(),
                 intro: str | Sequence[str] = "") -> SpeechScript:
    """Sentences for every chapter; `intro` (already formatted: one line, or its sentences) opens the first chapter.

    `normalize` gives the spoken form, with its word map when it has one (later stages time written words by it)."""
    lines = [line for line in ([intro] if isinstance(intro, str) else intro) if line.strip()]
    head = opening_phrase(lines[0]) if lines else []
    lines = head + lines[1:]
    pause_after = ([pauses.phrase_ms] * (len(head) - 1) + [pauses.sentence_ms] * (len(lines) - len(head))
                   + [pauses.paragraph_ms])
    chapters: list[ScriptChapter] = []
    for index, chapter in enumerate(article.chapters):
        sentences: list[Sentence] = []
        if index == 0:
            sentences.extend(Sentence.mapped(line, normalize(line), pause, in_transcript=False,
                                             ends_paragraph=position == len(lines) - 1)
                             for position, (line, pause) in enumerate(zip(lines, pause_after)))
        for paragraph in chapter.paragraphs:
            split = split_sentences(paragraph)
            for position, text in enumerate(split):
                last = position == len(split) - 1
                sentences.append(Sentence.mapped(text, normalize(text),
                                                 pauses.paragraph_ms if last else pauses.sentence_ms,
                                                 ends_paragraph=last))
        if sentences:
            last = sentences[-1]
            sentences[-1] = replace(last, pause_ms=pauses.chapter_ms)
            chapters.append(ScriptChapter(chapter.title, tuple(sentences)))
    return SpeechScript(article.title, article.byline, article.url, tuple(chapters))


def split_opening(script: SpeechScript, article_sentences: int = 1) -> SpeechScript:
    """Split the start of the first chapter into short segments: each sentence of the intro, then the first
    `article_sentences` of the article.

    The first audio a listener hears (the intro's first sentence, usually the title) is then ready after a
    fraction of a second of synthesis, the next sentences follow while it plays, and the rest of the first chapter
    synthesizes behind them. The later segments carry on the same chapter. The article's first sentences are split
    off only when enough of the chapter is left after them to be worth a segment.
    """
    if not script.chapters:
        return script
    first = script.chapters[0]
    intro = next((i for i, sentence in enumerate(first.sentences) if sentence.in_transcript), len(first.sentences))
    cuts = list(range(1, intro + 1)) if intro < len(first.sentences) else list(range(1, intro))
    if len(first.sentences) > intro + article_sentences + 2:
        cuts.append(intro + article_sentences)
    if not cuts:
        return script
    bounds = list(zip([0] + cuts, cuts + [len(first.sentences)]))
    segments = tuple(ScriptChapter(first.title, first.sentences[a:b], continues=index > 0)
                     for index, (a, b) in enumerate(bounds))
    return SpeechScript(script.title, script.byline, script.url, segments + script.chapters[1:])


_PHRASE_PUNCTUATION = re.compile(r"[,;:–—](?=\s)|\s[-–—](?=\s)")
_PHRASE_STARTERS = frozenset(
    "that which who whose where when while as after before since until because if though although and but or nor "
    "so yet for of in on at to by with without from into onto over under about against across along among around "
    "behind beyond during through toward towards upon within amid despite than".split())
"""Words a phrase of English starts with: a title can be cut before one and each part still reads whole."""


def opening_phrase(line: str, shortest: int = 2, longest: int = 6) -> list[str]:
    """The line cut after its opening phrase: its first `shortest` to `longest` words up to a natural break (a
    comma, colon, semicolon or dash; else before a word that starts a phrase, like "that" or "of"), and the rest.

    A short first piece is ready to hear after a fraction of the time the whole line takes to synthesize. Joined
    with a space the pieces give the line. The line alone when it is short already or has no break there."""
    ends = [word.end() for word in re.finditer(r"\S+", line)]
    if len(ends) <= longest:
        return [line]
    cut = 0
    for mark in _PHRASE_PUNCTUATION.finditer(line, 0, ends[longest - 1] + 1):
        before = sum(1 for end in ends if end <= mark.end())
        if shortest <= before <= longest and len(ends) - before >= shortest:
            cut = mark.end()
            break
    if not cut:
        starters = [index for index in range(shortest + 1, min(longest, len(ends) - shortest) + 1)
                    if _bare(line, ends, index) in _PHRASE_STARTERS]
        cut = ends[starters[0] - 1] if starters else 0
    return [line[:cut].strip(), line[cut:].strip()] if cut else [line]


def _bare(line: str, ends: list[int], index: int) -> str:
    """The `index`th word of the line (0-based) lowercased, without punctuation around it."""
    start = ends[index - 1] if index else 0
    return line[start:ends[index]].strip().strip(string.punctuation + "“”‘’").lower()


def format_intro(template: str, title: str, author: str, narrator: str, disclosure: str = "") -> str:
    """The intro line from its template; empty when the template is empty."""
    if not template.strip():
        return ""
    line = template.format(title=title, author=author, narrator=narrator, disclosure=disclosure,
                           by_author=f", by {author}" if author else "")
    return re.sub(r"\s+", " ", line).strip()


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def intro_sentences(template: str, title: str, author: str, narrator: str, disclosure: str = "") -> list[str]:
    """The intro line cut into the sentences its template writes (where its own text ends a sentence; a title's
    or disclosure's own full stops never cut it): each one a short unit of speech, so the first is heard soon.

    Joined with spaces they give `format_intro`'s line; a piece with nothing to say joins the one before it."""
    pieces = [""]
    for literal, field, spec, conversion in string.Formatter().parse(template):
        parts = _SENTENCE_END.split(literal.replace("{", "{{").replace("}", "}}"))
        pieces[-1] += parts[0]
        pieces.extend(parts[1:])
        if field is not None:
            pieces[-1] += "{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
    sentences: list[str] = []
    for piece in pieces:
        line = format_intro(piece, title, author, narrator, disclosure)
        if sentences and not is_speakable(line):
            sentences[-1] = f"{sentences[-1]} {line}".strip()
        elif line:
            sentences.append(line)
    return sentences


def cache_key(identity: dict[str, Any], spoken: str) -> str:
    """Content hash of a sentence's sound: engine identity plus spoken text."""
    payload = json.dumps({"engine": identity, "text": spoken}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def is_speakable(spoken: str) -> bool:
    """False for text with nothing an engine can say (punctuation, emoji)."""
    return any(ch.isalnum() for ch in spoken)
