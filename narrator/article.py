"""Article dataclasses and parsing of plain text, Markdown and HTML into them."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

from .errors import IngestError, InputTooLargeError, UnsupportedInputError
from .headline import comparable, page_facts
from .language import detect
from .linebreak import sentence_goes_on
from .paste import page_lines

_LOGGER = logging.getLogger(__name__)

Format = Literal["auto", "text", "markdown", "html"]
EXTENSION_FORMATS: dict[str, Format] = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html",
}
ACCEPTED = "UTF-8 plain text (.txt), Markdown (.md) or HTML (.html)"
MAX_TITLE_CHARS = 500
MAX_AUTHOR_CHARS = 300
TERMINAL_PUNCTUATION = tuple('.!?:;"”’)…' + '。！？」』）»')
"""A line ending on one of these has ended its sentence (Chinese and Japanese full stops and quotes too)."""


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
    language: str = ""
    """BCP 47 tag of the article's language ('en', 'fr-FR'...): the page's declaration, else detected from the text."""

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


def decode_input(data: bytes | str, max_bytes: int) -> str:
    """Validate raw input (at most `max_bytes`) and return clean text (an HTML page's invisible characters are removed
    from what is extracted of it instead), or raise an IngestError saying what is wrong.

    The text's length is not checked here: `check_length` bounds the article once it is extracted from its markup."""
    if isinstance(data, str):
        raw_size = len(data.encode("utf-8", "surrogatepass"))
    else:
        raw_size = len(data)
    if raw_size > max_bytes:
        raise InputTooLargeError(
            f"input is {_human_bytes(raw_size)}; the limit is {_human_bytes(max_bytes)} (setting max_page_bytes)")
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
    # A page's markup is not read: its extracted text is cleaned instead (scanning megabytes of markup costs as much
    # as a fifth of the extraction).
    text = text.replace("\r\n", "\n").replace("\r", "\n") if detect_format(text) == "html" else \
        _strip_control_characters(text)
    if not text.strip():
        raise IngestError(f"input is empty (no words to narrate); narrator accepts {ACCEPTED}")
    if not any(ch.isalnum() for ch in text):
        raise IngestError("input has no words to narrate (only symbols, punctuation or emoji); "
                          f"narrator accepts {ACCEPTED}")
    return text


def check_length(article: "Article", max_chars: int) -> None:
    """Refuse an article whose text (paragraphs and headings, not the page's markup) is over `max_chars`."""
    size = sum(len(p) for p in article.paragraphs) + sum(len(c.title) for c in article.chapters)
    if size > max_chars:
        raise InputTooLargeError(f"the article has {size:,} characters of text; the limit is {max_chars:,} "
                                 "(setting max_input_chars)")


_UNSPEAKABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
                          + "".join(map(chr, _ZERO_WIDTH)) + "]")
"""The invisible characters and every control (Cc but newline and tab; carriage returns are made newlines first),
surrogate (Cs) and private-use (Co) character, in one class (a test checks it against unicodedata)."""


def _strip_control_characters(text: str) -> str:
    return _UNSPEAKABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


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
            raise InputTooLargeError(f"{path.name} is {_human_bytes(size)}; the limit is {_human_bytes(max_bytes)} "
                                     "(setting max_page_bytes)")
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
    if fmt != "html":
        text = _strip_control_characters(text)  # no-op after decode_input, unless HTML-looking text is read as text
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
    return replace(article, language=detect(" ".join(article.paragraphs[:40]), article.language))


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- plain text --------------------------------------------------------------------------------

def _is_heading_like(line: str, max_words: int = 10) -> bool:
    words = line.split()
    return (0 < len(words) <= max_words and not line.endswith(TERMINAL_PUNCTUATION)
            and line[:1].isupper() and not line.startswith(("By ", "BY ")))


WRAP_CHARS = 100
"""Text whose lines are nearly all this short is hard-wrapped: a line not ending a sentence continues on the next."""


PARAGRAPH_BREAK_CHARS = 30
"""A paragraph this long, ending no sentence, goes on in the next when that one starts in lower case."""


