"""The listening check on a real server: Piper narrates, the worker hears the MP3 back with the real recognizer off
the critical path, and the check is served as private as its narration; without the extra it says how to install."""

from __future__ import annotations

import time

import pytest
import requests

from narrator import check_store
from narrator.check import CheckResult, Misheard
from narrator.store import Store
from narrator.testing.server import Server

pytestmark = pytest.mark.slow

KEY = {"Authorization": "Bearer check-key"}
STORY = ("# The valley line reopens\n\nThe old locomotive left Llanfair at ten on Saturday morning, between two "
         "crowded platforms. About 2,400 people watched it cross the viaduct.\n\nThe trust's chairman said the "
         "volunteers had worked on it for six years.")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("check"), engine="piper", NARRATOR_API_KEY="check-key")
    yield running
    running.stop()


def checked(server: Server, narration_id: str, timeout: float = 300) -> requests.Response:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = requests.get(f"{server.base}/api/narrations/{narration_id}/check", timeout=10)
        if response.status_code != 200 or response.json()["status"] != "pending":
            return response
        time.sleep(0.5)
    raise AssertionError(f"check still pending: {response.text}")


@pytest.fixture(scope="module")
def public(server):
    response = requests.post(server.base + "/api/narrations", headers=KEY, timeout=30,
                             json={"text": STORY, "format": "markdown"})
    assert response.status_code == 202, response.text
    narration = server.wait(response.json()["id"])
    assert narration["status"] == "done", narration
    return narration


def test_a_published_narration_is_heard_back_and_its_misheard_words_listed(server, public):
    response = checked(server, public["id"])
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "done" and set(body) >= {"status", "wer", "words"}
    assert 0.0 <= body["wer"] < 0.5  # a real voice and a real recognizer: most words are heard right
    for word in body["words"]:
        assert set(word) == {"word", "heard", "start_s", "sentence"}
        assert word["word"] in word["sentence"] and word["sentence"] in STORY.replace("# ", "")
        assert 0.0 <= word["start_s"] <= public["duration_s"]
    assert "noindex" not in response.headers.get("X-Robots-Tag", "")
    missing = requests.get(f"{server.base}/api/narrations/nope/check", timeout=10)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_the_check_did_not_hold_up_the_audio(server, public):
    """The check starts only once the narration is published: the narration is done before any check is."""
    store = Store(server.env["NARRATOR_DATABASE_URL"])
    row = check_store.get(store, public["id"])
    narration = store.get(public["id"])
    assert row is not None and row.status == "done" and row.seconds and row.seconds > 0
    assert row.checked_at >= narration.finished_at.replace(tzinfo=row.checked_at.tzinfo)


def test_a_private_narrations_check_is_private_and_never_a_candidate_for_others(server, public):
    posted = requests.post(server.base + "/api/narrations", timeout=30, json={
        "text": STORY.replace("valley line", "valley branch"), "format": "markdown"}).json()
    assert posted["visibility"] == "private"
    server.wait(posted["id"])
    response = checked(server, posted["id"])
    assert response.json()["status"] == "done"
    assert "noindex" in response.headers["X-Robots-Tag"] and "private" in response.headers["Cache-Control"]
    store = Store(server.env["NARRATOR_DATABASE_URL"])  # make sure both have a word heard wrong to list
    for narration_id, word in ((posted["id"], "Llanfair"), (public["id"], "viaduct")):
        check_store.save_result(store, narration_id, 1, CheckResult(0.1, (Misheard(
            word, "heard otherwise", 3.0, f"The {word} sentence."),), 20, 2), 1.0)
    items = requests.get(server.base + "/api/pronunciations/candidates", headers=KEY, timeout=60).json()["items"]
    heard = [h for item in items for h in item["heard"]]
    assert any(h["narration_id"] == public["id"] for h in heard)
    llanfair = next(item for item in items if item["word"] == "Llanfair")
    assert all(h["narration_id"] == public["id"] for h in llanfair["heard"])
    viaduct = next(item for item in items if item["word"] == "viaduct")
    assert viaduct["heard"][0]["at"] == "0:03" and viaduct["heard"][0]["audio_url"].endswith(f"/{public['id']}.mp3")


def test_without_the_recognizer_the_check_says_how_to_install_it(tmp_path):
    stub = tmp_path / "stub" / "faster_whisper"
    stub.mkdir(parents=True)
    (stub / "__init__.py").write_text("raise ImportError('not installed here')\n")
    (tmp_path / "service").mkdir()
    running = Server(tmp_path / "service", engine="piper", PYTHONPATH=f"{stub.parent}")
    try:
        narration = running.wait(running.submit()["id"])
        body = checked(running, narration["id"]).json()
        assert body["status"] == "unavailable" and body["wer"] is None and body["words"] == []
        assert "pip install 'narrator[listen]'" in body["hint"]
    finally:
        running.stop()


def test_a_voice_with_no_words_is_not_checked(tmp_path):
    running = Server(tmp_path)
    try:
        narration = running.wait(running.submit()["id"])
        body = checked(running, narration["id"]).json()
        assert body["status"] == "unavailable" and "fake engine" in body["hint"]
    finally:
        running.stop()


def test_the_editor_hears_a_misheard_word_where_it_is_said(server, public):
    """On /admin/pronunciations a word the check heard wrong says what was heard and when, and plays from there."""
    from narrator.testing.browser import chromium, watched_page

    from .test_player import serious_violations

    store = Store(server.env["NARRATOR_DATABASE_URL"])
    check_store.save_result(store, public["id"], 1, CheckResult(0.1, (Misheard(
        "viaduct", "via duck", 4.0, "About 2,400 people watched it cross the viaduct."),), 20, 2), 1.0)
    with chromium() as browser, watched_page(browser, viewport={"width": 1000, "height": 700}) as editor:
        editor.goto(server.base + "/admin/pronunciations")
        editor.fill("#key", "check-key")
        editor.click("button[type=submit]")
        row = editor.locator("#candidates tbody tr[data-word='viaduct']")
        row.wait_for()
        assert "heard as “via duck” at 0:04 in The valley line reopens" in row.inner_text()
        row.locator("button", has_text="Play at 0:04").click()
        editor.wait_for_function("() => document.getElementById('preview').currentTime >= 3.6", timeout=60_000)
        assert editor.evaluate("document.getElementById('preview').src").endswith(f"/audio/{public['id']}.mp3")
        assert "Playing viaduct at 0:04" in editor.inner_text("#entry-status")
        assert serious_violations(editor) == []
