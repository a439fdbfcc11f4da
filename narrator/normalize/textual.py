"""Grammars of the textual semiotic classes: electronic, telephone, roman, abbreviation, initialism, letters,
symbols, brackets."""

from __future__ import annotations

import re
from collections.abc import Callable

from . import tables
from .numbers import cardinal, digits, int_to_roman, name_number, ordinal, roman_to_int, year
from .scanner import Context, Grammar

Speak = Callable[[str], str]
TLDS = ("com|org|net|gov|edu|io|co|uk|eu|de|fr|es|it|nl|ie|au|ca|nz|in|jp|cn|ru|info|biz|ai|app|dev|tv|me|us|int|"
        "mil|news|online|site|xyz|ly|gl|be|ch|at|se|no|dk|fi|pl|pt|gr|za|ng|ke|br|mx|ar|sg|hk|kr|tw|il|ae|sa|tr")

FILE_TYPES = "pdf|docx?|xlsx?|pptx?|csv|txt|jpe?g|png|gif|mp3|mp4|mov|wav|zip|exe|json|xml|html?|py|md|epub|tsv"
"""Extensions that make 'report_final_v3.pdf' a file's name, read as written with 'dot' and 'underscore'."""


def spell(text: str) -> str:
    """Each letter on its own ('BBC' -> 'B B C'); '&' is 'and'; digits are words."""
    out = []
    for char in text:
        if char == "&":
            out.append("and")
        elif char.isdigit():
            out.append(tables.DIGITS[char])
        elif char.isalpha():
            out.append(char.upper())
    return " ".join(out)


def _words_of(name: str) -> str:
    """'ClimateWeek2024' -> 'Climate Week twenty twenty-four'; 'bbc_news' -> 'bbc news'."""
    parts = re.findall(r"[A-Z]{2,}(?=[A-Z][a-z]|\d|_|\b)|[A-Z]?[a-z]+|[A-Z]+|\d+", name)
    spoken = []
    for part in parts:
        if part.isdigit():
            spoken.append(cardinal(part) if len(part) <= 4 else digits(part))
        elif part.isupper() and len(part) > 1 and part not in tables.ACRONYMS_AS_WORDS:
            spoken.append(spell(part))
        else:
            spoken.append(tables.ACRONYMS_AS_WORDS.get(part, part))
    return " ".join(spoken)


# --- electronic -------------------------------------------------------------------------------------------------

SPELLED_DOMAIN_PARTS = {"abc", "cbs", "nbc", "npr", "pbs", "itv", "rte", "nyt", "cnn", "bbc", "nhs", "ons", "hmrc",
                        "io", "tv", "uk", "us", "eu", "ai", "fm"}


def _electronic_part(part: str, in_path: bool = False) -> str:
    lower = part.lower()
    if part.isupper() and len(part) > 3:
        part = lower
    if in_path and part.isalpha() and len(part) >= 2 and re.search(r"[aeiouy]", part, re.I):
        return part
    if lower in tables.SPOKEN_DOMAIN_WORDS:
        return lower
    if part.isdigit():
        return digits(part)
    if lower == "co":
        return lower
    if lower in SPELLED_DOMAIN_PARTS or len(part) <= 2 or not re.search(r"[aeiouy]", part, re.I):
        return spell(part)
    return part


def electronic(text: str) -> str:
    """'bbc.co.uk/news' -> 'B B C dot co dot U K slash news'."""
    out: list[str] = []
    in_path = False
    for piece in re.split(r"([./:@_\-~?=&#+%\\])", text):
        if piece == "/":
            in_path = True
        if not piece:
            continue
        if piece in tables.ELECTRONIC_SYMBOLS:
            out.append(tables.ELECTRONIC_SYMBOLS[piece])
        else:
            out.append(" ".join(_electronic_part(p, in_path) for p in re.findall(r"[A-Za-z]+|\d+", piece)))
    return " ".join(w for w in out if w)


def _url(match: re.Match[str], context: Context) -> str:
    url = match.group(0)
    scheme, separator, rest = url.partition("://")
    if separator:
        return f"{spell(scheme)} colon slash slash {electronic(rest)}"
    if url.lower().startswith("www."):
        return f"W W W dot {electronic(url[4:])}"
    return electronic(url)


def _ip_address(match: re.Match[str], context: Context) -> str | None:
    """'192.168.1.20' -> 'one nine two dot one six eight dot one dot two zero'."""
    address, _, prefix = match.group(0).partition("/")
    parts = address.split(".")
    if any(int(part) > 255 for part in parts):
        return None
    return " dot ".join(digits(part) for part in parts) + (f" slash {cardinal(prefix)}" if prefix else "")


def _path(match: re.Match[str], context: Context) -> str:
    """'/var/log/app2' -> 'slash var slash log slash app two'; 'C:\\Users' -> 'C colon backslash users'."""
    return electronic(match.group(0))


def _instrument_code(match: re.Match[str], context: Context) -> str:
    """'XYZ10=RR' -> 'X Y Z one zero equals R R': a terminal code, letter by letter."""
    return " ".join("equals" if char == "=" else spell(char) for char in match.group(0))


def _looks_like_isbn(number: str, following: str) -> bool:
    """An unlabelled run of digit groups is a book number unless its last group, set off by a space, runs into a
    mark or symbol ('100-10-1000 5\u2033 wide', '... 5%'): that is a code, then a measure of its own."""
    return number[-2] != " " or not following or following.isspace() or following in ".,;:!?)]"


