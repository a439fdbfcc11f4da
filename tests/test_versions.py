"""Corrections update a narration in place: a real server, a real worker process, real feed parsers."""

from __future__ import annotations

import io
import re
import signal
import time

import feedparser
import podcastparser
import pytest
import requests

from narrator.config import Settings
from narrator.script import intro_sentences
from narrator.testing.transcripts import spoken
from narrator.testing.server import Server

pytestmark = pytest.mark.slow

KEY = "editor-key-7"
AUTH = {"Authorization": f"Bearer {KEY}"}
URL = "https://gazette.example/2026/ferry-timetable"
PARAGRAPHS = [
    "The island ferry will run a winter timetable from Monday. Crossings leave the harbour every ninety minutes.",
    "The first boat sails at seven in the morning. The last one returns shortly after nine at night.",
    "Season tickets bought before the change remain valid. The operator says fares stay the same until spring.",
]
CORRECTED = [PARAGRAPHS[0],
             "The first boat sails at half past six in the morning. The last one returns shortly after nine at night.",
             PARAGRAPHS[2]]


def article(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def transcript_words(url: str) -> str:
    """The transcript's text without the read-along's word timestamp tags."""
    return spoken(requests.get(url, timeout=10).text)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("versions"), embedded_worker=False, NARRATOR_API_KEY=KEY)
    yield running
    running.stop()


def stop(worker) -> None:
    worker.send_signal(signal.SIGTERM)
    worker.wait(timeout=60)


def post(server: Server, paragraphs: list[str], **fields) -> requests.Response:
    return requests.post(server.base + "/api/narrations", headers=AUTH, timeout=30,
                         json={"text": article(paragraphs), "title": "Winter ferries", "url": URL, **fields})


def wait_version(server: Server, narration_id: str, version: int, timeout: float = 180) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        narration = requests.get(f"{server.base}/api/narrations/{narration_id}", timeout=10).json()
        if narration["version"] == version and not narration["pending_version"]:
            return narration
        assert not (narration["pending_version"] or {}).get("error"), narration
        time.sleep(0.3)
    raise AssertionError(f"version {version} never went live: {narration}")


def feed_entries(server: Server, narration_id: str):
    xml = requests.get(server.base + "/feed.xml", timeout=10).content
    parsed = feedparser.parse(xml)
    assert not parsed.bozo, parsed.bozo_exception
    podcast = podcastparser.parse(server.base + "/feed.xml", io.BytesIO(xml))
    return ([e for e in parsed.entries if narration_id in e.id],
            [e for e in podcast["episodes"] if narration_id in e["guid"]])


@pytest.fixture(scope="module")
def published(server):
    worker = server.start_worker()
    first = post(server, PARAGRAPHS)
    assert first.status_code == 202, first.text
    narration = server.wait(first.json()["id"])
    stop(worker)
    return narration


def test_new_text_for_the_same_url_is_version_two_of_the_same_narration_and_the_old_audio_plays_until_it_is_done(
        server, published):
    assert published["version"] == 1 and published["pending_version"] is None
    old_audio = requests.get(published["audio_url"], timeout=10).content
    old_vtt = requests.get(published["transcript_url"], timeout=10).text
    [entry], [episode] = feed_entries(server, published["id"])
    old_pubdate = entry.published

    answer = post(server, CORRECTED)  # no worker runs: version 2 waits in the queue
    assert answer.status_code == 202, answer.text
    queued = answer.json()
    assert queued["id"] == published["id"] and queued["status"] == "done" and queued["version"] == 1
    assert queued["pending_version"]["version"] == 2 and queued["pending_version"]["status"] == "queued"
    assert queued["player_url"] == published["player_url"] and queued["audio_url"] == published["audio_url"]
    for _ in range(3):  # byte for byte the first version, on the plain address and by range
        assert requests.get(published["audio_url"], timeout=10).content == old_audio
        assert requests.get(published["transcript_url"], timeout=10).text == old_vtt
        part = requests.get(published["audio_url"], headers={"Range": "bytes=100-999"}, timeout=10)
        assert part.status_code == 206 and part.content == old_audio[100:1000]
    assert requests.get(server.base + "/api/narrations", params={"url": URL, "status": "done"},
                        timeout=10).json()["total"] == 1  # the widget's lookup still finds it

    worker = server.start_worker()
    try:
        live = wait_version(server, published["id"], 2)
    finally:
        stop(worker)
    assert live["id"] == published["id"] and live["player_url"] == published["player_url"]
    assert live["audio_url"].endswith(f"/audio/{published['id']}.mp3?v=2") and live["updated_at"]
    new_audio = requests.get(live["audio_url"], timeout=10)
    assert new_audio.content != old_audio and "immutable" in new_audio.headers["Cache-Control"]
    stale = requests.get(published["audio_url"], timeout=10)  # the first version's address: the live file, revalidated
    assert stale.content == new_audio.content and stale.headers["Cache-Control"] == "no-cache"
    assert "half past six" in transcript_words(live["transcript_url"])

    entries, episodes = feed_entries(server, published["id"])
    assert len(entries) == 1 and len(episodes) == 1  # one episode, same GUID
    assert entries[0].id == entry.id and episodes[0]["guid"] == episode["guid"]
    assert entries[0].published == old_pubdate and entries[0].updated  # pubDate stays; an updated date appears
    assert re.search(r"Updated \d+ \w+ \d{4} \(version 2\)", entries[0].summary)
    assert episodes[0]["enclosures"][0]["url"] == live["audio_url"]
    assert episodes[0]["enclosures"][0]["file_size"] == len(new_audio.content)


