"""Remove page furniture (share buttons, captions, promos, teasers, copyright lines) from an Article."""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .article import TERMINAL_PUNCTUATION, Article, Chapter

_LOGGER = logging.getLogger(__name__)

_TIME_AGO = re.compile(r"^(\d{1,2} (minutes?|mins?|hours?|hrs?|days?) ago|\d{1,2} \w+ \d{4})$", re.I)


@dataclass(frozen=True)
class BoilerplateRules:
    """Compiled furniture patterns from boilerplate.toml files (the packaged defaults, then config folders')."""

    drop: tuple[re.Pattern[str], ...] = ()
    """A whole paragraph matching one of these is removed."""
    cut: tuple[re.Pattern[str], ...] = ()
    """A paragraph matching one of these starts the footer: it and all after it are removed."""
    byline: tuple[re.Pattern[str], ...] = ()
    """An early short paragraph matching one of these is the byline (group 'author')."""

    @classmethod
    def from_toml(cls, path: Path) -> "BoilerplateRules":
        """Load rules from a TOML file with [drop], [cut] and [byline] pattern lists."""
        return _load_rules(str(path), path.stat().st_mtime if path.exists() else 0.0)

    @classmethod
    def from_files(cls, paths: list[Path]) -> "BoilerplateRules":
        """Rules merged from several files, lowest priority first: each file's patterns add to the earlier ones,
        unless its section says `replace = true`, which drops the earlier files' patterns of that section."""
        merged = BoilerplateRules()
        for path in paths:
            rules, replaces = cls.from_toml(path), _replaced_sections(str(path), path.stat().st_mtime)
            merged = BoilerplateRules(*((new if section in replaces else old + new) for section, old, new in
                                        zip(("drop", "cut", "byline"), (merged.drop, merged.cut, merged.byline),
                                            (rules.drop, rules.cut, rules.byline))))
        return merged


@lru_cache(maxsize=8)
def _load_rules(path: str, _mtime: float) -> BoilerplateRules:
    if not Path(path).is_file():
        _LOGGER.warning("no boilerplate rules at %s; only heuristics will clean articles", path)
        return BoilerplateRules()
    with open(path, "rb") as handle:
        data = tomllib.load(handle)

    def compile_all(section: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.I) for p in data.get(section, {}).get("patterns", []))

    return BoilerplateRules(compile_all("drop"), compile_all("cut"), compile_all("byline"))


@lru_cache(maxsize=8)
def _replaced_sections(path: str, _mtime: float) -> frozenset[str]:
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    return frozenset(name for name, section in data.items() if isinstance(section, dict) and section.get("replace"))


def _matches(patterns: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    normalized = " ".join(text.split())
    for pattern in patterns:
        found = pattern.match(normalized)
        if found:
            return found
    return None


def _is_teaser(paragraph: str) -> bool:
    """Short, headline-shaped lines: the related-story links pages put after the last paragraph."""
    words = paragraph.split()
    if _TIME_AGO.match(paragraph):
        return True
    if paragraph.endswith("?"):
        return len(words) <= 12
    return len(words) <= 16 and not paragraph.endswith(TERMINAL_PUNCTUATION)


def clean(article: Article, rules: BoilerplateRules) -> Article:
    """Drop furniture paragraphs and headings, cut the footer and trailing teasers, lift the byline."""
    byline = article.byline
    chapters: list[Chapter] = []
    seen_words = 0
    cut = False
    for chapter in article.chapters:
        if cut:
            break
        title = chapter.title
        if title and (_matches(rules.cut, title)):
            break
        if title and _matches(rules.drop, title):
            title = ""
        kept: list[str] = []
        for paragraph in chapter.paragraphs:
            if _matches(rules.cut, paragraph) and seen_words > 0:
                cut = True
                break
            if _matches(rules.drop, paragraph) or _TIME_AGO.match(paragraph.strip()):
                continue
            if seen_words < 60 and len(paragraph.split()) <= 14:
                found = _matches(rules.byline, paragraph)
                if found:
                    byline = byline or " ".join(found.groupdict().get("author", "").split())
                    continue
            kept.append(paragraph)
            seen_words += len(paragraph.split())
        if kept or not chapters:
            chapters.append(Chapter(title, tuple(kept)))
        elif title:
            # A heading with nothing under it before the next heading: the heading was furniture.
            continue
    chapters = _drop_trailing_teasers(chapters)
    return replace(article, byline=byline).with_chapters(chapters)


def _drop_trailing_teasers(chapters: list[Chapter]) -> list[Chapter]:
    """Remove a run of two or more teaser lines at the very end of the article."""
    flat = [(ci, p) for ci, c in enumerate(chapters) for p in c.paragraphs]
    run = 0
    while run < len(flat) and _is_teaser(flat[len(flat) - 1 - run][1]):
        run += 1
    if run < 2 or run >= len(flat):
        return chapters
    keep = flat[: len(flat) - run]
    by_chapter: dict[int, list[str]] = {}
    for ci, paragraph in keep:
        by_chapter.setdefault(ci, []).append(paragraph)
    return [Chapter(c.title, tuple(by_chapter.get(ci, ()))) for ci, c in enumerate(chapters)]
