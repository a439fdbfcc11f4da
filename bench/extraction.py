"""Extraction on real pages: narrator's HTML and pasted paths next to trafilatura, in one run.

Corpus: ../shared/corpus/readability (130 real pages; read there, never copied here). Each page is scored with
4-word shingles against its expected article (per-page precision and recall averaged, F1 of the averages).
A fixed quarter of the pages (31 of 130) (by a hash of the page's name) is kept aside: tune on "tuning", report both.

Usage: python bench/extraction.py [--corpus DIR] [--part tuning|held-out|all] [--failures N] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from collections import Counter
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from narrator.testing.shingles import PageScore, Summary, harmonic, score, shingles, tokens  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "readability"


@dataclass(frozen=True)
class Page:
    """One corpus page: its raw HTML, the browser paste, the expected article and metadata."""

    name: str
    html: bytes
    pasted: str
    expected: str
    metadata: dict

    @property
    def held_out(self) -> bool:
        return is_held_out(self.name)


def is_held_out(name: str) -> bool:
    """The fixed quarter of the corpus nobody tunes on."""
    return hashlib.sha1(name.encode()).hexdigest()[0] in "01234"


def load(corpus: Path = CORPUS) -> list[Page]:
    """Every page folder of the corpus, sorted by name."""
    pages = []
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
        pages.append(Page(
            name=folder.name,
            html=gzip.open(folder / "source.html.gz", "rb").read(),
            pasted=(folder / "pasted.txt").read_text(encoding="utf-8", errors="replace"),
            expected=(folder / "expected.txt").read_text(encoding="utf-8"),
            metadata=json.loads((folder / "metadata.json").read_text(encoding="utf-8")),
        ))
    return pages


# --- the systems ---------------------------------------------------------------------------------

def _narrator_article(source: str | bytes, fmt: str) -> str:
    from narrator.config import Settings
    from narrator.pipeline import prepare_article

    article = prepare_article(source, fmt=fmt, settings=_settings(Settings))
    return "\n".join(article.paragraphs)


_SETTINGS = []


def _settings(settings_class):
    """The default settings, loaded once (the timing is the extraction's, not the config files')."""
    if not _SETTINGS:
        _SETTINGS.append(settings_class.load())
    return _SETTINGS[0]


def narrator_html(page: Page) -> str:
    return _narrator_article(page.html, "html")


def narrator_pasted(page: Page) -> str:
    return _narrator_article(page.pasted, "text")


def trafilatura_default(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(page.html) or ""


def trafilatura_precision(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(page.html, favor_precision=True) or ""


def raw_paste(page: Page) -> str:
    return page.pasted


def paste_oracle(page: Page) -> str:
    """The ceiling of any paste extractor: the paste's lines that are mostly the expected article (it reads the
    expected text, so it is a bound, not a system). A paste lacks what the page hides (captions, tables, alt text)."""
    want = shingles(page.expected)
    kept = []
    for line in page.pasted.splitlines():
        got = shingles(line)
        if got and sum((got & want).values()) >= 0.5 * sum(got.values()):
            kept.append(line)
    return "\n".join(kept)


SYSTEMS: dict[str, Callable[[Page], str]] = {
    "narrator html": narrator_html,
    "trafilatura": trafilatura_default,
    "trafilatura precision": trafilatura_precision,
    "narrator pasted": narrator_pasted,
    "raw paste": raw_paste,
    "paste oracle": paste_oracle,
}


# --- titles --------------------------------------------------------------------------------------

TITLE_MATCH = 0.8
"""A title matches when its words and the expected title's (or one of its parts) have at least this F1."""
_TITLE_PARTS = re.compile(r"\s+[|\-–—:·»/]+\s+|\s*::\s*|_")


def title_matches(title: str, expected: str) -> bool:
    """The title is the page's headline: the expected title, or the part of it without the site's name."""
    got = Counter(tokens(title))
    for candidate in {expected, *_TITLE_PARTS.split(expected)}:
        want = Counter(tokens(candidate))
        common = sum((got & want).values())
        if got and want and harmonic(common / sum(got.values()), common / sum(want.values())) >= TITLE_MATCH:
            return True
    return False


