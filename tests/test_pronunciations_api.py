"""The pronunciation JSON API on a real server (fake voice): lexicon, candidates, reports, previews, errors."""

from __future__ import annotations

import time

import pytest
import requests

from .conftest import FIXTURES
from narrator.testing.server import Server

pytestmark = pytest.mark.slow

KEY = {"Authorization": "Bearer editor-key"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("words"), NARRATOR_API_KEY="editor-key",
                     NARRATOR_REPORT_RATE_LIMIT="4 per minute")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def narration(server):
    response = requests.post(server.base + "/api/narrations", headers=KEY, timeout=30,
                             json={"text": (FIXTURES / "quay_names.md").read_text("utf-8"), "format": "markdown"})
    assert response.status_code == 202, response.text
    return server.wait(response.json()["id"])


def error_of(response: requests.Response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    return response.json()["error"]["message"]


def test_editor_endpoints_need_the_key(server):
    for method, path in (("GET", "/api/lexicon"), ("PUT", "/api/lexicon/Trevellick"),
                         ("DELETE", "/api/lexicon/Trevellick"), ("GET", "/api/pronunciations/candidates"),
                         ("GET", "/api/pronunciations/reports"), ("POST", "/api/pronunciations/previews")):
        response = requests.request(method, server.base + path, json={}, timeout=10)
        assert "Bearer" in error_of(response, 401), path
        wrong = requests.request(method, server.base + path, json={},
                                 headers={"Authorization": "Bearer nope"}, timeout=10)
        assert wrong.status_code == 401


def test_candidates_are_the_names_across_recent_narrations(server, narration):
    items = requests.get(server.base + "/api/pronunciations/candidates", headers=KEY, timeout=30).json()["items"]
    words = [item["word"] for item in items]
    assert words[0] == "Trevellick" and items[0]["count"] == 4
    assert {"Llanhoweth", "Morwennol", "Zandrovia"} <= set(words) and "ferry" not in words
    assert items[0]["narrations"] == [{"id": narration["id"], "title": narration["title"]}]
    assert "Trevellick" in items[0]["sentence"]
    bad = requests.get(server.base + "/api/pronunciations/candidates?narrations=0", headers=KEY, timeout=10)
    assert "1 to 200" in error_of(bad, 400)


def test_saving_an_entry_lists_it_and_renarrates_the_narrations_with_the_word(server, narration):
    saved = requests.put(server.base + "/api/lexicon/Llanhoweth", headers=KEY, timeout=10,
                         json={"kind": "ipa", "value": "/ɬanˈhaʊɛθ/"})
    assert saved.status_code == 200, saved.text
    assert saved.json() == {"entry": {"word": "Llanhoweth", "kind": "ipa", "value": "ɬanˈhaʊɛθ", "source": "store"},
                            "renarrating": [narration["id"]]}
    entries = requests.get(server.base + "/api/lexicon", headers=KEY, timeout=10).json()["items"]
    assert entries[0]["word"] == "Llanhoweth" and {"word": "Porthwen", "kind": "respelling", "value": "Porth-wen",
                                                   "source": "seed"} in entries
    words = [i["word"] for i in requests.get(server.base + "/api/pronunciations/candidates", headers=KEY,
                                             timeout=30).json()["items"]]
    assert "Llanhoweth" not in words  # it has a pronunciation now
    untouched = requests.put(server.base + "/api/lexicon/Gloopwhistle", headers=KEY, timeout=10,
                             json={"kind": "respelling", "value": "Gloop-whistle"})
    assert untouched.json()["renarrating"] == []
    assert requests.delete(server.base + "/api/lexicon/Gloopwhistle", headers=KEY, timeout=10).status_code == 200
    gone = requests.delete(server.base + "/api/lexicon/Gloopwhistle", headers=KEY, timeout=10)
    assert "Gloopwhistle" in error_of(gone, 404)


@pytest.mark.parametrize("word, body, says", [
    ("Two%20words", {"kind": "respelling", "value": "x"}, "one written word"),
    ("Trevellick", {"kind": "sound", "value": "x"}, "respelling, ipa"),
    ("Trevellick", {"kind": "ipa", "value": "tr€v"}, "cannot say"),
    ("Trevellick", {"kind": "respelling"}, "1 to 120"),
])
def test_bad_entries_are_refused_with_the_reason(server, word, body, says):
    response = requests.put(f"{server.base}/api/lexicon/{word}", headers=KEY, json=body, timeout=10)
    assert says in error_of(response, 422)
    not_json = requests.put(f"{server.base}/api/lexicon/{word}", headers=KEY, data="kind=ipa", timeout=10)
    assert "JSON" in error_of(not_json, 400)


def test_listeners_report_words_without_a_key_and_are_rate_limited(server, narration):
    url = f"{server.base}/api/narrations/{narration['id']}/reports"
    first = requests.post(url, json={"word": "Morwennol"}, timeout=10)
    assert first.status_code == 201 and first.json() == {"word": "Morwennol", "reports": 1}
    assert requests.post(url, json={"word": "Morwennol,"}, timeout=10).json()["reports"] == 2
    assert "one word of this narration" in error_of(requests.post(url, json={"word": "Paris"}, timeout=10), 422)
    assert "'word' is required" in error_of(requests.post(url, json={}, timeout=10), 422)
    limited = requests.post(url, json={"word": "Morwennol"}, timeout=10)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert error_of(limited, 429)
    missing = requests.post(f"{server.base}/api/narrations/nope/reports", json={"word": "x"}, timeout=10)
    assert missing.status_code in (404, 429)
    reports = requests.get(server.base + "/api/pronunciations/reports", headers=KEY, timeout=10).json()["items"]
    assert reports[0]["word"] == "Morwennol" and reports[0]["count"] == 2
    assert reports[0]["narrations"] == [narration["id"]] and "Morwennol" in reports[0]["sentence"]
    # nothing about the listener is kept: the table has the word, the narration and the time only
    import sqlite3

    columns = [row[1] for row in sqlite3.connect(server.root / "narrator.db").execute(
        "PRAGMA table_info(pronunciation_reports)")]
    assert columns == ["id", "narration_id", "word", "created_at"]


def test_a_preview_is_queued_then_ready_as_audio(server, narration):
    body = {"word": "Zandrovia", "kind": "respelling", "value": "Zan-DROH-via",
            "sentence": "The old boat was sold to Zandrovia.", "narration_id": narration["id"]}
    created = requests.post(server.base + "/api/pronunciations/previews", headers=KEY, json=body, timeout=10)
    assert created.status_code == 202 and created.json()["url"]
    deadline = time.monotonic() + 60
    state = created.json()
    while state["status"] != "ready" and time.monotonic() < deadline:
        time.sleep(0.2)
        state = requests.get(state["url"], headers=KEY, timeout=10).json()
    assert state["status"] == "ready"
    audio = requests.get(state["audio_url"], timeout=10)
    assert audio.status_code == 200 and audio.headers["Content-Type"] == "audio/mpeg" and len(audio.content) > 1000
    again = requests.post(server.base + "/api/pronunciations/previews", headers=KEY, json=body, timeout=10)
    assert again.json()["status"] == "ready"  # the same proposal is the same preview
    wrong = requests.post(server.base + "/api/pronunciations/previews", headers=KEY, timeout=10,
                          json={**body, "sentence": "No such name here."})
    assert "must contain the word" in error_of(wrong, 422)
    unknown = requests.post(server.base + "/api/pronunciations/previews", headers=KEY, timeout=10,
                            json={**body, "narration_id": "nope"})
    assert error_of(unknown, 404)
    assert requests.get(server.base + "/api/pronunciations/previews/nope", headers=KEY, timeout=10).status_code == 404


def test_the_openapi_document_describes_the_pronunciation_api(server):
    paths = requests.get(server.base + "/api/openapi.json", timeout=10).json()["paths"]
    assert {"/api/lexicon", "/api/lexicon/{word}", "/api/pronunciations/candidates", "/api/pronunciations/reports",
            "/api/pronunciations/previews", "/api/pronunciations/previews/{preview_id}",
            "/api/narrations/{narration_id}/reports"} <= set(paths)
