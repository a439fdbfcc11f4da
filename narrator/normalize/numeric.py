"""Grammars of the numeric semiotic classes: cardinal, decimal, ordinal, fraction, percent, money, measure,
range, score, year, decade, quarter."""

from __future__ import annotations

import re
from collections.abc import Callable

from . import tables
from .numbers import (cardinal, clock_minutes, decimal, digits, fraction_words, is_one, name_number, number,
                      ordinal_text, plural, year)
from .scanner import Context, Grammar

Speak = Callable[[str], str]
"""Normalizes a fragment (used by classes made of other classes: ranges, brackets)."""

NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?![\d,]\d)"
"""A written number: with or without thousands separators, with or without decimals."""
MAGNITUDE = r"(?:thousand|million|billion|trillion|crore|lakhs?|mn|bn|tn|trn|k|K|m|M|b|B)"
CURRENCY_SYMBOLS = "".join(re.escape(s) for s in tables.CURRENCY_SYMBOLS)
CURRENCY_CODES = "|".join(sorted((re.escape(c) for c in tables.CURRENCY_CODES if c.isalpha()), key=len, reverse=True))
ALL_UNITS = {**tables.UNITS, **tables.MORE_UNITS}
UNIT_NAMES = "|".join(sorted((re.escape(u) for u in ALL_UNITS), key=len, reverse=True))
END = r"(?![\w])"
PER_NAMES = "|".join(sorted((re.escape(u) for u in {*tables.PER_UNITS, *ALL_UNITS}), key=len, reverse=True))


def _magnitude(written: str) -> str:
    return tables.MAGNITUDES.get(written) or tables.MAGNITUDES.get(written.lower(), written)


NOT_NOUNS = {"of", "a", "an", "the", "and", "or", "to", "in", "on", "for", "from", "at", "by", "with", "into",
             "onto", "off", "up", "down", "over", "under", "per", "each", "is", "was", "are", "were", "has", "had",
             "have", "will", "would", "could", "should", "may", "might", "can", "this", "that", "last", "next",
             "more", "less", "than", "as", "so", "but", "if", "when", "while", "after", "before", "since", "until",
             "away", "ahead", "behind", "apart", "across", "through", "deep", "high", "long", "tall", "wide",
             "thick", "short", "above", "below", "beyond", "along", "around", "about", "towards", "toward", "between",
             "against", "without", "within", "during", "it", "its", "their", "his", "her", "our", "my", "your",
             "in,", "hit", "fell", "rose", "says", "said"}
DETERMINERS = {"a", "an", "the", "this", "that", "his", "her", "its", "their", "our", "my", "your", "each", "every",
               "new", "first", "second", "another", "one", "proposed", "planned", "annual", "latest", "whole"}
MONEY_NOUNS = {"coin", "coins", "note", "notes", "bill", "fine", "fee", "deal", "bonus", "loan", "grant", "payment",
               "budget", "contract", "project", "scheme", "investment", "prize", "ticket", "charge", "levy", "tax",
               "cut", "rise", "increase", "salary", "price", "bid", "offer", "takeover", "fund", "package",
               "transfer", "debt", "bailout", "overhaul", "upgrade", "redevelopment", "refurbishment", "settlement",
               "lawsuit", "claim", "stake", "valuation", "order", "bet", "jackpot", "cheque", "voucher", "stamp",
               "donation", "windfall", "subsidy", "surcharge", "discount", "raise", "hike", "shortfall", "deficit",
               "black", "hole", "gap", "penalty", "pension", "pay", "wage", "allowance", "reward", "sale", "purchase",
               "acquisition", "merger", "buyout", "expansion", "facility", "plan", "programme", "program", "bond",
               "mortgage", "house", "home", "flat", "car", "watch", "bag", "meal", "tip", "refund", "rebate"}


def _adjectival(context: Context) -> bool:
    """'a £1.2m deal', 'the new £2 coin', 'a 10km race': an amount before a noun it describes stays singular."""
    if context.text[context.end:context.end + 2] in ("-a", "-p") or re.match(r"-[a-z]", context.text[context.end:context.end + 2]):
        return True
    following = context.next_word()
    if not following or not re.match(r"\s[A-Za-z]", context.after[:2]):
        return False
    lower = following.lower()
    if lower in MONEY_NOUNS:
        return True
    previous = context.previous_word().lower()
    if re.fullmatch(r"[\d.,]+\s?[-–]|[-–]", previous) or context.text[context.start - 1:context.start] in ("-", "–"):
        previous = _word_before_range(context)  # 'the 3-5km walk': the range's right side
    if previous in ("a", "an") and lower == "can" and not context.touches_next():
        return True  # 'a 330ml can contains': the container, not the verb
    if previous in ("a", "an") and lower not in NOT_NOUNS and re.fullmatch(r"[A-Za-z]+", following) \
            and following not in tables.MONTHS.values():
        return True
    if not following.islower() or lower in NOT_NOUNS:
        return False
    return previous in DETERMINERS or previous.endswith(("'s", "’s"))


def _word_before_range(context: Context) -> str:
    """The word before a range whose right side the context holds ('the' in 'the 3-5km walk')."""
    words = re.sub(r"[\d.,]+\s?[-–]\s?$", "", context.before).split()
    return words[-1].strip(".,;:!?\"'()“”‘’").lower() if words else ""


# --- money ---------------------------------------------------------------------------------------------------

def _currency(code: str, symbol: str) -> tuple[str, str] | None:
    return (tables.CURRENCY_CODES.get(code + symbol) or tables.CURRENCY_CODES.get(code)
            or tables.CURRENCY_CODES.get(code.title())
            or tables.CURRENCY_SYMBOLS.get(symbol))


def _per(written: str | None) -> str:
    if not written:
        return ""
    unit = written.strip().lstrip("/").strip()
    if unit in tables.PER_UNITS:
        return " " + tables.PER_UNITS[unit]
    if unit in ALL_UNITS:
        return " per " + ALL_UNITS[unit][0]
    return " per " + unit


def money_words(amount: str, magnitude: str, currency: tuple[str, str], adjectival: bool) -> str:
    """'5.5', 'bn', dollars -> 'five point five billion dollars'; cents as 'and ninety-nine cents'."""
    major, minor = currency
    if magnitude:
        unit = major if adjectival else plural(major)
        return f"{number(amount)} {_magnitude(magnitude)} {unit}"
    whole, _, cents = amount.replace(",", "").partition(".")
    if cents and len(cents) == 2 and minor:
        whole_words = "" if int(whole or 0) == 0 else f"{cardinal(whole)} {major if is_one(whole) else plural(major)}"
        cent_value = int(cents)
        minor_plural = "pence" if minor == "penny" else plural(minor)
        cent_unit = minor if cent_value == 1 or (adjectival and not whole_words) else minor_plural
        cent_words = "" if cent_value == 0 else f"{cardinal(str(cent_value))} {cent_unit}"
        if adjectival and whole_words and cent_value:
            return f"{cardinal(whole)} {major} {cardinal(str(cent_value))}"  # 'the £9.99 app': nine pound ninety-nine
        return " and ".join(w for w in (whole_words, cent_words) if w) or f"zero {plural(major)}"
    unit = major if (is_one(amount) or adjectival) else plural(major)
    return f"{number(amount)} {unit}"


def _money(match: re.Match[str], context: Context) -> str | None:
    groups = match.groupdict()
    currency = _currency((groups.get("code") or "").upper(), groups.get("symbol") or "")
    if currency is None:
        return None
    magnitude = groups.get("magnitude") or ""
    code = groups.get("code") or ""
    if len(code) == 3 and not groups.get("symbol") and not magnitude and re.fullmatch(r"\d{1,2}", groups["amount"]) \
            and context.text[match.start("amount") - 1:match.start("amount")] == code[-1] \
            and not _sentence_words(context) & MONEY_CONTEXT:
        return None  # 'CAD2', 'GBP1' with no price in sight: a gene's or a product's name, not money
    spoken = money_words(groups["amount"], magnitude, currency, _adjectival(context) and not groups.get("per"))
    if groups.get("sign"):
        spoken = "minus " + spoken
    return spoken + _per(groups.get("per"))


def _rand(match: re.Match[str], context: Context) -> str | None:
    """'weakened past R19 to the dollar', 'a R2.5bn deal' in South African copy -> 'nineteen rand'."""
    if not _sentence_words(context) & tables.RAND_WORDS:
        return None
    return money_words(match.group("amount"), match.group("magnitude") or "", ("rand", "cent"), _adjectival(context))


def _pence(match: re.Match[str], context: Context) -> str:
    amount = match.group("amount")
    return f"{number(amount)} {'penny' if is_one(amount) else 'pence'}{_per(match.group('per'))}"


def _cents(match: re.Match[str], context: Context) -> str | None:
    amount = match.group("amount")
    if context.previous_word() in LABEL_WORDS and match.group(0)[-1] == "c":
        return f"{number(amount)} c"  # 'Fig. 2c': a panel's letter
    return f"{number(amount)} {'cent' if is_one(amount) else 'cents'}"


# --- measures ------------------------------------------------------------------------------------------------

