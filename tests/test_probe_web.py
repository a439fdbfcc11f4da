"""Probes of the running service (second pass): cross-site writes, Host names, symlinks, bidi controls, referrers."""

from __future__ import annotations

import sqlite3
import time

import feedparser
import pytest
import requests

from narrator.config import Settings
from narrator.testing.server import Server
from narrator.web import create_app

from .site import Site

STORY = "The tide mill turned again on Tuesday. The millers cheered from the bank."


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server as installed: no API key, on loopback (it trusts whoever reaches it, so browsers must not)."""
    running = Server(tmp_path_factory.mktemp("probe"), NARRATOR_REPORT_RATE_LIMIT="")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def published(server) -> dict:
    narration = server.submit(text=STORY, title="The tide mill")
    return server.wait(narration["id"])


def narration_rows(server: Server) -> int:
    with sqlite3.connect(server.root / "narrator.db") as db:
        return db.execute("SELECT count(*) FROM narrations").fetchone()[0]


def lexicon_rows(server: Server) -> tuple[int, int]:
    with sqlite3.connect(server.root / "narrator.db") as db:
        return tuple(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                     for table in ("lexicon_entries", "pronunciation_reports"))


CROSS_SITE = [{"Sec-Fetch-Site": "cross-site", "Origin": "http://evil.example"},
              {"Sec-Fetch-Site": "same-site", "Origin": "http://127.0.0.1:9"},
              {"Origin": "http://evil.example"}, {"Origin": "null"},
              {"Sec-Fetch-Site": "cross-site"}, {"Origin": "HTTP://EVIL.EXAMPLE:80"}]


def writes(narration_id: str) -> list[tuple[str, str, dict]]:
    """Every state-changing route, each with a body a browser can send without a CORS preflight."""
    text = {"data": "An attacker's article. It has two sentences.".encode(), "headers": {"Content-Type": "text/plain"}}
    form = {"data": {"text": "An attacker's article sent as a form. It has two sentences.", "title": "Forged"}}
    return [("POST", "/api/narrations?title=Forged", text), ("POST", "/api/narrations", form),
            ("POST", "/api/narrations", {"files": {"file": ("a.txt", b"A forged upload. Two sentences here.")}}),
            ("DELETE", f"/api/narrations/{narration_id}", {}),
            ("POST", f"/api/narrations/{narration_id}/versions/1/restore", {}),
            ("POST", f"/api/narrations/{narration_id}/reports", {"json": {"word": "tide"}}),
            ("PUT", "/api/lexicon/tide", {"json": {"kind": "respelling", "value": "tyde"}}),
            ("DELETE", "/api/lexicon/tide", {}),
            ("POST", "/api/pronunciations/previews", {"json": {"word": "tide", "kind": "respelling", "value": "x"}}),
            ("POST", "/api/listeners/revoke", {"data": {"listener": "a" * 32}})]


@pytest.mark.parametrize("headers", CROSS_SITE, ids=lambda h: ",".join(f"{k}={v}" for k, v in h.items()))
def test_another_sites_page_cannot_change_anything_through_the_api(server, published, headers):
    before = (narration_rows(server), lexicon_rows(server))
    for method, path, options in writes(published["id"]):
        answer = requests.request(method, server.base + path, headers={**options.pop("headers", {}), **headers},
                                  timeout=30, **options)
        assert answer.status_code == 403, (method, path, answer.status_code, answer.text)
        assert answer.json()["error"]["code"] == "cross_site_request"
    assert (narration_rows(server), lexicon_rows(server)) == before
    assert requests.get(f"{server.base}/api/narrations/{published['id']}", timeout=10).json()["status"] == "done"


@pytest.mark.parametrize("headers", [{}, {"Sec-Fetch-Site": "same-origin"}, {"Sec-Fetch-Site": "none"}],
                         ids=["program", "own page", "typed address"])
def test_programs_and_the_sites_own_pages_still_submit(server, headers):
    own = {"Origin": server.base} if headers.get("Sec-Fetch-Site") == "same-origin" else {}
    answer = requests.post(server.base + "/api/narrations?title=Own", data=f"Allowed {time.time()}. Two sentences.",
                           headers={"Content-Type": "text/plain", **headers, **own}, timeout=30)
    assert answer.status_code == 202, answer.text


def test_the_widgets_listening_report_is_still_taken_from_publishers_pages(server, published):
    answer = requests.post(f"{server.base}/api/narrations/{published['id']}/listens", data='{"event": "play"}',
                           headers={"Content-Type": "text/plain", "Origin": "https://publisher.example",
                                    "Sec-Fetch-Site": "cross-site"}, timeout=10)
    assert answer.status_code != 403, answer.text


FORGERY = """<!doctype html><html><body>
<form id="f" method="post" action="{base}/api/narrations"><input name="text" value="Forged by a form, two sentences.
Here is the second."><input name="title" value="Forged form"></form>
<script>
fetch("{base}/api/narrations?title=Forged%20fetch", {{method: "POST", mode: "no-cors", body: "Forged by fetch. It has two sentences.",
      headers: {{"Content-Type": "text/plain"}}}}).finally(function () {{ document.getElementById("f").submit(); }});
