"""The service against a real server process on 127.0.0.1: real SQLite, real Huey queue and worker processes."""

from __future__ import annotations

import signal
import time

import pytest
import requests

from .conftest import FIXTURES
from narrator.testing.server import ARTICLE, Server

pytestmark = pytest.mark.slow

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("service"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def finished(server):
    narration = server.submit(title="The pier reopens", author="Ann Lee")
    return server.wait(narration["id"])


def test_submit_poll_and_fetch_the_mp3_whole_and_by_range(server, finished):
    assert finished["status"] == "done" and finished["duration_s"] > 3
    assert [c["title"] for c in finished["chapters"]][1:] == ["What comes next"]
    whole = requests.get(finished["audio_url"], timeout=10)
    assert whole.status_code == 200 and whole.headers["Content-Type"] == "audio/mpeg"
    assert whole.headers["Accept-Ranges"] == "bytes"
    body = whole.content
    for header, expected, content_range in [
        ("bytes=0-1", body[:2], f"bytes 0-1/{len(body)}"),
        ("bytes=1000-", body[1000:], f"bytes 1000-{len(body) - 1}/{len(body)}"),
        ("bytes=-500", body[-500:], f"bytes {len(body) - 500}-{len(body) - 1}/{len(body)}"),
    ]:
        part = requests.get(finished["audio_url"], headers={"Range": header}, timeout=10)
        assert part.status_code == 206, header
        assert part.content == expected and part.headers["Content-Range"] == content_range
    unsatisfiable = requests.get(finished["audio_url"], headers={"Range": f"bytes={len(body) + 10}-"}, timeout=10)
    assert unsatisfiable.status_code == 416


def test_head_and_conditional_requests(server, finished):
    head = requests.head(finished["audio_url"], timeout=10)
    assert head.status_code == 200 and int(head.headers["Content-Length"]) > 0 and not head.content
    etag, modified = head.headers["ETag"], head.headers["Last-Modified"]
    assert requests.get(finished["audio_url"], headers={"If-None-Match": etag}, timeout=10).status_code == 304
    assert requests.get(finished["audio_url"], headers={"If-Modified-Since": modified}, timeout=10).status_code == 304
    assert "immutable" in head.headers["Cache-Control"]


def test_sidecars_have_their_types_and_cors(server, finished):
    chapters = requests.get(finished["chapters_url"], timeout=10)
    assert chapters.headers["Content-Type"].startswith("application/json+chapters")
    assert chapters.json()["version"] == "1.2.0"
    vtt = requests.get(finished["transcript_url"], timeout=10)
    assert vtt.headers["Content-Type"].startswith("text/vtt") and vtt.text.startswith("WEBVTT")
    assert chapters.headers["Access-Control-Allow-Origin"] == "*" == vtt.headers["Access-Control-Allow-Origin"]


def test_the_same_article_twice_is_one_narration_and_one_job(server, finished):
    again = server.submit(title="The pier reopens", author="Ann Lee")
    assert again["id"] == finished["id"] and again["status"] == "done"
    listing = requests.get(server.base + "/api/narrations", timeout=10).json()
    assert [n["id"] for n in listing["items"]].count(finished["id"]) == 1
    from narrator.store import Store

    assert Store(f"sqlite:///{server.root}/narrator.db").get(finished["id"]).attempts == 1


def test_feed_parses_with_podcastparser_and_feedparser_and_links_resolve(server, finished):
    import io

    import feedparser
    import podcastparser

    xml = requests.get(server.base + "/feed.xml", timeout=10)
    assert xml.headers["Content-Type"].startswith("application/rss+xml")
    parsed = feedparser.parse(xml.content)
    assert not parsed.bozo, parsed.bozo_exception
    entry = next(e for e in parsed.entries if finished["id"] in e.id)
    enclosure = entry.enclosures[0]
    assert enclosure.type == "audio/mpeg"
    assert int(enclosure.length) == len(requests.get(enclosure.href, timeout=10).content)
    assert int(entry.itunes_duration) == round(finished["duration_s"])

    podcast = podcastparser.parse(server.base + "/feed.xml", io.BytesIO(xml.content))
    episode = next(e for e in podcast["episodes"] if finished["id"] in e["guid"])
    assert episode["enclosures"][0]["file_size"] == int(enclosure.length)
    assert episode["total_time"] == round(finished["duration_s"])
    assert [c["title"] for c in episode["chapters"]] == [c["title"] for c in finished["chapters"]]
    assert episode["chapters_json_url"] == finished["chapters_url"]
    assert episode["transcript_url"] == finished["transcript_url"]
    for url in (episode["chapters_json_url"], episode["transcript_url"], entry.link):
        assert requests.get(url, timeout=10).status_code == 200


def test_feed_escapes_titles(server):
    hostile = server.submit(text="A short article about escaping. It has two sentences.",
                            title='Fish & chips <script>alert("x")</script> ]]> done')
    server.wait(hostile["id"])
    xml = requests.get(server.base + "/feed.xml", timeout=10).text
    assert "<script>" not in xml and "&lt;script&gt;" in xml and "Fish &amp; chips" in xml
    import feedparser

    assert not feedparser.parse(xml).bozo


def test_api_errors_use_one_envelope(server):
    missing = requests.get(server.base + "/api/narrations/nope", timeout=10)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    empty = requests.post(server.base + "/api/narrations", json={"text": "   "}, timeout=10)
    assert empty.status_code == 422 and "empty" in empty.json()["error"]["message"]
    wrong_type = requests.post(server.base + "/api/narrations", data=b"x", headers={"Content-Type": "image/png"},
                               timeout=10)
    assert wrong_type.status_code == 415 and wrong_type.json()["error"]["code"]
    huge = requests.post(server.base + "/api/narrations", data=b"word " * 600_000,
                         headers={"Content-Type": "text/plain"}, timeout=30)
    assert huge.status_code == 413 and "limit" in huge.json()["error"]["message"]
    bad_json = requests.post(server.base + "/api/narrations", data=b"{", headers={"Content-Type": "application/json"},
                             timeout=10)
    assert bad_json.status_code == 400 and bad_json.json()["error"]["code"] == "invalid_json"


def test_raw_markdown_body_with_title_query(server):
    response = requests.post(server.base + "/api/narrations?title=Raw+body", data=ARTICLE.encode(),
                             headers={"Content-Type": "text/markdown"}, timeout=30)
    assert response.status_code == 202 and response.json()["title"] == "Raw body"
    assert response.headers["Location"].endswith(f"/api/narrations/{response.json()['id']}")


def test_list_is_paginated_newest_first_and_delete_removes_files(server, finished):
    created = server.submit(text="A narration that will be deleted. It is short.", title="To delete")
    server.wait(created["id"])
    page = requests.get(server.base + "/api/narrations?per_page=1", timeout=10).json()
    assert page["per_page"] == 1 and len(page["items"]) == 1 and page["total"] >= 2 and page["next"]
    assert page["items"][0]["id"] == created["id"]
    files = [f for f in (server.root / "out").glob(f"{created['id']}.*") if ".part-" not in f.name]
    assert len(files) == 3
    assert requests.delete(f"{server.base}/api/narrations/{created['id']}", timeout=10).status_code == 204
    assert not list((server.root / "out").glob(f"{created['id']}.*"))
    assert requests.get(f"{server.base}/api/narrations/{created['id']}", timeout=10).status_code == 404


def test_openapi_document_lists_the_real_routes_with_their_methods(server, finished):
    """Each documented path exists with exactly its documented methods: an undocumented method answers 405 and its
    Allow header names the real ones (a missing route would answer 404)."""
    import re

    document = requests.get(server.base + "/api/openapi.json", timeout=10).json()
    assert document["openapi"].startswith("3.") and document["paths"]
    for path, operations in document["paths"].items():
        filled = path.replace("{narration_id}", finished["id"]).replace("{number}", "1")
        url = server.base + re.sub(r"\{\w+\}", "nope", filled)
        documented = {method.upper() for method in operations if method in ("get", "post", "put", "patch", "delete")}
        if "GET" in documented:
            answer = requests.get(url, timeout=10)
            # A path naming something this test did not make (a preview, a word) answers the API's JSON 404.
            expected = 200 if "{" not in filled else 404
            assert answer.status_code == expected and answer.headers["Content-Type"] == "application/json", path
        undocumented = next(m for m in ("PATCH", "PUT", "POST", "DELETE", "GET") if m not in documented)
        refused = requests.request(undocumented, url, timeout=10)
        assert refused.status_code == 405, (path, undocumented, refused.status_code)
        assert set(refused.headers["Allow"].replace(" ", "").split(",")) - {"HEAD", "OPTIONS"} == documented, path


DOCUMENTED = [  # shared/DESIGN.md's HTTP contract outside /api: path, content type
    ("/audio/{id}.mp3", "audio/mpeg"), ("/audio/{id}.chapters.json", "application/json+chapters"),
    ("/audio/{id}.vtt", "text/vtt"), ("/listen/{id}", "text/html"), ("/", "text/html"),
    ("/feed.xml", "application/rss+xml"), ("/embed.js", "text/javascript"), ("/healthz", "application/json"),
]


@pytest.mark.parametrize("path, content_type", DOCUMENTED, ids=[p for p, _ in DOCUMENTED])
def test_every_documented_path_answers_with_its_type_and_an_unknown_narration_is_404(server, finished, path,
                                                                                        content_type):
    answer = requests.get(server.base + path.format(id=finished["id"]), timeout=10)
    assert answer.status_code == 200 and answer.headers["Content-Type"].split(";")[0] == content_type, path
    assert answer.content
    if "{id}" in path:
        assert requests.get(server.base + path.format(id="nope"), timeout=10).status_code == 404


def test_a_killed_worker_is_recovered_and_the_partial_file_is_never_served(tmp_path):
    server = Server(tmp_path, engine="piper", embedded_worker=False, NARRATOR_JOB_LEASE_S="3")
    try:
        worker = server.start_worker()
        paragraphs = (FIXTURES / "harbour_furniture.txt").read_text("utf-8").split("\n\n")
        article = "\n\n".join(paragraphs[:5])  # the page's head and three paragraphs: a minute of Piper's speech
        narration = server.submit(text=article)
        running = server.wait(narration["id"], statuses=("running",), timeout=120)
        deadline = time.monotonic() + 120
        while running["progress"] < 0.1 and time.monotonic() < deadline:
            time.sleep(0.3)
            running = requests.get(f"{server.base}/api/narrations/{narration['id']}", timeout=10).json()
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        assert requests.get(f"{server.base}/audio/{narration['id']}.mp3", timeout=10).status_code == 404
        assert not (tmp_path / "out" / f"{narration['id']}.mp3").exists()
        time.sleep(4)  # let the lease lapse
        server.start_worker()
        done = server.wait(narration["id"], timeout=300)
        assert done["status"] == "done"
        assert requests.get(done["audio_url"], timeout=10).status_code == 200
        assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]  # no partial left over
    finally:
        server.stop()


