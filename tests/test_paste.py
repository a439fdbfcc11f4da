"""A whole-page paste is narrated as its article only: menus, banners, comments and other stories go, nothing is lost."""

import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from narrator.chapters import title_from_text
from narrator.config import Settings
from narrator.linebreak import sentence_goes_on
from narrator.paste import densest_run, page_lines
from narrator.pipeline import extract_article, prepare_article

HEADLINE = "Ferry crossing to Tarnholm restored after a winter without boats"
FERRY = [
    "The ferry between Kelby and the island of Tarnholm sailed again on Monday morning, four months after storms "
    "damaged the slipway and left the island's three hundred residents relying on a weekly supply boat.",
    "Engineers rebuilt the slipway over the winter using concrete blocks cast on the mainland and floated across on "
    "a barge. The work cost about two million pounds and was paid for by the regional transport board.",
    "\"We have felt very far from everyone this winter,\" said Marit Olsen, who runs the island's only shop. \"The "
    "children missed school trips, and I drove the van on to the supply boat every Thursday at six in the morning.\"",
    "The restored service runs four times a day in each direction, one crossing fewer than before the storms, while "
    "the operator trains two new crew members to replace the staff who left during the closure.",
    "Island councillors said they would ask the board for a second vessel, so that a breakdown or another storm does "
    "not cut Tarnholm off again. The board said it would consider the request in its spring budget.",
]
ARTICLE_FR = [
    "Le bac entre Kelby et l'île de Tarnholm a repris lundi matin, quatre mois après que des tempêtes ont endommagé "
    "la cale et laissé les trois cents habitants de l'île dépendre d'un bateau de ravitaillement hebdomadaire.",
    "Les ingénieurs ont reconstruit la cale pendant l'hiver avec des blocs de béton coulés sur le continent et "
    "transportés par barge. Les travaux ont coûté environ deux millions d'euros, payés par l'office des transports.",
    "« Nous nous sommes sentis très loin de tout cet hiver », a déclaré Marit Olsen, qui tient l'unique épicerie de "
    "l'île. « Les enfants ont manqué les sorties scolaires et j'ai conduit la camionnette tous les jeudis. »",
    "Le service rétabli assure quatre traversées par jour dans chaque sens, une de moins qu'avant les tempêtes, "
    "pendant que l'exploitant forme deux nouveaux membres d'équipage pour remplacer ceux qui sont partis.",
]
MENU = ["Skip to content", "The Coastal Gazette", "Menu", "Home", "News", "Sport", "Weather", "Opinion", "Culture",
        "Travel", "Podcasts", "Sign in", "Subscribe", "Search"]
MENU_FR = ["Aller au contenu", "La Gazette du Littoral", "Accueil", "Actualités", "Sport", "Météo", "Opinions",
           "Culture", "Voyages", "Se connecter", "S'abonner", "Rechercher"]
COOKIES = ["We use cookies to improve your experience and to show you relevant adverts. You can change your mind at any "
           "time by visiting our privacy settings page.", "Accept all", "Manage preferences"]
COMMENTS = ["Comments", "Join the conversation", "harbourwatcher · 2 hours ago",
            "About time too. My mother lives on the island and has been stuck there since November, unable to get to "
            "her hospital appointments in Kelby without a two-day trip.", "Reply", "Report",
            "islandlad · 3 hours ago",
            "Four crossings a day is still not enough in summer when the tourists come. The board should have ordered a "
            "second boat years ago, everyone on the island has been saying so.", "Reply", "Report"]
RELATED_OFF = ["More on this story", "Bakery chain to close thirty shops",
               "The chain says rising energy costs have made its smaller shops unprofitable.", "3 hours ago",
               "Museum returns carved panels to island",
               "The panels were taken from the chapel more than a century ago.", "5 hours ago"]