</script></body></html>"""


@pytest.mark.parametrize("attacker_host", ["127.0.0.2", "127.0.0.1"], ids=["cross-site", "same-site other port"])
def test_a_hostile_page_in_a_real_browser_publishes_nothing(server, browser, attacker_host):
    before = narration_rows(server)
    site = Site(attacker_host)
    site.page("/attack.html", FORGERY.format(base=server.base))
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(site.base + "/attack.html")
        page.wait_for_url(f"{server.base}/**")
        page.wait_for_load_state()
        assert "cross_site_request" in page.content()
    finally:
        context.close()
        site.stop()
    assert narration_rows(server) == before
    titles = [item["title"] for item in requests.get(server.base + "/api/narrations", timeout=10).json()["items"]]
    assert not any(title.startswith("Forged") for title in titles)


# --- Host names: DNS rebinding and poisoned links -----------------------------------------------------------------

FOREIGN_HOSTS = ["evil.example", "EVIL.example:80", "rebind.attacker.test.", "127.0.0.1.evil.example",
                 "xn--80ak6aa92e.example", "narrator-localhost"]
MALFORMED_HOSTS = ['evil.example"><script>', "evil.example/path", "a b", "x@evil.example", "evil.example:http",
                   "[::1", "-evil.example"]


@pytest.mark.parametrize("host", FOREIGN_HOSTS + MALFORMED_HOSTS)
@pytest.mark.parametrize("method, path", [("GET", "/api/narrations"), ("GET", "/feed.xml"), ("GET", "/"),
                                          ("POST", "/api/narrations")])
def test_a_name_that_is_not_this_server_is_refused_before_anything_is_read_or_linked(server, host, method, path):
    answer = requests.request(method, server.base + path, headers={"Host": host, "Content-Type": "text/plain"},
                              data="A rebinding page's article. Two sentences." if method == "POST" else None,
                              timeout=10)
    assert answer.status_code == 400, (host, path, answer.status_code)
    assert answer.json()["error"]["code"] == "invalid_host"
    assert "<script>" not in answer.text


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:{port}", "localhost:{port}", "LOCALHOST", "[::1]:{port}",
                                  "app.localhost", "10.0.0.7:8000"])
def test_addresses_and_localhost_are_always_this_server(server, host):
    answer = requests.get(server.base + "/api/narrations",
                          headers={"Host": host.format(port=server.port)}, timeout=10)
    assert answer.status_code == 200, (host, answer.text)


def test_without_public_base_url_a_loopback_server_answers_to_its_addresses_only(tmp_path):
    client = create_app(Settings.load(env={}, data_dir=str(tmp_path), engine="fake")).test_client()
    refused = client.get("/feed.xml", headers={"Host": "evil.example"})
    assert refused.status_code == 400 and b"public_base_url" in refused.data
    kept = client.get("/feed.xml", headers={"Host": "127.0.0.1:8000"})
    assert kept.status_code == 200


def test_a_server_on_every_interface_without_public_base_url_links_to_well_formed_names_only(tmp_path):
    client = create_app(Settings.load(env={}, data_dir=str(tmp_path), engine="fake", host="0.0.0.0")).test_client()
    answer = client.post("/api/narrations", json={"text": "The pier reopened. It was busy."},
                         headers={"Host": "listen.example.org"})
    assert answer.headers["Location"].startswith("http://listen.example.org/api/narrations/")
    for host in MALFORMED_HOSTS:
        assert client.get("/feed.xml", headers={"Host": host}).status_code == 400, host


def test_a_configured_public_name_is_accepted_even_when_bound_to_loopback(tmp_path):
    settings = Settings.load(env={}, data_dir=str(tmp_path), engine="fake", public_base_url="https://listen.example.org")
    client = create_app(settings).test_client()
    assert client.get("/feed.xml", headers={"Host": "listen.example.org"}).status_code == 200
    assert client.get("/feed.xml", headers={"Host": "other.example.org"}).status_code == 400


# --- files: symlinks out of the output folder ---------------------------------------------------------------------

@pytest.mark.parametrize("name", ["{id}.part-007.mp3", "{id}.part-007.vtt", "stranger.part-001.mp3"])
def test_a_symlink_in_the_output_folder_never_serves_a_file_outside_it(server, published, tmp_path, name):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:the server's own file")
    link = server.root / "out" / name.format(id=published["id"])
    link.symlink_to(secret)
    try:
        path = "/audio/" + link.name
        answer = requests.get(server.base + path, timeout=10)
        assert answer.status_code == 404 and "root:x" not in answer.text
    finally:
        link.unlink()


def test_a_finished_narrations_file_replaced_by_a_symlink_out_of_the_folder_is_not_served(server, tmp_path):
    narration = server.wait(server.submit(text="The ferry ran late again. Nobody minded much.")["id"])
    vtt = server.root / "out" / f"{narration['id']}.vtt"
    secret = tmp_path / "secret.vtt"
    secret.write_text("WEBVTT\n\nroot:x:0:0")
    vtt.unlink()
    vtt.symlink_to(secret)
    answer = requests.get(f"{server.base}/audio/{narration['id']}.vtt", timeout=10)
    assert answer.status_code == 404 and "root:x" not in answer.text


# --- text that reorders the page: bidirectional controls ----------------------------------------------------------

BIDI = ["\u202e", "\u202d", "\u202a", "\u202b", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize("control", BIDI, ids=lambda c: f"U+{ord(c):04X}")
def test_bidi_overrides_never_reach_a_title_or_author(server, control):
    title = f"Invoice {control}gnp.exe{control} for March"
    created = server.submit(text=f"The invoice is attached {time.time()}. Read it.", title=title,
                            author=f"{control}Mara{control} Quill")
    assert created["title"] == "Invoice gnp.exe for March" and created["author"] == "Mara Quill"
    server.wait(created["id"])
    page = requests.get(f"{server.base}/listen/{created['id']}", timeout=10).text
    feed = feedparser.parse(requests.get(server.base + "/feed.xml", timeout=10).content)
    assert control not in page
    assert all(control not in entry.title for entry in feed.entries)


# --- referrers ----------------------------------------------------------------------------------------------------

def test_a_private_narrations_pages_send_no_referrer(server):
    created = requests.post(server.base + "/api/narrations", json={"text": STORY + " Mine.", "visibility": "private"},
                            timeout=30).json()
    server.wait(created["id"])
    for path in (f"/listen/{created['id']}", f"/api/narrations/{created['id']}", "/mine",
                 created["feed_url"].removeprefix(server.base)):
        answer = requests.get(server.base + path, timeout=10)
        assert answer.headers["Referrer-Policy"] == "no-referrer", path
    public = requests.get(server.base + "/", timeout=10)
    assert public.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
