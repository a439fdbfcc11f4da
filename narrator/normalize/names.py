"""Grammars of numbers that are names: aircraft, chips, consoles and product codes, video lines, '4K' screens."""

from __future__ import annotations

import re

from . import tables
from .numbers import cardinal, digits, name_number, plural
from .scanner import Context, Grammar

BOEING = re.compile(r"7[0-9]7")
"""Boeing's numbers, said digit by digit ('seven eight seven')."""
NOT_MODEL_WORDS = {"Page", "Pages", "Figure", "Table", "Verse", "Line", "Paragraph", "Exhibit", "Item", "Vol",
                   "Volume", "Clause", "Rule"}
"""Capitalised words before a number that count rather than name ('Page 345')."""
SCREEN_WORDS = {"panels", "screens", "displays", "monitors", "tvs", "televisions", "videos", "cameras", "streams",
                "sets", "projectors", "films", "movies", "phones", "models", "versions", "graphics", "visuals"}
NOT_MODEL_TAILS = {*tables.UNITS, *tables.MORE_UNITS, *tables.TIME_ZONES, *tables.MAGNITUDES, "AD", "BC", "BCE", "CE",
                   "C", "F", "GMT", "HRS", "H", "HR", "PM", "AM"}
"""Capitals after a number that make it a measure, a time or a year ('1500W', '0300GMT', '2000AD'), not a model."""
PEOPLE_AFTER = {"people", "runners", "fans", "followers", "subscribers", "jobs", "users", "homes", "workers",
                "staff", "views", "votes", "likes", "miles", "steps", "words", "employees", "members", "viewers"}


def _aviation(context: Context) -> bool:
    window = context.text[max(0, context.start - 120):context.end + 120].lower()
    return any(word in tables.AVIATION_WORDS for word in re.findall(r"[a-z]+", window))


def _flight_number(letters: str, number_text: str, context: Context, spaced: bool) -> bool:
    """'Flight EZY8012', 'UA 901 landed': an airline's code and a flight's number, said digit by digit."""
    if not (letters.isupper() and 2 <= len(letters) <= 3 and 3 <= len(number_text) <= 4):
        return False
    before = context.text[max(0, context.start - 30):context.start].lower().split()
    if before and before[-1].strip(".,;:") in ("flight", "flights"):
        return True
    return spaced and len(letters) == 2 and _aviation(context) and context.next_word().islower()


def model_number(text: str, context: Context, boeing: bool | None = None) -> str:
    """A model's number: Boeing's 7x7 digit by digit in aviation copy, others as names ('three eighty')."""
    if BOEING.fullmatch(text) and (_aviation(context) if boeing is None else boeing):
        return digits(text)
    return name_number(text)


def _plural(spoken: str) -> str:
    """'A three eighty' -> 'A three eighties' ('A380s'); 'seven eight seven' -> 'seven eight sevens'."""
    head, _, last = spoken.rpartition(" ")
    return f"{head} {plural(last)}".strip() if last[:1].islower() else spoken + "s"


def _letters(letters: str) -> str:
    if letters in tables.ACRONYMS_AS_WORDS:
        return tables.ACRONYMS_AS_WORDS[letters]
    if len(letters) > 1 and letters[1:].islower() or (len(letters) > 3 and re.search(r"[AEIOU]", letters)):
        return letters
    return " ".join(letters.upper()) if letters.isupper() or len(letters) == 1 else letters


def _tail(tail: str) -> str:
    """What follows a model's number: 'X' -> 'X', 'neo' -> 'neo', 'ER' -> 'E R', 'MAX' -> 'Max'."""
    if not tail:
        return ""
    if tail in tables.ACRONYMS_AS_WORDS:
        return " " + tables.ACRONYMS_AS_WORDS[tail]
    if tail.isupper() or len(tail) == 1:
        return " " + " ".join(tail.upper())
    return " " + tail


def _variant(variant: str | None, context: Context) -> str:
    if not variant:
        return ""
    number_part = re.match(r"\d*", variant).group(0)
    spoken = name_number(number_part) if number_part else ""
    letters = variant[len(number_part):]
    return f" {spoken}{_tail(letters) if number_part else _letters(letters)}".rstrip()


def _sentence_words(context: Context) -> set[str]:
    """The lower-case words within about a sentence of the match."""
    return set(re.findall(r"[a-z]+", context.text[max(0, context.start - 100):context.end + 60].lower()))


