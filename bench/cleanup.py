"""Furniture narrated and real paragraphs lost, on the pasted-page corpus and on synthetic page tails.

1. tests/fixtures/pages: 12 layouts, each as pasted text and as HTML, against their golden paragraphs.
2. Page tails: every article of tests/fixtures/headingless followed by a section promo, N standfirsts of other
   stories and a copyright line, with and without a short closing line of its own; the closing must stay and
   every standfirst go. This measures the topic signal.
3. Same-section tails: each article followed by two standfirsts of related stories from its own field (written to
   share its vocabulary), after a promo, a 'More on this story' box or nothing; the hardest case for topic.

Usage: python bench/cleanup.py [--code DIR] [--topic stemmed|plain] [--failures]
  --code DIR   import narrator from DIR (e.g. a checkout of main, to measure the code before a change)
  --topic      plain: compare lower-cased words instead of stems (to measure what stemming buys)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.chapters import corpus  # noqa: E402  (this checkout's corpus, whichever narrator is measured)

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
RELATED = {  # other stories from the same section: they share the article's field, not its story
    "bee_swarms": ["Wasps are thriving in gardens after a mild spring, an insect charity says.",
                   "A honey farm near Eldon has lost half its hives to a parasite."],
    "council_coalition": ["Council tax in Brayford will rise by the maximum allowed from April.",
                          "Brayford's mayor says the city cannot afford to keep its museums open."],
    "database_migration": ["Our team explains why we moved our search service to a single server.",
                           "The hidden cost of backups nobody ever restores."],
    "deep_sponges": ["Researchers found an octopus nursery on a warm spring deep under the Pacific.",
                     "A survey of coral reefs shows fishing bans help them recover within a decade."],
    "elsie_ward": ["The poet who walked every coastal path in the county has died at 88.",
                   "A new edition of the classic fell guides will be published in colour."],
    "glasshouse_review": ["A seaside pier theatre will close at the end of the summer season.",
                          "The playwright's new comedy transfers to a larger stage in the city."],
    "harbour_lights": ["A lifeboat crew has rebuilt its own station after a winter storm.",
                       "Fishing quotas will change this year, the government says."],
    "harriers_derby": ["Brenton Rovers sign a striker on loan for the rest of the season.",
                       "The league will review crowd safety at grounds with temporary stands."],
    "heat_pumps": ["Readers ask whether solar panels are worth it on a north-facing roof.",
                   "How to insulate a solid-wall house without losing a room."],
    "kilnford_bridge": ["A footbridge over the River Tane will close for repairs in June.",
                        "Villagers in Hensham say heavy lorries are damaging their road."],
    "port_strike": ["Freight rates climb as ice slows shipping in the Baltic.",
                    "Rail workers at two depots vote to accept a new pay deal."],
    "rye_starter": ["My grandmother's recipe for a plain white loaf, written down at last.",
                    "Why your sourdough is flat, and three ways to fix it."],
    "storm_updates": ["A second storm could bring more flooding at the weekend, forecasters warn.",
                      "Insurers say claims after last winter's floods are still being settled."],
}
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


def related(settings, failures: bool) -> tuple[int, int, int, int]:
    """(cases, related standfirsts narrated, related standfirsts in all, real paragraphs lost) for same-section tails."""
    from narrator.pipeline import prepare_article

    cases = narrated = total = lost = 0
    for article in corpus():
        for shape in ("promo", "box", "bare"):
            lead = {"promo": [PROMO], "box": ["More on this story"], "bare": []}[shape]
            tail = [*lead, *RELATED[article.name], *STANDFIRSTS[:2], COPYRIGHT]
            text = "\n\n".join([article.title, *article.paragraphs, *tail])
            got = prepare_article(text.encode(), fmt="text", settings=settings).paragraphs
            spoken = [s for s in RELATED[article.name] if s in got]
            missing = [p for p in article.paragraphs if p not in got]
            cases, narrated, total, lost = cases + 1, narrated + len(spoken), total + 2, lost + len(missing)
            if failures and (spoken or missing):
                print(f"  {article.name} ({shape}): narrated {spoken}, lost {len(missing)}")
    return cases, narrated, total, lost


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", help="import narrator from this checkout instead of this one")
    parser.add_argument("--topic", choices=["stemmed", "plain"], default="stemmed")
    parser.add_argument("--failures", action="store_true", help="print each case that went wrong")
    args = parser.parse_args(argv)
    code = Path(args.code).resolve() if args.code else ROOT
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
    cases, spoken, total, lost = related(settings, args.failures)
    print(f"same-section tails ({cases} cases): {spoken}/{total} related stories' standfirsts narrated, "
          f"{lost} real paragraphs lost")
    return 0


if __name__ == "__main__":
    sys.exit(main())
