"""Number words: cardinals, ordinals, decimals, years, digits, fractions, roman numerals, plurals."""

from __future__ import annotations

from functools import lru_cache

from num2words import num2words

from . import tables

MAX_NUMBER_DIGITS = 15
"""Longer digit runs are read digit by digit (serial numbers, not quantities)."""


def digits(text: str, zero: str = "zero") -> str:
    """Each digit as a word: '007' -> 'zero zero seven' (or 'oh oh seven' with zero='oh')."""
    return " ".join(zero if d == "0" else tables.DIGITS[d] for d in text if d.isdigit())


@lru_cache(maxsize=4096)
def _words(value: int) -> str:
    return num2words(value).replace(",", "")


def cardinal(text: str) -> str:
    """'1,234' -> 'one thousand two hundred and thirty-four'; '-5' -> 'minus five'."""
    text = text.replace(",", "").replace("\u2212", "-").replace("\u2009", "").replace(" ", "")
    negative = text.startswith("-")
    text = text.lstrip("+-")
    if not text.isdigit():
        return text
    words = digits(text) if len(text) > MAX_NUMBER_DIGITS else _words(int(text))
    return f"minus {words}" if negative else words


def decimal(text: str) -> str:
    """'3.14' -> 'three point one four'; '.5' -> 'point five'."""
    text = text.replace(",", "").replace("\u2212", "-")
    negative = text.startswith("-")
    whole, _, fraction = text.lstrip("+-").partition(".")
    spoken = (cardinal(whole) + " " if whole else "") + ("point " + digits(fraction) if fraction else "")
    return ("minus " if negative else "") + spoken.strip()


def number(text: str) -> str:
    """A cardinal or a decimal, whichever the text is."""
    return decimal(text) if "." in text else cardinal(text)


@lru_cache(maxsize=1024)
def ordinal(value: int) -> str:
    """21 -> 'twenty-first'."""
    return num2words(value, to="ordinal").replace(",", "")


def ordinal_text(text: str) -> str:
    """'1,000' -> 'one thousandth'."""
    return ordinal(int(text.replace(",", "")))


@lru_cache(maxsize=1024)
def year(text: str) -> str:
    """'1905' -> 'nineteen oh five'; '2009' -> 'two thousand and nine'; '2016' -> 'twenty sixteen'."""
    value = int(text)
    if value < 1000 or value >= 10000:
        return cardinal(text)
    if value % 100 == 0 and value % 1000 != 0:
        return f"{cardinal(str(value // 100))} hundred"
    return num2words(value, to="year").replace("-", " ").replace(",", "")


def name_number(text: str) -> str:
    """A number that names a model, said as people say names: '380' -> 'three eighty', '4090' -> 'forty ninety',
    '1000' -> 'one thousand', '100' -> 'one hundred', '007' -> 'zero zero seven'."""
    if not text.isdigit():
        return cardinal(text)
    if len(text) > 1 and text.startswith("0"):
        return digits(text)
    if len(text) <= 2 or len(text) > 4:
        return cardinal(text)
    if len(text) == 3:
        if text.endswith("00"):
            return cardinal(text)
        return f"{tables.DIGITS[text[0]]} {clock_minutes(int(text[1:]))}"
    if text.endswith("000") or text[2:] == "00" and text[1] == "0":
        return cardinal(text)
    if text[2:] == "00":
        return f"{cardinal(text[:2])} hundred"
    return f"{cardinal(text[:2])} {clock_minutes(int(text[2:]))}"


def clock_minutes(minute: int) -> str:
    """Minutes after the hour as a clock says them: 0 -> '', 5 -> 'oh five', 30 -> 'thirty'."""
    if minute == 0:
        return ""
    return f"oh {cardinal(str(minute))}" if minute < 10 else cardinal(str(minute))


def is_one(amount: str) -> bool:
    """True when the amount is exactly one (singular units)."""
    return amount.replace(",", "").lstrip("+") in ("1", "1.0", "01")


UNINFLECTED = {"yen", "won", "yuan", "baht", "rand", "hertz", "kilohertz", "megahertz", "gigahertz", "stone", "deer",
               "sheep", "aircraft", "fahrenheit", "celsius", "percent", "lux", "kroner", "krona", "krone", "renminbi",
               "naira", "rupiah", "dong", "kwacha"}


def plural(word: str) -> str:
    """'mile' -> 'miles', 'foot' stays irregular in the tables; uninflected nouns stay."""
    last = word.split()[-1] if word.split() else word
    if last.lower() in UNINFLECTED:
        return word
    if last.endswith("foot"):
        return word[:-4] + "feet"
    if last.endswith("penny"):
        return word[:-5] + "pence"
    if last.endswith("y") and not last.endswith(("ay", "ey", "oy", "uy")):
        return word[:-1] + "ies"
    if last.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def fraction_words(numerator: int, denominator: int) -> str | None:
    """3, 4 -> 'three quarters'; 1, 2 -> 'one half'; None for an unusable denominator."""
    if denominator <= 1 or denominator > 1000:
        return None
    name = {2: "half", 4: "quarter"}.get(denominator) or ordinal(denominator).removeprefix("one ")
    if numerator == 1:
        return f"{'a' if denominator in (2, 4) else 'one'} {name}"
    return f"{cardinal(str(numerator))} {'halves' if name == 'half' else plural(name)}"


ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_to_int(numeral: str) -> int | None:
    """'XIV' -> 14; None when the text is not a well-formed roman numeral."""
    total = 0
    for index, char in enumerate(numeral):
        value = ROMAN_VALUES.get(char)
        if value is None:
            return None
        following = ROMAN_VALUES.get(numeral[index + 1]) if index + 1 < len(numeral) else 0
        total += -value if following and following > value else value
    return total if 0 < total < 4000 and int_to_roman(total) == numeral else None


def int_to_roman(value: int) -> str:
    """14 -> 'XIV'."""
    out = ""
    for amount, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                            (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= amount:
            out += letters
            value -= amount
    return out
