"""Audio on S3-compatible object storage: workers upload, the app redirects or proxies range requests.

The storage is moto's S3 server: a real HTTP server speaking the S3 REST API (signatures, Range, presigned URLs),
started on loopback; boto3 talks to it over HTTP exactly as it would to MinIO or AWS.
"""

from __future__ import annotations

import boto3
import pytest
import requests

from narrator.testing.browser import chromium
from narrator.testing.server import Server, free_port

pytestmark = pytest.mark.slow
BUCKET = "narrator-audio"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "narrator-test", "AWS_SECRET_ACCESS_KEY": "narrator-test-secret",
               "AWS_DEFAULT_REGION": "us-east-1"}
LONG_ARTICLE = "# The long walk\n\n" + "\n\n".join(
    f"Stage {n} of the walk follows the river past the old mill and the lock keeper's cottage, where the path "
    f"narrows and walkers wait for each other at the stile." for n in range(12))


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    yield endpoint
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, monkeypatch):
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint)
    client.create_bucket(Bucket=BUCKET)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def s3_server(tmp_path, endpoint: str, delivery: str) -> Server:
    return Server(tmp_path, NARRATOR_MEDIA_URL=f"s3://{BUCKET}/podcasts", NARRATOR_S3_ENDPOINT_URL=endpoint,
                  NARRATOR_MEDIA_DELIVERY=delivery, **CREDENTIALS)