LENGTH_NEARBY = {"river", "rivers", "tide", "tides", "water", "waters", "lake", "reservoir", "snowfall", "waves", "wave", "wall", "walls", "fence", "cliff", "drop", "fell", "falls", "fall", "climbed",
                 "jumped", "jump", "threw", "throw", "dived", "dive", "swell", "sea", "seas", "height", "depth",
                 "distance", "path", "road", "stretch", "section", "route", "trail", "queue", "tailback", "tall",
                 "high", "deep", "long", "wide", "flood", "floodwater", "floodwaters",
                 "snow", "snowdrifts", "drifts", "plunged", "tunnel", "runway", "hole", "sinkhole", "crack", "gap",
                 "burrowed", "dug", "drilled", "buried", "swam", "sprinted", "ran", "metres", "meters", "lies",
                 "measures", "measured", "measuring", "spans", "span", "reaches", "reached", "towers", "stands",
                 "cleared", "vaulted", "leapt", "leaped", "jumps", "hurdled", "bar", "vault", "throws", "hurled"}
MONEY_CONTEXT = {"sold", "cost", "costs", "paid", "pay", "worth", "valued", "raised", "spent", "price", "priced",
                 "fund", "funding", "budget", "deal", "fine", "fined", "bill", "earn", "earned", "earns", "salary",
                 "profit", "profits", "loss", "losses", "revenue", "turnover", "debt", "debts", "owed", "owes",
                 "bid", "offer", "award", "awarded", "damages", "compensation", "grant", "loan", "investment",
                 "invested", "donated", "donation", "fee", "fees", "bonus", "tax", "taxes", "sales", "spend",
                 "spending", "saved", "savings", "cash", "money", "pounds", "dollars", "euros", "lost", "won"}
PEOPLE_WORDS = {"people", "homes", "households", "users", "viewers", "customers", "passengers", "voters", "children",
                "adults", "men", "women", "jobs", "workers", "patients", "pounds", "dollars", "euros", "barrels",
                "tonnes", "tons", "visitors", "fans", "followers", "subscribers", "downloads", "views", "copies",
                "doses", "cases", "deaths", "trees", "acres", "hectares", "units", "properties", "more", "fewer"}


def street_follows(text: str) -> bool:
    """True when text starts with an optional full stop, then up to three capitalised (or ordinal) words ending in
    a street type: '. Main St.', ' 4th St.', ' Michigan Ave., Chicago'."""
    if text.startswith("."):
        text = text[1:]
    if not text[:1].isspace():
        return False
    words = text.split(None, 4)[:4]
    for index, word in enumerate(words):
        bare = word.rstrip(".,;:)")
        if (index or bare in tables.STREETS_ALONE) and (bare in tables.STREET_TYPES or bare + "." in tables.STREET_TYPES):
            return True
        if not (bare[:1].isupper() or re.fullmatch(r"\d+(?:st|nd|rd|th)", bare)) or bare != word.rstrip("."):
            return index > 0 and bare in tables.STREET_TYPES
    return False


RACE_DISTANCES = {"60", "100", "110", "200", "400", "800", "1500", "3000", "5000", "10000", "10,000", "5,000",
                  "3,000", "1,500"}
"""Track distances: '5000m' is metres unless money is near."""


def _is_metres(amount: str, context: Context) -> bool:
    """'1.8m tall', 'the 100m final' are metres; '2.4m homes', '£3m' are millions."""
    following = context.next_word().lower()
    if following in tables.LENGTH_CONTEXT or following.endswith(("-long", "-high", "-tall", "-wide", "-deep")):
        return True
    if context.touches_next():
        return False
    if context.text[context.end:context.end + 1] == "-":
        return True
    nearby = {w.lower() for w in context.previous_words(4)}
    counted = re.search(r"[%$£€¥]", context.text[max(0, context.start - 30):context.start])  # 'climbed 38% to 1.2m'
    if nearby & LENGTH_NEARBY and not re.match(r"[a-z]+s$", following) and following not in PEOPLE_WORDS \
            and not counted:
        return True
    if _describes_thing(context, following) and not counted \
            and not {w.lower() for w in context.previous_words(5)} & MONEY_CONTEXT:
        return True  # 'the telescope's 6.5m mirror', 'a 2m wall': a size before the one thing it measures
    value = float(amount.replace(",", ""))
    if amount in RACE_DISTANCES and not {w.lower() for w in context.previous_words(5)} & MONEY_CONTEXT \
            and not re.match(r"\s+(?:people|homes|users|viewers|fans|jobs|workers|customers|passengers)\b", context.after):
        return True
    after = context.after.lstrip()
    ends_clause = not after or after[0] in ".,;:!?)"
    if re.match(r"\s*\((?:about |c\. |approx\. |some )?[\d,.]+\s?(?:ft|feet|foot|in|inches|mi|miles|yd|yards|km|m)\b",
                context.after):
        return True  # '4,808 m (15,774 ft)': a length with its conversion
    previous = context.previous_word().lower()
    money_nearby = {w.lower() for w in context.previous_words(5)} & MONEY_CONTEXT
    counted_nearby = _sentence_words(context) & (PEOPLE_WORDS | {"units", "sold", "sales", "shipped", "subscribers"})
    if ends_clause and value.is_integer() and 50 <= value <= 10000 and not money_nearby and not counted_nearby:
        return True
    if previous in ("the", "men's", "women's", "mens", "womens", "a", "over", "first", "fastest", "ran", "run",
                    "jumped", "threw", "cleared", "swam", "sprint") and value.is_integer() and 50 <= value <= 10000:
        return following in tables.LENGTH_CONTEXT or ends_clause or previous not in ("a",)
    return False


COUNTED_NOUNS = {"population", "audience", "turnout", "readership", "viewership", "membership", "majority",
                 "following", "backlog", "shortfall", "increase", "rise", "fall", "drop", "total", "tally", "figure",
                 "mark", "milestone", "barrier", "threshold", "target", "record", "gain", "loss", "deficit",
                 "surplus", "debt", "budget", "bill", "cost", "sum", "pot", "market", "user", "subscriber"}
"""Singular nouns that a count of millions describes ('a 1.5m population', 'the 2m mark')."""


IRREGULAR_PAST = {"sold", "made", "left", "lost", "won", "paid", "spent", "built", "bought", "held", "given", "taken",
                  "seen", "shown", "grown", "fell", "rose", "went", "came", "brought", "sent", "met", "kept", "told"}
"""Verbs after '1.23m' ('with 1.23m sold'): a count, not a length."""
UNMARKED_PLURALS = {"people", "children", "men", "women", "staff", "police", "cattle", "sheep", "fish", "deer",
                    "data", "personnel", "livestock", "poultry", "troops", "youth", "aircraft", "media"}
"""Plural nouns without an s: '2m children' counts them."""


def _describes_thing(context: Context, following: str) -> bool:
    """'6.5m mirror': glued 'm' before a lower-case singular noun, not a count of something."""
    return bool(re.match(r"\s[a-z]", context.after[:2])) and bool(re.fullmatch(r"[a-z]{3,}", following)) \
        and not following.endswith("s") and following not in NOT_NOUNS and following not in MONEY_NOUNS \
        and following not in PEOPLE_WORDS and following not in UNMARKED_PLURALS and not following.endswith("ed") \
        and following not in IRREGULAR_PAST \
        and following not in COUNTED_NOUNS and following not in ALL_UNITS and following not in tables.PER_UNITS \
        and not context.touches_next() and context.text[context.start - 1:context.start] not in tables.CURRENCY_SYMBOLS


def _unit(written: str) -> tuple[str, str] | None:
    return ALL_UNITS.get(written) or (ALL_UNITS.get(written.lower()) if written.lower() not in ("m", "mb", "pt") else None)


def _measure(match: re.Match[str], context: Context) -> str | None:
    """'12kg', '-0.4m/s', '30 sq m', '1.8m tall'; a signed amount is said with 'minus'."""
    spoken = _unsigned_measure(match, context)
    return "minus " + spoken if spoken and match.group("sign") else spoken


def _unsigned_measure(match: re.Match[str], context: Context) -> str | None:
    amount, unit_written = match.group("amount"), match.group("unit")
    spaced = bool(match.group("space"))
    if unit_written == "m" and re.search(r"\d\s?h\s$", context.before) and float(amount) < 60:
        return f"{number(amount)} {'minute' if is_one(amount) else 'minutes'}"  # '11h 30m'
    if unit_written == "m" and not _is_metres(amount, context) and not match.group("sign"):
        return None  # a signed glued m ('-0.4m', '-2.5m/yr') measures a length; minus millions carry a currency
    if unit_written == "h" and spaced and re.match(r"\s\d{1,2}\s?(?:min|mins|m)\b", context.after):
        return f"{number(amount)} {'hour' if is_one(amount) else 'hours'}"  # '2 h 15 min'
    if unit_written in ("in", "ins", "t", "h", "pt", "mb", "MP", "Mt", "kt") and spaced \
            and not (unit_written == "mb" and _sentence_words(context) & PRESSURE_WORDS):
        return None  # '9 in' is the word in; glued '9in' is inches
    if unit_written == "in" and context.next_word() in ("the", "a"):
        return None
    if unit_written in tables.DIRECTIONS and street_follows(context.after):
        return None  # '400 W. Elm Ave.': a house number and a compass point
    if unit_written == "c." and not _kitchen(context):
        return None
    unit = _unit(unit_written)
    if unit is None:
        return None
    singular, plural_name = unit
    magnitude = match.group("magnitude")
    power = match.group("power") or ""
    if power:
        prefix = "square " if power in ("2", "²") else "cubic "
        singular, plural_name = prefix + singular, prefix + plural_name
    per = _per(match.group("per"))
    if magnitude:
        return f"{number(amount)} {_magnitude(magnitude)} {plural_name}{per}"
    name = singular if is_one(amount) or ((_adjectival(context) or _before_counted_noun(context)) and not per) \
        else plural_name
    return f"{number(amount)} {name}{per}"


