"""Chapters from headings, inferred chapters for heading-less articles, and their titles."""

import re

import pytest

from narrator.article import Article, Chapter
from narrator.chapters import ChapterPlan, chapterize, infer_boundaries
from narrator.pipeline import prepare_article

from .conftest import FIXTURES

GENERIC = re.compile(r"^(chapter|part|section)\s*\d+$", re.I)


def test_headings_become_chapters_with_their_titles(settings):
    article = prepare_article((FIXTURES / "allotments_headings.md").read_bytes(), settings=settings)
    assert [c.title for c in article.chapters][1:] == ["How the queue grew", "Splitting the plots", "What growers want"]
    assert article.chapters[0].title  # the opening gets a title from its text


def test_an_1100_word_article_without_headings_gets_3_to_6_titled_chapters(settings):
    article = prepare_article((FIXTURES / "harbour_furniture.txt").read_bytes(), settings=settings)
    assert 1000 <= article.word_count <= 1200
    assert 3 <= len(article.chapters) <= 6
    titles = [c.title for c in article.chapters]
    assert len(set(titles)) == len(titles)
    for title in titles:
        assert title and not GENERIC.match(title) and len(title.split()) <= 6
    assert article.chapters[0].paragraphs[0].startswith("For most of the last century")
    for chapter in article.chapters:
        assert 140 <= chapter.word_count <= 960  # about 1 to 3 minutes at 160 words a minute, ±


def test_chapter_boundaries_never_split_a_quotation_run():
    paragraphs = [f"Paragraph {i} talks about topic {'alpha' if i < 6 else 'omega'} and the subject at hand, "
                  f"with enough words to count as a paragraph in the article body. " * 2 for i in range(12)]
    paragraphs[6] = '"This quote opens here and keeps going across paragraphs, as reporters write them,'
    paragraphs[7] = '"and it ends in this paragraph," she said, closing the quotation at last.'
    starts = infer_boundaries(paragraphs, ChapterPlan(target_words=150, min_words=60))
    assert 0 in starts
    assert 6 not in starts and 7 not in starts


def test_short_article_is_one_chapter():
    article = Article("Short", chapters=(Chapter("", ("One short paragraph.", "And another.")),))
    assert len(chapterize(article).chapters) == 1


@pytest.mark.parametrize("name", ["harbour_furniture.txt", "allotments_headings.md", "ferry_page.html"])
def test_chaptering_keeps_every_paragraph_in_order(name, settings):
    from narrator.article import parse, decode_input
    from narrator.cleanup import BoilerplateRules, clean

    raw = decode_input((FIXTURES / name).read_bytes(), 10**7, 10**7)
    cleaned = clean(parse(raw), BoilerplateRules.from_files(settings.rule_files("boilerplate.toml")))
    assert chapterize(cleaned).paragraphs == cleaned.paragraphs
