"""A dependency down under a running service: real Redis and PostgreSQL stopped; 503s that name what is down."""

from __future__ import annotations

import pytest
import requests

from narrator.testing.infra import PostgresServer, RedisServer
from narrator.testing.server import Server

pytestmark = pytest.mark.slow

TEXT = "The harbour lights were switched back on tonight. The whole town came down to watch."


def test_with_redis_stopped_a_submission_answers_503_naming_the_queue_and_is_narrated_once_it_is_back(tmp_path):
    redis = RedisServer()
    server = Server(tmp_path, embedded_worker=False, NARRATOR_QUEUE_URL=redis.url, NARRATOR_WORKER_SILENCE_S="600")
    try:
        healthy = requests.get(server.base + "/healthz", timeout=10)
        assert healthy.status_code == 200
        assert healthy.json()["checks"] == {"store": "ok", "queue": "ok", "workers": "ok"}
        redis.stop()

        answer = requests.post(server.base + "/api/narrations", json={"text": TEXT}, timeout=30)
        assert answer.status_code == 503, answer.text
        error = answer.json()["error"]
        assert error["code"] == "queue_unavailable"
        assert error["message"].startswith(f"the job queue ({redis.url}) is unavailable: ")
        assert "refused" in error["message"].lower()
        assert 0 < int(answer.headers["Retry-After"]) <= 300
        for path in ("/healthz", "/readyz"):
            health = requests.get(server.base + path, timeout=30)
            assert health.status_code == 503 and int(health.headers["Retry-After"]) > 0
            body = health.json()
            assert body["down"] == ["queue"] and body["checks"]["store"] == "ok"
            assert body["error"]["message"].startswith("queue is down: ConnectionError")
        assert requests.get(server.base + "/livez", timeout=10).status_code == 200

        kept = requests.get(server.base + "/api/narrations", timeout=10).json()["items"]
        assert [n["status"] for n in kept] == ["queued"]  # saved, waiting for the queue
        redis = RedisServer(port=redis.port)  # the queue is back (empty: Redis kept nothing)
        assert requests.get(server.base + "/healthz", timeout=10).status_code == 200
        server.start_worker()  # its recovery round queues what the queue never got
        assert server.wait(kept[0]["id"], timeout=120)["status"] == "done"
    finally:
        server.stop()
        redis.stop()


def test_with_postgresql_stopped_a_submission_and_health_answer_503_naming_the_store(tmp_path):
    postgres = PostgresServer()
    server = Server(tmp_path, embedded_worker=False, NARRATOR_DATABASE_URL=postgres.url,
                    NARRATOR_WORKER_SILENCE_S="600")
    try:
        assert requests.get(server.base + "/healthz", timeout=10).json()["checks"]["store"] == "ok"
        postgres.stop()
        answer = requests.post(server.base + "/api/narrations", json={"text": TEXT}, timeout=30)
        assert answer.status_code == 503, answer.text
        assert answer.json()["error"]["code"] == "store_unavailable" and int(answer.headers["Retry-After"]) > 0
        listing = requests.get(server.base + "/api/narrations", timeout=30)
        assert listing.status_code == 503 and listing.json()["error"]["code"] == "store_unavailable"
        assert 0 < int(listing.headers["Retry-After"]) <= 300  # not rate-limited: the header is the error's own
        health = requests.get(server.base + "/healthz", timeout=30)
        assert health.status_code == 503 and health.json()["down"] == ["store"]
        assert health.json()["checks"]["queue"] == "ok"
        assert health.json()["error"]["message"].startswith("store is down: OperationalError")
        assert answer.json()["error"]["message"].startswith("the narration store cannot be reached")
    finally:
        server.stop()
