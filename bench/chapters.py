"""Inferred chapters against an editor's: boundary agreement (Pk, WindowDiff) and title acceptance.

The corpus is tests/fixtures/headingless/*.md: each article with the chapters an editor would give it as
`##` headings. The headings are removed, the paragraphs chaptered by narrator, and the result compared.

Usage: python bench/chapters.py [--code DIR] [--titles]
  --code DIR   import narrator from DIR (e.g. /work/main, to measure another checkout on this corpus)
  --titles     print every inferred title with what is wrong with it
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "headingless"

# The title rules' word classes, written out here so the judge does not share the generator's tables.
ARTICLES = {"a", "an", "the"}
PREPOSITIONS = set("""aboard about above across after against along amid among around as at before behind below beneath
beside besides between beyond by despite down during except for from in inside into like near of off on onto out
outside over past per since than through throughout till to toward towards under underneath unlike until up upon via
with within without""".split())
CONJUNCTIONS = set("and but or nor so yet because although though while whereas if unless whether".split())
DETERMINERS = set("""this that these those its their his her our my your some any each every no another such which what
whose who whom where when how why much many more most few several all both either neither""".split())
ADJECTIVES = set("""able bad big black bleak blue bright broad brown busy cheap clean clear close cold common cool
dark dead deep dense difficult dim direct dry due dull early easy empty entire equal extra fair false far fast fine
firm flat free fresh full gentle glad golden good great green grey hard heavy high hot huge hungry ill key large
late least left legal less likely little local long loose loud low main major minor modest more much narrow near
neat new nice old open other own plain poor possible pretty private proper public quick quiet rare raw ready real
recent red rich right rough round rural safe same scarce sharp short sick significant simple single slight slim slow
small smart soft sole solid sour special steady steep still strange strict strong sudden sure sweet tall thick thin
tight tiny tired total tough true ugly unclear unusual upper urban usual vast visible warm weak wet whole wide wild
wise worse worst wrong young""".split())
ADJECTIVE_SUFFIXES = ("ous", "ful", "ive", "less", "ible", "able", "ical", "ish", "ic", "ary", "est")
NOUN_EXCEPTIONS = set("""archive olive detective executive motive initiative alternative representative relative
objective native captive table cable stable fable timetable vegetable handful spoonful mouthful music logic
clinic topic republic public traffic panic fabric library salary summary dictionary anniversary secretary diary
boundary military itinerary commentary documentary forest interest harvest chest guest test contest protest
arrest nest quest rest west vest""".split())
STOPWORDS = ARTICLES | PREPOSITIONS | CONJUNCTIONS | DETERMINERS | set(
    "is are was were be been has have had do does did not it he she they we you i".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass
class Golden:
    """One article of the corpus: its title, paragraphs, and the editor's chapter starts and titles."""

    name: str
    title: str
    paragraphs: list[str]
    starts: list[int]
    titles: list[str]


def load(path: Path) -> Golden:
    """Read an article whose `##` headings are the editor's chapters."""
    title, paragraphs, starts, titles = "", [], [], []
    for block in path.read_text("utf-8").split("\n\n"):
        block = " ".join(block.split())
        if block.startswith("## "):
            starts.append(len(paragraphs))
            titles.append(block[3:])
        elif block.startswith("# "):
            title = block[2:]
        elif block:
            paragraphs.append(block)
    return Golden(path.stem, title, paragraphs, starts, titles)


def corpus() -> list[Golden]:
    """Every article of the heading-less corpus."""
    return [load(path) for path in sorted(CORPUS.glob("*.md"))]