def _letter_code(match: re.Match[str], context: Context) -> str | None:
    """'A380' -> 'A three eighty', 'PS5' -> 'P S five', 'i7' -> 'i seven', 'ID.4' -> 'I D four',
    'A350-1000' -> 'A three fifty one thousand', 'A320neo' -> 'A three twenty neo'."""
    letters, number_text = match.group("letters"), match.group("digits")
    if match.group(0) in tables.ABBREVIATIONS:
        return tables.ABBREVIATIONS[match.group(0)]  # 'WW1'
    if letters in ("s", "ss") and not match.group("tail") and (context.previous_word().lower() in ("under", "of", "and", "in")
                                                              and _sentence_words(context) & tables.STATUTE_WORDS):
        return None  # 'under s1 of the Act': a section, read by the statute class
    if letters in tables.CURRENCY_CODES and (not match.group("tail") or match.group("tail") in tables.MAGNITUDES):
        return None  # 'Rs1', 'EUR5': money
    if letters == "R" and not match.group("tail") and _sentence_words(context) & tables.RAND_WORDS:
        return None  # 'past R19 to the dollar' in South African copy: money
    if match.group("dot") and not (letters.isupper() and len(letters) >= 2):
        return None
    if letters.islower() and len(letters) == 1 and len(number_text) > 2:
        return None
    if letters.islower() and len(letters) > 1:
        if match.group(0) != letters + number_text:
            return None  # 'mid-1990s', 'pre-2008': a prefix, said with its own class
        spoken_letters = letters if re.search(r"[aeiouy]", letters) and len(letters) >= 3 else " ".join(letters.upper())
        return f"{spoken_letters} {digits(number_text) if len(number_text) > 4 else name_number(number_text)}"
    if len(number_text) > 1 and number_text.startswith("0") or _flight_number(letters, number_text, context, False):
        spoken_number = digits(number_text, "oh")
    else:
        spoken_number = model_number(number_text, context, boeing=letters in ("B", "KC", "E", "C") or None)
    spoken = f"{_letters(letters)} {spoken_number}{_tail(match.group('tail') or '')}{_variant(match.group('variant'), context)}"
    return _plural(spoken) if match.group("plural") else spoken


def _descending(number_text: str, variant: str | None) -> bool:
    """'747-400': a right side as long and smaller cannot end a range, so the hyphen joins a model's variant."""
    if not (variant and variant.isdigit()):
        return False
    if len(variant) >= len(number_text):
        return len(variant) == len(number_text) and int(variant) < int(number_text)
    return int(variant) < int(number_text[-len(variant):])  # '787-10' cannot shorten '787 to 810'



def _named_jet(context: Context) -> bool:
    """'The 757 was a workhorse': a 7x7 after an article, not counting anything, is Boeing's."""
    following = context.next_word()
    return context.previous_word().lower() in ("the", "a", "an", "its", "their", "his", "her") \
        and not _plural_noun(following) and following not in tables.UNITS \
        and (following.islower() or following.isupper() and following.isalpha())


NOT_PLURALS = {"was", "is", "has", "does", "goes", "its", "this", "his", "as", "us", "plus", "thus", "whereas",
               "across", "less", "unless", "always", "perhaps", "yes"}


def _plural_noun(word: str) -> bool:
    """'passengers', 'votes': a word that can be counted ('was', 'has' are not)."""
    return bool(re.fullmatch(r"[a-z]+s", word)) and word not in NOT_PLURALS


def _digit_code(match: re.Match[str], context: Context) -> str | None:
    """'777X' -> 'seven seven seven X', '787-9' (a jet) -> 'seven eight seven nine', '747-400' -> '... four hundred'."""
    number_text, tail, variant = match.group("digits"), match.group("tail") or "", match.group("variant")
    if not tail and not (BOEING.fullmatch(number_text) and (_aviation(context) or _descending(number_text, variant)
                                                            or _named_jet(context))):
        return None
    if tail and len(tail) == 1 and tail in "KMBGDP" and not BOEING.fullmatch(number_text):
        return None  # '40K', '5G', '3D' are other classes
    if tail and (tail.islower() or tail in NOT_MODEL_TAILS):
        return None
    spoken = f"{model_number(number_text, context, boeing=True)}{_tail(tail)}{_variant(variant, context)}"
    return _plural(spoken) if match.group("plural") else spoken


def _video_lines(match: re.Match[str], context: Context) -> str | None:
    """'1080p' -> 'ten eighty p'."""
    if {w.lower() for w in context.previous_words(4)} & MONEY_BEFORE:
        return None
    return f"{name_number(match.group('lines'))} {match.group('scan')}"


MONEY_BEFORE = {"pay", "paid", "salary", "earn", "earns", "earned", "earning", "worth", "costs", "cost", "raised",
                "budget", "income", "wage", "wages", "bonus", "price", "priced", "fee", "fees", "rent"}


