"""The listener's page fetcher against real local HTTP servers: what it fetches, and every refusal, with its reason."""

from __future__ import annotations

import ipaddress
import time

import pytest

from narrator.errors import FetchError, InputTooLargeError
from narrator.fetching import PoliteFetcher
from narrator.netguard import allow_all, guarded_opener, public_only
from narrator.webpage import USER_AGENT, fetch_article, page_fetcher

from .site import ARTICLE_SENTENCE, Route, Site, standard_site

MAX_BYTES = 2_000_000


@pytest.fixture(scope="module")
def site():
    running = standard_site()
    yield running
    running.stop()


@pytest.fixture
def fetcher() -> PoliteFetcher:
    """Private addresses allowed (the test site is on loopback), no pause between requests."""
    return page_fetcher(allow_private=True, delay_s=0)


def test_a_page_is_fetched_with_our_user_agent_after_robots_txt_and_its_article_extracted(site, fetcher):
    site.requests.clear()
    article = fetch_article(f"{site.base}/lighthouse.html", fetcher, MAX_BYTES)
    assert article.title == "The lighthouse keeper retires" and article.author == "Mara Quill"
    assert ARTICLE_SENTENCE in article.markdown and "## A life in the tower" in article.markdown
    assert "Share this article" not in article.markdown and "Sport" not in article.markdown
    assert site.paths() == ["/robots.txt", "/lighthouse.html"]
    assert {agent for _path, agent in site.requests} == {USER_AGENT} and "narrator" in USER_AGENT


def test_redirects_are_followed_and_each_hop_checked(site, fetcher):
    page = fetcher.fetch_page(f"{site.base}/moved", MAX_BYTES)
    assert page.url == f"{site.base}/lighthouse.html" and ARTICLE_SENTENCE.encode() in page.body


@pytest.mark.parametrize("path, error, phrases", [
    ("/members/lighthouse.html", FetchError, ["robots.txt does not allow narrator", "bookmarklet"]),
    ("/no-narrator/lighthouse.html", FetchError, ["robots.txt does not allow narrator"]),
    ("/missing.html", FetchError, ["HTTP 404", "check the address"]),
    ("/report.pdf", FetchError, ["application/pdf", "not a web page"]),
    ("/huge.html", InputTooLargeError, ["larger than the limit of 2,000,000 bytes", "paste"]),
    ("/loop", FetchError, ["redirects more than 5 times"]),
    ("/to-file", FetchError, ["not a web address", "http://"]),
], ids=["robots for everyone", "robots for narrator", "404", "pdf", "too large", "redirect loop", "redirect to file"])
def test_refusals_say_why(site, fetcher, path, error, phrases):
    with pytest.raises(error) as refused:
        fetcher.fetch_page(site.base + path, MAX_BYTES)
    for phrase in phrases:
        assert phrase in str(refused.value)
    if path.endswith("lighthouse.html"):  # refused by robots.txt: the page itself is never requested
        assert path not in site.paths()


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a.html", "javascript:alert(1)",
                                 "HTTP:/no-host", "gopher://127.0.0.1:70/", "data:text/html,<p>hi</p>"])
def test_only_http_and_https_addresses(fetcher, url):
    with pytest.raises(FetchError, match="not a web address"):
        fetcher.fetch_page(url, MAX_BYTES)


@pytest.mark.parametrize("host, kind", [
    ("127.0.0.1", "loopback"), ("localhost", "loopback"), ("LOCALHOST", "loopback"), ("[::1]", "loopback"),
    ("2130706433", "loopback"), ("0x7f.1", "loopback"), ("127.1", "loopback"), ("[::ffff:127.0.0.1]", "loopback"),
    ("0.0.0.0", "unspecified"),
], ids=lambda value: value)
def test_loopback_is_refused_by_the_address_it_resolves_to_not_its_spelling(site, host, kind):
    """With private addresses not allowed (the default), every spelling of this machine is refused, and the site
    is never asked for anything, not even robots.txt."""
    port = site.base.rsplit(":", 1)[1]
    site.requests.clear()
    with pytest.raises(FetchError) as refused:
        page_fetcher(delay_s=0).fetch_page(f"http://{host}:{port}/lighthouse.html", MAX_BYTES)
    assert kind in str(refused.value) and "private networks" in str(refused.value)
    assert site.requests == []


