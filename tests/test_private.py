"""Listeners' own requests stay private, against a real server: visibility, secret feeds, revocation, expiry,
shared audio without shared links, narrating a web address (real local sites), and the bad-input matrix."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time

import feedparser
import podcastparser
import pytest
import requests

from narrator.store import Store

from narrator.testing.transcripts import spoken
from narrator.testing.server import Server
from .site import ARTICLE_SENTENCE, standard_site

pytestmark = pytest.mark.slow

KEY = "publisher-key"
KEYED = {"Authorization": f"Bearer {KEY}"}
LETTER = ("Dear Ms Brook. Your appointment at the eye clinic is on the fourth of March at ten past nine. "
          "Please bring your glasses and a list of the medicines you take.")


@pytest.fixture(scope="module")
def site():
    running = standard_site()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A publisher's server: an API key, anonymous submissions open, pages on loopback fetchable (the test site)."""
    running = Server(tmp_path_factory.mktemp("private"), NARRATOR_API_KEY=KEY, NARRATOR_FETCH_PRIVATE_ADDRESSES="true")
    yield running
    running.stop()


def post(server: Server, headers: dict | None = None, **fields) -> requests.Response:
    return requests.post(server.base + "/api/narrations", json=fields, headers=headers or {}, timeout=60)


def submitted(server: Server, headers: dict | None = None, **fields) -> dict:
    response = post(server, headers, **fields)
    assert response.status_code == 202, response.text
    return response.json()


def parsed_feeds(url: str) -> tuple[dict, feedparser.FeedParserDict]:
    """The feed at `url` as podcastparser and feedparser read it (both must parse it cleanly)."""
    xml = requests.get(url, timeout=10)
    assert xml.status_code == 200 and xml.headers["Content-Type"].startswith("application/rss+xml")
    parsed = feedparser.parse(xml.content)
    assert not parsed.bozo, parsed.bozo_exception
    return podcastparser.parse(url, io.BytesIO(xml.content)), parsed


def assert_private_response(response: requests.Response) -> None:
    assert response.status_code in (200, 206), response.status_code
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert "private" in response.headers["Cache-Control"] and "public" not in response.headers["Cache-Control"]


@pytest.fixture(scope="module")
def letter(server):
    """An anonymous listener's private narration, finished, and a publisher's public one."""
    private = submitted(server, text=LETTER, title="Clinic letter")
    public = submitted(server, KEYED, text="The regatta returns this summer. Boats from six harbours will race.",
                       title="Regatta returns")
    return server.wait(private["id"]) | {"feed_url": private["feed_url"], "listener": private["listener"],
                                         "visibility_posted": private["visibility"]}, server.wait(public["id"])


def test_an_anonymous_submission_is_private_and_listed_nowhere(server, letter):
    private, public = letter
    assert private["visibility_posted"] == "private" == private["visibility"] and private["status"] == "done"
    assert public["visibility"] == "public" and "feed_url" not in public
    home = requests.get(server.base + "/", timeout=10).text
    assert "Regatta returns" in home and "Clinic letter" not in home and private["id"] not in home
    feed = requests.get(server.base + "/feed.xml", timeout=10).text
    assert public["id"] in feed and private["id"] not in feed and "Clinic letter" not in feed
    listing = requests.get(server.base + "/api/narrations?per_page=100", timeout=10).json()
    assert [n["id"] for n in listing["items"]] == [public["id"]] and listing["total"] == 1
    for status in ("done", None):
        query = {"status": status} if status else {}
        assert private["id"] not in requests.get(server.base + "/api/narrations", params=query, timeout=10).text


