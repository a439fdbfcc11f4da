"""Find the words a Piper voice says badly and the respellings (or phonemes) that fix them; write a voice lexicon.

Each word of a list of common English words and names is spoken in a carrier sentence ("Next is locomotive.")
through the voice, many sentences per utterance, and heard back by the recognizer (narrator.hearing). A word heard
wrong in two different carriers is a bad word; for it, up to ten candidates are tried, best first (in rounds: every
bad word's best untried candidate before any word's next, a fixed word trying no more): respellings split
at its syllables (lo-co-mo-tive, loco-motive), then espeak-ng's own phonemes for the word with secondary stress
dropped, the stressed vowel long, a syllable break before the stressed syllable or between every syllable, and for
names the primary stress on another syllable, then the word split at any other letter. A
candidate is kept only when espeak-ng says it with the word's own phonemes except for stress, length or a syllable
break, and the recognizer then hears the word right in two carriers. The result is a TOML [words] table that
narrator applies for that voice only, under the editors' lexicon.

Usage (niced, in the background; about 30 minutes for 5,000 words on two busy cores):
  nice -n 19 .venv/bin/python scripts/find_voice_lexicon.py --voice en_US-joe-medium --minutes 30
Another voice: --voice ID (a voice from `narrator voices`, or a path to .onnx) writes
narrator/defaults/voices/<ID>.toml. Progress is kept in --state (JSON lines): a rerun resumes where it stopped,
and --minutes 0 only writes the lexicon again from what was heard so far. --fix-only tries no new word: it confirms
and fixes the words the state file already screened (new candidates for an earlier run's bad words).
Needs: pip install 'narrator[piper,listen,voicelab]' (wordfreq ranks the words; /usr/share/dict/words names them).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from narrator.check import align, comparable_words  # noqa: E402
from narrator.hearing import hear  # noqa: E402

DICTIONARY = Path("/usr/share/dict/words")
CARRIERS = ("Next is {}.", "I said {} again.", "Then came {}.", "She wrote {} down.")
"""Carrier sentences, varied so the recognizer has no loop to fall into and each check has a second context."""
SKIP_TOP = 200
"""The most frequent words (function words: "that", "with") are left out: every sentence has them, heard right."""
BATCH = 24
"""Carrier sentences per utterance: long enough to amortize the recognizer's start, short enough to realign."""
IGNORED = "ˈˌː. -‿"
"""What may differ between a word's phonemes and its respelling's: stress, length, syllable and word breaks."""


