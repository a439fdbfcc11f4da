"""Remove page furniture (navigation, share bars, captions, promos, related stories, footers) from an Article."""

from __future__ import annotations

import bisect
import logging
import re
import statistics
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .article import TERMINAL_PUNCTUATION, Article, Chapter
from .language import words
from .paste import article_span, control_runs
from .topic import Vocabulary

_LOGGER = logging.getLogger(__name__)

_TIMESTAMP = re.compile(
    r"^((updated |posted |published )?(\d{1,3} ?(m|mins?|minutes?|h|hrs?|hours?|d|days?|weeks?) ago"
    r"|\d{1,2}[:.]\d{2}( ?(am|pm|gmt|bst|utc|cet|et))?(,? \d{1,2} \w{3,9} \d{4})?"
    r"|(\w{3,9},? )?\d{1,2} \w{3,9},? \d{4}( \d{1,2}[:.]\d{2}( ?\w{2,3})?)?"
    r"|(\w{3,9},? )?\w{3,9} \d{1,2},? \d{4}( (at )?\d{1,2}[:.]\d{2}( ?[ap]m)?( \w{2,3})?)?"
    r"|\w{3} \d{1,2}|just now|yesterday|today))$", re.I)
_READER = re.compile(r"\b(you|your|yours|our|us)\b", re.I)
"""A promotion speaks to the reader; in an extracted (HTML) article a line naming an app or a membership without
doing so is the article's own (its text may be in another language, where the promotion words are words too)."""
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_NUMBER_TOKEN = re.compile(r"[+\-−]?[\d.,:%]+")
_COUNT = re.compile(r"\d")
"""A marker with a number ('Comments (4)', '13 Replies') counts something: a link, not a section's heading."""
SITE_NAME_WORDS = 4
"""A pasted first line this short that shares no content word with the article is the site's name, not a title."""
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]*[A-Z0-9])")
REAL_PARAGRAPH_WORDS = 20
"""A paragraph this long, or longer, is article text unless a rule says otherwise; it anchors the article's end."""
SHORT_WORDS = 45
"""Related-story standfirsts, promos and bios are shorter than this."""
OFF_TOPIC = 0.34
"""A short paragraph sharing less than this share of its content words with the article is about something else."""
ON_TOPIC = 0.6
"""A sentence in the page's tail sharing at least this share of its content words with the article stays."""
_ENDING_REASONS = ("box heading", "in the ", "after ", "under the footer heading", "promotion")
"""Reasons given to lines of the page after its article (boxes, footers, promotions), unlike an advertisement slot."""
PROMOTION_OVERLAP = 0.5
"""A promotion shares less than this share of its content words with the article."""
PULL_QUOTE_SENTENCES = 2
"""A pull quote is a sentence or two lifted from the text; a longer passage found again is the article's own."""
TAIL_SHARE = 0.66
"""The page's tail starts where at least this share of the lines to the end are furniture or other stories."""


EXTRACTED_HEAD_WORDS = 60
"""Most words of kicker, date and standfirst lines above an extracted (HTML) article's first sentence."""
TITLE_CASE_SHARE = 0.75
"""A line with at least this share of its longer words capitalised is title-cased (a headline, not a sentence)."""
LIST_LABEL_WORDS = 4
LIST_ITEM_WORDS = 4
"""In an extracted article a list of names has a label of at most this many words and items of at most this many."""
PULL_QUOTE_WORDS = 40
"""On an extracted page a pull quote is a short excerpt of at most this many words (and PULL_QUOTE_SENTENCES)."""
_QUOTE_MARKS = tuple('"“”„«»‘’\'「」『』')
_SLIDE_COUNTER = re.compile(r"^\(?(\d{1,3})\s*(?:/|of|de|sur|von|di|van|av|z)\s*(\d{1,3})\b\)?", re.I)
"""A slideshow caption opens with its place in the show: '12/50 ...', '3 of 20 ...', '(4 de 12) ...'."""
MIN_SLIDES = 3
"""So many captions numbered out of the same total (each its own place) are a slideshow."""
SLIDE_CAPTION_WORDS = 8
"""A slide's caption has a title and a sentence: shorter lines ('1/4 cup butter') are no slides."""
SLIDESHOW_OWN_WORDS = 150
"""An extracted article with at least this many words of prose outside its slideshow is not the slideshow itself."""
SLIDE_LINES = 4
"""A pasted slide is its counter line and at most this many lines in all (caption, credit)."""