def test_a_private_narration_is_at_its_links_with_noindex_and_private_caching(server, letter):
    private, public = letter
    shown = requests.get(f"{server.base}/api/narrations/{private['id']}", timeout=10)
    assert_private_response(shown)
    assert shown.json()["visibility"] == "private" and "feed_url" not in shown.json()  # a shared link reveals no feed
    player = requests.get(private["player_url"], timeout=10)
    assert_private_response(player)
    assert re.search(r'<meta name="robots" content="noindex', player.text) and "Clinic letter" in player.text
    for url in (private["audio_url"], private["chapters_url"], private["transcript_url"]):
        assert_private_response(requests.get(url, timeout=10))
    assert_private_response(requests.get(private["audio_url"], headers={"Range": "bytes=0-99"}, timeout=10))
    public_player = requests.get(public["player_url"], timeout=10)
    assert "X-Robots-Tag" not in public_player.headers and 'name="robots"' not in public_player.text
    assert "public" in requests.get(public["audio_url"], timeout=10).headers["Cache-Control"]


def test_the_listeners_feed_holds_their_narration_for_both_parsers_and_nobody_elses(server, letter):
    private, public = letter
    podcast, parsed = parsed_feeds(private["feed_url"])
    assert_private_response(requests.get(private["feed_url"], timeout=10))
    assert [e["guid"] for e in podcast["episodes"]] == [f"narrator:{private['id']}"]
    episode = podcast["episodes"][0]
    assert episode["title"] == "Clinic letter" and episode["enclosures"][0]["url"] == private["audio_url"]
    assert episode["chapters_json_url"] == private["chapters_url"]
    assert episode["transcript_url"] == private["transcript_url"]
    assert [e.id for e in parsed.entries] == [f"narrator:{private['id']}"]
    assert parsed.entries[0].enclosures[0].href == private["audio_url"]
    assert parsed.feed.get("itunes_block") == 1  # feedparser reads <itunes:block>Yes</itunes:block> as 1

    other = submitted(server, text="A different listener's note about the bus timetable. It changes in May.")
    server.wait(other["id"])
    assert other["feed_url"] != private["feed_url"]
    other_podcast, other_parsed = parsed_feeds(other["feed_url"])
    assert [e["guid"] for e in other_podcast["episodes"]] == [f"narrator:{other['id']}"]
    assert private["id"] not in requests.get(other["feed_url"], timeout=10).text
    assert public["id"] not in requests.get(other["feed_url"], timeout=10).text


def test_a_listener_adds_to_their_feed_with_listener_and_resubmitting_is_one_narration(server, letter):
    private, _ = letter
    second = submitted(server, text="A second article for the same listener. It is about allotments.",
                       listener=private["feed_url"])  # the feed address is accepted as well as its token
    assert second["feed_url"] == private["feed_url"]
    server.wait(second["id"])
    again = submitted(server, text=LETTER, title="Clinic letter", listener=private["listener"])
    assert again["id"] == private["id"]
    podcast, _ = parsed_feeds(private["feed_url"])
    assert sorted(e["guid"] for e in podcast["episodes"]) == sorted(
        f"narrator:{i}" for i in (private["id"], second["id"]))


def test_the_same_text_from_somebody_else_gets_its_own_narration_sharing_the_audio(server, letter):
    private, _ = letter
    twin = submitted(server, text=LETTER, title="Clinic letter")
    assert twin["id"] != private["id"] and twin["feed_url"] != private["feed_url"]
    done = server.wait(twin["id"])
    assert done["status"] == "done" and done["duration_s"] == private["duration_s"]
    for suffix in (".mp3", ".vtt", ".chapters.json"):
        assert (requests.get(f"{server.base}/audio/{twin['id']}{suffix}", timeout=10).content
                == requests.get(f"{server.base}/audio/{private['id']}{suffix}", timeout=10).content)
    assert private["id"] not in requests.get(twin["feed_url"], timeout=10).text
    assert private["id"] not in requests.get(f"{server.base}/api/narrations/{twin['id']}", timeout=10).text
    store = Store(f"sqlite:///{server.root}/narrator.db")
    assert store.get(twin["id"]).timings == store.get(private["id"]).timings  # copied, not rendered again
    published = submitted(server, KEYED, text=LETTER, title="Clinic letter")
    assert published["id"] not in (private["id"], twin["id"]) and published["visibility"] == "public"
    assert server.wait(published["id"])["status"] == "done"
    # Each has its own files: deleting one leaves the others playable.
    assert requests.delete(f"{server.base}/api/narrations/{published['id']}", headers=KEYED, timeout=10).status_code == 204
    assert requests.get(f"{server.base}/audio/{twin['id']}.mp3", timeout=10).status_code == 200


