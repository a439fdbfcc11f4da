"""Titles from HTML: the headline (meta title, <title> or h1) without the site's name, never page furniture."""

from __future__ import annotations

import html

import lxml.html
import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from narrator.config import Settings
from narrator.headline import headline, strip_site
from narrator.pipeline import extract_article

BODY = ("<p>The tide mill on the estuary turned again on Sunday for the first time since the war, grinding a sack "
        "of flour in front of a crowd of two hundred people who had come to watch.</p>"
        "<p>Volunteers spent six winters rebuilding the wheel and the sluice gates, and the trust says the mill will "
        "now open to visitors every weekend from Easter until the end of October.</p>")
SEPARATORS = [" | ", " - ", " – ", " — ", " · ", " :: ", " » ", "_", " / "]


def page(title: str = "", og_title: str = "", site: str = "", h1: str = "", lang: str = "en", body: str = BODY) -> str:
    head = f"<title>{html.escape(title)}</title>" if title else ""
    head += f"<meta property='og:title' content='{html.escape(og_title, quote=True)}'>" if og_title else ""
    head += f"<meta property='og:site_name' content='{html.escape(site, quote=True)}'>" if site else ""
    heading = f"<h1>{html.escape(h1)}</h1>" if h1 else ""
    return (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>{head}</head><body>"
            f"<header><a href='#main'>Skip to content</a><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
            f"</header><main id='main'><article>{heading}{body}</article></main></body></html>")


def title_of(source: str) -> str:
    return extract_article(source, fmt="html", settings=Settings.load(env={})).title


@pytest.mark.parametrize("separator", SEPARATORS)
@pytest.mark.parametrize("site", ["The Estuary Post", "estuarypost.example", "EP", "Radio Kent Valley"])
@pytest.mark.parametrize("where", ["end", "start"])
def test_the_sites_name_is_taken_off_the_page_title_at_either_end(separator, site, where):
    title = f"Tide mill turns again after eighty years{separator}{site}" if where == "end" else \
        f"{site}{separator}Tide mill turns again after eighty years"
    assert title_of(page(title=title, site=site)) == "Tide mill turns again after eighty years"
    assert title_of(page(title=title.upper(), site=site)) == "TIDE MILL TURNS AGAIN AFTER EIGHTY YEARS"


@pytest.mark.parametrize("separator", SEPARATORS)
def test_without_a_site_name_the_part_that_is_the_h1_is_the_headline(separator):
    title = f"Tide mill turns again{separator}Local news{separator}The Estuary Post"
    assert title_of(page(title=title, h1="Tide mill turns again")) == "Tide mill turns again"


@pytest.mark.parametrize("separator", [" | ", " - ", " — ", " · "])
def test_without_a_site_name_or_h1_a_short_trailing_name_is_dropped(separator):
    title = f"Volunteers rebuild the tide mill wheel{separator}Estuary Post"
    assert title_of(page(title=title)) == "Volunteers rebuild the tide mill wheel"


@pytest.mark.parametrize("title", [
    "Tide mill: the wheel turns again",                       # a colon is the headline's own
    "Half-term - what to do with the children?",             # a question part is no site name
    "Mill reopens - and the flour sells out",                 # too long for a site name
])
def test_separators_inside_a_headline_are_kept(title):
    assert title_of(page(title=title)) == title


def test_og_title_is_preferred_to_the_title_element():
    source = page(title="Home | The Estuary Post", og_title="Tide mill turns again", site="The Estuary Post")
    assert title_of(source) == "Tide mill turns again"


def test_an_h1_the_title_element_confirms_wins_over_a_social_title():
    source = page(title="The tide mill turns again - The Estuary Post", og_title="You won't believe this mill",
                  site="The Estuary Post", h1="The tide mill turns again")
    assert title_of(source) == "The tide mill turns again"


