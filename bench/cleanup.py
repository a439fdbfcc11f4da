"""Furniture narrated and real paragraphs lost, on the pasted-page corpus and on synthetic page tails.

1. tests/fixtures/pages: 12 layouts, each as pasted text and as HTML, against their golden paragraphs.
2. Page tails: every article of tests/fixtures/headingless followed by a section promo, N standfirsts of other
   stories and a copyright line, with and without a short closing line of its own; the closing must stay and
   every standfirst go. This measures the topic signal.

Usage: python bench/cleanup.py [--code DIR] [--topic stemmed|plain] [--failures]
  --code DIR   import narrator from DIR (e.g. a checkout of main, to measure the code before a change)
  --topic      plain: compare lower-cased words instead of stems (to measure what stemming buys)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "fixtures" / "pages"
STANDFIRSTS = [
    "The airline says the new fees will apply to flights booked from next month.",
    "Researchers found the ancient shipwreck almost intact under two metres of silt.",
    "A teenager from Dunmere has been named young composer of the year.",
    "Ticket prices for the summer festival have risen by a quarter since last year.",
    "The museum will return the carved panels to the island after a long campaign.",
    "Motorists face delays on the coast road while engineers repair a collapsed culvert.",
    "Two schools will merge in September after a consultation with parents.",
    "The bakery chain is closing thirty shops and moving its production to one site.",
]
PROMO = "Weekend Reads brings you the best of our long-form journalism, every Saturday on the website and app."
COPYRIGHT = "Copyright 2026 The Valley Courier. All rights reserved."
CLOSINGS = ["In the end, nobody was surprised.", "The work starts on Monday.", "Time will tell."]


def _paragraphs(path: Path) -> list[str]:
    return [" ".join(p.split()) for p in path.read_text("utf-8").split("\n\n") if p.strip()]


def pages(settings, failures: bool) -> tuple[int, int, int]:
    """(cases, furniture paragraphs narrated, real paragraphs lost) over the pasted-page corpus."""
    from narrator.pipeline import prepare_article

    cases = narrated = lost = 0
    for golden in sorted(PAGES.glob("*.expected.txt")):
        want = _paragraphs(golden)
        for ext in (".txt", ".html"):
            source = PAGES / golden.name.replace(".expected.txt", ext)
            got = prepare_article(source.read_bytes(), settings=settings).paragraphs
            extra, missing = [p for p in got if p not in want], [p for p in want if p not in got]
            cases, narrated, lost = cases + 1, narrated + len(extra), lost + len(missing)
            if failures and (extra or missing):
                print(f"  {source.name}: +{len(extra)} -{len(missing)}")
                for p in extra:
                    print(f"    narrated: {p[:90]}")
                for p in missing:
                    print(f"    lost:     {p[:90]}")
    return cases, narrated, lost


def tails(settings, failures: bool) -> tuple[int, int, int, int]:
    """(cases, standfirsts narrated, standfirsts in all, closing lines lost) over synthetic page tails."""
    from bench.chapters import corpus
    from narrator.pipeline import prepare_article

    cases = narrated = total = lost = 0
    for article in corpus():
        for count in (2, 5, 8):
            for closing in ["", *CLOSINGS]:
                body = article.paragraphs + ([closing] if closing else [])
                tail = [PROMO, *STANDFIRSTS[:count], COPYRIGHT]
                text = "\n\n".join([article.title, *body, *tail])
                got = prepare_article(text.encode(), fmt="text", settings=settings).paragraphs
                spoken = [s for s in STANDFIRSTS[:count] if s in got]
                cases, narrated, total = cases + 1, narrated + len(spoken), total + count
                lost += bool(closing) and closing not in got
                if failures and (spoken or (closing and closing not in got)):
                    print(f"  {article.name} +{count} {closing!r}: narrated {len(spoken)}, "
                          f"closing {'kept' if not closing or closing in got else 'LOST'}")
    return cases, narrated, total, lost


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", help="import narrator from this checkout instead of this one")
    parser.add_argument("--topic", choices=["stemmed", "plain"], default="stemmed")
    parser.add_argument("--failures", action="store_true", help="print each case that went wrong")
    args = parser.parse_args(argv)
    code = Path(args.code).resolve() if args.code else ROOT
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(code))
    from narrator.config import Settings

    if args.topic == "plain":
        import narrator.topic

        narrator.topic.stem = lambda word: word.lower().replace("’", "'")
    settings = Settings.load(env={}, config_dir=str(code / "config"))  # that checkout's own rules
    cases, narrated, lost = pages(settings, args.failures)
    print(f"pasted pages ({cases} cases): {narrated} furniture paragraphs narrated, {lost} real paragraphs lost")
    cases, spoken, total, closings = tails(settings, args.failures)
    print(f"page tails ({cases} cases): {spoken}/{total} other stories' standfirsts narrated, "
          f"{closings}/{cases * 3 // 4} short closing lines lost")
    return 0


if __name__ == "__main__":
    sys.exit(main())