def test_serve_submit_narrates_a_file_on_start(tmp_path):
    """`make demo` relies on this: the bundled sample is in the player as soon as the server is up."""
    article = FIXTURES / "allotments_headings.md"
    running = Server(tmp_path, args=("--submit", str(article), "--submit", str(article)))
    try:
        items = requests.get(running.base + "/api/narrations", timeout=10).json()["items"]
        assert len(items) == 1  # the same article twice is one narration
        done = running.wait(items[0]["id"])
        assert done["status"] == "done" and len(done["chapters"]) >= 2
        assert requests.get(done["player_url"], timeout=10).ok
    finally:
        running.stop()


class SourceAddressAdapter(requests.adapters.HTTPAdapter):
    """Connections from one local address."""

    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


def test_a_large_audience_holding_connections_does_not_lock_out_new_clients(server):
    """Players keep connections alive; waitress's default limit (100) would refuse everyone after them. Each player
    has its own address (127.0.1.N), as listeners do: one address may hold only CONNECTIONS_PER_CLIENT."""
    audience = []
    for index in range(150):
        session = requests.Session()
        session.mount("http://", SourceAddressAdapter(f"127.0.1.{index + 1}"))
        audience.append(session)
    try:
        for session in audience:
            assert session.get(server.base + "/healthz", timeout=10).ok  # and keep the connection open
        assert requests.get(server.base + "/api/narrations", timeout=10).ok
    finally:
        for session in audience:
            session.close()