def test_revoking_a_feed_address_makes_a_new_one_and_the_old_one_answers_404(server):
    first = submitted(server, text="An article about the ferry strike. Crossings resume on Monday.")
    server.wait(first["id"])
    revoked = requests.post(server.base + "/api/listeners/revoke", json={"listener": first["feed_url"]}, timeout=10)
    assert revoked.status_code == 200, revoked.text
    new_feed = revoked.json()["feed_url"]
    assert new_feed != first["feed_url"]
    assert requests.get(first["feed_url"], timeout=10).status_code == 404
    assert first["id"] in requests.get(new_feed, timeout=10).text
    stale = post(server, text="More text for the old feed. It should be refused.", listener=first["listener"])
    assert stale.status_code == 422 and "revoked" in stale.json()["error"]["message"]
    again = requests.post(server.base + "/api/listeners/revoke", json={"listener": first["listener"]}, timeout=10)
    assert again.status_code == 422


def test_only_the_key_holder_publishes(server):
    anonymous = post(server, text="An anonymous attempt to publish. It must fail.", visibility="public")
    assert anonymous.status_code == 401 and "private" in anonymous.json()["error"]["message"]
    wrong_key = post(server, {"Authorization": "Bearer nope"}, text="A wrong key is not anonymous. Refused.")
    assert wrong_key.status_code == 401
    chosen = submitted(server, KEYED, text="The publisher keeps this one private. A draft.", visibility="private")
    assert chosen["visibility"] == "private" and chosen["feed_url"]


def test_a_web_address_is_narrated_through_the_api(server, site):
    narration = submitted(server, url=f"{site.base}/lighthouse.html")
    assert narration["visibility"] == "private" and narration["title"] == "The lighthouse keeper retires"
    assert narration["author"] == "Mara Quill"
    done = server.wait(narration["id"])
    assert done["status"] == "done", done["error"]
    assert [c["title"] for c in done["chapters"]][1:] == ["A life in the tower"]
    transcript = spoken(requests.get(done["transcript_url"], timeout=10).text)
    assert ARTICLE_SENTENCE in transcript and "Share this article" not in transcript and "Sport" not in transcript
    assert "/lighthouse.html" in site.paths() and all("narrator" in agent for _path, agent in site.requests)


@pytest.mark.parametrize("path, status, phrase", [
    ("/members/lighthouse.html", 422, "robots.txt does not allow narrator"),
    ("/missing.html", 422, "HTTP 404"),
    ("/report.pdf", 422, "application/pdf"),
    ("/huge.html", 413, "the limit is"),  # a page under max_page_bytes whose article is over max_input_chars
    ("/to-file", 422, "not a web address"),
], ids=["robots.txt", "404", "not HTML", "too large", "redirect to a file"])
def test_web_address_refusals_are_clear(server, site, path, status, phrase):
    response = post(server, url=site.base + path)
    assert response.status_code == status, response.text
    assert phrase in response.json()["error"]["message"]