def _isbn(match: re.Match[str], context: Context) -> str | None:
    """'978-0-306-40615-7' -> 'nine seven eight, zero, three zero six, ...': a book number's groups, digit by digit."""
    number = match.group("number")
    groups = re.split(r"[- ]", number)
    if len("".join(groups)) not in (10, 13):
        return None
    labelled = match.group("label") or re.search(r"\b(?i:isbn)(?:-1[03])?:?\s*$", context.before)
    if not labelled and not _looks_like_isbn(number, context.text[match.end():match.end() + 1]):
        return None
    spoken = ", ".join(" ".join("X" if c in "Xx" else tables.DIGITS[c] for c in group) for group in groups)
    if match.group("mark"):  # '0-100-10000-0″': hyphened groups keep their digits; the mark after them is a unit
        spoken += " inches" if match.group("mark") in "\"”″" else " feet"
    return (spell(match.group("label").rstrip(":- ").upper().replace("-", " ")) + " " if match.group("label") else "") + spoken


def _doi_part(part: str) -> str:
    if part.isdigit():
        return digits(part)
    if part.isalpha():
        word = len(part) > 3 and _pronounceable(part.upper()) and re.search(r"[aeiou]", part, re.I) \
            and not re.match(r"(?![bcdfgkpst][hlr]|s[ckmnpqtw]|[tdgks]w|wr|kn|gn|ps)[^aeiouy]{2}", part, re.I)
        return part.lower() if word else spell(part)
    return tables.ELECTRONIC_SYMBOLS.get(part, "")


def _doi(match: re.Match[str], context: Context) -> str:
    """'doi:10.1038/nphys1170' -> 'D O I ten dot one zero three eight slash n p h y s one one seven zero'."""
    registrant, suffix = match.group("registrant"), match.group("suffix")
    words = [w for w in (_doi_part(p) for p in re.findall(r"[A-Za-z]+|\d+|[^\w\s]", suffix)) if w]
    label = "D O I " if match.group("label") else ""
    return f"{label}ten dot {digits(registrant)} slash {' '.join(words)}"


def _email(match: re.Match[str], context: Context) -> str:
    return electronic(match.group(0))


def _hashtag(match: re.Match[str], context: Context) -> str:
    return "hashtag " + _words_of(match.group("name"))


def _handle(match: re.Match[str], context: Context) -> str:
    return "at " + _words_of(match.group("name"))


# --- telephone ----------------------------------------------------------------------------------------------------

def _pronounceable(letters: str) -> bool:
    """A vanity number's letters that make a word ('FLOWERS', 'FEDEX'), not an initialism ('GO' is spelled)."""
    return len(letters) >= 3 and bool(re.search(r"[AEIOUY]", letters)) and not re.search(r"[^AEIOUY]{4}", letters)


def phone_words(text: str) -> str:
    """Digit by digit, groups separated by commas, 0 as 'oh': '020 7946 0018' -> 'oh two oh, seven nine four six, ...'."""
    groups = re.findall(r"\+?[0-9A-Z]+", text)
    spoken = []
    as_words = any(group.isalpha() and _pronounceable(group) for group in groups)
    for group in groups:
        words = []
        if group.startswith("+"):
            words.append("plus")
            group = group[1:]
        if group.isalpha():
            words.append(group.lower() if as_words else spell(group))
        elif group in ("800", "900") and spoken in ([], ["one"]):
            words.append(f"{tables.DIGITS[group[0]]} hundred")
        else:
            words.append(" ".join("oh" if c == "0" else (tables.DIGITS[c] if c.isdigit() else c) for c in group))
        spoken.append(" ".join(words))
    return ", ".join(spoken)


def _phone(match: re.Match[str], context: Context) -> str:
    return phone_words(match.group(0))


CALL_NOUNS = {"call", "service", "line", "number", "operator", "operators", "hotline", "helpline",
              "dispatcher", "dispatchers", "centre", "center", "handlers", "system"}


def _names_a_model(context: Context) -> bool:
    """"Porsche's 911 GT3": a number between a maker's name and a model's name."""
    previous, following = context.previous_words(1), context.next_word()
    written_before = context.before.rstrip().rsplit(None, 1)[-1] if context.before.strip() else ""
    return bool(previous) and written_before.endswith(("'s", "’s")) and following[:1].isupper()


_POSTAL_CODES = {forms[1] for forms in tables.US_STATES.values()}


