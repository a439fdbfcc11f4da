"""Faults under a real `narrator serve`: slow pages, a killed worker, a locked store; every one a fast, clear answer."""

from __future__ import annotations

import concurrent.futures
import time

import pytest
import requests

from narrator.testing.server import Server

from .site import ARTICLE_HTML, Route, Site

pytestmark = pytest.mark.slow

DEADLINE_S = 2.0
SLOW_SUBMISSIONS = 10


def _post_url(server: Server, url: str) -> tuple[float, requests.Response]:
    started = time.monotonic()
    answer = requests.post(server.base + "/api/narrations", json={"url": url}, timeout=30)
    return time.monotonic() - started, answer


def test_pages_dripping_bytes_never_freeze_the_service(tmp_path):
    """Ten submissions of a page that drips a byte every 0.1 s (it would take minutes): each answers within the
    fetch deadline (422, the site too slow) or at once (503 with Retry-After: the pool or the site's share is
    full); meanwhile /livez answers at once and a page from another site is fetched and queued."""
    slow = Site()
    slow.routes["/drip.html"] = Route(body=ARTICLE_HTML.encode() * 20, drip_s=0.1)
    fast = Site()
    fast_url = fast.page("/lighthouse.html", ARTICLE_HTML)
    server = Server(tmp_path, embedded_worker=False, NARRATOR_FETCH_PRIVATE_ADDRESSES="true",
                    NARRATOR_FETCH_TIMEOUT_S=str(DEADLINE_S), NARRATOR_FETCH_SLOTS="4", NARRATOR_SERVER_THREADS="8")
    try:
        with concurrent.futures.ThreadPoolExecutor(SLOW_SUBMISSIONS) as pool:
            started = time.monotonic()
            slow_answers = [pool.submit(_post_url, server, f"{slow.base}/drip.html?n={n}")
                            for n in range(SLOW_SUBMISSIONS)]
            time.sleep(0.5)  # the slow fetches are under way
            livez = []
            while time.monotonic() - started < DEADLINE_S + 1:
                began = time.monotonic()
                assert requests.get(server.base + "/livez", timeout=5).status_code == 200
                livez.append(time.monotonic() - began)
            fast_took, fast_answer = _post_url(server, fast_url)
            answers = [future.result() for future in slow_answers]
        assert max(livez) < 1.0, livez
        assert fast_answer.status_code == 202, fast_answer.text
        assert fast_answer.json()["title"] == "The lighthouse keeper retires" and fast_took < DEADLINE_S + 1
        statuses = sorted(answer.status_code for _took, answer in answers)
        assert set(statuses) == {422, 503}, statuses
        for took, answer in answers:
            error = answer.json()["error"]
            if answer.status_code == 503:
                assert error["code"] == "busy" and "try again" in error["message"] and took < 1.0
                assert DEADLINE_S <= int(answer.headers["Retry-After"]) <= 300  # the rate limiter may raise it
            else:
                assert error["code"] == "fetch_failed" and "did not answer in time" in error["message"]
                assert f"{DEADLINE_S:g} s" in error["message"] and took < DEADLINE_S + 1.5, took
        assert requests.get(server.base + "/api/narrations", timeout=5).json()["total"] == 1  # only the fast page
    finally:
        server.stop()
        slow.stop()
        fast.stop()