def test_version_two_synthesizes_only_the_changed_sentence(server, published):
    wait_version(server, published["id"], 2)
    versions = requests.get(f"{server.base}/api/narrations/{published['id']}/versions", timeout=10).json()
    first, second = versions["items"]
    assert (first["version"], first["status"], first["live"]) == (1, "done", False)
    assert (second["version"], second["status"], second["live"]) == (2, "done", True)
    intro = len(intro_sentences(Settings.load(env={}).intro_template, "Any title", "", "Joe"))  # + "Narrated by"
    assert intro == 2
    sentences = intro + sum(len(re.findall(r"[.!?](?:\s|$)", p)) for p in PARAGRAPHS)  # the intro's and the article's
    assert first["sentences"] == {"synthesized": sentences, "reused": 0}
    assert second["sentences"] == {"synthesized": 1, "reused": sentences - 1}
    log = (server.root / "worker.log").read_text()
    assert f"narration {published['id']} version 2 live: 1 sentence(s) synthesized, {sentences - 1} reused" in log


def test_a_publisher_rolls_back_to_the_first_version(server, published):
    wait_version(server, published["id"], 2)
    worker = server.start_worker()
    try:
        answer = requests.post(f"{server.base}/api/narrations/{published['id']}/versions/1/restore", headers=AUTH,
                               timeout=30)
        assert answer.status_code == 202, answer.text
        assert answer.json()["pending_version"]["version"] == 3
        live = wait_version(server, published["id"], 3)
    finally:
        stop(worker)
    assert "seven in the morning" in transcript_words(live["transcript_url"])
    third = requests.get(f"{server.base}/api/narrations/{published['id']}/versions", timeout=10).json()["items"][2]
    assert third["restored_from"] == 1 and third["sentences"]["synthesized"] == 0 and third["live"]
    again = requests.post(f"{server.base}/api/narrations/{published['id']}/versions/3/restore", headers=AUTH,
                          timeout=30)
    assert again.status_code == 200 and again.json()["pending_version"] is None  # already live: nothing to do


def test_a_newer_text_supersedes_a_version_still_waiting(server, published):
    wait_version(server, published["id"], 3)
    waiting = post(server, [PARAGRAPHS[0], "A short-lived wording of the second paragraph.", PARAGRAPHS[2]]).json()
    newer = post(server, [PARAGRAPHS[0], PARAGRAPHS[1], "Season tickets stay valid, the operator confirmed."]).json()
    assert waiting["pending_version"]["version"] + 1 == newer["pending_version"]["version"]
    worker = server.start_worker()
    try:
        live = wait_version(server, published["id"], newer["pending_version"]["version"])
    finally:
        stop(worker)
    items = requests.get(f"{server.base}/api/narrations/{published['id']}/versions", timeout=10).json()["items"]
    assert items[-2]["status"] == "superseded" and items[-2]["sentences"] is None
    assert "operator confirmed" in transcript_words(live["transcript_url"])
    assert "short-lived" not in transcript_words(live["transcript_url"])


def test_an_external_id_identifies_the_article_across_addresses(server):
    worker = server.start_worker()
    try:
        first = requests.post(server.base + "/api/narrations", headers=AUTH, timeout=30, json={
            "text": "The library opens late on Thursdays. It closes at eight.", "external_id": "cms-4411",
            "url": "https://gazette.example/library"}).json()
        moved = requests.post(server.base + "/api/narrations", headers=AUTH, timeout=30, json={
            "text": "The library opens late on Thursdays. It now closes at nine.", "external_id": "cms-4411",
            "url": "https://gazette.example/news/library"}).json()
        assert moved["id"] == first["id"] and moved["external_id"] == "cms-4411"
        wait_version(server, first["id"], 2)
    finally:
        stop(worker)


