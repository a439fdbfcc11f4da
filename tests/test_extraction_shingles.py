"""The benchmark's words: a CJK character is a word of its own, a run of other letters or digits is one word, and a
word of one script never runs into the next script's characters."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from narrator.testing.shingles import score, tokens

LATIN = ["Store", "Wi-Fi", "café", "ÜBER", "x2"]
CJK = ["および", "アプリ", "日本語", "한국어", "中文"]


@pytest.mark.parametrize("latin", LATIN)
@pytest.mark.parametrize("cjk", CJK)
@pytest.mark.parametrize("order", ["latin first", "cjk first"])
@pytest.mark.parametrize("gap", ["", " ", "、", "・"])
def test_a_latin_word_and_cjk_characters_are_separate_words_whatever_their_order_and_gap(latin, cjk, order, gap):
    text = f"{latin}{gap}{cjk}" if order == "latin first" else f"{cjk}{gap}{latin}"
    words = [w for w in tokens(latin)]
    expected = words + list(cjk) if order == "latin first" else list(cjk) + words
    assert tokens(text) == [w.lower() for w in expected]


def test_latin_and_digits_stay_one_word_and_punctuation_splits():
    assert tokens("Wi-Fi 6E, on iOS17.2: OK") == ["wi", "fi", "6e", "on", "ios17", "2", "ok"]


_LETTERS = st.text(alphabet=st.sampled_from("abcxyzÉéß0123"), min_size=1, max_size=6)
_IDEOGRAMS = st.text(alphabet=st.sampled_from("日本語中文かなカナ한국"), min_size=1, max_size=4)


@given(st.lists(st.one_of(_LETTERS, _IDEOGRAMS), min_size=1, max_size=12))
def test_gluing_scripts_together_changes_no_word(pieces):
    """Words of text written without spaces between scripts are the words of the same text with spaces."""
    assert tokens("".join(pieces)) == tokens(" ".join(pieces)) or _adjacent_same_script(pieces)


def _adjacent_same_script(pieces: list[str]) -> bool:
    """Two Latin pieces side by side do make one word when glued: only a change of script must split."""
    latin = [not any("\u3040" <= ch for ch in piece) for piece in pieces]
    return any(a and b for a, b in zip(latin, latin[1:]))


def test_a_page_whose_latin_words_touch_cjk_text_scores_its_own_words():
    expected = "フリーWi-Fiプロテクションは、App Storeおよび、Google Playにて販売され"
    assert score(expected, expected).recall == 1.0
    spaced = "フリー Wi-Fi プロテクションは、App Store および、Google Play にて販売され"
    assert score(spaced, expected).precision == 1.0 and score(spaced, expected).recall == 1.0
