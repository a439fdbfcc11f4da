"""The listener's page fetcher against real local HTTP servers: what it fetches, and every refusal, with its reason."""

from __future__ import annotations

import gzip
import ipaddress
import time
import zlib

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from narrator.errors import FetchError, InputTooLargeError
from narrator.fetching import PoliteFetcher
from narrator.netguard import allow_all, guarded_opener, public_only
from narrator.pagebody import decode_page, decompress, looks_utf8
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


def test_a_redirect_within_the_site_is_followed_at_once_and_the_next_page_waits_its_pause(site):
    """The pause between requests to one site comes between page fetches: a redirect hop (here two, http://host/moved
    -> /moved-again -> the page) is the same fetch going on, as a browser follows it."""
    site.redirect("/moved-again", "/moved")
    polite = page_fetcher(allow_private=True, delay_s=1.5)
    polite.fetch_page(f"{site.base}/lighthouse.html", MAX_BYTES)  # robots.txt read, the site's clock started
    time.sleep(1.5)
    started = time.monotonic()
    page = polite.fetch_page(f"{site.base}/moved-again", MAX_BYTES)
    assert page.url == f"{site.base}/lighthouse.html" and time.monotonic() - started < 1.2
    started = time.monotonic()
    polite.fetch_page(f"{site.base}/lighthouse.html", MAX_BYTES)
    assert time.monotonic() - started >= 1.4  # the next page of the same site still waits