RELATED_ON = ["Related", "Tarnholm residents demand second ferry",
              "Island councillors say one boat is not enough to keep Tarnholm connected to the mainland.",
              "1 day ago", "Kelby slipway repairs to cost two million",
              "Engineers say the Tarnholm slipway must be rebuilt before the ferry can sail again.", "2 weeks ago"]
FOOTER = ["About us", "Contact", "Privacy policy", "Cookie settings", "Terms of use",
          "© 2026 The Coastal Gazette. All rights reserved."]


@pytest.fixture(scope="module")
def defaults() -> Settings:
    return Settings.load(env={})


def _narrate(lines: list[str], settings: Settings, separator: str = "\n") -> tuple[list[str], str]:
    article = prepare_article(separator.join(lines).encode(), fmt="text", settings=settings)
    return article.paragraphs, article.title


def _page(body: list[str], *, head: list[str] = MENU, tail: list[str] = FOOTER, headline: str = HEADLINE) -> list[str]:
    return [*head, headline, "By Ines Marlow", "Mon 2 Mar 2026 09.14 GMT", "Share", *body, *tail]


@pytest.mark.parametrize("tail", [FOOTER, COMMENTS + FOOTER, RELATED_OFF + FOOTER, RELATED_ON + FOOTER,
                                  RELATED_ON + COMMENTS + FOOTER, COOKIES + RELATED_OFF, []],
                         ids=["footer", "comments", "related-off-topic", "related-on-topic", "related-and-comments",
                              "cookies-and-related", "nothing"])
@pytest.mark.parametrize("separator", ["\n", "\n\n", "\r\n"])
def test_a_pasted_page_narrates_its_article_and_nothing_around_it(tail, separator, defaults):
    paragraphs, title = _narrate(_page(FERRY, head=COOKIES + MENU, tail=tail), defaults, separator)
    assert paragraphs == FERRY
    assert title == HEADLINE


@pytest.mark.parametrize("transform", [str.upper, str.lower, str.title], ids=["upper", "lower", "title"])
def test_end_markers_end_the_article_whatever_their_case(transform, defaults):
    tail = [transform(RELATED_ON[0]), *RELATED_ON[1:], transform("Most read"), *RELATED_OFF[1:]]
    paragraphs, _ = _narrate(_page(FERRY, tail=tail + FOOTER), defaults)
    assert paragraphs == FERRY


def test_a_french_page_keeps_its_article_and_loses_its_menus(defaults):
    page = [*MENU_FR, "Le bac de Tarnholm reprend du service après un hiver sans bateau", "Par Ines Marlow",
            "2 mars 2026 à 09:14", *ARTICLE_FR, "Sur le même sujet", "Les habitants réclament un second bac",
            "Les commerces de l'île attendent les touristes", "Mentions légales", "Contact",
            "© 2026 La Gazette du Littoral"]
    paragraphs, title = _narrate(page, defaults)
    assert paragraphs == ARTICLE_FR
    assert title == "Le bac de Tarnholm reprend du service après un hiver sans bateau"


@pytest.mark.parametrize("first_line", ["Listen to Ines Marlow read this article", "Skip to content", "Share", "Menu",
                                        "The Coastal Gazette"])
def test_a_furniture_first_line_is_never_the_title(first_line, defaults):
    _, title = _narrate([first_line, *FERRY], defaults, "\n\n")
    assert title != first_line
    assert title == title_from_text(FERRY[0])


def test_without_a_headline_line_the_title_is_made_from_the_first_sentence(defaults):
    paragraphs, title = _narrate(MENU + FERRY + FOOTER, defaults)
    assert paragraphs == FERRY
    assert title == "The ferry between Kelby and the island of Tarnholm sailed"
    assert len(title.split()) <= 10