def _stem(word: str) -> str:
    word = word.lower().replace("’", "'")
    word = re.sub(r"'s?$", "", word)
    for suffix in ("ies", "es", "s", "ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _content_stems(text: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(text) if w.lower() not in STOPWORDS}


def is_bare_adjective(word: str) -> bool:
    """An adjective by the judge's table or suffix (nouns with those endings excepted)."""
    word = word.lower()
    if word in NOUN_EXCEPTIONS:
        return False
    return word in ADJECTIVES or (len(word) > 5 and word.endswith(ADJECTIVE_SUFFIXES))


def main_subject(title: str, paragraphs: list[str]) -> set[str]:
    """The article's main subject: its title's content words and its most frequent name."""
    names: dict[str, int] = {}
    for paragraph in paragraphs:
        for sentence in re.split(r"(?<=[.!?])\s+", paragraph):
            for word in _WORD.findall(sentence)[1:]:
                if word[:1].isupper() and word.lower() not in STOPWORDS:
                    names[_stem(word)] = names.get(_stem(word), 0) + 1
    top = {max(names, key=names.get)} if names else set()
    return _content_stems(title) | top


def title_problems(title: str, others: list[str], subject: set[str]) -> list[str]:
    """What breaks the title rules (empty when an editor would keep it)."""
    words = title.split()
    problems: list[str] = []
    if not 2 <= len(words) <= 5:
        problems.append(f"{len(words)} words")
    if not words:
        return problems
    last = words[-1].strip(".,;:!?\"“”‘’()")
    low = last.lower().replace("’", "'")
    if low.endswith(("'s", "s'")) or low == "'s":
        problems.append("ends on a possessive")
    elif low in ARTICLES or low in DETERMINERS:
        problems.append("ends on an article or determiner")
    elif low in PREPOSITIONS:
        problems.append("ends on a preposition")
    elif low in CONJUNCTIONS:
        problems.append("ends on a conjunction")
    elif is_bare_adjective(low) and not last[:1].isupper():
        problems.append("ends on a bare adjective")
    stems = _content_stems(title)
    if stems and stems <= subject:
        problems.append("only the article's main subject")
    for other in others:
        if other is title or other == title and others.count(title) == 1:
            continue
        other_words = other.lower().split()
        if other_words[: len(words)] == [w.lower() for w in words] or words[: len(other_words)] == other_words:
            problems.append(f"prefix of or equal to {other!r}")
            continue
        other_stems = _content_stems(other)
        if stems and other_stems and len(stems & other_stems) / len(stems | other_stems) >= 0.5:
            problems.append(f"near-duplicate of {other!r}")
    return problems


def pk_windowdiff(reference: list[int], hypothesis: list[int], units: int) -> tuple[float, float]:
    """Pk and WindowDiff (lower is better) over `units` paragraphs, k = half the mean reference segment.

    Chapters are given by their first paragraphs; the formulas follow nltk.metrics.segmentation (pk, windowdiff)
    on the boundary strings in which position i is 1 when a chapter starts at paragraph i > 0."""
    k = max(1, round(units / len(reference) / 2))
    ref = [int(i in reference and i > 0) for i in range(units)]
    hyp = [int(i in hypothesis and i > 0) for i in range(units)]
    windows = max(1, units - k + 1)
    pk_errors = wd_errors = 0
    for i in range(windows):
        ref_n, hyp_n = sum(ref[i:i + k]), sum(hyp[i:i + k])
        pk_errors += (ref_n > 0) != (hyp_n > 0)
        wd_errors += ref_n != hyp_n
    return pk_errors / windows, wd_errors / windows


def _overlap(a: str, b: str) -> float:
    sa, sb = _content_stems(a), _content_stems(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def evaluate(article: Golden, verbose: bool = False) -> dict[str, float]:
    """Chapter one golden article with the imported narrator and score it."""
    from narrator.article import Article, Chapter
    from narrator.chapters import ChapterPlan, chapterize
    from narrator.config import Settings

    settings = Settings.load(env={})
    plan = ChapterPlan(settings.chapter_target_words, settings.chapter_min_words)
    source = Article(article.title, chapters=(Chapter("", tuple(article.paragraphs)),))
    chaptered = chapterize(source, plan)
    starts, position = [], 0
    for chapter in chaptered.chapters:
        starts.append(position)
        position += len(chapter.paragraphs)
    pk, wd = pk_windowdiff(article.starts, starts, len(article.paragraphs))
    titles = [c.title for c in chaptered.chapters]
    subject = main_subject(article.title, article.paragraphs)
    acceptable = 0
    agreement = 0.0
    for start, title in zip(starts, titles):
        problems = title_problems(title, titles, subject)
        acceptable += not problems
        golden = article.titles[max(i for i, s in enumerate(article.starts) if s <= start)]
        agreement += _overlap(title, golden)
        if verbose:
            print(f"  {article.name:<22} {title!r:<40} {'; '.join(problems) or 'ok'}   (editor: {golden!r})")
    return {"pk": pk, "windowdiff": wd, "titles": len(titles), "acceptable": acceptable, "agreement": agreement,
            "chapters_golden": len(article.starts), "chapters": len(starts)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", help="import narrator from this checkout instead of this one")
    parser.add_argument("--titles", action="store_true", help="print every title and its problems")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(args.code).resolve() if args.code else ROOT))
    articles = corpus()
    rows = [evaluate(article, args.titles) for article in articles]
    n = len(rows)
    titles = sum(r["titles"] for r in rows)
    print(f"articles: {n}, editor's chapters: {sum(r['chapters_golden'] for r in rows)}, "
          f"inferred chapters: {sum(r['chapters'] for r in rows)}")
    print(f"Pk (lower is better):         {sum(r['pk'] for r in rows) / n:.3f}")
    print(f"WindowDiff (lower is better): {sum(r['windowdiff'] for r in rows) / n:.3f}")
    print(f"acceptable titles:            {sum(r['acceptable'] for r in rows)}/{titles} "
          f"({sum(r['acceptable'] for r in rows) / titles:.0%})")
    print(f"word overlap with the editor's title (Jaccard of stems): {sum(r['agreement'] for r in rows) / titles:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
