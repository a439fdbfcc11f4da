"""bench/extraction.py's own rules: the repair of mis-decoded expected texts and the per-page time ratio."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings as hypothesis_settings, strategies as st

from bench.extraction import Output, Page, Run, repair, run_systems
from narrator.testing.shingles import Summary

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=80)


def misdecoded(text: str) -> str:
    """UTF-8 read as Latin-1, as the corpus's broken expected texts are."""
    return text.encode("utf-8").decode("latin-1")


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=4))
def test_any_text_read_as_latin1_is_repaired_whole(lines):
    text = "\n".join(lines)
    assert repair(misdecoded(text)) == text


@hypothesis_settings(max_examples=200, deadline=None)
@given(TEXT)
def test_a_correct_text_is_left_as_it_is(text):
    """Correct text is never changed, unless its Latin-1 characters spell UTF-8 ('Ã©'), which no writer means."""
    assume(not re.search("[\xc2-\xf4][\x80-\xbf]", text))
    assert repair(text) == text


@pytest.mark.parametrize("text", ["café crème", "Zürich, São Paulo", "naïve — “quoted”", "œuvre", "15 °C"])
def test_latin_text_of_every_kind_is_left_as_it_is(text):
    assert repair(text) == text


@pytest.mark.parametrize("where", ["start", "middle", "end"])
@pytest.mark.parametrize("lost", ["\x85", "\xa0", "\x85\xa0"])
def test_a_character_whose_bytes_became_a_space_is_unknown_and_its_neighbours_repaired(where, lost):
    """'公' is E5 85 AC: read as Latin-1 its 0x85 is white space, which the corpus normalised to one space."""
    broken = misdecoded("公").replace("\x85", lost).replace(lost, " ")
    before, after = {"start": ("", "司的人"), "middle": ("我们", "司"), "end": ("人工智能", "")}[where]
    got = repair(misdecoded(before) + broken + misdecoded(after))
    assert got == before + "\ufffd" + after


def test_mixed_lines_are_repaired_one_by_one():
    text = misdecoded("图为马湘在澳大利亚") + "\n\u3000\u3000出国前：政治科目\n" + misdecoded("It’s “fine”")
    assert repair(text) == "图为马湘在澳大利亚\n\u3000\u3000出国前：政治科目\nIt’s “fine”"


def _run(seconds: list[float]) -> Run:
    return Run(Summary(), sum(seconds), [], page_seconds=seconds)


def test_the_time_ratio_is_the_median_of_the_per_page_ratios():
    assert _run([2.0, 3.0, 100.0]).time_ratio(_run([1.0, 1.0, 1.0])) == 3.0


def test_systems_run_page_by_page_each_once_per_repeat():
    calls: list[tuple[str, str]] = []
    pages = [Page(name, b"", "", "some expected words here", {}) for name in ("a", "b", "c")]

    def system(label: str):
        def run(page: Page) -> Output:
            calls.append((label, page.name))
            return Output(page.expected)
        return run

    results = run_systems({"one": system("one"), "two": system("two")}, pages, repeats=2)
    timed = calls[2:]  # each system's untimed warm-up page first
    assert [page for _label, page in timed] == ["a"] * 4 + ["b"] * 4 + ["c"] * 4
    assert timed[0][0] != timed[4][0]  # the order rotates from page to page
    assert all(len(run.page_seconds) == 3 and run.summary.f1 == 1.0 for run in results.values())


@pytest.mark.parametrize("position", ["first", "middle", "last"])
def test_the_recall_gap_puts_each_missing_shingle_to_one_stage(position):
    """bench/recall_gap.py: text absent from the extractor's Markdown was not extracted; text in a dropped line goes to
    that drop's stage (its first drop, without the particulars); text in the Markdown that no drop holds was parsed
    away; every missing shingle is counted once."""
    from bench.recall_gap import NOT_EXTRACTED, PARSED_AWAY, attribute
    from narrator.testing.shingles import shingles

    lost = {"first": "the related story about the other thing", "middle": "a code listing read as notice only",
            "last": "words that the fast pass never found"}
    kept = "the article's own sentence that everyone reads"
    blocks = {"first": [lost["first"], kept, lost["middle"]], "middle": [kept, lost["first"], lost["middle"]],
              "last": [kept, lost["middle"], lost["first"]]}[position]
    markdown = "\n\n".join(blocks)
    missing = shingles(lost["first"]) + shingles(lost["middle"]) + shingles(lost["last"])
    drops = [(lost["first"], "tail: short paragraph about something else (3% of its words)"),
             (lost["first"], "page header")]
    stages = attribute(missing, markdown, drops)
    assert stages == {"tail": sum(shingles(lost["first"]).values()),
                      PARSED_AWAY: sum(shingles(lost["middle"]).values()),
                      NOT_EXTRACTED: sum(shingles(lost["last"]).values())}
    assert sum(stages.values()) == sum(missing.values())
