"""Sentences, spoken forms, pauses and cache keys."""

from narrator.article import Article, Chapter
from narrator.script import (MAX_ENGINE_CHARS, Pauses, build_script, cache_key, format_intro, split_opening,
                             split_sentences)


def test_sentences_are_split_with_abbreviations_respected():
    assert split_sentences("Mr. Smith went to Washington. He met Dr. Jones at 3 p.m. today.") == [
        "Mr. Smith went to Washington.", "He met Dr. Jones at 3 p.m. today."]


def test_a_20000_character_run_on_is_split_into_engine_sized_pieces():
    run_on = " ".join(["word"] * 4000)
    pieces = split_sentences(run_on)
    assert all(len(p) <= MAX_ENGINE_CHARS for p in pieces)
    assert " ".join(pieces) == run_on


def test_script_keeps_written_text_and_speaks_normalized_text_with_pauses():
    article = Article("T", chapters=(Chapter("One", ("Mr Smith paid 5 pounds. Then he left.",)),
                                     Chapter("Two", ("Done.",))))
    script = build_script(article, lambda s: s.upper(), Pauses(100, 200, 300), intro="T. Narrated by X.")
    first = script.chapters[0].sentences
    assert first[0].in_transcript is False and first[0].text == "T. Narrated by X."
    assert [s.text for s in first[1:]] == ["Mr Smith paid 5 pounds.", "Then he left."]
    assert first[1].spoken == "MR SMITH PAID 5 POUNDS."
    assert [s.pause_ms for s in first] == [200, 100, 300]
    assert script.chapters[1].sentences[-1].pause_ms == 300


def test_intro_template():
    assert format_intro("{title}{by_author}. Narrated by {narrator}.", "Lights", "Ann", "Joe") == \
        "Lights, by Ann. Narrated by Joe."
    assert format_intro("{title}{by_author}. Narrated by {narrator}.", "Lights", "", "Joe") == \
        "Lights. Narrated by Joe."
    assert format_intro("", "Lights", "Ann", "Joe") == ""


def test_cache_key_changes_with_voice_settings_and_text():
    base = cache_key({"engine": "piper", "voice": "joe", "rate": 1.0}, "hello")
    assert base == cache_key({"rate": 1.0, "voice": "joe", "engine": "piper"}, "hello")
    assert base != cache_key({"engine": "piper", "voice": "joe", "rate": 1.1}, "hello")
    assert base != cache_key({"engine": "piper", "voice": "joe", "rate": 1.0}, "hello!")


def test_the_opening_is_split_into_the_intro_and_the_first_sentence_continuing_the_first_chapter():
    article = Article("T", chapters=(Chapter("One", ("First. Second. Third.", "Fourth. Fifth.")),
                                     Chapter("Two", ("Done.",))))
    script = split_opening(build_script(article, str, Pauses(100, 200, 300), intro="T. Narrated by X."))
    intro, head, rest, second = script.chapters
    assert [s.text for s in intro.sentences] == ["T. Narrated by X."] and not intro.continues
    assert [s.text for s in head.sentences] == ["First."]
    assert head.continues and rest.continues and rest.title == head.title == intro.title == "One"
    assert [s.text for s in rest.sentences] == ["Second.", "Third.", "Fourth.", "Fifth."]
    assert second.title == "Two" and not second.continues
    short = build_script(Article("T", chapters=(Chapter("One", ("Only. Two.",)),)), str, Pauses(1, 2, 3), intro="")
    assert split_opening(short) == short
