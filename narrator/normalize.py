"""normalize_text(): written English in, the words a narrator would say out.

Rules run in a fixed order over the text, each a regular expression with a handler that returns spoken words
(never digits), so later rules cannot re-read what earlier ones wrote. The word tables live in
`normalize_tables.py`; the user lexicon (config/lexicon.toml) is applied first.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from num2words import num2words

from . import normalize_tables as tables

if TYPE_CHECKING:
    from .config import Settings

_LOGGER = logging.getLogger(__name__)

MAX_NUMBER_DIGITS = 15
"""Longer digit runs are read digit by digit (serial numbers, not quantities)."""

# --- number words -----------------------------------------------------------------------------------------


def digits(text: str) -> str:
    """Each digit as a word: '007' -> 'zero zero seven'."""
    return " ".join(tables.DIGITS[d] for d in text if d.isdigit())


def cardinal(text: str) -> str:
    """'1,234' -> 'one thousand, two hundred and thirty-four'; '-5' -> 'minus five'."""
    text = text.replace(",", "").replace("\u2212", "-")
    negative = text.startswith("-")
    text = text.lstrip("+-")
    if not text.isdigit():
        return text
    if len(text) > MAX_NUMBER_DIGITS:
        words = digits(text)
    else:
        words = num2words(int(text)).replace(",", "")
    return f"minus {words}" if negative else words


def decimal(text: str) -> str:
    """'3.14' -> 'three point one four'; '.5' -> 'point five'."""
    text = text.replace(",", "")
    negative = text.startswith("-")
    whole, _, fraction = text.lstrip("+-").partition(".")
    spoken = (cardinal(whole) + " " if whole else "") + ("point " + digits(fraction) if fraction else "")
    return ("minus " if negative else "") + spoken.strip()


def number(text: str) -> str:
    """A cardinal or a decimal, whichever the text is."""
    return decimal(text) if "." in text else cardinal(text)


def ordinal(value: int) -> str:
    """21 -> 'twenty-first'."""
    return num2words(value, to="ordinal")


def year(text: str) -> str:
    """'1905' -> 'nineteen oh five'; '2009' -> 'two thousand and nine'; '2016' -> 'twenty sixteen'."""
    value = int(text)
    if value < 1000 or value >= 10000:
        return cardinal(text)
    return num2words(value, to="year").replace("-", " ")


UNINFLECTED = {"yen", "won", "yuan", "baht", "rand", "hertz", "stone", "deer", "sheep", "aircraft"}


def _plural(word: str) -> str:
    if word.split()[-1] in UNINFLECTED:
        return word
    if word.endswith(("y",)) and not word.endswith(("ay", "ey", "oy")):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def quantity(amount: str, singular: str, plural: str | None = None) -> str:
    """An amount with a unit, singular only for exactly one: '1 kg' -> 'one kilogram'."""
    spoken = number(amount)
    is_one = amount.replace(",", "").lstrip("+") in ("1", "1.0")
    return f"{spoken} {singular if is_one else (plural or _plural(singular))}"


# --- rules -------------------------------------------------------------------------------------------------

Handler = Callable[[re.Match[str]], str]
NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
MONTHS = "|".join(sorted({k.capitalize() for k in tables.MONTHS}, key=len, reverse=True))
"""Capitalised month names only: 'may' the verb is never a month."""


@dataclass(frozen=True)
class Rule:
    """One rewriting rule: a pattern and what to say for each match."""

    name: str
    pattern: re.Pattern[str]
    handler: Handler


def _money(match: re.Match[str]) -> str:
    groups = match.groupdict()
    symbol = groups.get("symbol") or ""
    code = (groups.get("code") or groups.get("code_after") or "").upper()
    amount = groups["amount"]
    magnitude = (groups.get("magnitude") or "").lower()
    currency = (tables.CURRENCY_CODES.get(code + symbol) or tables.CURRENCY_SYMBOLS.get(symbol)
                or tables.CURRENCY_CODES.get(code))
    if currency is None:
        return match.group(0)
    major, minor_name = currency
    if magnitude:
        scale = tables.MAGNITUDES[magnitude.rstrip(".")]
        # "a £1.2m deal": after an article and before a noun the amount is an adjective, so "pound", not "pounds".
        before = match.string[:match.start()].rstrip().rsplit(" ", 1)[-1].lower()
        following = match.string[match.end():match.end() + 2]
        unit = major if before in ("a", "an") and re.match(r" [a-z]", following) else _plural(major)
        return f"{number(amount)} {scale} {unit}"
    whole, _, cents = amount.replace(",", "").partition(".")
    if cents and len(cents) == 2 and minor_name:
        whole_words = "" if int(whole or 0) == 0 else quantity(whole or "0", major)
        cent_words = "" if int(cents) == 0 else quantity(str(int(cents)), *_minor(minor_name))
        return " and ".join(w for w in (whole_words, cent_words) if w) or f"zero {_plural(major)}"
    return quantity(amount, major)


def _minor(name: str) -> tuple[str, str]:
    return (name, "pence") if name == "penny" else (name, _plural(name))


def _pence(match: re.Match[str]) -> str:
    return quantity(match.group(1), "penny", "pence")


def _day_month_year(match: re.Match[str]) -> str:
    day = int(match.group("day"))
    month = tables.MONTHS[match.group("month").lower().rstrip(".")]
    article = "" if match.string[:match.start()].lower().endswith("the ") else "the "
    spoken = f"{article}{ordinal(day)} of {month}"
    return spoken + (f" {year(match.group('year'))}" if match.group("year") else "")


def _month_day_year(match: re.Match[str]) -> str:
    month = tables.MONTHS[match.group("month").lower().rstrip(".")]
    spoken = f"{month} {ordinal(int(match.group('day')))}"
    return spoken + (f", {year(match.group('year'))}" if match.group("year") else "")


def _month_year(match: re.Match[str]) -> str:
    return f"{tables.MONTHS[match.group('month').lower().rstrip('.')]} {year(match.group('year'))}"


def _valid_date(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31


def _iso_date(match: re.Match[str]) -> str:
    y, m, d = int(match.group("y")), int(match.group("m")), int(match.group("d"))
    if not _valid_date(d, m):
        return match.group(0)
    return f"the {ordinal(d)} of {tables.MONTH_NAMES[m - 1]} {year(str(y))}"


def _numeric_date(day_first: bool) -> Handler:
    def handle(match: re.Match[str]) -> str:
        a, b, y = int(match.group("a")), int(match.group("b")), match.group("y")
        day, month = (a, b) if day_first else (b, a)
        if not _valid_date(day, month):
            day, month = month, day
        if not _valid_date(day, month):
            return match.group(0)
        if len(y) == 2:
            y = ("20" if int(y) < 50 else "19") + y
        name = tables.MONTH_NAMES[month - 1]
        if day_first:
            return f"the {ordinal(day)} of {name} {year(y)}"
        return f"{name} {ordinal(day)}, {year(y)}"
    return handle


def _time(match: re.Match[str]) -> str:
    hour, minute = int(match.group("h")), match.group("m")
    suffix = (match.group("ampm") or "").lower().replace(".", "")
    zone = match.group("zone") or ""
    if hour > 24 or (minute and int(minute) > 59):
        return match.group(0)
    words = cardinal(str(hour))
    if minute and int(minute) != 0:
        words += " " + (f"oh {cardinal(minute[1])}" if minute.startswith("0") else cardinal(minute))
    elif not suffix:
        words += " hundred" if hour > 12 or match.group("h").startswith("0") else " o'clock"
    if suffix:
        words += " " + " ".join(suffix.upper())
    if zone:
        words += " " + " ".join(zone.upper())
    return words + ("." if match.group(0).endswith(".") else "")


def _time_with_seconds(match: re.Match[str]) -> str:
    hour, minute, second = (int(match.group(k)) for k in ("h", "m", "s"))
    if hour > 24 or minute > 59 or second > 59:
        return match.group(0)
    return (f"{cardinal(str(hour))} hours, {cardinal(str(minute))} minutes and "
            f"{quantity(str(second), 'second')}")


def _range(match: re.Match[str]) -> str:
    left, right = match.group("a"), match.group("b")
    if len(left) == 4 and len(right) == 4 and 1000 <= int(left) < 2100:
        return f"{year(left)} to {year(right)}"
    if len(left) == 4 and len(right) == 2 and 1000 <= int(left) < 2100:
        return f"{year(left)} to {year(left[:2] + right)}"
    if right == "0" and left != "0":  # a 3-0 win: a score, not a range
        return f"{number(left)}-{number(right)}"
    return f"{number(left)} to {number(right)}"


def _measure(match: re.Match[str]) -> str:
    unit = match.group("unit")
    singular, plural = tables.UNITS.get(unit) or tables.UNITS[unit.lower()]
    amount = match.group("amount")
    if match.group("magnitude"):
        scale = tables.MAGNITUDES[match.group("magnitude").lower()]
        return f"{number(amount)} {scale} {plural}"
    return quantity(amount, singular, plural)


def _percent(match: re.Match[str]) -> str:
    return f"{number(match.group(1))} percent"


def _decade(match: re.Match[str]) -> str:
    text = match.group("year")
    if match.group("apostrophe"):
        return tables.DECADES.get(text[-2:], cardinal(text)) if text != "00" else "noughties"
    if text.endswith("00"):
        return f"{year(text)}s" if text[-3] != "0" else f"{cardinal(text)}s"
    spoken = year(text)
    head, _, last = spoken.rpartition(" ")
    return f"{head} {tables.DECADES.get(text[-2:], _plural(last))}".strip()


def _bare_year(match: re.Match[str]) -> str:
    return year(match.group(0))


def _ordinal(match: re.Match[str]) -> str:
    return ordinal(int(match.group(1).replace(",", "")))


def _fraction(match: re.Match[str]) -> str:
    whole = match.group("whole")
    numerator, denominator = int(match.group("n")), int(match.group("d"))
    if not whole and (numerator >= denominator or denominator > 100 or match.group(0) in ("9/11", "7/7")):
        # 24/7, 50/50, 9/11: said as two numbers, not as a fraction
        return f"{cardinal(str(numerator))} {cardinal(str(denominator))}"
    spoken = _fraction_words(numerator, denominator)
    if spoken is None:
        return match.group(0)
    return f"{cardinal(whole)} and {spoken}" if whole else spoken


def _fraction_words(numerator: int, denominator: int) -> str | None:
    if denominator == 0 or denominator > 1000:
        return None
    if denominator == 2:
        name = "half"
    elif denominator == 4:
        name = "quarter"
    else:
        name = ordinal(denominator)
    if numerator == 1:
        return f"{'a' if denominator in (2, 4) else 'one'} {name}"
    return f"{cardinal(str(numerator))} {_plural(name) if name != 'half' else 'halves'}"


def _vulgar_fraction(match: re.Match[str]) -> str:
    numerator, denominator = tables.VULGAR_FRACTIONS[match.group("symbol")]
    spoken = _fraction_words(numerator, denominator) or ""
    if match.group("whole"):
        return f"{cardinal(match.group('whole'))} and {spoken}"
    return spoken.replace("a half", "one half").replace("a quarter", "one quarter")


def _letters_and_number(match: re.Match[str]) -> str:
    letters = match.group("letters")
    if letters in tables.ACRONYMS_AS_WORDS:
        spoken_letters = tables.ACRONYMS_AS_WORDS[letters]
    else:
        spoken_letters = letters if letters[1:].islower() or len(letters) > 3 else _spell(letters)
    return f"{spoken_letters} {cardinal(match.group('digits'))}"


def _number_and_letters(match: re.Match[str]) -> str:
    return f"{cardinal(match.group('digits'))} {_spell(match.group('letters'))}"


def _dimensions(match: re.Match[str]) -> str:
    return f"{number(match.group('a'))} by {number(match.group('b'))}"


def _magnitude_number(match: re.Match[str]) -> str:
    return f"{number(match.group('amount'))} {match.group('magnitude').lower()}"


def _hyphen_number(match: re.Match[str]) -> str:
    return f"{number(match.group('amount'))}-{match.group('word')}"


def _roman(match: re.Match[str]) -> str:
    name, numeral = match.group("name"), match.group("numeral")
    value = roman_to_int(numeral)
    if value is None:
        return match.group(0)
    if name in tables.REGNAL_NAMES or name.split()[-1] in tables.REGNAL_NAMES:
        return f"{name} the {ordinal(value)}"
    if numeral == "I":
        return match.group(0)
    return f"{name} {cardinal(str(value))}"


def roman_to_int(numeral: str) -> int | None:
    """'XIV' -> 14; None when the text is not a well-formed roman numeral."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for index, char in enumerate(numeral):
        value = values.get(char)
        if value is None:
            return None
        following = values.get(numeral[index + 1]) if index + 1 < len(numeral) else 0
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


