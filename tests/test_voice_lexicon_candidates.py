"""scripts/find_voice_lexicon.py's rules: which respellings and phoneme variants it tries for a word the voice says
badly, and the same-sounds rule that keeps only those with the word's dictionary pronunciation."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

ROOT = Path(__file__).resolve().parent.parent
_SPEC = importlib.util.spec_from_file_location("find_voice_lexicon", ROOT / "scripts" / "find_voice_lexicon.py")
lexicon_script = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(lexicon_script)


@pytest.mark.parametrize("a, b, same", [
    ("lˌoʊkəmˈoʊɾɪv", "loʊkəmˈoʊɾɪv", True), ("lˌoʊkəmˈoʊɾɪv", "lˌoʊ-kə-mˈoʊ-ɾɪv", True),
    ("ˈɔfən", "ˈɔːfən", True), ("bᵻtwˈiːn", "bᵻ twˈiːn", True), ("mˌɪnɪsˈoʊɾə", "mɪ.nɪ.sˈoʊ.ɾə", True),
    ("ˈɔfən", "ˈɔftən", False), ("bᵻtwˈiːn", "ðætwˈiː", False), ("lˈɛstɚ", "lˈaɪsɛstɚ", False),
    ("ʃˈʊɹ", "ʃˈɔːɹ", False), ("", "ə", False)])
def test_same_sounds_forgives_only_stress_length_and_breaks(a, b, same):
    assert lexicon_script.same_sounds(a, b) is same


@given(st.text(alphabet="pbtdkɹlmnsʃæɑɪiuoʊəɛɚ", min_size=1, max_size=12),
       st.lists(st.tuples(st.integers(0, 12), st.sampled_from(list("ˈˌː.-"))), max_size=4))
def test_same_sounds_holds_for_any_placement_of_marks_and_breaks(ipa, marks):
    marked = ipa
    for at, mark in sorted(marks, reverse=True):
        marked = marked[:at] + mark + marked[at:]
    assert lexicon_script.same_sounds(ipa, marked)


@pytest.mark.parametrize("word, breaks", [
    ("locomotive", ["lo-co-mo-tive", "lo-comotive", "loco-motive", "locomo-tive"]), ("winter", ["win-ter"]),
    ("father", ["fa-ther"]), ("Minnesota", ["Min-ne-so-ta", "Min-nesota", "Minne-sota", "Minneso-ta"]),
    ("sure", []), ("make", []), ("Iraq", ["I-raq"])])
def test_respellings_split_the_word_at_its_syllables(word, breaks):
    assert lexicon_script.syllable_respellings(word) == breaks


def _bare(ipa: str) -> str:
    return "".join(ch for ch in ipa if ch not in lexicon_script.IGNORED)


@pytest.mark.parametrize("ipa, name", [("lˌoʊkəmˈoʊɾɪv", False), ("bᵻtwˈiːn", False), ("ˈɔfən", False),
                                       ("mˌɪnɪsˈoʊɾə", True), ("ˈændʒəlɪs", True), ("pjˈuːtɪn", True),
                                       ("kɹˌɪstɪˈænᵻɾi", False), ("ʃˈʊɹ", False)])
def test_phoneme_variants_keep_the_words_sounds_and_a_dictionary_words_stress(ipa, name):
    variants = lexicon_script.phoneme_variants(ipa, move_stress=name)
    assert variants and ipa not in variants and len(variants) == len(set(variants))
    assert all(_bare(v) == _bare(ipa) for v in variants)
    primary = _bare(ipa[:ipa.find("ˈ")]) if "ˈ" in ipa else ""
    for variant in variants:
        assert variant.count("ˈ") == 1 and "--" not in variant and not variant.startswith("-")
        if not name:  # the primary stress stays on its syllable
            assert _bare(variant[:variant.find("ˈ")]) == primary, variant
    for affricate in ("dʒ", "tʃ"):
        assert all(affricate in v.replace("-", "") for v in variants if affricate in ipa)
        assert not any(f"{affricate[0]}-{affricate[1]}" in v for v in variants)


def test_phoneme_variants_try_breaks_length_and_for_names_other_stress():
    said = lexicon_script.phoneme_variants("lˌoʊkəmˈoʊɾɪv", move_stress=False)
    assert {"loʊkəmˈoʊɾɪv", "lˌoʊkə-mˈoʊɾɪv", "lˌoʊ-kə-mˈoʊ-ɾɪv"} <= set(said)
    assert "bᵻ-twˈiːn" in lexicon_script.phoneme_variants("bᵻtwˈiːn", move_stress=False)  # "tw" starts a syllable
    assert "ˈɔːfən" in lexicon_script.phoneme_variants("ˈɔfən", move_stress=False)
    names = lexicon_script.phoneme_variants("ɪɹˈæk", move_stress=True)
    assert "ˈɪɹæk" in names and "ɪɹˈæːk" in names


@pytest.mark.parametrize("ipa, moved, apart", [("lˈiːɑːn", "liːˈɑːn", "lˈiː-ɑːn"), ("ɹˈiːoʊ", "ɹiːˈoʊ", "ɹˈiː-oʊ"),
                                               ("lˈuːɪs", "luːˈɪs", "lˈuː-ɪs"), ("nˈiːoʊ", "niːˈoʊ", "nˈiː-oʊ")])
def test_a_vowel_after_a_long_one_is_another_syllable(ipa, moved, apart):
    """Names in hiatus (Leon, Rio, Luis, Neo): the stress may move to the second vowel, and the two may part."""
    names = lexicon_script.phoneme_variants(ipa, move_stress=True)
    assert moved in names and apart in names
    assert moved not in lexicon_script.phoneme_variants(ipa, move_stress=False)


def test_candidates_put_syllable_respellings_first_and_keep_only_same_sounding_ones():
    own = "fˈɑːðɚ"
    sounds = {"fa-ther": "fˈɑːðɚ", "fat-her": "fˈæthɜː", "fa ther": "fˈɑː ðɚ", "fath-er": "fˈæθɚ"}
    found = lexicon_script.candidates_for("father", own, sounds)
    assert found[0] == "fa-ther" and "fat-her" not in found and "fath-er" not in found
    assert any(c.startswith("[[") for c in found) and len(found) <= lexicon_script.MAX_CANDIDATES


@pytest.mark.slow
def test_a_rerun_with_fix_only_reuses_the_screen_and_confirm_stages(tmp_path):
    """--fix-only tries no new word: the words already confirmed bad get the new candidates, nothing is screened."""
    state = tmp_path / "state.jsonl"
    rows = [["screen", "hello", "hello", 0, True], ["screen", "often", "often", 0, False],
            ["confirm", "often", "often", 1, False]]
    state.write_text("".join(json.dumps(row) + "\n" for row in rows), "utf-8")
    out = tmp_path / "voice.toml"
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "find_voice_lexicon.py"), "--fix-only",
                           "--minutes", "10", "--state", str(state), "--out", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    seen = [json.loads(line) for line in state.read_text("utf-8").splitlines()]
    assert seen[:3] == rows
    assert {row[0] for row in seen[3:]} <= {"fix", "fix-confirm"} and any(row[0] == "fix" for row in seen[3:])
    assert {row[1] for row in seen[3:]} == {"often"}
    assert "1 heard wrong twice" in out.read_text("utf-8")


class _Heard:
    """A recognizer that hears right only the (word, spoken) pairs given, and counts what it was asked."""

    def __init__(self, right: set[tuple[str, str]]) -> None:
        self.right, self.asked = right, []

    def __call__(self, voice, items, carrier, threads):
        self.asked += [(carrier, *item) for item in items]
        return [item in self.right for item in items]


@pytest.mark.parametrize("order", [0, 1])
def test_fixing_goes_in_rounds_best_candidate_first_and_a_fixed_word_tries_no_more(tmp_path, monkeypatch, order):
    candidates = {"often": ["of-ten", "[[ˈɔːfən]]", "oft-en"], "between": ["be-tween", "[[bᵻ-twˈiːn]]"],
                  "Iraq": ["I-raq"]}
    candidates = dict(list(candidates.items())[::-1] if order else candidates.items())
    heard = _Heard({("often", "[[ˈɔːfən]]"), ("often", "oft-en"), ("between", "be-tween"), ("Iraq", "I-raq")})
    monkeypatch.setattr(lexicon_script, "heard_right", heard)
    state = lexicon_script.State(tmp_path / "state.jsonl")
    fixes = lexicon_script.fix_in_rounds(None, state, candidates, 1, time.monotonic() + 60)
    assert fixes == {"often": "[[ˈɔːfən]]", "between": "be-tween", "Iraq": "I-raq"}
    assert (2, "often", "oft-en") not in heard.asked and (2, "between", "[[bᵻ-twˈiːn]]") not in heard.asked
    assert {item for item in heard.asked if item[0] == 3} == {(3, w, c) for w, c in fixes.items()}
    again = _Heard(set())  # a rerun on the same state hears nothing again and finds the same fixes
    monkeypatch.setattr(lexicon_script, "heard_right", again)
    assert lexicon_script.fix_in_rounds(None, lexicon_script.State(state.path), candidates, 1,
                                        time.monotonic() + 60) == fixes and not again.asked


def test_fixing_past_its_deadline_hears_nothing_and_keeps_what_the_state_heard(tmp_path, monkeypatch):
    heard = _Heard({("often", "of-ten"), ("between", "[[bᵻ-twˈiːn]]")})
    monkeypatch.setattr(lexicon_script, "heard_right", heard)
    state = lexicon_script.State(tmp_path / "state.jsonl")
    state.record([("fix", "between", "be-tween", 2, False), ("fix", "between", "[[bᵻ-twˈiːn]]", 2, True),
                  ("fix-confirm", "between", "[[bᵻ-twˈiːn]]", 3, True)])
    candidates = {"often": ["of-ten"], "between": ["be-tween", "[[bᵻ-twˈiːn]]"]}
    assert lexicon_script.fix_in_rounds(None, state, candidates, 1, time.monotonic() - 1) == {
        "between": "[[bᵻ-twˈiːn]]"}
    assert not heard.asked


@pytest.mark.parametrize("own, fix, moved", [
    ("pjˈuːtɪn", "[[pjuːtˈɪn]]", True), ("ɪslˈɑːm", "[[ˈɪslɑːm]]", True), ("mʊmbˈaɪ", "[[mˈʊmbaɪ]]", True),
    ("stˈiːvən", "[[sˈtiːvən]]", False), ("ɪdʒˈɪpʃən", "[[ɪdˈʒɪpʃən]]", False), ("tˈoːɹi", "[[ˈtoːɹi]]", False),
    ("ˈæbət", "[[ˈæ-bət]]", False), ("lˈiːɑːn", "[[liːˈɑːn]]", True), ("ɹᵻmˈuːvd", "[[ɹᵻ-mˈuːvd]]", False),
    ("ˈɪnkɹiːst", "in-creased", False)])
def test_a_fix_that_moves_the_stress_is_marked_for_an_ear(tmp_path, own, fix, moved):
    assert lexicon_script.stress_moved(own, fix) is moved
    out = tmp_path / "voice.toml"
    lexicon_script.write_lexicon(out, "v", {"Word": fix}, 10, 1, {"Word": own})
    assert ("confirm by ear" in out.read_text("utf-8")) is moved
