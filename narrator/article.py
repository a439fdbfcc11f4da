"""Article dataclasses and parsing of plain text, Markdown and HTML into them."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from .errors import IngestError, InputTooLargeError, UnsupportedInputError

_LOGGER = logging.getLogger(__name__)

Format = Literal["auto", "text", "markdown", "html"]
EXTENSION_FORMATS: dict[str, Format] = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html",
}
ACCEPTED = "UTF-8 plain text (.txt), Markdown (.md) or HTML (.html)"
MAX_TITLE_CHARS = 500
MAX_AUTHOR_CHARS = 300
TERMINAL_PUNCTUATION = tuple('.!?:;"”’)…')


@dataclass(frozen=True)
class Chapter:
    """A titled run of paragraphs; `title` is empty until headings or inference name it."""

    title: str
    paragraphs: tuple[str, ...]

    @property
    def word_count(self) -> int:
        """Words in the chapter's paragraphs."""
        return sum(len(p.split()) for p in self.paragraphs)


@dataclass(frozen=True)
class Article:
    """A parsed article: what the listener will hear, before spoken-form rewriting."""

    title: str
    byline: str = ""
    chapters: tuple[Chapter, ...] = ()
    url: str = ""
    has_headings: bool = False
    """True when chapters came from the source's own headings."""
    source_format: str = "text"

    @property
    def paragraphs(self) -> list[str]:
        """Every paragraph, in order, across chapters."""
        return [p for chapter in self.chapters for p in chapter.paragraphs]

    @property
    def word_count(self) -> int:
        """Words in the body."""
        return sum(c.word_count for c in self.chapters)

    def with_chapters(self, chapters: list[Chapter] | tuple[Chapter, ...]) -> "Article":
        """A copy with other chapters; empty chapters are dropped."""
        return replace(self, chapters=tuple(c for c in chapters if c.paragraphs))


# --- input validation -------------------------------------------------------------------------

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width and soft hyphen
                                     "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), None)  # bidi
"""Invisible characters an engine must not see: zero-width marks, soft hyphens, bidirectional controls."""


def decode_input(data: bytes | str, max_bytes: int, max_chars: int) -> str:
    """Validate raw input and return clean text, or raise an IngestError saying what is wrong."""
    if isinstance(data, str):
        raw_size = len(data.encode("utf-8", "surrogatepass"))
    else:
        raw_size = len(data)
    if raw_size > max_bytes:
        raise InputTooLargeError(
            f"input is {_human_bytes(raw_size)}; the limit is {_human_bytes(max_bytes)} "
            f"({max_chars:,} characters of text)")
    if isinstance(data, bytes):
        if b"\x00" in data[:65536]:
            raise UnsupportedInputError(f"input looks binary (it contains NUL bytes); narrator accepts {ACCEPTED}")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UnsupportedInputError(
                f"input is not valid UTF-8 (bad byte at offset {exc.start}); narrator accepts {ACCEPTED}") from exc
    else:
        text = data
    text = _strip_control_characters(text)
    if not text.strip():
        raise IngestError(f"input is empty (no words to narrate); narrator accepts {ACCEPTED}")
    if not any(ch.isalnum() for ch in text):
        raise IngestError("input has no words to narrate (only symbols, punctuation or emoji); "
                          f"narrator accepts {ACCEPTED}")
    if len(text) > max_chars:
        raise InputTooLargeError(f"input has {len(text):,} characters; the limit is {max_chars:,}")
    return text


def _strip_control_characters(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_ZERO_WIDTH)
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs", "Co"))


def _human_bytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size:,} bytes"


