"""Voice lexicons: the fixes shipped for one voice apply to that voice only, under the lexicon file and the
editors' entries, and every shipped fix keeps the word's dictionary pronunciation."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from narrator import lexicon
from narrator.config import Settings
from narrator.lexicon import VOICE_LEXICONS, Entry, voice_lexicon
from narrator.pipeline import normalizer_for

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def voices(tmp_path, monkeypatch):
    folder = tmp_path / "voices"
    folder.mkdir()
    (folder / "en_US-test-medium.toml").write_text(
        '[words]\n"locomotive" = "[[loʊkəmˈoʊɾɪv]]"\n"between" = "be-tween"\n"Reading" = "Redding"\n', "utf-8")
    monkeypatch.setattr(lexicon, "VOICE_LEXICONS", folder)
    return folder


@pytest.mark.parametrize("written, said", [
    ("The locomotive left.", "The [[loʊkəmˈoʊɾɪv]] left."), ("LOCOMOTIVE", "[[loʊkəmˈoʊɾɪv]]"),
    ("Locomotive sheds", "[[loʊkəmˈoʊɾɪv]] sheds"), ("Trains ran between towns", "Trains ran be-tween towns"),
    ("Reading is a town", "Redding is a town"), ("reading a book", "reading a book"),
    ("locomotives", "locomotives")])
def test_the_voice_says_its_fixes_in_every_case_form_and_nothing_else(voices, settings, written, said):
    assert normalizer_for(settings, (), "en_US-test-medium").normalize(written) == said


def test_other_voices_and_the_setting_off_leave_the_words_alone(voices, settings):
    for voice in ("en_US-other-medium", "", "../voices/en_US-test-medium"):
        assert normalizer_for(settings, (), voice).normalize("The locomotive") == "The locomotive"
    off = Settings.load(**{**settings.__dict__, "voice_lexicon": False})
    assert normalizer_for(off, (), "en_US-test-medium").normalize("The locomotive") == "The locomotive"


def test_editors_entries_and_the_lexicon_file_win(voices, settings, tmp_path):
    editor = normalizer_for(settings, [Entry("locomotive", "respelling", "loco-motive")], "en_US-test-medium")
    assert editor.normalize("Locomotive and locomotive") == "loco-motive and loco-motive"
    config = tmp_path / "config"
    config.mkdir()
    (config / "lexicon.toml").write_text('[words]\n"between" = "bee-tween"\n', "utf-8")
    seeded = Settings.load(**{**settings.__dict__, "config_dir": str(config)})
    assert normalizer_for(seeded, (), "en_US-test-medium").normalize("between Between") == "bee-tween Between"


def phonemes(text: str) -> str:
    return subprocess.run(["espeak-ng", "-q", "-x", "--ipa", "-v", "en-us", text], capture_output=True, text=True,
                          check=True).stdout.strip()


def bare(ipa: str) -> str:
    return "".join(ch for ch in ipa if ch not in "ˈˌː. -‿\n")


SHIPPED = sorted(VOICE_LEXICONS.glob("*.toml"))


def test_the_default_voice_has_its_lexicon_in_the_package():
    assert VOICE_LEXICONS / "en_US-joe-medium.toml" in SHIPPED
    assert "defaults/voices/*.toml" in (ROOT / "pyproject.toml").read_text("utf-8")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_fix_keeps_the_words_dictionary_pronunciation(path):
    """Only stress, length or a syllable break may differ from espeak-ng's phonemes for the word itself."""
    from narrator.normalize import load_lexicon

    for word, value in load_lexicon(str(path)).items():
        said = value[2:-2] if value.startswith("[[") else phonemes(value)
        assert bare(said) == bare(phonemes(word)), (word, value)
