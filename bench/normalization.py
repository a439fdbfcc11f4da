"""Normalization accuracy per category (tests/fixtures/normalization_cases.tsv) and speed on a long article.

Usage: python bench/normalization.py [--failures]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from narrator.normalize import normalize_text  # noqa: E402

CASES = ROOT / "tests" / "fixtures" / "normalization_cases.tsv"


def load_cases(path: Path = CASES) -> list[tuple[str, str, str]]:
    """(category, written, spoken) rows of the case table."""
    rows: list[tuple[str, str, str]] = []
    category = "uncategorised"
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("# category:"):
            category = line.split(":", 1)[1].strip()
        elif line and not line.startswith("#") and "\t" in line:
            written, spoken = line.split("\t", 1)
            rows.append((category, written, spoken))
    return rows


def comparable(text: str) -> str:
    """The judging rule: ignore case, punctuation, hyphens and the word 'and'."""
    words = re.sub(r"[^\w\s']|_", " ", text.lower().replace("-", " ")).replace("'", "").split()
    return " ".join(w for w in words if w != "and")


def accuracy(rows: list[tuple[str, str, str]]) -> tuple[dict[str, list[int]], list[tuple[str, str, str, str]]]:
    """Per category [passed, total], and the failures (category, written, expected, got)."""
    per_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failures = []
    for category, written, spoken in rows:
        got = normalize_text(written)
        ok = comparable(got) == comparable(spoken)
        per_category[category][0] += ok
        per_category[category][1] += 1
        if not ok:
            failures.append((category, written, spoken, got))
    return per_category, failures


def speed() -> tuple[float, int]:
    """Sentences per second normalizing the sample article repeated to ~10,000 words."""
    from narrator.script import split_sentences

    text = (ROOT / "narrator" / "samples" / "harbour-lights.txt").read_text("utf-8")
    sentences = [s for paragraph in text.split("\n\n") for s in split_sentences(paragraph)] * 9
    started = time.perf_counter()
    for sentence in sentences:
        normalize_text(sentence)
    return len(sentences) / (time.perf_counter() - started), sum(len(s.split()) for s in sentences)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--failures", action="store_true", help="list every failing case")
    args = parser.parse_args()
    per_category, failures = accuracy(load_cases())
    total = sum(t for _, t in per_category.values())
    passed = sum(p for p, _ in per_category.values())
    print(f"{'category':<16}{'passed':>8}{'total':>7}{'accuracy':>10}")
    for category, (ok, count) in per_category.items():
        print(f"{category:<16}{ok:>8}{count:>7}{ok / count:>10.1%}")
    print(f"{'ALL':<16}{passed:>8}{total:>7}{passed / total:>10.1%}")
    rate, words = speed()
    print(f"speed: {rate:,.0f} sentences/s on a {words:,}-word article")
    if args.failures:
        for category, written, expected, got in failures:
            print(f"[{category}] {written!r}\n   expected: {expected}\n   got:      {got}")


if __name__ == "__main__":
    main()