@pytest.mark.parametrize("paragraph, title", [
    ("Rain fell all night. Then the river rose.", "Rain fell all night"),
    ("When the council met on Tuesday, nobody expected the vote to end the way it did.",
     "When the council met on Tuesday"),
    ("The harbour master, who has worked at the port for thirty years, retires on Friday after a long career.",
     "The harbour master, who has worked at the port"),
    ("A ferry sailed, a bell rang, and the island of Tarnholm was joined to the mainland again.",
     "A ferry sailed, a bell rang, and the island"),
    ("Le bac a repris lundi. Les habitants sont soulagés.", "Le bac a repris lundi"),
    ("KELBY, Northshire — The ferry to Tarnholm sailed again on Monday.", "The ferry to Tarnholm sailed again on Monday"),
    ("TARNHOLM (Coastal Press) -- Islanders cheered the first boat.", "Islanders cheered the first boat"),
    ("March 2, 2026 -- The ferry sailed again.", "The ferry sailed again"),
    ("Monday 2 March 2026 – Ferry services resumed.", "Ferry services resumed"),
    ("KELBY – Le bac a repris lundi.", "Le bac a repris lundi"),
    ("2 mars 2026 — Le bac a repris lundi.", "Le bac a repris lundi"),
    ("NASA - the space agency - launched a probe.", "NASA - the space agency - launched a probe"),
    ("The U.S. - Mexico border reopened today.", "The U.S. - Mexico border reopened today"),
])
def test_a_title_from_the_first_sentence_is_short_and_ends_on_a_word(paragraph, title):
    assert title_from_text(paragraph) == title


@pytest.mark.parametrize("ad", ["Advertisement", "ADVERTISEMENT", "  advertisement  ", "Skip advertisement"])
@pytest.mark.parametrize("closing", [
    "Tickets for the first crossings sold out within an hour of going on sale.",
    "The shop reopens on Saturday. Marit Olsen says she will bake bread for the first boat.",
])
def test_a_closing_paragraph_after_an_advertisement_line_stays(ad, closing, defaults):
    paragraphs, _ = _narrate([HEADLINE, *FERRY, ad, closing], defaults, "\n\n")
    assert paragraphs == [*FERRY, closing]


def test_a_three_paragraph_articles_only_chapter_is_titled_like_the_article(defaults):
    article = prepare_article("\n\n".join([HEADLINE, *FERRY[:3]]).encode(), fmt="text", settings=defaults)
    assert [c.title for c in article.chapters] == [HEADLINE]
    untitled = prepare_article("\n\n".join(FERRY[:3]).encode(), fmt="text", settings=defaults)
    assert [c.title for c in untitled.chapters] == [untitled.title] == [title_from_text(FERRY[0])]


@pytest.mark.parametrize("marker", ["More on this story", "Related", "Related stories", "You might also like"])
def test_on_topic_standfirsts_after_an_end_marker_are_not_the_last_paragraph(marker, defaults):
    standfirsts = ["Island councillors say one boat is not enough to keep Tarnholm connected to the mainland and "
                   "its three hundred residents.",
                   "Tarnholm slipway repairs will cost two million pounds, the regional transport board says."]
    page = [HEADLINE, *FERRY, marker, "Tarnholm residents demand a second ferry", standfirsts[0], "1 day ago",
            "Slipway bill confirmed", standfirsts[1]]
    paragraphs, _ = _narrate(page, defaults, "\n\n")
    assert paragraphs == FERRY


def test_a_typed_article_comes_back_whole():
    text = "\n\n".join([HEADLINE, "By Ines Marlow", *FERRY, "— Ines"])
    assert page_lines(text) is None
    assert page_lines("\n".join([*MENU, *text.split("\n\n"), *FOOTER]))[len(MENU):len(MENU) + 3] == [
        HEADLINE, "By Ines Marlow", FERRY[0]]


def test_the_densest_run_is_the_largest_total():
    assert densest_run([-3, 5, -1, 4, -9, 2]) == (1, 4)
    assert densest_run([-1, -2]) == (0, 0)