def _before_counted_noun(context: Context) -> bool:
    """'cut into 2cm cubes', 'sold 5kg bags': a measure glued before a plural noun describes it."""
    following = context.next_word()
    return bool(re.match(r"\s[a-z]", context.after[:2])) and bool(re.fullmatch(r"[a-z]{3,}s", following)) \
        and following not in NOT_NOUNS and following not in ALL_UNITS and following not in tables.PER_UNITS \
        and following not in ("less", "across", "was", "is", "has", "plus", "as", "this", "us", "thus", "whereas",
                              "always", "perhaps", "its", "his", "yes", "does", "goes", "towards", "seconds",
                              "minutes", "hours", "days", "weeks", "months", "years")


PRESSURE_WORDS = {"pressure", "barometer", "barometric", "storm", "hurricane", "typhoon", "cyclone", "depression",
                  "low", "high", "isobars", "isobar", "centre", "center", "weather", "forecast"}
"""Words that make a spaced 'mb' millibars."""


def _imperial(match: re.Match[str], context: Context) -> str:
    feet, inches = match.group("feet"), match.group("inches")
    spoken = f"{cardinal(feet)} {'foot' if is_one(feet) or _adjectival(context) else 'feet'}"
    if inches:
        if match.group("inch_mark") in ("\"", "”", "″", "''"):
            return f"{cardinal(feet)} foot {number(inches)}"  # 6'1" is said 'six foot one'
        spoken += f" {number(inches)}"
        if match.group("inch_mark"):
            spoken += " inch" if is_one(inches) else " inches"
    return spoken


DIMENSION_WORDS = {"tall", "high", "long", "wide", "deep", "thick", "across", "away", "apart", "above", "below",
                   "under", "in", "of", "from", "down", "up", "ahead", "behind", "short", "higher", "taller",
                   "longer", "deeper", "wider", "and", "or", "by", "x", "diameter", "square", "thicker"}
"""Words after a length that describe it; before any other word a length is an adjective ('a 55-inch TV')."""


def _inch_mark(match: re.Match[str], context: Context) -> str | None:
    """'a 55" TV' -> 'a fifty-five inch TV'; '24" wide' -> 'twenty-four inches wide'; "a 10' ladder" -> 'a ten
    foot ladder'. A mark that closes a quotation is a quotation mark."""
    mark, amount = match.group("mark"), match.group("amount")
    before = context.before
    if before[-1:] and not before[-1].isspace() and before[-1] not in "(~≈":
        return None  # 'draft-04'', 'v2"': the mark closes a quotation around a code
    if mark in "\"”" and len(re.findall(r"(?<!\d)[\"“]", before)) % 2 == 1:
        return None
    if mark in "'’" and len(re.findall(r"(?<!\w)['‘]", before)) > len(re.findall(r"(?<=[\w.,!?])['’](?!\w)", before)):
        return None  # inside a quotation in single quotes: the mark closes it
    feet = mark in "'’′"
    following = context.next_word()
    adjectival = bool(re.match(r"\s[A-Za-z]", context.after[:2])) and following.lower() not in NOT_NOUNS \
        and following.lower() not in DIMENSION_WORDS
    if feet:
        name = "foot" if adjectival or is_one(amount) else "feet"
    else:
        name = "inch" if adjectival or is_one(amount) else "inches"
    return f"{number(amount)} {name}"


def _stone(match: re.Match[str], context: Context) -> str:
    pounds = match.group("pounds")
    return f"{cardinal(match.group('stone'))} stone {cardinal(pounds)} {'pound' if is_one(pounds) else 'pounds'}"


def _word_per(match: re.Match[str], context: Context) -> str | None:
    """'barrels/d' -> 'barrels a day' after an amount."""
    if not re.search(r"\d\s*(?:[a-z]+\s)?$", context.before):
        return None
    return match.group("word") + _per(match.group("per"))


def _per_unit(match: re.Match[str], context: Context) -> str | None:
    """'per sq km' -> 'per square kilometer'."""
    unit = _unit(match.group("unit"))
    if unit is None or match.group("unit") in ("in", "a", "m", "t", "h", "l", "L", "g", "W", "V", "pt", "st", "mb", "ha"):
        if match.group("per_word") != "per" or unit is None:
            return None
    if match.group("per_word") != "per" and not match.group("unit").startswith(("sq", "cu")):
        return None
    singular = unit[0]
    power = match.group("power") or ""
    if power:
        singular = ("square " if power in ("2", "²") else "cubic ") + singular
    return f"{match.group('per_word')} {singular}"


def _per_quantity(match: re.Match[str], context: Context) -> str | None:
    """'30/sq m' -> 'thirty per square meter'; '100/day' -> 'one hundred a day'."""
    per = match.group("per")
    if per not in tables.PER_UNITS and per not in ALL_UNITS:
        return None
    return number(match.group("amount")) + _per(per)


def _percent(match: re.Match[str], context: Context) -> str:
    amount = match.group("amount")
    sign = "plus " if amount.startswith("+") else ""  # 'CPI+1%', 'up +3%'
    return f"{sign}{number(amount)} percent"


CHANGE_WORDS = {"by", "of", "up", "down", "a", "rose", "fell", "gained", "lost", "cut", "swing", "lead", "gap",
                "rise", "fall", "drop", "jump", "increase", "decrease", "widened", "narrowed", "to", "from", "just"}
"""Words before '3pp' that make it a change in a rate (percentage points), not a page count."""


def _points(match: re.Match[str], context: Context) -> str:
    """'up 3pp' -> 'three percentage points'; 'runs to 142 pp.' (a whole count, no rate near) -> 'pages'."""
    amount = match.group("amount")
    window = context.text[max(0, context.start - 120):context.end + 120].lower()
    rate_near = "%" in window or "percent" in window or "per cent" in window
    if amount.isdigit() and not rate_near and (match.group(0).endswith("pp") or match.group(0).endswith("pp.")) \
            and context.previous_word().lower() not in CHANGE_WORDS - {"to"}:
        return f"{number(amount)} {'page' if is_one(amount) else 'pages'}"
    return f"{number(amount)} percentage {'point' if is_one(amount) else 'points'}"


# --- plain numbers --------------------------------------------------------------------------------------------

AIRCRAFT_MAKERS = {"boeing", "airbus", "embraer", "bombardier", "cessna", "tupolev", "ilyushin", "antonov", "lockheed"}


def _cardinal(match: re.Match[str], context: Context) -> str:
    sign = match.group("sign") or ""
    if context.previous_word().lower() in AIRCRAFT_MAKERS and match.group("amount").isdigit():
        return digits(match.group("amount"))
    amount = match.group("amount")
    spoken = digits(amount) if re.fullmatch(r"0\d+", amount) else number(amount)
    if sign in ("-", "\u2212", "–"):
        spoken = "minus " + spoken
    elif sign == "+":
        spoken = "plus " + spoken
    if match.group("plus"):
        spoken += " plus"
    return spoken


LABEL_WORDS = {"Fig.", "Figs.", "Fig", "Figure", "Figures", "figure", "fig.", "Table", "Tables", "table", "Panel",
               "panel", "Appendix", "Exhibit", "Plate", "Box", "Step", "Question", "Item", "Chart", "Map", "Eq.",
               "Equation", "Section", "section", "Chapter", "Scheme"}
"""Words before a numbered part of a document: there '3b' is a label, not three billion."""


def _compact(match: re.Match[str], context: Context) -> str | None:
    """'40k runners', '3bn', '2.4m homes', '5 million'."""
    magnitude = match.group("magnitude")
    if match.group("per"):
        if magnitude not in ("k", "K", "m", "bn", "thousand", "million", "billion"):
            return None
        return f"{number(match.group('amount'))} {_magnitude(magnitude)}{_per(match.group('per'))}"  # '30K/yr'
    if magnitude in ("b", "B", "M") and match.group("space"):
        return None
    if len(magnitude) == 1 and not match.group("space") and context.previous_word() in LABEL_WORDS:
        return f"{number(match.group('amount'))} {magnitude}"  # 'Fig. 3b', 'Table 2a': a panel's letter
    if magnitude == "K" and match.group("space") and not context.before.rstrip()[-1:] in tables.CURRENCY_SYMBOLS \
            and not {w.lower() for w in context.previous_words(5)} & MONEY_CONTEXT:
        return f"{number(match.group('amount'))} kelvin"
    if magnitude in ("k", "K") and not match.group("space") and (
            context.next_word().lower() in ("run", "race", "runs", "races", "walk", "fun", "in", "on", "at", "course",
                                             "route", "time", "personal", "record", "event", "event.", "finish")
            or context.previous_word().lower() in ("city", "charity", "park", "fun", "annual", "road", "parkrun",
                                                   "womens", "women's", "men's", "mens", "the")
            and not re.match(r"[a-z]+s$", context.next_word())):
        return f"{number(match.group('amount'))} K"
    if magnitude in ("b", "B") and context.next_word()[:1].isupper():
        return None
    if names_a_place(context) and not match.group("space"):
        return None  # 'Room 314B', 'Gate 12K': a place's name
    if magnitude == "K" and not match.group("space") and (context.next_word()[:1].isupper() or
                                                         context.next_word().lower() in ("resolution", "video", "screen")):
        return f"{number(match.group('amount'))} K"
    return f"{number(match.group('amount'))} {_magnitude(magnitude)}{_per(match.group('per'))}"


