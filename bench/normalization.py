"""Normalization accuracy per semiotic class (tests/fixtures/normalization/*.tsv and the older
normalization_cases.tsv), and speed: median ms per sentence on long real-shaped sentences of our own
(bench/normalization_copy.txt), and ms per sentence on a 30,000-word article of the sample and the case sentences.

Usage: python bench/normalization.py [--failures] [--class NAME]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from narrator.testing.normalization import accuracy, load_cases

ROOT = Path(__file__).resolve().parent.parent

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


COPY = ROOT / "bench" / "normalization_copy.txt"


def copy_speed(rounds: int = 20) -> tuple[float, float, int, float]:
    """(median ms, 90th percentile ms, sentences, mean words a sentence) normalizing each long sentence of
    bench/normalization_copy.txt, `rounds` times after one warm-up round; CPU time of this process, so other load
    on a shared machine does not count."""
    from narrator.normalize import normalize

    sentences = [line for line in COPY.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    for sentence in sentences:
        normalize(sentence)
    timings = []
    for _ in range(rounds):
        for sentence in sentences:
            started = time.process_time_ns()
            normalize(sentence)
            timings.append((time.process_time_ns() - started) / 1e6)
    timings.sort()
    words = sum(len(s.split()) for s in sentences) / len(sentences)
    return statistics.median(timings), timings[int(len(timings) * 0.9)], len(sentences), words


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
    median, slow, count, mean_words = copy_speed()
    print(f"speed on long sentences: {median:.3f} ms median, {slow:.3f} ms 90th percentile a sentence "
          f"CPU ({count} sentences of {mean_words:.0f} words on average, bench/normalization_copy.txt)")
    ms, sentences, words = speed()
    print(f"speed: {ms:.3f} ms per sentence ({sentences:,} sentences, {words:,} words)")
    print(f"import + first sentence: {import_seconds():.2f} s")
    if args.failures:
        for name, written, expected, got in failures:
            print(f"[{name}] {written!r}\n   expected: {expected}\n   got:      {got}")


if __name__ == "__main__":
    main()
