"""A real local web site for fetch tests: our own pages, robots.txt, redirects, errors, served over HTTP."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

ARTICLE_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>The lighthouse keeper retires | Coast Weekly</title><meta name="author" content="Mara Quill"></head>
<body><nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav>
<article><h1>The lighthouse keeper retires</h1>
<p>After forty-one years on the headland, the last lighthouse keeper of Gullrock handed over his keys on Friday.
He climbed the hundred and twelve steps one final time, polished the brass, and wrote a last line in the log.</p>
<h2>A life in the tower</h2>
<p>He arrived as a young man in a borrowed coat and learned the lamp from the keeper before him. Storms kept him
in the tower for days at a time, and he says the quiet never once felt lonely.</p>
<p>The light is automatic now, watched from a control room two hundred miles away, but the village has asked to
keep the tower open for visitors on summer weekends.</p></article>
<footer>Copyright Coast Weekly. Share this article.</footer></body></html>"""

ARTICLE_SENTENCE = "handed over his keys on Friday"


@dataclass
class Route:
    """What the site answers on one path."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay_s: float = 0.0
    """Seconds to wait before answering (a slow site)."""
    drip_s: float = 0.0
    """Seconds between one byte of the body and the next, sent with no Content-Length (a site dripping its page)."""
    stream: Callable[[], Iterator[bytes]] | None = None
    """The body as chunks, sent as they come (chunked, unless the headers declare a Content-Length), until the
    iterator ends or the fetcher hangs up (an endless body)."""


class Site:
    """A ThreadingHTTPServer on `host` answering from `routes`; remembers every request (path, User-Agent)."""

    def __init__(self, host: str = "127.0.0.1", routes: dict[str, Route] | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.requests: list[tuple[str, str]] = []
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append((self.path, self.headers.get("User-Agent", "")))
                route = site.routes.get(self.path, Route(404, b"<html><body>not found</body></html>"))
                time.sleep(route.delay_s)
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.drip_s:
                    self.end_headers()
                    self._drip(route)
                    return
                if route.stream is not None:
                    self._stream(route)
                    return
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            def _drip(self, route: Route) -> None:
                self.close_connection = True
                try:
                    for index in range(len(route.body)):
                        self.wfile.write(route.body[index:index + 1])
                        self.wfile.flush()
                        time.sleep(route.drip_s)
                except OSError:  # the fetcher gave up and hung up
                    pass

            def _stream(self, route: Route) -> None:
                self.close_connection = True
                chunked = "Content-Length" not in route.headers
                if chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                try:
                    for chunk in route.stream():
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
                        self.wfile.flush()
                    if chunked:
                        self.wfile.write(b"0\r\n\r\n")
                except OSError:  # the fetcher gave up and hung up
                    pass

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer((host, 0), Handler)
        self.base = f"http://{host}:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def page(self, path: str, html: str) -> str:
        """Serve `html` at `path`; its full address."""
        self.routes[path] = Route(body=html.encode())
        return self.base + path

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        self.routes[path] = Route(status, b"", {"Location": location})
        return self.base + path

    def paths(self) -> list[str]:
        return [path for path, _agent in self.requests]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def standard_site(host: str = "127.0.0.1") -> Site:
    """Pages of ours with every refusal a fetcher must give: robots.txt, 404, not HTML, too large, redirects."""
    site = Site(host)
    site.page("/lighthouse.html", ARTICLE_HTML)
    site.routes["/robots.txt"] = Route(body=b"User-agent: *\nDisallow: /members/\n\nUser-agent: narrator\n"
                                            b"Disallow: /members/\nDisallow: /no-narrator/\n",
                                       headers={"Content-Type": "text/plain"})
    site.page("/members/lighthouse.html", ARTICLE_HTML)
    site.page("/no-narrator/lighthouse.html", ARTICLE_HTML)
    site.routes["/report.pdf"] = Route(body=b"%PDF-1.7 not really", headers={"Content-Type": "application/pdf"})
    site.page("/huge.html", "<html><body><p>" + "Far too long a page. " * 200_000 + "</p></body></html>")
    site.redirect("/moved", "/lighthouse.html", 301)
    site.redirect("/loop", "/loop")
    site.redirect("/to-file", "file:///etc/passwd")
    return site
