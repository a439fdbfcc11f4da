"""Inside a pasted article: a media player's controls and a slideshow about something else go; a sentence broken
across a blank line is one paragraph; a table's rows stay."""

import re

import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from narrator.config import Settings
from narrator.pipeline import prepare_article

from tests.test_paste import ARTICLE_FR, FERRY, HEADLINE, MENU, MENU_FR, _page

PLAYER = ["Play Video", "Mute", "Current Time 0:00", "Duration 2:13", "Playback Rate", "1x", "Captions", "Text",
          "White", "Black", "Red", "Yellow", "Opacity", "Opaque", "Transparent", "Background", "White", "Black", "Red",
          "Yellow", "Opacity", "Opaque", "Transparent", "Fullscreen"]
PLAYER_FR = ["Lecture", "Couper le son", "Temps actuel 0:00", "Durée 2:13", "Vitesse", "Sous-titres", "Texte", "Blanc",
             "Noir", "Rouge", "Jaune", "Opacité", "Opaque", "Transparent", "Arrière-plan", "Blanc", "Noir", "Rouge",
             "Jaune", "Opacité", "Opaque", "Transparent", "Plein écran"]
TIMETABLE = ["Crossing Departs", "Kelby 06.40", "Tarnholm 07.25", "Kelby 09.10", "Tarnholm 10.05", "Kelby 12.30",
             "Tarnholm 13.15", "Kelby 15.00", "Tarnholm 15.45", "Kelby 17.20", "Tarnholm 18.05", "Kelby 19.40",
             "Tarnholm 20.25", "Last boat 21.00"]
SLIDES = ["Bakery chain to close thirty shops",
          "The chain says rising energy costs have made its smaller shops unprofitable and it will cut jobs.",
          "Museum returns carved panels",
          "The panels were taken from the old chapel more than a century ago by a private collector.",
          "Cyclists race through the capital",
          "Thousands lined the streets as the riders crossed the river for the final sprint of the day.",
          "Orchestra plays its last concert",
          "The city orchestra closed its season with a symphony its founder wrote fifty years earlier.",
          "Record heat in the desert",
          "Temperatures passed fifty degrees in the valley for the first time since records began."]


@pytest.fixture(scope="module")
def defaults() -> Settings:
    return Settings.load(env={})


def _paragraphs(lines: list[str], settings: Settings, separator: str = "\n") -> list[str]:
    return list(prepare_article(separator.join(lines).encode(), fmt="text", settings=settings).paragraphs)


@pytest.mark.parametrize("where", [1, 2, 4])
@pytest.mark.parametrize("body, player, menu", [(FERRY, PLAYER, MENU), (ARTICLE_FR, PLAYER_FR, MENU_FR),
                                                (FERRY, [line.upper() for line in PLAYER], MENU)],
                         ids=["english", "french", "upper-case"])
@pytest.mark.parametrize("separator", ["\n", "\n\n"])
def test_a_players_controls_inside_a_pasted_article_go(where, body, player, menu, separator, defaults):
    page = _page([*body[:where], *player, *body[where:]], head=menu)
    assert _paragraphs(page, defaults, separator) == body


@pytest.mark.parametrize("where", [1, 2, 4])
def test_a_tables_rows_one_to_a_line_inside_a_pasted_article_stay(where, defaults):
    body = [*FERRY[:where], *TIMETABLE, *FERRY[where:]]
    assert _paragraphs(_page(body), defaults) == body


def _slideshow(counter: str, total: int = 5) -> list[str]:
    lines = []
    for place in range(1, total + 1):
        lines += [counter.format(place, total) + " " + SLIDES[2 * place - 2], SLIDES[2 * place - 1], "Photo agency"]
    return lines


@pytest.mark.parametrize("counter", ["{}/{}", "{} / {}", "{} of {}", "({} de {})", "{} sur {}"])
@pytest.mark.parametrize("where", [2, 4, 5])
def test_a_slideshow_about_other_stories_inside_a_pasted_article_goes(counter, where, defaults):
    page = _page([*FERRY[:where], "News in pictures", *_slideshow(counter), *FERRY[where:]])
    assert not set(_paragraphs(page, defaults)) & set(_slideshow(counter))


@pytest.mark.parametrize("counter", ["{}/{}", "{} of {}"])
def test_a_slideshow_of_the_articles_own_pictures_stays(counter, defaults):
    captions = ["The slipway at Kelby after the storms damaged it in November.",
                "Engineers float concrete blocks across to Tarnholm on a barge.",
                "Marit Olsen in the island's only shop on the morning the ferry sailed again.",
                "The ferry leaves Kelby for Tarnholm on its first crossing since the winter."]
    slides = [f"{counter.format(n, len(captions))} {caption}" for n, caption in enumerate(captions, 1)]
    body = [*FERRY[:2], *slides, *FERRY[2:]]
    assert _paragraphs(_page(body), defaults) == body


def _breaks(paragraph: str) -> list[int]:
    """Offsets of the spaces where a paragraph can be broken inside a sentence: the next word in lower case, the
    part before it long enough and ending no sentence."""
    return [m.start() for m in re.finditer(r" (?=[a-zà-ÿ])", paragraph)
            if m.start() >= 30 and paragraph[m.start() - 1] not in ".!?:;,\"”»"]


@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), which=st.integers(0, len(FERRY) - 1), blanks=st.integers(1, 3), paste=st.booleans(),
       french=st.booleans(), crlf=st.booleans())
def test_a_sentence_broken_across_blank_lines_is_one_paragraph(data, which, blanks, paste, french, crlf, defaults):
    body = ARTICLE_FR if french else FERRY
    which = min(which, len(body) - 1)
    at = data.draw(st.sampled_from(_breaks(body[which])))
    broken = [*body[:which], body[which][:at], *[""] * (blanks - 1), body[which][at + 1:], *body[which + 1:]]
    lines = _page(broken, head=MENU_FR if french else MENU) if paste else [HEADLINE, *broken]
    text = ("\r\n\r\n" if crlf else "\n\n").join(lines)
    assert list(prepare_article(text.encode(), fmt="text", settings=defaults).paragraphs) == body
