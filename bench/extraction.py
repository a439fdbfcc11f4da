"""Extraction on real pages: narrator's HTML and pasted paths next to trafilatura, in one run.

Corpus: ../shared/corpus/readability (130 real pages; read there, never copied here). Each page is scored with
4-word shingles against its expected article (per-page precision and recall averaged, F1 of the averages).
narrator's text is its article's paragraphs with the section headings it kept as chapter titles (the article's
title is not part of it, as it is not of the expected text).
A fixed quarter of the pages (31 of 130) (by a hash of the page's name) is kept aside: tune on "tuning", report both.

Titles (narrator's systems): the share of pages whose title equals the expected one after normalising whitespace,
quotes and case ("title"), and a relaxed share where one contains the other or the expected title's main part
(split at site separators) is in ours ("title~"; the expected titles often keep the site's name, ours never).
For the pasted path, also the share titled exactly by the headline on the pages whose paste holds the expected title
(or its main part) as a line: many expected titles are only the page's <title>, which no paste shows.

Time: the systems run page by page in turn (the order rotating), each page `--repeats` times; a page's time is the
median of its repeats, and "÷ traf" is the median over pages of a system's time ÷ trafilatura's on the same page,
so the machine's load falls on every system alike.

Mis-decoded expected texts: 82 expected texts hold UTF-8 read as Latin-1 ("â\x80\x99" for "’"; six CJK ones
nearly wholly). Every system is also scored against the expected text with that undone where it is unambiguous
(`repair`), in the same run: the "repaired" columns.

Usage: python bench/extraction.py [--corpus DIR] [--part tuning|held-out|all] [--failures N] [--repeats N] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import statistics
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from narrator.testing.shingles import PageScore, Summary, score, shingles  # noqa: E402

CORPUS = next((p for p in (base / "shared" / "corpus" / "readability" for base in (ROOT.parent, ROOT.parent.parent))
               if p.is_dir()), ROOT.parent / "shared" / "corpus" / "readability")
"""../shared/corpus/readability beside the checkout (or beside the folder of worktrees that holds it)."""


@dataclass(frozen=True, eq=False)
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

    @cached_property
    def expected_repaired(self) -> str:
        """The expected text with its mis-decoding undone (UTF-8 read as Latin-1)."""
        return repair(self.expected)


def is_held_out(name: str) -> bool:
    """The fixed quarter of the corpus nobody tunes on."""
    return hashlib.sha1(name.encode()).hexdigest()[0] in "01234"


_LATIN1_RUN = re.compile(r"[^\s\u0100-\U0010ffff]*[\x80-\xff][^\u0100-\U0010ffff]*")
"""A run of characters that Latin-1 can encode, with at least one non-ASCII one: where mis-decoded UTF-8 can be."""


def repair(text: str) -> str:
    """Text with mis-decoded UTF-8 undone where that is unambiguous: each line (else each word) that Latin-1 encodes
    and that then decodes as UTF-8 with a character of more than one byte is that UTF-8 text. A character one of
    whose bytes were read as white space (0x85, 0xA0) and normalised to one space cannot be told: it is U+FFFD."""
    return "\n".join(_repaired_line(line) for line in text.split("\n"))


def _repaired_line(line: str) -> str:
    def run(match: re.Match[str]) -> str:
        found = _utf8_read_as_latin1(match.group(0))
        if found is not None:
            return found
        return " ".join(_utf8_read_as_latin1(word) or word for word in match.group(0).split(" "))

    return _LATIN1_RUN.sub(run, line)


def _utf8_read_as_latin1(run: str) -> str | None:
    """The UTF-8 text whose bytes read as Latin-1 are `run`, or None if there is none, or it holds no whole character
    of more than one byte (the evidence: a lead byte before a space alone is Latin-1 text, 'groß und')."""
    try:
        data = run.encode("latin-1")
    except UnicodeEncodeError:
        return None
    out, index, multibyte = [], 0, False
    while index < len(data):
        lead = data[index]
        size = 1 if lead < 0x80 else 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else \
            4 if 0xF0 <= lead <= 0xF4 else 0
        if not size:
            return None
        tail = bytearray()
        for byte in data[index + 1:index + size]:
            if not (0x80 <= byte <= 0xBF or byte == 0x20):
                break
            tail.append(byte)
        if 0x20 in tail:  # one or two of its bytes were white space, now one space: the character is unknown
            out.append("\ufffd")
            index += 1 + len(tail)
            continue
        try:
            out.append(data[index:index + size].decode("utf-8"))
        except UnicodeDecodeError:
            return None
        multibyte |= size > 1
        index += size
    return "".join(out) if multibyte else None


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

@dataclass(frozen=True)
class Output:
    """What a system found on a page: the article's text, and its title when the system gives one."""

    text: str
    title: str | None = None
    headings: tuple[str, ...] = ()
    """The lines of `text` that are section headings (narrator's chapter titles)."""