def _short_number(match: re.Match[str], context: Context) -> str | None:
    """'call 999', 'NHS 111', 'a 999 call', 'ext. 214', 'text STOP to 60123': digit by digit."""
    number = match.group(0)
    previous = [w.lower() for w in context.previous_words(3)]
    if number == "911" and _names_a_model(context):
        return "nine eleven"
    if len(number) == 3 and number in ("911", "988") and context.text[max(0, context.start - 2):context.start] != "9/":
        return phone_words(number)
    if previous and previous[-1] in ("ext", "extension", "x"):
        return phone_words(number)
    if set(previous) & {"pin", "passcode", "password", "combination", "pincode", "code"}:
        return digits(number)  # 'His PIN is 4321': a code, digit by digit
    before_words = context.before.rstrip(" ,").split()
    if len(number) == 5 and (before_words and before_words[-1] in _POSTAL_CODES | {"DC"}
                             or {"zip", "postcode", "postal"} & set(previous)):
        return phone_words(number)  # a ZIP code: 'Washington, DC 20500'
    if len(number) == 5 and re.search(r"(?:[A-Z][\w'’.-]*\s\d{1,3}[A-Za-z]?|(?<![\d,.])\d{1,3}[A-Za-z]?(?:\s[\w'’.-]+){0,3}\s[A-Z][\w'’.-]+|\b(?:%s)),\s*$" % "|".join(
            re.escape(street) for street in tables.STREET_TYPES), context.before) and _is_name(context.next_word()):
        return phone_words(number)  # a postcode before its town: 'Calle Mayor 12, 28013 Madrid'
    if len(number) >= 5:
        return phone_words(number) if {"text", "texting", "sms"} & set(previous) else None
    if number not in tables.EMERGENCY_NUMBERS:
        return None
    calling = tables.CALLING_WORDS - {"the", "on", "number", "line"}
    earlier = {w.lower() for w in context.previous_words(7)}  # 'Dial 999 in an emergency, or 111 for advice'
    if (previous and previous[-1] in calling | {"nhs", "or", "and", "not", "to"}
            and (previous[-1] not in ("or", "and", "not", "to") or earlier & (calling | tables.EMERGENCY_NUMBERS))):
        return phone_words(number)
    if previous and previous[-1] == "emergency" and earlier & (calling | tables.EMERGENCY_NUMBERS) \
            and not re.match(r"\s+[a-z]+s\b", context.after):
        return phone_words(number)  # 'Call NHS 111 or, in an emergency, 999.'
    if context.next_word().lower() in CALL_NOUNS or context.next_word().lower().startswith("non-emergency"):
        return phone_words(number)
    if previous and previous[-1] == "number" and len(previous) > 1 and previous[-2] in ("emergency", "the"):
        return phone_words(number)
    return None


def _spaced_number(match: re.Match[str], context: Context) -> str | None:
    """'free on 116 123', 'call 116 117': two groups of three digits after a calling word are a number to dial."""
    calling = tables.CALLING_WORDS - {"the", "number"}
    if not {w.lower() for w in context.previous_words(3)} & (calling | {"free", "freephone", "tel", "telephone"}):
        return None
    return phone_words(match.group(0))


# --- roman numerals --------------------------------------------------------------------------------------------------

def _roman(match: re.Match[str], context: Context) -> str | None:
    name, numeral = match.group("name"), match.group("numeral")
    value = roman_to_int(numeral)
    if value is None:
        return None
    last = name.split()[-1]
    possessive = match.group("possessive") or ""
    if f"{last} {numeral}" in tables.NOT_ROMAN or numeral in ("MIX", "DIV", "CIVIL", "LID", "MID", "DC", "CD", "MD", "DI"):
        return None
    if name in tables.REGNAL_NAMES or last in tables.REGNAL_NAMES or " ".join(name.split()[-2:]) in tables.REGNAL_NAMES:
        return f"{name} the {ordinal(value)}{possessive}"
    if numeral == "X" and not (name in tables.REGNAL_NAMES or last in tables.REGNAL_NAMES):
        return None
    if last.capitalize() in tables.ROMAN_TITLE_WORDS:
        return f"{name} {cardinal(str(value))}{possessive}"
    if len(numeral) >= 2 and value <= 40 and last not in tables.SENTENCE_START_WORDS and len(name.split()) == 1:
        return f"{name} {cardinal(str(value))}{possessive}"
    words = name.split()
    if numeral in ("II", "III", "IV") and len(words) >= 2 and words[-2][:1].isupper() and last not in tables.SENTENCE_START_WORDS:
        return f"{name} the {ordinal(value)}{possessive}"
    return None


# --- titles, abbreviations --------------------------------------------------------------------------------------------