def _spell(text: str) -> str:
    return " ".join("and" if ch == "&" else ch.upper() for ch in text if ch.isalnum() or ch == "&")


def _electronic_part(part: str) -> str:
    if part.lower() in tables.SPOKEN_DOMAIN_WORDS:
        return part.lower()
    if part.isdigit():
        return digits(part)
    if len(part) <= 2 or not re.search(r"[aeiouy]", part, re.I):
        return _spell(part)
    return part


def _electronic(text: str) -> str:
    pieces = re.split(r"([./:@_\-~?=&#+%])", text)
    out: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if piece in tables.ELECTRONIC_SYMBOLS:
            out.append(tables.ELECTRONIC_SYMBOLS[piece])
        else:
            out.append(" ".join(_electronic_part(p) for p in re.findall(r"[A-Za-z]+|\d+", piece)))
    return " ".join(w for w in out if w)


def _url(match: re.Match[str]) -> str:
    url = match.group(0).rstrip(".,;:!?)")
    trailing = match.group(0)[len(url):]
    scheme, sep, rest = url.partition("://")
    spoken = (_spell(scheme) + " colon slash slash " + _electronic(rest)) if sep else _electronic(url)
    return spoken + trailing


def _email(match: re.Match[str]) -> str:
    return _electronic(match.group(0))


