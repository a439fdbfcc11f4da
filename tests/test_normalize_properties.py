"""Invariants of normalization, tested as properties (Hypothesis) over news-like text."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from narrator.normalize import normalize, normalize_text

SETTINGS = hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = ["the", "council", "said", "homes", "runners", "staff", "tall", "race", "Mr", "Dr", "St", "No", "May",
         "US", "IT", "BBC", "Nato", "on", "at", "from", "to", "won", "drew", "vote", "per", "a", "an", "Oak",
         "Smith", "Friday", "June", "oct.", "GMT", "call", "in", "of", "and", "profits", "£", "$", "€", "%", "-",
         "–", "/", ",", "(", ")", "\"", "'", "&", "°", "+", "#", "@"]
NUMBERS = st.one_of(
    st.integers(0, 10**9).map(str),
    st.integers(0, 10**9).map(lambda n: f"{n:,}"),
    st.floats(0, 10**6, allow_nan=False).map(lambda f: f"{f:.2f}"),
    st.tuples(st.integers(0, 99), st.sampled_from(["k", "m", "bn", "tn", "%", "km", "kg", "ft", "in", "C", "F",
                                                    "m2", "mph", "st", "th", "rd", "am", "pm", "s", "p", "x"]))
    .map(lambda t: f"{t[0]}{t[1]}"),
    st.tuples(st.integers(0, 30), st.integers(0, 59)).map(lambda t: f"{t[0]}:{t[1]:02d}"),
    st.tuples(st.integers(0, 40), st.integers(0, 40)).map(lambda t: f"{t[0]}-{t[1]}"),
    st.tuples(st.integers(1, 31), st.integers(1, 12), st.integers(1900, 2099)).map(lambda t: f"{t[0]}/{t[1]}/{t[2]}"),
    st.tuples(st.integers(1, 20), st.integers(1, 20)).map(lambda t: f"{t[0]}/{t[1]}"),
)
TOKENS = st.one_of(st.sampled_from(WORDS), NUMBERS)
SENTENCES = st.lists(TOKENS, min_size=1, max_size=14).map(" ".join)
PLAIN = st.lists(st.sampled_from(["the", "harbour", "lamps", "were", "lit", "again", "tonight", "and", "people",
                                  "walked", "slowly", "home", "under", "rain", "quiet", "streets", "said", "she"]),
                 min_size=1, max_size=20).map(" ".join)


@SETTINGS
@given(SENTENCES)
def test_never_a_digit_glued_to_letters(text):
    spoken = normalize_text(text)
    assert not re.search(r"[a-zA-Z]\d|\d[a-zA-Z]", spoken), spoken
    assert not re.search(r"\d", spoken), spoken


@SETTINGS
@given(SENTENCES, st.sampled_from([".", "!", "?"]))
def test_sentence_final_punctuation_is_kept(text, stop):
    assert normalize_text(f"{text}{stop}").rstrip().endswith(stop)


@SETTINGS
@given(PLAIN, st.sampled_from(["", ".", "?", "!"]))
def test_text_with_no_semiotic_tokens_comes_back_unchanged(text, stop):
    capitalised = text[:1].upper() + text[1:] + stop
    assert normalize_text(capitalised) == capitalised


@SETTINGS
@given(SENTENCES)
def test_idempotent_on_its_own_output(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@hypothesis_settings(max_examples=400, deadline=None)
@given(st.text())
def test_never_raises_and_is_deterministic_on_any_text(text):
    first = normalize_text(text)
    assert isinstance(first, str) and normalize_text(text) == first


@SETTINGS
@given(SENTENCES)
def test_word_map_covers_every_spoken_word_in_order(text):
    result = normalize(text)
    assert [w.text for w in result.words] == result.spoken.split()
    for word in result.words:
        assert 0 <= word.start <= word.end <= len(text)
    starts = [w.start for w in result.words]
    assert starts == sorted(starts)


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_every_integer_becomes_words_only(value):
    spoken = normalize_text(f"{value:,} boats")
    assert not re.search(r"\d", spoken)
    assert spoken.endswith("boats")