INSIDE = ["Advertisement", "Share", "Share on Facebook", "Read more: Island schools face a cold winter",
          "The slipway in January. Photograph: Kelby Harbour Trust", "09:47", "Continue reading below", "Menu", "Home",
          "SHARE THIS ARTICLE", "Tweet", "Accept all cookies", "Manage preferences", "Related: Kelby slipway repairs to "
          "cost two million", "Most read", "Skip advertisement", "Publicité", "Anzeige"]
"""Lines a page sets between an article's paragraphs. (A comment header between them is not among them: after one, a
run of paragraphs reads like a thread of comments, which goes.)"""


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                              HealthCheck.function_scoped_fixture])
@given(inserts=st.lists(st.tuples(st.integers(1, len(FERRY) - 1), st.sampled_from(INSIDE)), max_size=4),
       menu_lines=st.integers(0, len(MENU)), tail=st.sampled_from([FOOTER, COMMENTS + FOOTER, RELATED_OFF, []]),
       separator=st.sampled_from(["\n", "\n\n"]))
def test_furniture_inserted_anywhere_leaves_exactly_the_article(inserts, menu_lines, tail, separator, defaults):
    body = list(FERRY)
    for position, line in sorted(inserts, reverse=True):
        body.insert(position, line)
    paragraphs, _ = _narrate(_page(body, head=MENU[:menu_lines], tail=tail), defaults, separator)
    assert paragraphs == FERRY


def test_every_line_of_a_pasted_page_is_narrated_or_reported_with_a_reason(defaults):
    page = _page(FERRY, head=COOKIES + MENU, tail=RELATED_ON + COMMENTS + FOOTER)
    drops = []
    article = prepare_article("\n".join(page).encode(), fmt="text", settings=defaults, on_drop=drops.append)
    accounted = set(article.paragraphs) | {d.text for d in drops} | {article.title, article.byline}
    assert [line for line in page if line not in accounted and "Ines Marlow" not in line] == []
    assert all(d.reason for d in drops)


HEADLINE_FR = "Le bac de Tarnholm reprend du service après un hiver sans bateau"


def _page_fr(head: list[str], headline: str = HEADLINE_FR) -> list[str]:
    return [*MENU_FR, *head, headline, "Par Ines Marlow", "2 mars 2026 à 09:14", *ARTICLE_FR, "Mentions légales",
            "Contact", "Conditions d'utilisation", "© 2026 La Gazette du Littoral"]


@pytest.mark.parametrize("head", [
    ["News > Islands > Kelby > Ferry crossing to Tarnholm restored"],
    ["Home › Travel › Ferries › Tarnholm ferry news"],
    ["news / islands / tarnholm ferry / today"],
    ["Home >> Islands >> Tarnholm ferry news >> Story"],
    ["« Previous story | Next story »"],
    ["‹ Earlier | Later ›", "Latest stories"],
    ["Most read", "Ferry crossing to Tarnholm: the island's winter in pictures"],
    ["Related stories", "Tarnholm residents demand second ferry", "Kelby slipway repairs to cost two million"],
    ["Sign in to comment on ferry crossing to Tarnholm restored after a winter without boats"],
    ["SIGN UP OR LOG IN TO DISCUSS THE FERRY CROSSING TO TARNHOLM RESTORED AFTER A WINTER!"],
    ["Login to save: ferry crossing to Tarnholm restored after winter without boats"],
], ids=["breadcrumb", "breadcrumb-chevrons", "breadcrumb-slashes-lower", "breadcrumb-double-chevrons", "link-bar", "link-bar-then-box",
        "most-read-box", "related-box", "sign-in", "sign-up-upper", "login"])
def test_the_headline_is_the_title_whatever_header_lines_come_before_it(head, defaults):
    paragraphs, title = _narrate(_page(FERRY, head=[*MENU, *head]), defaults)
    assert (paragraphs, title) == (FERRY, HEADLINE)


