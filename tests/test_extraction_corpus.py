"""The HTML path on the real pages of ../shared/corpus/readability (skipped where the corpus is absent): every page
accepted, titled by its headline, and the article extracted at least as well as measured when this was written."""

from __future__ import annotations

import pytest

from bench.extraction import CORPUS, load, narrator_html, run

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not present")]

PAGES_ACCEPTED = 130
TITLE_RATE_FLOOR = 0.98
"""Measured 0.984 (relaxed: the expected titles often keep the site's name, ours never; of the 2 misses in 126, one
expected title is the site's own, 'Yahoo News - Latest News & Headlines', the other the og:title's wording of the h1
that the page's <title> confirms)."""
F1_FLOOR = 0.78
"""Measured 0.81 over all 130 pages (the expected text is Readability's, with captions, tables and code)."""
REPAIRED_F1_FLOOR = 0.91
REPAIRED_PRECISION_FLOOR = 0.94
"""Measured 0.92 and 0.96 against the expected texts with their mis-decoding undone (bench/extraction.py repair)."""


@pytest.fixture(scope="module")
def result():
    pages = load(CORPUS)
    return len(pages), run(narrator_html, pages)


def test_every_corpus_page_is_accepted(result):
    count, outcome = result
    assert count == PAGES_ACCEPTED
    refused = [(name, error) for name, _score, error in outcome.failures if error]
    assert not refused and outcome.summary.refused == 0


def test_corpus_pages_are_titled_by_their_headline(result):
    _count, outcome = result
    assert outcome.title_rate(relaxed=True) >= TITLE_RATE_FLOOR, [t for t in outcome.titles if not t[4]]
    assert not [t for t in outcome.titles if not t[1].strip()]


def test_corpus_extraction_holds_its_measured_level(result):
    _count, outcome = result
    assert outcome.summary.f1 >= F1_FLOOR
    assert outcome.repaired.f1 >= REPAIRED_F1_FLOOR
    assert outcome.repaired.precision >= REPAIRED_PRECISION_FLOOR