def _is_name(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and word not in tables.SENTENCE_START_WORDS


def _sentence_initial(context: Context) -> bool:
    before = context.before.rstrip()
    previous = before.rsplit(None, 1)
    head = previous[0] if len(previous) > 1 else ""
    return not head or head.rstrip()[-1:] in ".!?:\"“"


def _title(match: re.Match[str], context: Context) -> str | None:
    return tables.TITLES.get(match.group("abbr")) or tables.TITLES.get(match.group("abbr").rstrip("."))


def _saint(match: re.Match[str], context: Context) -> str | None:
    """'St Paul' -> Saint; 'Oak St' -> Street ('Oak St. Residents' keeps its full stop)."""
    written = match.group(0)
    prev = context.previous_word()
    following = context.next_word()
    if re.fullmatch(r"\d+(?:st|nd|rd|th)", prev) or following in tables.DIRECTIONS and _is_name(prev):
        return "Street." if written.endswith(".") and context.ends_sentence() else "Street"  # 'Main St SE'
    before_text = context.before.rstrip()
    prev_is_name = _is_name(prev) and prev not in tables.SCALE_NAMES and not before_text.endswith((".", "!", "?", ":", ";", "\"", "“")) and \
        not (_sentence_initial(Context(context.text, context.start - len(prev) - 1, context.start)) and prev in
             tables.SENTENCE_START_WORDS)
    if prev_is_name and (written.endswith(".") or not _is_name(following) or not prev.endswith("'s")):
        if written.endswith(".") and context.ends_sentence():
            return "Street."
        if _is_name(following) and not written.endswith(".") and prev in tables.SENTENCE_START_WORDS:
            return "Saint"
        if not _is_name(following) or written.endswith("."):
            return "Street"
    if following[:1].isupper():
        return "Saint"
    if prev_is_name:
        return "Street"
    return None


def _doctor(match: re.Match[str], context: Context) -> str | None:
    following = context.next_word()
    if _is_name(following):
        prev = context.previous_word()
        if _is_name(prev) and not _sentence_initial(context) and prev not in tables.TITLES:
            return "Drive" + ("." if match.group(0).endswith(".") and re.match(r"\s+[A-Z]", context.after) else "")
        return "Doctor"
    if _is_name(context.previous_word()):
        return "Drive" + ("." if match.group(0).endswith(".") and (not context.after.strip() or
                                                                   re.match(r"\s+[A-Z]", context.after)) else "")
    return "Doctor"


def _abbreviation(match: re.Match[str], context: Context) -> str | None:
    written = match.group(0)
    spoken = tables.ABBREVIATIONS.get(written)
    if spoken is None:
        return None
    if written in ("est.", "Est.") and _established(context):
        return "established" if written == "est." else "Established"
    if written == "v" and not (_is_name(context.previous_word()) or context.previous_word()[:1].isdigit()
                               or re.fullmatch(r"[A-Z]", context.previous_word())):
        return None
    if written == "sq" and not context.previous_word()[:1].isdigit():
        return None
    if written == "cu" and not context.previous_word()[:1].isdigit():
        return None
    if written in ("Rd", "Ave", "Sq") and not (_is_name(context.previous_word())
                                               or re.fullmatch(r"\d+(?:st|nd|rd|th)", context.previous_word())):
        return None
    if written in tables.DAY_ABBREVIATIONS and context.previous_word().lower() in ("the", "a"):
        return None  # 'the Sun.': a word that ends the sentence
    if written in tables.ABBREVIATION_KEEPS_STOP and written.endswith("."):
        if not context.after.strip() or (context.ends_sentence() and written != "No."):
            spoken += "."
    return spoken


def _established(context: Context) -> bool:
    """'est. 1892', 'est. in 1901': founded; 'est. at 40,000', 'est. 5,000 people': estimated."""
    return re.match(r"\s?(?:in\s)?(?:1\d|20)\d\d(?!\d|,\d)", context.after) is not None


def _before_number(match: re.Match[str], context: Context) -> str | None:
    abbr = match.group("abbr")
    if abbr in ("est.", "Est.") and not _established(Context(context.text, match.end("abbr"), match.end("abbr"))):
        return "estimated" if abbr == "est." else "Estimated"
    return tables.ABBREVIATIONS_BEFORE_NUMBERS.get(abbr)


def _life_word(match: re.Match[str], context: Context) -> str | None:
    """'(b. 1950)', '(d. 1944)', '(fl. c. 1200)', '(r. 1066-87)': born, died, flourished, reigned, only where a life's
    dates stand (after an opening bracket, or a comma or semicolon inside one)."""
    before = context.before.rstrip()
    bracketed = before.endswith("(") or (before.endswith((",", ";")) and before.rfind("(") > before.rfind(")"))
    return tables.LIFE_ABBREVIATIONS[match.group("abbr")] if bracketed else None


def _junction(match: re.Match[str], context: Context) -> str | None:
    """'J10' -> 'junction ten', 'J16-19' -> 'junctions sixteen to nineteen': a motorway junction, in a sentence that
    names a road ('M25', 'A1(M)') or a junction."""
    if not re.search(r"\b(?:[MA]\d{1,4}(?:\(M\))?|junctions?|motorway|interchange)\b", context.text, re.I):
        return None
    first, last = match.group("a"), match.group("b")
    if last is None:
        return f"junction {cardinal(first)}"
    return f"junctions {cardinal(first)} to {cardinal(last)}"


def _statute_section(match: re.Match[str], context: Context) -> str:
    """'s.18', 's 3(1)(a)' -> 'section three one a', 'ss 4-7' -> 'sections four to seven': a section of an Act."""
    word = "sections" if match.group("abbr") == "ss" else "section"
    if not match.group("number"):
        return word  # a range of sections follows, said by its own class
    parts = [cardinal(match.group("number"))]
    for part in re.findall(r"\(([a-z0-9]+)\)", match.group("parts")):
        value = roman_to_int(part.upper()) if re.fullmatch(r"[ivx]{2,}", part) else None
        parts.append(cardinal(part) if part.isdigit() else cardinal(str(value)) if value else spell(part))
    return f"{word} {' '.join(parts)}"


def _number_sign(match: re.Match[str], context: Context) -> str:
    return "number"


# --- initialisms and letters ------------------------------------------------------------------------------------------

def _initialism(match: re.Match[str], context: Context) -> str | None:
    word, suffix = match.group("word"), match.group("suffix") or ""
    if word in tables.MIXED_CASE_INITIALISMS:
        return tables.MIXED_CASE_INITIALISMS[word] + suffix
    if word.isupper() and context.previous_word().lower() in ("ticker", "tickers", "symbol", "code", "codes"):
        return spell(word) + suffix  # a ticker is said letter by letter
    if len(word) >= 4 and roman_to_int(word) is not None and not suffix:
        return cardinal(str(roman_to_int(word)))  # 'MMXXIV', 'XVIII' standing alone
    core = word
    plural = ""
    if core.endswith("s") and core[:-1].isupper():
        core, plural = core[:-1], "s"
    if len(core) == 1:
        return None
    if core in tables.ACRONYMS_AS_WORDS:
        return tables.ACRONYMS_AS_WORDS[core] + plural + suffix
    if (context.shouting() or _shouting_neighbour(context)) and core not in tables.LONG_INITIALISMS:
        return None
    if core in tables.AMBIGUOUS_INITIALISMS or core in tables.CAPITAL_WORDS:
        if context.shouting() or core not in tables.AMBIGUOUS_INITIALISMS:
            return None
        if core in ("AM", "PM") and not context.before.rstrip()[-1:].isdigit():
            if core == "PM":
                return "P M" + plural + suffix
            return None
    if core in tables.SPOKEN_INITIALISMS:
        return tables.SPOKEN_INITIALISMS[core] + plural + suffix
    if core in tables.LONG_INITIALISMS or len(core) <= 3:
        return spell(core) + plural + suffix
    vowels = sum(c in "AEIOUY" for c in core) / len(core)
    pronounceable = vowels >= 0.3 and "&" not in core and re.search(r"[AEIOU]", core) and re.search(r"[^AEIOU&]", core) \
        and not re.search(r"[^AEIOUY&]{4}", core) and not re.match(r"[^AEIOUY](?![AEIOUY]|[HLRW]|(?<=S)[CKMNPQTW])", core) \
        and not re.match(r"([AEIOU])\1", core) and not re.search(r"[^AEIOUY][LR]$", core)  # 'AAPL', 'NVLR': no English word
    if pronounceable or context.shouting():
        return None
    return spell(core) + plural + suffix


def _shouting_neighbour(context: Context) -> bool:
    """A neighbouring word in capitals that is no initialism ('MILD WEATHER'): a headline shouting."""
    for word in context.previous_words(1) + context.next_words(1):
        if (len(word) >= 5 or word in tables.CAPITAL_WORDS) and word.isupper() and word.isalpha() \
                and word not in tables.LONG_INITIALISMS \
                and word not in tables.ACRONYMS_AS_WORDS:
            return True
    return False


def _dotted_letters(match: re.Match[str], context: Context) -> str:
    written = match.group(0)
    spoken = spell(written.replace(".", ""))
    if written.endswith(".") and context.ends_sentence():  # its last full stop also ended the sentence
        spoken += "."
    return spoken


def _code(match: re.Match[str], context: Context) -> str | None:
    """'M25', 'A4', 'G7', 'Covid-19', 'B-52', 'Q3' -> letters then the number."""
    letters, number_text = match.group("letters"), match.group("digits")
    if match.group(0) in tables.ABBREVIATIONS:
        return tables.ABBREVIATIONS[match.group(0)]
    if letters in tables.ACRONYMS_AS_WORDS:
        spoken_letters = tables.ACRONYMS_AS_WORDS[letters]
    elif letters[1:].islower() or (len(letters) > 3 and re.search(r"[AEIOU]", letters)):
        spoken_letters = letters
    else:
        spoken_letters = spell(letters)
    if len(number_text) > 1 and number_text.startswith("0"):
        return f"{spoken_letters} {digits(number_text, 'oh')}"
    return f"{spoken_letters} {cardinal(number_text)}"


def _number_letters(match: re.Match[str], context: Context) -> str | None:
    """'4G', '3D', '5G' -> 'four G'; '221B', '14C' (a house, a seat) -> 'two twenty-one B'."""
    number_text = match.group("digits")
    spoken = name_number(number_text) if len(number_text) == 3 and len(match.group("letters")) == 1 else cardinal(number_text)
    return f"{spoken} {spell(match.group('letters'))}"


# --- addresses, party tags, day lists ---------------------------------------------------------------------------

def _direction(match: re.Match[str], context: Context) -> str | None:
    """'1200 N. Main St.' -> 'twelve hundred North Main Street': a compass letter after a house number, before a
    street's name."""
    from .numeric import street_follows

    if match.group("dir3"):
        previous = context.previous_word()
        place = re.fullmatch(r"[A-Z][a-z]{2,}", previous) and previous not in tables.TITLES \
            and previous not in tables.SENTENCE_START_WORDS
        return tables.DIRECTIONS[match.group("dir3")] if place else None  # 'the MP for Bristol W. said'
    if match.group("dir2"):
        road = re.fullmatch(r"(?:I|US|SR|M|A|Route|Hwy|Highway|Interstate)-?\d{1,3}", context.previous_word())
        after_street = context.previous_word() in tables.STREET_TYPES and len(match.group("dir2")) == 2
        stop = "." if match.group(0).endswith(".") else ""
        return tables.DIRECTIONS[match.group("dir2")] + stop if road or after_street else None
    if match.group("dir") in ("N", "S", "E", "W") and match.group(0).endswith(".") \
            and context.next_word() in tables.REGIONS:
        return tables.DIRECTIONS[match.group("dir")]  # 'across N. Wales', 'in S. Korea'
    if match.group("dir") in ("NE", "NW", "SE", "SW") and context.previous_word() in tables.STREET_TYPES \
            and re.match(r"[,;.]|\s*$", context.after):
        return tables.DIRECTIONS[match.group("dir")]  # '1600 Pennsylvania Ave NW, Washington'
    if not re.search(r"\d\s*$", context.before) or not street_follows(context.text[context.end - (
            1 if match.group(0).endswith(".") else 0):]):
        return None
    return tables.DIRECTIONS[match.group("dir")]


def _state_after_place(match: re.Match[str], context: Context) -> str | None:
    """'St. Paul, Minn., employs', 'near Fort Worth, Tex.': a state's abbreviation after a place and a comma."""
    if not re.search(r"[A-Z][a-z]+\.?,\s$", context.before):
        return None
    stop = "." if match.group(0).endswith(".") and context.ends_sentence() else ""
    return tables.STATE_NAMES[match.group("state")] + stop


def _party_state(match: re.Match[str], context: Context) -> str | None:
    """'(D-Calif.)' -> 'Democrat of California'; 'R-Texas' -> 'Republican of Texas'; '(I-Vt.)' -> 'independent of
    Vermont'."""
    state = tables.STATE_NAMES.get(match.group("state")) or tables.STATE_NAMES.get(match.group("state").rstrip("."))
    if state is None:
        return None
    if not match.group("open") and not _is_name(context.previous_word()) and context.before.rstrip()[-1:] != ",":
        return None
    spoken = f"{tables.PARTIES[match.group('party')]} of {state}"
    return f"({spoken})" if match.group("open") else spoken


DAY_NAMES = {**{k.capitalize(): v for k, v in {"mon": "Monday", "tue": "Tuesday", "tues": "Tuesday",
                                              "wed": "Wednesday", "thu": "Thursday", "thur": "Thursday",
                                              "thurs": "Thursday", "fri": "Friday", "sat": "Saturday",
                                              "sun": "Sunday"}.items()}}


def _day_list(match: re.Match[str], context: Context) -> str:
    """'Sat & Sun' -> 'Saturday and Sunday'; 'Mon, Wed & Fri' -> 'Monday, Wednesday and Friday'."""
    def name(day: str) -> str:
        return DAY_NAMES.get(day.rstrip(".").capitalize(), day)
    spoken = re.sub(r"[A-Za-z]+\.?", lambda m: name(m.group(0)) if m.group(0).lower().rstrip(".") in
                    {d.lower() for d in DAY_NAMES} else {"and": "and", "or": "or"}.get(m.group(0), m.group(0)),
                    match.group(0))
    return re.sub(r"\s*(&|/)\s*", lambda m: " and " if m.group(1) == "&" else " or ", spoken)


# --- symbols, brackets ----------------------------------------------------------------------------------------------

def _symbol(match: re.Match[str], context: Context) -> str | None:
    symbol = match.group(0)
    if symbol == "~" and not context.after[:1].strip() == "" and not context.after[:1].isdigit():
        return None
    if symbol in ("<", ">", "=") and not (context.after.lstrip()[:1].isdigit()
                                          or (context.after[:1] == " " and context.before[-1:] == " ")):
        return None
    if symbol == "+" and not (context.after.lstrip()[:1].isdigit() or context.before.rstrip()[-1:].isalnum()
                              or context.before.rstrip()[-1:] in tables.SYMBOLS):
        return None  # 'plus' after a word or a symbol said as one ('& +' is 'and plus', as 'and +' is)
    if symbol == "~":
        return "about"
    return tables.SYMBOLS.get(symbol)


def make_brackets(speak: Speak) -> Callable[[re.Match[str], Context], str | None]:
    """Editorial insertions: '[to Russia]' -> 'to Russia'; '[...]' and '[sic]' are not said."""

    def verbalize(match: re.Match[str], context: Context) -> str | None:
        inner = match.group("inner").strip()
        if inner in ("...", "…", "") or inner.lower() == "sic":
            return ""
        return speak(inner)

    return verbalize


def make_lexicon(lexicon: dict[str, str]) -> list[Grammar]:
    """The user's pronunciations: whole words, case-sensitive, before every other class."""
    if not lexicon:
        return []
    alternatives = "|".join(re.escape(w) for w in sorted(lexicon, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])")
    firsts = "dul" + "".join(sorted({w[0] for w in lexicon if w and not w[0].isalnum()}))

    def verbalize(match: re.Match[str], context: Context) -> str:
        return lexicon[match.group(0)]

    return [Grammar("lexicon", pattern, verbalize, firsts)]


def grammars(speak: Speak) -> list[Grammar]:
    """The textual classes, most specific first."""
    titles = "|".join(sorted((re.escape(t) for t in tables.TITLES), key=len, reverse=True))
    abbreviations = "|".join(sorted((re.escape(a) for a in tables.ABBREVIATIONS), key=len, reverse=True))
    life_words = "|".join(re.escape(a) for a in sorted(tables.LIFE_ABBREVIATIONS, key=len, reverse=True))
    before_numbers = "|".join(sorted((re.escape(a) for a in tables.ABBREVIATIONS_BEFORE_NUMBERS), key=len, reverse=True))
    regnal = r"[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}"
    symbols = "|".join(re.escape(s) for s in sorted(tables.SYMBOLS, key=len, reverse=True))
    url_tail = r"[^\s<>\"]*[^\s<>\".,;:!?)\]'’]"
    parties = "|".join(re.escape(p) for p in sorted(tables.PARTIES, key=len, reverse=True))
    states = "|".join(re.escape(s) for s in sorted(tables.STATE_NAMES, key=len, reverse=True))
    dotted_states = "|".join(re.escape(s) for s in sorted(tables.STATE_NAMES, key=len, reverse=True) if "." in s)
    days = "|".join(sorted(DAY_NAMES, key=len, reverse=True))
    day = rf"(?:{days})\.?"
    return [
        Grammar("abbreviation", re.compile(rf"(?P<open>\()?(?P<party>{parties})-(?P<state>{states})(?(open)\)|(?![\w-]))"),
                _party_state, "(u"),
        Grammar("abbreviation", re.compile(r"(?P<dir>NE|NW|SE|SW|N|S|E|W)\.?(?=\s[A-Z\d])|(?P<dir2>NE|NW|SE|SW|N|S|E|W)\.?(?=[,;]|\s*$)"
                                           r"|(?P<dir3>N|S|E|W)\.(?=\s[a-z])"), _direction, "u"),
        Grammar("abbreviation", re.compile(rf"(?P<state>{dotted_states})(?=[\s,;:)]|$)"), _state_after_place, "u"),
        Grammar("date", re.compile(rf"{day}(?:\s*(?:,|&|/|\band\b|\bor\b)\s*{day})+(?![\w])"), _day_list, "u"),
        Grammar("letters", re.compile(r"(?:C\+\+|C#|F#|\.NET)(?![\w+#])"), _programming, "u."),
        Grammar("electronic", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w@])"), _email, "dul"),
        Grammar("electronic", re.compile(rf"(?i:https?|ftp)://{url_tail}|(?i:www)\.{url_tail}"), _url, "lu"),
        Grammar("electronic", re.compile(rf"[A-Za-z0-9][\w-]*(?:\.[\w-]+)*\.(?i:{TLDS})(?:/{url_tail}|/)?(?![\w@]|\.[a-zA-Z])"),
                _url, "dul"),
        Grammar("electronic", re.compile(rf"[A-Za-z0-9][\w-]*(?:[./][\w-]+)*\.(?:{FILE_TYPES})(?![\w]|\.\w)"), _path, "dul"),
        Grammar("electronic", re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?![\d]|\.\d)"), _ip_address, "d"),
        Grammar("electronic", re.compile(r"(?<![\w/.~])~?/[A-Za-z][\w.-]*(?:/[\w.-]*\w)+/?"), _path, "/~"),
        Grammar("electronic", re.compile(r"[A-Z]:\\(?:[\w .-]+\\)*[\w.-]*\w"), _path, "u"),
        Grammar("electronic", re.compile(r"(?=[A-Z0-9]*(?:\d|=(?![\w])))[A-Z][A-Z0-9]*=[A-Z0-9]*(?![\w=])"), _instrument_code, "u"),
        Grammar("telephone", re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])"), _phone, "d"),
        Grammar("electronic", re.compile(r"(?P<label>ISBN(?:-1[03])?:?\s?)?(?P<number>(?<![\d-])(?:97[89][- ])?\d{1,5}[- ]\d{1,7}"
                                         r"[- ]\d{1,7}[- ][\dX])(?P<mark>(?<=-\d)[\"”″]|(?<=-\d)['’′](?!\w))?(?![\w-])"), _isbn, "dI"),
        Grammar("electronic", re.compile(r"(?P<label>(?i:doi):\s?)?10\.(?P<registrant>\d{4,9})/(?P<suffix>[\w.()/:;-]*\w)"),
                _doi, "dlD"),
        Grammar("electronic", re.compile(r"#(?P<name>[A-Za-z][\w]*)"), _hashtag, "#"),
        Grammar("electronic", re.compile(r"(?<![\w.])@(?P<name>[A-Za-z_][\w]{1,30})(?![\w.@]*\.[a-z])"), _handle, "@"),
        Grammar("telephone", re.compile(r"\+\d{1,3}[\s.-]?(?:\(0?\d{1,4}\)|\d{1,4})(?:[\s.-]?\d{2,4}){1,4}(?![\d])"),
                _phone, "+"),
        Grammar("telephone", re.compile(r"\(\d{3,5}\)\s?\d{3,4}[-.\s]\d{3,4}(?![\d])"), _phone, "("),
        Grammar("telephone", re.compile(r"(?:1[-.\s])?\d{3}[-.]\d{3}[-.]\d{4}(?![\d])"), _phone, "d"),
        Grammar("telephone", re.compile(r"1-\d{3}-[A-Z0-9]{2,}(?:-[A-Z0-9]{2,})*(?![\w])"), _phone, "d"),
        Grammar("telephone", re.compile(r"0\d{2,4}[\s-]\d{3,4}[\s-]?\d{3,4}(?![\d])"), _phone, "d"),
        Grammar("telephone", re.compile(r"0\d{3,4}\s\d{6}(?![\d])"), _phone, "d"),
        Grammar("telephone", re.compile(r"(?<![\d,.])\d{3}-\d{4}(?![\d])"), _phone, "d"),
        Grammar("telephone", re.compile(r"\d{3,6}(?![\d]|[,.]\d|\s?[%-])(?![a-zA-Z])"), _short_number, "d"),
        Grammar("telephone", re.compile(r"(?:1\s)?\d{3}\s\d{3}\s\d{4}(?![\d]|[-:]\d)"), _phone, "d"),
        Grammar("telephone", re.compile(r"(?<![\d,.])[1-9]\d{2}\s\d{3}(?![\w]|[,.]\d|\s\d)"), _spaced_number, "d"),
        Grammar("telephone", re.compile(r"0\d{9,10}(?![\d])"), _phone, "d"),
        Grammar("roman", re.compile(rf"(?P<name>{regnal})\s(?P<numeral>[IVXLCDM]{{1,7}})(?P<possessive>['’]s)?(?![\w'’-]|:\S|[\\/])"),
                _roman, "u"),
        Grammar("roman", re.compile(r"(?P<name>stage|type|grade|class|phase|part|chapter|section|level|tier|category|act|"
                                    r"article|schedule|volume|book|title)\s(?P<numeral>[IVXLC]{1,6})(?P<possessive>)(?![\w'’-]|:\S|[\\/])"),
                _roman, "l"),
        Grammar("roman", re.compile(r"(?P<name>STAGE|PHASE|PART|CHAPTER|SECTION|ACT|ARTICLE|VOLUME|BOOK|EPISODE|SEASON|"
                                    r"ROUND|LEVEL)\s(?P<numeral>[IVXLC]{1,6})(?P<possessive>)(?![\w'’-]|:\S|[\\/])"), _roman, "u"),
        Grammar("abbreviation", re.compile(rf"(?P<abbr>{titles})(?=\s+(?:[A-Z](?:[\w'’.]|\s[A-Z])|and\s+(?:{titles})\b))"),
                _title, "u"),
        Grammar("abbreviation", re.compile(r"St\.?(?![\w])"), _saint, "u"),
        Grammar("abbreviation", re.compile(r"Dr\.?(?![\w])"), _doctor, "u"),
        Grammar("abbreviation", re.compile(rf"(?P<abbr>{before_numbers})\s?(?=\d|[A-Z]\d)"), _before_number, "ulN№"),
        Grammar("abbreviation", re.compile(rf"(?P<abbr>{life_words})\s?(?=(?:c\.\s?)?\d{{3,4}}(?!\d))"), _life_word, "l"),
        Grammar("address", re.compile(r"J(?P<a>\d{1,2})(?:\s?[-–]\s?J?(?P<b>\d{1,2}))?(?![\w])"), _junction, "u"),
        Grammar("abbreviation", re.compile(r"(?P<abbr>c\.|ca\.|approx\.|Approx\.)\s?(?=[$£€¥]\d)"),
                lambda m, c: {"c.": "circa", "ca.": "circa", "approx.": "approximately",
                              "Approx.": "Approximately"}[m.group("abbr")], "lA"),
        Grammar("abbreviation", re.compile(r"#(?=\d)"), _number_sign, "#"),
        Grammar("abbreviation", re.compile(r"(?<![^\s(\[])(?P<abbr>ss?)\.?\s?(?:(?P<number>\d{1,3})(?P<parts>(?:\([a-z0-9]{1,4}\))*)"
                                           r"(?!\d|[.,:/]\d|[a-zA-Z(]|[-–]\d)|(?=\d{1,3}[-–]\d))"), _statute_section, "l"),
        Grammar("abbreviation", re.compile(rf"(?<![\w.])(?:{abbreviations})(?![\w])"), _abbreviation, "ul"),
        Grammar("letters", re.compile(r"(?:[A-Za-z]\.){2,}(?![\w])"), _dotted_letters, "ul"),
        Grammar("initialism", re.compile("(?:" + "|".join(k for k in tables.MIXED_CASE_INITIALISMS if k[0].islower())
                                         + r")(?![\w])"), lambda m, c: tables.MIXED_CASE_INITIALISMS[m.group(0)], "l"),
        Grammar("model", re.compile(r"(?<![\w.])[vV](?P<version>\d{1,3}(?:\.\d{1,4}){1,3})(?![\w]|\.\d)"),
                lambda match, context: f"version {speak(match.group('version'))}", "ul"),
        Grammar("letters", re.compile(r"(?P<letters>[A-Z]{1,5}|[A-Z][a-z]+)-?(?P<digits>\d{1,4})(?![\w]|[.,]\d)"), _code, "u"),
        Grammar("letters", re.compile(r"(?P<digits>\d{1,3})(?P<letters>[A-Z]{1,2})(?![\w])"), _number_letters, "d"),
        Grammar("initialism", re.compile(r"(?P<word>[A-Z][A-Z&]{1,7}s?|[A-Z][a-zA-Z]{1,5})(?P<suffix>['’]s|(?<=s)['’])?(?![\w'’])(?!-[a-z]+\b)"),
                _initialism_checked, "u"),
        Grammar("initialism", re.compile(r"(?P<word>[A-Z][A-Z&]{1,7})(?P<suffix>)(?=-)"), _initialism, "u"),
        Grammar("letters", re.compile(r"(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{3,24}(?![\w])"), _alphanumeric, "dul"),
        Grammar("symbol", re.compile(r"\[(?P<inner>[^\[\]]{0,200})\]"), make_brackets(speak), "["),
        Grammar("symbol", re.compile(symbols), _symbol, "".join(tables.SYMBOLS)),
    ]