@dataclass(frozen=True)
class BoilerplateRules:
    """Compiled furniture patterns from boilerplate.toml files (the packaged defaults, then config folders')."""

    drop: tuple[re.Pattern[str], ...] = ()
    """A whole paragraph matching one of these is removed."""
    cut: tuple[re.Pattern[str], ...] = ()
    """A paragraph matching one of these starts the footer or comments: it and all after it are removed."""
    box: tuple[re.Pattern[str], ...] = ()
    """A paragraph matching one of these heads a box of links ('Most read'): it and the short lines after it go."""
    byline: tuple[re.Pattern[str], ...] = ()
    """An early short paragraph matching one of these is the byline (group 'author')."""
    promo_words: tuple[re.Pattern[str], ...] = ()
    """A short paragraph about something else that uses one of these words is a promotion."""

    @classmethod
    def from_toml(cls, path: Path) -> "BoilerplateRules":
        """Load rules from a TOML file with [drop], [cut], [box], [byline] and [promo] pattern lists."""
        return _load_rules(str(path), path.stat().st_mtime if path.exists() else 0.0)

    @classmethod
    def from_files(cls, paths: list[Path]) -> "BoilerplateRules":
        """Rules merged from several files, lowest priority first: each file's patterns add to the earlier ones,
        unless its section says `replace = true`, which drops the earlier files' patterns of that section."""
        merged = BoilerplateRules()
        for path in paths:
            rules, replaces = cls.from_toml(path), _replaced_sections(str(path), path.stat().st_mtime)
            merged = BoilerplateRules(**{
                name: getattr(rules, name) if section in replaces else getattr(merged, name) + getattr(rules, name)
                for name, section in RULE_SECTIONS.items()})
        return merged


RULE_SECTIONS = {"drop": "drop", "cut": "cut", "box": "box", "byline": "byline", "promo_words": "promo"}
"""BoilerplateRules field -> its boilerplate.toml section (a test checks every field has one)."""


@lru_cache(maxsize=8)
def _load_rules(path: str, _mtime: float) -> BoilerplateRules:
    if not Path(path).is_file():
        _LOGGER.warning("no boilerplate rules at %s; only heuristics will clean articles", path)
        return BoilerplateRules()
    with open(path, "rb") as handle:
        data = tomllib.load(handle)

    def compile_all(section: str, key: str = "patterns") -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.I) for p in data.get(section, {}).get(key, []))

    promo = tuple(re.compile(rf"\b{w}\b", re.I) for w in data.get("promo", {}).get("words", []))
    return BoilerplateRules(compile_all("drop"), compile_all("cut"), compile_all("box"), compile_all("byline"), promo)


@dataclass(frozen=True)
class Drop:
    """A paragraph (or heading) cleanup removed, and why."""

    text: str
    reason: str

    def line(self, width: int = 90) -> str:
        """One line for `narrator narrate --explain`."""
        text = self.text if len(self.text) <= width else self.text[: width - 1] + "…"
        return f"dropped ({self.reason}): {text}"


@dataclass(eq=False)
class _Item:
    chapter: int
    text: str
    reason: str = ""

    @property
    def words(self) -> int:
        return len(self.text.split())


def _rule_reason(section: str, found: re.Match[str]) -> str:
    pattern = found.re.pattern
    return f"[{section}] rule {pattern if len(pattern) <= 40 else pattern[:39] + '…'}"


@lru_cache(maxsize=8)
def _replaced_sections(path: str, _mtime: float) -> frozenset[str]:
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    return frozenset(name for name, section in data.items() if isinstance(section, dict) and section.get("replace"))


_COMBINED: dict[int, tuple[tuple[re.Pattern[str], ...], re.Pattern[str] | None]] = {}
"""Combined patterns by the identity of their tuple (hashing a tuple of patterns costs more than trying them)."""


