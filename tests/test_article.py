"""Parsing and input validation."""

import sys
import unicodedata

import pytest

from narrator.article import _UNSPEAKABLE, check_length, decode_input, detect_format, parse, read_source
from narrator.config import Settings
from narrator.errors import IngestError, InputTooLargeError, UnsupportedInputError
from narrator.pipeline import extract_article
from narrator.testing.pages import article_paragraphs, heavy_page


def test_plain_text_paragraphs_split_on_blank_lines_and_single_lines():
    article = parse("A title\n\nFirst paragraph here.\nSecond paragraph here.\n\nThird one.", "text")
    assert article.title == "A title"
    assert article.paragraphs == ["First paragraph here.", "Second paragraph here.", "Third one."]


def test_hard_wrapped_text_is_joined_into_one_paragraph():
    wrapped = ("This is a long line of a hard wrapped paragraph that continues on\n"
               "the next line and ends here.")
    assert parse(wrapped, "text").paragraphs == [" ".join(wrapped.split())]


def test_markdown_headings_emphasis_links_lists_and_quotes():
    md = "# Title\n\nIntro with *emphasis* and a [link](http://x.invalid).\n\n## Part two\n\n- item one\n- item two\n\n> quoted line\n\n```\ncode()\n```\n"
    article = parse(md, "markdown")
    assert article.title == "Title"
    assert [c.title for c in article.chapters] == ["", "Part two"]
    assert article.paragraphs == ["Intro with emphasis and a link.", "item one", "item two", "quoted line"]


def test_html_extracts_article_body_without_scripts_styles_or_navigation():
    html = ("<html><head><title>T</title><script>alert('x')</script><style>p{}</style></head><body>"
            "<nav><a href='/'>Home</a></nav><article><h1>Heading</h1>"
            "<p>The first real paragraph of the article is long enough to count as body text for extraction.</p>"
            "<h2>Second part</h2><p onclick='evil()'>Another paragraph of body text, long enough to be kept by the"
            " extractor as content.</p></article></body></html>")
    article = parse(html, "html")
    text = " ".join(article.paragraphs)
    assert "alert" not in text and "Home" not in text and "p{}" not in text
    assert "Second part" in [c.title for c in article.chapters]


@pytest.mark.parametrize("text, expected", [
    ("<!doctype html><html><body><p>x</p></body></html>", "html"),
    ("# Heading\n\nSome text", "markdown"),
    ("Just a sentence. And another.", "text"),
])
def test_format_detection(text, expected):
    assert detect_format(text) == expected


@pytest.mark.parametrize("data, error, phrase", [
    (b"", IngestError, "empty"),
    (b"   \n\t  \n", IngestError, "empty"),
    (b"\x00\x01\x02binary\x00", UnsupportedInputError, "binary"),
    (b"caf\xe9 au lait", UnsupportedInputError, "not valid UTF-8"),
    (b"x" * 3_000_001, InputTooLargeError, "max_page_bytes"),
    ("é" * 1_000_001, InputTooLargeError, "max_page_bytes"),  # counted in UTF-8 bytes, not characters
])
def test_bad_input_is_refused_with_a_reason(data, error, phrase):
    with pytest.raises(error, match=phrase):
        decode_input(data, max_bytes=2_000_000)


@pytest.mark.parametrize("fmt, source", [
    ("text", "word " * 50_000),
    ("markdown", "# Long\n\n" + "A sentence of words here. " * 10_000),
    ("html", "<html><body><article>" + "<p>A sentence of words in a paragraph here.</p>" * 6_000 + "</article></body></html>"),
])
def test_too_long_an_article_names_the_character_limit(fmt, source):
    with pytest.raises(InputTooLargeError, match=r"200,000 \(setting max_input_chars\)"):
        check_length(parse(decode_input(source, 10_000_000), fmt), 200_000)


@pytest.mark.parametrize("markup_bytes", [300_000, 2_500_000])
def test_the_character_limit_counts_the_article_not_the_pages_markup(markup_bytes):
    paragraphs = article_paragraphs(30)
    page = heavy_page(paragraphs, headline="The tide mill turns again", markup_bytes=markup_bytes)
    limit = sum(map(len, paragraphs)) + 1_000
    assert len(page) > 10 * limit
    article = extract_article(page, settings=Settings.load(env={}, max_input_chars=limit))
    assert article.paragraphs == paragraphs


def test_control_and_zero_width_characters_are_removed():
    assert decode_input("Hel\u200blo\x07 world\ufeff", 1000) == "Hello world"


def test_the_unspeakable_class_is_every_control_surrogate_and_private_use_character():
    expected = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) in ("Cc", "Cs", "Co")}
    expected -= {"\n", "\t"}
    expected |= set("\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    found = {chr(c) for c in range(sys.maxunicode + 1) if _UNSPEAKABLE.match(chr(c))}
    assert found == expected


def test_unknown_extension_is_refused(tmp_path):
    path = tmp_path / "article.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(UnsupportedInputError, match="unknown file type"):
        read_source(path, 1000)
