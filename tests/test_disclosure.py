"""Every narration says its voice is synthetic: a signed C2PA manifest, ID3 tags, the feed, the player and widget."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import requests
from mutagen.id3 import ID3

from narrator import provenance
from narrator.config import Settings
from narrator.engines.fake import FakeEngine
from narrator.errors import AudioError
from narrator.pipeline import narrate, prepare_article, prepare_script
from narrator.provenance import DIGITAL_SOURCE_TYPE, NO_MANIFEST, Credentials, read_manifest

from .browser import chromium
from .certs import make_signing_files
from .conftest import ffprobe_json
from .server import ARTICLE, Server

SOURCE = "https://gazette.example/2026/allotments"
TEXT = ("# Allotments\n\nThe waiting list for allotments fell this year. New plots opened by the river.\n\n"
        "## Next year\n\nThe council will split the largest plots in two. Growers will be asked first.")


@pytest.fixture(scope="module")
def signing(tmp_path_factory):
    return make_signing_files(tmp_path_factory.mktemp("ca"))


def signed_settings(tmp_path: Path, files, **overrides) -> Settings:
    return Settings.load(env={}, out_dir=str(tmp_path / "out"), cache_dir=str(tmp_path / "cache"),
                         c2pa_cert_file=str(files.chain), c2pa_key_file=str(files.key), **overrides)


def id3_frames(path: Path) -> dict[str, str]:
    tags = ID3(str(path))
    return {key: str(frame) for key, frame in tags.items() if key.startswith(("COMM", "TXXX"))}


@pytest.mark.parametrize("algorithm, alg", [("ec", "Es256"), ("rsa", "Ps256")])
def test_the_mp3_carries_a_signed_manifest_saying_a_trained_model_made_the_voice(tmp_path, algorithm, alg):
    files = make_signing_files(tmp_path / "ca", algorithm)
    result = narrate(TEXT, url=SOURCE, settings=signed_settings(tmp_path, files), engine=FakeEngine(voice="tone-7"))
    assert result.signed
    data = result.mp3_path.read_bytes()
    state, manifest = read_manifest(data, files.anchor.read_text())
    assert state == "Trusted"  # a valid signature chaining to the operator's CA
    assert read_manifest(data)[0] == "Valid"  # signature valid; the CA is just not on the default trust list
    created = manifest["assertions"][0]["data"]["actions"][0]
    assert created["action"] == "c2pa.created" and created["digitalSourceType"] == DIGITAL_SOURCE_TYPE
    assert created["softwareAgent"]["name"] == "narrator"
    ours = next(a["data"] for a in manifest["assertions"] if a["label"] == provenance.ASSERTION_LABEL)
    assert ours["tool"] == "narrator" and ours["voice"] == "tone-7" and ours["engine"] == "fake"
    assert ours["source_url"] == SOURCE and "synthetic" in ours["disclosure"]
    assert manifest["signature_info"]["alg"] == alg
    assert manifest["signature_info"]["common_name"] == "Test newsroom narrations"
    # The manifest lives in an ID3 GEOB frame beside the chapter frames: both survive, in either reader.
    chapters = ffprobe_json(result.mp3_path, "-show_chapters")["chapters"]
    assert [c["tags"]["title"] for c in chapters] == [c.title for c in result.chapters]
    assert [round(float(c["start_time"]), 2) for c in chapters] == [round(c.start_s, 2) for c in result.chapters]
    frames = id3_frames(result.mp3_path)
    assert "synthetic voice" in frames["COMM:disclosure:eng"]
    assert frames["TXXX:DIGITAL_SOURCE_TYPE"] == DIGITAL_SOURCE_TYPE
    assert "GEOB" in "".join(ID3(str(result.mp3_path)).keys())


def test_a_changed_byte_of_audio_breaks_the_signature(tmp_path, signing):
    result = narrate(TEXT, settings=signed_settings(tmp_path, signing), engine=FakeEngine())
    data = bytearray(result.mp3_path.read_bytes())
    data[len(data) * 2 // 3] ^= 0x5A
    assert read_manifest(bytes(data), signing.anchor.read_text())[0] == "Invalid"


def test_without_a_key_the_manifest_is_left_out_noted_once_and_the_tags_still_say_it(tmp_path, caplog,
                                                                                           monkeypatch):
    monkeypatch.setattr(provenance, "_warned_unsigned", type(provenance._warned_unsigned)())
    settings = Settings.load(env={}, out_dir=str(tmp_path / "out"), cache_dir=str(tmp_path / "cache"))
    with caplog.at_level(logging.INFO, logger="narrator.provenance"):
        first = narrate(TEXT, settings=settings, engine=FakeEngine(), slug="one")
        narrate(TEXT.replace("river", "canal"), settings=settings, engine=FakeEngine(), slug="two")
    notes = [r for r in caplog.records if "no C2PA signing key" in r.getMessage()]
    assert len(notes) == 1 and notes[0].levelno == logging.INFO and not first.signed  # -v shows it; a plain run not
    assert read_manifest(first.mp3_path.read_bytes()) == (NO_MANIFEST, None)
    assert "synthetic voice" in id3_frames(first.mp3_path)["TXXX:SYNTHETIC_VOICE"]


@pytest.mark.parametrize("break_it, message", [
    (lambda files: files.key.unlink(), "cannot read the C2PA signing certificate or key"),
    (lambda files: files.key.write_text("not a key"), "cannot read the C2PA signing certificate or key"),
    (lambda files: files.chain.write_text("nothing here"), "holds no PEM certificate"),
])
def test_unusable_credentials_are_refused_with_the_reason(tmp_path, break_it, message):
    files = make_signing_files(tmp_path / "ca")
    break_it(files)
    with pytest.raises(AudioError, match=message):
        Credentials.from_files(str(files.chain), str(files.key))


def test_a_key_of_an_unsupported_kind_is_refused(tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    files = make_signing_files(tmp_path / "ca")
    files.key.write_bytes(ec.generate_private_key(ec.SECP256K1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    with pytest.raises(AudioError, match="must be EC"):
        Credentials.from_files(str(files.chain), str(files.key))


@pytest.mark.parametrize("template, spoken", [
    ("{title}. Narrated by {narrator}. {disclosure}", True),
    ("{disclosure} {title}{by_author}.", True),
    ("{title}{by_author}. Narrated by {narrator}.", False),
])
def test_the_intro_can_speak_the_disclosure(tmp_path, template, spoken):
    settings = Settings.load(env={}, intro_template=template, disclosure="This is a computer voice.")
    script = prepare_script(prepare_article(TEXT, settings=settings), FakeEngine(), settings)
    intro = [s for s in script.sentences if not s.in_transcript]
    assert ("This is a computer voice." in " ".join(s.text for s in intro)) is spoken
    assert script.chapters[0].sentences == tuple(intro[:1])  # the first part a listener hears is one sentence


@pytest.mark.slow
def test_the_served_mp3_of_a_real_voice_is_signed_plays_in_chromium_and_says_synthetic_everywhere(tmp_path, signing):
    server = Server(tmp_path, engine="piper", NARRATOR_C2PA_CERT_FILE=str(signing.chain),
                    NARRATOR_C2PA_KEY_FILE=str(signing.key))
    try:
        narration = server.wait(server.submit(text=ARTICLE, title="The pier reopens", url=SOURCE)["id"])
        assert narration["status"] == "done", narration
        served = requests.get(narration["audio_url"], timeout=10).content
        state, manifest = read_manifest(served, signing.anchor.read_text())
        assert state == "Trusted"
        ours = next(a["data"] for a in manifest["assertions"] if a["label"] == provenance.ASSERTION_LABEL)
        assert ours["engine"] == "piper" and ours["voice"] == "en_US-joe-medium" and ours["source_url"] == SOURCE
        (tmp_path / "served.mp3").write_bytes(served)
        chapters = ffprobe_json(tmp_path / "served.mp3", "-show_chapters")["chapters"]
        assert [c["tags"]["title"] for c in chapters] == [c["title"] for c in narration["chapters"]]

        feed = requests.get(server.base + "/feed.xml", timeout=10).text
        assert Settings.load(env={}).disclosure in feed

        with chromium() as browser:
            page = browser.new_page()
            page.goto(narration["player_url"])
            badge = page.locator("#synthetic")
            assert badge.inner_text() == "Synthetic voice"
            assert page.evaluate("document.getElementById('synthetic').previousElementSibling.id") == "narrated-by"
            page.click("#play")
            page.wait_for_function("() => document.getElementById('audio').currentTime > 1.0", timeout=30_000)
            assert page.evaluate("document.getElementById('audio').error") is None

            page.set_content(f'<main><h1>The pier</h1><script src="{server.base}/embed.js" '
                             f'data-narration="{narration["id"]}"></script></main>')
            page.wait_for_selector("[data-narrator-widget]")
            page.wait_for_function("() => document.querySelector('[data-narrator-widget]').shadowRoot"
                                   ".querySelector('.badge')")
            label = page.evaluate("document.querySelector('[data-narrator-widget]').shadowRoot"
                                  ".querySelector('button').innerText")
            assert "Joe" in label and "Synthetic voice" in label
    finally:
        server.stop()