def test_form_uploads_take_their_format_from_the_file_name(server):
    markdown = requests.post(server.base + "/api/narrations", timeout=30,
                             files={"file": ("pier.MD", ARTICLE.encode(), "application/octet-stream")})
    assert markdown.status_code == 202 and markdown.json()["title"] == "The pier reopens"
    assert len(server.wait(markdown.json()["id"])["chapters"]) == 2  # the Markdown headings were read
    refused = requests.post(server.base + "/api/narrations", timeout=30,
                            files={"file": ("pier.docx", b"PK\x03\x04", "application/octet-stream")})
    assert refused.status_code == 415 and ".txt, .md or .html" in refused.json()["error"]["message"]


def test_parts_outlive_the_finish_for_listeners_part_way_through_then_go(tmp_path):
    server = Server(tmp_path, NARRATOR_PARTS_KEEP_S="3")
    try:
        narration_id = server.submit()["id"]
        first_part = f"{server.base}/audio/{narration_id}.part-000.mp3"
        assert server.wait(narration_id)["parts"] == []  # the player is told to use the final file...
        assert requests.get(first_part, timeout=10).status_code == 200  # ...but one mid-part still gets its bytes
        deadline = time.monotonic() + 30
        while requests.head(first_part, timeout=10).status_code == 200 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert requests.head(first_part, timeout=10).status_code == 404
        assert not list((tmp_path / "out").glob(f"{narration_id}.part-*"))
    finally:
        server.stop()
