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


# --- the article's end, found from structure and topic ----------------------------------------------------------

from narrator.article import Article, Chapter, parse  # noqa: E402
from bench.cleanup import COPYRIGHT, PROMO, STANDFIRSTS  # noqa: E402
from narrator.cleanup import BoilerplateRules as _Rules, clean_with_report  # noqa: E402

LIBRARY = [
    "The parish council in Oakhurst voted on Tuesday night to keep the village library open for at least five more "
    "years, ending a campaign that began when the county withdrew its grant last spring.",
    "The library occupies two rooms of the old schoolhouse and lends about nine thousand books a year. Since the grant "
    "ended it has been run by volunteers, who open it four afternoons a week and on Saturday mornings.",
    "Councillors had been offered two choices: close the library and sell the schoolhouse, or raise the parish precept "
    "by about eleven pounds a year for a typical household to pay for heating, insurance and new books.",
    "\"People told us very clearly what they wanted,\" said Joan Whitlock, who chairs the council. \"We had more letters "
    "about the library than about the bypass, and that has never happened before.\"",
    "Opponents argued that a village library duplicates the county's mobile service, which stops in Oakhurst every "
    "other Thursday, and that the schoolhouse could be sold for homes the village badly needs.",
    "The volunteers now plan to extend the opening hours and start a homework club for the village school, whose "
    "pupils have used the reading room for their lessons since the vote was first proposed.",
]
OTHER_STORIES = STANDFIRSTS  # one sentence each about another story, shared with bench/cleanup.py
CLOSINGS = ["In the end, the vote was never in doubt.", "The library opens again on Monday.",
            "Time will tell.", "For now, the books stay on the shelves in Oakhurst."]


def _rules(settings) -> _Rules:
    return _Rules.from_files(settings.rule_files("boilerplate.toml"))


def _narrated(blocks: list[str], settings, newline: str = "\n\n") -> list[str]:
    text = newline.join(["The village that saved its library", *blocks])
    return prepare_article(text.encode(), fmt="text", settings=settings).paragraphs


@pytest.mark.parametrize("count", range(1, 7))
@pytest.mark.parametrize("before, after", [("", COPYRIGHT), (PROMO, ""), (PROMO, COPYRIGHT), ("More on this story", ""),
                                           ("", "")])
def test_a_run_of_other_stories_standfirsts_at_the_end_goes_as_a_block(count, before, after, settings):
    blocks = LIBRARY + [b for b in [before, *OTHER_STORIES[:count], after] if b]
    if count == 1 and not before:
        # One sentence right after the last paragraph (alone, or before the footer) reads as the article's closing
        # line: it is kept, by design.
        assert _narrated(blocks, settings) == LIBRARY + OTHER_STORIES[:1]
    else:
        assert _narrated(blocks, settings) == LIBRARY


@pytest.mark.parametrize("closing", CLOSINGS)
@pytest.mark.parametrize("tail", [[], [COPYRIGHT], [PROMO, *OTHER_STORIES[:5], COPYRIGHT], OTHER_STORIES[:3],
                                  ["Related", "Why village halls are closing", "2 hours ago", *OTHER_STORIES[:2]]])
def test_a_real_short_closing_paragraph_stays_while_the_tail_goes(closing, tail, settings):
    assert _narrated(LIBRARY + [closing] + tail, settings) == LIBRARY + [closing]


@pytest.mark.parametrize("line", ["MOST READ", "Most Read", "  most read  ", "Most viewed", "You might also like"])
@pytest.mark.parametrize("newline", ["\n\n", "\r\n\r\n", "\n"])
def test_link_boxes_go_whatever_their_case_spacing_or_line_breaks(line, newline, settings):
    box = [line, "Why village halls are closing", "Rail fares to rise again in January", "3 hours ago"]
    assert _narrated(LIBRARY[:3] + box + LIBRARY[3:], settings, newline) == LIBRARY


def test_a_box_in_the_middle_ends_at_the_next_real_paragraph_even_a_one_sentence_one(settings):
    wire = LIBRARY[:2] + [
        "Councillors voted by seven to two in favour of the higher precept, with one abstention from a member who "
        "lives next door to the schoolhouse.",
        "The county said it welcomed the parish council's decision and would keep lending books to the library."]
    box = ["Most read", "Why village halls are closing", "Rail fares to rise again in January"]
    assert _narrated(wire[:2] + box + wire[2:], settings) == wire


@pytest.mark.parametrize("furniture", [
    "Advertisement", "ADVERTISEMENT", "Continue reading below", "Read more: Village halls face a cold winter",
    "READ MORE | Why the bypass was delayed", "Oakhurst library in 1962. Photograph: Parish archive",
    "The reading room (Image: Valley Courier)", "Share on Facebook", "Share on WhatsApp", "Sign up to Morning Brief",
    "Privacy Notice: Newsletters may contain information about charities and online ads.", "09:47", "12 mins ago",
    "Get our free newsletter with the week's best stories in your inbox every Friday.",
])
def test_furniture_inside_the_article_goes(furniture, settings):
    assert _narrated(LIBRARY[:2] + [furniture] + LIBRARY[2:], settings) == LIBRARY