def _narrator_article(source: str | bytes, fmt: str) -> Output:
    from narrator.config import Settings
    from narrator.pipeline import extract_article

    article = extract_article(source, fmt=fmt, settings=_settings(Settings))  # extraction only: no language refusal
    blocks = [block for chapter in article.chapters for block in (chapter.title, *chapter.paragraphs) if block]
    return Output("\n".join(blocks), article.title, tuple(c.title for c in article.chapters if c.title))


_SETTINGS = []


def _settings(settings_class):
    """The default settings, loaded once (the timing is the extraction's, not the config files')."""
    if not _SETTINGS:
        _SETTINGS.append(settings_class.load())
    return _SETTINGS[0]


def narrator_html(page: Page) -> Output:
    return _narrator_article(page.html, "html")


def narrator_pasted(page: Page) -> Output:
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


SYSTEMS: dict[str, Callable[[Page], str | Output]] = {
    "narrator html": narrator_html,
    "trafilatura": trafilatura_default,
    "trafilatura precision": trafilatura_precision,
    "narrator pasted": narrator_pasted,
    "raw paste": raw_paste,
    "paste oracle": paste_oracle,
}


_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})
_SITE_SEPARATOR = re.compile(r"\s+(?:[|·•—–\-/»~]|::)\s+|\s*[|_]\s*|\s+\[")


def _comparable(title: str) -> str:
    return " ".join(title.translate(_QUOTES).split()).lower().strip(" ¶#:]")


def title_matches(found: str, expected: str) -> tuple[bool, bool]:
    """(exact after normalising whitespace, quotes and case; relaxed: containment either way, or the expected
    title's longest part between site separators is in the one found)."""
    ours, theirs = _comparable(found), _comparable(expected)
    if not ours or not theirs:
        return ours == theirs, ours == theirs
    main_part = max((_comparable(p) for p in _SITE_SEPARATOR.split(expected)), key=len)
    return ours == theirs, ours in theirs or theirs in ours or bool(main_part) and main_part in ours


def headline_forms(expected: str) -> set[str]:
    """The expected title and its main part (its longest part between site separators), normalised."""
    main_part = max((_comparable(p) for p in _SITE_SEPARATOR.split(expected)), key=len)
    return {form for form in (_comparable(expected), main_part) if form}


def pasted_headline(page: Page) -> set[str]:
    """The forms of the expected title that the paste holds as a line of its own (empty: the paste has no headline
    line, e.g. the title is only the page's <title>)."""
    forms = headline_forms(page.metadata.get("title") or "")
    return forms & {_comparable(line) for line in page.pasted.splitlines() if line.strip()}


def pasted_title_rate(titles: list[tuple[str, str, str, bool, bool]], pages: list[Page]) -> tuple[int, int]:
    """(titled by the headline line, pages whose paste has one): the paste's title figure where a headline is there
    to find."""
    by_name = {page.name: page for page in pages}
    found = [(title, pasted_headline(by_name[name])) for name, title, *_ in titles]
    with_headline = [(title, forms) for title, forms in found if forms]
    return sum(_comparable(title) in forms for title, forms in with_headline), len(with_headline)


@dataclass
class Run:
    """One system over one set of pages."""

    summary: Summary
    seconds: float
    failures: list[tuple[str, PageScore, str]]
    titles: list[tuple[str, str, str, bool, bool]] = field(default_factory=list)
    """(page, title found, expected title, exact, relaxed) for systems that give titles, on pages with one."""
    repaired: Summary = field(default_factory=Summary)
    """The same outputs scored against the expected texts with their mis-decoding undone."""
    page_seconds: list[float] = field(default_factory=list)
    """Each page's time (the median of its repeats), in page order."""
    outputs: list[Output] = field(default_factory=list)
    """What the system found on each page, in page order."""

    def title_rate(self, relaxed: bool = False) -> float | None:
        """Share of pages titled as expected; None when the system gives no titles."""
        if not self.titles:
            return None
        return sum(t[4 if relaxed else 3] for t in self.titles) / len(self.titles)

    def time_ratio(self, other: "Run") -> float:
        """The median over pages of this system's time ÷ the other's on the same page."""
        return statistics.median(mine / max(theirs, 1e-9) for mine, theirs in zip(self.page_seconds,
                                                                                 other.page_seconds))


def _warm_up(system: Callable[[Page], str | Output], pages: list[Page]) -> None:
    """Models a service loads once (justext's stop lists for trafilatura's fallback, the language detector) and one
    untimed page first, so that no system's time depends on the order the systems run in."""
    from justext.core import define_stoplist
    from trafilatura.external import jt_stoplist_init

    from narrator.language import load_model

    define_stoplist(jt_stoplist_init())  # justext's frozen stop list, built on first use (half a second)
    load_model()
    try:
        system(pages[0])
    except Exception:  # noqa: BLE001 — the timed run reports it
        pass


def _timed(system: Callable[[Page], str | Output], page: Page) -> tuple[Output, str, float]:
    """(what the system found, the refusal's message or '', seconds)."""
    started = time.perf_counter()
    try:
        found, error = system(page), ""
    except Exception as exc:  # noqa: BLE001 — a refusal is a result here
        found, error = Output("", ""), f"{type(exc).__name__}: {exc}"
    elapsed = time.perf_counter() - started
    return (found if isinstance(found, Output) else Output(found)), error, elapsed


