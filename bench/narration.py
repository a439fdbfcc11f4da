"""Narration benchmark: prints ratios measured in one run (absolute times are noisy on shared machines).

Each engine's entry ends with a stage breakdown of the first narration and of the re-narration: wall seconds and
share of the narration's wall time per stage (narrator.stages.STAGES). "wait for speech" is time spent waiting for
the engine; the rest is the voice path's overhead over the raw engine. With --runs N the ratios are measured N times
(a fresh cache each time) and reported as median, min and max.

Usage: python bench/narration.py [--engines piper,pyttsx3] [--runs 1] [--rss-words 30000] [--rss-engine fake]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from narrator.config import Settings
from narrator.engines import create_engine
from narrator.pipeline import NarrationResult, narrate, prepare_article, prepare_script
from narrator.stages import STAGES

ROOT = Path(__file__).resolve().parent.parent

ARTICLE = ROOT / "narrator" / "samples" / "harbour-lights.txt"


def cpu_seconds() -> float:
    """CPU seconds this process and its finished children (ffmpeg) have used: steadier than wall time when other
    work shares the machine."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def raw_engine_seconds(engine, sentences: list[str]) -> tuple[float, float, float]:
    """Wall and CPU time for the engine alone to speak every sentence in order, and the audio seconds produced."""
    started, cpu = time.perf_counter(), cpu_seconds()
    audio_seconds = sum(engine.synthesize(text).duration_s for text in sentences)
    return time.perf_counter() - started, cpu_seconds() - cpu, audio_seconds


def stage_breakdown(result: NarrationResult) -> dict[str, str]:
    """Each stage's wall seconds and share of the narration's wall time, largest first."""
    total = result.timings["total"]
    seconds = {name: result.timings.get(f"stage: {name}", 0.0) for name in (*STAGES, "other")}
    return {name: f"{value:.2f} s ({value / total:.1%})"
            for name, value in sorted(seconds.items(), key=lambda item: -item[1]) if value >= 0.005}


def bench_engine(name: str, workdir: Path) -> dict[str, object]:
    settings = Settings.load(env={}, engine=name, out_dir=str(workdir / name / "out"),
                             cache_dir=str(workdir / name / "cache"))
    engine = create_engine(name)
    article = prepare_article(ARTICLE.read_bytes(), fmt="text", settings=settings)
    script = prepare_script(article, engine, settings)
    sentences = [s.spoken for s in script.sentences]
    engine.synthesize("Warm up.")
    raw, raw_cpu, audio_seconds = raw_engine_seconds(engine, sentences)

    chapter_ready: list[float] = []
    started, cpu = time.perf_counter(), cpu_seconds()
    result = narrate(ARTICLE, settings=settings, engine=engine,
                     on_chapter=lambda *args: chapter_ready.append(time.perf_counter() - started))
    full, full_cpu = time.perf_counter() - started, cpu_seconds() - cpu

    edited = ARTICLE.read_text("utf-8").replace(
        "The appeal was not only about nostalgia.", "The appeal, its organisers insist, was never about nostalgia.")
    started = time.perf_counter()
    again = narrate(edited, fmt="text", settings=settings, engine=engine)
    renarrate = time.perf_counter() - started
    return {
        "words": article.word_count,
        "sentences": len(sentences),
        "audio_s": round(result.duration_s, 1),
        "real_time_factor (engine s / audio s)": round(raw / audio_seconds, 3),
        "end_to_end / raw engine": round(full / raw, 3),
        "end_to_end / raw engine (CPU seconds)": round(full_cpu / raw_cpu, 3),
        "renarration after 1-paragraph edit / first": round(renarrate / full, 3),
        "first chapter ready / full narration": round(chapter_ready[0] / full, 3),
        "raw_engine_s": round(raw, 2),
        "end_to_end_s": round(full, 2),
        "raw_engine_cpu_s": round(raw_cpu, 2),
        "end_to_end_cpu_s": round(full_cpu, 2),
        "renarration_s": round(renarrate, 2),
        "first segment ready_s": round(result.timings.get("at: first segment ready", 0.0), 2),
        "ffmpeg leveling runs (first narration, re-narration)": [
            int(r.timings.get("count: leveling passes", 0)) for r in (result, again)],
        "segments (first narration)": len(chapter_ready),
        "stages (first narration)": stage_breakdown(result),
        "stages (re-narration)": stage_breakdown(again),
    }


def spread(runs: list[dict[str, object]]) -> dict[str, object]:
    """One run as it is; several as the median of each number with its min and max (stages of the median run)."""
    if len(runs) == 1:
        return runs[0]
    middle = sorted(runs, key=lambda run: run["end_to_end / raw engine"])[len(runs) // 2]
    summary: dict[str, object] = {}
    for key, value in middle.items():
        if isinstance(value, (int, float)):
            values = [run[key] for run in runs]
            summary[key] = {"median": round(statistics.median(values), 3), "min": min(values), "max": max(values)}
        else:
            summary[key] = value
    return summary


def peak_rss_mb(words: int, engine: str, workdir: Path) -> float:
    """Peak RSS of a separate process narrating a generated article of `words` words."""
    paragraph = ("The committee met again on a wet evening to go through the accounts line by line, and "
                 "agreed that the lamps would stay lit for as long as the money lasted. ")
    per_paragraph = len(paragraph.split()) * 3
    body = "\n\n".join(paragraph * 3 for _ in range(words // per_paragraph))
    source = workdir / "long.txt"
    source.write_text("A very long article\n\n" + body, "utf-8")
    code = (
        "import re; from pathlib import Path; from narrator.config import Settings;"
        "from narrator.pipeline import narrate;"
        f"s = Settings.load(env={{}}, engine={engine!r}, out_dir={str(workdir / 'long')!r},"
        f" cache_dir={str(workdir / 'long-cache')!r}, max_input_chars=10**7, max_input_bytes=10**8);"
        f"r = narrate(Path({str(source)!r}), settings=s);"
        # VmHWM, not ru_maxrss: after fork+exec ru_maxrss can still carry the parent's high-water mark.
        "hwm = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1));"
        "print(hwm / 1024, r.duration_s)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    rss, duration = out.split()
    print(f"  {words} words -> {float(duration) / 3600:.2f} h of audio")
    return round(float(rss), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engines", default="piper,pyttsx3")
    parser.add_argument("--runs", type=int, default=1, help="measure each engine this many times")
    parser.add_argument("--rss-words", type=int, default=30000)
    parser.add_argument("--rss-engine", default="fake", help="engine for the memory run (fake keeps it fast)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        report: dict[str, object] = {}
        for name in filter(None, args.engines.split(",")):
            runs = []
            for run in range(args.runs):
                print(f"benchmarking {name} on {ARTICLE.name} (run {run + 1} of {args.runs}) ...", flush=True)
                runs.append(bench_engine(name, workdir / f"run-{run}"))
            report[name] = spread(runs)
        if args.rss_words:
            print(f"measuring peak RSS for {args.rss_words} words with {args.rss_engine} ...", flush=True)
            report[f"peak_rss_mb ({args.rss_words} words, {args.rss_engine})"] = peak_rss_mb(
                args.rss_words, args.rss_engine, workdir)
        print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