@pytest.mark.parametrize("quote", ["\u201cWe had more letters about the library than about the bypass\u201d",
                                   "We had more letters about the library than about the bypass",
                                   "\"that has never happened before.\""])
def test_a_pull_quote_repeated_from_the_text_goes_but_the_quoted_paragraph_stays(quote, settings):
    assert _narrated(LIBRARY[:2] + [quote] + LIBRARY[2:], settings) == LIBRARY


def test_a_paragraph_about_the_articles_own_newsletter_is_not_a_promotion(settings):
    own = ("Oakhurst's library newsletter, which volunteers print each month, will now list the new opening hours "
           "and the books the library has bought with the money from the precept.")
    assert _narrated(LIBRARY[:4] + [own] + LIBRARY[4:], settings) == LIBRARY[:4] + [own] + LIBRARY[4:]


def test_every_drop_is_reported_with_a_reason_and_logged(settings, caplog):
    import logging

    article = parse("\n\n".join(["The village that saved its library", *LIBRARY, PROMO, *OTHER_STORIES[:3],
                                 COPYRIGHT]), "text")
    with caplog.at_level(logging.DEBUG, logger="narrator.cleanup"):
        cleaned, drops = clean_with_report(article, _rules(settings))
    assert cleaned.paragraphs == LIBRARY
    assert [d.text for d in drops] == [PROMO, *OTHER_STORIES[:3], COPYRIGHT]
    assert all(d.reason for d in drops)
    assert "something else" in drops[1].reason
    logged = [r.getMessage() for r in caplog.records if r.getMessage().startswith("cleanup dropped")]
    assert len(logged) == len(drops)
    assert drops[1].line().startswith("dropped (tail: short paragraph about something else")


def test_navigation_above_the_headline_goes_and_the_headline_becomes_the_title(settings):
    text = "\n".join(["Skip to content", "Home", "News", "Sport", "The Valley Courier", "",
                      "The village that saved its library", "", "By Ann Ridley", "3 March 2026", "", ""])
    text += "\n\n".join(LIBRARY)
    article = prepare_article(text.encode(), fmt="text", settings=settings)
    assert article.title == "The village that saved its library"
    assert article.byline == "Ann Ridley"
    assert article.paragraphs == LIBRARY


def test_an_explicit_title_is_kept_and_the_page_header_still_goes(settings):
    text = "\n".join(["Skip to content", "Home", "The village that saved its library", "", ""]) + "\n\n".join(LIBRARY)
    article = prepare_article(text.encode(), fmt="text", title="Oakhurst library", settings=settings)
    assert article.title == "Oakhurst library"
    assert article.paragraphs == LIBRARY


def test_headings_still_become_chapters_unchanged_after_cleanup(settings):
    article = Article("T", chapters=(Chapter("", tuple(LIBRARY[:3])), Chapter("The vote", tuple(LIBRARY[3:]))),
                      has_headings=True)
    cleaned, _ = clean_with_report(article, _rules(settings))
    assert [c.title for c in cleaned.chapters] == ["", "The vote"]
    assert cleaned.paragraphs == LIBRARY


@pytest.mark.parametrize("opening", ["It was a Tuesday.", "Nobody expected this.", "Yes.", "\u201cNever again,\u201d she said."])
def test_a_short_first_paragraph_is_the_article_not_the_page_header(opening, settings):
    assert _narrated([opening, *LIBRARY], settings) == [opening, *LIBRARY]


@pytest.mark.parametrize("line, author", [("ByDaniel Fairbrother Local Democracy Reporter", "Daniel Fairbrother"),
                                          ("By Ann Ridley, Rural affairs reporter", "Ann Ridley"),
                                          ("Posted on March 3, 2026 by Helen Ashdown", "Helen Ashdown"),
                                          ("May 9, 2026 by Owen Lloyd \u2014 4 Comments", "Owen Lloyd")])
def test_bylines_in_their_pasted_shapes_become_the_author(line, author, settings):
    article = prepare_article("\n\n".join(["The village that saved its library", line, *LIBRARY]).encode(),
                              fmt="text", settings=settings)
    assert article.byline == author and article.paragraphs == LIBRARY


def test_a_short_opening_starting_with_by_is_not_a_byline(settings):
    opening = "Bystanders watched the vote in silence."
    article = prepare_article("\n\n".join(["The village that saved its library", opening, *LIBRARY]).encode(),
                              fmt="text", settings=settings)
    assert article.byline == "" and article.paragraphs == [opening, *LIBRARY]


def test_a_page_header_with_no_line_about_the_article_keeps_the_first_line_as_title(settings):
    text = "\n".join(["Regional Radio Listings And Schedules", "Programmes", "", ""]) + "\n\n".join(LIBRARY)
    article = prepare_article(text.encode(), fmt="text", settings=settings)
    assert article.title == "Regional Radio Listings And Schedules" and article.paragraphs == LIBRARY
