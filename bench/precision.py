"""Where the text narrator reads from a page but the expected article lacks comes from, by class and share.

Each page's precision loss (the share of narrator's 4-word shingles not in the expected text) is attributed, shingle
by shingle, to the block (paragraph or heading) it starts in, then each block to one class:

- mis-decoded expected: shingles that match once the expected text's mis-decoding is undone (bench/extraction.py);
- by position and shape: above the article's first matched block ("head"), below its last ("tail") or between
  ("inside"); a heading, a short line (fewer than 8 words, no closing punctuation), a caption or credit line, a
  byline or date line, code, a table row, or prose (a sentence: article text Readability left out, or other prose);
- whether trafilatura's default extraction keeps the block too ("traf keeps") or narrator alone reads it.

The shares of every class add up to 1 - precision (the per-page losses averaged, as the precision is).

Usage: python bench/precision.py [--part tuning|held-out|all] [--examples N] [--system "narrator html"]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass

from extraction import SYSTEMS, Page, load, run_systems  # type: ignore[import-not-found]

from narrator.testing.shingles import SHINGLE_WORDS, shingles, tokens

MATCHED = 0.5
"""A block with at least this share of its shingles in the expected text is the article's."""
_CAPTION = re.compile(r"\b(photo(graph)?|image|picture|credit|getty|illustration|courtesy|file photo)\b|©|\(AP\)",
                      re.I)
_BYLINE_OR_DATE = re.compile(r"^(by|posted|published|updated|written by)\b|\b(19|20)\d\d\b.{0,20}$|\d{1,2}:\d{2}", re.I)


@dataclass
class Block:
    """One block narrator read, with its shingles' fate."""

    text: str
    heading: bool
    shingles: int = 0
    unmatched: int = 0
    """Shingles not in the repaired expected text."""
    misdecoded: int = 0
    """Shingles in the repaired expected text but not in the raw one."""


def blocks_of(page_run_output: str, heading_lines: set[str]) -> list[Block]:
    return [Block(line, line in heading_lines) for line in page_run_output.split("\n") if line.strip()]


def attribute(blocks: list[Block], expected: str, repaired: str) -> int:
    """Fill each block's counts; returns the page's shingle count (as the score counts them)."""
    words: list[str] = []
    owner: list[int] = []
    for number, block in enumerate(blocks):
        found = tokens(block.text)
        words.extend(found)
        owner.extend([number] * len(found))
    if not words:
        return 0
    starts = range(1) if len(words) < SHINGLE_WORDS else range(len(words) - SHINGLE_WORDS + 1)
    raw, fixed = shingles(expected), shingles(repaired)
    for start in starts:
        shingle = tuple(words[start:start + SHINGLE_WORDS])
        block = blocks[owner[start]]
        block.shingles += 1
        in_fixed = fixed[shingle] > 0
        if in_fixed:
            fixed[shingle] -= 1
        if raw[shingle] > 0:
            raw[shingle] -= 1
        elif in_fixed:
            block.misdecoded += 1
        else:
            block.unmatched += 1
    return len(starts)


def shape(block: Block) -> str:
    text = block.text.strip()
    words = text.split()
    if block.heading:
        return "heading"
    if text == "Code listing omitted." or re.search(r"[{};=]\s*$|^\$ ", text):
        return "code"
    if text.count(",") >= 3 and len(words) <= 3 * (text.count(",") + 1) and not text.endswith("."):
        return "table row"
    if _CAPTION.search(text) and len(words) <= 40:
        return "caption or credit"
    if _BYLINE_OR_DATE.search(text) and len(words) <= 14:
        return "byline or date"
    if len(words) < 8 and not text.endswith(tuple('.!?"”')):
        return "short line"
    return "prose"


def classify(page: Page, text: str, headings: set[str], trafilatura_text: str) -> tuple[int, list[tuple[str, Block]]]:
    """(the page's shingle count, [(class, block)] for each block with a loss; mis-decoding is its own class)."""
    blocks = blocks_of(text, headings)
    total = attribute(blocks, page.expected, page.expected_repaired)
    traf = shingles(trafilatura_text)
    matched = [b.shingles and (b.shingles - b.unmatched) / b.shingles >= MATCHED for b in blocks]
    first = next((n for n, m in enumerate(matched) if m), len(blocks))
    last = max((n for n, m in enumerate(matched) if m), default=-1)
    found = []
    for number, block in enumerate(blocks):
        if block.misdecoded:
            found.append(("mis-decoded expected", Block(block.text, block.heading, block.misdecoded, block.misdecoded)))
        if not block.unmatched:
            continue
        where = "head" if number < first else "tail" if number > last else "inside"
        own = shingles(block.text)
        kept = sum((own & traf).values()) >= MATCHED * max(1, sum(own.values()))
        found.append((f"{where} / {shape(block)} / {'traf keeps' if kept else 'narrator only'}", block))
    return total, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("tuning", "held-out", "all"), default="tuning")
    parser.add_argument("--system", default="narrator html")
    parser.add_argument("--examples", type=int, default=3, help="the N largest blocks of each class")
    args = parser.parse_args(argv)
    pages = [p for p in load() if args.part == "all" or p.held_out == (args.part == "held-out")]
    results = run_systems({args.system: SYSTEMS[args.system], "trafilatura": SYSTEMS["trafilatura"]}, pages)
    mine, traf = results[args.system], results["trafilatura"]
    loss: Counter[str] = Counter()
    examples: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for page, output, traf_output in zip(pages, mine.outputs, traf.outputs):
        headings = set(output.headings)
        total, found = classify(page, output.text, headings, traf_output.text)
        for name, block in found:
            loss[name] += block.unmatched / max(1, total) / len(pages)
            examples[name].append((block.unmatched, page.name, block.text))
    precision = mine.summary.precision
    print(f"{args.system} on {args.part} ({len(pages)} pages): precision {precision:.3f}, loss {1 - precision:.3f}")
    coarse: Counter[str] = Counter()
    for name, share in loss.items():
        coarse[name.split(" / ")[0]] += share
    print("by position: " + ", ".join(f"{name} {share:.3f}" for name, share in coarse.most_common()))
    for name, share in loss.most_common():
        print(f"{share:7.3f}  {name}")
        for count, page_name, text in sorted(examples[name], reverse=True)[:args.examples]:
            print(f"           {count:4d} {page_name:<24} {text[:110]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