@pytest.mark.parametrize("method, path, headers, status, code", [
    ("post", "/versions/1/restore", {}, 401, "unauthorized"),
    ("post", "/versions/99/restore", AUTH, 404, "not_found"),
    ("post", "/versions/0/restore", AUTH, 400, "invalid_version"),
    ("post", "/versions/two/restore", AUTH, 400, "invalid_version"),
    ("post", "/versions/-1/restore", AUTH, 400, "invalid_version"),
    ("get", "/versions?x=1", {}, 200, None),
])
def test_version_endpoints_answer_bad_input_with_json_errors(server, published, method, path, headers, status, code):
    answer = getattr(requests, method)(f"{server.base}/api/narrations/{published['id']}{path}", headers=headers,
                                       timeout=10)
    assert answer.status_code == status, answer.text
    if code:
        assert answer.json()["error"]["code"] == code and answer.json()["error"]["message"]


def test_versions_of_an_unknown_narration_are_404(server):
    for answer in (requests.get(f"{server.base}/api/narrations/nope/versions", timeout=10),
                   requests.post(f"{server.base}/api/narrations/nope/versions/1/restore", headers=AUTH, timeout=10)):
        assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found"


LONG = [
    "The harbour board met on Tuesday to discuss the winter moorings. Members heard from the harbour master first.",
    "Eleven boats will stay in the water this year. The rest will be lifted onto the quay by the end of October.",
    "The crane that lifts them is forty years old. It was inspected in August and passed without any trouble at all.",
    "Owners who want a space on the quay should write to the board. Spaces will be given out in the order asked.",
]
LONG_CORRECTED = ["A note from the editor: this article was corrected on Wednesday after the meeting notes came out.",
                  LONG[0], LONG[1],
                  "The crane that lifts them is forty-two years old. It was inspected in August and passed without "
                  "any trouble at all.",
                  LONG[3]]


def paragraph_start(page, beginning: str) -> float:
    return page.evaluate("(beginning) => window.narratorPlayer.paragraphs().find(p => p.text.startsWith(beginning))"
                         ".start", beginning)


@pytest.mark.slow
def test_listeners_part_way_through_keep_their_paragraph_when_the_article_is_corrected(server):
    from .browser import chromium

    url = "https://gazette.example/2026/moorings"
    worker = server.start_worker()
    try:
        first = requests.post(server.base + "/api/narrations", headers=AUTH, timeout=30,
                              json={"text": article(LONG), "title": "Winter moorings", "url": url}).json()
        server.wait(first["id"])
        with chromium() as browser:
            context = browser.new_context()
            listening = context.new_page()  # stays open across the correction
            listening.goto(first["player_url"])
            listening.wait_for_function("() => window.narratorPlayer.paragraphs().length === 4")
            crane = paragraph_start(listening, "The crane")
            assert crane > 10
            listening.evaluate(f"window.narratorPlayer.seekTo({crane + 2.5})")
            listening.click("#play")
            listening.wait_for_function("() => !document.getElementById('audio').paused")
            listening.click("#play")  # pause: the place is saved

            requests.post(server.base + "/api/narrations", headers=AUTH, timeout=30,
                          json={"text": article(LONG_CORRECTED), "title": "Winter moorings", "url": url})
            wait_version(server, first["id"], 2)

            returning = context.new_page()  # the same listener comes back later
            returning.goto(first["player_url"])
            returning.wait_for_function("() => window.narratorPlayer.paragraphs().length === 5")
            new_crane = paragraph_start(returning, "The crane")
            assert new_crane > crane + 3  # the inserted paragraph moved it later
            returning.wait_for_function("() => !document.getElementById('resume').hidden")
            assert abs(returning.evaluate("document.getElementById('audio').currentTime") - new_crane) < 0.3
            assert "updated" in returning.inner_text("#resume-text")

            listening.evaluate("window.narratorPlayer.checkVersion()")  # what its timer does every 20 s
            listening.wait_for_function("() => window.narratorPlayer.version() === 2 && "
                                        "document.getElementById('audio').src.endsWith('?v=2')")
            listening.wait_for_function("() => document.getElementById('audio').readyState >= 1")
            listening.wait_for_function(f"() => Math.abs(document.getElementById('audio').currentTime - {new_crane})"
                                        " < 0.3")
            assert "forty-two" in listening.inner_text("#transcript")
            context.close()
    finally:
        stop(worker)
