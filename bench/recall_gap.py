"""Where narrator's HTML path recalls less than trafilatura: per page, the stage that lost the missing text.

For each page of a part (bench/extraction.py's corpus and split), the expected text's shingles that trafilatura's
default output has and narrator's article lacks are the gap. Each missing shingle is put to a stage: "not extracted"
(absent from narrator's trafilatura Markdown: the fast pass, or options), a cleanup reason (the Drop whose line holds
it: "tail", "page header", a [drop] rule, "list of names"...), else "parsed away" (in the Markdown, dropped by no
rule: a code listing announced rather than read, a heading with no text under it, a list marker). Shares are of the
page's expected shingles; the summary averages them over the part's pages, and shows recall by page language.

Usage: python bench/recall_gap.py [--part tuning|held-out|all] [--min-gap 0.005]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.extraction import CORPUS, Page, load, trafilatura_default  # noqa: E402

from narrator.testing.shingles import score, shingles  # noqa: E402

NOT_EXTRACTED = "not extracted"
PARSED_AWAY = "parsed away"


@dataclass
class Gap:
    """One page: narrator's and trafilatura's recall, and the share of the expected text lost at each stage."""

    name: str
    language: str
    recall: float
    trafilatura_recall: float
    precision: float
    trafilatura_precision: float
    stages: Counter[str] = field(default_factory=Counter)


def _stage(reason: str) -> str:
    """A drop's reason without its particulars ('tail: short paragraph about ... (3% ...)' -> 'tail')."""
    return reason.split(" (")[0].split(":")[0].strip()


def attribute(missing: Counter, markdown: str, drops: list[tuple[str, str]]) -> Counter[str]:
    """Missing shingles (counted) by stage: not in the extractor's Markdown, in a dropped line (its reason's stage,
    the first drop holding it), else parsed away."""
    left = missing - shingles(markdown)
    stages: Counter[str] = Counter({NOT_EXTRACTED: sum(left.values())})
    left = missing - left
    for text, reason in drops:
        found = shingles(text) & left
        if found:
            stages[_stage(reason)] += sum(found.values())
            left -= found
    stages[PARSED_AWAY] += sum(left.values())
    return +stages


def page_gap(page: Page) -> Gap:
    """The page's recall gap to trafilatura, by stage (scored against the repaired expected text)."""
    from narrator import article as article_mod
    from narrator.config import Settings
    from narrator.pipeline import extract_article

    drops = []
    settings = Settings.load()
    try:
        article = extract_article(page.html, fmt="html", settings=settings, on_drop=drops.append)
        ours = "\n".join(b for c in article.chapters for b in (c.title, *c.paragraphs) if b)
        markdown = article_mod.extract_html(article_mod.decode_input(page.html, settings.max_page_bytes)).markdown
    except Exception:  # noqa: BLE001 — a refused page loses everything at extraction
        ours = markdown = ""
    theirs = trafilatura_default(page)
    expected = page.expected_repaired
    mine, traf = score(ours, expected), score(theirs, expected)
    want = shingles(expected)
    missing = (want & shingles(theirs)) - shingles(ours)
    total = sum(want.values()) or 1
    stages = attribute(missing, markdown, [(d.text, d.reason) for d in drops])
    return Gap(page.name, page.metadata.get("lang") or "", mine.recall, traf.recall, mine.precision,
               traf.precision, Counter({k: v / total for k, v in stages.items()}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--part", choices=("tuning", "held-out", "all"), default="tuning")
    parser.add_argument("--min-gap", type=float, default=0.005, help="list pages whose recall is this much lower")
    args = parser.parse_args(argv)
    pages = [p for p in load(args.corpus) if args.part == "all" or p.held_out == (args.part == "held-out")]
    gaps = [page_gap(page) for page in pages]
    gaps.sort(key=lambda g: g.recall - g.trafilatura_recall)
    print(f"{args.part}: {len(pages)} pages; pages where narrator's recall is below trafilatura's by {args.min_gap}+")
    for gap in (g for g in gaps if g.trafilatura_recall - g.recall >= args.min_gap):
        stages = ", ".join(f"{stage} {share:.3f}" for stage, share in gap.stages.most_common())
        print(f"  {gap.name:<32} R {gap.recall:.3f} traf {gap.trafilatura_recall:.3f}  P {gap.precision:.3f} "
              f"traf {gap.trafilatura_precision:.3f}  lost: {stages}")
    summed: Counter[str] = Counter()
    for gap in gaps:
        summed.update(gap.stages)
    print("recall lost to trafilatura, averaged over the part, by stage:")
    for stage, share in summed.most_common():
        print(f"  {stage:<40} {share / len(gaps):.4f}")
    by_language: dict[str, list[Gap]] = defaultdict(list)
    for gap in gaps:
        by_language[gap.language.split("-")[0].lower() or "?"].append(gap)
    print("recall by declared language (narrator / trafilatura, pages):")
    for language, group in sorted(by_language.items(), key=lambda item: -len(item[1])):
        mine = sum(g.recall for g in group) / len(group)
        theirs = sum(g.trafilatura_recall for g in group) / len(group)
        print(f"  {language:<6} {mine:.3f} / {theirs:.3f}  ({len(group)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
