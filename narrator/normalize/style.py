"""House style applied to the spoken spans: 'and' inside numbers, 'a' or 'per' in rates."""

from __future__ import annotations

import re

NUMBER_AND = re.compile(r"\b(hundred|thousand|million|billion|trillion) and ([a-z]+)")
"""The British 'and' after hundred, thousand ... before the tens and units ('one hundred and five')."""
UNDER_HUNDRED = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                 "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
                 "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "first", "second", "third",
                 "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
                 "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
                 "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth"}
RATE = re.compile(r"\b(?:a|an) (year|month|week|day|night|hour|minute|second|share|barrel|tonne|ton|liter|gallon|"
                  r"pint|mile|acre|hectare)\b")
"""A rate said with 'a' ('a month'), as the verbalizers write it after '/'."""
NUMERIC_CLASSES = {"cardinal", "money", "measure", "range", "score", "year", "decade", "percent", "fraction", "model",
                   "ordinal", "time"}


def house_style(text: str, rewrites: list[tuple[int, int, str, str]], number_and: bool,
                rate_word: str) -> list[tuple[int, int, str, str]]:
    """The rewritten spans in the house style: without 'and' inside numbers, and rates with 'per' when asked."""
    styled = []
    for start, end, spoken, name in rewrites:
        if name in NUMERIC_CLASSES:
            if not number_and:
                spoken = NUMBER_AND.sub(lambda m: f"{m.group(1)} {m.group(2)}" if m.group(2) in UNDER_HUNDRED
                                        else m.group(0), spoken)
            if rate_word == "per" and "/" in text[start:end]:
                spoken = RATE.sub(r"per \1", spoken)
        styled.append((start, end, spoken, name))
    return styled