def _phone(match: re.Match[str]) -> str:
    text = match.group(0)
    groups = re.findall(r"\+?\d+", text)
    spoken = []
    for group in groups:
        words = digits(group)
        spoken.append(("plus " + words) if group.startswith("+") else words)
    return ", ".join(spoken)


def _title(match: re.Match[str]) -> str:
    abbreviation = match.group("abbr")
    return tables.TITLES[abbreviation.rstrip(".")]


def _number_sign(match: re.Match[str]) -> str:
    return f"number {cardinal(match.group(1))}"


def _initialism(match: re.Match[str]) -> str:
    word = match.group("word")
    plural = match.group("plural") or ""
    if word in tables.ACRONYMS_AS_WORDS:
        return tables.ACRONYMS_AS_WORDS[word] + plural
    if word in tables.CAPITAL_WORDS:
        return match.group(0)
    pronounceable = "&" not in word and len(word) >= 4 and re.search(r"[AEIOU]", word) and re.search(r"[^AEIOU&]", word)
    if pronounceable and word not in tables.LONG_INITIALISMS:
        return match.group(0)  # shouting or a name in capitals ("BOOM", "LEGO"): the voice reads it as a word
    return _spell(word) + ("s" if plural else "")


def _abbreviation(match: re.Match[str]) -> str:
    return tables.ABBREVIATIONS[match.group(0)]