def _grouped_thousands(match: re.Match[str], context: Context) -> str | None:
    """'10 000 volunteers', '1\u202f250 km': thousands set off by a (thin) space, before a word, are one number."""
    if match.group("gap") == " " and not re.match(r"\s[a-z]|[.,;:!?)]|\s*$", context.after):
        return None
    unit = (ALL_UNITS.get(match.group("unit")) or _unit(match.group("unit"))) if match.group("unit") else None
    if match.group("unit") and unit is None:
        return None
    spoken = cardinal(re.sub(r"\D", "", match.group("amount")))
    return f"{spoken} {unit[1]}" if unit else spoken


def _plural_number(match: re.Match[str], context: Context) -> str:
    """'under-18s' -> 'under-eighteens'; 'the 16-24s' -> 'twenty-fours' (decades are their own class)."""
    if _bare_seconds(context):
        return f"{cardinal(match.group('amount'))} {'second' if match.group('amount') == '1' else 'seconds'}"
    return plural(cardinal(match.group("amount")))


def _ordinal(match: re.Match[str], context: Context) -> str:
    amount = match.group("amount")
    if match.group(0)[-2:].lower() == "st" and not re.search(r"(?<!1)1$", amount):
        return f"{number(amount)} stone"  # '15st': 'st' fits no ordinal of fifteen, so it is stones
    return ordinal_text(amount)


def _hyphenated(match: re.Match[str], context: Context) -> str:
    """'a 50-day strike' -> 'a fifty-day strike'; 'a 14-oz can' -> 'a fourteen-ounce can'."""
    word = match.group("word")
    unit = _unit(word) if word not in ("in", "a", "m", "t", "h", "l", "L", "g", "W", "V", "pt", "st") else None
    if word in ("pt", "pts", "pointer"):  # 'a 3-pt shot', 'the 3-pointer'
        return f"{number(match.group('amount'))}-{'pointer' if word == 'pointer' else 'point'}"
    return f"{number(match.group('amount'))}-{unit[0] if unit else word}"


def _pixels(side: str) -> str:
    """A screen's side as people say it: '1440' -> 'fourteen forty', '720' -> 'seven twenty'."""
    return year(side) if len(side) == 4 else name_number(side)


def _dimensions(match: re.Match[str], context: Context) -> str:
    """'3x4' -> 'three by four'; a screen's pixels '2560x1440' -> 'twenty-five sixty by fourteen forty'."""
    a, b = match.group("a"), match.group("b")
    if all(re.fullmatch(r"[1-9]\d{2,3}", side) and not side.endswith("000") for side in (a, b)) \
            and max(len(a), len(b)) == 4:
        return f"{_pixels(a)} by {_pixels(b)}"
    return f"{number(a)} by {number(b)}"


def _measure_words(amount: str, unit_written: str, singular: bool) -> str | None:
    unit = _unit(unit_written)
    if unit is None:
        return None
    return f"{number(amount)} {unit[0] if singular or is_one(amount) else unit[1]}"


def _measure_times(match: re.Match[str], context: Context) -> str | None:
    """'2km x 500m' -> 'two kilometers by five hundred meters'; '3 x 400g tins' -> 'three four hundred gram tins'."""
    right_unit, left_unit = match.group("ub"), match.group("ua")
    if left_unit:
        left = _measure_words(match.group("a"), left_unit, False)
        right = _measure_words(match.group("b"), right_unit, False)
        return f"{left} by {right}" if left and right else None
    following = context.next_word()
    counted = bool(re.fullmatch(r"[a-z]+", following)) and following not in NOT_NOUNS \
        and re.match(r"\s[a-z]", context.after[:2]) is not None
    right = _measure_words(match.group("b"), right_unit, counted)
    if right is None:
        return None
    return f"{number(match.group('a'))} {right}" if counted else f"{number(match.group('a'))} by {right}"


def _relay(match: re.Match[str], context: Context) -> str | None:
    """'the 4x100m relay' -> 'four by one hundred meters'."""
    right = _measure_words(match.group("b"), match.group("ub"), False)
    return f"{cardinal(match.group('a'))} by {right}" if right else None


def _rating(match: re.Match[str], context: Context) -> str:
    """'rated 4.8/5' -> 'four point eight out of five': a decimal over a scale's top."""
    return f"{number(match.group('a'))} out of {number(match.group('b'))}"


def _times(match: re.Match[str], context: Context) -> str:
    return f"{number(match.group('amount'))} times"


# --- fractions ------------------------------------------------------------------------------------------------

ODDS_WORDS = {"odds", "priced", "bet", "favourite", "favorite", "bookmakers", "bookies", "bookmaker", "betting",
              "available", "punters", "backed", "tipped", "outsider"}
RATING_WORDS = {"gave", "give", "gives", "rated", "rates", "rate", "rating", "scored", "scores", "score", "awarded",
                "marks", "mark", "got", "earned", "earns", "review", "critics", "stars", "verdict", "out"}
SPOKEN_AS_PAIRS = {"24/7": "twenty-four seven", "50/50": "fifty fifty", "9/11": "nine eleven",
                   "7/7": "seven seven", "20/20": "twenty twenty", "60/40": "sixty forty", "365/24": "three sixty-five"}


def _kitchen(context: Context) -> bool:
    window = context.text[max(0, context.start - 100):context.end + 100].lower()
    return any(word in tables.KITCHEN_WORDS for word in re.findall(r"[a-z]+", window))


def _music(context: Context) -> bool:
    window = context.text[max(0, context.start - 100):context.end + 100].lower()
    return any(word in tables.MUSIC_WORDS for word in re.findall(r"[a-z]+", window))


def _fraction(match: re.Match[str], context: Context) -> str | None:
    written = match.group(0)
    if written in SPOKEN_AS_PAIRS:
        return SPOKEN_AS_PAIRS[written]
    whole, numerator, denominator = match.group("whole"), int(match.group("n")), int(match.group("d"))
    if denominator == 0:
        return None
    if not whole and denominator in (2, 4, 8, 16) and numerator <= 16 and _music(context) and not _kitchen(context):
        return f"{cardinal(str(numerator))} {cardinal(str(denominator))}"  # a time signature: 'in six eight'
    nearby = {w.lower() for w in context.previous_words(6)}
    odds_on = re.match(r"\s+to\s+(?:win|finish|be|score|lift|beat|take|claim|reach|qualify|land|retain|top|go)\b",
                       context.after) or context.next_word().lower() == "on" and not re.match(r"\s+on\s+(?:the|a|an|his|her|their|its|my|your)\b",
                                                                     context.after)  # '5/1 on Arsenal', not 'on the test'
    if not whole and (nearby & ODDS_WORDS or odds_on or context.next_word().lower() in (
            "favourite", "favorite", "shot", "outsider", "against", "chance")):
        return f"{cardinal(str(numerator))} to {cardinal(str(denominator))}"
    if not whole and denominator in (3, 4, 5, 6, 10, 20, 50, 100) and numerator <= denominator and (
            {w.lower() for w in context.previous_words(4)} & RATING_WORDS or numerator == denominator):
        return f"{cardinal(str(numerator))} out of {cardinal(str(denominator))}"
    if not whole and numerator >= denominator:
        if {w.lower() for w in context.previous_words(3)} & {"odds", "priced", "bet", "favourite", "favorite"}:
            return f"{cardinal(str(numerator))} to {cardinal(str(denominator))}"
        return f"{cardinal(str(numerator))} over {cardinal(str(denominator))}"
    if not whole and denominator in (3, 4, 5, 6, 10, 20, 50, 100) and (
            {w.lower() for w in context.previous_words(4)} & RATING_WORDS or numerator == denominator):
        return f"{cardinal(str(numerator))} out of {cardinal(str(denominator))}"
    spoken = fraction_words(numerator, denominator)
    if spoken is None:
        return None
    if whole:
        return f"{cardinal(whole)} and {spoken}"
    if context.previous_word().lower() in DETERMINERS and _fraction_adjective(context):
        return _adjective_fraction(spoken)  # 'the 1/2 marathon', 'a 3/4 share': 'the half marathon'
    return spoken


KITCHEN_UNITS = {"teaspoon", "tablespoon", "cup", "ounce", "fluid ounce", "pound", "gram", "kilogram", "milliliter",
                 "liter", "pint", "quart"}
"""Units a recipe measures out: '1/2 tsp black pepper' is half a teaspoon of it, never an adjective."""