def read_source(path: str | Path, max_bytes: int) -> tuple[bytes, Format]:
    """Read a source file's bytes (refusing unknown kinds and oversized files) and its format."""
    path = Path(path)
    fmt = EXTENSION_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedInputError(f"unknown file type '{path.suffix or path.name}'; narrator accepts {ACCEPTED}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputTooLargeError(f"{path.name} is {_human_bytes(size)}; the limit is {_human_bytes(max_bytes)}")
        return path.read_bytes(), fmt
    except OSError as exc:
        raise IngestError(f"cannot read {path}: {exc.strerror or exc}") from exc


# --- format detection -----------------------------------------------------------------------

_HTML_HINT = re.compile(r"<(!doctype|html|body|article|p|div|h[1-6]|main|section)\b", re.I)
_MARKDOWN_HINT = re.compile(r"^(#{1,6} |> |[-*+] |\d+\. )|\*\*[^*]+\*\*|\[[^\]]+\]\([^)]+\)", re.M)


def detect_format(text: str) -> Format:
    """Guess whether text is HTML, Markdown or plain text."""
    head = text.lstrip()[:4000]
    if head.startswith("<") and _HTML_HINT.search(head) or len(_HTML_HINT.findall(head)) >= 3:
        return "html"
    if _MARKDOWN_HINT.search(text[:20000]):
        return "markdown"
    return "text"


def parse(text: str, fmt: Format = "auto", *, title: str = "", author: str = "", url: str = "") -> Article:
    """Parse validated text into an Article; explicit title/author win over what the source says."""
    if fmt == "auto":
        fmt = detect_format(text)
    if fmt == "html":
        article = parse_html(text)
    elif fmt == "markdown":
        article = parse_markdown(text)
    else:
        article = parse_text(text)
    article = replace(article, title=_one_line(title) or article.title, byline=_one_line(author) or article.byline,
                      url=url or article.url, source_format=fmt)
    if not article.paragraphs:
        raise IngestError(f"no readable text found in the {fmt} input; narrator accepts {ACCEPTED}")
    return article


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- plain text --------------------------------------------------------------------------------

def _is_heading_like(line: str, max_words: int = 10) -> bool:
    words = line.split()
    return (0 < len(words) <= max_words and not line.endswith(TERMINAL_PUNCTUATION)
            and line[:1].isupper() and not line.startswith(("By ", "BY ")))


def _split_text_paragraphs(text: str) -> list[str]:
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        current = ""
        for line in (ln.strip() for ln in block.split("\n")):
            if not line:
                continue
            current = f"{current} {line}" if current else line
            if len(line) < 50 or line.endswith(TERMINAL_PUNCTUATION):
                paragraphs.append(current)
                current = ""
        if current:
            paragraphs.append(current)
    return [" ".join(p.split()) for p in paragraphs]


def parse_text(text: str) -> Article:
    """Plain text: paragraphs are blank-line separated or one per line; short title-like lines are headings."""
    paragraphs = _split_text_paragraphs(text)
    title = ""
    if paragraphs and _is_heading_like(paragraphs[0], max_words=16) and len(paragraphs) > 1:
        title = paragraphs.pop(0)
    chapters: list[Chapter] = []
    current_title, current = "", []
    for index, para in enumerate(paragraphs):
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else ""
        previous = paragraphs[index - 1] if index else ""
        if (current and _is_heading_like(para) and len(following.split()) >= 20
                and previous.endswith(TERMINAL_PUNCTUATION)):
            chapters.append(Chapter(current_title, tuple(current)))
            current_title, current = para, []
        else:
            current.append(para)
    chapters.append(Chapter(current_title, tuple(current)))
    return Article(title=title, chapters=tuple(c for c in chapters if c.paragraphs),
                   has_headings=len(chapters) > 1, source_format="text")


# --- Markdown --------------------------------------------------------------------------------

def parse_markdown(text: str, split_short_lines: bool = False) -> Article:
    """Markdown: headings start chapters (a leading H1 is the title); lists and quotes are paragraphs; code is skipped.

    `split_short_lines`: a line break after a short unpunctuated line (a byline or label an extractor ran into
    the next block) starts a new paragraph."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    title = ""
    chapters: list[Chapter] = []
    current_title, current = "", []
    heading_level = 0
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            heading_level = int(token.tag[1])
        elif token.type == "inline":
            lines = _inline_lines(token, split_short_lines)
            content = " ".join(lines)
            if not content:
                continue
            if heading_level:
                if heading_level == 1 and not title and not chapters and not current:
                    title = content
                else:
                    if current or current_title:
                        chapters.append(Chapter(current_title, tuple(current)))
                    current_title, current = content, []
                heading_level = 0
            else:
                current.extend(lines)
        elif token.type == "html_block":
            stripped = _one_line(re.sub(r"<[^>]*>", " ", token.content))
            if stripped and not re.match(r"<(script|style|iframe)", token.content.strip(), re.I):
                current.append(stripped)
    chapters.append(Chapter(current_title, tuple(current)))
    found = [c for c in chapters if c.paragraphs]
    return Article(title=title, chapters=tuple(found), has_headings=any(c.title for c in found),
                   source_format="markdown")


def _inline_lines(token, split_short_lines: bool = False) -> list[str]:
    """The inline text of a block, as one paragraph or (split_short_lines) several."""
    lines: list[str] = []
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            line = _one_line("".join(parts))
            if split_short_lines and line and len(line.split()) <= 8 and not line.endswith(TERMINAL_PUNCTUATION):
                lines.append(line)
                parts = []
            else:
                parts.append(" ")
    last = _one_line("".join(parts))
    return [line for line in lines + [last] if line]


# --- HTML ----------------------------------------------------------------------------------------

def parse_html(text: str) -> Article:
    """HTML: the article body is extracted with trafilatura (headings kept), then read as Markdown."""
    body, meta_title, meta_author = extract_html(text)
    article = parse_markdown(body, split_short_lines=True)
    return replace(article, title=article.title or meta_title, byline=meta_author, source_format="html")


class _FragmentNotice(logging.Filter):
    """Drops trafilatura's ERRORs on an HTML fragment (a feed entry's content): it is no error, narrator reads the
    fragment with its own blocks."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(("parsed tree length", "empty HTML tree"))