def run_systems(systems: dict[str, Callable[[Page], str | Output]], pages: list[Page], repeats: int = 1
                ) -> dict[str, Run]:
    """Score systems on pages, timed page by page in turn (the order rotating from page to page), each page
    `repeats` times (its time is the median); an exception (a refused page) scores 0 and counts as refused."""
    for system in systems.values():
        _warm_up(system, pages)
    names = list(systems)
    found: dict[str, list[tuple[Output, str]]] = {name: [] for name in names}
    times: dict[str, list[float]] = {name: [] for name in names}
    for number, page in enumerate(pages):
        samples: dict[str, list[float]] = {name: [] for name in names}
        for repeat in range(max(1, repeats)):
            shift = (number + repeat) % len(names)
            for name in names[shift:] + names[:shift]:
                output, error, elapsed = _timed(systems[name], page)
                samples[name].append(elapsed)
                if repeat == 0:
                    found[name].append((output, error))
        for name in names:
            times[name].append(statistics.median(samples[name]))
    return {name: _scored(found[name], times[name], pages) for name in names}


def _scored(found: list[tuple[Output, str]], times: list[float], pages: list[Page]) -> Run:
    summary, repaired, failures, titles = Summary(), Summary(), [], []
    for page, (output, error) in zip(pages, found):
        summary.refused += bool(error)
        repaired.refused += bool(error)
        page_score = score(output.text, page.expected)
        summary.add(page_score)
        repaired.add(score(output.text, page.expected_repaired))
        failures.append((page.name, page_score, error))
        if output.title is not None and page.metadata.get("title"):
            expected_title = page.metadata.get("title") or ""
            titles.append((page.name, output.title, expected_title, *title_matches(output.title, expected_title)))
    failures.sort(key=lambda item: item[1].f1)
    return Run(summary, sum(times), failures, titles, repaired, times, [output for output, _ in found])


def run(system: Callable[[Page], str | Output], pages: list[Page]) -> Run:
    """Score one system on pages; an exception (a refused page) scores 0 and counts as refused."""
    return run_systems({"system": system}, pages)["system"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--part", choices=("tuning", "held-out", "all"), default=None,
                        help="one part only (default: both parts, reported separately)")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated, of: " + ", ".join(SYSTEMS))
    parser.add_argument("--failures", type=int, default=0, help="list the N worst pages of each system")
    parser.add_argument("--titles", action="store_true", help="list the pages whose title does not match (relaxed)")
    parser.add_argument("--repeats", type=int, default=3, help="times each page is run by each system (median)")
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
        print(f"\n{part}: {len(part_pages)} pages (repaired: against the expected texts with their mis-decoding undone)")
        print(f"{'system':<24}{'F1':>7}{'prec':>7}{'recall':>8}{'refused':>9}{'ms/page':>9}{'÷ traf':>8}"
              f"{'title':>7}{'title~':>8}{'F1 rep':>8}{'prec rep':>9}{'rec rep':>8}")
        results = run_systems({name: SYSTEMS[name] for name in names}, part_pages, args.repeats)
        baseline = results.get("trafilatura")
        for name, result in results.items():
            s, r = result.summary, result.repaired
            ms = 1000 * result.seconds / max(1, len(part_pages))
            ratio = result.time_ratio(baseline) if baseline else None
            exact, relaxed = result.title_rate(), result.title_rate(relaxed=True)
            figures.setdefault(part, {})[name] = {
                "f1": s.f1, "precision": s.precision, "recall": s.recall, "refused": s.refused, "ms_per_page": ms,
                "time_vs_trafilatura": ratio, "title": exact, "title_relaxed": relaxed,
                "repaired": {"f1": r.f1, "precision": r.precision, "recall": r.recall}}
            shown = f"{exact:>7.3f}{relaxed:>8.3f}" if exact is not None else f"{'-':>7}{'-':>8}"
            shown_ratio = f"{ratio:>8.2f}" if ratio is not None else f"{'-':>8}"
            print(f"{name:<24}{s.f1:>7.3f}{s.precision:>7.3f}{s.recall:>8.3f}{s.refused:>9}{ms:>9.0f}{shown_ratio}"
                  f"{shown}{r.f1:>8.3f}{r.precision:>9.3f}{r.recall:>8.3f}")
            for page_name, page_score, error in result.failures[:args.failures]:
                print(f"    {page_name:<36} P {page_score.precision:.2f} R {page_score.recall:.2f} {error[:80]}")
            if name == "narrator pasted" and result.titles:
                hits, total = pasted_title_rate(result.titles, part_pages)
                figures[part][name]["title_headline_in_paste"] = hits / max(1, total)
                print(f"    titled by the headline line, on the {total} pages whose paste has one: "
                      f"{hits / max(1, total):.3f}")
            if args.titles:
                for page_name, found, expected, _exact, ok in result.titles:
                    if not ok:
                        print(f"    title {page_name:<30} {found[:60]!r} expected {expected[:60]!r}")
    if args.json:
        print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
