"""Read-along benchmark: narration time with word timings ÷ without (goal ≤ 1.05), and the cost of a correction.

Each engine narrates the sample article with fresh caches, with and without word timings, alternating runs (the
machine's load changes while it runs); the median of each is compared. On a shared machine whole narrations vary
by more than the difference, so the engine is also timed sentence by sentence, the two settings taking turns,
and the narration ratio derived from those engine times and the narration's other work. Voices are loaded and
warmed up first (loading a Piper voice with alignments takes about a second more, once per process).
Then one name gets an IPA entry and the article is narrated again: that re-narration's time ÷ the first's.

Usage: python bench/readalong.py [--engines piper,pyttsx3] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from narrator.config import Settings
from narrator.lexicon import Entry
from narrator.pipeline import engine_for, narrate, prepare_article, prepare_script

ROOT = Path(__file__).resolve().parent.parent

ARTICLE = ROOT / "narrator" / "samples" / "harbour-lights.txt"


def timed_narration(settings: Settings, engine, workdir: Path, run: str, lexicon=()) -> tuple[float, dict]:
    started = time.perf_counter()
    result = narrate(ARTICLE, settings=settings, engine=engine, out_dir=workdir / run, lexicon=lexicon)
    return time.perf_counter() - started, result.timings


def interleaved_engine_seconds(engines: dict, sentences: list[str]) -> dict[bool, float]:
    """Engine time over every sentence with and without word timings, the two taking turns sentence by sentence
    (so a change in the machine's load falls on both alike)."""
    spent = {True: 0.0, False: 0.0}
    for index, text in enumerate(sentences):
        for timed in ((True, False) if index % 2 == 0 else (False, True)):
            started = time.perf_counter()
            engines[timed].synthesize(text)
            spent[timed] += time.perf_counter() - started
    return spent


def bench_engine(name: str, rounds: int, workdir: Path) -> dict[str, object]:
    engines = {}
    for timed in (True, False):
        settings = Settings.load(env={}, engine=name, word_timings=timed)
        engines[timed] = engine_for(settings)
        engines[timed].synthesize("Warm up.")
    settings = Settings.load(env={}, engine=name)
    script = prepare_script(prepare_article(ARTICLE.read_bytes(), fmt="text", settings=settings), engines[True],
                            settings)
    spent = interleaved_engine_seconds(engines, [s.spoken for s in script.sentences])
    times: dict[bool, list[float]] = {True: [], False: []}
    for index in range(rounds):
        for timed in ((True, False) if index % 2 == 0 else (False, True)):
            settings = Settings.load(env={}, engine=name, word_timings=timed,
                                     cache_dir=str(workdir / f"{name}-{timed}-{index}-cache"))
            times[timed].append(timed_narration(settings, engines[timed], workdir, f"{name}-{timed}-{index}")[0])
    with_words, without = statistics.median(times[True]), statistics.median(times[False])
    # The narration around the engine (normalizing, leveling, encoding) does the same work either way.
    rest = max(0.0, without - spent[False])
    report: dict[str, object] = {
        "engine with ÷ without (sentences interleaved)": round(spent[True] / spent[False], 3),
        "narration with ÷ without, from the interleaved engine times": round(
            (rest + spent[True]) / (rest + spent[False]), 3),
        "with word timings s (median)": round(with_words, 2),
        "without s (median)": round(without, 2),
        "with ÷ without": round(with_words / without, 3),
        "runs with": [round(t, 2) for t in times[True]], "runs without": [round(t, 2) for t in times[False]],
    }
    settings = Settings.load(env={}, engine=name, cache_dir=str(workdir / f"{name}-correction-cache"))
    first, _ = timed_narration(settings, engines[True], workdir, f"{name}-first")
    again, timings = timed_narration(settings, engines[True], workdir, f"{name}-again",
                                     [Entry("Porthwen", "ipa", "pˈɔːθwɛn")])
    report["re-narration after one IPA entry ÷ first"] = round(again / first, 3)
    report["sentences re-synthesized / cached"] = f"{timings['sentences_synthesized']} / {timings['sentences_cached']}"
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engines", default="piper,pyttsx3")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        report = {}
        for name in filter(None, args.engines.split(",")):
            print(f"benchmarking {name} ...", flush=True)
            report[name] = bench_engine(name, args.rounds, Path(tmp))
        print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
