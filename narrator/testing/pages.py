"""Article pages of our own for tests: real-sized markup (scripts, styles, navigation, icons) around known text."""

from __future__ import annotations

import html
import json
import random

SUBJECTS = ("The harbour board", "A retired ferry captain", "The town's youngest councillor", "Volunteers at the lido",
            "The night-shift baker", "A lighthouse keeper's daughter", "Two rival choirs", "The museum's archivist")
VERBS = ("argued that", "wrote to the paper saying", "told a packed meeting that", "admitted on Tuesday that",
         "has long believed that", "insisted, against the odds, that")
CLAIMS = ("the old tide mill could be turned again by next summer", "nobody had measured the sea wall since 1987",
          "the winter timetable left the island without a boat after six", "the bandstand was older than the pier",
          "the allotments flooded every spring because of a blocked culvert", "the library's clock ran nine minutes slow",
          "a second footbridge would cost less than repairing the first", "the gulls had learned to open bin lids")
CLOSES = ("Few in the room disagreed.", "The minutes record a long silence.", "A vote is expected in March.",
          "Nobody has yet offered to pay for it.", "The council has promised an answer before the autumn.")


def article_paragraphs(count: int, seed: int = 7) -> list[str]:
    """`count` distinct paragraphs of plain English news prose (three sentences each), the same for a seed."""
    rng = random.Random(seed)
    paragraphs = []
    for number in range(count):
        first = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(CLAIMS)}."
        second = (f"In paragraph {number + 1} of the account, {rng.choice(SUBJECTS).lower()} "
                  f"{rng.choice(VERBS)} {rng.choice(CLAIMS)}.")
        paragraphs.append(f"{first} {second} {rng.choice(CLOSES)}")
    return paragraphs


def _furniture(rng: random.Random, size: int) -> str:
    """About `size` bytes of what surrounds an article on a news page: scripts, styles, icons, menus."""
    chunks, total = [], 0
    while total < size:
        kind = rng.randrange(4)
        if kind == 0:
            state = {"user": None, "ads": [{"slot": f"slot-{n}", "sizes": [[300, 250], [728, 90]]} for n in range(40)]}
            chunk = f"<script>window.__STATE__ = {json.dumps(state)};</script>"
        elif kind == 1:
            chunk = "<style>" + "".join(f".c{rng.randrange(10**6)}{{margin:{n}px;color:#{n:06x}}}"
                                        for n in range(60)) + "</style>"
        elif kind == 2:
            chunk = ("<svg viewBox='0 0 24 24' aria-hidden='true'><path d='" +
                     " ".join(f"M{rng.random():.4f} {rng.random():.4f}L{rng.random():.4f} {rng.random():.4f}"
                              for _ in range(40)) + "'/></svg>")
        else:
            chunk = "<div class='promo' data-track='{}'><a href='/more/{}'>Sponsored: win a weekend away</a></div>".format(
                "x" * 200, rng.randrange(10**6))
        chunks.append(chunk)
        total += len(chunk)
    return "".join(chunks)


def heavy_page(paragraphs: list[str], *, headline: str, site: str = "The Harbour Gazette", separator: str = " | ",
               lang: str = "en", markup_bytes: int = 3_000_000, seed: int = 11) -> str:
    """A complete article page whose markup around `paragraphs` weighs about `markup_bytes`: head with og:title and
    site name, navigation, inline scripts and styles, icons, promotions, a footer."""
    rng = random.Random(seed)
    escaped = [html.escape(p) for p in paragraphs]
    share = markup_bytes // (len(paragraphs) // 3 + 2)
    body = "".join(f"<p>{p}</p>{_furniture(rng, share)}" if n % 3 == 2 else f"<p>{p}</p>"
                   for n, p in enumerate(escaped))
    lang_attribute = f' lang="{lang}"' if lang else ""
    return (f"<!doctype html><html{lang_attribute}><head><meta charset='utf-8'>"
            f"<title>{html.escape(headline + separator + site)}</title>"
            f"<meta property='og:title' content='{html.escape(headline, quote=True)}'>"
            f"<meta property='og:site_name' content='{html.escape(site, quote=True)}'>"
            "<meta name='author' content='Ada Lovell'>"
            f"{_furniture(rng, share)}</head><body>"
            "<a href='#main'>Skip to content</a><nav><ul>" +
            "".join(f"<li><a href='/s/{n}'>Section {n}</a></li>" for n in range(30)) + "</ul></nav>"
            f"<main id='main'><article><h1>{html.escape(headline)}</h1><p class='byline'>By Ada Lovell</p>{body}"
            "</article></main><aside><h2>Most read</h2><ul>" +
            "".join(f"<li><a href='/r/{n}'>Another story number {n}</a></li>" for n in range(10)) +
            f"</ul></aside><footer>{_furniture(rng, share)}<p>© The Harbour Gazette</p></footer></body></html>")
