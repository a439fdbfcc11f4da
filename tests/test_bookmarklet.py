"""The "Listen to this page" bookmarklet in a real headless Chromium: installed from its page, run on a page served
by a second local server, it sends the page as the reader sees it and opens the player of a private narration."""

from __future__ import annotations

import re

import pytest
import requests
from axe_playwright_python.sync_playwright import Axe

from narrator.testing.server import Server
from .site import Route, Site

pytestmark = pytest.mark.slow

KEY = "publisher-key"
MEMBERS_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Allotment news | Members</title>
<style>.hidden-teaser { color: red }</style></head>
<body><nav><a href="/">Home</a> | <a href="/account">My account</a></nav>
<article id="story"><h1>The allotment waiting list closes</h1>
<p>The society closed its waiting list on Monday, after three hundred names were added in a single week.</p>
<p id="placeholder">Log in to read the rest of this story.</p></article>
<script>
document.addEventListener("DOMContentLoaded", function () {
  var rest = document.createElement("p");
  rest.textContent = "Members learned that the new plots by the river will be shared between two families each.";
  document.getElementById("placeholder").replaceWith(rest);
});
</script></body></html>"""
AXE_OPTIONS = {"resultTypes": ["violations"],
               "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                                     "best-practice"]}}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("bookmarklet"), NARRATOR_API_KEY=KEY)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def site():
    """The second local server: a members' page whose story is completed by script, and a robots.txt that forbids
    every robot (the bookmarklet sends the page; nothing fetches it)."""
    running = Site("127.0.0.1")
    running.page("/story.html", MEMBERS_PAGE)
    running.routes["/robots.txt"] = Route(body=b"User-agent: *\nDisallow: /\n", headers={"Content-Type": "text/plain"})
    yield running
    running.stop()


@pytest.fixture
def context(browser):
    opened = browser.new_context(viewport={"width": 1100, "height": 900})
    yield opened
    opened.close()


def serious_violations(page) -> list[str]:
    results = Axe().run(page, options=AXE_OPTIONS)
    return [f"{v['id']} ({v['impact']}): {v['help']}" for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")]


def test_the_install_page_is_accessible_and_the_bookmarklet_reachable_by_keyboard(context, server):
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: "Content Security Policy" in message.text and errors.append(message.text))
    page.goto(server.base + "/bookmarklet")
    assert serious_violations(page) == []  # first without a feed: the button that makes one
    page.click("#make-bookmarklet")
    page.wait_for_selector("#bookmarklet")
    assert serious_violations(page) == []
    assert page.locator("meta[name=robots]").get_attribute("content").startswith("noindex")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "bookmarklet":
            break
    assert page.evaluate("document.activeElement.id") == "bookmarklet"
    assert page.get_attribute("#bookmarklet", "href").startswith("javascript:")
    assert page.input_value("#code") == page.get_attribute("#bookmarklet", "href")
    assert "Shift+F10" in page.inner_text("main") and "drag" in page.inner_text("main")
    assert not errors


def test_the_bookmarklet_sends_the_page_as_the_reader_sees_it_and_opens_its_player(context, server, site):
    install = context.new_page()
    install.goto(server.base + "/bookmarklet")
    install.click("#make-bookmarklet")
    href = install.get_attribute("#bookmarklet", "href")

    page = context.new_page()
    page.goto(site.base + "/story.html")
    page.wait_for_selector("text=shared between two families")
    # Run it as a bookmark would: a javascript: link followed on the reader's page.
    page.evaluate("""href => { const link = document.createElement('a'); link.href = href; link.id = 'run-bookmarklet';
                      link.textContent = 'bookmark'; document.body.appendChild(link); }""", href)
    page.click("#run-bookmarklet")
    page.wait_for_url(f"{server.base}/listen/*", timeout=60_000)
    narration_id = page.url.rsplit("/", 1)[1]
    page.wait_for_function("() => document.querySelectorAll('#transcript .cue').length > 0", timeout=120_000)
    assert page.inner_text("h1") == "The allotment waiting list closes"
    transcript = page.inner_text("#transcript")
    assert "three hundred names" in transcript and "shared between two families" in transcript
    assert "Log in to read" not in transcript and "My account" not in transcript
    page.click("#play")
    page.wait_for_function("() => !document.getElementById('audio').paused && "
                           "document.getElementById('audio').currentTime > 0.2", timeout=60_000)

    narration = requests.get(f"{server.base}/api/narrations/{narration_id}", timeout=10).json()
    assert narration["visibility"] == "private" and narration["id"] not in requests.get(server.base + "/feed.xml",
                                                                                          timeout=10).text
    assert all("narrator" not in agent for _path, agent in site.requests)  # nothing fetched the page itself
    page.goto(server.base + "/mine")  # the bookmarklet's feed is this browser's feed
    assert page.locator(f"#mine a[href$='{narration_id}']").count() == 1
    feed = requests.get(page.input_value("#feed"), timeout=10).text
    assert narration_id in feed


def test_a_bookmarklet_of_a_revoked_feed_says_so(server):
    for listener in ("Z" * 32, "", "not a token", server.base + "/feeds/" + "Q" * 32 + ".xml"):
        answer = requests.post(server.base + "/listen-to-this-page", timeout=30, files={
            "html": (None, MEMBERS_PAGE), "url": (None, "https://news.example/story"), "listener": (None, listener)})
        assert answer.status_code == 422 and "install the bookmarklet again" in answer.text
        assert 'id="get-bookmarklet" href="/bookmarklet"' in answer.text  # ...and links to this browser's own
        assert "Set-Cookie" not in answer.headers
    token = requests.post(server.base + "/api/narrations", json={"text": "A listener's first article. Two."},
                          timeout=30).json()["listener"]
    empty = requests.post(server.base + "/listen-to-this-page", timeout=30,
                          files={"html": (None, ""), "listener": (None, token)})
    assert empty.status_code == 422 and "empty" in empty.text
    assert re.search(r'id="bookmarklet" href="javascript:', empty.text)  # a working bookmarklet: offered again