def _hard_wrapped(text: str) -> bool:
    lines = [line for line in text.split("\n") if line.strip()]
    return sum(len(line.strip()) > WRAP_CHARS for line in lines) < 0.1 * len(lines)


def _split_text_paragraphs(text: str) -> list[str]:
    paragraphs: list[str] = []
    wrapped = _hard_wrapped(text)
    for block in re.split(r"\n\s*\n", text):
        current = ""
        for line in (ln.strip() for ln in block.split("\n")):
            if not line:
                continue
            current = f"{current} {line}" if current else line
            if not wrapped or len(line) < 50 or line.endswith(TERMINAL_PUNCTUATION):
                paragraphs.append(current)
                current = ""
        if current:
            paragraphs.append(current)
    joined: list[str] = []
    for paragraph in (" ".join(p.split()) for p in paragraphs):
        if joined and sentence_goes_on(joined[-1], paragraph, PARAGRAPH_BREAK_CHARS):
            joined[-1] = f"{joined[-1]} {paragraph}"  # a blank line inside a sentence (a doubled line break)
        else:
            joined.append(paragraph)
    return joined


def parse_text(text: str) -> Article:
    """Plain text: paragraphs are blank-line separated or one per line; short title-like lines are headings.

    A whole-page paste (narrator.paste) is one paragraph a line and its first line is no title: cleanup cuts it
    to its article and finds the headline among the lines above it."""
    pasted_page = page_lines(text)
    paragraphs = pasted_page or _split_text_paragraphs(text)
    title = ""
    if not pasted_page and paragraphs and _is_heading_like(paragraphs[0], max_words=16) and len(paragraphs) > 1:
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

def parse_markdown(text: str, split_short_lines: bool = False, max_heading_words: int = 0,
                   code_words: int = 0) -> Article:
    """Markdown: headings start chapters (a leading H1 is the title); lists and quotes are paragraphs; code is skipped
    (`code_words`: a code block of at most this many words is read, a longer one announced with CODE_NOTICE).

    `split_short_lines`: a line break after a short unpunctuated line (a byline or label an extractor ran into
    the next block) starts a new paragraph. `max_heading_words`: a longer heading is a paragraph (an extractor's
    heading that is a page's first sentence in large type); 0 for no limit."""
    tokens = _markdown_parser().parse(text)
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
            if heading_level and max_heading_words and len(content.split()) > max_heading_words:
                heading_level = 0
                current.append(content)
            elif heading_level:
                if heading_level == 1 and not title and not chapters and not current:
                    title = content
                else:
                    if current or current_title:
                        chapters.append(Chapter(current_title, tuple(current)))
                    current_title, current = content, []
                heading_level = 0
            else:
                current.extend(lines)
        elif token.type in ("fence", "code_block") and code_words:
            current.extend(_code_paragraph(token.content, code_words))
        elif token.type == "html_block":
            stripped = _one_line(re.sub(r"<[^>]*>", " ", token.content))
            if stripped and not re.match(r"<(script|style|iframe)", token.content.strip(), re.I):
                current.append(stripped)
    chapters.append(Chapter(current_title, tuple(current)))
    found = [c for c in chapters if c.paragraphs]
    return Article(title=title, chapters=tuple(found), has_headings=any(c.title for c in found),
                   source_format="markdown")