@pytest.mark.parametrize("address, public", [
    ("127.0.0.1", False), ("127.255.0.9", False), ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.1.1", False),
    ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False), ("::1", False),
    ("fe80::1", False), ("fc00::1", False), ("::ffff:10.0.0.1", False), ("::ffff:169.254.169.254", False),
    ("93.184.216.34", True), ("8.8.8.8", True), ("2606:4700:4700::1111", True), ("::ffff:8.8.8.8", True),
])
def test_the_default_policy_allows_only_public_addresses(address, public):
    assert (public_only(ipaddress.ip_address(address)) is None) == public


def test_a_redirect_from_an_allowed_site_to_loopback_is_refused_at_that_hop():
    """The first site stands for a public one (its address, 127.0.0.2, is allowed by the test's policy); it redirects
    to 127.0.0.1, which the policy refuses as the default one does: the hop is refused, nothing reaches it."""
    inner = Site("127.0.0.1")
    inner.page("/secret.html", "<html><body><p>Internal admin page, never to be fetched.</p></body></html>")
    outer = Site("127.0.0.2")
    outer.redirect("/article.html", f"{inner.base}/secret.html")
    outer.redirect("/by-name.html", f"http://localhost:{inner.base.rsplit(':', 1)[1]}/secret.html")

    def policy(ip):
        return None if str(ip) == "127.0.0.2" else public_only(ip)

    fetcher = PoliteFetcher(0, opener=guarded_opener(policy), robots_agent="narrator")
    try:
        for path in ("/article.html", "/by-name.html"):
            with pytest.raises(FetchError) as refused:
                fetcher.fetch_page(outer.base + path, MAX_BYTES)
            assert "loopback address" in str(refused.value) and "/secret.html" in str(refused.value)
        assert outer.paths().count("/article.html") == 1 and inner.requests == []
    finally:
        inner.stop()
        outer.stop()


def test_an_unreachable_site_and_a_silent_one_answer_in_words(site):
    fetcher = page_fetcher(allow_private=True, delay_s=0)
    with pytest.raises(FetchError, match="cannot fetch http://127.0.0.1:9/"):
        fetcher.fetch_page("http://127.0.0.1:9/", MAX_BYTES)
    site.routes["/slow.html"] = Route(body=b"<p>late</p>", delay_s=2)
    impatient = PoliteFetcher(0, opener=guarded_opener(allow_all), timeout_s=0.5)
    started = time.monotonic()
    with pytest.raises(FetchError, match="did not answer in time"):
        impatient.fetch_page(site.base + "/slow.html", MAX_BYTES)
    assert time.monotonic() - started < 1.9


def test_the_api_refuses_a_redirect_to_loopback_with_private_addresses_off(tmp_path, monkeypatch):
    """The real app (in process) and real sites: 127.0.0.2 stands for a public site, as above; the app's fetcher
    otherwise uses the default policy, so its redirect to 127.0.0.1 is refused with the JSON envelope."""
    from narrator import webpage
    from narrator.config import Settings
    from narrator.web import create_app

    inner = Site("127.0.0.1")
    inner.page("/secret.html", "<html><body><p>Internal admin page, never to be fetched.</p></body></html>")
    outer = Site("127.0.0.2")
    outer.redirect("/article.html", f"{inner.base}/secret.html")
    monkeypatch.setattr(webpage, "public_only", lambda ip: None if str(ip) == "127.0.0.2" else public_only(ip))
    settings = Settings.load(env={}, engine="fake", database_url=f"sqlite:///{tmp_path}/n.db",
                             queue_url=f"sqlite:///{tmp_path}/q.db", out_dir=str(tmp_path / "out"),
                             secret_key="test", submit_rate_limit="")
    assert settings.fetch_private_addresses is False
    try:
        answer = create_app(settings).test_client().post("/api/narrations",
                                                         json={"url": outer.base + "/article.html"})
        assert answer.status_code == 422 and answer.get_json()["error"]["code"] == "fetch_failed"
        message = answer.get_json()["error"]["message"]
        assert "loopback address" in message and "/secret.html" in message
        assert outer.paths() == ["/robots.txt", "/article.html"] and inner.requests == []
    finally:
        inner.stop()
        outer.stop()
