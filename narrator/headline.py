"""The headline of an HTML page (structured data, og:title, <title>, h1) without the site's name, and its language."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import Any, Iterator

from lxml.html import HtmlElement

_LOGGER = logging.getLogger(__name__)

TITLE_META = ("dc:title", "dcterm:title", "dcterms:title", "dc.title", "dcterms.title", "og:title")
"""Meta tags naming a page's headline, most deliberate first (then come OTHER_TITLE_META, then <title>)."""
OTHER_TITLE_META = ("twitter:title", "parsely-title", "sailthru.title", "citation_title")
"""Meta titles written for one audience (social cards, analytics, citations): without a TITLE_META title, the one
sharing the most words with the page's h1 wins, this order breaking ties."""
SITE_SOURCES = ("og:site_name", "application-name", "twitter:site")
SEPARATOR = re.compile(r"\s+(?:[|·•—–\-/»~]|::)\s+|\s*[|_]\s*")
"""Between a headline and a site or section name: 'Headline | Site', 'Headline - Site', 'Headline _Section _Site'."""
MAX_SITE_CHARS = 40
MAX_SITE_WORDS = 5
MIN_HEADLINE_CHARS = 12
MAX_TOPIC_WORDS = 3
FURNITURE = re.compile(
    r"^(skip (to|navigation)\b.*|(main )?menu|share( this( article| story| page)?)?|navigation|search|home( ?page)?|"
    r"log ?in|sign (in|up)|subscribe|advertisement|untitled( document)?|index|404|page not found|not found|"
    r"listen( to this article)?|cookies?( settings| policy)?|close|loading\W*)$", re.I)
"""Lines that are page furniture, never a headline."""
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})


ARTICLE_TYPE = re.compile(r"(Article|Posting|Report|APIReference)$")
"""schema.org types of an article (NewsArticle, BlogPosting, Report...), whose structured data names its headline."""
MAX_STRUCTURED_CHARS = 500_000
"""Larger <script type="application/ld+json"> blocks are not parsed (no headline needs that much data)."""


AUTHOR_META = ("author", "article:author", "dc.creator", "dc:creator", "byl", "parsely-author", "sailthru.author")
"""Meta tags naming the article's author (a profile address instead of a name is skipped)."""


@dataclass(frozen=True)
class PageFacts:
    """What a page says about itself, outside its article text."""

    title: str
    author: str
    language: str


def one_line(text: str) -> str:
    """Whitespace collapsed to single spaces."""
    return " ".join((text or "").split())


def comparable(text: str) -> str:
    """Lower case, straight quotes, single spaces, no trailing pilcrow or colon: for comparing titles."""
    return one_line(text.translate(_QUOTES)).lower().strip(" ¶#:")


def is_furniture(line: str) -> bool:
    """True for a line that names a page's furniture (menu, share, skip link...) rather than an article."""
    text = one_line(line).strip(" .:|-–—»›>")
    return not text or bool(FURNITURE.match(text)) or not any(ch.isalnum() for ch in text)


def page_facts(root: HtmlElement) -> PageFacts:
    """The page's headline, author and declared language (BCP 47 as written; '' when it declares none)."""
    return PageFacts(headline(root), author(root), declared_language(root))


def author(root: HtmlElement) -> str:
    """The author a page's meta tags name, without a leading 'By'; '' when none does."""
    for value in _meta_values(root, AUTHOR_META):
        name = re.sub(r"^by\s+", "", value, flags=re.I)
        if name and "://" not in name and not name.startswith("@") and len(name) <= 200:
            return name
    return ""


def headline(root: HtmlElement) -> str:
    """The headline: the one the page's structured data gives its article; else an h1 that the page's <title>
    confirms; else the first title its meta tags or <title> give that is not furniture or the site's name, with the
    site's name removed; else its first h1."""
    sites = tuple(dict.fromkeys(_meta_values(root, SITE_SOURCES)))
    h1s = [text for text in (one_line(h.text_content()) for h in root.iter("h1")) if text and not is_furniture(text)]
    site_keys = {comparable(s) for s in sites}
    page_title = next((text for text in (one_line(t.text_content()) for t in root.iter("title")
                                         if not any(a.tag == "svg" for a in t.iterancestors())) if text), "")
    for raw in structured_headlines(root, page_title):
        if title := _clean_title(raw, h1s, sites, site_keys):
            return title
    confirmed = strip_site(page_title, h1s, sites) if page_title else ""
    if confirmed and comparable(confirmed) in {comparable(h) for h in h1s}:
        return confirmed
    for raw in _meta_values(root, TITLE_META):
        if title := _clean_title(raw, h1s, sites, site_keys):
            return title
    others = [title for title in (_clean_title(raw, h1s, sites, site_keys)
                                  for raw in _meta_values(root, OTHER_TITLE_META)) if title]
    if others:
        return max(others, key=lambda title: max((_common_words(title, h) for h in h1s), default=0))
    if title := _clean_title(page_title, h1s, sites, site_keys):
        if (len(re.findall(r"[^\W_]+", title)) <= MAX_TOPIC_WORDS and len(h1s) == 1 and len(h1s[0]) >= MIN_HEADLINE_CHARS
                and _shares_a_word(h1s[0], title)):
            return h1s[0]  # a <title> of a section or topic name ("Allotment news"); the page's one h1 is the headline
        return title
    return next((h for h in h1s if comparable(h) not in site_keys), "")


_CDATA = re.compile(r"^\s*<!\[CDATA\[|\]\]>\s*$")


