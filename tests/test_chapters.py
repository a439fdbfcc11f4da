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

    raw = decode_input((FIXTURES / name).read_bytes(), 10**7)
    cleaned = clean(parse(raw), BoilerplateRules.from_files(settings.rule_files("boilerplate.toml")))
    assert chapterize(cleaned).paragraphs == cleaned.paragraphs


# --- inferred chapters against an editor's (tests/fixtures/headingless, judged by bench/chapters.py) -------------

from bench.chapters import corpus, main_subject as judge_subject, pk_windowdiff, title_problems  # noqa: E402
from narrator.chapters import TitleRules, chapter_titles, main_subject, title_acceptable  # noqa: E402

CORPUS = corpus()


def _chaptered(golden):
    article = Article(golden.title, chapters=(Chapter("", tuple(golden.paragraphs)),))
    return chapterize(article, ChapterPlan())


def test_the_heading_less_corpus_has_twelve_or_more_articles_of_400_to_1500_words():
    assert len(CORPUS) >= 12
    for golden in CORPUS:
        assert 400 <= sum(len(p.split()) for p in golden.paragraphs) <= 1500, golden.name
        assert golden.starts[0] == 0 and len(golden.starts) >= 2


@pytest.mark.parametrize("golden", CORPUS, ids=[g.name for g in CORPUS])
def test_every_inferred_title_is_one_an_editor_would_keep(golden):
    chaptered = _chaptered(golden)
    titles = [c.title for c in chaptered.chapters]
    subject = judge_subject(golden.title, golden.paragraphs)
    assert len(titles) >= 2
    for title in titles:
        assert title_problems(title, titles, subject) == [], (title, titles)
        assert title != golden.title
    assert chaptered.paragraphs == golden.paragraphs


def test_the_editors_own_titles_pass_the_rules():
    """The judge accepts what an editor wrote (so a failure above is the generator's, not the judge's)."""
    for golden in CORPUS:
        subject = judge_subject(golden.title, golden.paragraphs)
        for title in golden.titles:
            assert title_problems(title, golden.titles, subject) == [], (golden.name, title)


def test_boundaries_agree_with_the_editor_on_the_corpus():
    scores = []
    for golden in CORPUS:
        starts, position = [], 0
        for chapter in _chaptered(golden).chapters:
            starts.append(position)
            position += len(chapter.paragraphs)
        scores.append(pk_windowdiff(golden.starts, starts, len(golden.paragraphs)))
    assert sum(pk for pk, _ in scores) / len(scores) <= 0.22  # 0.30 before this work; 0.17 measured
    assert sum(wd for _, wd in scores) / len(scores) <= 0.22


@pytest.mark.parametrize("words", [
    ("Jensen's",), ("Jensen's", "special"), ("Jensen's", "special", "locomotive's"), ("Cost", "of"),
    ("The", "station", "and"), ("Trains", "for", "the"), ("New", "timetable", "is", "very", "late"),
    ("Rail",), ("Station", "staff", "and", "their", "long", "shift", "patterns"), ("Locomotive", "very", "fast"),
])
def test_fragments_are_not_acceptable_titles(words):
    assert not title_acceptable(words, [], frozenset())


@pytest.mark.parametrize("words, chosen", [
    (("Station", "staff"), [("Station", "staff", "rotas")]),  # prefix of another
    (("Station", "staff", "rotas"), [("Station", "staff")]),
    (("Rota", "for", "staff"), [("Staff", "rotas")]),  # near-duplicate
    (("Jensen", "locomotive"), []),  # only the main subject
])
def test_prefixes_near_duplicates_and_the_main_subject_alone_are_refused(words, chosen):
    assert not title_acceptable(words, chosen, frozenset({"jensen", "locomotiv"}))


@pytest.mark.parametrize("words", [("Station", "staff"), ("Jensen's", "new", "timetable"), ("Cost", "of", "repairs"),
                                   ("History", "of", "the", "lamps"), ("Ward's", "county", "archive")])
def test_noun_phrases_of_two_to_five_words_are_acceptable(words):
    assert title_acceptable(words, [], frozenset({"jensen", "locomotiv"}))


def test_titles_name_each_chapters_topic_not_the_articles_subject():
    chapters = [
        "Jensen's special locomotive left the works at Cranford in 1921. The locomotive's boiler was the largest "
        "then built, and the works' fitters spent a winter on the firebox. The boiler pressure set a record.",
        "Jensen's special was withdrawn in 1958. The boiler went for scrap, but the cab and the nameplates survived "
        "in a museum store. A preservation society bought the cab and the nameplates in 1990.",
        "Jensen's locomotive now runs again on a heritage line. The heritage line carries twelve thousand "
        "passengers a summer, and the society's volunteers sell tickets for the heritage line's footplate rides.",
    ]
    titles = chapter_titles(chapters, "Jensen's special locomotive")
    subject = main_subject("Jensen's special locomotive", " ".join(chapters))
    chosen = []
    for title in titles:
        words = tuple(title.split())
        assert title_acceptable(words, chosen, subject, TitleRules()), (title, titles)
        chosen.append(words)


def test_a_45000_word_article_is_cleaned_and_chaptered_in_time_that_grows_with_its_length(settings):
    """Pull quotes, topic overlap and title distinctness must not grow with the square of the article: four times
    the paragraphs cost well under sixteen times the CPU (a shared machine's load leaves CPU time alone)."""
    import time

    from narrator.article import parse
    from narrator.cleanup import BoilerplateRules, clean

    rules = BoilerplateRules.from_files(settings.rule_files("boilerplate.toml"))

    def chapter_copies(copies: int) -> tuple[float, list[str], object]:
        paragraphs = [f"{p} Paragraph {i}." for i, p in enumerate([p for g in CORPUS for p in g.paragraphs] * copies)]
        article = parse("A very long read\n\n" + "\n\n".join(paragraphs), "text")
        started = time.process_time()
        chaptered = chapterize(clean(article, rules))
        return time.process_time() - started, paragraphs, chaptered

    small, _, _ = chapter_copies(2)
    large, paragraphs, chaptered = chapter_copies(8)  # about 45,000 words
    assert large / max(small, 0.01) < 8, (small, large)  # linear: about 4; quadratic: about 16
    assert chaptered.paragraphs == paragraphs
    titles = [c.title for c in chaptered.chapters]
    assert len(set(titles)) == len(titles)
