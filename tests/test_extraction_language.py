"""Article language: declared by the page, else detected; English is normalized and read by the English voice,
another language by an installed voice of it (as written), or refused naming the language and the voices."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from narrator.article import parse
from narrator.config import Settings
from narrator.engines.fake import FakeEngine
from narrator.errors import UnsupportedInputError, UnsupportedLanguageError
from narrator.language import detect, tag
from narrator.pipeline import extract_article, narrate, prepare_article, prepare_script
from narrator.testing.server import Server
from narrator.testing.transcripts import spoken
from narrator.voicing import voice_for

FRENCH = [
    "Le moulin à marée de l'estuaire a tourné de nouveau dimanche, pour la première fois depuis la guerre. Deux "
    "cents personnes étaient venues voir la roue moudre un premier sac de farine.",
    "Les bénévoles ont passé six hivers à reconstruire la roue et les vannes. L'association affirme que le moulin "
    "sera ouvert au public chaque week-end, de Pâques jusqu'à la fin du mois d'octobre.",
    "« Nous n'y croyions plus », raconte une habitante du village, qui se souvient d'avoir joué près du bief quand "
    "elle était enfant. Il reste 3 km de digue à réparer avant l'hiver.",
]
CHINESE = [
    "河口的老潮汐磨坊星期天重新转动起来了，这是战后第一次。两百多人来到岸边，看着水轮磨出第一袋面粉。",
    "志愿者们花了六个冬天重建水轮和闸门。协会说，从复活节到十月底，磨坊每个周末都会向游客开放。",
    "一位村民说，她小时候常在水渠边玩耍，没想到还能再看到水轮转动。冬天来临之前，还有三公里的堤坝需要修好。",
]
ENGLISH = [
    "The tide mill on the estuary turned again on Sunday for the first time since the war, grinding a sack of flour "
    "in front of two hundred people who had come to watch the wheel.",
    "Volunteers spent six winters rebuilding the wheel and the sluice gates. The trust says the mill will open to "
    "visitors every weekend from Easter until the end of October, and the repairs cost £5m.",
]


def html_page(paragraphs: list[str], lang: str | None, title: str = "Le moulin tourne encore", meta: str = "") -> str:
    attribute = f" lang='{lang}'" if lang is not None else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html{attribute}><head><meta charset='utf-8'><title>{title}</title>{meta}</head>"
            f"<body><article><h1>{title}</h1>{body}</article></body></html>")


@pytest.mark.parametrize("declared, expected", [
    ("fr", "fr"), ("FR", "fr"), ("fr-fr", "fr-FR"), ("fr_CA", "fr-CA"), ("en-us", "en-US"), ("zh-hant-tw", "zh-Hant-TW"),
    (" de-DE ", "de-DE"), ("pt-BR,en", "pt-BR"), ("", ""), ("und", ""), ("x", ""), ("english", ""), ("12", ""),
])
def test_declared_languages_become_bcp_47_tags(declared, expected):
    assert tag(declared) == expected


@pytest.mark.parametrize("lang, meta, expected", [
    ("fr", "", "fr"),
    ("fr-FR", "", "fr-FR"),
    ("en-GB", "", "en-GB"),
    (None, "<meta http-equiv='Content-Language' content='fr'>", "fr"),
    (None, "<meta property='og:locale' content='fr_FR'>", "fr-FR"),
    (None, "", "fr"),      # nothing declared: the text tells
    ("", "", "fr"),
])
def test_an_html_pages_language_is_its_declaration_else_its_text(lang, meta, expected):
    assert parse(html_page(FRENCH, lang, meta=meta), "html").language == expected


@pytest.mark.parametrize("fmt, source, expected", [
    ("text", "\n\n".join(FRENCH), "fr"),
    ("markdown", "# Le moulin\n\n" + "\n\n".join(FRENCH), "fr"),
    ("text", "\n\n".join(ENGLISH), "en"),
    ("markdown", "## The mill\n\n" + "\n\n".join(ENGLISH), "en"),
    ("text", "Bonjour tout le monde.", "en"),            # too short to tell: the default
    ("text", "Ready.", "en"),
])
def test_plain_text_and_markdown_are_detected_from_their_text(fmt, source, expected):
    assert parse(source, fmt).language == expected


def test_short_or_mixed_text_is_english_unless_clearly_not():
    assert detect("word " * 30) == "en"
    assert detect(" ".join(FRENCH)) == "fr"
    assert detect(" ".join(ENGLISH), declared="en-AU") == "en-AU"


def test_english_goes_through_the_normalizer_and_another_language_is_read_as_written(settings):
    english = prepare_script(parse("\n\n".join(ENGLISH), "text"), FakeEngine(), settings)
    assert any("five million pounds" in s.spoken for c in english.chapters for s in c.sentences)
    french = prepare_script(parse("\n\n".join(FRENCH), "text"), FakeEngine(), settings)
    spoken = [s.spoken for c in french.chapters for s in c.sentences if s.in_transcript]
    assert any("3 km" in s for s in spoken) and not any("kilomet" in s for s in spoken)


def test_a_language_no_installed_voice_speaks_is_refused_naming_it_and_the_voices(settings):
    fake = Settings.load(env={}, engine="fake", out_dir=settings.out_dir)
    with pytest.raises(UnsupportedLanguageError) as caught:
        prepare_article(html_page(FRENCH, "fr"), settings=fake)
    message = str(caught.value)
    assert "French (fr)" in message and "speak en" in message
    assert isinstance(caught.value, UnsupportedInputError) and caught.value.code == "unsupported_language"
    assert extract_article(html_page(FRENCH, "fr"), settings=fake).language == "fr"  # extraction itself never refuses


def test_english_keeps_the_configured_voice(settings):
    assert voice_for("en-GB", settings).engine == settings.engine
    assert voice_for("", settings).voice == settings.voice


@pytest.mark.parametrize("language, voice", [
    ("zh", "cmn"), ("zh-CN", "cmn"), ("zh-Hans", "cmn"), ("zh-Hant-TW", "cmn"), ("ZH_cn", "cmn"), ("zh-HK", "yue"),
    ("yue", "yue"), ("cmn", "cmn"), ("no", "nb"), ("nb-NO", "nb"), ("es-MX", "es-419"), ("es-AR", "es-419"),
    ("es-ES", "es"), ("es", "es"), ("pt-BR", "pt-br"), ("fr-CA", "fr"), ("ms", "ms"), ("fa-IR", "fa"),
])
def test_a_macrolanguage_is_read_by_a_voice_of_its_usual_member_and_region(tmp_path, language, voice):
    """espeak-ng names Chinese voices by their individual languages (cmn Mandarin, yue Cantonese, hak Hakka) and its
    pinyin voice 'cmn-latn-pinyin' reads Latin letters: a page in 'zh' is read by Mandarin in Chinese script."""
    settings = Settings.load(env={}, engine="auto", out_dir=str(tmp_path / "out"), cache_dir=str(tmp_path / "cache"))
    choice = voice_for(language, settings)
    assert choice.engine == "pyttsx3" and choice.voice.rsplit("/", 1)[-1] == voice, choice


@pytest.mark.parametrize("paragraphs, expected", [(CHINESE, "zh"), (CHINESE[:2], "zh"), (FRENCH, "fr")])
def test_text_without_spaces_between_words_is_detected_by_its_characters(paragraphs, expected):
    """Chinese puts no spaces between words: its characters count toward the words a language is told by."""
    assert detect("\n\n".join(paragraphs)) == expected
    assert detect(" ".join(p.replace("，", " ") for p in paragraphs)) == expected


@pytest.mark.slow
def test_a_chinese_page_is_read_by_the_installed_mandarin_voice(tmp_path):
    settings = Settings.load(env={}, engine="auto", out_dir=str(tmp_path / "out"), cache_dir=str(tmp_path / "cache"))
    result = narrate("\n\n".join(CHINESE), fmt="text", settings=settings, cache=False)
    assert result.engine == "pyttsx3" and result.duration_s > 10
    assert "水轮" in spoken(Path(result.transcript_path).read_text("utf-8"))


@pytest.fixture(scope="module")
def fake_server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("language"))
    yield running
    running.stop()


@pytest.mark.parametrize("how", ["raw", "json"])
def test_the_api_refuses_an_unspoken_language_with_422(fake_server, how):
    page = html_page(FRENCH, "fr")
    if how == "raw":
        response = requests.post(fake_server.base + "/api/narrations", data=page.encode(),
                                 headers={"Content-Type": "text/html"}, timeout=60)
    else:
        response = requests.post(fake_server.base + "/api/narrations", json={"text": "\n\n".join(FRENCH)}, timeout=60)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "unsupported_language"
    assert "French" in error["message"] and "en" in error["message"]


def test_the_cli_refuses_an_unspoken_language_with_exit_2(tmp_path):
    source = tmp_path / "moulin.html"
    source.write_text(html_page(FRENCH, "fr"), "utf-8")
    env = dict(os.environ, NARRATOR_ENGINE="fake", NARRATOR_CACHE_DIR=str(tmp_path / "cache"),
               NARRATOR_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-m", "narrator", "narrate", str(source), "--out", str(tmp_path / "out")],
                            capture_output=True, env=env, cwd=tmp_path, timeout=300)
    assert result.returncode == 2
    line = result.stderr.decode().strip().splitlines()[-1]
    assert "French (fr)" in line and "installed voices" in line


@pytest.mark.slow
def test_a_french_page_is_read_by_an_installed_french_voice(tmp_path):
    settings = Settings.load(env={}, engine="auto", out_dir=str(tmp_path / "out"), cache_dir=str(tmp_path / "cache"))
    choice = voice_for("fr", settings)
    assert choice.engine == "pyttsx3" and choice.voice.endswith("/fr")  # espeak-ng's French, not fr-BE or fr-CH
    result = narrate(html_page(FRENCH, "fr"), fmt="html", settings=settings, cache=False)
    assert result.engine == "pyttsx3" and result.title == "Le moulin tourne encore"
    assert result.mp3_path.stat().st_size > 10_000 and result.duration_s > 20
    assert "moulin à marée" in spoken(Path(result.transcript_path).read_text("utf-8"))


@pytest.mark.parametrize("text, expected", [
    ("今日は町の図書館が新しくなりました。子どもたちは朝から本を選び、大人は静かな読書室で新聞を読んでいました。" * 2, "ja"),
    ("오늘 마을 도서관이 새로 문을 열었습니다. 아이들은 아침부터 책을 고르고 어른들은 조용한 열람실에서 신문을 읽었습니다." * 2, "ko"),
    ("镇上的图书馆今天重新开放了。孩子们一早就来挑书，大人们在安静的阅览室里看报纸。" * 2, "zh"),
])
def test_chinese_japanese_and_korean_are_told_by_their_script_when_the_detector_is_unsure(text, expected):
    assert detect(text) == expected