def structured_headlines(root: HtmlElement, page_title: str = "") -> list[str]:
    """The headlines the page's structured data (JSON-LD) gives its articles, in page order. An article with both a
    headline and a name that differ gives first the one sharing more words with the page's <title> (an
    encyclopedia's 'headline' is a description of the page, its name the title)."""
    found = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        if len(script.text) > MAX_STRUCTURED_CHARS:
            continue
        try:
            data = json.loads(_CDATA.sub("", script.text))
        except ValueError:
            _LOGGER.debug("unreadable JSON-LD block skipped")
            continue
        for item in _json_objects(data):
            types = item.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and ARTICLE_TYPE.search(t) for t in types):
                names = [one_line(v) for v in (item.get("headline"), item.get("name")) if isinstance(v, str)]
                names = sorted(dict.fromkeys(n for n in names if n), key=lambda n: -_common_words(n, page_title))
                found.extend(names)
    return found


def _json_objects(data: Any, depth: int = 0) -> Iterator[dict]:
    """Every object of a JSON-LD document at the top or in @graph lists (not nested deeper: an article's parts)."""
    if depth > 3:
        return
    if isinstance(data, list):
        for value in data:
            yield from _json_objects(value, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _json_objects(data["@graph"], depth + 1)


def _clean_title(raw: str, h1s: list[str], sites: tuple[str, ...], site_keys: set[str]) -> str:
    """A title without the site's name, or '' when it is furniture or the site's name alone."""
    title = one_line(raw)
    if not title or is_furniture(title) or comparable(title) in site_keys:
        return ""
    stripped = strip_site(title, h1s, sites)
    return "" if comparable(stripped) in site_keys or is_furniture(stripped) else stripped


def _common_words(first: str, second: str) -> int:
    """How many words two titles share."""
    def words(text: str) -> set[str]:
        return set(re.findall(r"[^\W_]+", text.lower()))
    return len(words(first) & words(second))


def _shares_a_word(first: str, second: str) -> bool:
    """Whether two titles share a word of four letters or more."""
    def words(text: str) -> set[str]:
        return {w for w in re.findall(r"[^\W\d_]{4,}", text.lower())}
    return bool(words(first) & words(second))


def strip_site(title: str, h1s: list[str] = (), sites: tuple[str, ...] = ()) -> str:  # type: ignore[assignment]
    """A page title without its site or section name: a known site name at either end goes; else the part that is
    the page's h1; else a short name-like part after the last separator (a leading part stays: 'Half-term - what
    to do' is one headline)."""
    for site in sorted(sites, key=len, reverse=True):
        shorter = _without_site(title, one_line(site))
        if shorter != title and len(shorter) >= MIN_HEADLINE_CHARS // 2:
            title = shorter.strip()
    parts = SEPARATOR.split(title)
    if len(parts) == 1:
        return title
    spans = [m.span() for m in SEPARATOR.finditer(title)]
    starts, ends = [0] + [e for _, e in spans], [s for s, _ in spans] + [len(title)]
    wanted = {comparable(h) for h in h1s}
    for first in range(len(parts)):
        for last in range(len(parts) - 1, first - 1, -1):
            piece = title[starts[first]:ends[last]]
            if comparable(piece) in wanted and (first, last) != (0, len(parts) - 1):
                return piece.strip()
    head, tail = title[:ends[-2]], parts[-1]
    if _name_like(tail) and len(head) >= MIN_HEADLINE_CHARS:
        return head.strip()
    return title


_SEPARATOR_AT_END = re.compile(f"(?:{SEPARATOR.pattern})$")


def _without_site(title: str, site: str) -> str:
    """The title without the site's name and its separator at the start, or at the end, or both (any case)."""
    if not site:
        return title
    start, end = 0, len(title)
    if title[:len(site)].lower() == site.lower() and (found := SEPARATOR.match(title, len(site))):
        start = found.end()
    if title[len(title) - len(site):].lower() == site.lower() and len(title) - len(site) >= start:
        if found := _SEPARATOR_AT_END.search(title, start, len(title) - len(site)):
            end = found.start()
    return title[start:end]


def _name_like(part: str) -> bool:
    """Short enough, and unpunctuated enough, to be a site or section name rather than half a headline."""
    part = part.strip()
    domain = " " not in part and "." in part.strip(".")
    return (0 < len(part) <= MAX_SITE_CHARS and len(part.split()) <= MAX_SITE_WORDS
            and (domain or not part[0].islower()) and not part.endswith(("?", "!", ".", ",")))


def _meta_values(root: HtmlElement, names: tuple[str, ...]) -> list[str]:
    """Contents of <meta property|name="..."> for `names`, in the order of `names` (a property list counts)."""
    found: dict[str, list[str]] = {n.lower(): [] for n in names}
    for meta in root.iter("meta"):
        content = one_line(meta.get("content", ""))
        for key in (meta.get("property", "") + " " + meta.get("name", "")).lower().split():
            if key in found and content:
                found[key].append(content)
    return [value for values in found.values() for value in values]


def declared_language(root: HtmlElement) -> str:
    """The language a page declares: <html lang>, xml:lang, Content-Language, og:locale; '' for none."""
    candidates = [root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang"), root.get("xml:lang")]
    for meta in root.iter("meta"):
        key = (meta.get("http-equiv") or meta.get("name") or meta.get("property") or "").lower()
        if key in ("content-language", "language", "og:locale", "dc.language"):
            candidates.append(meta.get("content"))
    return next((one_line(c) for c in candidates if c and one_line(c)), "")