@lru_cache(maxsize=1)
def _markdown_parser():
    """One CommonMark parser (building one costs more than parsing a short article)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


CODE_NOTICE = "Code listing omitted."
"""Said in place of a code block too long to read (a listener hears that the text shows code there)."""


def _code_paragraph(code: str, max_words: int) -> list[str]:
    """A code block as what a listener hears: itself on one line when short (a command), else CODE_NOTICE."""
    line = _one_line(code)
    if not line:
        return []
    return [line] if len(line.split()) <= max_words else [CODE_NOTICE]


SHORT_LINE_CHARS = 400
"""More characters than 8 words ever have: the bound past which a line is not checked for shortness."""


def _inline_lines(token, split_short_lines: bool = False) -> list[str]:
    """The inline text of a block, as one paragraph or (split_short_lines) several."""
    lines: list[str] = []
    parts: list[str] = []
    size = 0  # characters since the last split: past SHORT_LINE_CHARS no line can be short, so none is joined to see
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
            size += len(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            line = _one_line("".join(parts)) if split_short_lines and size <= SHORT_LINE_CHARS else ""
            if line and len(line.split()) <= 8 and not line.endswith(TERMINAL_PUNCTUATION):
                lines.append(line)
                parts, size = [], 0
            else:
                parts.append(" ")
    last = _one_line("".join(parts))
    joined: list[str] = []
    for line in (line for line in lines + [last] if line):
        if joined and _goes_on(line):
            joined[-1] = f"{joined[-1]} {line}"  # the short line was the start of this sentence, not a label
        else:
            joined.append(line)
    return joined


_CONTINUATION = re.compile(r"^(?:--|[—–…]|\.\.\.)\s*")


def _goes_on(block: str) -> bool:
    """Starts in lower case (after a dash or an ellipsis that carries a sentence on: '-- adorned in pearls --'):
    the block continues the one before it."""
    return _CONTINUATION.sub("", block)[:1].islower()


# --- HTML ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExtractedPage:
    """What an HTML page gives: its article as Markdown, its headline, author and declared language."""

    markdown: str
    title: str
    author: str
    language: str


CODE_READ_WORDS = 12
"""A page's code block of at most this many words (a command) is read; a longer listing is announced, not read: a
listener cannot follow source code read aloud (measured on the corpus's tuning part: reading listings of up to 120
words would recall 0.006 more of Readability's text, which keeps code, F1 0.924 -> 0.927)."""
MAX_HTML_HEADING_WORDS = 20
"""A page's "heading" of more words is a paragraph in large type, and is read."""
_HEADING_MARK = re.compile(r"(?m)^#{1,6}\s+")


def _join_broken_blocks(markdown: str) -> str:
    """Blocks that are one sentence broken by line breaks (`<br>` runs the extractor made paragraphs of) joined:
    a block that ends without punctuation, followed by one that starts in lower case (after a dash or an ellipsis
    that carries the sentence on: '-- adorned in pearls --'), goes on in it."""
    blocks: list[str] = []
    for block in markdown.split("\n\n"):
        previous = blocks[-1] if blocks else ""
        if not previous.startswith(("#", "|", ">", "```")) and sentence_goes_on(previous, _CONTINUATION.sub("", block)):
            blocks[-1] = previous.rstrip() + " " + block.lstrip()
        else:
            blocks.append(block)
    return "\n\n".join(blocks)


def parse_html(text: str) -> Article:
    """HTML: the article body is extracted with trafilatura (headings kept), then read as Markdown."""
    page = extract_html(text)
    article = parse_markdown(_join_broken_blocks(page.markdown), split_short_lines=True,
                             max_heading_words=MAX_HTML_HEADING_WORDS, code_words=CODE_READ_WORDS)
    if not article.paragraphs:  # a page of headings only: they are its text
        article = parse_markdown(_HEADING_MARK.sub("", page.markdown), split_short_lines=True)
    if page.title and article.title and not article.chapters[0].title and comparable(article.title) != comparable(
            page.title):  # the article's own first heading is not the headline: it heads the first part
        article = replace(article, chapters=(replace(article.chapters[0], title=article.title), *article.chapters[1:]),
                          has_headings=True)
    return replace(article, title=page.title or article.title, byline=page.author, source_format="html",
                   language=page.language)


class _FragmentNotice(logging.Filter):
    """Drops trafilatura's ERRORs on an HTML fragment (a feed entry's content): it is no error, narrator reads the
    fragment with its own blocks."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(("parsed tree length", "empty HTML tree"))


for _name in ("trafilatura.utils", "trafilatura.core"):
    logging.getLogger(_name).addFilter(_FragmentNotice())


HTML_EXTRACTION = {"include_formatting": True, "include_links": False, "include_images": False,
                   "include_tables": True, "include_comments": False}
"""trafilatura's options for narration: headings kept (as Markdown) and tables, no links, images or comments."""
_TABLE_ROW = re.compile(r"(?m)^\|(.*)\|[ \t]*$")


def _table_rows_as_lines(markdown: str) -> str:
    """Each table row as one line of its non-empty cells joined by commas ('| a | | b |' -> 'a, b'); rule rows go."""
    def row(match: re.Match[str]) -> str:
        cells = [cell.strip() for cell in match.group(1).split("|")]
        cells = [cell for cell in cells if cell and not re.fullmatch(r":?-{3,}:?", cell)]
        return "\n" + ", ".join(cells) + "\n" if cells else ""

    return _TABLE_ROW.sub(row, markdown)


_INDENT = re.compile(r"(?m)^[ \t]+")
FULL_PASS_BELOW_CHARS = 1500
"""A fast extraction shorter than this gets trafilatura's full pass (tuned: 1,000 to 2,000 score the same)."""


def extract_html(text: str) -> ExtractedPage:
    """The article of an HTML page as Markdown, with its headline, author and declared language.

    trafilatura reads the article in its fast mode first; when that finds little (a short article, or a miss), in its
    full balanced mode (its readability and justext comparisons, recall pass and baseline). A page it finds nothing
    in is read as its plain blocks. The page's own facts come from its head and h1."""
    import trafilatura
    from trafilatura.utils import load_html

    root = load_html(text)
    if root is None:
        return ExtractedPage(_strip_control_characters(_fallback_html_markdown(text)), "", "", "")
    _drop_hidden(root)
    try:
        document = None
        if not _too_little_text(root, text):  # else the fast pass cannot find enough: the full pass only
            document = trafilatura.bare_extraction(root, fast=True, **HTML_EXTRACTION)
        if len(getattr(document, "text", "") or "") < FULL_PASS_BELOW_CHARS:
            document = trafilatura.bare_extraction(root, **HTML_EXTRACTION)
    except Exception as exc:  # trafilatura raises assorted lxml errors on malformed markup
        _LOGGER.warning("trafilatura failed (%s); falling back to plain extraction", exc)
        document = None
    facts = page_facts(root)
    body = _table_rows_as_lines(_INDENT.sub("", getattr(document, "text", "") or ""))  # indentation is not code
    return ExtractedPage(*map(_strip_control_characters, (body or _fallback_html_markdown(text), facts.title,
                                                          facts.author)), facts.language)


SMALL_PAGE_CHARS = 20_000
"""A page of fewer characters of markup is small enough that counting its text costs less than a trafilatura pass."""


def _too_little_text(root, markup: str) -> bool:
    """A small page whose body holds less text than FULL_PASS_BELOW_CHARS: no fast pass can find that much."""
    if len(markup) >= SMALL_PAGE_CHARS:
        return False
    return sum(len(part) for part in root.xpath("//body//text()")) < FULL_PASS_BELOW_CHARS


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
HIDDEN_SHARE = 0.7
"""A page hiding more than this share of its text hides its article until a script shows it: it is read whole."""


def _drop_hidden(root) -> None:
    """Elements the page hides from its readers (`hidden`, display:none, visibility:hidden) are not read, unless
    that is most of the page's text."""
    from lxml import etree

    hidden = [element for element in root.xpath("//*[@hidden or @style]")
              if element.get("hidden") is not None or _HIDDEN_STYLE.search(element.get("style") or "")]
    marked = set(hidden)
    hidden = [element for element in hidden if not any(a in marked for a in element.iterancestors())]
    if not hidden:
        return
    body = next(iter(root.xpath("//body")), root)
    total = len(etree.tostring(body, method="text", encoding="unicode"))
    hidden_chars = sum(len(etree.tostring(element, method="text", encoding="unicode", with_tail=False))
                       for element in hidden)
    if hidden_chars > HIDDEN_SHARE * total:
        return
    for element in hidden:
        parent = element.getparent()
        if parent is not None and element.tag not in ("html", "body", "head"):
            element.drop_tree() if hasattr(element, "drop_tree") else parent.remove(element)


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