for _name in ("trafilatura.utils", "trafilatura.core"):
    logging.getLogger(_name).addFilter(_FragmentNotice())


def extract_html(text: str) -> tuple[str, str, str]:
    """The article of an HTML page as Markdown, with the page's title and author (trafilatura, else plain blocks)."""
    import trafilatura

    try:
        body = trafilatura.extract(text, output_format="markdown", include_formatting=True, include_links=False,
                                   include_images=False, include_tables=False, include_comments=False,
                                   favor_recall=True)
        metadata = trafilatura.extract_metadata(text)
    except Exception as exc:  # trafilatura raises assorted lxml errors on malformed markup
        _LOGGER.warning("trafilatura failed (%s); falling back to plain extraction", exc)
        body, metadata = None, None
    if not body:
        body = _fallback_html_markdown(text)
    return (body, _one_line(getattr(metadata, "title", "") or ""),
            _one_line(getattr(metadata, "author", "") or ""))


_LIST_NUMBER = re.compile(r"^(\d+)([.)])(?=\s)")


def _escape_block(text: str) -> str:
    """A paragraph that Markdown must not read as a heading, quote, list or rule."""
    if _LIST_NUMBER.match(text):
        return _LIST_NUMBER.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", text, count=1)
    return "\\" + text if text[:1] in "#>*+-=`|~_" else text


def to_markdown(article: Article) -> str:
    """The article's body as Markdown that parses back to the same paragraphs (source headings kept as ##)."""
    blocks: list[str] = []
    for chapter in article.chapters:
        if chapter.title and article.has_headings:
            blocks.append(f"## {_escape_block(chapter.title)}")
        blocks += [_escape_block(paragraph) for paragraph in chapter.paragraphs]
    return "\n\n".join(blocks)


def _fallback_html_markdown(text: str) -> str:
    """Block text of a page with scripts, styles and frames removed, as Markdown."""
    import lxml.html
    from lxml_html_clean import Cleaner

    try:
        root = lxml.html.fromstring(text)
    except Exception as exc:
        raise IngestError(f"the HTML could not be parsed ({exc}); narrator accepts {ACCEPTED}") from exc
    root = Cleaner(scripts=True, javascript=True, style=True, embedded=True, frames=True, forms=True,
                   comments=True).clean_html(root)
    lines: list[str] = []
    for element in root.iter("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote"):
        content = _one_line(element.text_content())
        if content:
            prefix = "#" * int(element.tag[1]) + " " if element.tag.startswith("h") else ""
            lines.append(prefix + content)
    if not lines:
        lines = [_one_line(root.text_content())]
    return "\n\n".join(lines)
