"""Probes of the media routes: part files only for a narration that lists them, private bytes kept by no cache."""

from __future__ import annotations

import json
import sqlite3
import time

import pytest
import requests

from narrator.testing.server import Server

STORY = "The lock keeper opened the gates at dawn. Two barges slid through."


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("probe-media"), NARRATOR_REPORT_RATE_LIMIT="")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def private(server) -> dict:
    created = requests.post(server.base + "/api/narrations", json={"text": STORY, "visibility": "private"},
                            timeout=30).json()
    return {**server.wait(created["id"]), "feed_url": created["feed_url"]}


def set_row(server: Server, narration_id: str, status: str, parts: list[dict]) -> None:
    with sqlite3.connect(server.root / "narrator.db") as db:
        db.execute("UPDATE narrations SET status = ?, parts = ? WHERE id = ?", (status, json.dumps(parts),
                                                                               narration_id))


def drop_parts(server: Server, narration_id: str, index: int = 1) -> list[str]:
    """A part's MP3 and transcript in the output folder, as a worker leaves them; their addresses."""
    names = [f"{narration_id}.part-{index:03d}.mp3", f"{narration_id}.part-{index:03d}.vtt"]
    (server.root / "out").mkdir(exist_ok=True)
    (server.root / "out" / names[0]).write_bytes(b"ID3\x04\x00\x00\x00\x00\x00\x00leftover part audio")
    (server.root / "out" / names[1]).write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nleftover words\n")
    return [f"{server.base}/audio/{name}" for name in names]


PART = {"index": 1, "title": "Part one", "start_s": 0.0, "duration_s": 1.0}


@pytest.mark.parametrize("spelling", ["ghost0000000000a", "NoSuchRowAtAll12", "x"])
def test_a_part_file_for_an_id_with_no_narration_is_never_served(server, spelling):
    for url in drop_parts(server, spelling):
        answer = requests.get(url, timeout=10)
        assert answer.status_code == 404 and "leftover" not in answer.text, (url, answer.status_code)
        assert answer.json()["error"]["code"] == "not_found"


def test_a_deleted_narrations_leftover_parts_are_never_served(server):
    narration = server.wait(server.submit(text=f"The weir was mended {time.time()}. It held.")["id"])
    assert requests.delete(f"{server.base}/api/narrations/{narration['id']}", timeout=10).status_code == 204
    for url in drop_parts(server, narration["id"], 2):
        assert requests.get(url, timeout=10).status_code == 404, url


@pytest.mark.parametrize("status, parts", [("failed", [PART]), ("queued", []), ("running", []),
                                           ("running", [{**PART, "index": 3}])],
                         ids=["failed", "re-queued after a killed worker", "running, not listed yet",
                              "running, another part listed"])
def test_parts_a_narration_does_not_list_are_never_served(server, status, parts):
    narration = server.wait(server.submit(text=f"The canal froze {time.time()}. Skaters came.")["id"])
    set_row(server, narration["id"], status, parts)
    for url in drop_parts(server, narration["id"]):
        answer = requests.get(url, timeout=10)
        assert answer.status_code == 404 and "leftover" not in answer.text, (status, parts, url)


def test_a_listed_part_and_a_just_finished_narrations_part_are_served(server):
    narration = server.wait(server.submit(text=f"The ferry sailed {time.time()}. Gulls followed.")["id"])
    urls = drop_parts(server, narration["id"])
    assert all(requests.get(url, timeout=10).status_code == 200 for url in urls)  # done: kept for parts_keep_s
    set_row(server, narration["id"], "running", [PART])
    assert all(requests.get(url, timeout=10).status_code == 200 for url in urls)


def private_addresses(server: Server, narration: dict) -> list[str]:
    nid = narration["id"]
    return [narration["audio_url"], narration["audio_url"] + "?v=1", narration["audio_url"] + "?v=2",
            narration["chapters_url"], narration["transcript_url"], f"{server.base}/api/narrations/{nid}",
            f"{server.base}/api/narrations/{nid}/check", f"{server.base}/api/narrations/{nid}/versions",
            narration["player_url"], narration["feed_url"]]


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_no_cache_keeps_a_private_narrations_bytes_or_facts(server, private, method):
    for url in private_addresses(server, private):
        answer = requests.request(method, url, timeout=10)
        assert answer.status_code == 200, (url, answer.status_code)
        directives = {part.strip() for part in answer.headers["Cache-Control"].lower().split(",")}
        assert {"private", "no-store"} <= directives, (url, answer.headers["Cache-Control"])
        assert not directives & {"public", "immutable"} and not any(d.startswith("max-age") for d in directives), url


def test_ranges_and_conditional_requests_still_work_on_private_audio(server, private):
    first = requests.get(private["audio_url"], headers={"Range": "bytes=0-99"}, timeout=10)
    assert first.status_code == 206 and len(first.content) == 100
    again = requests.get(private["audio_url"], headers={"If-None-Match": first.headers["ETag"]}, timeout=10)
    assert again.status_code == 304 and "no-store" in again.headers["Cache-Control"]


def test_a_private_narrations_parts_are_kept_by_no_cache(server):
    created = requests.post(server.base + "/api/narrations", json={"text": STORY + f" {time.time()}.",
                                                                   "visibility": "private"}, timeout=30).json()
    server.wait(created["id"])
    for url in drop_parts(server, created["id"]):
        answer = requests.get(url, timeout=10)
        assert answer.status_code == 200 and "no-store" in answer.headers["Cache-Control"], url


def test_public_audio_stays_cacheable_for_good(server):
    public = server.wait(server.submit(text=f"The harbour light was lit {time.time()}. Ships saw it.")["id"])
    assert "immutable" in requests.get(public["audio_url"], timeout=10).headers["Cache-Control"]