@pytest.mark.parametrize("path, error, phrases", [
    ("/members/lighthouse.html", FetchError, ["robots.txt does not allow narrator", "bookmarklet"]),
    ("/no-narrator/lighthouse.html", FetchError, ["robots.txt does not allow narrator"]),
    ("/missing.html", FetchError, ["HTTP 404", "check the address"]),
    ("/report.pdf", FetchError, ["application/pdf", "not a web page"]),
    ("/huge.html", InputTooLargeError, ["larger than the limit of 2,000,000 bytes", "paste"]),
    ("/loop", FetchError, ["redirects in a loop"]),
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


@pytest.mark.parametrize("path", ["/drip.html", "/slow-robots/page.html"], ids=["page drips", "robots.txt drips"])
def test_one_deadline_covers_the_whole_fetch_even_a_site_dripping_bytes(path):
    """Each read gets only the time left, so a byte every 0.05 s (each read answered in time) is still cut off when
    the deadline passes, whether it is the page or robots.txt that drips."""
    dripping = Site()
    dripping.routes["/drip.html"] = Route(body=b"<html><body><p>" + b"slow words " * 2000 + b"</p></body></html>",
                                          drip_s=0.05)
    dripping.routes["/robots.txt"] = Route(body=b"User-agent: *\nAllow: /\n" * 200, drip_s=0.05,
                                           headers={"Content-Type": "text/plain"})
    dripping.page("/slow-robots/page.html", "<html><body><p>Never reached in time.</p></body></html>")
    if path == "/drip.html":
        dripping.routes["/robots.txt"] = Route(404, b"")
    try:
        started = time.monotonic()
        with pytest.raises(FetchError) as refused:
            page_fetcher(allow_private=True, delay_s=0, deadline_s=1.0).fetch_page(dripping.base + path, MAX_BYTES)
        took = time.monotonic() - started
        assert "did not answer in time" in str(refused.value) and "1 s for the whole page" in str(refused.value)
        assert 0.9 < took < 1.6, took
    finally:
        dripping.stop()


def test_the_wait_for_a_busy_sites_turn_counts_against_the_deadline(site):
    """A site's turn comes a pause after its last request; a fetch whose turn would come after its deadline is
    refused at once instead of waiting for it."""
    patient = PoliteFetcher(5, obey_robots=False, opener=guarded_opener(allow_all), deadline_s=1.0)
    patient.fetch_page(f"{site.base}/lighthouse.html", MAX_BYTES)
    started = time.monotonic()
    with pytest.raises(FetchError, match="did not answer in time"):
        patient.fetch_page(f"{site.base}/lighthouse.html", MAX_BYTES)
    assert time.monotonic() - started < 0.5


LATIN = "Café Ångström serves crème brûlée; the naïve façade is «très» jolie."


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data)


def _zlib(data: bytes, raw: bool = False) -> bytes:
    if raw:
        compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        return compressor.compress(data) + compressor.flush()
    return zlib.compress(data)


def _html(text: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>Menu</title></head><body><article><p>{text}</p></article></body></html>"


@pytest.mark.parametrize("body, headers", [
    (_html(LATIN).encode("utf-8"), {"Content-Type": "text/html; charset=utf-8"}),
    (_html(LATIN).encode("cp1252"), {"Content-Type": "text/html; charset=ISO-8859-1"}),
    (_html(LATIN).encode("cp1252"), {"Content-Type": "text/html;charset=\"windows-1252\""}),
    (_html(LATIN, '<meta charset="iso-8859-15">').encode("iso-8859-15"), {"Content-Type": "text/html"}),
    (_html(LATIN, "<META HTTP-EQUIV='Content-Type' CONTENT='text/html; Charset=Latin1'>").encode("cp1252"), {}),
    (_html(LATIN).encode("cp1252"), {}),
    (_html(LATIN).encode("utf-8"), {}),
    (b"\xef\xbb\xbf" + _html(LATIN).encode("utf-8"), {"Content-Type": "text/html; charset=cp1252"}),
    ("\ufeff".encode("utf-16-le") + _html(LATIN).encode("utf-16-le"), {}),
    (_gzip(_html(LATIN).encode("utf-8")), {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}),
    (_gzip(_html(LATIN).encode("cp1252")), {"Content-Encoding": "GZIP"}),
    (_zlib(_html(LATIN).encode("utf-8")), {"Content-Type": "text/html", "Content-Encoding": "deflate"}),
    (_zlib(_html(LATIN).encode("utf-8"), raw=True), {"Content-Type": "text/html", "Content-Encoding": "deflate"}),
    (_html(LATIN, '<meta charset="no-such-charset">').encode("utf-8"), {"Content-Type": "text/html"}),
], ids=["utf-8 header", "latin-1 header read as windows-1252", "quoted windows-1252", "meta iso-8859-15",
        "http-equiv meta, no content type", "no content type, not utf-8", "no content type, utf-8", "BOM wins",
        "utf-16 BOM, no content type", "gzip", "gzip, no content type", "deflate (zlib)", "deflate (raw)",
        "unknown charset label"])
def test_a_page_is_read_in_its_declared_encoding_and_compression(body, headers):
    served = Site(routes={"/page.html": Route(body=body, headers=headers)})
    try:
        article = fetch_article(served.base + "/page.html", page_fetcher(allow_private=True, delay_s=0), MAX_BYTES)
        assert LATIN in " ".join(article.markdown.split()), article.markdown
    finally:
        served.stop()


@pytest.mark.parametrize("body, headers, phrases", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary", {}, ["a PDF document", "sent no content type"]),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", {}, ["a PNG image"]),
    (b"\x00\x01\x02\x03 some binary \x00 stuff", {}, ["NUL bytes"]),
    (_gzip(b"%PDF-1.4 inside gzip"), {"Content-Encoding": "gzip"}, ["a PDF document"]),
    (_gzip(_gzip(b"<html>twice</html>")), {"Content-Type": "text/html", "Content-Encoding": "gzip"},
     ["gzip-compressed data", "says text/html"]),
    (b"not really brotli", {"Content-Type": "text/html", "Content-Encoding": "br"}, ["'br'", "gzip and deflate"]),
    (b"this is not gzip at all", {"Content-Type": "text/html", "Content-Encoding": "gzip"}, ["does not decompress"]),
], ids=["pdf, no type", "png, no type", "NUL bytes, no type", "gzip pdf", "gzip twice", "brotli", "bad gzip"])
def test_a_body_that_is_not_text_is_refused_saying_what_it_is(body, headers, phrases):
    served = Site(routes={"/file": Route(body=body, headers=headers)})
    try:
        with pytest.raises(FetchError) as refused:
            page_fetcher(allow_private=True, delay_s=0).fetch_page(served.base + "/file", MAX_BYTES)
        for phrase in phrases:
            assert phrase in str(refused.value)
    finally:
        served.stop()


def test_a_small_gzip_body_that_inflates_past_the_limit_is_refused_without_inflating_it_all():
    bomb = _gzip(b"<html><body>" + b"a" * 50_000_000 + b"</body></html>")
    assert len(bomb) < 100_000
    served = Site(routes={"/bomb.html": Route(body=bomb, headers={"Content-Type": "text/html",
                                                                  "Content-Encoding": "gzip"})})
    try:
        with pytest.raises(InputTooLargeError, match="once uncompressed"):
            page_fetcher(allow_private=True, delay_s=0).fetch_page(served.base + "/bomb.html", MAX_BYTES)
    finally:
        served.stop()