def test_the_form_narrates_a_web_address_privately_and_my_narrations_lists_it(server, site):
    session = requests.Session()
    token = re.search(r'name="csrf_token" value="([^"]+)"', session.get(server.base + "/", timeout=10).text).group(1)
    answer = session.post(server.base + "/", data={"text": "", "url": f"{site.base}/moved", "csrf_token": token},
                          timeout=60, allow_redirects=False)
    assert answer.status_code == 303 and "/listen/" in answer.headers["Location"], answer.text[-500:]
    narration_id = answer.headers["Location"].rsplit("/", 1)[1]
    assert "HttpOnly" in answer.headers["Set-Cookie"] and "SameSite=Lax" in answer.headers["Set-Cookie"]
    assert server.wait(narration_id)["visibility"] == "private"
    mine = session.get(server.base + "/mine", timeout=10)
    assert_private_response(mine)
    assert narration_id in mine.text and "The lighthouse keeper retires" in mine.text
    feed_url = re.search(r'id="feed" type="text" readonly value="([^"]+)"', mine.text).group(1)
    assert narration_id in requests.get(feed_url, timeout=10).text
    assert narration_id not in requests.get(server.base + "/", timeout=10).text
    # A second submission from the same browser joins the same feed.
    token = re.search(r'name="csrf_token" value="([^"]+)"', session.get(server.base + "/", timeout=10).text).group(1)
    second = session.post(server.base + "/", data={"text": "Second form article. Same browser.", "csrf_token": token},
                          timeout=60, allow_redirects=False)
    second_id = second.headers["Location"].rsplit("/", 1)[1]
    server.wait(second_id)
    assert second_id in requests.get(feed_url, timeout=10).text
    # Revoking from the page: a new address, the old one gone.
    token = re.search(r'name="csrf_token" value="([^"]+)"', mine.text).group(1)
    revoked = session.post(server.base + "/mine/revoke", data={"csrf_token": token}, timeout=10)
    assert "no longer works" in revoked.text
    new_feed = re.search(r'id="feed" type="text" readonly value="([^"]+)"', revoked.text).group(1)
    assert new_feed != feed_url and requests.get(feed_url, timeout=10).status_code == 404
    assert narration_id in requests.get(new_feed, timeout=10).text
    forged = requests.post(server.base + "/mine/revoke", cookies=session.cookies, timeout=10)
    assert forged.status_code == 400  # no CSRF token


def test_narrator_narrate_takes_a_web_address(tmp_path, site):
    def run(*extra: str, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "narrator", "narrate", *extra, "--engine", "fake", "--out",
                               str(tmp_path / "out")], capture_output=True, text=True, timeout=300, cwd=tmp_path,
                              env={**os.environ, **env}, stdin=subprocess.DEVNULL)

    done = run(f"{site.base}/lighthouse.html", NARRATOR_FETCH_PRIVATE_ADDRESSES="true",
               NARRATOR_CACHE_DIR=str(tmp_path / "cache"))
    assert done.returncode == 0, done.stderr
    mp3 = done.stdout.strip().splitlines()[-1]
    assert mp3.endswith(".mp3") and "lighthouse-keeper" in mp3 and os.path.getsize(mp3) > 1000
    assert ARTICLE_SENTENCE in spoken(open(mp3.removesuffix(".mp3") + ".vtt", encoding="utf-8").read())
    refused = run(f"{site.base}/lighthouse.html", NARRATOR_FETCH_PRIVATE_ADDRESSES="false")
    assert refused.returncode == 2 and "loopback address" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    robots = run(f"{site.base}/no-narrator/lighthouse.html", NARRATOR_FETCH_PRIVATE_ADDRESSES="true")
    assert robots.returncode == 2 and "robots.txt" in robots.stderr


# --- a server with the defaults: no key, private addresses not fetched ------------------------------------------

@pytest.fixture(scope="module")
def open_server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("open"))
    yield running
    running.stop()


def test_without_a_key_the_api_publishes_and_the_form_is_private(open_server):
    api = submitted(open_server, text="An operator's article on an open server. It is public.")
    assert api["visibility"] == "public" and "feed_url" not in api
    session = requests.Session()
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      session.get(open_server.base + "/", timeout=10).text).group(1)
    form = session.post(open_server.base + "/", data={"text": "A listener's own text. Private.", "csrf_token": token},
                        timeout=30, allow_redirects=False)
    narration_id = form.headers["Location"].rsplit("/", 1)[1]
    shown = requests.get(f"{open_server.base}/api/narrations/{narration_id}", timeout=10).json()
    assert shown["visibility"] == "private"
    assert narration_id not in requests.get(open_server.base + "/api/narrations", timeout=10).text


def test_the_server_does_not_fetch_its_own_network(open_server, site):
    port = site.base.rsplit(":", 1)[1]
    site.requests.clear()
    for host in ("127.0.0.1", "localhost", "[::1]", "2130706433", "0.0.0.0"):
        response = post(open_server, url=f"http://{host}:{port}/lighthouse.html")
        assert response.status_code == 422, (host, response.text)
        message = response.json()["error"]["message"]
        assert "private networks" in message and ("loopback" in message or "unspecified" in message), message
    assert site.requests == []


