"""Word-level read-along and the pronunciation workflow in headless Chromium, with the real Piper voice."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
import requests

from narrator.config import Settings
from narrator.script import intro_sentences
from narrator.testing.browser import submit_and_play, watched_page
from .conftest import FIXTURES
from narrator.testing.server import Server
from .test_player import serious_violations

pytestmark = pytest.mark.slow

KEY = "editor-key"
ARTICLE = (FIXTURES / "quay_names.md").read_text("utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("readalong-player"), engine="piper", NARRATOR_API_KEY=KEY)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def narration(server):
    response = requests.post(server.base + "/api/narrations", json={"text": ARTICLE, "format": "markdown"},
                             headers={"Authorization": f"Bearer {KEY}"}, timeout=30)
    assert response.status_code == 202, response.text
    return server.wait(response.json()["id"])


@pytest.fixture
def page(browser):
    with watched_page(browser, viewport={"width": 1000, "height": 700}) as opened:
        yield opened


def open_player(page, server: Server, narration: dict) -> None:
    page.goto(f"{server.base}/listen/{narration['id']}")
    page.wait_for_function("() => document.querySelectorAll('#transcript .word').length > 20")
    page.wait_for_function("() => document.getElementById('audio').readyState >= 1")


SAMPLE = """() => {
    const t = window.narratorPlayer.position(), starts = window.narratorPlayer.words();
    const current = document.querySelectorAll('#transcript .word.current');
    let expected = -1;
    for (let i = 0; i < starts.length; i++) { if (starts[i] <= t) { expected = i; } }
    const all = Array.from(document.querySelectorAll('#transcript .word'));
    return {t, expected, shown: current.length === 1 ? all.indexOf(current[0]) : -current.length,
            starts, rate: document.getElementById('audio').playbackRate};
}"""


@pytest.mark.parametrize("rate", ["1", "2"])
def test_the_word_being_played_is_highlighted(page, server, narration, rate):
    open_player(page, server, narration)
    page.select_option("#speed", rate)
    starts = page.evaluate("window.narratorPlayer.words()")
    assert starts == sorted(starts) and len(starts) > 100
    page.evaluate(f"window.narratorPlayer.seekTo({starts[30]})")
    page.click("#play")
    page.wait_for_function("() => !document.getElementById('audio').paused")
    seen = set()
    for _ in range(10):
        time.sleep(0.35)
        sample = page.evaluate(SAMPLE)
        assert sample["rate"] == float(rate)
        shown, expected, t = sample["shown"], sample["expected"], sample["t"]
        assert shown >= 0, "exactly one word is highlighted"
        # the highlight may trail the audio by one animation frame, never lead it
        late = shown == expected - 1 and t - sample["starts"][expected] < 0.05 * float(rate)
        assert shown == expected or late, (t, shown, expected)
        seen.add(shown)
    assert len(seen) >= 6  # it moved on word by word
    assert page.locator("#transcript .cue.current .word.current").count() == 1


def test_clicking_a_word_seeks_to_it(page, server, narration):
    open_player(page, server, narration)
    page.evaluate("""() => { window.seeked = []; document.getElementById('audio')
        .addEventListener('seeked', () => window.seeked.push(window.narratorPlayer.position())); }""")
    for index in (40, 7, 120):
        word = page.locator("#transcript .word").nth(index)
        start = float(word.get_attribute("data-start"))
        word.click()
        page.wait_for_function("() => window.seeked.length > 0 && !document.getElementById('audio').paused")
        assert abs(page.evaluate("window.seeked[window.seeked.length - 1]") - start) < 0.3
        page.wait_for_function("() => document.querySelector('#transcript .word.current') !== null")
        assert abs(float(page.locator("#transcript .word.current").get_attribute("data-start")) - start) < 0.3
        page.evaluate("window.seeked = []")


def test_follow_along_can_be_word_sentence_or_off_and_is_remembered(page, server, narration):
    open_player(page, server, narration)
    assert page.input_value("#follow") == "word"
    page.evaluate("window.narratorPlayer.seekTo(20)")
    page.click("#play")
    page.wait_for_function("() => document.querySelector('#transcript .word.current') !== null")
    page.select_option("#follow", "sentence")
    page.wait_for_function("() => document.querySelector('#transcript .cue.current') !== null")
    assert page.locator("#transcript .word.current").count() == 0
    page.select_option("#follow", "off")
    time.sleep(0.5)
    assert page.locator("#transcript .current").count() == 0
    page.reload()
    open_player(page, server, narration)
    assert page.input_value("#follow") == "off"
    page.select_option("#follow", "word")


def test_the_transcript_follows_the_word_unless_the_reader_scrolled_away(page, server, narration):
    open_player(page, server, narration)
    starts = page.evaluate("window.narratorPlayer.words()")
    page.evaluate(f"window.narratorPlayer.seekTo({starts[-25]})")
    page.click("#play")
    in_view = """() => { const w = document.querySelector('#transcript .word.current');
        if (!w) { return false; } const box = w.getBoundingClientRect();
        return box.top >= document.querySelector('.player').getBoundingClientRect().bottom && box.bottom <= innerHeight; }"""
    page.wait_for_function(in_view, timeout=10_000)
    assert page.evaluate("scrollY") > 200  # it scrolled down to the end of the article
    page.mouse.move(500, 500)
    page.mouse.wheel(0, -100_000)  # the reader goes back to the top
    page.wait_for_function("() => !document.getElementById('follow-jump').hidden")
    top = page.evaluate("scrollY")
    moved = page.evaluate("document.querySelector('#transcript .word.current').dataset.start")
    page.wait_for_function(f"() => document.querySelector('#transcript .word.current').dataset.start !== '{moved}'")
    time.sleep(1.0)
    assert page.evaluate("scrollY") == top and not page.evaluate(in_view)
    page.click("#follow-jump")
    page.wait_for_function(in_view)
    assert page.is_hidden("#follow-jump")


def test_the_highlight_is_announced_to_nobody(page, server, narration):
    open_player(page, server, narration)
    page.evaluate("""() => { window.chatter = [];
        new MutationObserver(m => window.chatter.push(...m.map(r => r.target.textContent)))
          .observe(document.body, {subtree: true, childList: true, characterData: true});
        window.live = () => Array.from(document.querySelectorAll('[aria-live], [role=status], [role=alert]'));
        window.before = window.live().map(e => e.textContent); }""")
    chapter_two = narration["chapters"][1]["start_s"] if len(narration["chapters"]) > 1 else 30
    page.evaluate(f"window.narratorPlayer.seekTo({chapter_two + 3})")  # well inside a chapter: no chapter change
    page.click("#play")
    time.sleep(3)
    words_changed = page.evaluate("document.querySelectorAll('#transcript .word').length")
    assert words_changed and page.evaluate("window.live().map(e => e.textContent)") == page.evaluate("window.before")
    for element in page.locator("#transcript .word.current, #transcript .cue.current").all():
        assert element.get_attribute("aria-live") is None and element.get_attribute("role") is None


def test_the_read_along_page_is_accessible_while_playing(page, server, narration):
    open_player(page, server, narration)
    page.evaluate("window.narratorPlayer.seekTo(15)")
    page.click("#play")
    page.wait_for_function("() => document.querySelector('#transcript .word.current') !== null")
    page.click("#play")
    assert serious_violations(page) == []
    page.emulate_media(color_scheme="dark")
    assert serious_violations(page) == []


def test_chromium_reads_the_word_timestamps_as_webvtt(page, server, narration):
    open_player(page, server, narration)
    native = page.evaluate("""url => new Promise((resolve, reject) => {
        const audio = document.createElement('audio'), track = document.createElement('track');
        track.kind = 'captions'; track.src = url; track.default = true;
        track.addEventListener('load', () => resolve(Array.from(track.track.cues, c => {
          const html = c.getCueAsHTML(), stamps = [];
          const walker = document.createTreeWalker(html, NodeFilter.SHOW_PROCESSING_INSTRUCTION);
          while (walker.nextNode()) { stamps.push(walker.currentNode.data); }
          return {text: html.textContent, start: c.startTime, stamps};
        })));
        track.addEventListener('error', () => reject('track failed to load'));
        audio.appendChild(track); document.body.appendChild(audio); track.track.mode = 'hidden';
    })""", f"/audio/{narration['id']}.vtt")
    assert [c["text"] for c in native] == page.locator("#transcript .cue").all_inner_texts()
    ours = page.evaluate("window.narratorPlayer.words()")
    assert len(ours) > len(native)


def test_a_listener_reports_a_word_and_the_editor_fixes_it_for_the_existing_narration(browser, server, narration):
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    page = context.new_page()
    open_player(page, server, narration)
    # Play the sentence with "Morwennol", then report it from the words just heard.
    word = page.locator("#transcript .word", has_text="Morwennol").first
    word.click()
    time.sleep(0.6)
    page.click("#play")
    page.click("#report-word")
    assert page.get_attribute("#report-word", "aria-expanded") == "true"
    page.locator("#report-choices button", has_text="Morwennol").click()
    page.wait_for_function("() => document.getElementById('report-status').textContent.includes('Thank you')")
    assert serious_violations(page) == []

    editor = context.new_page()
    editor.goto(server.base + "/admin/pronunciations")
    assert editor.locator("#pronunciations").count() == 0  # behind the key
    editor.fill("#key", "wrong")
    editor.click("button[type=submit]")
    assert "not the API key" in editor.inner_text("[role=alert]")
    editor.fill("#key", KEY)
    editor.click("button[type=submit]")
    editor.wait_for_selector("#reports tbody tr[data-word='Morwennol']")
    assert editor.locator("#reports tbody tr[data-word='Morwennol'] td").nth(1).inner_text() == "1"
    editor.wait_for_selector("#candidates tbody tr[data-word='Trevellick']")
    assert editor.locator("#candidates tbody tr").first.get_attribute("data-word") == "Trevellick"
    assert editor.locator("#candidates tbody tr[data-word='ferry']").count() == 0
    assert serious_violations(editor) == []

    editor.locator("#reports tbody tr[data-word='Morwennol'] button", has_text="Edit").click()
    assert editor.input_value("#word") == "Morwennol" and "Morwennol" in editor.input_value("#sentence")
    editor.select_option("#kind", "ipa")
    editor.fill("#value", "mɔːɹˈwɛnəl")
    editor.click("#hear")
    editor.wait_for_function("() => document.getElementById('preview').currentTime > 0.3", timeout=60_000)
    assert "Playing" in editor.inner_text("#entry-status")

    vtt_before = requests.get(f"{server.base}/audio/{narration['id']}.vtt", timeout=10).text
    mp3_before = requests.get(f"{server.base}/audio/{narration['id']}.mp3", timeout=10).content
    editor.click("#save")
    editor.wait_for_function("() => document.getElementById('entry-status').textContent.includes('re-narrating 1')")
    editor.wait_for_selector("#lexicon tbody tr[data-word='Morwennol']")
    db = server.root / "narrator.db"

    def timings() -> dict:
        import json

        row = sqlite3.connect(db).execute("SELECT timings FROM narrations WHERE id = ?", (narration["id"],)).fetchone()
        return json.loads(row[0])

    deadline = time.monotonic() + 180
    while "first_total" not in timings() and time.monotonic() < deadline:
        time.sleep(0.5)
    after = timings()
    mp3_after = requests.get(f"{server.base}/audio/{narration['id']}.mp3", timeout=10).content
    assert mp3_after != mp3_before
    assert requests.get(f"{server.base}/audio/{narration['id']}.vtt", timeout=10).text != vtt_before
    sentences_with_word = sum("Morwennol" in line for line in vtt_before.splitlines())
    cues = vtt_before.count(" --> ")
    # The one sentence with the word was synthesized for the preview, which the save then took from the cache:
    # the editor heard exactly what listeners now hear. Every other sentence comes from the cache as well.
    assert sentences_with_word == 1 and after["sentences_synthesized"] <= 1
    intro = len(intro_sentences(Settings.load(env={}).intro_template, narration["title"], "", "Joe"))
    assert intro == 2 and after["sentences_synthesized"] + after["sentences_cached"] == cues + intro  # + "Narrated by"
    print(f"\nre-narration after saving one word: {after['total']:.1f} s, first narration {after['first_total']:.1f} s "
          f"({after['total'] / after['first_total']:.2f}); {after['sentences_synthesized']} sentence synthesized, "
          f"{after['sentences_cached']} from the cache")
    status = requests.get(f"{server.base}/api/narrations/{narration['id']}", timeout=10).json()
    assert status["status"] == "done"
    context.close()


def test_words_are_followed_while_the_narration_is_still_rendering(browser, server):
    context = browser.new_context()
    page = context.new_page()
    long_article = Path(__file__).parent.parent / "narrator" / "samples" / "harbour-lights.txt"
    paragraphs = long_article.read_text("utf-8").replace("harbour", "haven").split("\n\n")  # not in any cache
    text = "\n\n".join(paragraphs[:13])  # about 480 spoken words: seconds of rendering after the first words play
    narration_id, _ = submit_and_play(page, server.base, text, "Haven lights, while rendering")
    page.wait_for_function("() => document.querySelector('#transcript .word.current') !== null", timeout=30_000)
    status = requests.get(f"{server.base}/api/narrations/{narration_id}", timeout=10).json()
    assert status["status"] != "done", "the narration finished before the words were followed"
    assert page.evaluate("window.narratorPlayer.partIndex()") >= 0
    sample = page.evaluate(SAMPLE)
    assert sample["shown"] in (sample["expected"], sample["expected"] - 1)
    server.wait(narration_id)
    page.wait_for_function("() => document.getElementById('render-status').textContent.includes('complete')")
    page.wait_for_function("() => document.querySelectorAll('#transcript .word').length > 400")
    context.close()