@pytest.mark.parametrize("address, kind", [
    ("2002:7f00:1::", "loopback"), ("2002:7f00:0001:abcd::1", "loopback"), ("2002:c0a8:0101::", "private-network"),
    ("2002:a9fe:a9fe::1", "link-local"), ("2002:0a00:0001:ffff:ffff:ffff:ffff:ffff", "private-network"),
    ("64:ff9b::7f00:1", "loopback"), ("64:FF9B::10.0.0.1", "private-network"), ("64:ff9b::a9fe:a9fe", "link-local"),
    ("64:ff9b:1:7f00:0001::", "loopback"), ("64:ff9b:1:c0a8:0001::", "private-network"),
    ("fec0::1", "site-local"), ("FEC0:0:0:1::2", "site-local"), ("feff:ffff::1", "site-local"),
])
def test_ipv6_addresses_that_carry_a_private_ipv4_one_or_are_site_local_are_refused(address, kind):
    assert kind in (public_only(ipaddress.ip_address(address)) or "public")


@pytest.mark.parametrize("address", ["2002:0808:0808::1", "64:ff9b::8.8.8.8", "64:ff9b:1:0808:0008:0800::",
                                     "2606:4700:4700::1111"])
def test_ipv6_addresses_that_carry_a_public_ipv4_one_are_public(address):
    assert public_only(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("host", ["[2002:7f00:1::]", "[64:ff9b::7f00:1]", "[64:ff9b::a00:1]", "[fec0::1]",
                                  "[2002:c0a8:101::5]"])
def test_a_fetch_of_an_address_that_unwraps_to_a_private_one_never_connects(host, monkeypatch):
    import socket

    connects = []
    monkeypatch.setattr(socket.socket, "connect", lambda self, address: connects.append(address))
    with pytest.raises(FetchError) as refused:
        page_fetcher(delay_s=0).fetch_page(f"http://{host}:8080/page.html", MAX_BYTES)
    assert "private networks" in str(refused.value) and connects == []

IPV4 = st.integers(0, 2**32 - 1).map(ipaddress.IPv4Address)
CARRIERS = {
    "ipv4-mapped": lambda v4: ipaddress.IPv6Address((0xFFFF << 32) | int(v4)),
    "6to4": lambda v4: ipaddress.IPv6Address((0x2002 << 112) | (int(v4) << 80) | 0xABCD),
    "nat64": lambda v4: ipaddress.IPv6Address((0x0064FF9B << 96) | int(v4)),
    "nat64 local-use": lambda v4: ipaddress.IPv6Address(
        (0x0064FF9B0001 << 80) | ((int(v4) >> 16) << 64) | ((int(v4) & 0xFFFF) << 40)),
}


@hypothesis_settings(max_examples=300, deadline=None)
@given(v4=IPV4, carrier=st.sampled_from(sorted(CARRIERS)))
def test_an_ipv6_address_carrying_an_ipv4_one_gets_the_ipv4_ones_verdict(v4, carrier):
    assert (public_only(CARRIERS[carrier](v4)) is None) == (public_only(v4) is None)


CHARSETS = ["utf-8", "windows-1252", "iso-8859-15", "iso-8859-2", "koi8-r", "shift_jis", "euc-kr", "gb18030"]


@hypothesis_settings(max_examples=200, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=200),
       charset=st.sampled_from(CHARSETS), where=st.sampled_from(["header", "meta"]))
def test_a_page_in_any_charset_it_declares_reads_back_as_written(text, charset, where):
    page = f'<meta charset="{charset}"><p>{text}</p>' if where == "meta" else f"<p>{text}</p>"
    try:
        body = page.encode(charset)
    except UnicodeEncodeError:
        return  # the charset cannot hold this text: no page could be written so
    if body.decode(charset) != page:
        return  # the codec itself does not give it back (shift_jis writes a yen sign as a backslash)
    expected = body.decode("utf-8") if looks_utf8(body) else page  # UTF-8 wins over a label it plainly is not
    assert decode_page(body, charset if where == "header" else "") == expected


@hypothesis_settings(max_examples=100, deadline=None)
@given(body=st.binary(max_size=5000), coding=st.sampled_from(["gzip", "deflate", "x-gzip", "identity", ""]))
def test_compressed_bodies_come_back_byte_for_byte_and_never_past_the_limit(body, coding):
    packed = {"gzip": gzip.compress, "x-gzip": gzip.compress, "deflate": zlib.compress}.get(coding, bytes)(body)
    assert decompress(packed, coding, 5000, "http://example.org/") == body
    if body and coding in ("gzip", "x-gzip", "deflate"):
        with pytest.raises(InputTooLargeError):
            decompress(packed, coding, len(body) - 1, "http://example.org/")