def _adjective_fraction(spoken: str) -> str:
    """'a quarter' -> 'quarter', 'three quarters' -> 'three-quarter', 'three eighths' -> 'three-eighths'."""
    words = spoken.removeprefix("a ").split()
    if words[-1] in ("quarters", "halves"):
        words[-1] = words[-1][:-1] if words[-1] == "quarters" else "half"
    return "-".join(words)


def _fraction_adjective(context: Context) -> bool:
    """'a 1/4" drill bit', 'the 3/8" bolts': a fraction of a unit before the noun it describes."""
    following = context.next_word()
    return bool(re.match(r"\s[a-z]", context.after[:2])) and following.lower() not in NOT_NOUNS \
        and following.lower() not in DIMENSION_WORDS and following not in ALL_UNITS


def _fraction_measure(match: re.Match[str], context: Context) -> str | None:
    """'4 1/2 lbs' -> 'four and a half pounds'; '1/2 tsp' -> 'half a teaspoon'; '3/4 cup' -> 'three quarters of a cup'."""
    if match.group("unit") in ("in", "ins", "t", "h", "pt", "mb", "m", "st") and (match.group("space") or _music(context)):
        return None
    if match.group("unit") == "c." and not _kitchen(context):
        return None
    unit = ("inch", "inches") if match.group("unit") in "\"”″" else _unit(match.group("unit"))
    numerator, denominator = int(match.group("n")), int(match.group("d"))
    spoken = fraction_words(numerator, denominator) if 0 < numerator < denominator else None
    if unit is None or spoken is None:
        return None
    singular, plural_name = unit
    if match.group("whole"):
        return f"{cardinal(match.group('whole'))} and {spoken} {plural_name}"
    if match.group("space") == "-" or _fraction_adjective(context) and not (
            singular in KITCHEN_UNITS and _kitchen(context)):
        return f"{_adjective_fraction(spoken)}-{singular}"
    article = "an" if singular[:1] in "aeiou" else "a"
    if context.previous_word().lower() in ("a", "an"):
        return f"{_adjective_fraction(spoken)} {singular}"  # 'a 1/2 mile' -> 'a half mile'
    if (numerator, denominator) == (1, 2):
        return f"half {article} {singular}"
    return f"{spoken} of {article} {singular}"


def _vulgar_measure(match: re.Match[str], context: Context) -> str | None:
    """'¼ tsp' -> 'a quarter of a teaspoon', '1½ cups' -> 'one and a half cups'."""
    unit = _unit(match.group("unit"))
    if unit is None or match.group("unit") in ("in", "ins", "t", "h", "pt", "mb", "m", "st") and match.group("space"):
        return None
    numerator, denominator = tables.VULGAR_FRACTIONS[match.group("symbol")]
    spoken = fraction_words(numerator, denominator) or ""
    if match.group("whole"):
        return f"{cardinal(match.group('whole'))} and {spoken} {unit[1]}"
    article = "an" if unit[0][:1] in "aeiou" else "a"
    return f"half {article} {unit[0]}" if (numerator, denominator) == (1, 2) else f"{spoken} of {article} {unit[0]}"


def _vulgar_fraction(match: re.Match[str], context: Context) -> str | None:
    numerator, denominator = tables.VULGAR_FRACTIONS[match.group("symbol")]
    spoken = fraction_words(numerator, denominator) or ""
    if match.group("whole"):
        return f"{cardinal(match.group('whole'))} and {spoken}"
    return spoken


# --- years, decades, quarters ------------------------------------------------------------------------------------

YEAR_BEFORE = {"in", "since", "by", "from", "until", "till", "of", "during", "before", "after", "around", "circa",
               "c", "year", "years", "summer", "spring", "autumn", "winter", "fall", "early", "late", "mid", "end",
               "start", "back", "born", "died", "founded", "established", "est", "built", "opened", "closed",
               "between", "and", "to", "or", "than", "through", "throughout", "season", "class", "vintage", "model",
               "election", "census", "budget", "january", "february", "march", "april", "may", "june", "july",
               "august", "september", "october", "november", "december", "ad", "bc", "the", "fiscal", "financial",
               "academic", "tax", "calendar", "for", "against", "at", "on", "as", "decade", "century", "cup",
               "olympics", "games", "world", "expo", "in,", "christmas", "easter", "pre", "post", "post-", "pre-",
               "copyright", "©", "ever", "last", "next", "this", "that", "every", "whole", "since,", "'til", "til"}
YEAR_WORDS_AFTER = {"is", "was", "has", "as", "this", "its", "his", "hers", "its", "yes", "us", "thus", "plus",
                    "campus", "census", "bus", "less", "unless", "across", "versus", "status", "series", "process",
                    "access", "success", "press", "congress", "business", "games", "olympics", "elections",
                    "midterms", "finals", "championships", "awards", "oscars", "baftas", "emmys", "grammys",
                    "riots", "floods", "protests", "accords", "rules", "regulations", "levels", "prices", "figures",
                    "results", "winners", "graduates", "standards", "emissions", "targets", "goals", "plans",
                    "budgets", "forecasts", "estimates", "talks", "negotiations", "ceasefires", "sanctions",
                    "attacks", "bombings", "killings", "murders", "shootings", "crisis", "redundancies", "lockdowns",
                    "restrictions", "guidelines", "plus", "orders", "matches", "fixtures", "hearings"}


def _year(match: re.Match[str], context: Context) -> str | None:
    text = match.group("year")
    value = int(text)
    before = context.before.rstrip()
    if before.endswith(tuple(tables.CURRENCY_SYMBOLS)) or context.text[context.end:context.end + 1] in ("%", "+"):
        return None
    previous = context.previous_word().lower().rstrip(",")
    following = context.next_word()
    plain_following = following.lower()
    if re.match(r"[a-z]+s$", following) and plain_following not in YEAR_WORDS_AFTER:
        return None  # '1500 tickets': a quantity
    if previous in YEAR_BEFORE or plain_following in ("ad", "bc", "bce", "ce"):
        return year(text) if value < 2200 else None
    if value >= 2100:
        return None
    if plain_following in ("people", "men", "women", "children", "staff", "feet", "metres", "meters", "miles",
                           "pounds", "dollars", "euros", "more", "fewer", "of", "per", "a", "an", "other",
                           "new", "extra", "additional", "million", "billion", "thousand", "hundred"):
        return None
    if not 1000 <= value <= 2099:
        return None
    return year(text)


def _era(match: re.Match[str], context: Context) -> str:
    """'340 A.D.' -> 'three hundred and forty A D'; '55 BC' -> 'fifty-five B C'."""
    return f"{year(match.group('year'))} {' '.join(c for c in match.group('era') if c.isalpha())}"


def _short_year(match: re.Match[str], context: Context) -> str | None:
    """'released in '05' -> 'oh five', 'the class of '99' -> 'ninety-nine': a year with its century left off."""
    if context.previous_word().lower() not in YEAR_BEFORE:
        return None
    yy = match.group("yy")
    return f"oh {cardinal(yy[1])}" if yy[0] == "0" else cardinal(yy)


SECONDS_BEFORE = {"to", "every", "for", "after", "within", "takes", "took", "lasts", "lasted", "lasting", "just",
                  "only"}
"""Words before a bare '30s' that make it seconds ('a timeout of 30s' is not; 'set it to 30s' is)."""


def _bare_seconds(context: Context) -> bool:
    """True when a glued 'Ns' counts seconds: after 'to', 'every', 'after'... or after minutes ('1m 30s')."""
    return context.previous_word().lower() in SECONDS_BEFORE or re.search(r"\d\s?m\s$", context.before) is not None


def _decade(match: re.Match[str], context: Context) -> str:
    text = match.group("digits")
    if len(text) == 2 and not match.group("apostrophe") and _bare_seconds(context):
        return f"{cardinal(text)} seconds"  # 'retry after 30s', '1m 30s'
    if match.group("apostrophe") or len(text) == 2:
        return tables.DECADES.get(text[-2:], cardinal(text) + "s") if text[-2:] != "00" else "noughties"
    return decade_words(text)


def decade_words(text: str) -> str:
    """'1990' -> 'nineteen nineties'; '2000' -> 'two thousands'; '1800' -> 'eighteen hundreds'."""
    if text.endswith("000"):
        return f"{cardinal(text)}s"
    if text.endswith("00"):
        return f"{year(text)}s"
    spoken = year(text)
    head, _, _ = spoken.rpartition(" ")
    return f"{head} {tables.DECADES.get(text[-2:], plural(spoken.split()[-1]))}".strip()


QUARTER_ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth"}


ARTICLE_WORDS = {"the", "a", "an", "its", "their", "his", "her", "this", "that", "each", "every", "last", "next",
                 "our", "your", "my", "poor", "strong", "weak", "first", "second", "third", "fourth"}


def _period(ordinal_word: str, part: str, short_year: str | None, context: Context) -> str:
    article = "" if context.previous_word().lower() in ARTICLE_WORDS else "the "
    spoken = f"{article}{ordinal_word} {part}"
    if short_year:
        spoken += " of " + year(("20" + short_year) if len(short_year) == 2 else short_year)
    return spoken


