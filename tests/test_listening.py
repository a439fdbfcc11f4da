"""Listening figures without tracking: a real server, headless Chromium, and the database read directly."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import requests
from sqlalchemy import create_engine, inspect, text

from narrator.listening import record, report
from narrator.store import Store

from .server import ARTICLE, Server

KEY = "figures-key-3"
AUTH = {"Authorization": f"Bearer {KEY}"}
COUNTERS = {"narration_id", "day", "plays", "reached_25", "reached_50", "reached_75", "reached_100"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("listening"), NARRATOR_API_KEY=KEY)
    yield running
    running.stop()


def narrate(server: Server, words: str) -> dict:
    answer = requests.post(server.base + "/api/narrations", headers=AUTH, timeout=30,
                           json={"text": ARTICLE.replace("pier", words), "title": f"The {words}"})
    assert answer.status_code == 202, answer.text
    return server.wait(answer.json()["id"])


def figures(server: Server, narration_id: str | None = None, **query) -> dict:
    answer = requests.get(server.base + "/api/stats", headers=AUTH, params=query, timeout=10)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    if narration_id is None:
        return body
    return next((n for n in body["narrations"] if n["id"] == narration_id), {"plays": 0, "reached": {}})


def report_event(server: Server, narration_id: str, event, **headers) -> requests.Response:
    return requests.post(f"{server.base}/api/narrations/{narration_id}/listens", json={"event": event},
                         headers=headers, timeout=10)


def play_to(page, fraction: float) -> None:
    page.click("#play")
    page.wait_for_function("() => !document.getElementById('audio').paused")
    page.evaluate("document.getElementById('audio').playbackRate = 2")
    page.wait_for_function(f"() => {{ const a = document.getElementById('audio');"
                           f" return a.currentTime >= {fraction} * a.duration; }}", timeout=60_000)
    page.click("#play")  # pause


@pytest.mark.slow
def test_a_session_playing_to_60_percent_counts_one_play_and_the_25_and_50_quarters(server, browser):
    narration = narrate(server, "lighthouse")
    context = browser.new_context()
    context.add_cookies([{"name": "reader", "value": "a-cookie-the-report-must-not-carry", "url": server.base}])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: "Content Security Policy" in message.text and errors.append(message.text))
    reports = []
    page.on("request", lambda request: "/listens" in request.url and reports.append(request))
    page.goto(narration["player_url"])
    page.wait_for_function("() => document.getElementById('audio').readyState >= 1")
    play_to(page, 0.6)
    deadline = time.monotonic() + 10
    while figures(server, narration["id"])["plays"] == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(0.5)
    counted = figures(server, narration["id"])
    assert counted["plays"] == 1
    assert counted["reached"] == {"25": 1, "50": 1, "75": 0, "100": 0}
    assert len(reports) == 3 and all("cookie" not in r.all_headers() for r in reports)
    assert all("referer" not in r.all_headers() for r in reports)

    page.evaluate("localStorage.clear()")  # no saved place: this listener starts from the beginning again
    page.reload()  # a second page view is a second play; nothing identifies it as the same listener
    page.wait_for_function("() => document.getElementById('audio').readyState >= 1")
    play_to(page, 0.3)
    deadline = time.monotonic() + 10
    while figures(server, narration["id"])["plays"] < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert figures(server, narration["id"])["reached"]["25"] == 2
    context.close()
    assert not errors, errors


@pytest.mark.slow
def test_the_widget_on_a_publishers_page_reports_from_another_origin(server, browser):
    narration = narrate(server, "lido")
    page = browser.new_page()
    page.set_content(f'<main><h1>The lido</h1><script src="{server.base}/embed.js" '
                     f'data-narration="{narration["id"]}"></script></main>')
    page.wait_for_function("() => document.querySelector('[data-narrator-widget]')?.narratorAudio")
    page.evaluate("document.querySelector('[data-narrator-widget]').shadowRoot.querySelector('button').click()")
    page.wait_for_function("() => !document.querySelector('[data-narrator-widget]').narratorAudio.paused")
    page.evaluate("document.querySelector('[data-narrator-widget]').narratorAudio.playbackRate = 2")
    page.wait_for_function("() => { const a = document.querySelector('[data-narrator-widget]').narratorAudio;"
                           " return a.currentTime >= 0.55 * a.duration; }", timeout=60_000)
    page.evaluate("document.querySelector('[data-narrator-widget]').narratorAudio.pause()")
    deadline = time.monotonic() + 10
    while figures(server, narration["id"])["reached"].get("50", 0) == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    counted = figures(server, narration["id"])
    assert counted["plays"] == 1 and counted["reached"] == {"25": 1, "50": 1, "75": 0, "100": 0}
    page.close()


@pytest.mark.slow
def test_the_editors_page_draws_the_chart_and_lists_the_most_listened(server, browser):
    narration = narrate(server, "boathouse")
    for event in ("play", "25", "50", "play", "25"):
        assert report_event(server, narration["id"], event).status_code == 204
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: "Content Security Policy" in message.text and errors.append(message.text))
    page.goto(server.base + "/stats")
    page.fill("#key", "wrong-key")
    page.click("button[type=submit]")
    page.wait_for_function("() => document.getElementById('stats-error').textContent.includes('Bearer')")
    page.fill("#key", KEY)
    page.click("button[type=submit]")
    page.wait_for_selector("#stats-result:not([hidden])")
    assert page.evaluate("typeof window.Chart") == "function"  # the vendored library, from this site
    assert page.evaluate("document.getElementById('stats').chartInstance.data.datasets[0].label") == "Plays"
    assert page.evaluate("document.getElementById('chart').width") > 100
    row = page.locator("#top tbody tr", has_text="The boathouse")
    assert row.locator("td").all_inner_texts()[1:] == ["2", "2", "1", "0", "0", "0%"]
    assert int(page.inner_text("#total-plays")) >= 2
    script = page.evaluate("[...document.scripts].map(s => s.src).find(s => s.includes('chart'))")
    assert script.startswith(server.base + "/static/vendor/")
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}})
    assert not [v["id"] for v in violations.response["violations"] if v["impact"] in ("serious", "critical")]
    page.close()
    assert not errors, errors


@pytest.mark.slow
def test_the_store_holds_counts_only_no_address_cookie_or_user_agent(server, browser):
    narration = narrate(server, "quay")
    page = browser.new_page(user_agent="Mozilla/5.0 DistinctiveAgent/42.0")
    page.goto(narration["player_url"])
    page.wait_for_function("() => document.getElementById('audio').readyState >= 1")
    play_to(page, 0.3)
    page.close()
    assert report_event(server, narration["id"], "play", **{"User-Agent": "DistinctiveAgent/42.0",
                                                            "Cookie": "reader=tracked"}).status_code == 204
    engine = create_engine(f"sqlite:///{server.root}/narrator.db")
    columns = {c["name"] for c in inspect(engine).get_columns("listening_daily")}
    assert columns == COUNTERS  # counts per narration per day, nothing about who listened
    with engine.connect() as connection:
        dump = " ".join(str(value) for table in inspect(engine).get_table_names()
                        for row in connection.execute(text(f'SELECT * FROM "{table}"')) for value in row)
        plays = connection.execute(text("SELECT plays FROM listening_daily WHERE narration_id = :id"),
                                   {"id": narration["id"]}).scalar()
    assert plays == 2
    for trace in ("127.0.0.1", "DistinctiveAgent", "Mozilla", "reader=tracked", "tracked"):
        assert trace not in dump


@pytest.mark.slow
@pytest.mark.parametrize("how", ["header", "browser"])
def test_do_not_track_and_global_privacy_control_are_not_counted(server, browser, how):
    narration = narrate(server, f"harbour wall {how}")
    if how == "header":  # the server drops what such a browser sends
        context = browser.new_context(extra_http_headers={"Sec-GPC": "1"})
    else:  # the player does not even send
        context = browser.new_context()
        context.add_init_script("Object.defineProperty(navigator, 'globalPrivacyControl', {get: () => true})")
    page = context.new_page()
    reports = []
    page.on("request", lambda request: "/listens" in request.url and reports.append(request))
    page.goto(narration["player_url"])
    page.wait_for_function("() => document.getElementById('audio').readyState >= 1")
    play_to(page, 0.3)
    time.sleep(1)
    context.close()
    assert figures(server, narration["id"])["plays"] == 0
    assert (len(reports) > 0) is (how == "header")
    for header in ({"DNT": "1"}, {"Sec-GPC": "1"}):
        assert report_event(server, narration["id"], "play", **header).status_code == 204
    assert figures(server, narration["id"])["plays"] == 0


@pytest.mark.slow
def test_reports_are_rate_limited_so_nobody_inflates_a_narrations_figures(server):
    target, other = narrate(server, "slipway"), narrate(server, "breakwater")
    answers = [report_event(server, target["id"], "play").status_code for _ in range(40)]
    assert answers == [204] * 30 + [429] * 10
    refused = report_event(server, target["id"], "100")
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "too_many_requests"
    assert "listening reports" in refused.json()["error"]["message"] and int(refused.headers["Retry-After"]) > 0
    assert figures(server, target["id"])["plays"] == 30
    assert report_event(server, other["id"], "play").status_code == 204  # the limit is per narration


@pytest.mark.slow
@pytest.mark.parametrize("body, content_type, status, code", [
    (b'{"event": "skip"}', "application/json", 422, "invalid_field"),
    (b'{"event": 33}', "application/json", 422, "invalid_field"),
    (b'{"event": true}', "application/json", 422, "invalid_field"),
    (b'{"percent": 50}', "application/json", 422, "invalid_field"),
    (b'["play"]', "text/plain", 422, "invalid_field"),
    (b'{"event": "play"', "application/json", 400, "invalid_json"),
    (b"play", "text/plain", 400, "invalid_json"),
    (b'{"event": "play", "pad": "' + b"x" * 300 + b'"}', "application/json", 413, "payload_too_large"),
    (b'{"event": "play"}', "image/png", 415, "unsupported_media_type"),
])
def test_bad_reports_are_answered_with_json_errors(server, body, content_type, status, code):
    narration = narrate(server, "jetty")
    answer = requests.post(f"{server.base}/api/narrations/{narration['id']}/listens", data=body,
                           headers={"Content-Type": content_type}, timeout=10)
    assert answer.status_code == status, answer.text
    assert answer.json()["error"]["code"] == code and answer.json()["error"]["message"]


@pytest.mark.slow
def test_reports_for_a_narration_that_does_not_exist_are_404(server):
    answer = report_event(server, "no-such-narration", "play")
    assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found"


@pytest.mark.slow
@pytest.mark.parametrize("query, headers, status", [
    ({}, {}, 401),
    ({}, {"Authorization": "Bearer wrong"}, 401),
    ({"from": "2026-13-01"}, AUTH, 400),
    ({"to": "yesterday"}, AUTH, 400),
    ({"from": "2026-05-02", "to": "2026-05-01"}, AUTH, 400),
    ({"from": "2024-01-01", "to": "2026-01-01"}, AUTH, 400),
    ({"top": "0"}, AUTH, 400),
    ({"top": "many"}, AUTH, 400),
    ({"from": "2026-05-01", "to": "2026-05-03", "top": "5"}, AUTH, 200),
])
def test_the_figures_api_needs_the_key_and_a_sensible_period(server, query, headers, status):
    answer = requests.get(server.base + "/api/stats", params=query, headers=headers, timeout=10)
    assert answer.status_code == status, answer.text
    if status != 200:
        assert answer.json()["error"]["message"]
    else:
        assert [d["date"] for d in answer.json()["days"]] == ["2026-05-01", "2026-05-02", "2026-05-03"]


def test_counters_add_up_by_day_and_rank_the_most_listened(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/narrator.db")
    store.upgrade()
    ids = [store.create_or_get(f"digest-{n}", title=f"Article {n}", source_text="x", source_format="text")[0].id
           for n in range(3)]
    monday, tuesday, later = dt.date(2026, 3, 2), dt.date(2026, 3, 3), dt.date(2026, 4, 1)
    for narration_id, day, events in [(ids[0], monday, ["play", "25", "50", "75", "100"]),
                                      (ids[0], tuesday, ["play"]), (ids[1], monday, ["play", "play", "25"]),
                                      (ids[1], tuesday, ["play", "25", "50"]), (ids[2], later, ["play"] * 9)]:
        for event in events:
            record(store, narration_id, event, day)
    figures = report(store, monday, tuesday, top=2)
    assert figures["totals"] == {"plays": 5, "reached": {"25": 3, "50": 2, "75": 1, "100": 1}, "completion": 0.2}
    assert [(d["date"], d["plays"]) for d in figures["days"]] == [("2026-03-02", 3), ("2026-03-03", 2)]
    assert [(n["title"], n["plays"]) for n in figures["narrations"]] == [("Article 1", 3), ("Article 0", 2)]
    assert figures["narrations"][1]["completion"] == 0.5
    empty = report(store, dt.date(2026, 1, 1), dt.date(2026, 1, 1))
    assert empty["totals"]["plays"] == 0 and empty["totals"]["completion"] is None and not empty["narrations"]
