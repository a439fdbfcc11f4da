"""Probes of every JSON route and every write with malformed bodies, wrong types, method overrides, preflights and
foreign referrers: a clear 4xx JSON error naming what is wrong, never a 500, nothing stored."""

from __future__ import annotations

import sqlite3
import time

import pytest
import requests

from narrator.testing.server import Server

KEY = "probe-input-key-0123456789"
AUTH = {"Authorization": f"Bearer {KEY}"}
STORY = "The mill pond froze over on Monday. Children skated until dusk."


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("probe-input"), NARRATOR_API_KEY=KEY, NARRATOR_REPORT_RATE_LIMIT="",
                     NARRATOR_LISTEN_RATE_LIMIT="")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def narration(server) -> dict:
    created = requests.post(server.base + "/api/narrations", json={"text": STORY, "title": "The mill pond"},
                            headers=AUTH, timeout=30)
    assert created.status_code == 202, created.text
    return server.wait(created.json()["id"])


def json_routes(narration_id: str) -> list[tuple[str, str]]:
    return [("POST", "/api/narrations"), ("PUT", "/api/lexicon/pond"), ("POST", "/api/pronunciations/previews"),
            ("POST", f"/api/narrations/{narration_id}/reports"), ("POST", f"/api/narrations/{narration_id}/listens")]


def stored(server: Server) -> tuple[int, ...]:
    with sqlite3.connect(server.root / "narrator.db") as db:
        return tuple(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                     for table in ("narrations", "lexicon_entries", "pronunciation_reports", "listeners"))