def pasted_titles(pages: list[Page]) -> tuple[int, int, int, int, list[tuple[str, str, str]]]:
    """For the pasted path: (pages titled with their headline, pages with an expected title, the same two counts
    for the pages whose paste holds the headline as a line of its own, the misses)."""
    from narrator.config import Settings
    from narrator.pipeline import prepare_article

    matched = total = reachable_matched = reachable = 0
    misses = []
    for page in pages:
        expected = page.metadata.get("title") or ""
        if not expected:
            continue
        total += 1
        in_paste = any(title_matches(line, expected) for line in page.pasted.splitlines() if line.strip())
        reachable += in_paste
        try:
            title = prepare_article(page.pasted, fmt="text", settings=_settings(Settings)).title
        except Exception as exc:  # noqa: BLE001 — a refused page has no title
            title = f"({type(exc).__name__})"
        if title_matches(title, expected):
            matched += 1
            reachable_matched += in_paste
        else:
            misses.append((page.name, title, expected))
    return matched, total, reachable_matched, reachable, misses


@dataclass
class Run:
    """One system over one set of pages."""

    summary: Summary
    seconds: float
    failures: list[tuple[str, PageScore, str]]


def run(system: Callable[[Page], str], pages: list[Page]) -> Run:
    """Score a system on pages; an exception (a refused page) scores 0 and counts as refused."""
    summary, failures, elapsed = Summary(), [], 0.0
    for page in pages:
        started = time.perf_counter()
        try:
            text, error = system(page), ""
        except Exception as exc:  # noqa: BLE001 — a refusal is a result here
            text, error = "", f"{type(exc).__name__}: {exc}"
            summary.refused += 1
        elapsed += time.perf_counter() - started
        page_score = score(text, page.expected)
        summary.add(page_score)
        failures.append((page.name, page_score, error))
    failures.sort(key=lambda item: item[1].f1)
    return Run(summary, elapsed, failures)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--part", choices=("tuning", "held-out", "all"), default=None,
                        help="one part only (default: both parts, reported separately)")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated, of: " + ", ".join(SYSTEMS))
    parser.add_argument("--failures", type=int, default=0, help="list the N worst pages of each system")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    pages = load(args.corpus)
    parts = {"tuning": [p for p in pages if not p.held_out], "held-out": [p for p in pages if p.held_out]}
    if args.part == "all":
        parts = {"all": pages}
    elif args.part:
        parts = {args.part: parts[args.part]}
    names = [name.strip() for name in args.systems.split(",") if name.strip()]
    figures: dict[str, dict[str, dict[str, float]]] = {}
    for part, part_pages in parts.items():
        print(f"\n{part}: {len(part_pages)} pages")
        print(f"{'system':<24}{'F1':>7}{'prec':>7}{'recall':>8}{'refused':>9}{'ms/page':>9}")
        for name in names:
            result = run(SYSTEMS[name], part_pages)
            s = result.summary
            ms = 1000 * result.seconds / max(1, len(part_pages))
            figures.setdefault(part, {})[name] = {"f1": s.f1, "precision": s.precision, "recall": s.recall,
                                                  "refused": s.refused, "ms_per_page": ms}
            print(f"{name:<24}{s.f1:>7.3f}{s.precision:>7.3f}{s.recall:>8.3f}{s.refused:>9}{ms:>9.0f}")
            for page_name, page_score, error in result.failures[:args.failures]:
                print(f"    {page_name:<36} P {page_score.precision:.2f} R {page_score.recall:.2f} {error[:80]}")
        if "narrator pasted" in names:
            matched, total, reachable_matched, reachable, misses = pasted_titles(part_pages)
            figures[part]["narrator pasted"]["titles"] = matched / max(1, total)
            figures[part]["narrator pasted"]["titles_in_paste"] = reachable_matched / max(1, reachable)
            print(f"narrator pasted titles: {matched}/{total} pages ({matched / max(1, total):.0%}) titled with the "
                  f"headline; {reachable_matched}/{reachable} ({reachable_matched / max(1, reachable):.0%}) of "
                  "those whose paste has the headline as a line")
            for page_name, title, expected in misses[:args.failures]:
                print(f"    {page_name:<36} {title[:40]!r} (expected {expected[:40]!r})")
    if args.json:
        print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
