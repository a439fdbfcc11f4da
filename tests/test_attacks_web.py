"""Attacks on the web service, against a real server (and a real Chromium where cookies and cross-site posts
matter): feeds kept to their listeners, private text kept from editors, hostile bodies refused with nothing stored."""

from __future__ import annotations

import io
import json
import re
import socket
import sqlite3
import time
import uuid
import xml.etree.ElementTree as ET

import feedparser
import podcastparser
import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.http import parse_range_header

from narrator.store import Store
from narrator.testing.infra import RedisServer
from narrator.testing.server import Server
from narrator.web.audio import usable_range
from narrator.web.hygiene import _nesting
from .site import Site

pytestmark = pytest.mark.slow

KEY = "operator-key-9c41"
COOKIE = "narrator_listener"
STORY = ("# Harbour news\n\nThe Quorvantis ferry left the harbour at noon on Friday, and the crowd waved from "
         "the wall until it was out of sight.\n\nThe crew will sail back on Monday if the weather holds.")
PRIVATE_STORY = ("# My own reading\n\nThe Zelmarquine orchard behind the cottage gave a fine crop this year, "
                 "and the neighbours came to help with the picking.")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("attacks"), NARRATOR_API_KEY=KEY, NARRATOR_REPORT_RATE_LIMIT="")
    yield running
    running.stop()


def keyed() -> dict[str, str]:
    return {"Authorization": f"Bearer {KEY}"}


def rows(server: Server, table: str) -> int:
    with sqlite3.connect(server.root / "narrator.db") as db:
        return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def anonymous(server: Server, text: str = STORY, **fields) -> dict:
    answer = requests.post(server.base + "/api/narrations", json={"text": text, **fields}, timeout=30)
    assert answer.status_code == 202, answer.text
    return answer.json()


def mine(server: Server, token: str) -> str:
    """The "My narrations" page as the browser holding `token` sees it."""
    return requests.get(server.base + "/mine", cookies={COOKIE: token}, timeout=10).text


# --- High 1: a cross-site post never changes which feed this browser uses ------------------------------------------

ATTACK = """<!doctype html><html><body><form id="f" method="post" enctype="multipart/form-data" action="{action}">
<textarea name="html">&lt;html&gt;&lt;body&gt;&lt;article&gt;&lt;h1&gt;Free prize&lt;/h1&gt;&lt;p&gt;You have won a
prize, and it is waiting for you at the end of the pier on Sunday morning.&lt;/p&gt;&lt;/article&gt;&lt;/body&gt;
&lt;/html&gt;</textarea><input name="url" value="https://news.example/prize">{listener}</form>
<script>document.getElementById("f").submit();</script></body></html>"""


@pytest.mark.parametrize("attacker_host", ["127.0.0.2", "127.0.0.1"], ids=["cross-site", "same-site other port"])
def test_a_hostile_page_posting_to_the_bookmarklet_endpoint_never_rebinds_the_browser(server, browser,
                                                                                       attacker_host):
    attacker = anonymous(server, text="The attacker's own article. It has two sentences.")["listener"]
    site = Site(attacker_host)
    site.page("/with-token.html", ATTACK.format(action=server.base + "/listen-to-this-page",
                                                listener=f'<input name="listener" value="{attacker}">'))
    site.page("/without-token.html", ATTACK.format(action=server.base + "/listen-to-this-page", listener=""))
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(server.base + "/")
        page.fill("#text", "The victim's first article is about the harbour. It has two sentences.")
        page.click("button[type=submit]")
        page.wait_for_url("**/listen/*")
        victim = next(c["value"] for c in context.cookies() if c["name"] == COOKIE)
        victim_before = mine(server, victim)

        for attack in ("/with-token.html", "/without-token.html"):
            page.goto(site.base + attack)
            page.wait_for_url(f"{server.base}/**")
            page.wait_for_load_state()
            assert [c["value"] for c in context.cookies() if c["name"] == COOKIE] == [victim], attack
        assert mine(server, victim).count("/listen/") == victim_before.count("/listen/")  # nothing added to it

        page.goto(server.base + "/")
        page.fill("#text", "The victim's second article is about the lamps. It is private to the victim.")
        page.click("button[type=submit]")
        page.wait_for_url("**/listen/*")
        second = page.url.rsplit("/", 1)[1]
        assert second in mine(server, victim) and second not in mine(server, attacker)
    finally:
        context.close()
        site.stop()