@pytest.mark.parametrize("head", [["Accueil > Îles > Kelby > Le bac de Tarnholm reprend"],
                                  ["« Article précédent | Article suivant »"]], ids=["breadcrumb", "link-bar"])
def test_a_french_headline_is_the_title_whatever_header_lines_come_before_it(head, defaults):
    paragraphs, title = _narrate(_page_fr(head), defaults)
    assert (paragraphs, title) == (ARTICLE_FR, HEADLINE_FR)


@pytest.mark.parametrize("byline", ["by Ines Marlow 2 March 2026", "By Ines Marlow @inesmarlow March 2, 2026: 9:14 AM",
                                    "by Ines Marlow Mon 2 Mar 2026 09.14 GMT", "BY Ines Marlow, 2026-03-02"])
def test_a_headline_line_that_runs_into_its_byline_is_the_title_without_it(byline, defaults):
    paragraphs, title = _narrate([*MENU, f"{HEADLINE} {byline}", "Share", *FERRY, *FOOTER], defaults)
    assert (paragraphs, title) == (FERRY, HEADLINE)


@pytest.mark.parametrize("byline", ["by: Ines Marlow", "By: Ines Marlow and Tom Reid", "BY: INES MARLOW"])
def test_a_headline_line_that_runs_into_a_labelled_byline_is_the_title_without_it(byline, defaults):
    paragraphs, title = _narrate([*MENU, f"{HEADLINE} {byline}", "Share", *FERRY, *FOOTER], defaults)
    assert (paragraphs, title) == (FERRY, HEADLINE)


TOPICAL_LINKS = ["Tarnholm ferry timetable for the winter crossing season", "Island ferry fares: what the board said",
                 "Kelby slipway repairs cost two million pounds"]


@pytest.mark.parametrize("box", ["Trending", "Most read", "More from The Coastal Gazette", "Related stories"])
@pytest.mark.parametrize("after", [[], ["By Ines Marlow"], ["Share", "Mon 2 Mar 2026 09.14 GMT"]],
                         ids=["none", "byline", "share-date"])
def test_a_box_of_links_running_into_the_headline_leaves_it_the_title(box, after, defaults):
    page = [*MENU, box, *TOPICAL_LINKS, HEADLINE, *after, *FERRY, *FOOTER]
    paragraphs, title = _narrate(page, defaults)
    assert (paragraphs, title) == (FERRY, HEADLINE)


@pytest.mark.parametrize("links", [TOPICAL_LINKS, TOPICAL_LINKS[::-1], TOPICAL_LINKS[:1] + MENU[3:8] + TOPICAL_LINKS[1:]])
def test_a_headline_wins_over_topical_links_higher_up_the_page(links, defaults):
    page = [*MENU[:3], *links, *MENU[3:], HEADLINE, "By Ines Marlow", "Share", *FERRY, *FOOTER]
    paragraphs, title = _narrate(page, defaults)
    assert (paragraphs, title) == (FERRY, HEADLINE)


@pytest.mark.parametrize("headline", ["Tarnholm ferry", "Ferry restored", "Le bac de Tarnholm"])
def test_a_headline_of_two_or_three_words_is_the_title(headline, defaults):
    paragraphs, title = _narrate(_page(FERRY, headline=headline), defaults)
    assert (paragraphs, title) == (FERRY, headline)


@pytest.mark.parametrize("headline", ["Ferries: What They Are and Why We Need Them", "Why the Ferry Is Back",
                                      "How Tarnholm Got Its Ferry Back"])
def test_a_headline_with_one_or_two_content_words_is_the_title(headline, defaults):
    paragraphs, title = _narrate(_page(FERRY, headline=headline), defaults)
    assert (paragraphs, title) == (FERRY, headline)


@pytest.mark.parametrize("headline", ["Can Tarnholm keep its ferry through another winter?",
                                      "WHAT WILL THE ISLAND DO IF THE FERRY FAILS AGAIN?", "Is one ferry enough?"])