def _screen_k(match: re.Match[str], context: Context) -> str | None:
    """'4K-ready', '8K panels', 'in 4K': a resolution, said 'four K'; '40K runners' stays thousands."""
    amount = int(match.group("n"))
    if amount > 16:
        return None
    following = context.next_word().lower()
    in_resolution = context.previous_word().lower() in ("in", "at", "of", "to")
    if _plural_noun(following) and following not in SCREEN_WORDS and not in_resolution:
        return None
    if following in PEOPLE_AFTER or {w.lower() for w in context.previous_words(4)} & MONEY_BEFORE:
        return None
    if context.before.rstrip()[-1:] in tables.CURRENCY_SYMBOLS:
        return None
    rate = match.group("rate")
    return f"{cardinal(match.group('n'))} K" + (f" {cardinal(rate)}" if rate else "")


def _after_model_word(match: re.Match[str], context: Context) -> str | None:
    """'RTX 4090' -> 'R T X forty ninety', 'Xbox 360' -> 'Xbox three sixty', 'Boeing 737' -> '... seven three seven'."""
    name, number_text = match.group("name"), match.group("digits")
    if len(number_text) > 1 and number_text.startswith("0"):
        return None
    if name in NOT_MODEL_WORDS or name in tables.SENTENCE_START_WORDS or name.lower() in tables.MONTHS \
            or name in tables.TITLES or name in tables.TIME_ZONES or name in tables.CURRENCY_CODES \
            or name in tables.CAPITAL_WORDS or name.rstrip("s") in ("No", "Nos") or name in tables.STREET_TYPES \
            or name in tables.ABBREVIATIONS or name in tables.ABBREVIATIONS_BEFORE_NUMBERS:
        return None
    if _flight_number(name, number_text, context, True):
        return f"{_letters(name)} {digits(number_text, 'oh')}"
    value = int(number_text)
    if len(number_text) == 4 and 1000 <= value <= 2099:
        return None  # a year: its own class
    before = context.text[:match.start("name")].rstrip()
    if (not before or before[-1] in ".!?:\"“") and name not in tables.LONG_INITIALISMS and not name.isupper():
        return None  # a capitalised sentence opener, not a name
    following = context.text[match.end():match.end() + 40]
    if context.next_word() in tables.MODEL_NOUNS:
        return f"{name} {model_number(number_text, context)}"  # 'Olympus 593 engines'
    if re.match(r"\s?(?:[a-z]+s\b|%|percent|per\b|[a-z]{1,3}\b(?!\s))", following) and not following.startswith(" on"):
        next_word = following.split()[0] if following.split() else ""
        if next_word.lower() not in ("is", "was", "has", "and", "or", "in", "as", "its", "this", "his", "plus"):
            return None  # 'Smith 345 votes', 'Oak 300m': a quantity
    if following.startswith("-") or number_text in tables.EMERGENCY_NUMBERS:
        return None
    spoken_name = _letters(name) if name.isupper() else name
    return f"{spoken_name} {model_number(number_text, context, True if name.lower() == 'boeing' else None)}"


def grammars() -> list[Grammar]:
    """Names with numbers, tried before the numeric classes (they win a tie in length)."""
    lines = "|".join(sorted(tables.VIDEO_LINES, key=len, reverse=True))
    return [
        Grammar("model", re.compile(r"(?P<letters>[A-Z]{1,5}|[A-Z][a-z]+|[a-z]{1,8})(?P<dot>\.)?-?(?P<digits>\d{1,4})"
                                    r"(?P<tail>[A-Z][A-Za-z]{0,3}|[a-z]{2,4}(?<!s))?(?:-(?P<variant>\d{1,4}(?:[A-Z]{1,3})?|[A-Z]{1,3}))?(?P<plural>(?<=\d)s)?"
                                    r"(?![\w]|[.,]\d|-\w)"), _letter_code, "ul"),
        Grammar("model", re.compile(r"(?P<digits>\d{3,4})(?P<tail>[A-Z]{1,3})?(?:-(?P<variant>\d{1,4}(?:[A-Z]{1,3})?|[A-Z]{1,3}))?"
                                    r"(?P<plural>s)?(?![\w]|[.,]\d|-\w|\s?%)"), _digit_code, "d"),
        Grammar("model", re.compile(rf"(?P<lines>{lines})(?P<scan>[pi])(?![\w])"), _video_lines, "d"),
        Grammar("model", re.compile(r"(?P<n>\d{1,2})K(?P<rate>\d{2,3})?(?:/(?=[A-Z\d])|(?=-[a-z]|[\s.,;:!?)]|$))"), _screen_k, "d"),
        Grammar("model", re.compile(r"(?P<name>[A-Z][A-Za-z]*)\s(?P<digits>\d{3,4})(?![\w,.:/-]\d|[\w%])"),
                _after_model_word, "u"),
    ]
