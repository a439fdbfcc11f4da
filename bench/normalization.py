"""Normalization accuracy per semiotic class (tests/fixtures/normalization/*.tsv and the older
normalization_cases.tsv) and speed in ms per sentence on a 30,000-word article.

Usage: python bench/normalization.py [--failures] [--class NAME]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE_FOLDER = ROOT / "tests" / "fixtures" / "normalization"
LEGACY_CASES = ROOT / "tests" / "fixtures" / "normalization_cases.tsv"

Case = tuple[str, str, tuple[str, ...]]
"""(class, written, accepted readings)."""


def load_cases(folder: Path = CASE_FOLDER, legacy: Path | None = LEGACY_CASES) -> list[Case]:
    """Every case: one file per class in `folder` (written, then one or more readings, TAB-separated), and the
    older single-file table whose `# category:` lines name the class."""
    rows: list[Case] = []
    for path in sorted(folder.glob("*.tsv")):
        for line in path.read_text("utf-8").splitlines():
            if line and not line.startswith("#") and "\t" in line:
                written, *readings = line.split("\t")
                rows.append((path.stem, written, tuple(r for r in readings if r.strip())))
    if legacy is not None and legacy.is_file():
        category = "uncategorised"
        for line in legacy.read_text("utf-8").splitlines():
            if line.startswith("# category:"):
                category = line.split(":", 1)[1].strip()
            elif line and not line.startswith("#") and "\t" in line:
                written, *readings = line.split("\t")
                rows.append((category, written, tuple(readings)))
    return rows


def comparable(text: str) -> str:
    """The judging rule: ignore case, punctuation, hyphens, apostrophes and the word 'and'."""
    words = re.sub(r"[^\w\s']|_", " ", text.lower().replace("-", " ")).replace("'", "").split()
    return " ".join(w for w in words if w != "and")


def accepted(got: str, readings: tuple[str, ...]) -> bool:
    """True when the output matches one of the accepted readings under the judging rule."""
    return comparable(got) in {comparable(r) for r in readings}


def accuracy(rows: list[Case], normalize=None) -> tuple[dict[str, list[int]], list[tuple[str, str, str, str]]]:
    """Per class [passed, total], and the failures (class, written, first reading, got)."""
    if normalize is None:
        from narrator.normalize import normalize_text as normalize
    per_class: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failures = []
    for name, written, readings in rows:
        got = normalize(written)
        ok = accepted(got, readings)
        per_class[name][0] += ok
        per_class[name][1] += 1
        if not ok:
            failures.append((name, written, " | ".join(readings), got))
    return per_class, failures


def long_article_sentences(words: int = 30_000) -> list[str]:
    """The bundled sample and every case sentence, repeated to about `words` words, split into sentences."""
    from narrator.script import split_sentences

    text = (ROOT / "narrator" / "samples" / "harbour-lights.txt").read_text("utf-8")
    base = [s for paragraph in text.split("\n\n") for s in split_sentences(paragraph)]
    base += [written for _, written, _ in load_cases()]
    sentences: list[str] = []
    while sum(len(s.split()) for s in sentences) < words:
        sentences.extend(base)
    return sentences


def speed() -> tuple[float, int, int]:
    """(ms per sentence, sentences, words) normalizing a 30,000-word article."""
    from narrator.normalize import normalize

    sentences = long_article_sentences()
    started = time.perf_counter()
    for sentence in sentences:
        normalize(sentence)
    elapsed = time.perf_counter() - started
    return elapsed * 1000 / len(sentences), len(sentences), sum(len(s.split()) for s in sentences)


def import_seconds() -> float:
    """Wall time of `import narrator.normalize` plus the first sentence, in a fresh interpreter."""
    code = ("import time; t=time.perf_counter(); from narrator.normalize import normalize_text; "
            "normalize_text('On 3 May the firm paid $5.5bn.'); print(time.perf_counter()-t)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--failures", action="store_true", help="list every failing case")
    parser.add_argument("--class", dest="only", help="only this class")
    args = parser.parse_args()
    rows = [r for r in load_cases() if not args.only or r[0] == args.only]
    per_class, failures = accuracy(rows)
    total = sum(t for _, t in per_class.values())
    passed = sum(p for p, _ in per_class.values())
    print(f"{'class':<16}{'passed':>8}{'total':>7}{'accuracy':>10}")
    for name, (ok, count) in sorted(per_class.items()):
        print(f"{name:<16}{ok:>8}{count:>7}{ok / count:>10.1%}")
    print(f"{'ALL':<16}{passed:>8}{total:>7}{passed / total:>10.1%}")
    ms, sentences, words = speed()
    print(f"speed: {ms:.3f} ms per sentence ({sentences:,} sentences, {words:,} words)")
    print(f"import + first sentence: {import_seconds():.2f} s")
    if args.failures:
        for name, written, expected, got in failures:
            print(f"[{name}] {written!r}\n   expected: {expected}\n   got:      {got}")


if __name__ == "__main__":
    main()
