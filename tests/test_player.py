"""The listening experience in a real headless Chromium: player page, index page and embed widget."""

from __future__ import annotations

import http.server
import threading
from functools import partial
from pathlib import Path

import pytest
import requests
from axe_playwright_python.sync_playwright import Axe

from narrator.testing.browser import submit_and_play, watched_page
from narrator.testing.server import Server, free_port

pytestmark = pytest.mark.slow

SAMPLE = Path(__file__).parent.parent / "narrator" / "samples" / "harbour-lights.txt"
AXE_OPTIONS = {"resultTypes": ["violations"],
               "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                                     "best-practice"]}}
HOSTILE_CSS = """
* { font: 31px/0.6 "Comic Sans MS", cursive !important; color: #ff00ff !important; box-sizing: content-box; }
div, section { display: none !important; opacity: 0.1 !important; transform: rotate(7deg); }
body > * { position: relative; left: -3px; }
button { display: none !important; background: yellow !important; }
audio { display: none !important; }
ol, li { list-style: none; margin: 0 !important; padding: 0 !important; }
a { pointer-events: none !important; }
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("player"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def narration(server):
    submitted = server.submit(text=SAMPLE.read_text(encoding="utf-8"), title="Harbour lights",
                              author="Hannah Whitcombe", url="https://news.example/harbour-lights")
    return server.wait(submitted["id"])


@pytest.fixture
def page(browser):
    with watched_page(browser, viewport={"width": 1100, "height": 900}) as opened:
        yield opened


def open_player(page, server: Server, narration: dict) -> None:
    page.goto(f"{server.base}/listen/{narration['id']}")
    page.wait_for_function("() => document.querySelectorAll('#transcript .cue').length > 0")
    page.wait_for_function("() => document.getElementById('audio').readyState >= 1")


def serious_violations(page, context=None) -> list[str]:
    results = Axe().run(page, context=context, options=AXE_OPTIONS)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def test_the_audit_catches_real_violations(page):
    """Guards the audits below against passing vacuously."""
    page.set_content('<html><body><img src="x.png"><button></button>'
                     '<p style="color:#bbb;background:#fff">faint</p></body></html>')
    found = " ".join(serious_violations(page))
    assert "image-alt" in found and "button-name" in found and "color-contrast" in found


def test_chapter_list_matches_and_clicking_chapter_two_seeks_to_its_start(page, server, narration):
    assert narration["status"] == "done" and len(narration["chapters"]) >= 3
    open_player(page, server, narration)
    titles = page.locator("#chapters .chapter-title").all_inner_texts()
    assert titles == [c["title"] for c in narration["chapters"]]
    page.locator("#chapters button").nth(1).click()
    start = narration["chapters"][1]["start_s"]
    page.wait_for_function("() => !document.getElementById('audio').paused")
    assert abs(page.evaluate("document.getElementById('audio').currentTime") - start) < 1.0
    assert page.locator("#chapters button").nth(1).get_attribute("aria-current") == "true"
    assert page.locator("#chapters button[aria-current]").count() == 1


def test_playing_advances_the_highlighted_sentence_and_clicking_a_sentence_seeks(page, server, narration):
    open_player(page, server, narration)
    cues = page.locator("#transcript .cue")
    third_start = float(cues.nth(2).get_attribute("data-start"))
    cues.nth(2).click()
    page.wait_for_function("() => !document.getElementById('audio').paused")
    assert abs(page.evaluate("document.getElementById('audio').currentTime") - third_start) < 1.0
    page.wait_for_function("() => document.querySelector('#transcript .cue.current') !== null")
    first = page.locator("#transcript .cue.current").inner_text()
    # Skip to just before the next sentence, then let playback carry the highlight over by itself.
    fourth_start = float(cues.nth(3).get_attribute("data-start"))
    page.evaluate(f"document.getElementById('audio').currentTime = {fourth_start - 0.4}")
    page.wait_for_function("() => document.querySelector('#transcript .cue.current') && "
                           f"document.querySelector('#transcript .cue.current').dataset.start === '{cues.nth(3).get_attribute('data-start')}'",
                           timeout=10_000)
    assert page.locator("#transcript .cue.current").inner_text() != first
    assert page.locator("#transcript .cue.current").count() == 1


def test_the_transcript_is_laid_out_in_the_articles_paragraphs_under_chapter_headings(page, server, narration):
    open_player(page, server, narration)
    vtt = requests.get(f"{server.base}/audio/{narration['id']}.vtt", timeout=10).text
    assert page.locator("#transcript p").count() == vtt.count("NOTE paragraph") >= 10
    assert page.locator("#transcript h3").count() == len(narration["chapters"])
    first = page.locator("#transcript p").first.locator(".cue")
    assert first.first.inner_text().startswith("For most of the last century")
    assert first.count() == 2  # the sample's first paragraph has two sentences
    # Chromium's own WebVTT parser (a <track>) reads the same cues: the paragraph notes are comments to it.
    native = page.evaluate("""url => new Promise((resolve, reject) => {
        const audio = document.createElement('audio'), track = document.createElement('track');
        track.kind = 'captions'; track.src = url; track.default = true;
        track.addEventListener('load', () => resolve(Array.from(track.track.cues, c => c.getCueAsHTML().textContent)));
        track.addEventListener('error', () => reject('track failed to load'));
        audio.appendChild(track); document.body.appendChild(audio); track.track.mode = 'hidden';
    })""", f"/audio/{narration['id']}.vtt")
    assert native == page.locator("#transcript .cue").all_inner_texts()


def test_speed_change_applies_and_is_remembered(page, server, narration):
    open_player(page, server, narration)
    page.select_option("#speed", "1.5")
    assert page.evaluate("document.getElementById('audio').playbackRate") == 1.5
    page.reload()
    open_player(page, server, narration)
    assert page.evaluate("document.getElementById('audio').playbackRate") == 1.5
    assert page.input_value("#speed") == "1.5"


def test_keyboard_only_operation(page, server, narration):
    open_player(page, server, narration)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    # Tab through the page to the play button: every stop has a visible focus outline.
    for _ in range(30):
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", page.evaluate("document.activeElement.outerHTML")
        if page.evaluate("document.activeElement.id") == "play":
            break
    else:
        pytest.fail("the play button is not reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("() => !document.getElementById('audio').paused")
    assert page.get_attribute("#play", "aria-label") == "Pause"
    page.keyboard.press("Space")
    page.wait_for_function("() => document.getElementById('audio').paused")
    # Shortcuts from anywhere that is not a form field.
    page.evaluate("document.activeElement.blur()")
    before = page.evaluate("document.getElementById('audio').currentTime")
    page.keyboard.press("l")
    assert page.evaluate("document.getElementById('audio').currentTime") == pytest.approx(before + 30, abs=0.5)
    page.keyboard.press("]")
    second = narration["chapters"][1]["start_s"]
    now = page.evaluate("document.getElementById('audio').currentTime")
    assert now == pytest.approx(second, abs=0.5) or now > second
    page.keyboard.press("Shift+Period")
    assert page.evaluate("document.getElementById('audio').playbackRate") == 1.25
    assert "Speed 1.25" in page.inner_text("#announcer")
    # Chapter buttons work with Enter.
    page.focus("#chapters li:nth-child(3) button")
    page.keyboard.press("Enter")
    third = narration["chapters"][2]["start_s"]
    page.wait_for_function(f"() => Math.abs(document.getElementById('audio').currentTime - {third}) < 1")


def test_player_resumes_where_the_listener_stopped(page, server, narration):
    open_player(page, server, narration)
    page.evaluate("document.getElementById('audio').currentTime = 95")
    page.click("#play")
    page.wait_for_function("() => !document.getElementById('audio').paused")
    page.click("#play")
    page.reload()
    open_player(page, server, narration)
    page.wait_for_function("() => document.getElementById('audio').currentTime > 90")
    assert page.is_visible("#resume")


def test_player_page_has_no_serious_accessibility_violations(page, server, narration):
    open_player(page, server, narration)
    assert serious_violations(page) == []
    page.emulate_media(color_scheme="dark")
    assert serious_violations(page) == []


def test_player_text_resizes_to_200_percent_without_loss(browser, server, narration):
    context = browser.new_context(viewport={"width": 640, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    open_player(page, server, narration)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, "the page scrolls sideways at 200% text"
    for selector in ("#play", "#speed", "#chapters button", "#transcript .cue"):
        assert page.locator(selector).first.is_visible()
    context.close()


def test_index_page_submits_shows_progress_and_then_the_player(page, server):
    page.goto(server.base + "/")
    assert serious_violations(page) == []
    page.fill("#title", "Form test")
    page.fill("#text", "# Tides\n\nThe tide came in at noon and the boats went out.\n\n"
                       "## Later\n\nBy evening the harbour was quiet again.")
    page.click("button[type=submit]")
    page.wait_for_url("**/listen/*")
    # The transcript shows each part's sentences while the narration renders, then the whole narration's.
    page.wait_for_function("() => document.getElementById('render-status').textContent.includes('complete')",
                           timeout=60_000)
    page.wait_for_function("() => document.querySelectorAll('#transcript .cue').length === 2")
    assert page.inner_text("h1") == "Form test"
    assert "Narration complete" in page.inner_text("#render-status")
    page.goto(server.base + "/")  # the form's narrations are private: not listed, but in My narrations
    assert page.locator("ul.narrations a", has_text="Form test").count() == 0
    page.click("text=My narrations")
    assert page.locator("#mine a", has_text="Form test").count() == 1
    assert serious_violations(page) == []


def test_index_form_reports_bad_input_in_the_page(page, server):
    page.goto(server.base + "/")
    page.fill("#text", "   ")
    page.click("button[type=submit]")
    assert "empty" in page.inner_text("[role=alert]").lower()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def host_site(tmp_path_factory, server, narration):
    """A publisher's page on another origin, with aggressive global CSS, embedding the widget."""
    root = tmp_path_factory.mktemp("publisher")
    (root / "article.html").write_text(f"""<!doctype html><html lang="en"><head><title>Harbour lights</title>
<style>{HOSTILE_CSS}</style></head><body><main><h1>Harbour lights</h1>
<script src="{server.base}/embed.js" data-narration="{narration['id']}" async></script>
<p>Article text.</p><button class="host-button">Host button</button></main></body></html>""")
    (root / "by-url.html").write_text(f"""<!doctype html><html lang="en"><head><title>By URL</title></head><body>
<main><h1>By URL</h1><script src="{server.base}/embed.js" data-url="https://news.example/harbour-lights" async>
</script></main></body></html>""")
    (root / "strict.html").write_text(f"""<!doctype html><html lang="en"><head><title>Strict</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src {server.base};
 connect-src {server.base}; media-src {server.base}; style-src 'self'"></head><body><main><h1>Strict CSP</h1>
<script src="{server.base}/embed.js" data-narration="{narration['id']}"></script></main></body></html>""")
    handler = partial(QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_widget_survives_hostile_css_and_plays(page, host_site, narration):
    page.goto(host_site + "/article.html")
    button = page.locator("[data-narrator-widget] >> css=.box > button")
    button.wait_for()
    assert button.is_visible()
    label = button.inner_text()
    assert "read this article" in label and narration["narrator"] in label and "min" in label
    style = button.evaluate("b => { const s = getComputedStyle(b); return [s.fontSize, s.color, s.display]; }")
    assert style == ["16px", "rgb(255, 255, 255)", "inline-flex"]
    # Our styles do not leak out onto the host page.
    assert page.evaluate("getComputedStyle(document.querySelector('.host-button')).display") == "none"
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    page.wait_for_function("() => document.querySelector('[data-narrator-widget]').narratorAudio.currentTime > 0.5",
                           timeout=15_000)
    chapters = page.locator("[data-narrator-widget] >> css=ol button")
    assert chapters.count() == len(narration["chapters"])
    chapters.nth(1).click()
    page.wait_for_function("() => Math.abs(document.querySelector('[data-narrator-widget]').narratorAudio.currentTime - "
                           f"{narration['chapters'][1]['start_s']}) < 1.5")


def test_widget_works_on_a_page_with_a_strict_content_security_policy(page, host_site, narration):
    """The widget's styles are a constructed stylesheet, which a host's style-src cannot block."""
    page.goto(host_site + "/strict.html")
    button = page.locator("[data-narrator-widget] >> css=.box > button")
    button.wait_for()
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(11, 87, 208)"
    button.click()
    page.wait_for_function("() => document.querySelector('[data-narrator-widget]').narratorAudio.currentTime > 0.5",
                           timeout=15_000)


def test_widget_finds_the_narration_by_article_url_and_is_accessible(page, host_site, narration):
    page.goto(host_site + "/by-url.html")
    page.locator("[data-narrator-widget] >> css=.box > button").wait_for()
    page.locator("[data-narrator-widget] >> css=.box > button").press("Enter")
    page.locator("[data-narrator-widget] >> css=audio").wait_for()
    assert serious_violations(page) == []
    page.emulate_media(color_scheme="dark")
    assert serious_violations(page) == []


def test_widget_for_an_unknown_narration_leaves_no_trace(page, server):
    page.set_content(f'<main><script src="{server.base}/embed.js" data-narration="nope"></script></main>')
    page.wait_for_function("() => document.querySelector('[data-narrator-widget]') === null")


@pytest.fixture(scope="module")
def piper_server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("piper-player"), engine="piper")
    yield running
    running.stop()


def test_listen_while_it_renders(browser, piper_server):
    """A fresh submission of six paragraphs starts playing, with Piper, before the job is done."""
    context = browser.new_context()
    page = context.new_page()
    paragraphs = SAMPLE.read_text(encoding="utf-8").replace("harbour", "harbor").split("\n\n")  # not in any cache
    text = "\n\n".join(paragraphs[:7])
    piper_server.warm_up()
    narration_id, first_audio_s = submit_and_play(page, piper_server.base, text, "Harbour lights, while rendering")
    status = requests.get(f"{piper_server.base}/api/narrations/{narration_id}", timeout=10).json()
    assert status["status"] != "done", "the narration finished before anything played"
    assert page.evaluate("window.narratorPlayer.partIndex()") >= 0
    print(f"first audio playing {first_audio_s:.1f} s after submit; job progress {status['progress']:.2f}")
    # Playback continues across parts and ends up on the final file when the job is done.
    piper_server.wait(narration_id)
    # Jump to the last second of the part being played: at its end the player carries on in the final file.
    page.wait_for_function("() => document.getElementById('render-status').textContent.includes('complete')")
    boundary = page.evaluate("(() => { const a = document.getElementById('audio'); a.currentTime = a.duration - 1;"
                             " return window.narratorPlayer.position() + 1; })()")
    page.wait_for_function("() => window.narratorPlayer.partIndex() === -1", timeout=30_000)
    page.wait_for_function("() => !document.getElementById('audio').paused")
    assert page.evaluate("window.narratorPlayer.position()") == pytest.approx(boundary, abs=1.5)
    assert page.evaluate("document.getElementById('audio').src").endswith(f"/audio/{narration_id}.mp3")
    context.close()
