"""Page furniture is removed and every real paragraph stays, in order (golden fixtures)."""

import pytest

from narrator.pipeline import prepare_article

from .conftest import FIXTURES, FURNITURE_CASES, expected_paragraphs

FURNITURE = ["Listen to", "Share", "Getty Images", "Image caption", "InDepth is the home", "Copyright",
             "All rights reserved", "external linking", "Related topics", "Related stories", "Why seaside towns",
             "4 days ago", "Fishing quotas", "Advertisement", "Why seed swaps", "Sign up", "Most read",
             "Storm warning", "12 min", "Save"]


@pytest.mark.parametrize("name", FURNITURE_CASES)
def test_furniture_is_gone_and_real_paragraphs_stay_in_order(name, settings):
    article = prepare_article((FIXTURES / name).read_bytes(), fmt="auto", settings=settings)
    assert article.paragraphs == expected_paragraphs(name)
    for chapter in article.chapters:
        for paragraph in chapter.paragraphs:
            for furniture in FURNITURE:
                assert not paragraph.startswith(furniture), (furniture, paragraph)


@pytest.mark.parametrize("name, byline", [("harbour_furniture.txt", "Hannah Whitcombe"),
                                          ("allotments_headings.md", "Daniel Okafor"),
                                          ("ferry_page.html", "Isla Mackenzie")])
def test_byline_becomes_the_author_not_speech(name, byline, settings):
    article = prepare_article((FIXTURES / name).read_bytes(), settings=settings)
    assert article.byline == byline


def test_user_patterns_extend_the_rules(tmp_path, settings):
    (tmp_path / "boilerplate.toml").write_text("[drop]\npatterns = ['^Our sponsor says hello\\.$']\n")
    settings.config_dir = str(tmp_path)
    text = b"A real paragraph that is long enough to be narrated by the engine.\n\nOur sponsor says hello.\n\nAnother real paragraph that closes the article properly."
    article = prepare_article(text, fmt="text", settings=settings)
    assert "Our sponsor says hello." not in article.paragraphs
    assert len(article.paragraphs) == 2


def test_a_single_short_closing_paragraph_is_not_taken_for_a_teaser(settings):
    text = b"The opening paragraph of the story explains what happened and why it matters.\n\nThe end."
    article = prepare_article(text, fmt="text", settings=settings)
    assert article.paragraphs[-1] == "The end."