@pytest.mark.parametrize("after", [["By Ines Marlow"], ["Mon 2 Mar 2026 09.14 GMT", "By Ines Marlow"]],
                         ids=["byline", "date-byline"])
def test_a_question_headline_is_the_title_not_the_first_sentence(headline, after, defaults):
    paragraphs, title = _narrate([*MENU, headline, *after, *FERRY, *FOOTER], defaults)
    assert (paragraphs, title) == (FERRY, headline)


def test_an_opening_question_that_goes_straight_on_into_prose_is_the_article(defaults):
    question = "Can an island of three hundred people live on one ferry?"
    paragraphs, title = _narrate([*MENU, HEADLINE, "By Ines Marlow", question, *FERRY, *FOOTER], defaults)
    assert (paragraphs, title) == ([question, *FERRY], HEADLINE)


LONG_COOKIES = ("We use cookies and similar technologies to improve your browsing experience, personalise content and "
                "offers, show targeted adverts, analyse traffic and understand where our readers come from. " * 4).strip()


@pytest.mark.parametrize("notice", [LONG_COOKIES, "Wir verwenden Cookies, um unsere Website für Sie zu verbessern.",
                                    "Utilizamos cookies propias y de terceros para mejorar nuestros servicios."])
def test_a_cookie_notice_of_any_length_or_language_is_not_the_article(notice, defaults):
    paragraphs, title = _narrate([*MENU, notice, "Accept all", HEADLINE, "By Ines Marlow", *FERRY, *FOOTER], defaults)
    assert (paragraphs, title) == (FERRY, HEADLINE)


HEADLINE_ZH = "塔恩霍尔姆渡轮在无船的冬天之后恢复航行"
ARTICLE_ZH = [
    "凯尔比和塔恩霍尔姆岛之间的渡轮周一早上重新起航，距离风暴损坏码头已经过去四个月，岛上三百名居民一直依靠每周一班的补给船。",
    "工程师们在冬天用大陆上浇筑的混凝土块重建了码头，并用驳船运过海峡。这项工程花费约两百万，由地区交通委员会支付。",
    "岛上唯一一家商店的老板说：“这个冬天我们觉得离所有人都很远。孩子们错过了学校的旅行，我每个星期四早上六点都要把车开上补给船。”",
    "恢复后的渡轮每天每个方向四班，比风暴前少一班，同时运营方正在培训两名新船员，接替在停航期间离开的员工。",
    "岛上的议员说，他们将要求委员会增加第二艘船，以免故障或另一场风暴再次让塔恩霍尔姆与外界隔绝。",
]
MENU_ZH = ["首页", "新闻", "图片", "评论", "体育", "财经", "旅游", "视频", "登录", "注册"]


@pytest.mark.parametrize("head", [[], ["首页 >> 新闻 >> 海岛 >> 正文"], ["图为渡轮周一早上离开凯尔比码头。"]],
                         ids=["none", "breadcrumb", "caption"])
def test_a_chinese_headline_is_the_title(head, defaults):
    page = [*MENU_ZH, HEADLINE_ZH, *head, "发稿时间：2026-03-02 09:14 来源：海岸报", *ARTICLE_ZH,
            "关于我们", "联系我们", "隐私政策", "版权所有 © 2026 海岸报"]
    article = extract_article("\n".join(page), fmt="text", settings=defaults)  # extraction: whatever voices exist
    paragraphs, title = article.paragraphs, article.title
    assert title == HEADLINE_ZH and paragraphs[-len(ARTICLE_ZH):] == ARTICLE_ZH


@pytest.mark.parametrize("headline", ["Tarnholm ferry returns with help from the U.S.",
                                      "Storms cut Tarnholm off from the U.K.", "Kelby Lines sells ferry to N.Y.C."])
