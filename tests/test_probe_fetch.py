"""Probes of page fetching: a name server that never answers costs a fetch its deadline, no more, and holds no slot."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from narrator.config import Settings
from narrator.errors import FetchError
from narrator.fetching import PoliteFetcher
from narrator.netguard import LOOKUP_THREADS, guarded_opener, public_only, resolve
from narrator.web import create_app

STUCK = ".stuck.test"
"""Names under this suffix are never answered by the (patched) resolver."""


@pytest.fixture
def stuck_resolver(monkeypatch):
    """socket.getaddrinfo that hangs for names under STUCK until the test ends (others resolve as usual); yields the
    names it was asked for."""
    release, real, asked = threading.Event(), socket.getaddrinfo, []

    def getaddrinfo(host, *args, **kwargs):
        if str(host).lower().endswith(STUCK):
            asked.append(host)
            release.wait(90)
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield asked
    release.set()
    time.sleep(0.3)  # let the released look-ups give their threads back


@pytest.mark.parametrize("robots", [True, False], ids=["robots.txt first", "page only"])
@pytest.mark.parametrize("name", ["news" + STUCK, "NEWS" + STUCK.upper(), "xn--nws-1na" + STUCK])
def test_a_look_up_that_never_answers_is_cut_off_by_the_fetch_deadline(stuck_resolver, robots, name):
    fetcher = PoliteFetcher(0, obey_robots=robots, opener=guarded_opener(public_only), deadline_s=1.0)
    started = time.monotonic()
    with pytest.raises(FetchError, match="did not answer in time"):
        fetcher.fetch_page(f"http://{name}/article.html", 2_000_000)
    assert time.monotonic() - started < 1.8
    assert stuck_resolver, "the resolver was never asked"


def test_stuck_look_ups_hold_no_fetch_slot_of_the_app(stuck_resolver, tmp_path):
    """Twice as many slow-DNS submissions as there are fetch slots: each is refused for its deadline, none finds the
    pool full (503 busy), and the pool is empty again right after."""
    settings = Settings.load(env={}, engine="fake", data_dir=str(tmp_path), secret_key="test", submit_rate_limit="",
                             fetch_timeout_s=1.0, fetch_slots=2)
    app = create_app(settings)
    client = app.test_client()
    for index in range(2 * settings.fetch_slots):
        started = time.monotonic()
        answer = client.post("/api/narrations", json={"url": f"http://site{index}{STUCK}/page.html"})
        assert answer.status_code == 422, answer.get_json()
        assert "did not answer in time" in answer.get_json()["error"]["message"]
        assert time.monotonic() - started < 2.0
    deadline = time.monotonic() + 1
    while app.extensions["narrator_fetch_pool"].busy() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert app.extensions["narrator_fetch_pool"].busy() == 0


def test_look_ups_waiting_for_the_name_server_are_bounded(stuck_resolver):
    waiting = [threading.Thread(target=lambda i=i: pytest.raises(OSError, resolve, f"n{i}{STUCK}", 80, 5), daemon=True)
               for i in range(LOOKUP_THREADS)]
    for thread in waiting:
        thread.start()
    deadline = time.monotonic() + 2
    while len(stuck_resolver) < LOOKUP_THREADS and time.monotonic() < deadline:
        time.sleep(0.02)
    started = time.monotonic()
    with pytest.raises(TimeoutError, match="already waiting"):
        resolve("one-more" + STUCK, 80, 5)
    assert time.monotonic() - started < 0.2
    assert len(stuck_resolver) == LOOKUP_THREADS


@pytest.mark.parametrize("address", ["127.0.0.1", "::1"])
def test_an_address_literal_is_resolved_at_once_without_a_thread(address):
    before = threading.active_count()
    assert resolve(address, 80, 0.5)[0][4][0] == address
    assert threading.active_count() == before