@pytest.mark.parametrize("furniture", ["Skip to content", "Menu", "Share", "Home", "Sign in", "  MENU  ", "Share this"])
def test_furniture_is_never_the_title(furniture):
    assert title_of(page(title=furniture, og_title=furniture, h1="The tide mill turns again")) == \
        "The tide mill turns again"
    no_heading = title_of(page(title=furniture, og_title=furniture))
    assert no_heading.startswith("The tide mill on the estuary turned")


def test_a_site_name_alone_is_never_the_title():
    source = page(title="The Estuary Post", og_title="The Estuary Post", site="The Estuary Post")
    assert title_of(source).startswith("The tide mill on the estuary turned")
    assert title_of(page(title="The Estuary Post", site="The Estuary Post", h1="Mill turns")) == "Mill turns"


def test_a_page_without_any_headline_is_titled_from_its_first_sentence():
    assert title_of(page()).startswith("The tide mill on the estuary turned again")


def test_an_h1_alone_is_the_headline():
    assert title_of(page(h1="Flour again at the tide mill")) == "Flour again at the tide mill"


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ", min_size=2, max_size=9)


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.lists(WORD, min_size=3, max_size=12).map(" ".join), st.lists(WORD, min_size=1, max_size=4).map(" ".join),
       st.sampled_from(SEPARATORS), st.booleans())
def test_any_headline_with_any_known_site_name_comes_back_whole(words, site, separator, site_first):
    title = f"{site}{separator}{words}" if site_first else f"{words}{separator}{site}"
    assert strip_site(title, [], (site,)) == words


@hypothesis_settings(max_examples=100, deadline=None)
@given(st.lists(WORD, min_size=3, max_size=12).map(" ".join), st.sampled_from(SEPARATORS))
def test_the_h1_of_a_page_is_found_in_its_title(words, separator):
    root = lxml.html.fromstring(page(title=f"{words}{separator}Section{separator}Site", h1=words))
    assert headline(root) == words


@pytest.mark.parametrize("separator", [" | ", " - ", " — "])
@pytest.mark.parametrize("section", ["Mill news", "MILL NEWS", "The mill diary", "Estuary mill"])
def test_a_title_element_naming_only_the_section_gives_way_to_the_pages_one_h1(separator, section):
    source = page(title=f"{section}{separator}Members", h1="The tide mill turns again after eighty years")
    assert title_of(source) == "The tide mill turns again after eighty years"


def test_a_full_title_element_still_wins_over_an_h1_that_differs():
    source = page(title="Tide mill turns again after eighty years | Members", h1="Mill news in brief")
    assert title_of(source) == "Tide mill turns again after eighty years"


def _with_structured_data(source: str, data: str, wrap: str = "{}") -> str:
    return source.replace("</head>", f"<script type='application/ld+json'>{wrap.format(data)}</script></head>")


@pytest.mark.parametrize("kind", ["NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle", "LiveBlogPosting",
                                  '["NewsArticle", "Thing"]'])
@pytest.mark.parametrize("wrap", ["{}", "<![CDATA[{}]]>", "\n  <![CDATA[\n{}\n]]>\n", '{{"@graph": [{}]}}', "[{}]"])
@pytest.mark.parametrize("others", ["", "og", "h1"])
def test_the_headline_the_pages_structured_data_gives_its_article_wins(kind, wrap, others):
    """Structured data is the page's own statement of its headline, over a shorter social title, <title> or h1."""
    kind = kind if kind.startswith("[") else f'"{kind}"'
    data = ('{"@context": "https://schema.org", "@type": ' + kind
            + ', "headline": "Tide mill turns again: the wheel grinds its first flour since the war"}')
    source = page(title="Tide mill turns again | The Estuary Post", site="The Estuary Post",
                  og_title="Tide mill turns again" if others == "og" else "",
                  h1="Tide mill turns again" if others == "h1" else "")
    got = title_of(_with_structured_data(source, data, wrap))
    assert got == "Tide mill turns again: the wheel grinds its first flour since the war"