def stored(client) -> dict[str, bytes]:
    keys = [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    return {key: client.get_object(Bucket=BUCKET, Key=key)["Body"].read() for key in keys}


def test_finished_audio_is_uploaded_and_the_app_redirects_range_requests_to_the_storage(tmp_path, bucket,
                                                                                       s3_endpoint):
    server = s3_server(tmp_path, s3_endpoint, "redirect")
    try:
        narration = server.wait(server.submit()["id"])
        assert narration["status"] == "done"
        nid = narration["id"]
        objects = stored(bucket)
        finals = {key for key in objects if ".part-" not in key}
        assert finals == {f"podcasts/{nid}.mp3", f"podcasts/{nid}.chapters.json", f"podcasts/{nid}.vtt"}
        assert f"podcasts/{nid}.part-000.mp3" in objects  # parts were uploaded as they rendered (kept a while)
        part = requests.get(f"{server.base}/audio/{nid}.part-000.mp3", headers={"Range": "bytes=0-9"}, timeout=10)
        assert part.status_code == 206 and part.content == objects[f"podcasts/{nid}.part-000.mp3"][:10]
        assert not list((tmp_path / "out").glob(f"{nid}*"))  # the worker's local copies are gone
        mp3 = objects[f"podcasts/{nid}.mp3"]

        redirect = requests.get(narration["audio_url"], allow_redirects=False, timeout=10)
        assert redirect.status_code == 302 and redirect.headers["Location"].startswith(s3_endpoint)
        ranged = requests.get(narration["audio_url"], headers={"Range": "bytes=1000-1999"}, timeout=10)
        assert ranged.status_code == 206 and ranged.content == mp3[1000:2000]
        assert ranged.headers["Content-Type"] == "audio/mpeg"
        assert ranged.headers["Content-Range"] == f"bytes 1000-1999/{len(mp3)}"

        # Sidecars come through the app: our content types and CORS, whatever the bucket's settings.
        chapters = requests.get(narration["chapters_url"], timeout=10)
        assert chapters.headers["Content-Type"] == "application/json+chapters"
        assert chapters.headers["Access-Control-Allow-Origin"] == "*"
        assert chapters.json()["chapters"][0]["startTime"] == 0
        assert requests.get(narration["transcript_url"], timeout=10).text.startswith("WEBVTT")

        assert requests.delete(f"{server.base}/api/narrations/{nid}", timeout=10).status_code == 204
        assert stored(bucket) == {}
    finally:
        server.stop()


def test_proxy_delivery_serves_ranges_head_and_conditional_requests_from_the_storage(tmp_path, bucket, s3_endpoint):
    server = s3_server(tmp_path, s3_endpoint, "proxy")
    try:
        narration = server.wait(server.submit()["id"])
        url = narration["audio_url"]
        mp3 = stored(bucket)[f"podcasts/{narration['id']}.mp3"]
        whole = requests.get(url, allow_redirects=False, timeout=10)
        assert whole.status_code == 200 and whole.content == mp3 and whole.headers["Accept-Ranges"] == "bytes"
        for header, expected in (("bytes=0-99", mp3[:100]), ("bytes=-100", mp3[-100:]),
                                 (f"bytes={len(mp3) - 10}-", mp3[-10:])):
            part = requests.get(url, headers={"Range": header}, timeout=10)
            assert part.status_code == 206 and part.content == expected, header
        assert requests.get(url, headers={"Range": f"bytes={len(mp3) + 5}-"}, timeout=10).status_code == 416
        head = requests.head(url, timeout=10)
        assert head.status_code == 200 and int(head.headers["Content-Length"]) == len(mp3) and head.content == b""
        etag = whole.headers["ETag"]
        assert requests.get(url, headers={"If-None-Match": etag}, timeout=10).status_code == 304
        stale = requests.get(url, headers={"Range": "bytes=0-9", "If-Range": '"not-the-etag"'}, timeout=10)
        assert stale.status_code == 200 and stale.content == mp3  # the client's copy changed: the whole file
    finally:
        server.stop()


def test_browser_plays_and_seeks_audio_redirected_to_object_storage(tmp_path, bucket, s3_endpoint):
    server = s3_server(tmp_path, s3_endpoint, "redirect")
    try:
        narration = server.wait(server.submit(text=LONG_ARTICLE, title="The long walk")["id"])
        with chromium() as browser:
            page = browser.new_page()
            blocked: list[str] = []
            page.on("console", lambda message: blocked.append(message.text)
                    if "Content Security Policy" in message.text else None)
            page.goto(narration["player_url"])
            page.click("#play")
            page.wait_for_function("() => document.getElementById('audio').currentTime > 0.3", timeout=60_000)
            target = narration["duration_s"] * 0.75
            page.evaluate(f"document.getElementById('audio').currentTime = {target}")
            page.wait_for_function(f"() => document.getElementById('audio').currentTime > {target + 0.3}",
                                   timeout=60_000)
            assert page.evaluate("document.getElementById('audio').currentSrc").startswith(server.base)
            assert blocked == []
    finally:
        server.stop()


def test_health_checks_the_object_storage_and_names_it_when_the_bucket_is_missing(tmp_path, bucket, s3_endpoint):
    (tmp_path / "ok").mkdir()
    (tmp_path / "missing").mkdir()
    server = s3_server(tmp_path / "ok", endpoint=s3_endpoint, delivery="proxy")
    try:
        health = requests.get(server.base + "/healthz", timeout=30)
        assert health.status_code == 200
        assert health.json()["checks"] == {"store": "ok", "queue": "ok", "workers": "ok", "object_storage": "ok"}
    finally:
        server.stop()
    missing = Server(tmp_path / "missing", NARRATOR_MEDIA_URL="s3://no-such-bucket/podcasts",
                     NARRATOR_S3_ENDPOINT_URL=s3_endpoint, **CREDENTIALS)
    try:
        health = requests.get(missing.base + "/readyz", timeout=30)
        assert health.status_code == 503 and health.json()["down"] == ["object_storage"]
        assert health.json()["error"]["message"].startswith("object_storage is down: ClientError")
    finally:
        missing.stop()


def test_a_second_listeners_identical_request_gets_its_own_copy_in_the_bucket(tmp_path, bucket, s3_endpoint):
    """Private narrations of the same text share the rendering, not the objects: each id has its own, so deleting
    (or expiring) one never takes the other's audio away."""
    server = s3_server(tmp_path, s3_endpoint, "redirect")
    try:
        first = server.wait(server.submit(visibility="private")["id"])
        second = server.wait(server.submit(visibility="private")["id"])
        assert first["id"] != second["id"] and second["status"] == "done"
        objects = stored(bucket)
        for suffix in (".mp3", ".chapters.json", ".vtt"):
            assert objects[f"podcasts/{second['id']}{suffix}"] == objects[f"podcasts/{first['id']}{suffix}"]
        from narrator.store import Store

        store = Store(f"sqlite:///{tmp_path}/narrator.db")
        assert store.get(second["id"]).timings == store.get(first["id"]).timings  # copied, not rendered again
        redirect = requests.get(second["audio_url"], allow_redirects=False, timeout=10)
        assert redirect.status_code == 302 and "noindex" in redirect.headers["X-Robots-Tag"]
        assert redirect.headers["Cache-Control"].startswith("private")
        assert requests.delete(f"{server.base}/api/narrations/{first['id']}", timeout=10).status_code == 204
        assert requests.get(second["audio_url"], headers={"Range": "bytes=0-9"}, timeout=10).status_code == 206
        assert not [key for key in stored(bucket) if first["id"] in key]
    finally:
        server.stop()