def test_a_headline_ending_on_an_abbreviation_is_the_title(headline, defaults):
    paragraphs, title = _narrate(_page(FERRY, headline=headline), defaults)
    assert (paragraphs, title) == (FERRY, headline)


REFRAIN = ("Bring the boat home, bring the boat home. The slipway waits and the island waits. Bring the boat home "
           "before the winter comes.")


@hypothesis_settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.integers(0, len(FERRY)), gap=st.integers(1, len(FERRY)), paste=st.booleans(),
       refrain_first=st.booleans())
def test_a_passage_of_three_sentences_said_twice_is_narrated_twice(first, gap, paste, refrain_first, defaults):
    """A refrain or a repeated passage is the article's own; only a sentence or two lifted out is a pull quote."""
    sung = f"On the quay the school choir sang the song they wrote in January. {REFRAIN} Everyone joined in."
    body = list(FERRY)
    body.insert(first, REFRAIN if refrain_first else sung)
    body.insert(min(len(body), first + gap + 1), sung if refrain_first else REFRAIN)
    page = _page(body) if paste else [HEADLINE, *body]
    paragraphs, _ = _narrate(page, defaults, "\n\n")
    assert paragraphs == body


@pytest.mark.parametrize("quote", ["\"We have felt very far from everyone this winter,\" said Marit Olsen, who runs "
                                   "the island's only shop.",
                                   "The work cost about two million pounds and was paid for by the regional transport "
                                   "board."])
def test_a_sentence_lifted_from_the_text_is_a_pull_quote(quote, defaults):
    body = [*FERRY[:3], quote, *FERRY[3:]]
    paragraphs, _ = _narrate(_page(body), defaults, "\n\n")
    assert paragraphs == FERRY


@pytest.mark.parametrize("previous, following, min_chars, goes_on", [
    ("The ferry sailed again on Monday after", "four months without boats.", 0, True),
    ("Le bac a repris lundi matin après", "quatre mois sans bateau.", 30, True),
    ("The ferry sailed again on Monday.", "then the bell rang.", 0, False),
    ("Il a dit « oui »", "et il est parti.", 0, False),
    ("渡し船は月曜日に再開した。", "next", 0, False),
    ("Ingredients:", "flour and water", 0, False),
    ("Home", "news", 30, False),
    ("The ferry sailed again on Monday after", "Four months without boats.", 0, False),
    ("", "lower case start", 0, False),
])
def test_a_sentence_goes_on_across_a_break_only_into_lower_case_after_no_closing_mark(previous, following, min_chars,
                                                                                      goes_on):
    assert sentence_goes_on(previous, following, min_chars) is goes_on


SECTION = ["The board's response came within a week. Its chair wrote to the island council that a second vessel would "
           "be costed in the spring, and that a smaller boat could be chartered for the summer if the budget allowed.",
           "Islanders were not convinced. Marit Olsen said the board had promised a review after every storm for ten "
           "years, and that the shop would keep a month of stock in the back room just in case.",
           "The council meets again in April, when it will vote on whether to fund the charter from its own reserves "
           "rather than wait for the board's decision."]


@pytest.mark.parametrize("count", ["Comments (4)", "4 Comments", "12 comments", "There are 13 comments",
                                   "Responses (2)"])
@pytest.mark.parametrize("place", ["above the byline", "below the byline", "after the first paragraph"])
def test_a_count_of_comments_near_the_top_is_a_link_not_the_article(count, place, defaults):
    head = {"above the byline": [count, "By Ines Marlow"], "below the byline": ["By Ines Marlow", count],
            "after the first paragraph": ["By Ines Marlow"]}[place]
    body = [FERRY[0], count, *FERRY[1:]] if place == "after the first paragraph" else FERRY
    paragraphs, title = _narrate([*MENU, HEADLINE, *head, "Share", *body, *FOOTER], defaults)
    assert (paragraphs, title) == (FERRY, HEADLINE)