def post_raw(server: Server, body: bytes, content_type: str = "application/json") -> requests.Response:
    return requests.post(server.base + "/api/narrations", data=body, headers={"Content-Type": content_type},
                         timeout=30)


BAD_FIELDS = [
    ("url not a string", {"url": 42}, 422, "'url' must be a string"),
    ("url a list", {"url": ["http://a.example/"]}, 422, "'url' must be a string"),
    ("url without a scheme", {"url": "example.org/page"}, 422, "http:// or https://"),
    ("url file scheme", {"url": "file:///etc/passwd"}, 422, "http:// or https://"),
    ("url FILE scheme upper case", {"url": "FILE:///etc/passwd"}, 422, "http:// or https://"),
    ("url javascript", {"url": "javascript:alert(1)"}, 422, "http:// or https://"),
    ("url ftp", {"url": "ftp://example.org/a.html"}, 422, "http:// or https://"),
    ("url without a host", {"url": "http:///path"}, 422, "http:// or https://"),
    ("url with spaces", {"url": "http://exa mple.org/"}, 422, "http:// or https://"),
    ("url too long", {"url": "https://example.org/" + "a" * 2100}, 422, "2,000"),
    ("url to loopback", {"url": "http://127.0.0.1:9/x"}, 422, "loopback"),
    ("url to link-local metadata", {"url": "http://169.254.169.254/latest/meta-data/"}, 422, "link-local"),
    ("url to a private network", {"url": "http://10.0.0.1/"}, 422, "private-network"),
    ("url to IPv4-mapped loopback", {"url": "http://[::ffff:127.0.0.1]:9/"}, 422, "loopback"),
    ("neither text nor url", {"title": "Only a title"}, 422, "'text' or 'url' is required"),
    ("blank text and no url", {"text": "   "}, 422, "empty"),
    ("listener not a string", {"text": "Fine text. Two sentences.", "listener": 7}, 422, "'listener' must be"),
    ("listener a list", {"text": "Fine text. Two sentences.", "listener": ["x"]}, 422, "'listener' must be"),
    ("listener unknown", {"text": "Fine text. Two sentences.", "listener": "A" * 32}, 422, "not a current feed"),
    ("listener malformed", {"text": "Fine text. Two sentences.", "listener": "../../etc/passwd"}, 422,
     "not a current feed"),
    ("listener too long", {"text": "Fine text. Two sentences.", "listener": "b" * 5000}, 422, "not a current feed"),
    ("listener feed address of another server", {"text": "Fine text. Two sentences.",
                                                 "listener": "https://evil.example/feeds/notours.xml"}, 422,
     "not a current feed"),
    ("visibility unknown", {"text": "Fine text. Two sentences.", "visibility": "secret"}, 422,
     "public or private"),
]


@pytest.mark.parametrize("name, body, status, phrase", BAD_FIELDS, ids=[case[0] for case in BAD_FIELDS])
def test_bad_url_and_listener_fields_are_refused_with_a_clear_reason(open_server, name, body, status, phrase):
    response = post(open_server, **body)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert phrase.lower() in error["message"].lower(), error
    assert error["code"] and "Traceback" not in response.text


def test_bad_fields_in_a_raw_body_query_are_refused_too(open_server):
    response = requests.post(open_server.base + "/api/narrations?listener=nope&title=x", data=b"Some words here.",
                             headers={"Content-Type": "text/plain"}, timeout=30)
    assert response.status_code == 422 and "not a current feed" in response.json()["error"]["message"]
    response = requests.post(open_server.base + "/api/narrations", data=b"Some words here.",
                             params={"url": "gopher://x/"}, headers={"Content-Type": "text/plain"}, timeout=30)
    assert response.status_code == 422 and "http://" in response.json()["error"]["message"]
    revoke = requests.post(open_server.base + "/api/listeners/revoke", json={}, timeout=10)
    assert revoke.status_code == 422 and "'listener' is required" in revoke.json()["error"]["message"]