def test_the_bookmarklet_endpoint_sets_no_cookie_and_the_cookie_is_first_party_only(server):
    token = anonymous(server, text="A listener's article for the cookie test. Two sentences.")["listener"]
    page = {"html": (None, "<html><body><h1>Notes</h1><p>The lamps on the harbour wall are lit again tonight, "
                           "after a month in the dark.</p></body></html>"), "listener": (None, token)}
    for headers in ({}, {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
                    {"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "same-origin", "Origin": server.base}):
        answer = requests.post(server.base + "/listen-to-this-page", files=page, headers=headers, timeout=30,
                               allow_redirects=False)
        assert answer.status_code == 303 and "/listen/" in answer.headers["Location"], answer.text
        assert "Set-Cookie" not in answer.headers, headers
    # the form's own first-party post binds the browser; a forged cross-site one with a valid CSRF token would not
    session = requests.Session()
    form = session.get(server.base + "/bookmarklet", timeout=10)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    forged = session.post(server.base + "/bookmarklet", data={"csrf_token": csrf}, timeout=10, allow_redirects=False,
                          headers={"Sec-Fetch-Site": "cross-site", "Referer": server.base + "/"})
    assert COOKIE not in forged.cookies
    made = session.post(server.base + "/bookmarklet", data={"csrf_token": csrf}, timeout=10, allow_redirects=False,
                        headers={"Sec-Fetch-Site": "same-origin", "Referer": server.base + "/"})
    assert made.status_code == 303 and COOKIE in made.cookies


def test_viewing_the_bookmarklet_page_stores_nothing_until_the_reader_makes_a_feed(server):
    before = rows(server, "listeners")
    for _ in range(5):
        shown = requests.get(server.base + "/bookmarklet", timeout=10)
        assert shown.status_code == 200 and COOKIE not in shown.cookies
        assert "SameSite=Lax" in shown.headers["Set-Cookie"]  # the session of the button's form token
        assert 'id="make-bookmarklet"' in shown.text and 'id="bookmarklet"' not in shown.text
    assert rows(server, "listeners") == before


# --- Medium 3: editors never see private narrations ----------------------------------------------------------------

def test_editor_lists_leave_out_private_narrations(server):
    public = requests.post(server.base + "/api/narrations", json={"text": STORY}, headers=keyed(), timeout=30).json()
    private = anonymous(server, text=PRIVATE_STORY)
    for narration in (public, private):
        assert server.wait(narration["id"])["status"] == "done"
    for narration, word in ((public, "Quorvantis"), (private, "Zelmarquine")):
        reported = requests.post(f"{server.base}/api/narrations/{narration['id']}/reports", json={"word": word},
                                 timeout=10)
        assert reported.status_code == 201, reported.text

    candidates = requests.get(server.base + "/api/pronunciations/candidates", headers=keyed(), timeout=60)
    reports = requests.get(server.base + "/api/pronunciations/reports", headers=keyed(), timeout=60)
    saved = requests.put(server.base + "/api/lexicon/Zelmarquine", json={"kind": "respelling", "value": "zel mar keen"},
                         headers=keyed(), timeout=30)
    for answer in (candidates, reports, saved):
        assert answer.status_code == 200, answer.text
        for secret in (private["id"], "My own reading", "orchard behind the cottage"):
            assert secret not in answer.text
    assert any(item["word"] == "Quorvantis" and item["narrations"] for item in candidates.json()["items"])
    words = {item["word"]: item for item in reports.json()["items"]}
    assert words["Quorvantis"]["narrations"] == [public["id"]] and "Quorvantis" in words["Quorvantis"]["sentence"]
    assert words["Zelmarquine"] == {**words["Zelmarquine"], "narrations": [], "sentence": "", "count": 1}
    assert saved.json()["renarrating"] == []


# --- Medium 4: the public feed, as podcast apps read it ----------------------------------------------------------

def test_the_public_feed_has_its_own_address_as_self_link_and_the_disclosure_in_every_episode(server):
    finished = [server.wait(requests.post(server.base + "/api/narrations", headers=keyed(), timeout=30,
                                          json={"text": f"Episode {n} of the feed test. The tide was high at "
                                                        f"{n} o'clock.", "title": f"Tide {n}"}).json()["id"])
                for n in (1, 2)]
    url = server.base + "/feed.xml"
    xml = requests.get(url, timeout=10).content
    disclosure = "This narration uses a synthetic voice, generated by computer."
    parsed = feedparser.parse(xml)
    assert not parsed.bozo, parsed.bozo_exception
    assert [link.href for link in parsed.feed.links if link.rel == "self"] == [url]
    channel = ET.fromstring(xml).find("channel")
    guid = channel.find("{https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md}guid")
    assert guid.text == str(uuid.uuid5(uuid.NAMESPACE_URL, url))
    podcast = podcastparser.parse(url, io.BytesIO(xml))
    for narration in finished:
        entry = next(e for e in parsed.entries if narration["id"] in e.id)
        episode = next(e for e in podcast["episodes"] if narration["id"] in e["guid"])
        assert disclosure in entry.summary and disclosure in episode["description"]
        assert episode["guid"] == f"narrator:{narration['id']}"
    assert disclosure not in xml.split(b"<item>")[0].decode()  # the channel's self link and guid are not it


# --- Medium 7 and Lows: hostile bodies are refused, and nothing is stored for them --------------------------------

def raw_json(server: Server, body: str, path: str = "/api/narrations", headers: dict | None = None):
    return requests.post(server.base + path, data=body.encode(), timeout=60,
                         headers={"Content-Type": "application/json", **(headers or {})})


SURROGATES = [
    ("lone high in text", '{"text": "The ferry \\ud800 left at noon. It was late."}', "text"),
    ("lone low in text", '{"text": "\\udc00The ferry left at noon. It was late."}', "text"),
    ("reversed pair at the end", '{"text": "The ferry left at noon. It was late.\\udc00\\ud83d"}', "text"),
    ("lone high in title", '{"text": "The ferry left at noon. It was late.", "title": "Ferry \\uD801"}', "title"),
    ("lone low in author", '{"text": "The ferry left at noon. It was late.", "author": "\\uDFFF Ann"}', "author"),
]


@pytest.mark.parametrize("name, body, field", SURROGATES, ids=[case[0] for case in SURROGATES])
def test_a_lone_surrogate_is_refused_by_name_and_stores_nothing(server, name, body, field):
    before = rows(server, "listeners"), rows(server, "narrations")
    answer = raw_json(server, body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["code"] == "invalid_field" and f"'{field}'" in answer.json()["error"]["message"]
    assert "surrogate" in answer.json()["error"]["message"]
    assert (rows(server, "listeners"), rows(server, "narrations")) == before


def test_a_surrogate_pair_is_an_ordinary_character(server):
    answer = raw_json(server, '{"text": "The ferry \\ud83d\\ude00 left at noon. It was late.", '
                              '"title": "Ferry \\ud83c\\udf0a"}')
    assert answer.status_code == 202 and answer.json()["title"] == "Ferry \U0001F30A"


DEEP = [
    ("arrays", '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"),
    ("objects", '{"text": "Fine.", "extra": ' + '{"a": ' * 100_000 + "1" + "}" * 100_000 + "}"),
    ("mixed, unclosed", "[{" * 50_000),
]


@pytest.mark.parametrize("name, body", DEEP, ids=[case[0] for case in DEEP])
@pytest.mark.parametrize("path", ["/api/narrations", "/api/narrations/nope/reports", "/api/lexicon/Word"])
def test_deeply_nested_json_is_a_clear_400_everywhere(server, name, body, path):
    before = rows(server, "listeners"), rows(server, "narrations")
    if path == "/api/lexicon/Word":
        answer = requests.put(server.base + path, data=body.encode(), timeout=60,
                              headers={"Content-Type": "application/json", **keyed()})
    else:
        answer = raw_json(server, body, path)
    if path.endswith("/reports"):  # no such narration: refused before the body is read
        assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found", answer.text
    else:
        assert answer.status_code == 400 and answer.json()["error"]["code"] == "invalid_json", answer.text
        assert "deep" in answer.json()["error"]["message"]
    assert (rows(server, "listeners"), rows(server, "narrations")) == before


def test_brackets_inside_strings_are_not_nesting(server):
    answer = raw_json(server, '{"text": "' + "[{" * 5000 + ' The ferry left at noon. It was late.", '
                              '"voice": "", "title": "Brackets ]]}}"}', headers=keyed())
    assert answer.status_code == 202, answer.text


@pytest.mark.parametrize("text", ["", "   \n\t ", "\U0001F600\U0001F389", "word " * 41_000])
def test_a_refused_anonymous_submission_leaves_no_listener_behind(server, text):
    before = rows(server, "listeners"), rows(server, "narrations")
    answer = requests.post(server.base + "/api/narrations", json={"text": text}, timeout=30)
    assert answer.status_code in (413, 422), answer.text
    assert (rows(server, "listeners"), rows(server, "narrations")) == before


@pytest.mark.parametrize("field, value, expected", [
    ("title", "The\x00 pier", "The pier"),
    ("title", "\x00\x01Pier reopens\x7f", "Pier reopens"),
    ("title", "Pier\x00", "Pier"),
    ("author", "Ann\x00 Lee", "Ann Lee"),
    ("author", "\x1bAnn Lee\x9b", "Ann Lee"),
])
def test_control_characters_such_as_nul_never_reach_a_title_or_author(server, field, value, expected):
    narration = requests.post(server.base + "/api/narrations", headers=keyed(), timeout=30,
                              json={"text": f"The control test for {field} {value!r}. It has two sentences.",
                                    field: value}).json()
    assert narration[field] == expected


def test_a_nul_in_the_article_heading_is_not_kept_in_the_title(server):
    narration = requests.post(server.base + "/api/narrations", headers=keyed(), timeout=30,
                              json={"text": "# Night\x00 ferry\n\nThe night ferry is back. It sails at ten.",
                                    "format": "markdown"}).json()
    assert "\x00" not in narration["title"] and narration["title"].replace(" ", "") == "Nightferry"


def test_a_declared_body_over_the_limit_is_refused_at_once(server):
    for length in (50_000_000, 10**12):
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
            connection.sendall(f"POST /api/narrations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
                               f"Content-Length: {length}\r\n\r\n".encode() + b"The start of a long body. " * 10)
            answer = b""
            while chunk := connection.recv(4096):  # the server closes the connection after its answer
                answer += chunk
            answer = answer.decode("latin-1")
        assert answer.startswith("HTTP/1.1 413"), answer
        assert time.monotonic() - started < 5
        error = json.loads(answer.split("\r\n\r\n", 1)[1])["error"]  # the API's envelope, naming the limit
        assert error["code"] == "request_entity_too_large" and "max_page_bytes" in error["message"]


@pytest.mark.parametrize("word", ["a" * 100_000, "Quorvantis" * 11, "x" * 101])
def test_an_overlong_word_report_is_refused_by_its_length(server, word):
    narration = requests.post(server.base + "/api/narrations", json={"text": STORY}, headers=keyed(),
                              timeout=30).json()
    answer = requests.post(f"{server.base}/api/narrations/{narration['id']}/reports", json={"word": word}, timeout=10)
    assert answer.status_code == 422 and "at most 100" in answer.json()["error"]["message"], answer.text


# --- Lows: the files of a narration -------------------------------------------------------------------------------

def test_a_private_narrations_parts_have_its_private_headers(server):
    private = anonymous(server, text="# Parts\n\nThe first part is short. It has two sentences.\n\n## More\n\n"
                                     "The second part follows it. It has two sentences too.")
    server.wait(private["id"])
    for suffix in (".part-000.mp3", ".part-000.vtt"):
        answer = requests.get(f"{server.base}/audio/{private['id']}{suffix}", timeout=10)
        assert answer.status_code == 200, suffix
        assert "noindex" in answer.headers.get("X-Robots-Tag", ""), suffix
        assert "private" in answer.headers["Cache-Control"] and "public" not in answer.headers["Cache-Control"]


@pytest.fixture(scope="module")
def mp3(server):
    narration = server.wait(requests.post(server.base + "/api/narrations", headers=keyed(), timeout=30,
                                          json={"text": "The Range test narration. It has a few sentences, "
                                                        "so its file is a few kilobytes long."}).json()["id"])
    body = requests.get(narration["audio_url"], timeout=10).content
    return narration["audio_url"], body


@pytest.mark.parametrize("header, status, part", [
    ("bytes=0-1,5-6", 200, "all"),  # multi-range: ignored
    ("bytes=0-1, 4-9, 20-", 200, "all"),
    ("bytes=500-100", 200, "all"),  # reversed: invalid, ignored
    ("bytes=abc-def", 200, "all"),
    ("items=0-10", 200, "all"),  # a unit we do not serve
    ("bytes=-999999999", 206, "all"),  # a suffix longer than the file: the whole file
    ("bytes=-{n}", 206, "all"),
    ("bytes=-{n_plus}", 206, "all"),
    ("bytes=0-{n_plus}", 206, "all"),  # a last byte past the end is clipped
    ("BYTES=0-9", 206, "first ten"),
    ("bytes= 0-9", 206, "first ten"),
    ("bytes=-10", 206, "last ten"),
    ("bytes={n}-", 416, ""),  # starts past the end: unsatisfiable
])
def test_ranges_are_answered_as_rfc_9110_says(mp3, header, status, part):
    url, body = mp3
    header = header.format(n=len(body), n_plus=len(body) + 7)
    answer = requests.get(url, headers={"Range": header}, timeout=10)
    assert answer.status_code == status, (header, answer.status_code)
    expected = {"all": body, "first ten": body[:10], "last ten": body[-10:], "": None}[part]
    if expected is not None:
        assert answer.content == expected
    if status == 206:
        start = body.index(expected) if part != "last ten" else len(body) - 10
        assert answer.headers["Content-Range"] == f"bytes {start}-{start + len(expected) - 1}/{len(body)}"
    if status == 416:
        assert answer.headers["Content-Range"] == f"bytes */{len(body)}"


def rfc_9110_answer(first: int | None, last: int | None, size: int) -> tuple[int, int] | str | None:
    """What RFC 9110 says to serve for one range-spec: (start, end exclusive), "unsatisfiable", or None (ignore)."""
    if first is None:
        return "unsatisfiable" if last == 0 else (max(0, size - last), size)
    if last is not None and first > last:
        return None
    return "unsatisfiable" if first >= size else (first, size if last is None else min(last + 1, size))


@given(st.integers(1, 10**9), st.one_of(st.none(), st.integers(0, 2 * 10**9)),
       st.one_of(st.none(), st.integers(0, 2 * 10**9)), st.sampled_from(["bytes", "BYTES", "Bytes"]),
       st.sampled_from(["", " "]))
def test_the_range_answered_is_the_one_rfc_9110_describes(size, first, last, unit, space):
    if first is None and last is None:
        return
    header = f"{unit}={space}{'' if first is None else first}-{'' if last is None else last}"
    expected = rfc_9110_answer(first, last, size)
    usable = usable_range(header, size)
    if expected is None:
        assert usable is None, header
        return
    parsed = parse_range_header(usable)
    bounds = parsed.range_for_length(size) if parsed else None
    assert bounds == (None if expected == "unsatisfiable" else expected), (header, usable)


JSON_VALUES = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(alphabet='[]{}"\\ab,: ')),
                           lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                   st.dictionaries(st.text(alphabet='[]{}"\\k'), inner, max_size=3)),
                           max_leaves=30)


def depth(value) -> int:
    if isinstance(value, list):
        return 1 + max(map(depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(depth, value.values()), default=0)
    return 0


@given(JSON_VALUES, st.booleans())
def test_json_nesting_is_measured_outside_strings(value, ascii_only):
    assert _nesting(json.dumps(value, ensure_ascii=ascii_only)) == depth(value)


# --- Lows: what strangers are told -------------------------------------------------------------------------------

FAILURES = [
    "ffmpeg failed while leveling audio: [aac @ 0x55d0] /usr/lib/x86_64-linux-gnu/libavcodec.so.59: bad header",
    "retrying after: MP3 encoding failed: /srv/narrator/cache/tmp/abc/segment.wav: Invalid data found",
    "could not upload /srv/narrator/out/x.mp3 to s3://bucket/podcasts: AccessDenied",
    "internal error (KeyError); the job was stopped",
    "could not write the audio: the disk is full at /var/lib/narrator/out/.staging-x/x.mp3",
]


@pytest.mark.parametrize("reason", FAILURES)
def test_failure_reasons_shown_to_anonymous_clients_carry_no_tool_output_or_server_path(server, reason):
    narration = anonymous(server, text=f"A narration that fails: {len(reason)}. It has two sentences.")
    store = Store(f"sqlite:///{server.root}/narrator.db")
    server.wait(narration["id"])
    store.fail(narration["id"], reason)
    shown = requests.get(f"{server.base}/api/narrations/{narration['id']}", timeout=10).json()["error"]
    page = requests.get(f"{server.base}/listen/{narration['id']}", timeout=10).text
    for text in (shown, page):
        assert "/usr/" not in text and "/srv/" not in text and "/var/" not in text and "0x55d0" not in text
        assert "libavcodec" not in text and "Invalid data" not in text
    assert shown
    operator = requests.get(f"{server.base}/api/narrations/{narration['id']}", headers=keyed(), timeout=10)
    assert operator.json()["error"] == reason  # the key holder gets the whole reason


# --- Lows: keys --------------------------------------------------------------------------------------------------

def editor_sign_in(session: requests.Session, base: str, key: str) -> requests.Response:
    page = session.get(base + "/admin/pronunciations", timeout=10).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return session.post(base + "/admin/pronunciations", data={"csrf_token": csrf, "key": key}, timeout=10,
                        headers={"Referer": base + "/admin/pronunciations"}, allow_redirects=False)


GUESSES = {
    "bearer on the API": lambda base, key: requests.post(base + "/api/narrations", json={"text": "Guess. Two."},
                                                         headers={"Authorization": f"Bearer {key}"}, timeout=10),
    "bearer on the lexicon": lambda base, key: requests.get(base + "/api/lexicon", timeout=10,
                                                            headers={"Authorization": f"Bearer {key}"}),
    "editor sign-in": lambda base, key: editor_sign_in(requests.Session(), base, key),
}


@pytest.mark.parametrize("how", list(GUESSES))
def test_wrong_keys_are_throttled_per_client(tmp_path, how):
    guarded = Server(tmp_path, NARRATOR_API_KEY=KEY, NARRATOR_WRONG_KEY_LIMIT="3 per minute")
    try:
        guess = GUESSES[how]
        assert [guess(guarded.base, f"guess-{n}").status_code for n in range(3)] == [401] * 3
        throttled = guess(guarded.base, "guess-4")
        assert throttled.status_code == 429 and 0 < int(throttled.headers["Retry-After"]) <= 60
        assert "too many wrong API keys" in throttled.text
        assert guess(guarded.base, KEY).status_code == 429  # no more tries this minute, right or wrong
        assert requests.get(guarded.base + "/api/narrations", timeout=10).status_code == 200  # reading goes on
    finally:
        guarded.stop()


def test_an_editor_session_ends_when_the_key_is_rotated(tmp_path):
    first = Server(tmp_path, NARRATOR_API_KEY="the-first-key")
    session = requests.Session()
    try:
        assert editor_sign_in(session, first.base, "the-first-key").status_code == 303
        assert session.get(first.base + "/api/lexicon", timeout=10).status_code == 200
    finally:
        first.stop()
    rotated = Server(tmp_path, NARRATOR_API_KEY="the-second-key")
    try:
        again = session.get(rotated.base + "/api/lexicon", timeout=10)
        assert again.status_code == 401, "the old key's session still works"
        assert editor_sign_in(session, rotated.base, "the-second-key").status_code == 303
        assert session.get(rotated.base + "/api/lexicon", timeout=10).status_code == 200
    finally:
        rotated.stop()


# --- Lows: a queue that is down ----------------------------------------------------------------------------------

def test_a_resubmission_of_stored_text_answers_503_while_the_queue_is_down(tmp_path):
    redis = RedisServer()
    server = Server(tmp_path, embedded_worker=False, NARRATOR_QUEUE_URL=redis.url)
    try:
        redis.stop()
        body = {"text": "The queue is down for this article. It has two sentences."}
        for attempt in range(3):
            answer = requests.post(server.base + "/api/narrations", json=body, timeout=30)
            assert answer.status_code == 503, (attempt, answer.text)
            assert answer.json()["error"]["code"] == "queue_unavailable" and int(answer.headers["Retry-After"]) > 0
    finally:
        server.stop()
