"""An extracted (HTML) article's cleanup removes furniture by its shape and keeps the article's own text: a repeated
sentence or paragraph is read unless it is a short excerpt set apart (a pull quote), an opening paragraph without a
full stop is the text, and a sentence that lists names is a sentence."""

from __future__ import annotations

import pytest

from narrator.config import Settings
from narrator.pipeline import extract_article

from .test_extraction_sections import SENTENCES

FR = [
    "La compagnie de ferry a annoncé que le nouvel horaire ajouterait deux traversées par jour dès le printemps.",
    "Les passagers du premier bateau se plaignent depuis des années qu'il part avant l'arrivée du premier train.",
    "Le conseil a accepté de payer un ponton plus long afin que deux bateaux puissent charger en même temps.",
    "Les ingénieurs commenceront les travaux de la cale en janvier et comptent les terminer avant Pâques.",
    "Une enquête auprès des voyageurs réguliers montre que la plupart préfèrent payer plus qu'attendre une heure.",
    "Le capitaine du port a dit que les week-ends chargés exigeraient toujours un bateau de renfort.",
]


def html(body: str, lang: str = "en") -> str:
    return (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>Ferry timetable changes</title>"
            f"</head><body><article><h1>Ferry timetable changes</h1>{body}</article></body></html>")


def paragraphs(source: str) -> list[str]:
    return extract_article(source, fmt="html", settings=Settings.load(env={})).paragraphs