def word_list(common: int, names: int) -> list[str]:
    """Common lowercase words (by frequency, in the dictionary, 4+ letters), then capitalized names."""
    from wordfreq import top_n_list, zipf_frequency

    entries = DICTIONARY.read_text("utf-8").split()
    lower = {w for w in entries if w.isalpha() and w.islower()}
    capital = {w for w in entries if w.isalpha() and w[0].isupper() and w[1:].islower() and len(w) > 2}
    words = [w for w in top_n_list("en", 60000)[SKIP_TOP:] if len(w) >= 4 and w in lower][:common]
    ranked = sorted(capital, key=lambda w: -zipf_frequency(w.lower(), "en"))
    proper = [w for w in ranked if w.lower() not in lower][:names]
    # Interleaved by rank, so a run cut short by its time limit has tried both kinds from the most frequent down.
    step = max(1, round(len(words) / max(1, len(proper))))
    merged: list[str] = []
    for index in range(max(len(words), len(proper) * step)):
        if index < len(words):
            merged.append(words[index])
        if index % step == step - 1 and index // step < len(proper):
            merged.append(proper[index // step])
    return merged


def phonemes(texts: list[str], voice: str = "en-us") -> list[str]:
    """espeak-ng's IPA for each text (one process for all: one text a line)."""
    result = subprocess.run(["espeak-ng", "-q", "-x", "--ipa", "-v", voice], input="\n".join(texts) + "\n",
                            capture_output=True, text=True, check=True)
    lines = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    return lines if len(lines) == len(texts) else [phonemes_one(t, voice) for t in texts]


def phonemes_one(text: str, voice: str = "en-us") -> str:
    return subprocess.run(["espeak-ng", "-q", "-x", "--ipa", "-v", voice, text], capture_output=True, text=True,
                          check=True).stdout.strip()


def same_sounds(a: str, b: str) -> bool:
    """True when two IPA strings differ at most in stress, length and syllable or word breaks."""
    def bare(ipa: str) -> str:
        return "".join(ch for ch in ipa if ch not in IGNORED)
    return bare(a) == bare(b)


def respellings(word: str) -> list[str]:
    """Letter respellings: the word split once at each inner position, with a hyphen or a space."""
    return [word[:i] + sep + word[i:] for i in range(2, len(word) - 1) for sep in ("-", " ")]


LETTER_VOWELS = "aeiouyAEIOUY"
UNSPLIT = ("th", "ch", "sh", "ph", "wh", "ck", "gh", "qu", "kn", "wr")
"""Letter pairs said as one sound: a syllable boundary never falls between them."""


def syllable_breaks(word: str) -> list[int]:
    """Where the written word splits into syllables (positions between letters): between vowel groups, one
    consonant going to the next syllable (lo-co-mo-tive), two split between them (win-ter) unless they make one
    sound (fa-ther); a final silent e makes no syllable."""
    core = word[:-1] if len(word) > 3 and word[-1] in "eE" and word[-2] not in LETTER_VOWELS else word
    groups = [i for i, ch in enumerate(core) if ch in LETTER_VOWELS and (i == 0 or core[i - 1] not in LETTER_VOWELS)]
    breaks: list[int] = []
    for left, right in zip(groups, groups[1:]):
        end = left
        while end < len(core) and core[end] in LETTER_VOWELS:
            end += 1
        consonants = right - end
        if consonants <= 1:
            at = end
        elif word[right - 2:right].lower() in UNSPLIT:
            at = right - 2
        else:
            at = right - 1
        if 0 < at < len(word):
            breaks.append(at)
    return breaks


def syllable_respellings(word: str) -> list[str]:
    """The word split at every syllable boundary (lo-co-mo-tive), then at each one alone (loco-motive)."""
    breaks = syllable_breaks(word)
    if not breaks:
        return []
    every = "".join(ch + ("-" if i + 1 in breaks else "") for i, ch in enumerate(word))
    single = [word[:at] + "-" + word[at:] for at in breaks]
    return list(dict.fromkeys([every, *single]))


VOWELS = "aeiouæɑɒɔəɛɜɪʊʌɐɚɝᵻ"
MAX_CANDIDATES = 10
"""Candidates tried per bad word: each costs two carrier sentences to confirm."""


AFFRICATES = ("dʒ", "tʃ")


def _nuclei(ipa: str) -> list[int]:
    """Where each vowel group of stress-free IPA starts (a vowel after a long one starts another: liː-ɑːn)."""
    return [i for i, ch in enumerate(ipa) if ch in VOWELS and (i == 0 or ipa[i - 1] not in VOWELS)]


CLUSTER_FIRST = "pbtdkgfvθʃ"
CLUSTER_SECOND = "ɹljw"


def _onset(ipa: str, at: int) -> int:
    """Where the syllable whose vowel (or stress mark) is at `at` starts: the consonant (or affricate) before it,
    with a consonant before that when the two begin English syllables (tr, pl, sk, tw)."""
    if at >= 2 and ipa[at - 2:at] in AFFRICATES:
        return at - 2
    if at == 0 or ipa[at - 1] in VOWELS + "ːˈˌ":
        return at
    first, second = (ipa[at - 2] if at >= 2 else ""), ipa[at - 1]
    if first and ((first in CLUSTER_FIRST and second in CLUSTER_SECOND) or (first == "s" and second in "ptkmnl")):
        return at - 2
    return at - 1


def phoneme_variants(ipa: str, move_stress: bool) -> list[str]:
    """The word's own phonemes with secondary stress dropped, the stressed vowel long, a syllable break (Piper's
    "-") before the stressed syllable or between every syllable, and (for names, whose stress espeak-ng guesses)
    the primary stress on another syllable (before its vowel, as espeak-ng writes it). A dictionary word keeps its
    primary stress: a recognizer forgives "of-FER", a listener does not."""
    plain = ipa.replace("ˌ", "").replace("ˈ", "")
    found = [ipa.replace("ˌ", "")]
    stressed = ipa.find("ˈ")
    if stressed >= 0:
        vowel = next((i for i in range(stressed, len(ipa)) if ipa[i] in VOWELS), None)
        if vowel is not None and ipa[vowel + 1:vowel + 2] not in (*VOWELS, "ː"):
            long = ipa[:vowel + 1] + "ː" + ipa[vowel + 1:]
            found += [long, long.replace("ˌ", "")]
        onset = _onset(ipa, stressed)
        if onset > 0:
            found.append(ipa[:onset] + "-" + ipa[onset:])
    starts = {_onset(ipa, i) for i, ch in enumerate(ipa)
              if ch in VOWELS and i > 0 and ipa[i - 1] not in VOWELS + "ˈˌ"}  # after a long vowel: a new one
    starts |= {_onset(ipa, i) for i, ch in enumerate(ipa) if ch in "ˈˌ"}
    starts = {at for at in starts if at > 0 and any(c in VOWELS for c in ipa[:at])}
    if starts:  # every syllable apart, the stress marks kept where they are
        found.append("".join(("-" if i in starts else "") + ch for i, ch in enumerate(ipa)))
    for at in _nuclei(plain) if move_stress else ():
        found.append(plain[:at] + "ˈ" + plain[at:])
    return [v for v in dict.fromkeys(found) if v and v != ipa]


def candidates_for(word: str, own: str, sounds: dict[str, str]) -> list[str]:
    """What to try for a bad word, best first, at most MAX_CANDIDATES: syllable respellings, then the word's own
    phonemes varied, then other split respellings; each respelling only if espeak-ng says it with the word's own
    phonemes (`sounds` maps a respelling to its IPA)."""
    split = [r for r in syllable_respellings(word) if same_sounds(sounds.get(r, ""), own)]
    other = [r for r in respellings(word) if r not in split and same_sounds(sounds.get(r, ""), own)]
    variants = [f"[[{v}]]" for v in phoneme_variants(own, move_stress=word[0].isupper())]
    return list(dict.fromkeys(split[:3] + variants + other))[:MAX_CANDIDATES]


class Voice:
    """A Piper voice speaking carrier sentences into 16 kHz WAV files for the recognizer."""

    def __init__(self, voice: str, threads: int) -> None:
        from narrator.engines.piper_engine import PiperEngine

        self.engine = PiperEngine(voice=voice, threads=threads, word_timings=False)
        self.id = self.engine.voice_file.id

    def utterance(self, sentences: list[str], path: Path) -> None:
        parts = [self.engine.synthesize(s) for s in sentences]
        rate = parts[0].sample_rate
        pause = np.zeros(int(rate * 0.35), dtype=np.int16)
        samples = np.concatenate([x for p in parts for x in (p.samples, pause)])
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(rate)
            out.writeframes(samples.tobytes())


def heard_right(voice: Voice, items: list[tuple[str, str]], carrier: int, threads: int) -> list[bool]:
    """For each (word, what is spoken for it), whether the recognizer heard the word in its carrier sentence."""
    sentences = [CARRIERS[(carrier + i) % len(CARRIERS)].format(spoken) for i, (_, spoken) in enumerate(items)]
    expected_text = [CARRIERS[(carrier + i) % len(CARRIERS)].format(word) for i, (word, _) in enumerate(items)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "batch.wav"
        voice.utterance(sentences, path)
        heard = [t for w in hear(path, threads=threads) for t in comparable_words(w.text)]
    expected: list[str] = []
    owner: list[int] = []
    target: list[bool] = []
    for index, (text, (word, _)) in enumerate(zip(expected_text, items)):
        words = set(comparable_words(word))
        for token in comparable_words(text):
            expected.append(token)
            owner.append(index)
            target.append(token in words)
    right = [True] * len(items)
    for e, h in align(expected, heard):
        if e is not None and target[e] and (h is None or heard[h] != expected[e]):
            right[owner[e]] = False
    return right


def batches(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class State:
    """Progress as JSON lines: (stage, word, candidate, carrier, heard right)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seen: dict[tuple[str, str, str, int], bool] = {}
        if path.is_file():
            for line in path.read_text("utf-8").splitlines():
                row = json.loads(line)
                self.seen[(row[0], row[1], row[2], row[3])] = row[4]

    def confirmed(self, word: str) -> list[str]:
        """What was heard right for `word` in both fix stages."""
        return [key[2] for key, ok in self.seen.items() if key[0] == "fix-confirm" and key[1] == word and ok
                and self.seen.get(("fix", key[1], key[2], 2))]

    def record(self, rows: Iterable[tuple[str, str, str, int, bool]]) -> None:
        with self.path.open("a", encoding="utf-8") as out:
            for row in rows:
                self.seen[row[:4]] = row[4]
                out.write(json.dumps(row, ensure_ascii=False) + "\n")


def run_stage(voice: Voice, state: State, stage: str, items: list[tuple[str, str]], carrier: int, threads: int,
              deadline: float) -> dict[tuple[str, str], bool]:
    """Hear each (word, spoken) once in carrier `carrier` (resuming from the state); stops at the deadline."""
    todo = [item for item in items if (stage, *item, carrier) not in state.seen]
    for chunk in batches(todo, BATCH):
        if time.monotonic() > deadline:
            break
        results = heard_right(voice, chunk, carrier, threads)
        state.record((stage, w, s, carrier, ok) for (w, s), ok in zip(chunk, results))
    return {item: state.seen[(stage, *item, carrier)] for item in items if (stage, *item, carrier) in state.seen}


CONFIRM_SHARE = 0.25
"""Of the time left before a round, what its fix stage leaves for confirming what it found."""


def fix_in_rounds(voice: Voice, state: State, candidates: dict[str, list[str]], threads: int,
                  deadline: float) -> dict[str, str]:
    """The first candidate of each word heard right in two carriers: every word's best untried candidate is heard
    (and confirmed) before any word's next one, and a fixed word tries no more, so a run cut short by its time
    limit has fixed what it could, best candidates first."""
    fixes: dict[str, str] = {}
    for rank in range(max((len(c) for c in candidates.values()), default=0)):
        tries = [(w, cs[rank]) for w, cs in candidates.items() if w not in fixes and rank < len(cs)]
        if not tries:
            break
        fix_deadline = deadline - max(0.0, deadline - time.monotonic()) * CONFIRM_SHARE  # past it: the state only
        once = run_stage(voice, state, "fix", tries, 2, threads, fix_deadline)
        twice = run_stage(voice, state, "fix-confirm", [item for item, ok in once.items() if ok], 3, threads,
                          deadline)
        fixes.update({word: spoken for (word, spoken), ok in twice.items() if ok and word not in fixes})
        print(f"round {rank + 1}: {len(tries)} tried, {len(fixes)} fixed so far", flush=True)
    return fixes


def stressed_syllable(ipa: str) -> int:
    """Which syllable (vowel group, from 0) carries the primary stress; -1 without one."""
    mark = ipa.find("ˈ")
    if mark < 0:
        return -1
    plain = "".join(ch for ch in ipa if ch not in IGNORED)
    before = "".join(ch for ch in ipa[:mark] if ch not in IGNORED)
    return sum(1 for at in _nuclei(plain) if at < len(before))


def stress_moved(own: str, fix: str) -> bool:
    """True when a phoneme fix puts the primary stress on another syllable than espeak-ng does."""
    return fix.startswith("[[") and stressed_syllable(fix[2:-2]) != stressed_syllable(own)


def write_lexicon(path: Path, voice: str, fixes: dict[str, str], tested: int, bad: int,
                  own: dict[str, str] | None = None) -> None:
    """The TOML lexicon; a fix that moves a name's stress says so, for an ear to confirm before it ships."""
    own = own or {}
    lines = [f"# Voice lexicon for {voice}: words this voice says so that listeners mishear them, and the respelling",
             "# or phonemes ([[IPA]]) that keep the word's dictionary pronunciation and are heard right.",
             f"# Made by scripts/find_voice_lexicon.py: {tested} words tried, {bad} heard wrong twice, "
             f"{len(fixes)} fixed.", "# Applied only for this voice, under config/lexicon.toml and editors' entries.",
             "[words]"]
    lines += [f"{json.dumps(word, ensure_ascii=False)} = {json.dumps(value, ensure_ascii=False)}"
              + ("  # stress moved: confirm by ear" if stress_moved(own.get(word, ""), value) else "")
              for word, value in sorted(fixes.items(), key=lambda kv: kv[0].lower())]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--voice", default="en_US-joe-medium")
    parser.add_argument("--common", type=int, default=4000, help="common words to try")
    parser.add_argument("--names", type=int, default=1500, help="names (people, places, organisations) to try")
    parser.add_argument("--words", default="", help="comma-separated words to try first (e.g. reported ones)")
    parser.add_argument("--minutes", type=float, default=30, help="stop trying new words after this long")
    parser.add_argument("--threads", type=int, default=1, help="threads for the voice and for the recognizer")
    parser.add_argument("--state", type=Path, default=None)
    parser.add_argument("--fix-only", action="store_true",
                        help="try no new words: confirm and fix the words the state file already screened (with "
                             "--words, only those)")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    started = time.monotonic()
    deadline = started + args.minutes * 60
    voice = Voice(args.voice, args.threads)
    state = State(args.state or ROOT / "bench" / "results" / f"voice-lexicon-{voice.id}.jsonl")
    state.path.parent.mkdir(parents=True, exist_ok=True)
    first_words = [w.strip() for w in args.words.split(",") if w.strip()]
    if args.fix_only:  # the words already screened (or those of them given): no word list needed
        screened = list(dict.fromkeys(key[1] for key in state.seen if key[0] == "screen"))
        words = [w for w in screened if w in first_words] if first_words else screened
    else:
        words = list(dict.fromkeys(first_words + word_list(args.common, args.names)))
    print(f"{len(words)} words for {voice.id}", flush=True)
    # Screening takes at most 70 % of the time, so confirming and fixing the bad words always gets its share.
    screen_deadline = 0.0 if args.fix_only else started + args.minutes * 60 * 0.7
    first = run_stage(voice, state, "screen", [(w, w) for w in words], 0, args.threads, screen_deadline)
    suspects = [item for item, ok in first.items() if not ok]
    second = run_stage(voice, state, "confirm", suspects, 1, args.threads, deadline)
    bad = [word for (word, _), ok in second.items() if not ok]
    print(f"screened {len(first)}, heard wrong {len(suspects)}, twice {len(bad)}", flush=True)
    own = dict(zip(bad, phonemes(bad))) if bad else {}
    candidates: dict[str, list[str]] = {}
    for word in bad:
        letters = list(dict.fromkeys(syllable_respellings(word) + respellings(word)))
        sounds = dict(zip(letters, phonemes(letters))) if letters else {}
        earlier = state.confirmed(word)  # an earlier run's fixes, if they still keep the word's sounds
        spelled = [c for c in earlier if not c.startswith("[[") and c not in sounds]
        sounds.update(zip(spelled, phonemes(spelled)) if spelled else ())
        kept = [c for c in earlier if same_sounds(c[2:-2] if c.startswith("[[") else sounds.get(c, ""), own[word])]
        candidates[word] = list(dict.fromkeys(kept + candidates_for(word, own[word], sounds)))
    fixes = fix_in_rounds(voice, state, candidates, args.threads, deadline)
    out = args.out or ROOT / "narrator" / "defaults" / "voices" / f"{voice.id}.toml"
    write_lexicon(out, voice.id, fixes, len(first), len(bad), own)
    minutes = (time.monotonic() - started) / 60
    print(f"tried {len(first)} of {len(words)} words in {minutes:.1f} min; {len(bad)} heard wrong twice; "
          f"{len(fixes)} fixed -> {out}", flush=True)


if __name__ == "__main__":
    main()