def _symbol(match: re.Match[str]) -> str:
    return f" {tables.SYMBOLS[match.group(0)]} "


def _score_or_range(match: re.Match[str]) -> str:
    return f"{match.group('verb')} {cardinal(match.group('a'))} {cardinal(match.group('b'))}"


def _signed_number(match: re.Match[str]) -> str:
    return match.group("lead") + number(match.group("value").replace("\u2212", "-"))


def _degrees(match: re.Match[str]) -> str:
    scale = {"C": " Celsius", "F": " Fahrenheit", "": ""}[match.group("scale") or ""]
    spoken = number(match.group("amount"))
    return f"{spoken} {'degree' if match.group('amount') == '1' else 'degrees'}{scale}"


def _brackets(match: re.Match[str]) -> str:
    inner = match.group(1).strip()
    if inner in ("...", "…", "") or inner.lower() == "sic":
        return ""
    return inner


def build_rules(day_first: bool) -> list[Rule]:
    """Every rule, in the order it runs."""
    units = "|".join(sorted((re.escape(u) for u in tables.UNITS), key=len, reverse=True))
    symbols = "".join(re.escape(s) for s in tables.CURRENCY_SYMBOLS)
    codes = "|".join(re.escape(c) for c in sorted(tables.CURRENCY_CODES, key=len, reverse=True))
    magnitudes = "|".join(sorted((re.escape(m) for m in tables.MAGNITUDES), key=len, reverse=True))
    titles = "|".join(sorted((re.escape(t) for t in tables.TITLES), key=len, reverse=True))
    abbreviations = "|".join(sorted((re.escape(a) for a in tables.ABBREVIATIONS), key=len, reverse=True))
    vulgar = "".join(tables.VULGAR_FRACTIONS)
    regnal_any = r"[A-Z][a-z]+"
    rules = [
        ("brackets", r"\[([^\[\]]{0,200})\]", _brackets),
        ("email", r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", _email),
        ("url", r"\b(?:https?|ftp)://[^\s<>\"]+|\bwww\.[^\s<>\"]+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|io|co\.uk|org\.uk|ac\.uk|gov\.uk|uk|eu|de|fr)(?:/[^\s<>\"]*)?(?![\w@])", _url),
        ("phone", r"(?<![\w.,+-])(?:1-)?\d{3}-\d{3}-\d{4}(?![\w-])", _phone),
        ("phone", r"(?<![\w.,])(?:\+\d{1,3}[\s-]?)?(?:\(\d{2,5}\)\s?|\d{2,5}[\s-])\d{3,4}[\s-]\d{3,4}(?![\w,.]\d)", _phone),
        ("phone", r"(?<![\w.,])\d{3}-\d{4}(?![\w-])", _phone),
        ("phone", r"(?<![\w.,])0\d{4}\s\d{6}(?!\d)", _phone),
        ("money", rf"(?:(?P<code>\b(?:{codes}|US|A|C|HK|NZ)(?=\$)|\b(?:{codes}))\s?)?(?P<symbol>[{symbols}])\s?(?P<amount>{NUM})"
                  rf"(?:\s?(?P<magnitude>{magnitudes})\b)?", _money),
        ("money", rf"\b(?P<code>{codes})\s?(?P<amount>{NUM})(?:\s?(?P<magnitude>{magnitudes})\b)?", _money),
        ("money", rf"(?<![\d.,])(?P<amount>{NUM})\s?(?P<magnitude>{magnitudes})?\s?(?P<code_after>{codes})\b", _money),
        ("money", r"\b(\d+)p\b", _pence),
        ("date", rf"\b(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}})\b", _iso_date),
        ("date", r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4}|\d{2})\b", _numeric_date(day_first)),
        ("date", rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{MONTHS})\b\.?(?:,?\s+(?P<year>\d{{4}})\b)?", _day_month_year),
        ("date", rf"\b(?P<month>{MONTHS})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!:)(?:,?\s+(?P<year>\d{{4}})\b)?", _month_day_year),
        ("date", rf"\b(?P<month>{MONTHS})\.?\s+(?P<year>\d{{4}})\b", _month_year),
        ("time", r"\b(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s?(?P<ampm>[ap]\.?m\.?)(?![a-z])(?:\s?(?P<zone>GMT|BST|UTC|EST|EDT|PST|PDT|CET|CEST)\b)?", _time),
        ("time", r"\b(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2})\b", _time_with_seconds),
        ("time", r"\b(?P<h>\d{1,2}):(?P<m>\d{2})(?P<ampm>)(?!:?\d)(?:\s?(?P<zone>GMT|BST|UTC|EST|EDT|PST|PDT|CET|CEST)\b)?", _time),
        ("time", r"\b(?P<h>\d{1,2})(?P<m>)(?P<ampm>)\s?(?P<zone>GMT|BST|UTC)\b", _time),
        ("score", r"\b(?P<verb>won|lost|beat|drew|draw|win|defeat(?:ed)?|trail(?:ed|ing)?|lead(?:ing)?)\s(?P<a>\d{1,2})-(?P<b>\d{1,2})\b", _score_or_range),
        ("range", r"(?<![\d.,/-])(?P<a>\d+(?:\.\d+)?)\s?(?:–|—|-|to)\s?(?P<b>\d+(?:\.\d+)?)(?![\d/]|-\w)", _range),
        ("ordinal", r"\b(\d{1,3}(?:,\d{3})*|\d+)(?:st|nd|rd|th)\b", _ordinal),
        ("degrees", r"(?<![\d.])(?P<amount>-?\d+(?:\.\d+)?)\s?°\s?(?P<scale>[CF])?\b", _degrees),
        ("measure", rf"(?<![\w.])(?P<amount>{NUM})\s?(?P<magnitude>million|billion|thousand)?\s?(?P<unit>{units})(?![\w'])", _measure),
        ("percent", rf"(?<![\d.,])({NUM})\s?(?:%|per cent\b|percent\b)", _percent),
        ("decade", r"(?P<apostrophe>['’])?(?<!\d)(?P<year>(?:1[0-9]|20)?\d0)s\b", _decade),
        ("fraction", rf"(?:(?<!\d)(?P<whole>\d+)\s?)?(?P<symbol>[{vulgar}])", _vulgar_fraction),
        ("fraction", r"(?<![\d/])(?:(?P<whole>\d+)\s)?(?P<n>\d{1,3})/(?P<d>\d{1,3})(?![\d/])", _fraction),
        ("code", r"\b(?P<letters>[A-Z]{1,5}|[A-Z][a-z]+)-?(?P<digits>\d{1,4})\b(?![.,]\d)", _letters_and_number),
        ("code", r"(?<![\w.])(?P<a>\d+)\s?x\s?(?P<b>\d+)\b", _dimensions),
        ("code", r"(?<![\w.])(?P<digits>\d{1,3})(?P<letters>[A-Z]{1,2})\b", _number_and_letters),
        ("number", rf"(?<![\d.,])(?P<amount>{NUM})\s?(?P<magnitude>[Mm]illion|[Bb]illion|[Tt]rillion|[Tt]housand)\b", _magnitude_number),
        ("number", r"(?<![\w.])(?P<amount>\d+(?:\.\d+)?)-(?P<word>[a-z][a-z-]*)", _hyphen_number),
        ("roman", rf"\b(?P<name>{regnal_any}(?: [A-Z][a-z]+)?) (?P<numeral>[IVXLC]{{1,7}})\b(?!['’-])", _roman),
        ("number_sign", r"(?:\bNo\.?|#)\s?(\d+)\b", _number_sign),
        ("title", rf"\b(?P<abbr>{titles})(?=\s+(?:[A-Z]|and\s+(?:{titles})\b))", _title),
        ("saint", r"(?P<before>\b[A-Z][a-z]+ )?\bSt\b(?:\.(?=\s+[A-Z][a-z]))?(?P<rest>\s*)(?P<after>\S?)", None),
        ("doctor", r"(?P<before>\b[A-Z][a-z]+ )?\bDr\b(?:\.(?=\s+[A-Z][a-z]))?(?P<rest>\s*)(?P<after>\S?)", None),
        ("abbreviation", rf"(?<![\w.])(?:{abbreviations})(?![\w])", _abbreviation),
        ("initialism", r"\b(?P<word>[A-Z][A-Z&]{1,5})(?P<plural>s)?\b(?![\w'’][a-z])", _initialism),
        ("year", r"(?<![\w.,£$€¥-])(?:1\d|20)\d{2}(?![\w.,]\d|%|\s?(?:people|persons|homes|houses|jobs|words|votes|miles|children|staff|members|cases|times|troops|metres|meters|users|students|patients|pupils|residents)\b)", _bare_year),
        ("symbol", "|".join(re.escape(s) for s in tables.SYMBOLS), _symbol),
        ("number", r"(?P<lead>(?:^|(?<=[\s(]))[-\u2212]?)(?P<value>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\.\d+|\d+)(?![\d])", None),
    ]
    compiled = []
    for name, pattern, handler in rules:
        if handler is None:
            handler = {"saint": _saint_street_handler, "doctor": _doctor_handler, "number": _plain_number}[name]
        compiled.append(Rule(name, re.compile(pattern), handler))
    return compiled