def _alphanumeric(match: re.Match[str], context: Context) -> str | None:
    """'A1B2C3' -> 'A one B two C three', 'Uint8Array' -> 'Uint eight Array': a code no other class reads; words
    stay words, capitals and short runs are spelled, digit runs said as digits (a year as a year)."""
    spoken = []
    for run in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", match.group(0)):
        if run.isdigit():
            if len(run) <= 2 and not run.startswith("0"):
                spoken.append(cardinal(run))
            elif len(run) == 4 and 1000 <= int(run) <= 2099:
                spoken.append(year(run))
            else:
                spoken.append(digits(run))
        elif len(run) >= 3 and re.search(r"[aeiouy]", run) and not run.isupper():
            spoken.append(run)
        else:
            spoken.append(spell(run))
    return " ".join(spoken)


def _programming(match: re.Match[str], context: Context) -> str:
    return {"C++": "C plus plus", "C#": "C sharp", "F#": "F sharp", ".NET": "dot net"}[match.group(0)]


def _initialism_checked(match: re.Match[str], context: Context) -> str | None:
    word = match.group("word")
    if word in tables.MIXED_CASE_INITIALISMS:
        return _initialism(match, context)
    if re.fullmatch(r"[A-Z][a-z][A-Z]", word):
        return " ".join(word) + (match.group("suffix") or "")  # 'BoE', 'DfE', 'MoJ': capitals around a small word
    if not (word.isupper() or (word.endswith("s") and word[:-1].isupper())):
        return None
    return _initialism(match, context)


__all__ = ["grammars", "make_lexicon", "spell", "electronic", "phone_words", "int_to_roman"]