def test_openapi_documents_the_new_fields(open_server):
    document = requests.get(open_server.base + "/api/openapi.json", timeout=10).json()
    submission = document["components"]["schemas"]["Submission"]["properties"]
    assert {"url", "listener", "visibility"} <= set(submission)
    narration = document["components"]["schemas"]["Narration"]["properties"]
    assert {"visibility", "feed_url", "listener"} <= set(narration)
    assert "/api/listeners/revoke" in document["paths"]


# --- expiry ----------------------------------------------------------------------------------------------------

def test_expired_private_narrations_are_deleted_with_their_files_by_the_periodic_task(tmp_path):
    running = Server(tmp_path, NARRATOR_PRIVATE_KEEP_DAYS="0.0002")  # 17 seconds
    try:
        private = submitted(running, text=LETTER, visibility="private")
        public = submitted(running, text="A public article stays. It has no expiry.")
        assert running.wait(private["id"])["status"] == "done" and running.wait(public["id"])["status"] == "done"
        assert len([f for f in (tmp_path / "out").glob(f"{private['id']}.*") if ".part-" not in f.name]) == 3
        deadline = time.monotonic() + 150  # the task runs every minute
        while time.monotonic() < deadline:
            if requests.get(f"{running.base}/api/narrations/{private['id']}", timeout=10).status_code == 404:
                break
            time.sleep(2)
        assert requests.get(f"{running.base}/api/narrations/{private['id']}", timeout=10).status_code == 404
        assert requests.get(f"{running.base}/audio/{private['id']}.mp3", timeout=10).status_code == 404
        assert not list((tmp_path / "out").glob(f"{private['id']}*"))
        assert Store(f"sqlite:///{tmp_path}/narrator.db").get(private["id"]) is None
        assert requests.get(public["player_url"], timeout=10).status_code == 200
        assert len([f for f in (tmp_path / "out").glob(f"{public['id']}.*") if ".part-" not in f.name]) == 3
    finally:
        running.stop()


def test_a_listeners_private_narration_of_an_article_is_never_the_publishers_version_nor_counted(server):
    """Versions join public narrations only: the publisher's text for a URL a listener narrated privately is a new
    public narration, its correction is version 2 of that one, and the private one keeps its text, version and feed."""
    url = "https://gazette.example/2026/harbour-dredging"
    mine = submitted(server, text="Dredging of the harbour starts in May. The work lasts six weeks.", url=url)
    theirs = submitted(server, KEYED, text="Dredging of the Harbour starts in June. The work lasts five weeks.", url=url)
    assert theirs["id"] != mine["id"] and theirs["visibility"] == "public" and theirs["version"] == 1
    server.wait(theirs["id"]), server.wait(mine["id"])
    corrected = submitted(server, KEYED, text="Dredging of the Harbour starts in July. The work lasts five weeks.",
                          url=url)
    assert corrected["id"] == theirs["id"] and corrected["pending_version"]["version"] == 2
    deadline = time.monotonic() + 300
    while requests.get(f"{server.base}/api/narrations/{theirs['id']}", timeout=10).json()["version"] != 2:
        assert time.monotonic() < deadline, "version 2 never went live"
        time.sleep(0.3)
    private = requests.get(f"{server.base}/api/narrations/{mine['id']}", timeout=10).json()
    assert private["version"] == 1 and private["visibility"] == "private" and private["listens_url"] is None
    assert "starts in May" in spoken(requests.get(private["transcript_url"], timeout=10).text)
    listens = requests.post(f"{server.base}/api/narrations/{mine['id']}/listens", data='{"event": "play"}',
                            headers={"Content-Type": "text/plain"}, timeout=10)
    assert listens.status_code == 404 and listens.json()["error"]["code"] == "not_found"
    public_feed = requests.get(f"{server.base}/feed.xml", timeout=10).text
    assert mine["id"] not in public_feed and public_feed.count(f"narrator:{theirs['id']}") == 1
    assert mine["id"] in requests.get(mine["feed_url"], timeout=10).text
