"""Chapters: keep the source's headings, infer topic boundaries where there are none, title every chapter."""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from dataclasses import dataclass

from .article import Article, Chapter

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
_VERB_LIKE = frozenset("""became become becomes began begin begins brought build built called came cost costs found gave
give gives held keep kept knew know left lost meet meets need needs paid pay rose run runs sold spent stood took turned
wrote""".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_OPEN_QUOTES = "\"“‘'"
_PHRASE_BREAK = re.compile(r"[.,;:!?()\[\]\"“”‘’—–]| - ")


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


def _gap_depths(paragraphs: list[str], window: int = 2) -> list[float]:
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
            score = best[start] - 1.5 * deviation * deviation + (depths[start] if start else 0.0)
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


def _title_shaped(phrase: list[str]) -> bool:
    """Reject phrases that end on a verb form or start on an adverb: they read as fragments."""
    last, first = phrase[-1].lower(), phrase[0].lower()
    if not phrase[-1][:1].isupper() and (last in _VERB_LIKE or last.endswith(("ing", "ed"))):
        return False
    return not first.endswith("ly")


def chapter_title(chapter_text: str, article_terms: Counter[str], used: set[str], max_words: int = 4) -> str:
    """A short title from the chapter's own words: its most distinctive phrase, earliest mentions favoured."""
    sentences = re.split(r"(?<=[.!?])\s+", chapter_text)
    chapter_terms = _terms(chapter_text)
    candidates: dict[str, float] = {}
    originals: dict[str, str] = {}
    for position, sentence in enumerate(sentences):
        for chunk in _PHRASE_BREAK.split(sentence):
            tokens = _WORD.findall(chunk)
            run: list[str] = []
            for token in tokens + [""]:
                key = token.lower().replace("’", "'").removesuffix("'s")
                if token and key not in STOPWORDS and len(key) > 2 and len(run) < max_words:
                    run.append(token)
                    continue
                for size in range(len(run), 0, -1):
                    for offset in range(len(run) - size + 1):
                        phrase = run[offset:offset + size]
                        phrase_key = " ".join(w.lower() for w in phrase)
                        if phrase_key in used or not _title_shaped(phrase):
                            continue
                        score = 0.0
                        for word in phrase:
                            term = next(iter(_terms(word)), "")
                            if not term:
                                continue
                            local = chapter_terms.get(term, 0)
                            score += local * math.log(1 + sum(chapter_terms.values()) / (1 + article_terms.get(term, 0)))
                            if word[:1].isupper():
                                score += 0.6
                        score = score / (size ** 0.55) * (1.25 if 2 <= size <= 3 else 1.0)
                        score *= 1.0 + 0.6 / (1 + position)
                        if score > candidates.get(phrase_key, 0):
                            candidates[phrase_key] = score
                            originals[phrase_key] = " ".join(phrase)
                run = [token] if token and key not in STOPWORDS and len(key) > 2 else []
    if not candidates:
        return ""
    best = max(candidates, key=candidates.get)
    used.add(best)
    title = originals[best]
    return title[:1].upper() + title[1:]


def chapterize(article: Article, plan: ChapterPlan = ChapterPlan()) -> Article:
    """Chapters from headings when the source has them, inferred otherwise; every chapter gets a title."""
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
    article_terms = _terms(" ".join(article.paragraphs))
    used = {c.title.lower() for c in chapters if c.title} | {article.title.lower()}
    titled = []
    for chapter in chapters:
        title = chapter.title or chapter_title(" ".join(chapter.paragraphs), article_terms, used)
        titled.append(Chapter(title or article.title or "Opening", chapter.paragraphs))
    return article.with_chapters(titled)