def _any_of(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    """One pattern matching where any of `patterns` matches (a quick test before finding which), or None when they
    do not combine (flags other than case set on or inside a pattern)."""
    cached = _COMBINED.get(id(patterns))
    if cached is not None and cached[0] is patterns:
        return cached[1]
    combined = None
    if not any(p.flags & ~(re.I | re.U) for p in patterns):
        try:
            combined = re.compile("|".join(f"(?:{re.sub(r'[(][?]P<[^>]+>', '(?:', p.pattern)})" for p in patterns),
                                  re.I)
        except re.error:
            combined = None
    if len(_COMBINED) >= 64:
        _COMBINED.clear()
    _COMBINED[id(patterns)] = (patterns, combined)  # the tuple is kept, so its identity is not reused
    return combined


def _matches(patterns: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    normalized = " ".join(text.split())
    combined = _any_of(patterns) if patterns else None
    if patterns and combined is not None and not combined.match(normalized):
        return None
    for pattern in patterns:
        found = pattern.match(normalized)
        if found:
            return found
    return None


def sentences(paragraph: str) -> list[str]:
    """The paragraph split at sentence ends (a full stop, question or exclamation mark before a capital)."""
    return [s for s in _SENTENCE_END.split(paragraph.strip()) if s]


def _is_teaser(paragraph: str) -> bool:
    """Headline-shaped: a short line without closing punctuation, or a short question."""
    words = paragraph.split()
    if paragraph.endswith("?"):
        return len(words) <= 12
    return len(words) <= 16 and not paragraph.endswith(TERMINAL_PUNCTUATION)


def _is_sentence(paragraph: str, min_words: int = 8) -> bool:
    return len(paragraph.split()) >= min_words and paragraph.rstrip().endswith(TERMINAL_PUNCTUATION)


def _article_shaped(paragraph: str) -> bool:
    """A paragraph of an article's own, not a standfirst: long, or more than one sentence, or quoting someone."""
    if len(paragraph.split()) < REAL_PARAGRAPH_WORDS or not _is_sentence(paragraph):
        return False
    return (len(paragraph.split()) > SHORT_WORDS or len(sentences(paragraph)) > 1
            or any(mark in paragraph for mark in '"“”«»'))


def _title_cased(paragraph: str) -> bool:
    """Most words capitalised, as in a headline or a link's title, unlike a sentence."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", paragraph) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) >= TITLE_CASE_SHARE * len(words)


def _ends_sentence(paragraph: str) -> bool:
    """Ends like a sentence (a label ending on a colon does not): menus and headlines don't."""
    text = paragraph.rstrip()
    return text.endswith(TERMINAL_PUNCTUATION) and not text.endswith((":", ";"))


def _shape_reason(paragraph: str, whole_lists: bool = False) -> str:
    """Furniture recognised from its shape alone: timestamps, table rows, name lists, lines without words.

    `whole_lists` (an extracted HTML article, whose menus the extractor has left out): a list of names is the whole
    paragraph (a label of a few words, then short items only), never a sentence that lists names."""
    text = paragraph.strip()
    if _TIMESTAMP.match(text):
        return "timestamp"
    tokens = text.split()
    if not any(ch.isalpha() for ch in text) or (len(tokens) <= 2 and not any(len(t) > 2 for t in tokens)):
        return "no words"
    numeric = sum(1 for t in tokens if _NUMBER_TOKEN.fullmatch(t))
    if "\t" in paragraph or (len(tokens) >= 4 and numeric / len(tokens) >= 0.4 and not _is_sentence(text)):
        return "table row"
    label, _colon, listed = text.rpartition(":") if whole_lists else ("", "", text.split(":", 1)[-1])
    parts = [p for p in re.split(r"[,;]", listed) if p.strip()]
    if whole_lists and (len(label.split()) > LIST_LABEL_WORDS or any(len(p.split()) > LIST_ITEM_WORDS for p in parts)):
        return ""
    if len(parts) >= 6 and sum(len(p.split()) <= 3 for p in parts) >= len(parts) - 1:
        return "list of names"
    return ""


def _normalized_words(text: str) -> str:
    return " " + " ".join(re.findall(r"[\w']+", text.lower().replace("’", "'"))) + " "


def _pull_quotes(paragraphs: list[str]) -> set[int]:
    """Indexes of short paragraphs (a sentence or two) whose words all appear, in order, inside another, longer
    paragraph."""
    texts = [_normalized_words(p) for p in paragraphs]
    starts, position = [], 0
    for text in texts:
        starts.append(position)
        position += len(text) + 1
    haystack = "|".join(texts)
    found: set[int] = set()
    for index, needle in enumerate(texts):
        words = needle.count(" ") - 1
        if not 4 <= words <= 60 or len(sentences(paragraphs[index])) > PULL_QUOTE_SENTENCES:
            continue
        at = haystack.find(needle)
        while at != -1:
            other = bisect.bisect_right(starts, at) - 1
            if other != index and texts[other].count(" ") - 1 > words:
                found.add(index)
                break
            at = haystack.find(needle, at + 1)
    return found


def _set_apart(paragraph: str) -> bool:
    """Shaped like a pull quote in an extracted (HTML) article: a short excerpt that is quoted or breaks off
    mid-sentence. A repeated sentence of the body's own (a page that says it twice) is read."""
    text = paragraph.strip()
    if len(text.split()) > PULL_QUOTE_WORDS or len(sentences(text)) > PULL_QUOTE_SENTENCES:
        return False
    return text.startswith(_QUOTE_MARKS) or text.rstrip(".…").endswith(_QUOTE_MARKS) or not _ends_sentence(text)


TITLE_SHARE = 0.5
"""The headline is the first line above the article scoring at least this share of the best line's score."""
TITLE_DISTANCE = 10
"""A candidate this many lines above the article's first sentence scores half as much as one just above it: menus
and other stories' links higher up share the article's words too."""
SHORT_HEADLINE_WORDS = 16
"""A line longer than this that holds two sentences or more is a notice or a standfirst, not a headline."""
QUESTION_HEADLINE_WORDS = 14
"""A question of at most this many words standing alone above a paste's prose is its headline."""
HEADLINE_WORDS = 2
"""A headline has at least this many words ('Hermitian matrix'); a menu item of one word is none."""
_BREADCRUMB = re.compile(r"\s(?:[>›»/]|>>)\s.*\s(?:[>›»/]|>>)\s")
"""A line with two or more ' > ' separators is a breadcrumb trail ('News > 2015 > KW 15 > ...'), not a headline."""
_RUNS_INTO_BYLINE = re.compile(r"\s+(?:(?:[Bb]y|BY)\s+[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3},?\s+(?:@\w+\s+)?(?:\w+\s+)?\d.*"
                               r"|(?:[Bb]y|BY):\s*[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3}.*)$")
"""A headline line that runs on into its byline ('... economic mobility by Ahiza Garcia February 1, 2016', '... laws
by: Laurie Oakes')."""
_ACCOUNT_ACTION = re.compile(r"^(?:sign (?:up|in)|log ?in|register|subscribe|create an account)\b", re.I)
"""A line asking the reader to sign in or up ('Sign up or login to join the discussions!') is no headline."""
_ABBREVIATION_END = re.compile(r"\b(?:\w\.){2,}$")
"""A line ending on an abbreviation ('N.Y.C.', 'U.S.') has not ended a sentence."""


def _headline_form(line: str) -> str:
    """The line as a headline candidate: cut before a byline it runs into; empty if it cannot be a headline (too
    short, a sentence or a label, a clock time, a breadcrumb trail, a bar of links, an account action)."""
    line = _RUNS_INTO_BYLINE.sub("", line)
    if words(line) < HEADLINE_WORDS or line.endswith((":", ";")) or _CLOCK.search(line) or _BREADCRUMB.search(line) or _ACCOUNT_ACTION.match(line) \
            or ("|" in line and all(len(part.split()) <= 2 for part in line.split("|"))):  # '« Previous | Next »'
        return ""
    if line.endswith((".", "。")) and not _ABBREVIATION_END.search(line) or (
            words(line) > SHORT_HEADLINE_WORDS and len(sentences(line)) > 1):
        return ""
    return line


def _pick_title(candidates: list[tuple[str, int]], body: Vocabulary) -> str:
    """The page's headline among the lines above the article, each given with its distance in lines to the article's
    first sentence: the first that reads nearly as much like this article's title as the best one (the words it
    shares with the article, for a line of six words or more, less the further up it stands)."""
    scored = []
    for line, distance in candidates:
        if line := _headline_form(line):
            overlap = body.overlap(line, min_stems=1) or 0.0  # 'Superbugs: What They Are and How You Get Them'
            scored.append((overlap * min(1.0, words(line) / 6) / (1 + distance / TITLE_DISTANCE), line))
    best = max((score for score, _ in scored), default=0.0)
    if not best:
        return ""
    return next(line for score, line in scored if score >= TITLE_SHARE * best)


class _LazyVocabulary(Vocabulary):
    """A Vocabulary counted when first asked (most extracted pages never ask: no promotion, no tail)."""

    def __init__(self, paragraphs: list[str]) -> None:  # noqa: super().__init__ runs on first use
        self._paragraphs = paragraphs
        self._counts: Counter[str] | None = None

    @property
    def counts(self) -> Counter[str]:  # type: ignore[override]
        if self._counts is None:
            self._counts = Vocabulary(self._paragraphs).counts
        return self._counts


class _Cleaner:
    """One article's cleanup: marks each paragraph with the reason it goes, in passes from sure to subtle."""

    def __init__(self, article: Article, rules: BoilerplateRules, keep_title: bool, extracted: bool = False) -> None:
        self.article = article
        self.rules = rules
        self.keep_title = keep_title
        self.extracted = extracted
        self.items = [_Item(ci, p) for ci, c in enumerate(article.chapters) for p in c.paragraphs]
        self.titles = [c.title for c in article.chapters]
        self.drops: list[Drop] = []
        self.byline = article.byline
        self.title = article.title
        self.prose_start = 0
        self.pasted = False
        """A whole-page paste whose article was found by its shape (narrator.paste)."""
        """In a pasted page, the index of its article's first line of prose: the lines above are its header."""

    def kept(self) -> list[_Item]:
        return [item for item in self.items if not item.reason]

    def run(self) -> Article:
        self._outside_pasted_article()
        self._headings()
        self._furniture_title()
        self._by_rules()
        self._slideshow()
        self._pasted_slideshow()
        self._footer()
        self._boxes()
        if not self.extracted:
            self._head()
            body = _LazyVocabulary([i.text for i in self.kept() if i.words >= REAL_PARAGRAPH_WORDS])
            self._inside(body)
            self._tail(body)
        if self.items and not self.kept():
            return self._as_given()
        for item in self.items:
            if item.reason:
                self._record(item.text, item.reason)
        chapters = []
        for ci, title in enumerate(self.titles):
            paragraphs = tuple(i.text for i in self.items if i.chapter == ci and not i.reason)
            if paragraphs or (not chapters and not title):
                chapters.append(Chapter(title, paragraphs))
        return replace(self.article, title=self.title, byline=self.byline).with_chapters(chapters)

    def _as_given(self) -> Article:
        """The article as parsed: a text whose every line reads as furniture ('Menu', 'Subscribe now', a date) is
        what the reader gave, so it is read rather than refused."""
        _LOGGER.info("cleanup would leave nothing of %d lines: the text is read as given", len(self.items))
        self.drops.clear()
        return self.article

    def _record(self, text: str, reason: str) -> None:
        self.drops.append(Drop(text, reason))
        _LOGGER.debug("cleanup dropped (%s): %s", reason, text[:120])

    def _headings(self) -> None:
        """Furniture headings lose their title; a footer heading ends the article there."""
        for ci, title in enumerate(self.titles):
            if not title:
                continue
            first = next((n for n, i in enumerate(self.items) if i.chapter >= ci), len(self.items))
            if _matches(self.rules.cut, title) and ci > 0 and not self.extracted \
                    and not self._extracted_section(first - 1) and not self._pasted_section(first - 1):
                self._record(title, "footer heading")
                for item in self.items:
                    if item.chapter >= ci and not item.reason:
                        item.reason = f"under the footer heading {title!r}"
                self.titles[ci] = ""
            elif _matches(self.rules.drop, title) or _matches(self.rules.box, title) or _shape_reason(title):
                self._record(title, "furniture heading")
                self.titles[ci] = ""

    def _outside_pasted_article(self) -> None:
        """A whole-page paste: the lines before its article's headline place and after its prose go."""
        if self.article.source_format != "text":
            return
        page = Vocabulary(i.text for i in self.items if i.words >= REAL_PARAGRAPH_WORDS)
        furniture = frozenset(n for n, i in enumerate(self.items)
                              if _matches(self.rules.drop, i.text) or self._promotion(i, page))
        span = article_span([i.text for i in self.items], furniture)  # an appeal written as prose is no article
        if span is None:
            return
        first, self.prose_start, end = span
        self.pasted = True
        for item in self.items[:first]:
            item.reason = "above the pasted article (menus, banners)"
        for item in self.items[end:]:
            item.reason = "below the pasted article (other stories, comments, footer)"
        for run in control_runs([i.text for i in self.items], self.prose_start, end):
            for item in self.items[run.start:run.stop]:
                item.reason = "a player's controls or a menu inside the pasted article"

    def _furniture_title(self) -> None:
        """A title the parser took from the page's first line that is furniture ('Skip to content') is no title."""
        if self.keep_title or not self.title:
            return
        rules = self.rules
        if _matches(rules.drop, self.title) or _matches(rules.box, self.title) or _matches(rules.cut, self.title) \
                or _shape_reason(self.title):
            self._record(self.title, "page furniture (not the headline)")
            self.title = ""
        elif self.article.source_format == "text" and len(self.title.split()) <= SITE_NAME_WORDS:
            body = Vocabulary(i.text for i in self.items)
            if body.overlap(self.title) == 0.0:
                self._record(self.title, "a name sharing no word with the article (the site's, not the headline)")
                self.title = ""

    def _by_rules(self) -> None:
        """Paragraphs matching a drop pattern or a furniture shape; the byline among the first lines."""
        prose_words = 0
        for item in self.items:
            if found := _matches(self.rules.drop, item.text):
                item.reason = _rule_reason("drop", found)
            elif shape := _shape_reason(item.text, whole_lists=self.article.source_format == "html"):
                item.reason = shape
            elif prose_words < 60 and item.words <= 14 and (found := _matches(self.rules.byline, item.text)):
                self.byline = self.byline or " ".join((found.groupdict().get("author") or "").split())
                item.reason = "byline"
            elif _is_sentence(item.text):
                prose_words += item.words

    def _slideshow(self) -> None:
        """In an extracted (HTML) article, a slideshow's captions ('12/50 ...', the same total, three or more) about
        something else than the article's own prose (another section's pictures) go; a page that is the slideshow,
        with little prose of its own, or whose slides are about its prose, is read whole."""
        if self.article.source_format != "html":
            return
        totals: dict[str, list[_Item]] = {}
        for item in self.items:
            found = _SLIDE_COUNTER.match(item.text)
            if found and not item.reason and 0 < int(found.group(1)) <= int(found.group(2)) \
                    and item.words >= SLIDE_CAPTION_WORDS:
                totals.setdefault(found.group(2), []).append(item)
        for total, slides in totals.items():
            places = {_SLIDE_COUNTER.match(slide.text).group(1) for slide in slides}  # type: ignore[union-attr]
            if len(places) < MIN_SLIDES or int(total) < MIN_SLIDES:
                continue
            if self._about_something_else(slides):
                for slide in slides:
                    slide.reason = f"slideshow caption about something else (one of {total})"

    def _pasted_slideshow(self) -> None:
        """In a whole-page paste, a slideshow ('1/50 Star Wars boosts economy', its caption and credit up to the next
        counter of the same total, three or more) about something else than the article's prose goes."""
        if not self.pasted:
            return
        counters: dict[str, list[int]] = {}
        for index, item in enumerate(self.items):
            found = _SLIDE_COUNTER.match(item.text)
            if found and not item.reason and 0 < int(found.group(1)) <= int(found.group(2)):
                counters.setdefault(found.group(2), []).append(index)
        for total, starts in counters.items():
            places = {_SLIDE_COUNTER.match(self.items[n].text).group(1) for n in starts}  # type: ignore[union-attr]
            if len(places) < MIN_SLIDES or int(total) < MIN_SLIDES:
                continue
            lengths = [min(b - a, SLIDE_LINES) for a, b in zip(starts, starts[1:])]
            slides = [i for a, length in zip(starts, lengths) for i in self.items[a:a + length] if not i.reason]
            slides += self._last_slide(starts[-1], int(statistics.median(lengths)))
            if self._about_something_else(slides):
                for slide in slides:
                    slide.reason = f"slideshow in the paste about something else (one of {total})"

    def _last_slide(self, index: int, length: int) -> list[_Item]:
        """The last slide of a pasted slideshow: its counter line, its caption and up to `length` lines in all, the
        ones after the caption short (a credit), not the article's next sentence."""
        slide = [self.items[index]]
        for later in self.items[index + 1:index + length]:
            if len(slide) > 1 and _is_sentence(later.text, min_words=3):
                break
            slide.append(later)
        return [item for item in slide if not item.reason]

    def _about_something_else(self, slides: list[_Item]) -> bool:
        """The slides share few words with the prose around them, which is enough of an article of its own."""
        prose = [i.text for i in self.items if not i.reason and i not in slides and _is_sentence(i.text)]
        if sum(len(p.split()) for p in prose) < SLIDESHOW_OWN_WORDS:
            return False
        body = Vocabulary(prose)
        shared = [o for o in (body.overlap(slide.text) for slide in slides) if o is not None]
        return not (shared and sum(shared) / len(shared) >= OFF_TOPIC)

    def _body_started(self, index: int) -> bool:
        return sum(i.words for i in self.items[:index] if not i.reason and _is_sentence(i.text)) >= 50

    def _footer(self) -> None:
        """A footer or comments marker after the article's first lines: it and everything after it go."""
        if self.extracted:
            return  # the extractor has left the footer and comments out: a "Response" heading here is the article's
        for index, item in enumerate(self.items):
            if not item.reason and self.pasted and _COUNT.search(item.text) and not self._body_started(index) \
                    and _matches(self.rules.cut, item.text):
                item.reason = "a count of comments above the article's body (a link)"
            elif not item.reason and _matches(self.rules.cut, item.text) and self._body_started(index) \
                    and not self._extracted_section(index):
                for later in self.items[index:]:
                    later.reason = later.reason or f"after {item.text[:40]!r} (footer or comments)"
                return

    def _extracted_section(self, index: int) -> bool:
        """In an extracted (HTML) article, a marker followed by more prose than half the text above it is a section
        heading of the article ('Response'): the extractor has already left the page's footer and comments out."""
        return self.article.source_format == "html" and self._more_prose_below(index)

    def _pasted_section(self, index: int) -> bool:
        """In a whole-page paste, a marker heading more of the article's prose than half the prose above it heads a
        section of the article ('Response', 'Comments on the draft'): the paste's own end was found by its shape."""
        return self.pasted and self._more_prose_below(index)

    def _more_prose_below(self, index: int) -> bool:
        """More words of kept sentences after item `index` than half of those before it."""
        def prose(items: list[_Item]) -> int:
            return sum(i.words for i in items if not i.reason and _is_sentence(i.text))
        return prose(self.items[index + 1:]) > prose(self.items[:max(index, 0)]) / 2

    def _boxes(self) -> None:
        """A box heading ('Most read', 'More on this story'): it and the short lines after it, up to real text. In a
        pasted page, a box heading read as a chapter's heading opens its box too."""
        for index, item in enumerate(self.items):
            if item.reason.startswith("after"):
                continue
            if _matches(self.rules.box, item.text):
                item.reason = "box heading"
                self._box(item.text, self.items[index + 1:])
            elif self.pasted and (index == 0 or self.items[index - 1].chapter != item.chapter) \
                    and _matches(self.rules.box, self.article.chapters[item.chapter].title):
                self._box(self.article.chapters[item.chapter].title, self.items[index:])

    @staticmethod
    def _box(heading: str, after: list[_Item]) -> None:
        rest = [i for i in after if not i.reason]
        for number, later in enumerate(rest):
            following = rest[number + 1] if number + 1 < len(rest) else None
            following = following.text if following and following.chapter == later.chapter else ""  # a headline between
            if _is_sentence(later.text, REAL_PARAGRAPH_WORDS) and (_is_sentence(following) or (
                    not following and _article_shaped(later.text))):
                break  # the article resumes: a run of paragraphs, not standfirsts between other stories' headlines
            later.reason = f"in the {heading[:30]!r} box"

    def _head(self) -> None:
        """Lines above the article's first sentence (navigation, kicker, date, standfirst) go; one is the title.

        In an extracted (HTML) article a paragraph of REAL_PARAGRAPH_WORDS or more starts the text even when it
        ends without a full stop (on a colon before a formula, or broken off by a line break)."""
        html = self.article.source_format == "html"
        start = next((n for n, i in enumerate(self.items) if n >= self.prose_start and not i.reason and (
            _ends_sentence(i.text) and not (self.pasted and self._question_headline(n))
            or html and i.words >= REAL_PARAGRAPH_WORDS)), None)
        if start is None:
            return
        head = [i for i in self.items[:start] if not i.reason]
        if html and (not head or sum(i.words for i in head) > EXTRACTED_HEAD_WORDS):
            return  # an extractor's article does not open with that much furniture: it is the article's own text
        if not self.keep_title:
            rest = Vocabulary(i.text for i in self.items[start:] if not i.reason)
            candidates = ([(self.title, 0)] if self.title else []) + [
                (i.text, start - n) for n, i in enumerate(self.items[:start]) if not i.reason]
            boxed = [(i.text, start - n) for n, i in enumerate(self.items[:start]) if i.reason.startswith("in the ")]
            picked = _pick_title(candidates, rest) or _pick_title(boxed[::-1], rest)  # a header box ran into it
            if picked and picked != self.title:
                if self.title:
                    self._record(self.title, "page header (not the headline)")
                self.title = picked
        for item in head:
            item.reason = "headline" if item.text == self.title else "page header"

    def _question_headline(self, index: int) -> bool:
        """A short line asking one question, followed by a line that ends no sentence (a date, a byline): in a paste's
        header, the headline ('How does the brain turn unconscious information into conscious thought?'), not the
        article's first sentence (an opening question goes straight on into prose)."""
        line = self.items[index].text
        following = self.items[index + 1].text if index + 1 < len(self.items) else ""
        return line.endswith(("?", "？")) and words(line) <= QUESTION_HEADLINE_WORDS and len(sentences(line)) == 1 \
            and not _ends_sentence(following)

    def _inside(self, body: Vocabulary) -> None:
        """Inside the article: pull quotes repeated from the text, and promotions for something else."""
        kept = self.kept()
        quotes = _pull_quotes([i.text for i in kept])
        if self.article.source_format == "html":
            quotes = {index for index in quotes if _set_apart(kept[index].text)}
        for index, item in enumerate(kept):
            if index in quotes:
                item.reason = "pull quote repeated from the text"
            elif self._promotion(item, body):
                item.reason = "promotion"

    def _promotion(self, item: _Item, body: Vocabulary) -> bool:
        """A short paragraph with a promotion's words ('newsletter', 'subscribe') about something else than the
        article."""
        promo = _any_of(self.rules.promo_words) if self.rules.promo_words else None
        if item.words > SHORT_WORDS or not (promo.search(item.text) if promo is not None else any(
                p.search(item.text) for p in self.rules.promo_words)):
            return False
        if self.article.source_format == "html" and not _READER.search(item.text):
            return False  # on an extracted page a promotion speaks to the reader ('your', 'our')
        overlap = body.overlap(item.text, exclude=item.text)
        return overlap is None or overlap < PROMOTION_OVERLAP

    def _tail(self, body: Vocabulary) -> None:
        """After the last real paragraph: the page's tail of headlines, timestamps and other stories' standfirsts.

        The article ends at the first tail-like line after which at least two thirds of the lines (furniture
        already dropped included, at least two) are tail-like: from there on everything goes as a block, so a
        standfirst that happens to share words with the article goes with its neighbours. Furniture found inside
        articles too ('Advertisement') does not start the tail when what follows is one sentence or two (a last
        paragraph), not two lines of other stories or boxes. Short lines of the article's own before that point stay, and so does a single sentence between the last paragraph and the first furniture (the closing
        line)."""
        kept = self.kept()
        anchor = max((n for n, i in enumerate(kept) if i.words >= REAL_PARAGRAPH_WORDS), default=-1)
        if anchor < 0:
            return  # no real paragraph to measure the end against: a short text is left as it is
        region = self.items[self.items.index(kept[anchor]) + 1:]
        reasons = [i.reason or self._tail_reason(i, body) for i in region]
        end = None
        for start, reason in enumerate(reasons):
            marked = sum(1 for r in reasons[start:] if r)
            judged = sum(1 for i, r in zip(region[start:], reasons[start:])
                         if r and (not i.reason or i.reason.startswith(_ENDING_REASONS)))
            if region[start].reason and judged < 2 and all(
                    _is_sentence(i.text) for i in region[start:] if not i.reason):
                continue  # one line of furniture ('Advertisement') before a last paragraph does not end the article
            if reason and marked >= 2 and marked >= TAIL_SHARE * (len(reasons) - start):
                end = start
                break
        if end is None:
            return
        first_furniture = next((n for n, i in enumerate(region) if i.reason), len(region))
        closing = region[:first_furniture]
        for offset in range(end, len(region)):
            item = region[offset]
            if item.reason:
                continue
            if len(closing) == 1 and item is closing[0] and _is_sentence(item.text, min_words=3):
                continue  # one sentence between the last paragraph and the furniture: the article's closing line
            overlap = body.overlap(item.text, exclude=item.text)
            if not reasons[offset] and _is_sentence(item.text, min_words=3) and (overlap or 0) >= ON_TOPIC:
                continue  # a sentence plainly about the article ('Salt Marsh runs at the Glasshouse until May.')
            item.reason = reasons[offset] or f"tail: among other stories after the article's end ({overlap or 0:.0%} " \
                                             "of its words in the article)"

    def _tail_reason(self, item: _Item, body: Vocabulary) -> str:
        if _is_teaser(item.text):
            return "tail: headline-shaped line"
        if item.words > SHORT_WORDS or len(sentences(item.text)) > 2:
            return ""
        if self.article.source_format == "html" and not _title_cased(item.text):
            return ""  # the extractor left the page's other stories out: a sentence after the text is its closing note
        overlap = body.overlap(item.text, exclude=item.text)
        if overlap is not None and overlap < OFF_TOPIC:
            return f"tail: short paragraph about something else ({overlap:.0%} of its words in the article)"
        return ""


def clean_with_report(article: Article, rules: BoilerplateRules, *, keep_title: bool = False,
                      extracted: bool = False) -> tuple[Article, list[Drop]]:
    """The article without page furniture, and what was dropped and why (in page order).

    `keep_title`: the title was given explicitly, so lines above the article are never taken for it.
    `extracted`: an extractor already took the article out of its page (HTML), so only the furniture lines and boxes
    go; the page-level passes (footer cut, page header, promotions, tail) do not run."""
    cleaner = _Cleaner(article, rules, keep_title, extracted)
    cleaned = cleaner.run()
    return cleaned, cleaner.drops


def clean(article: Article, rules: BoilerplateRules, *, keep_title: bool = False,
          on_drop: Callable[[Drop], None] | None = None, extracted: bool = False) -> Article:
    """Drop furniture paragraphs and headings, the page's header and footer and its tail of other stories
    (`extracted`: see clean_with_report)."""
    cleaned, drops = clean_with_report(article, rules, keep_title=keep_title, extracted=extracted)
    for drop in drops:
        if on_drop:
            on_drop(drop)
    return cleaned


__all__ = ["BoilerplateRules", "Drop", "clean", "clean_with_report", "sentences"]