def _ps(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


@pytest.mark.parametrize("sentences", [SENTENCES, FR], ids=["en", "fr"])
@pytest.mark.parametrize("where", [1, 3, 5])
@pytest.mark.parametrize("size", [3, 4])
def test_a_long_paragraph_said_again_inside_a_longer_one_is_read_both_times(sentences, where, size):
    """A page that repeats a whole paragraph (several sentences) inside a longer one: both are the article's."""
    repeated = " ".join(sentences[1:1 + size])
    longer = f"{sentences[0]} {repeated}"
    body = [longer, *(f"{s} {s}" for s in sentences[1:])]
    body.insert(where, repeated)
    assert paragraphs(html(_ps(body), "fr" if sentences is FR else "en")) == body


@pytest.mark.parametrize("quote", [
    "\u201cThe early boat leaves before the first train arrives\u201d",
    "\u00ab The early boat leaves before the first train arrives \u00bb",
    "\"that most would rather pay more than wait an hour.\"",
    "the early boat leaves before the first train",
    "THE EARLY BOAT LEAVES BEFORE THE FIRST TRAIN",
])
@pytest.mark.parametrize("where", [1, 3, 5])
def test_a_short_excerpt_set_apart_is_a_pull_quote_and_goes(quote, where):
    body = [
        f"{SENTENCES[0]} Passengers say the early boat leaves before the first train arrives, and always has.",
        *(f"{s} {s}" for s in SENTENCES[1:4]),
        f"{SENTENCES[4]} A survey found that most would rather pay more than wait an hour.",
        f"{SENTENCES[5]} {SENTENCES[0]}",
    ]
    with_quote = [*body[:where], quote, *body[where:]]
    assert paragraphs(html(_ps(with_quote))) == body


@pytest.mark.parametrize("tag", ["p", "p class='lead'"])
@pytest.mark.parametrize("ending", [":", "", " as follows:", ","])
def test_an_opening_paragraph_without_a_full_stop_is_the_article_not_its_header(tag, ending):
    opening = ("In harbour engineering a pontoon is a floating platform held in place by piles or chains so that "
               f"boats can tie up at any state of the tide{ending}")
    rest = [f"{s} {t}" for s, t in zip(SENTENCES, SENTENCES[1:])]
    got = paragraphs(html(f"<{tag}>{opening}</p>{_ps(rest)}"))
    assert got[0] == opening and got[1:] == rest


@pytest.mark.parametrize("names", [
    "Ann Ridley, Tomas Lindqvist, Priya Nandakumar, Joan Whitlock, Ruth Oyelaran, Adaeze Moreno and Jonas Ekwueme",
    "Oakhurst; Wendmoor; Callerton; Hensham; Kelford; Ashby Vale; Brenton",
])
@pytest.mark.parametrize("sentence", [
    "Many thanks to everyone who sailed on the trial crossings and sent in their times: {names}.",
    "{names} all sailed on the trial crossings and sent in their times to the ferry company last winter.",
    "The trial crossings were timed over the winter by a group of regular passengers, among them {names}.",
])
def test_a_sentence_that_lists_names_is_read(names, sentence):
    listing = sentence.format(names=names)
    body = [f"{s} {s}" for s in SENTENCES]
    body.insert(3, listing)
    assert paragraphs(html(_ps(body))) == body


@pytest.mark.parametrize("menu", [
    "Weekly edition, Kernel, Security, Distributions, Contact Us, Search",
    "Topics: Ferries, Harbours, Rail, Buses, Cycling, Roads",
    "Tags: ferries; harbours; timetables; pontoons; Easter; tides",
])
def test_a_paragraph_that_is_only_a_list_of_short_names_still_goes(menu):
    body = [f"{s} {s}" for s in SENTENCES]
    assert paragraphs(html(_ps(body[:3] + [menu] + body[3:]))) == body


@pytest.mark.parametrize("block", ["<pre>{code}</pre>", "<pre><code>{code}</code></pre>",
                                   "<pre class='language-shell'><code>{code}</code></pre>"])
@pytest.mark.parametrize("where", [1, 4])
def test_a_short_command_is_read_and_a_long_listing_is_announced(block, where):
    """A listener hears a command, and that a listing is there; a <pre> of prose (not code) is read as text."""
    from narrator.article import CODE_NOTICE

    body = [f"{s} {s}" for s in SENTENCES]
    command = "pip install ferry-timetable"
    listing = "\n".join(f"timetable.add({{'crossing': {n}, 'departs': '{7 + n}:15'}})" for n in range(12))
    source = html(_ps(body[:where]) + block.format(code=command) + _ps(body[where:where + 1])
                  + block.format(code=listing) + _ps(body[where + 1:]))
    got = paragraphs(source)
    assert got == [*body[:where], command, body[where], CODE_NOTICE, *body[where + 1:]]


def test_preformatted_prose_is_read():
    body = [f"{s} {s}" for s in SENTENCES]
    verse = "The early boat goes out at six,\nbefore the train, before the light;\nthe harbour master counts the ticks."
    got = paragraphs(html(_ps(body[:2]) + f"<pre>{verse}</pre>" + _ps(body[2:])))
    assert " ".join(verse.split()) in " ".join(got) and got[0] == body[0] and got[-1] == body[-1]


@pytest.mark.parametrize("line, lang", [
    ("La aplicación ocupa menos espacio en el teléfono, y la app cuesta tres euros en la tienda.", "es"),
    ("Die App kostet aktuell knapp 50 Euro im Mac App Store und setzt OS X 10.10 voraus.", "de"),
    ("The ferry app, which the company launched in 2019, still shows the old timetable.", "en"),
    ("Members of the ferry users' association voted to back the plan, and its membership has doubled.", "en"),
])
@pytest.mark.parametrize("where", [2, 5])
def test_a_sentence_naming_an_app_or_a_membership_is_the_articles_own(line, lang, where):
    body = [f"{s} {s}" for s in SENTENCES]
    body.insert(where, line)
    assert paragraphs(html(_ps(body), lang)) == body


@pytest.mark.parametrize("promo", [
    "Download our app to get the new timetable on your phone.",
    "SIGN UP for our newsletter: the week's ferry news in your inbox.",
    "Subscribe to us for more local news every Friday.",
])
@pytest.mark.parametrize("where", [2, 5])
def test_a_promotion_speaking_to_the_reader_still_goes(promo, where):
    body = [f"{s} {s}" for s in SENTENCES]
    assert paragraphs(html(_ps(body[:where] + [promo] + body[where:]))) == body


@pytest.mark.parametrize("note", [
    "Heba Habib contributed to this report.",
    "This version corrects the spelling of the harbour's name.",
    "The company has been asked for comment and this story will be updated if it responds.",
    "additional reporting from the quayside by the harbour correspondent.",
])
@pytest.mark.parametrize("second", ["Jonas Ekwueme in Callerton contributed reporting.",
                                    "An earlier version of this story gave the wrong date for the vote."])
def test_notes_after_the_text_are_read(note, second):
    body = [f"{s} {s}" for s in SENTENCES]
    assert paragraphs(html(_ps(body + [note, second]))) == body + [note, second]


@pytest.mark.parametrize("links", [
    ["Our Standards: The Trust Principles.", "Ferry Fares Rise Again In January."],
    ["Why Village Halls Are Closing", "Rail Fares To Rise Again"],
])
def test_title_cased_links_after_the_text_go(links):
    body = [f"{s} {s}" for s in SENTENCES]
    assert paragraphs(html(_ps(body + links))) == body


@pytest.mark.parametrize("mark", ["--", "—", "–", "...", "…"])
@pytest.mark.parametrize("lead", ["<b>The early boat</b>", "The early boat", "<strong>The early</strong> boat"])
@pytest.mark.parametrize("split", ["<br>", "</p><p>"])
def test_an_opening_broken_after_a_few_words_goes_on_after_a_dash(mark, lead, split):
    rest = " ".join(SENTENCES[:2]).lower()
    opening = f"{lead}{split}{mark} {rest}"
    body = [f"{s} {s}" for s in SENTENCES[2:]]
    got = paragraphs(html(f"<p>{opening}</p>{_ps(body)}"))
    assert got[0] == f"The early boat {mark} {rest}" and got[1:] == body


@pytest.mark.parametrize("line", ["Source Code, 2011, is a film about a pilot who relives the last eight minutes "
                                  "of a stranger's life.", "Summary judgment was refused by the court in March.",
                                  "Date palms grow along the harbour wall, planted by the council in 1962."])
def test_a_sentence_starting_with_a_label_word_is_read(line):
    body = [f"{s} {s}" for s in SENTENCES]
    body.insert(3, line)
    assert paragraphs(html(_ps(body))) == body


@pytest.mark.parametrize("label", ["Source: University of Norfjord", "SUMMARY: ferries to run twice as often",
                                   "Date: 9 March 2026"])
def test_a_label_line_still_goes(label):
    body = [f"{s} {s}" for s in SENTENCES]
    assert paragraphs(html(_ps(body[:3] + [label] + body[3:]))) == body


@pytest.mark.parametrize("hide", ["style='display:none'", "style='DISPLAY: none;'", "style='visibility: hidden'",
                                  "hidden", "style='color: red; visibility:hidden'"])
@pytest.mark.parametrize("where", [0, 3, 6])
def test_text_the_page_hides_from_its_readers_is_not_read(hide, where):
    body = [f"{s} {s}" for s in SENTENCES]
    secret = "<p>This paragraph is hidden by the page and appears only in a dialog after a script runs.</p>"
    got = paragraphs(html(_ps(body[:where]) + f"<div {hide}>{secret}</div>" + _ps(body[where:])))
    assert got == body


def test_a_page_that_hides_nearly_all_its_text_until_a_script_runs_is_read_whole():
    body = [f"{s} {s}" for s in SENTENCES]
    got = paragraphs(html(_ps(body[:1]) + f"<div style='display:none'>{_ps(body[1:])}</div>"))
    assert got == body


SLIDES = [
    "Bank raises rates again The central bank lifted its main rate for the fourth time this year, citing prices.",
    "Carmaker recalls vans A fault in the braking system led the company to call back forty thousand vans.",
    "Airport put up for sale The owners of the city airport said they had hired advisers to find a buyer.",
    "Retail sales slip Shoppers spent less in June than in May, as the price of food went on rising.",
    "Brewer cuts jobs The brewer will close two plants and cut three hundred jobs over the next year.",
]
COUNTERS = {"slash": "{k}/{n} ", "spaced": "{k} / {n} ", "of": "{k} of {n} ", "brackets": "({k} de {n}) ",
            "upper": "{k} OF {n} "}


def _slideshow(counter: str, count: int, total: int = 50, start: int = 1) -> list[str]:
    return [COUNTERS[counter].format(k=start + n, n=total) + SLIDES[n % len(SLIDES)] for n in range(count)]


@pytest.mark.parametrize("counter", list(COUNTERS))
@pytest.mark.parametrize("where", [0, 3, 6])
@pytest.mark.parametrize("count", [3, 5])
def test_a_slideshow_about_something_else_inside_the_article_is_not_read(counter, where, count):
    """Another section's pictures ('Business news in pictures', '12/50 ...') placed inside or after an article:
    numbered out of the same total, three or more, about other things than the article's prose."""
    body = [f"{s} {s}" for s in SENTENCES]
    shown = body[:where] + _slideshow(counter, count, start=7) + body[where:]
    assert paragraphs(html(_ps(shown))) == body


@pytest.mark.parametrize("counter", ["slash", "of"])
def test_a_page_that_is_the_slideshow_is_read_whole(counter):
    slides = _slideshow(counter, 5, total=5)
    assert paragraphs(html(_ps(["The week in business, in pictures."] + slides))) == \
        ["The week in business, in pictures."] + slides


def test_a_slideshow_about_the_articles_own_subject_is_read():
    body = [f"{s} {s}" for s in SENTENCES]
    slides = [f"{k}/4 {s}" for k, s in enumerate(SENTENCES[:4], start=1)]
    assert paragraphs(html(_ps(body + slides))) == body + slides


@pytest.mark.parametrize("lines", [
    ["1/4 cup of melted butter", "3/4 cup of sugar", "2/4 cup of flour"],      # short: ingredients, not slides
    [f"{k}/50 {SLIDES[0]}" for k in (3, 3, 3)],                               # one place said three times
    [f"{k}/2 {s}" for k, s in zip((1, 2, 1), SLIDES)],                        # a total under three
    [f"1/{n} {s}" for n, s in zip((10, 20, 30), SLIDES)],                      # no common total
])
def test_numbered_lines_that_are_no_slideshow_are_read(lines):
    body = [f"{s} {s}" for s in SENTENCES]
    got = paragraphs(html(_ps(body[:3] + lines + body[3:])))
    assert all(line in got for line in lines), got