@pytest.mark.parametrize("heading", ["Response", "Responses", "Replies", "Comments"])
def test_a_section_of_the_pasted_article_under_a_marker_heading_is_narrated(heading, defaults):
    paragraphs, _ = _narrate(_page([*FERRY, heading, *SECTION]), defaults)
    assert paragraphs == [*FERRY, *SECTION]


@pytest.mark.parametrize("heading", ["Responses", "3 Replies", "Thoughts on this story"])
def test_a_long_comment_thread_after_the_pasted_article_still_goes(heading, defaults):
    thread = []
    for number, comment in enumerate(SECTION * 2):
        thread += [f"reader{number} · {number + 1} hours ago", comment, "Reply", "Report"]
    paragraphs, _ = _narrate(_page(FERRY, tail=[heading, *thread, *FOOTER]), defaults)
    assert paragraphs == FERRY


SIGN_UP = ["Sign up for our newsletter and get the island's news, the ferry timetable and the weather in your inbox "
           "every morning, free of charge and with no adverts.",
           "Support our reader-supported journalism: become a member today and help us keep covering the islands "
           "for everyone who lives there.",
           "We use cookies to give you the best experience on our site and to show you relevant adverts; you can "
           "change your choices at any time in the settings."]


@pytest.mark.parametrize("appeal", SIGN_UP, ids=["newsletter", "membership", "cookies"])
@pytest.mark.parametrize("between", [[], ["Newsletter", "Island news"], ["Accept", "Manage", "Close", "Island news"]],
                         ids=["adjacent", "two-lines", "four-lines"])
def test_an_appeal_written_as_sentences_above_the_headline_does_not_start_the_article(appeal, between, defaults):
    paragraphs, title = _narrate(_page(FERRY, head=[*MENU, appeal, *between]), defaults)
    assert (paragraphs, title) == (FERRY, HEADLINE)


LONG_STANDFIRSTS = ["Island councillors say one boat is not enough to keep Tarnholm connected to the mainland and its "
                    "three hundred residents through another winter of storms.",
                    "The bakery chain says rising energy costs have made its smaller shops across the region "
                    "unprofitable, and that thirty of them will close by the summer."]


@pytest.mark.parametrize("heading", ["Related coverage", "More on this story", "Recommended for you", "Most read"])
def test_a_box_heading_read_as_a_chapter_heading_takes_its_box_with_it(heading, defaults):
    tail = [heading, LONG_STANDFIRSTS[0], "Bakery chain to close thirty shops", LONG_STANDFIRSTS[1], "3 hours ago"]
    paragraphs, _ = _narrate(_page(FERRY, tail=[*tail, *FOOTER]), defaults)
    assert paragraphs == FERRY


@pytest.mark.parametrize("lines", [
    ["Menu"], ["SHARE"], ["  skip to content  "], ["Subscribe now"], ["Sign up for our newsletter"], ["Related"],
    ["3 March 2026"], ["10:45"], ["Posted 2 hours ago"], ["Advertisement", "Advertisement"], ["By Ines Marlow"],
    ["© 2026 The Coastal Gazette."], ["Kelby, Tarnholm, Olsen, Marlow, Harbour, Slipway, Barge"],
    ["1, 2, 3, 4, 5, 6, 7"], ["Tarnholm 3 4 5 6"], ["Accueil", "S'abonner"], ["Publicité"],
], ids=str)
@pytest.mark.parametrize("separator", ["\n", "\n\n"])
def test_a_paste_of_nothing_but_furniture_is_read_as_given_not_refused(lines, separator, defaults):
    paragraphs, title = _narrate(lines, defaults, separator)
    assert " ".join(paragraphs + [title]).split() and set(paragraphs) <= {" ".join(line.split()) for line in lines}
    assert " ".join(" ".join(lines).split()) in " ".join([title, *paragraphs])
