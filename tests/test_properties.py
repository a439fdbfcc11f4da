"""Property tests (Hypothesis) for the text stages: any input is refused with an IngestError or flows through."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from narrator.article import decode_input, parse
from narrator.chapters import ChapterPlan, chapterize
from narrator.errors import IngestError
from narrator.script import MAX_ENGINE_CHARS, Pauses, build_script

WORDS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400)
WORDY = st.lists(st.sampled_from(["the", "harbour", "council", "lamps", "vote", "money", "winter", "Mr", "3",
                                  "£42,000", "said", ".", ",", "\n\n", "#", "**", "<p>", "</p>", "\"", "—"]),
                 max_size=300).map(" ".join)
DOCUMENTS = st.one_of(WORDS, WORDY, st.binary(max_size=400))
PLAN = ChapterPlan(60, 20)


def prepared(source: str | bytes, fmt: str):
    text = decode_input(source, 100_000)
    return chapterize(parse(text, fmt), PLAN)  # type: ignore[arg-type]


@hypothesis_settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS, st.sampled_from(["auto", "text", "markdown", "html"]))
def test_any_input_is_refused_with_a_reason_or_parsed_into_titled_chapters(source, fmt):
    try:
        article = prepared(source, fmt)
    except IngestError as exc:
        assert str(exc)  # a reason, never an empty message
        return
    assert all(chapter.title.strip() for chapter in article.chapters)
    assert all(paragraph.strip() for paragraph in article.paragraphs)
    for paragraph in article.paragraphs:
        assert not re.search(r"[\x00-\x08\x0b-\x1f\u200b\u202e\ufeff]", paragraph)


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(WORDY)
def test_chaptering_keeps_every_paragraph_once_and_in_order(source):
    try:
        text = decode_input(source, 100_000)
    except IngestError:
        return
    parsed = parse(text, "text")
    chaptered = chapterize(parsed, PLAN)
    assert chaptered.paragraphs == parsed.paragraphs
    again = chapterize(chaptered, PLAN)
    assert again.paragraphs == chaptered.paragraphs  # idempotent on content


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(WORDS, WORDY))
def test_scripts_only_hold_engine_sized_sentences_of_words_and_punctuation(source):
    try:
        article = prepared(source, "auto")
    except IngestError:
        return
    script = build_script(article, lambda s: s, Pauses(100, 200, 300), intro="")
    written = " ".join(" ".join(s.text.split()) for c in script.chapters for s in c.sentences)
    assert " ".join(" ".join(article.paragraphs).split()).replace(" ", "") == written.replace(" ", "")
    for chapter in script.chapters:
        for sentence in chapter.sentences:
            assert 0 < len(sentence.spoken) <= MAX_ENGINE_CHARS
            assert not re.search(r"[\x00-\x08\x0b-\x1f]", sentence.spoken)