def test_an_articles_name_that_matches_the_page_title_wins_over_a_headline_that_describes_the_page():
    data = ('{"@type": "Article", "name": "List of tide mills in England", '
            '"headline": "encyclopedia list article"}')
    source = page(title="List of tide mills in England - Encyclopedia", h1="List of tide mills in England")
    assert title_of(_with_structured_data(source, data)) == "List of tide mills in England"


@pytest.mark.parametrize("data", [
    '{"@type": "Organization", "name": "The Estuary Post"}',
    '{"@type": "WebSite", "name": "The Estuary Post", "headline": "The Estuary Post"}',
    '{"@type": "BreadcrumbList", "name": "News"}',
    '{"@type": "NewsArticle", "headline": "Share"}',
    '{"@type": "NewsArticle", "headline": "The Estuary Post"}',
    "{not json at all",
    '{"@type": "NewsArticle", "headline": 42}',
])
def test_structured_data_that_names_no_article_headline_is_passed_over(data):
    source = page(title="Tide mill turns again | The Estuary Post", site="The Estuary Post")
    assert title_of(_with_structured_data(source, data)) == "Tide mill turns again"


def _with_meta(source: str, metas: list[tuple[str, str]]) -> str:
    tags = "".join(f"<meta {'property' if ':' in name and 'dc' not in name.lower() else 'name'}='{name}' "
                   f"content='{html.escape(content, quote=True)}'>" for name, content in metas)
    return source.replace("<meta charset='utf-8'>", f"<meta charset='utf-8'>{tags}")


@pytest.mark.parametrize("name", ["parsely-title", "sailthru.title", "citation_title", "twitter:title", "dc.title",
                                  "DC.Title", "Parsely-Title", "SAILTHRU.TITLE"])
@pytest.mark.parametrize("h1", ["", "Mill notes"])
@pytest.mark.parametrize("where", ["first", "last"])
def test_a_common_meta_title_names_the_headline_without_a_title_element(name, h1, where):
    """A page whose only headline statement is a meta title of a common name (analytics and citation tags): it is
    the headline, over an h1 that is a section label, wherever the tag sits among the page's other meta tags."""
    others = [("description", "A page about the estuary."), ("author", "A. Miller")]
    metas = [(name, "The tide mill turns again after eighty years"), *others]
    source = _with_meta(page(h1=h1), metas if where == "first" else metas[::-1])
    assert title_of(source) == "The tide mill turns again after eighty years"


@pytest.mark.parametrize("agreeing", ["twitter:title", "parsely-title", "sailthru.title", "citation_title"])
@pytest.mark.parametrize("case", [str, str.upper])
def test_of_several_audience_meta_titles_the_one_agreeing_with_the_h1_wins(agreeing, case):
    """Without og:title or Dublin Core, of the meta titles written for one audience (social cards, analytics,
    citations) the one sharing the most words with the page's h1 wins; the <title> names only the site."""
    h1 = case("Tide mill turns again after eighty years")
    others = [name for name in ("twitter:title", "parsely-title", "sailthru.title", "citation_title")
              if name != agreeing]
    metas = [(name, "You won't believe this mill") for name in others]
    metas.insert(len(metas) // 2, (agreeing, "Tide mill turns again after eighty years of silence"))
    source = _with_meta(page(title="The Estuary Post", site="The Estuary Post", h1=h1), metas)
    assert title_of(source) == "Tide mill turns again after eighty years of silence"


@pytest.mark.parametrize("other", ["twitter:title", "parsely-title", "sailthru.title"])
def test_og_title_wins_over_an_audience_meta_title_that_repeats_the_h1(other):
    source = _with_meta(page(og_title="The modern ambitions behind the tide mill", h1="Why the tide mill matters"),
                        [(other, "Why the tide mill matters")])
    assert title_of(source) == "The modern ambitions behind the tide mill"


def test_of_meta_titles_equally_far_from_the_h1_the_most_deliberate_wins():
    source = _with_meta(page(h1="Completely different words"),
                        [("parsely-title", "Analytics headline here"), ("twitter:title", "Social headline here")])
    assert title_of(source) == "Social headline here"