MALFORMED = {
    "array": b'["text", "The pond froze. Two sentences."]', "number": b"5", "string": b'"the pond"', "null": b"null",
    "true": b"true", "nested 10k": b"[" * 10_000 + b"]" * 10_000, "nested objects": b'{"a":' * 5000 + b"1" + b"}" * 5000,
    "huge integer": b'{"text": ' + b"9" * 5000 + b"}", "huge float": b'{"text": 1e999, "word": 1e999}',
    "NaN": b'{"text": NaN, "word": NaN, "event": NaN}', "Infinity": b'{"text": -Infinity, "word": Infinity}',
    "duplicate keys": b'{"text": "The pond froze. It held.", "text": "The second text. It wins?", "word": "pond", '
                      b'"word": "mill", "event": "play", "event": "play"}',
    "invalid UTF-8": b'{"text": "\xff\xfe broken", "word": "\xc3("}', "truncated": b'{"text": "The pond',
    "UTF-16": '{"text": "The pond froze. Two."}'.encode("utf-16"), "empty": b"",
    "lone surrogate": b'{"text": "\\ud800 pond", "word": "\\udfff", "kind": "respelling", "value": "\\ud800", '
                      b'"event": "\\ud800"}',
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_a_malformed_body_is_a_clear_4xx_on_every_json_route(server, narration, name):
    before = stored(server)
    for method, path in json_routes(narration["id"]):
        answer = requests.request(method, server.base + path, data=MALFORMED[name], timeout=30,
                                  headers={"Content-Type": "application/json", **AUTH})
        assert 400 <= answer.status_code < 500, (name, path, answer.status_code, answer.text[:200])
        error = answer.json()["error"]
        assert error["code"] and error["message"] and "Traceback" not in answer.text, (name, path, error)
    assert stored(server) == before


@pytest.mark.parametrize("name, phrase", [("duplicate keys", "twice"), ("NaN", "NaN"), ("Infinity", "Infinity"),
                                          ("nested 10k", "deep"), ("invalid UTF-8", "UTF-8")])
def test_ambiguous_or_non_json_bodies_are_refused_saying_why(server, narration, name, phrase):
    for method, path in json_routes(narration["id"])[:4]:
        answer = requests.request(method, server.base + path, data=MALFORMED[name], timeout=30,
                                  headers={"Content-Type": "application/json", **AUTH})
        assert answer.status_code == 400 and answer.json()["error"]["code"] == "invalid_json", (path, answer.text)
        assert phrase in answer.json()["error"]["message"], (path, answer.json())


WRONG_TYPES = [5, 2.5, True, [], ["x"], {}, {"a": "b"}]


def field_cases(narration_id: str) -> list[tuple[str, str, dict, str]]:
    """(method, path, a valid body, the field to spoil) for every string field of every JSON route."""
    submit = {"text": f"The pond thawed {time.time()}. Ducks came back."}
    entry = {"kind": "respelling", "value": "pawnd"}
    preview = {"word": "pond", "kind": "respelling", "value": "pawnd", "sentence": "The pond froze."}
    return [*[("POST", "/api/narrations", submit, field) for field in
              ("title", "author", "url", "external_id", "engine", "voice", "format", "visibility", "listener")],
            *[("PUT", "/api/lexicon/pond", entry, field) for field in ("kind", "value")],
            *[("POST", "/api/pronunciations/previews", preview, field) for field in
              ("word", "kind", "value", "sentence", "narration_id")],
            ("POST", f"/api/narrations/{narration_id}/reports", {"word": "pond"}, "word"),
            ("POST", f"/api/narrations/{narration_id}/listens", {"event": "play"}, "event")]


@pytest.mark.parametrize("wrong", WRONG_TYPES, ids=repr)
def test_a_field_of_the_wrong_type_is_refused_by_name_and_stores_nothing(server, narration, wrong):
    before = stored(server)
    for method, path, body, field in field_cases(narration["id"]):
        answer = requests.request(method, server.base + path, json={**body, field: wrong}, headers=AUTH, timeout=30)
        assert answer.status_code == 422, (path, field, wrong, answer.status_code, answer.text[:200])
        assert f"'{field}'" in answer.json()["error"]["message"], (path, field, answer.json())
    assert stored(server) == before


def test_the_valid_bodies_of_the_field_cases_are_accepted(server, narration):
    """The cases above are refused for the spoiled field alone."""
    for method, path, body, _field in field_cases(narration["id"]):
        answer = requests.request(method, server.base + path, json=body, headers=AUTH, timeout=30)
        assert answer.status_code < 300, (path, answer.status_code, answer.text[:200])


# --- methods, overrides, preflights, referrers --------------------------------------------------------------------

OVERRIDES = ["X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"]


@pytest.mark.parametrize("header", OVERRIDES)
@pytest.mark.parametrize("method", ["GET", "POST", "HEAD"])
def test_a_method_override_header_or_field_never_deletes(server, header, method):
    narration = server.wait(server.submit(text=f"The sluice opened {time.time()}. Water ran.")["id"])
    url = f"{server.base}/api/narrations/{narration['id']}"
    answer = requests.request(method, url, headers={header: "DELETE"},
                              data={"_method": "DELETE"} if method == "POST" else None, timeout=10)
    assert answer.status_code in (200, 405), answer.status_code
    assert requests.get(url, timeout=10).status_code == 200


def write_routes(narration_id: str) -> list[tuple[str, str]]:
    return [("POST", "/api/narrations"), ("DELETE", f"/api/narrations/{narration_id}"),
            ("POST", f"/api/narrations/{narration_id}/versions/1/restore"), ("PUT", "/api/lexicon/pond"),
            ("DELETE", "/api/lexicon/pond"), ("POST", "/api/pronunciations/previews"),
            ("POST", f"/api/narrations/{narration_id}/reports"), ("POST", "/api/listeners/revoke"),
            ("POST", "/"), ("POST", "/mine/revoke"), ("POST", "/bookmarklet"), ("POST", "/admin/pronunciations")]


@pytest.mark.parametrize("origin", ["http://evil.example", "null"])
def test_a_foreign_preflight_is_never_allowed_to_write(server, narration, origin):
    for method, path in write_routes(narration["id"]):
        answer = requests.options(server.base + path, timeout=10, headers={
            "Origin": origin, "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "content-type, authorization"})
        assert answer.status_code < 500 and not answer.content, (path, answer.status_code)
        assert "Access-Control-Allow-Origin" not in answer.headers, path
        assert "Access-Control-Allow-Credentials" not in answer.headers, path
    assert requests.get(f"{server.base}/api/narrations/{narration['id']}", timeout=10).status_code == 200


def test_head_and_trace_change_nothing(server, narration):
    before = stored(server)
    for method, path in write_routes(narration["id"]):
        for probe in ("HEAD", "TRACE"):
            answer = requests.request(probe, server.base + path, timeout=10)
            assert answer.status_code in (200, 405), (probe, path, answer.status_code)
            assert "Access-Control-Allow-Origin" not in answer.headers or probe == "HEAD"
    assert stored(server) == before


@pytest.mark.parametrize("referer", ["http://evil.example/attack.html", "https://127.0.0.1.evil.example/",
                                     "null", "not a url"])
def test_a_browser_sending_only_a_foreign_referer_cannot_write(server, narration, referer):
    """The oldest browsers send neither Sec-Fetch-Site nor Origin on a form POST, only the page's address."""
    before = stored(server)
    for method, path in write_routes(narration["id"])[:8]:
        answer = requests.request(method, server.base + path, headers={"Referer": referer}, timeout=10,
                                  data="A forged article. Two sentences." if method != "DELETE" else None)
        assert answer.status_code == 403, (path, answer.status_code, answer.text[:200])
        assert answer.json()["error"]["code"] == "cross_site_request" and "Referer" in answer.json()["error"]["message"]
    assert stored(server) == before


def test_a_referer_from_this_site_or_none_still_writes(server):
    for headers in ({"Referer": server.base + "/"}, {}):
        answer = requests.post(server.base + "/api/narrations?title=Own", data=f"Own page {time.time()}. Fine.",
                               headers={"Content-Type": "text/plain", **headers}, timeout=30)
        assert answer.status_code == 202, (headers, answer.text)
