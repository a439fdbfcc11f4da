"""Parsing and input validation."""

import pytest

from narrator.article import decode_input, detect_format, parse, read_source
from narrator.errors import IngestError, InputTooLargeError, UnsupportedInputError


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
    (b"x" * 3_000_001, InputTooLargeError, "limit"),
])
def test_bad_input_is_refused_with_a_reason(data, error, phrase):
    with pytest.raises(error, match=phrase):
        decode_input(data, max_bytes=2_000_000, max_chars=200_000)


def test_too_many_characters_names_the_limit():
    with pytest.raises(InputTooLargeError, match="200,000"):
        decode_input("word " * 50_000, max_bytes=10_000_000, max_chars=200_000)


def test_control_and_zero_width_characters_are_removed():
    assert decode_input("Hel\u200blo\x07 world\ufeff", 1000, 1000) == "Hello world"


def test_unknown_extension_is_refused(tmp_path):
    path = tmp_path / "article.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(UnsupportedInputError, match="unknown file type"):
        read_source(path, 1000)