def _quarter(match: re.Match[str], context: Context) -> str:
    """'3Q24' -> 'the third quarter of twenty twenty-four'; '1H24' -> 'the first half of ...'."""
    part = "half" if match.group("kind") == "H" else "quarter"
    ordinal_word = QUARTER_ORDINALS[match.group("q")]
    return _period(ordinal_word, part, match.group("y"), context)


def _half_or_quarter_code(match: re.Match[str], context: Context) -> str:
    spoken = f"{match.group('letter')} {cardinal(match.group('n'))}"
    if match.group("y"):
        y = match.group("y")
        spoken += " " + year(("20" + y) if len(y) == 2 else y)
    return spoken


def _fiscal_year(match: re.Match[str], context: Context) -> str:
    """'FY2024/25' -> 'F Y twenty twenty-four to twenty-five'; 'FY25' -> 'F Y twenty-five'."""
    first, second = match.group("a"), match.group("b")
    spoken = f"F Y {year(first) if len(first) == 4 else cardinal(first)}"
    if second:
        spoken += f" to {year(second) if len(second) == 4 else cardinal(second)}"
    return spoken


# --- ranges and scores ---------------------------------------------------------------------------------------------

VULGAR = "".join(tables.VULGAR_FRACTIONS)
RANGE_SIDE = (rf"(?:noon|midnight|(?:[A-Z]{{0,2}}[{CURRENCY_SYMBOLS}])?{NUM}[{VULGAR}]?(?:[:.]\d{{2}})?"
              rf"(?:(?:\s?(?:{MAGNITUDE}|%|[ap]\.?m\.?|°[CF]?|per\s?cent|percent|pc)|s|p|[CF]|(?:{UNIT_NAMES})[23²³]?"
              rf"|\s(?!in\b(?!\.)|a\b|t\b|h\b|m\b|pt\b|st\b|mb\b)(?:{UNIT_NAMES})[23²³]?)(?![\w]))?)")


CRICKET_WORDS = {"closed", "lunch", "tea", "stumps", "declared", "wickets", "wicket", "batting", "bowled", "overs",
                 "collapsed", "slumped", "reduced"}
CRICKET_DOMAIN = {"test", "innings", "wickets", "wicket", "overs", "over", "bowled", "batting", "batted", "declared",
                  "stumps", "odi", "t20", "county", "cricket", "ashes", "crease", "bowler", "bowlers", "run-chase"}
"""Words of a cricket sentence: there '245-3' is runs for wickets."""
RECORD_WORDS = {"season", "record", "start", "unbeaten", "conference", "division", "playoff", "playoffs", "overall",
                "career", "pro", "professional"}
TENNIS_WORDS = {"set", "sets", "love", "tiebreak", "tie-break", "wimbledon", "serve", "served", "match-point"}


RECORD_VERBS = {"improved", "improves", "improve", "fell", "falls", "fall", "dropped", "drops", "slipped", "slips",
                "moved", "moves", "climbed", "climbs", "rose", "rises", "went", "go", "goes", "evened", "pushed"}
SCORE_VERBS = {"won", "win", "wins", "beat", "beats", "lost", "lose", "loses", "drew", "draw", "draws",
               "edged", "thrashed", "defeated", "routed", "trailed", "led", "leading", "trailing"}


def _record(context: Context, nearby: set[str]) -> bool:
    """A team's won-lost record, said with 'and': '(3-1)', 'improved to 12-5', 'now 9-3', 'are 5-0 at home this
    season'."""
    before, after = context.before.rstrip(), context.after
    if before.endswith("(") and re.match(r"(?:[-–]\d+)?\)", after):
        return not re.search(r"\d\s?[-–]\s?\d+\s?\($", before)  # '7-6 (7-4)' is a tiebreak
    if before.endswith(",") and after.startswith(",") and before[:-1].rstrip().rsplit(None, 1)[-1][:1].isupper():
        return True  # 'The Red Sox, 45-38, are third.'
    if before.endswith(",") and {w.lower() for w in context.next_words(3)} & RECORD_WORDS:
        return True  # 'The champion, 34-1 in her career, ...'

    words = [w.lower() for w in context.previous_words(2)]
    previous = words[-1] if words else ""
    if previous in ("now", "improved", "improves", "record", "mark") or (previous == "to" and len(words) == 2
                                                                        and words[0] in RECORD_VERBS):
        return True
    if previous in SCORE_VERBS or previous in tables.SCORE_WORDS and previous not in ("record", "season"):
        return False
    following = {w.lower() for w in context.next_words(4)}
    return bool((nearby | following) & RECORD_WORDS) and previous in ("is", "are", "was", "were", "at", "a", "their",
                                                                      "his", "her", "its", "the", "of", "with", "",
                                                                      "and", "went", "finished")


def _sentence_words(context: Context) -> set[str]:
    """The lower-case words within about a sentence of the match."""
    return set(re.findall(r"[a-z][a-z-]*", context.text[max(0, context.start - 100):context.end + 60].lower()))


def _counted_noun(context: Context) -> bool:
    """'3-5 days', '2-3 cm': a range before the thing it counts."""
    following = context.next_word()
    if following.lower() in tables.SCORE_WORDS:
        return False
    return bool(re.fullmatch(r"[a-z]+s", following)) or following in ALL_UNITS or following in tables.PER_UNITS \
        or following == "of"


def _shares_of_a_whole(a: str, b: str, context: Context) -> bool:
    """'a 50-50 split', 'a 60-40 mix', "it's 50-50": two shares of a hundred, said as a pair ('fifty-fifty')."""
    if int(a) + int(b) != 100 or int(a) % 10 or int(b) % 10:
        return False
    following = context.next_word()
    noun_follows = bool(re.match(r"\s[a-z]", context.after[:2])) and following not in NOT_NOUNS \
        and following not in tables.SCORE_WORDS and following not in ALL_UNITS
    return a == b == "50" and not context.touches_next() or noun_follows


def _score(match: re.Match[str], context: Context) -> str | None:
    """'won 3-1', 'a 2-2 draw', 'Scores were 2-2.'; votes ('326-299') are ranges said with 'to'."""
    a, b = match.group("a"), match.group("b")
    written_before = context.before.rstrip().rsplit(None, 1)[-1] if context.before.strip() else ""
    if written_before in tables.ABBREVIATIONS_BEFORE_NUMBERS:
        return None  # 'Vols. 1-3', 'pp. 12-14': a range
    if _shares_of_a_whole(a, b, context):
        return f"{cardinal(a)}-{cardinal(b)}"
    nearby = {w.lower().strip(",.") for w in context.previous_words(4) + context.next_words(3)}
    if nearby & tables.VOTE_WORDS:
        return f"{cardinal(a)} to {cardinal(b)}"
    if (nearby & CRICKET_WORDS or _sentence_words(context) & CRICKET_DOMAIN and int(a) > 20) and int(b) <= 10:
        return f"{cardinal(a)} for {cardinal(b)}"
    if _record(context, nearby):
        return f"{cardinal(a)} and {cardinal(b)}"
    in_list = re.match(r"\s?,\s?\d{1,2}\s?[-–]\s?\d{1,2}\b", context.after) or re.search(
        r"\b\d{1,2}\s?[-–]\s?\d{1,2}\s?,\s?$", context.before)
    if b == "0" and (nearby & TENNIS_WORDS or re.search(r"\d-\d,\s?\d-\d|\d-\d\s?,", context.text)):
        return f"{cardinal(a)} love"
    if int(a) > 200 or int(b) > 200:
        return None
    if in_list or _sentence_words(context) & (tables.SCORE_WORDS | TENNIS_WORDS) and not _counted_noun(context):
        return f"{'nil' if a == '0' else cardinal(a)} {'nil' if b == '0' else cardinal(b)}"
    if nearby & (tables.SCORE_WORDS | {"visitors", "hosts", "champions", "lyon"}) or a == b or "0" in (a, b):
        if a == b:
            return f"{cardinal(a)} {cardinal(b)}" if a != "0" else "nil nil"
        return f"{cardinal(a)} {'nil' if b == '0' else cardinal(b)}" if b == "0" else \
            f"{'nil' if a == '0' else cardinal(a)} {cardinal(b)}"
    return None


def _ratio(match: re.Match[str], context: Context) -> str | None:
    """'2:1 water to vinegar', 'a 3:2 ratio', 'at 4:1' -> 'two to one'; 'John 3:16' and clocks are other classes."""
    written_before = context.before.rstrip().rsplit(None, 1)[-1] if context.before.strip() else ""
    a, b = match.group("a"), match.group("b")
    if written_before[:1].isupper() and written_before not in tables.SENTENCE_START_WORDS:
        return f"{cardinal(a)} {cardinal(b)}"  # 'Genesis 1:1', 'Psalm 23:4': a book's chapter and verse
    if _sentence_words(context) & tables.SCORE_WORDS and not _sentence_words(context) & RATIO_WORDS:
        return f"{cardinal(a)} {cardinal(b)}"
    return f"{cardinal(a)} to {cardinal(b.replace(',', ''))}"


RATIO_WORDS = {"ratio", "ratios", "odds", "mix", "mixture", "parts", "part", "water", "margin", "majority", "split"}
"""Words that make '3:1' a ratio even where sport is near."""


