"""An extracted (HTML) article keeps its own text: a section heading shaped like a footer marker, and an opening
split by line breaks or inline markup, are the article's, not page furniture."""

from __future__ import annotations

import pytest

from narrator.config import Settings
from narrator.pipeline import extract_article

SENTENCES = [
    "The ferry company said the new timetable would add two crossings a day from the spring.",
    "Passengers on the early boat have complained for years that it leaves before the first train arrives.",
    "The council has agreed to pay for a longer pontoon so that two boats can load at once.",
    "Engineers will start work on the slipway in January and expect to finish before Easter.",
    "A survey of regular travellers found that most would rather pay more than wait an hour.",
    "The harbour master said the busiest weekends would still need a relief boat on standby.",
]


def html(body: str) -> str:
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Ferry timetable changes</title>"
            f"</head><body><article><h1>Ferry timetable changes</h1>{body}</article></body></html>")


def spoken(source: str) -> str:
    return " ".join(extract_article(source, fmt="html", settings=Settings.load(env={})).paragraphs)


@pytest.mark.parametrize("heading", ["Responses", "Response", "Comments", "REPLIES", "Thoughts"])
@pytest.mark.parametrize("tag", ["h2", "h3", "p"])
def test_a_footer_shaped_heading_followed_by_most_of_the_article_is_a_section_of_it(heading, tag):
    before = "".join(f"<p>{s}</p>" for s in SENTENCES[:2])
    after = "".join(f"<p>{s} {s}</p>" for s in SENTENCES[2:])
    text = spoken(html(f"{before}<{tag}>{heading}</{tag}>{after}"))
    for sentence in SENTENCES:
        assert sentence in text


@pytest.mark.parametrize("heading", ["Comments", "3 Responses", "Replies"])
def test_a_footer_marker_after_the_article_with_only_a_little_after_it_still_ends_the_article(heading):
    body = "".join(f"<p>{s} {s}</p>" for s in SENTENCES)
    text = spoken(html(f"{body}<h2>{heading}</h2><p>Great piece, thanks for writing it up so clearly.</p>"))
    assert SENTENCES[-1] in text and "Great piece" not in text


@pytest.mark.parametrize("breaker", ["<br>", "<br/>", "<br>\n", "<br>\n  "])
def test_an_opening_paragraph_broken_into_short_lines_is_read_whole(breaker):
    words = " ".join(SENTENCES[:3]).split()
    opening = breaker.join(" ".join(words[i:i + 5]) for i in range(0, len(words), 5))
    rest = "".join(f"<p>{s} {t}</p>" for s, t in zip(SENTENCES[3:], SENTENCES))
    text = spoken(html(f"<div>{opening}</div>{rest}"))
    for word in ("timetable", "pontoon", "Easter"):
        assert word in text
