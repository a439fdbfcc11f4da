"""Chapters: keep the source's headings, infer topic boundaries where there are none, title every chapter."""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from .article import Article, Chapter
from .phrases import (ADJECTIVES, ADVERBS, AUXILIARIES, CONJUNCTIONS, DETERMINERS, NOUN_NOT_ADJECTIVE, NOUN_OR_VERB,
                      PREPOSITIONS, PRONOUNS, VERBS, Tag, noun_phrases, tag)
from .topic import content_stems, stem

_LOGGER = logging.getLogger(__name__)

STOPWORDS = frozenset("""
a about above after again against all almost also although always am among an and another any are aren't around as
at away back be because been before being below between both but by can can't cannot could couldn't did didn't do
does doesn't doing don't down during each either else enough even ever every few first for from further get gets
got had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how
how's however i i'd i'll i'm i've if in into is isn't it it's its itself just last least less let's like made make
many may me might more most much must mustn't my myself near need never new next no nor not now of off often on
once one only or other others ought our ours ourselves out over own per perhaps put rather really said same say says
see seen several shall shan't she she'd she'll she's should shouldn't since so some still such than that that's the
their theirs them themselves then there there's these they they'd they'll they're they've thing things this those
though through thus to too took toward under until up upon us use used very via want was wasn't way we we'd we'll
we're we've well went were weren't what what's when when's where where's whether which while who who's whom whose
why why's will with within without won't would wouldn't yet you you'd you'll you're you've your yours yourself
yourselves year years time times day days week weeks month months told tell according added asked going go goes
around says whose went come came two three four five six seven eight nine ten mr mrs ms dr people percent
""".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_OPEN_QUOTES = "\"“‘'"


DEPTH_WEIGHT = 2.0
"""How much a drop in vocabulary between two paragraphs counts against chapter length (bench/chapters.py measured
window 1 and weight 2 best on the heading-less corpus: Pk 0.19, against 0.35 for window 2 and weight 1)."""


@dataclass(frozen=True)
class ChapterPlan:
    """How inferred chapters are sized, in words (about 160 words a minute of speech)."""

    target_words: int = 320
    min_words: int = 140

    @property
    def max_words(self) -> int:
        """No inferred chapter grows past this unless one paragraph alone does."""
        return self.target_words * 3


def _terms(text: str) -> Counter[str]:
    terms: Counter[str] = Counter()
    for word in _WORD.findall(text.lower()):
        word = word.replace("’", "'").removesuffix("'s")
        if len(word) < 3 or word in STOPWORDS:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        terms[word] += 1
    return terms


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    common = set(a) & set(b)
    if not common:
        return 0.0
    dot = sum(a[t] * b[t] for t in common)
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def _gap_depths(paragraphs: list[str], window: int = 1) -> list[float]:
    """TextTiling-style depth scores for the gap before each paragraph (index 0 unused)."""
    terms = [_terms(p) for p in paragraphs]
    n = len(paragraphs)
    similarity = [1.0] * n
    for gap in range(1, n):
        left: Counter[str] = Counter()
        right: Counter[str] = Counter()
        for t in terms[max(0, gap - window):gap]:
            left.update(t)
        for t in terms[gap:gap + window]:
            right.update(t)
        similarity[gap] = _cosine(left, right)
    depths = [0.0] * n
    for gap in range(1, n):
        left_peak = max(similarity[max(1, gap - 3):gap + 1])
        right_peak = max(similarity[gap:min(n, gap + 4)])
        depths[gap] = (left_peak - similarity[gap]) + (right_peak - similarity[gap]) + (1 - similarity[gap]) * 0.5
    return depths


def _inside_quotation(previous: str, paragraph: str) -> bool:
    """True when a boundary before `paragraph` would split a quotation run."""
    if paragraph.lstrip()[:1] in _OPEN_QUOTES or previous.rstrip().endswith(":"):
        return True
    # Journalistic multi-paragraph quotes leave the paragraph's quotation open.
    curly_open = previous.count("“") > previous.count("”")
    straight_open = previous.count('"') % 2 == 1
    return curly_open or straight_open


def infer_boundaries(paragraphs: list[str], plan: ChapterPlan) -> list[int]:
    """Indexes of paragraphs that start a new chapter (0 always), chosen by cohesion and length."""
    words = [len(p.split()) for p in paragraphs]
    total = sum(words)
    n = len(paragraphs)
    if total < plan.min_words * 2 or n < 2:
        return [0]
    depths = _gap_depths(paragraphs)
    allowed = [True] + [not _inside_quotation(paragraphs[i - 1], paragraphs[i]) for i in range(1, n)]
    prefix = [0]
    for w in words:
        prefix.append(prefix[-1] + w)
    # best[j]: best score of chapters covering paragraphs[0:j]; choice[j]: start of the last chapter.
    best = [-math.inf] * (n + 1)
    choice = [0] * (n + 1)
    best[0] = 0.0
    for end in range(1, n + 1):
        for start in range(end - 1, -1, -1):
            length = prefix[end] - prefix[start]
            if length > plan.max_words and end - start > 1:
                break
            if best[start] == -math.inf or not allowed[start]:
                continue
            if length < plan.min_words and not (start == 0 and end == n):
                continue
            deviation = (length - plan.target_words) / plan.target_words
            score = best[start] - 1.5 * deviation * deviation + (DEPTH_WEIGHT * depths[start] if start else 0.0)
            if score > best[end]:
                best[end], choice[end] = score, start
    if best[n] == -math.inf:
        return [0]
    starts: list[int] = []
    end = n
    while end > 0:
        starts.append(choice[end])
        end = choice[end]
    return sorted(starts)


_NEVER_LAST = (PREPOSITIONS | CONJUNCTIONS | DETERMINERS | PRONOUNS | AUXILIARIES | ADVERBS | ADJECTIVES | VERBS) - (
    NOUN_NOT_ADJECTIVE | NOUN_OR_VERB)


GENERIC_NOUNS = frozenset("""time times way ways thing things lot lots part parts kind sort number numbers day days week
weeks month months year years people place places end point side case fact matter bit piece person man woman
other another second third fourth fifth same own""".split())
"""Nouns too vague to name a chapter's topic."""


FIRST_SENTENCES_BONUS = 0.3
"""A chapter's first sentences usually state its topic: phrases there count up to (1 + this) times more."""


@dataclass(frozen=True)
class TitleRules:
    """What makes an inferred chapter title acceptable to an editor."""

    min_words: int = 2
    max_words: int = 5
    near_duplicate: float = 0.5
    """Two titles sharing this share of their content words (Jaccard) are near-duplicates."""


@lru_cache(maxsize=4096)
def _stems(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(stem(w) for w in words if w.lower().replace("’", "'") not in _NEVER_LAST or w[:1].isupper())


def main_subject(title: str, text: str) -> frozenset[str]:
    """The article's main subject: its title's content words and its most frequent name."""
    names = Counter(stem(t.text) for t in tag(text) if t.tag is Tag.PROPER)
    top = {names.most_common(1)[0][0]} if names else set()
    return frozenset(content_stems(title)) | top


def title_acceptable(words: tuple[str, ...], chosen: list[tuple[str, ...]], subject: frozenset[str],
                     rules: TitleRules = TitleRules()) -> bool:
    """A noun phrase of 2-5 words ending on a noun, not the main subject alone, distinct from the titles chosen."""
    if not rules.min_words <= len(words) <= rules.max_words:
        return False
    last = words[-1].lower().replace("’", "'")
    if last.endswith(("'s", "s'")) or (last in _NEVER_LAST and not words[-1][:1].isupper()):
        return False
    stems = _stems(words)
    if not stems or stems <= subject:
        return False
    lowered = [w.lower() for w in words]
    for other in chosen:
        other_lowered = [w.lower() for w in other]
        shorter = min(len(lowered), len(other_lowered))
        if lowered[:shorter] == other_lowered[:shorter]:
            return False
        other_stems = _stems(other)
        if stems <= other_stems or other_stems <= stems:
            return False
        if len(stems & other_stems) / len(stems | other_stems) >= rules.near_duplicate:
            return False
    return True


@dataclass(frozen=True)
class _Candidate:
    words: tuple[str, ...]
    score: float


def _candidates(chapter_text: str, chapter_terms: Counter[str], article_terms: Counter[str]) -> list[_Candidate]:
    """The chapter's noun phrases, best first: words frequent here and rare elsewhere, mentioned early."""
    found: dict[tuple[str, ...], _Candidate] = {}
    repeats: Counter[frozenset[str]] = Counter()
    phrases = list(noun_phrases(chapter_text))
    for phrase in phrases:
        repeats[_stems(phrase.words)] += 1
    for phrase in phrases:
        if len(phrase.words) < 2:
            continue
        weights = []
        for word, word_tag in zip(phrase.words, phrase.tags):
            if word_tag in (Tag.DET, Tag.PREP):
                continue
            term = stem(word)
            local = chapter_terms.get(term, 0)
            weight = local * local / max(1, article_terms.get(term, 0))
            if word.lower() in GENERIC_NOUNS:
                weight = 0.0
            elif word_tag in (Tag.ADJ, Tag.NUM):
                weight *= 0.3  # a modifier qualifies the topic; the nouns name it
            weights.append(weight)
        head = weights[-1] if "of" not in phrase.words else max(weights)
        score = 0.6 * head + 0.4 * sum(weights) / len(weights)
        score *= 1 + 0.3 * (repeats[_stems(phrase.words)] - 1)
        score *= 1 + FIRST_SENTENCES_BONUS / (1 + phrase.sentence)
        if all(t in (Tag.PROPER, Tag.POSS) for t in phrase.tags):
            score *= 0.7  # a bare name says who, not what the chapter is about
        elif phrase.tags[0] is Tag.NOUN and phrase.tags[-1] is Tag.PROPER:
            score *= 0.5  # 'winger Finn Adair', 'club Seddon Town': a role and a name
        if all(chapter_terms.get(stem(w), 0) >= 2 for w, t in zip(phrase.words, phrase.tags)
               if t not in (Tag.DET, Tag.PREP)):
            score *= 1.3  # every word recurs in the chapter: the phrase names its topic
        if phrase.tags[0] is Tag.NUM:
            score *= 0.5  # 'nine hours': a quantity, rarely the topic
        if any(t is Tag.ADJ and w.lower() in ADJECTIVES for w, t in zip(phrase.words, phrase.tags)):
            score *= 0.6  # 'old queen', 'real data': a common adjective makes a vague title
        elif all(t in (Tag.NOUN, Tag.PROPER, Tag.POSS) for t in phrase.tags):
            score *= 1.2  # 'appeal committee', 'recycling depots': compounds name things
        key = tuple(w.lower() for w in phrase.words)
        if key not in found or found[key].score < score:
            found[key] = _Candidate(phrase.words, score)
    return sorted(found.values(), key=lambda c: -c.score)


def chapter_titles(chapters: list[str], article_title: str, fixed: list[str] | None = None,
                   rules: TitleRules = TitleRules()) -> list[str]:
    """A title for each chapter text: its most distinctive noun phrase that an editor would keep ('' if none).

    `fixed` holds titles that already exist (headings); they are kept and new titles stay distinct from them."""
    fixed = fixed or [""] * len(chapters)
    whole = " ".join(chapters)
    subject = main_subject(article_title, whole)
    article_terms = Counter(content_stems(whole))
    chosen: list[tuple[str, ...]] = [tuple(t.split()) for t in fixed if t]
    titles: list[str] = []
    for text, existing in zip(chapters, fixed):
        if existing:
            titles.append(existing)
            continue
        chapter_terms = Counter(content_stems(text))
        pick = next((c.words for c in _candidates(text, chapter_terms, article_terms)
                     if title_acceptable(c.words, chosen, subject, rules)), None)
        if pick is None:
            titles.append("")
            continue
        chosen.append(pick)
        title = " ".join(pick)
        titles.append(title[:1].upper() + title[1:])
    return titles


TITLE_WORDS = 10
"""A title made from the first sentence keeps at most this many words."""
_FIRST_SENTENCE = re.compile(r"(?<=[.!?…。！？])[\"”’)]*\s+(?=[\"“‘(]*[A-Z0-9])|(?<=[。！？])")
_CLAUSE = re.compile(r"[,;:]\s|\s[—–-]\s")
_DATELINE = re.compile(
    r"^(?:[A-ZÀ-Þ][A-ZÀ-Þ .'’-]{2,40}(?:,\s*[^,—–-]{2,30})?(?:\s*\([^)]{2,30}\))?"  # SEOUL, South Korea (AP)
    r"|(?:\w{3,9},?\s+)?(?:\d{1,2}\s+\w{3,9}\.?|\w{3,9}\.?\s+\d{1,2}),?\s+\d{4})"  # April 17, 2015 / 17 avril 2015
    r"\s*(?:—|--|–|-)\s+(?=[\"“‘(]*[A-ZÀ-Þ0-9])")
"""A news story's opening dateline (the place or date before a dash), which is no part of a title."""
_TRAILING = frozenset("a an and as at by for from in into of on or the to with".split())


def title_from_text(paragraph: str, max_words: int = TITLE_WORDS) -> str:
    """A short title made from a paragraph's first sentence (after its dateline): the sentence, or its first clause,
    or its first words."""
    sentence = _FIRST_SENTENCE.split(_DATELINE.sub("", paragraph.strip(), count=1), maxsplit=1)[0]
    words = sentence.split()
    if len(words) > max_words:
        clause = _CLAUSE.split(sentence, maxsplit=1)[0].split()
        words = clause if 5 <= len(clause) <= max_words else words[:max_words]
    while len(words) > 1 and words[-1].lower().strip(",;:") in _TRAILING:
        words.pop()
    title = " ".join(words).strip(".,;:!?…。！？ ")
    return title.strip("\"“”‘’") if title.count("\"") % 2 or title.count("“") != title.count("”") else title


def chapterize(article: Article, plan: ChapterPlan = ChapterPlan()) -> Article:
    """Chapters from headings when the source has them, inferred otherwise; every chapter gets a title.

    An article without a title gets one made from its first sentence; an article of one untitled chapter gives that
    chapter its own title (a noun phrase picked from a short text reads as a fragment: 'Approach safer')."""
    if not article.title and article.paragraphs:
        article = replace(article, title=title_from_text(article.paragraphs[0]))
    chapters: list[Chapter] = []
    for chapter in article.chapters:
        if article.has_headings and chapter.word_count <= plan.max_words * 2:
            chapters.append(chapter)
            continue
        paragraphs = list(chapter.paragraphs)
        starts = infer_boundaries(paragraphs, plan) + [len(paragraphs)]
        for index, (start, end) in enumerate(zip(starts, starts[1:])):
            title = chapter.title if index == 0 else ""
            chapters.append(Chapter(title, tuple(paragraphs[start:end])))
    if len(chapters) == 1 and not chapters[0].title:
        return article.with_chapters([Chapter(article.title or "Opening", chapters[0].paragraphs)])
    titles = chapter_titles([" ".join(c.paragraphs) for c in chapters], article.title, [c.title for c in chapters])
    titled = []
    for number, (chapter, title) in enumerate(zip(chapters, titles), start=1):
        if not title:
            _LOGGER.debug("no acceptable title for chapter %d; using the article's", number)
        titled.append(Chapter(title or article.title or "Opening", chapter.paragraphs))
    return article.with_chapters(titled)