def _number_ers(match: re.Match[str], context: Context) -> str:
    """'the 76ers' -> 'the seventy-sixers', 'the 49ers' -> 'forty-niners': a number made a noun."""
    spoken = cardinal(match.group("amount"))
    return spoken + ("rs" if spoken.endswith("e") else "ers")


def _race_distance(match: re.Match[str], context: Context) -> str:
    """'1m 2f' (horse racing) -> 'one mile two furlongs'."""
    miles, furlongs = match.group("miles"), match.group("furlongs")
    return f"{cardinal(miles)} {'mile' if is_one(miles) else 'miles'} {cardinal(furlongs)} " \
           f"{'furlong' if is_one(furlongs) else 'furlongs'}"


def _chain(match: re.Match[str], context: Context) -> str:
    """'the 3-2-1 rule', 'a 4-3-3 formation': each number on its own."""
    return " ".join(cardinal(part) for part in match.group(0).split("-"))


def _clock_words(text: str) -> str:
    """'8.30' -> 'eight thirty' (the left side of '8.30-11.30am')."""
    hour, minute = re.split(r"[:.]", text)
    return " ".join(w for w in (cardinal(str(int(hour))), clock_minutes(int(minute))) if w)


def _shared_magnitude(left: str, spoken_left: str, right: str, spoken_right: str) -> str:
    """'1m-2m visitors': both sides carry the same letter, so the right side's reading (million, not meter) is
    the left side's too."""
    suffix = re.search(r"[a-zA-Z]+$", left)
    if not suffix or not right.endswith(suffix.group(0)):
        return spoken_left
    magnitude = re.search(r"\b(thousand|million|billion|trillion)\b", spoken_right)
    if magnitude and magnitude.group(1) not in spoken_left:
        amount = re.match(NUM, left.lstrip("".join(tables.CURRENCY_SYMBOLS)))
        return f"{number(amount.group(0))} {magnitude.group(1)}" if amount else spoken_left
    return spoken_left


def make_range(speak: Speak) -> Callable[[re.Match[str], Context], str | None]:
    """Ranges of any numeric class: each side said as its own class, joined by 'to'."""

    def verbalize(match: re.Match[str], context: Context) -> str | None:
        left, right = match.group("left"), match.group("right")
        text = context.text
        left_year = re.fullmatch(r"(1\d|20)\d\d", left)
        if re.fullmatch(r"\d+", left) and re.fullmatch(r"0\d{2,}", right):
            return f"{year(left) if left_year else digits(left, 'oh')} {digits(right, 'oh')}"  # an identifier
        if left_year and re.fullmatch(r"\d\d", right) and int(right) != int(left[2:]):
            return f"{year(left)} to {year(left[:2] + right)}"
        if left_year and re.fullmatch(r"(1\d|20)\d\d", right):
            return f"{year(left)} to {year(right)}"
        symbol = re.match(rf"[A-Z]{{0,2}}[{CURRENCY_SYMBOLS}]", left)
        if symbol and not re.match(rf"[A-Z]{{0,2}}[{CURRENCY_SYMBOLS}]", right):
            spoken_left = speak(left[symbol.end():])
            spoken_right = speak(symbol.group(0) + right)
        else:
            if re.fullmatch(r"\d{1,2}[:.]\d\d", left) and re.search(r"\d\s?[ap]\.?m\.?$", right, re.I):
                spoken_left = _clock_words(left)
            else:
                spoken_left = speak(text, match.start("left"), match.end("left"))
            spoken_right = speak(text, match.start("right"), match.end("right"))
        if re.search(r"\d", spoken_left + spoken_right):
            return None
        spoken_left = _shared_magnitude(left, spoken_left, right, spoken_right)
        if spoken_right.endswith(".") and not context.ends_sentence():
            spoken_right = spoken_right[:-1]  # '6-10 in. of snow': the unit's stop ends no sentence
        return f"{spoken_left} to {spoken_right}"

    return verbalize


SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻¯", "0123456789--")


def make_power(speak: Speak) -> Callable[[re.Match[str], Context], str | None]:
    """'3×10⁸ m/s' -> 'three times ten to the power of eight meters per second'; '2⁶⁴' -> 'two to the power of
    sixty-four'; '10²' -> 'ten squared'."""

    def verbalize(match: re.Match[str], context: Context) -> str | None:
        power = match.group("power").translate(SUPERSCRIPTS)
        exponent = {"2": "squared", "3": "cubed"}.get(power) or \
            f"to the power of {'minus ' if power.startswith('-') else ''}{cardinal(power.lstrip('-'))}"
        spoken = f"{cardinal(match.group('base'))} {exponent}"
        if match.group("mantissa"):
            spoken = f"{number(match.group('mantissa'))} times {spoken}"
        if match.group("unit"):
            unit = speak(f"5 {match.group('unit')}")
            if not unit.startswith("five "):
                return None
            spoken += " " + unit.removeprefix("five ")
        return spoken

    return verbalize


def _decade_range(match: re.Match[str], context: Context) -> str:
    left, right = match.group("left"), match.group("right")
    full_right = left[:2] + right if len(right) == 2 else right
    return f"{decade_words(left)} to {decade_words(full_right)}"