def _saint_street_handler(match: re.Match[str]) -> str:
    before = match.group("before") or ""
    after = match.group("after") or ""
    rest = match.group("rest")
    if before.strip() and before.strip()[0].isupper() and not after[:1].isupper():
        return f"{before}Street{rest}{after}"
    return f"{before}Saint{rest}{after}"


def _doctor_handler(match: re.Match[str]) -> str:
    before = match.group("before") or ""
    after = match.group("after") or ""
    rest = match.group("rest")
    if before.strip() and before.strip()[0].isupper() and not after[:1].isupper():
        return f"{before}Drive{rest}{after}"
    return f"{before}Doctor{rest}{after}"


def _plain_number(match: re.Match[str]) -> str:
    return match.group("lead").replace("-", "minus ").replace("\u2212", "minus ") + number(match.group("value"))


@dataclass(frozen=True)
class Normalizer:
    """Spoken-form rewriting with a user lexicon applied first."""

    lexicon: dict[str, str] = field(default_factory=dict)
    """Whole-word, case-sensitive replacements (config/lexicon.toml)."""
    date_order: str = "dmy"
    """How to read 03/05/2024: 'dmy' (the third of May) or 'mdy' (March fifth)."""

    @classmethod
    def from_settings(cls, settings: "Settings") -> "Normalizer":
        """The normalizer configured by settings: the lexicon.toml files merged, later folders' words winning."""
        lexicon: dict[str, str] = {}
        for path in settings.rule_files("lexicon.toml"):
            lexicon.update(load_lexicon(str(path)))
        return cls(lexicon, settings.date_order)

    def normalize(self, text: str) -> str:
        """Rewrite text in spoken form; never raises (a failing rule leaves its span as written)."""
        if not isinstance(text, str) or not text:
            return text if isinstance(text, str) else ""
        if self.lexicon:
            text = _lexicon_pattern(tuple(self.lexicon)).sub(lambda m: self.lexicon[m.group(0)], text)
        for rule in _rules(self.date_order == "dmy"):
            text = rule.pattern.sub(_safe(rule), text)
        return re.sub(r"[ \t]{2,}", " ", text).strip()

    __call__ = normalize


def _safe(rule: Rule) -> Handler:
    def handle(match: re.Match[str]) -> str:
        try:
            return rule.handler(match)
        except Exception as exc:  # a rule's bug must never lose the text or stop a narration
            _LOGGER.debug("normalization rule %s failed on %r: %s", rule.name, match.group(0), exc)
            return match.group(0)
    return handle


@lru_cache(maxsize=2)
def _rules(day_first: bool) -> list[Rule]:
    return build_rules(day_first)


@lru_cache(maxsize=16)
def _lexicon_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w]){alternatives}(?![\w])")


@lru_cache(maxsize=8)
def load_lexicon(path: str) -> dict[str, str]:
    """Whole-word replacements from a TOML file's [words] table (empty when the file is missing)."""
    if not Path(path).is_file():
        return {}
    with open(path, "rb") as handle:
        return {str(k): str(v) for k, v in tomllib.load(handle).get("words", {}).items()}


_DEFAULT = Normalizer()


def normalize_text(text: str) -> str:
    """Written English in, spoken English out. Pure and deterministic; unknown input passes through."""
    return _DEFAULT.normalize(text)