def grammars(speak: Speak) -> list[Grammar]:
    """The numeric classes, most specific first (earlier wins a tie in length)."""
    money_prefix = rf"(?:(?P<sign>(?<![\w.])[-\u2212])?(?P<code>US|A|C|HK|NZ|S|R|NT|Mex|AU|CA|EC|J)?(?P<symbol>[{CURRENCY_SYMBOLS}])\s?)"
    per = rf"(?:\s?/\s?(?P<per>{PER_NAMES})(?![\w]))?"
    return [
        Grammar("money", re.compile(
            rf"{money_prefix}(?P<amount>{NUM})(?:\s?(?P<magnitude>{MAGNITUDE})(?![\w]))?{per}(?![A-Za-z\d])"), _money,
            "u-\u2212" + "".join(tables.CURRENCY_SYMBOLS)),
        Grammar("money", re.compile(
            rf"(?P<code>{CURRENCY_CODES})(?:(?<=Rs)\.)?\s?(?P<symbol>)(?P<amount>{NUM})(?:\s?(?P<magnitude>{MAGNITUDE}){END})?{per}"),
            _money, "u"),
        Grammar("money", re.compile(
            rf"(?P<amount>{NUM})\s?(?:(?P<magnitude>{MAGNITUDE})\s?)?(?P<code>{CURRENCY_CODES})(?P<symbol>)(?![\w=]){per}"),
            _money, "d."),
        Grammar("money", re.compile(rf"(?<![\w.])R(?P<amount>{NUM})(?:\s?(?P<magnitude>{MAGNITUDE})(?![\w]))?(?![\w])"), _rand, "u"),
        Grammar("money", re.compile(rf"(?P<amount>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)p{END}{per}"), _pence, "d"),
        Grammar("money", re.compile(r"(?P<amount>\d{1,2}(?:\.\d{1,2})?)(?:\s?¢|c(?![\w]))"), _cents, "d"),
        Grammar("measure", re.compile(r"(?P<feet>\d)-(?:foot|feet|ft)-(?P<inches>\d{1,2})(?P<inch_mark>)(?![\w])"),
                _imperial, "d"),
        Grammar("measure", re.compile(
            r"(?P<feet>\d+)\s?(?:ft|foot|feet|'|’|′)\s?(?P<inches>\d+(?:\.\d+)?)\s?(?P<inch_mark>in\b|ins\b|inches\b|\"|”|″|'')?(?![\w])"),
            _imperial, "d"),
        Grammar("measure", re.compile(
            rf"(?P<amount>[-\u2212\u2011]?{NUM})(?:\s?(?:°|º|˚)\s?(?:(?P<compass>[NSEW])(?![\w])|(?P<scale>[CFcf])?(?![a-zA-Z]))|(?P<scale2>[CF])(?![\w])"
            rf"|\s(?:degrees?|deg)\s(?P<scale3>[CF]|Celsius|Fahrenheit|centigrade)\b)"),
            _temperature, "d-\u2212\u2011"),
        Grammar("measure", re.compile(
            rf"(?P<sign>(?<![\w.])[-\u2212])?(?P<amount>{NUM})(?P<space>\s?)(?:(?P<magnitude>million|billion|thousand|bn|m)\s(?=sq\b|cu\b|(?!in\b|at\b|on\b|of\b|to\b|per\b|or\b|as\b|is\b)[a-zA-Z]{{2,}}))?(?P<unit>{UNIT_NAMES})"
            rf"(?P<power>[23²³](?![\d]))?(?![\w]|\.\w|/(?!{PER_NAMES}\b)){per}"), _measure, "d.-\u2212"),
        Grammar("measure", re.compile(rf"(?P<amount>{NUM})(?P<mark>\"|”|″|''|'|’|′)(?![\w'’\d])"), _inch_mark, "d."),
        Grammar("measure", re.compile(r"(?P<stone>\d+)\s?st\s?(?P<pounds>1[0-3]|\d)(?![\d/.:,]\d|/)\s?(?:lbs?|pounds?)?(?![\w])"), _stone, "d"),
        Grammar("measure", re.compile(rf"(?P<word>[a-z]+)/(?P<per>{PER_NAMES})(?![\w])"), _word_per, "l"),
        Grammar("measure", re.compile(rf"(?P<per_word>per|a|an)\s(?P<unit>{UNIT_NAMES})(?P<power>[23²³](?![\d]))?(?![\w]|\.\w)"),
                _per_unit, "l"),
        Grammar("percent", re.compile(rf"(?P<amount>[-+\u2212]?{NUM})\s?(?:%|per\s?cent{END}|percent{END}|pc{END})"),
                _percent, "d.-+\u2212"),
        Grammar("percent", re.compile(rf"(?P<amount>{NUM})\s?(?:pp|ppts?|percentage points?){END}"), _points, "d."),
        Grammar("measure", re.compile(rf"(?:(?P<whole>\d+)\s)?(?P<n>\d{{1,2}})/(?P<d>\d{{1,2}})(?P<space>\s?|-(?=[a-z]))(?P<unit>{UNIT_NAMES}|\"|”|″)(?![\w])"),
                _fraction_measure, "d"),
        Grammar("fraction", re.compile(r"(?:(?P<whole>\d+)\s)?(?P<n>\d{1,3})/(?P<d>\d{1,3})(?:rds|ths|nds|sts|st|nd|rd|th)?(?![\d/])"),
                _fraction, "d"),
        Grammar("measure", re.compile(rf"(?:(?P<whole>\d+)\s?)?(?P<symbol>[{VULGAR}])(?P<space>\s?)(?P<unit>{UNIT_NAMES})(?![\w])"),
                _vulgar_measure, "d" + VULGAR),
        Grammar("fraction", re.compile(rf"(?P<whole>\d+)?\s?(?P<symbol>[{''.join(tables.VULGAR_FRACTIONS)}])"),
                _vulgar_fraction, "d" + "".join(tables.VULGAR_FRACTIONS)),
        Grammar("quarter", re.compile(r"(?P<q>[1-4])(?P<kind>[QH])(?:\s?['’]?(?P<y>\d{4}|\d{2}))?(?![\w])"), _quarter, "d"),
        Grammar("quarter", re.compile(r"(?P<letter>[QH])(?P<n>[1-4])(?:\s?['’]?(?P<y>20\d\d|\d\d)(?![\d]))?(?![\w])"),
                _half_or_quarter_code, "u"),
        Grammar("quarter", re.compile(r"FY\s?['’]?(?P<a>\d{4}|\d{2})(?:[/-](?P<b>\d{4}|\d{2}))?(?![\d])"), _fiscal_year, "u"),
        Grammar("score", re.compile(r"(?<![\d-])\d(?:-\d){2,4}(?![\d-]|\.\d)"), _chain, "d"),
        Grammar("score", re.compile(r"(?<![\d:.,])(?P<a>\d{1,2}):(?P<b>[1-9]|[1-9]\d{2,5}|[1-9]\d{0,2}(?:,\d{3})+)(?![\d:]|[.,]\d)"), _ratio, "d"),
        Grammar("cardinal", re.compile(r"(?P<amount>\d{1,3})ers(?![\w'’])"), _number_ers, "d"),
        Grammar("measure", re.compile(r"(?P<miles>\d)m\s?(?P<furlongs>[1-7])f(?![\w])"), _race_distance, "d"),
        Grammar("score", re.compile(r"(?P<a>\d{1,3})\s?[-–—]\s?(?P<b>\d{1,3})(?![\d%:/]|\.\d)(?!\s?(?:%|[ap]\.?m))"), _score, "d"),
        Grammar("range", re.compile(r"(?P<left>(?:1[0-9]|20)\d0)s\s?[-–—]\s?['’]?(?P<right>(?:(?:1[0-9]|20)\d0)|\d0)s(?![\w])"),
                _decade_range, "d"),
        Grammar("range", re.compile(rf"(?P<left>{RANGE_SIDE})\s?[-–—]\s?(?P<right>{RANGE_SIDE})(?![\d/]|-\w)"),
                make_range(speak), "dl" + "".join(tables.CURRENCY_SYMBOLS) + "u"),
        Grammar("range", re.compile(r"(?P<left>(?:1\d|20)\d\d)/(?P<right>\d\d|(?:1\d|20)\d\d)(?![\d/])"),
                make_range(speak), "d"),
        Grammar("decade", re.compile(r"(?P<apostrophe>)(?P<digits>(?:1[0-9]|20)\d0)\ss(?![\w'’])"), _decade, "d"),
        Grammar("year", re.compile(r"(?P<year>\d{1,4})\s?(?P<era>A\.D\.?|AD|B\.C\.(?:E\.)?|BCE?|CE|C\.E\.)(?![\w])"),
                _era, "d"),
        Grammar("decade", re.compile(r"(?P<apostrophe>['’])?(?P<digits>(?:1[0-9]|20)?\d0|\d000)s(?![\w])"), _decade, "d'’"),
        Grammar("year", re.compile(r"(?<![\w'’])['’](?P<yy>\d\d)(?![\w'’]|[.,]\d)"), _short_year, "'’"),
        Grammar("ordinal", re.compile(r"(?P<amount>\d{1,3}(?:,\d{3})+|\d+)(?:st|nd|rd|th|ST|ND|RD|TH)(?![a-zA-Z])"),
                _ordinal, "d"),
        Grammar("cardinal", re.compile(rf"(?:(?P<mantissa>{NUM})\s?[x×·]\s?)?(?P<base>\d{{1,3}})(?P<power>[⁻¯]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)"
                                       rf"(?:\s(?P<unit>(?:{UNIT_NAMES})(?:/[a-zA-Z]{{1,4}})?)(?![\w/]))?"), make_power(speak), "d"),
        Grammar("measure", re.compile(rf"(?P<a>{NUM})\s?[x×]\s?(?P<b>{NUM})(?![\w])"), _dimensions, "d"),
        Grammar("measure", re.compile(rf"(?P<a>{NUM})(?:\s?(?P<ua>{UNIT_NAMES}))?\s[x×]\s(?P<b>{NUM})\s?(?P<ub>{UNIT_NAMES})(?![\w])"),
                _measure_times, "d"),
        Grammar("measure", re.compile(rf"(?P<a>\d)[x×](?P<b>\d{{2,4}})(?P<ub>{UNIT_NAMES})(?![\w])"), _relay, "d"),
        Grammar("fraction", re.compile(r"(?P<a>\d{1,2}\.\d{1,2})/(?P<b>5|10|100)(?![\d/]|\.\d)"), _rating, "d"),
        Grammar("cardinal", re.compile(rf"(?P<amount>{NUM})(?P<space>\s?)(?P<magnitude>{MAGNITUDE}){END}{per}"), _compact, "d."),
        Grammar("cardinal", re.compile(rf"(?P<amount>{NUM})x{END}"), _times, "d"),
        Grammar("cardinal", re.compile(r"(?<![\d,.])(?P<amount>[1-9]\d{0,2}(?:(?P<gap>[ \u202f\u2009\u00a0])\d{3})+)"
                                   rf"(?:\s(?!(?:in|ins|t|h|pt|mb|a|st)\b)(?P<unit>{UNIT_NAMES})(?![\w/]))?(?![\d]|[.,]\d)"), _grouped_thousands, "d"),
        Grammar("measure", re.compile(rf"(?P<amount>{NUM})\s?/\s?(?P<per>sq m|sq ft|sq km|[a-zA-Z]{{1,6}}){END}"),
                _per_quantity, "d."),
        Grammar("cardinal", re.compile(rf"(?P<amount>{NUM})-(?P<word>[a-zA-Z]+(?:-[a-zA-Z]+)*)"), _hyphenated, "d"),
        Grammar("cardinal", re.compile(r"(?P<amount>\d{1,3})s(?![\w'’])"), _plural_number, "d"),
        Grammar("year", re.compile(r"(?P<year>(?:1[0-9]|2[01])\d\d)(?![\d,.]\d|\w)"), _year, "d"),
        Grammar("cardinal", re.compile(rf"(?:(?<![\w.])(?P<sign>[-+\u2212–]))?(?P<amount>{NUM})(?P<plus>\+)?"),
                _cardinal, "d.-+\u2212–"),
    ]


def names_a_place(context: Context) -> bool:
    """'Room 314B', 'her seat, 14C', 'row 14C': a number glued to a letter after a numbered place is its name."""
    return context.previous_word().title() in tables.NUMBERED_PLACES


def _temperature(match: re.Match[str], context: Context) -> str | None:
    if match.group("scale2") and names_a_place(context):
        return None
    if match.group("compass"):
        return f"{number(match.group('amount'))} degrees {tables.COMPASS_WORDS[match.group('compass')]}"  # '54°N'
    scale = match.group("scale") or match.group("scale2") or (match.group("scale3") or "")[:1]
    amount = match.group("amount").replace("\u2212", "-").replace("\u2011", "-")
    degree = "degree" if is_one(amount) or _adjectival(context) else "degrees"
    name = {"C": " Celsius", "F": " Fahrenheit", "": ""}[scale.upper()]
    if match.group("scale3") and match.group("scale3").lower() == "centigrade":
        name = " centigrade"
    return f"{number(amount)} {degree}{name}"


__all__ = ["NUM", "grammars", "money_words", "digits", "decimal"]
