"""Grammars of dates, times and durations."""

from __future__ import annotations

import re

from . import tables
from .numbers import cardinal, clock_minutes, decimal, ordinal, year
from .scanner import Context, Grammar

MONTH_WORDS = "|".join(sorted(tables.MONTHS, key=len, reverse=True))
MONTH = rf"(?P<month>(?i:{MONTH_WORDS}))(?P<month_dot>\.)?(?![a-zA-Z])"
ZONES = "|".join(sorted(tables.TIME_ZONES, key=len, reverse=True))
OCLOCK = "o'clock"


def _month(written: str, strict: bool) -> str | None:
    """The month's name, or None when a lower-case word such as 'may' is not a month here."""
    name = tables.MONTHS.get(written.lower())
    if name is None:
        return None
    if written.islower() and strict and written in ("may", "march"):
        return None
    return name


def _keeps_stop(match: re.Match[str], context: Context) -> str:
    """A full stop eaten with an abbreviated month ('Oct.') that also ends the sentence is given back."""
    return "." if match.group(0).endswith(".") and context.ends_sentence() else ""


def _valid(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31


def _day_month(match: re.Match[str], context: Context) -> str | None:
    day = int(match.group("day"))
    year_text = match.group("year")
    month = _month(match.group("month"), False)
    if month is None or not 1 <= day <= 31:
        return None
    if match.group("month").lower() in ("may", "march") and match.group("month").islower() and year_text is None:
        following = context.after[:2]
        if following and following[0] == " " and following[1:].isalpha() and following[1:].islower():
            return None
    article = "" if context.previous_word().lower() in ("the", "this", "that", "next", "last") else "the "
    spoken = f"{article}{ordinal(day)} of {month}"
    if year_text:
        spoken += f" {year(year_text)}"
    return spoken + _keeps_stop(match, context)


def _month_day(match: re.Match[str], context: Context) -> str | None:
    day = int(match.group("day"))
    written = match.group("month")
    month = _month(written, True)
    if month is None or not 1 <= day <= 31:
        return None
    if written.lower() in ("may", "march") and written.islower() and not match.group("year") and not match.group("suffix"):
        return None
    if match.group("month") == "May" and not match.group("suffix") and not match.group("year") \
            and context.next_word() in ("people", "percent", "of", "be", "have", "not"):
        return None
    spoken = f"{month} {ordinal(day)}"
    if match.group("year"):
        spoken += f", {year(match.group('year'))}"
    return spoken


def _day_range_month(match: re.Match[str], context: Context) -> str | None:
    """'24-28 June' -> 'the twenty-fourth to the twenty-eighth of June'."""
    first, last = int(match.group("d1")), int(match.group("d2"))
    month = _month(match.group("month"), True)
    if month is None or not 1 <= first < last <= 31:
        return None
    article = "" if context.previous_word().lower() == "the" else "the "
    spoken = f"{article}{ordinal(first)} to the {ordinal(last)} of {month}"
    return spoken + (f" {year(match.group('year'))}" if match.group("year") else "") + _keeps_stop(match, context)


def _month_day_range(match: re.Match[str], context: Context) -> str | None:
    """'July 16-19, 2025' -> 'July sixteenth to nineteenth, twenty twenty-five'."""
    first, last = int(match.group("d1")), int(match.group("d2"))
    month = _month(match.group("month"), True)
    if month is None or not 1 <= first < last <= 31:
        return None
    spoken = f"{month} {ordinal(first)} to {ordinal(last)}"
    return spoken + (f", {year(match.group('year'))}" if match.group("year") else "")


def _month_year(match: re.Match[str], context: Context) -> str | None:
    month = _month(match.group("month"), False)
    if month is None or match.group("month") in ("may", "march"):
        return None
    return f"{month} {year(match.group('year'))}"


WEEKDAY_SHORT = {"mon": "Monday", "tue": "Tuesday", "tues": "Tuesday", "wed": "Wednesday", "thu": "Thursday",
                 "thur": "Thursday", "thurs": "Thursday", "fri": "Friday", "sat": "Saturday", "sun": "Sunday"}
MONTH_ALONE_BEFORE = {"in", "of", "by", "from", "until", "till", "since", "end", "early", "late", "mid", "during",
                      "before", "after", "last", "next", "this", "through", "until,"}


def _weekday(match: re.Match[str], context: Context) -> str | None:
    """'Sat 6 Dec' -> 'Saturday'; only before a date."""
    return WEEKDAY_SHORT[match.group("day").lower()]


def _month_alone(match: re.Match[str], context: Context) -> str | None:
    """'the end of Mar.' -> 'March'."""
    written = match.group("month")
    if written.lower() == "may" or written.islower() or context.previous_word().lower() not in MONTH_ALONE_BEFORE:
        return None
    return tables.MONTHS[written.lower()] + _keeps_stop(match, context)


def _weekday_range(match: re.Match[str], context: Context) -> str:
    """'Monday-Friday' -> 'Monday to Friday'; 'June-August' likewise."""
    def name(word: str) -> str:
        return WEEKDAY_SHORT.get(word.lower()) or tables.MONTHS.get(word.lower()) or word
    return f"{name(match.group('a'))} to {name(match.group('b'))}"


def _iso(match: re.Match[str], context: Context) -> str | None:
    y, m, d = int(match.group("y")), int(match.group("m")), int(match.group("d"))
    if not _valid(d, m):
        return None
    return f"the {ordinal(d)} of {tables.MONTH_NAMES[m - 1]} {year(str(y))}"


def _iso_datetime(match: re.Match[str], context: Context) -> str | None:
    """'2023-11-02T14:30Z' -> 'the second of November twenty twenty-three at fourteen thirty U T C'."""
    date = _iso(match, context)
    if date is None:
        return None
    minute = int(match.group("min"))
    seconds = int(match.group("s") or 0)
    said_seconds = f" and {cardinal(str(seconds))} {'second' if seconds == 1 else 'seconds'}" if seconds else ""
    if match.group("h") == "00" and minute == 0 and not seconds:
        clock = "midnight"
    elif match.group("h") == "00":  # the first hour after midnight, said as the 12-hour clock says it
        clock = f"twelve {clock_minutes(minute) or OCLOCK}{said_seconds} A M"
    else:
        clock = twenty_four_hour(match.group("h"), minute) + said_seconds
    return f"{date} at {clock}{_utc_offset(match.group('utc'))}"


def _utc_offset(written: str | None) -> str:
    """'Z', '+00:00' -> ' U T C'; '+01:00' -> ' U T C plus one'; '-05:30' -> ' U T C minus five thirty'."""
    if not written:
        return ""
    found = re.fullmatch(r"([+-])(\d\d):?(\d\d)", written)
    if found is None or found.group(2) == found.group(3) == "00":
        return " U T C"
    hours, minutes = int(found.group(2)), int(found.group(3))
    sign = "plus" if found.group(1) == "+" else "minus"
    return f" U T C {sign} {cardinal(str(hours))}{' ' + clock_minutes(minutes) if minutes else ''}"


def make_numeric_date(day_first: bool):
    """dd/mm/yyyy or mm/dd/yyyy as the setting says; an impossible order is read the other way."""

    def verbalize(match: re.Match[str], context: Context) -> str | None:
        a, b, y = int(match.group("a")), int(match.group("b")), match.group("y")
        day, month = (a, b) if day_first else (b, a)
        first = day_first
        if not _valid(day, month):
            day, month = month, day
        if not _valid(day, month):
            return None
        name = tables.MONTH_NAMES[month - 1]
        if not y:  # '02/03': a zero-padded day and month, no year
            article = "" if context.previous_word().lower() == "the" else "the "
            return f"{article}{ordinal(day)} of {name}" if first else f"{name} {ordinal(day)}"
        if len(y) == 2:
            y = ("20" if int(y) < 50 else "19") + y
        if first:
            return f"the {ordinal(day)} of {name} {year(y)}"
        return f"{name} {ordinal(day)}, {year(y)}"

    return verbalize


def cardinal_hour(hour: int) -> str:
    """The hour as a clock says it."""
    return cardinal(str(hour))


def _zone(match: re.Match[str]) -> str:
    zone = match.group("zone") if "zone" in match.groupdict() else None
    return (" " + " ".join(zone.upper())) if zone else ""


def _twelve_hour(match: re.Match[str], context: Context) -> str | None:
    hour = int(match.group("h"))
    minute = int(match.group("m") or 0)
    if not 0 <= hour <= 12 or minute > 59:
        return None
    suffix = match.group("ampm").lower().replace(".", "").replace(" ", "")
    minutes = clock_minutes(minute)
    spoken = f"{cardinal_hour(hour if hour else 12)}{' ' + minutes if minutes else ''} {' '.join(suffix.upper())}"
    spoken += _zone(match)
    if match.group("ampm").endswith(".") and not match.groupdict().get("zone"):
        spoken += _keeps_stop(match, context)
    return spoken


NOT_AFTER_TIME = {"seconds", "second", "secs", "s", "points", "percent", "per", "metres", "meters", "m", "kg", "km",
                  "miles", "goals", "runs", "million", "billion", "times", "minutes", "mins", "hours", "degrees",
                  "inches", "feet", "pounds", "dollars", "euros", "litres", "liters", "tonnes", "per cent"}

TIME_OF_DAY_WORDS = {"at", "from", "until", "till", "by", "since", "before", "after"}
"""Words before a clock with seconds that make an afternoon hour ("logged at 23:59:59") a time of day."""


GAME_CLOCK_AFTER = re.compile(
    r"\s+(?:left|remaining|to play|to go|gone|on the clock|into (?:the )?(?:game|match|half|period|quarter|overtime)"
    r"|(?:of|in) (?:the )?(?:(?:first|second|third|fourth|final|opening|1st|2nd|3rd|4th) )?"
    r"(?:period|quarter|half|overtime|frame|round|regulation|extra time))\b", re.I)
"""What follows a game clock ('14:32 of the second period', '4:12 left')."""
RACE_WORDS = {"clocked", "ran", "run", "runs", "swam", "finished", "finishing", "completed", "crossed", "timed",
              "time", "times", "record", "best", "posted", "lap", "laps", "marathon", "mile", "race", "pb", "winner",
              "clocking", "cycled", "rode", "split", "splits", "sprint", "half-marathon", "course", "victory", "winning", "personal", "fastest",
              "lap", "qualifying", "heat", "semi-final", "steeplechase", "relay"}
"""Words before a race time ('ran the mile in 3:49', 'a time of 4:03')."""


GAME_PARTS = {"period", "quarter", "overtime", "half", "inning", "innings", "frame"}
SCORING_WORDS = {"scored", "scores", "goal", "netted", "equalised", "equalized", "tied", "penalty", "penalised",
                 "penalized", "assist", "touchdown", "basket", "homer", "try", "strike", "interception", "fumble"}


def sport_clock(match: re.Match[str], context: Context) -> bool:
    """True when m:ss is a game clock or a race time, not a time of day."""
    if GAME_CLOCK_AFTER.match(context.after):
        return True
    previous = context.previous_word().lower()
    nearby = {w.lower() for w in context.previous_words(6)}
    game = {w.lower() for w in context.previous_words(12)}
    if game & GAME_PARTS and game & SCORING_WORDS:
        return True  # 'In the second period, Cole scored at 14:32'
    if previous in ("was", "is", "of") and nearby & (RACE_WORDS - {"time", "times", "run", "runs", "course"}):
        return True
    return previous in ("in", "of", "clocked", "ran", "swam", "posted", "a", "with", "clocking") and bool(nearby & RACE_WORDS)


def _minutes_clock(minutes: int, seconds: int) -> str:
    """A game clock or a race time: '14:32' -> 'fourteen thirty-two', '0:38' -> 'thirty-eight seconds'."""
    if minutes == 0:
        return f"{cardinal(str(seconds))} {'second' if seconds == 1 else 'seconds'}"
    if seconds == 0:
        return f"{cardinal(str(minutes))} {'minute' if minutes == 1 else 'minutes'}"
    return f"{cardinal(str(minutes))} {clock_minutes(seconds)}"


def _clock(match: re.Match[str], context: Context) -> str | None:
    """'14:30' -> 'two thirty p m'; '9:30' -> 'nine thirty'; '02:00' -> 'two a m'; '10:00' -> 'ten o'clock';
    a game clock or race time ('at 14:32 of the second period', 'ran 3:49') -> 'fourteen thirty-two'."""
    written_hour = match.group("h")
    hour, minute = int(written_hour), int(match.group("m"))
    if minute > 59:
        return None
    if match.group("sep") == ":" and not match.group("zone") and (hour > 24 or sport_clock(match, context)):
        return _minutes_clock(hour, minute)
    if hour > 24:
        return None
    if match.group("sep") == "." and not (match.group("zone") or (
            context.previous_word().lower() in ("at", "from", "until", "till", "before", "after", "since")
            and 1 <= hour <= 23 and not written_hour.startswith("0")
            and context.next_word().lower() not in NOT_AFTER_TIME)):
        return None
    minutes = clock_minutes(minute)
    twenty_four = hour > 12 or hour == 0 or (written_hour.startswith("0") and len(written_hour) == 2)
    if twenty_four:
        if hour in (0, 24) and minute == 0:
            spoken = "midnight"
        else:
            twelve = hour % 12 or 12
            spoken = f"{cardinal_hour(twelve)}{' ' + minutes if minutes else ''} {'P M' if 12 <= hour < 24 else 'A M'}"
    else:
        spoken = f"{cardinal_hour(hour)} {minutes or OCLOCK}"
    return spoken + _zone(match)


def _duration(match: re.Match[str], context: Context) -> str | None:
    hours, minutes, seconds = int(match.group("h")), int(match.group("m")), match.group("s")
    if minutes > 59 or float(seconds) >= 60:
        return None
    ampm = match.group("ampm")
    time_of_day = context.previous_word().lower() in TIME_OF_DAY_WORDS and 13 <= hours <= 23
    if (1 <= hours <= 12 and ampm) or time_of_day:  # '11:59:59 p.m.', 'logged at 23:59:59': a clock
        second_words = decimal(seconds.lstrip("0") or "0") if "." in seconds else cardinal(str(int(seconds)))
        said_ampm = f" {ampm[0].upper()} M" if ampm else ""
        if ampm and ampm.endswith(".") and context.ends_sentence():
            said_ampm += "."
        return f"{cardinal_hour(hours)} {clock_minutes(minutes) or OCLOCK} and {second_words} " \
               f"{'second' if second_words == 'one' else 'seconds'}{said_ampm}"
    if ampm:
        return None
    parts = []
    if hours:
        parts.append(f"{cardinal(str(hours))} {'hour' if hours == 1 else 'hours'}")
    parts.append(f"{cardinal(str(minutes))} {'minute' if minutes == 1 else 'minutes'}")
    seconds_words = decimal(seconds.lstrip("0") or "0") if "." in seconds else cardinal(str(int(seconds)))
    parts.append(f"{seconds_words} {'second' if seconds in ('01', '1') else 'seconds'}")
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _minutes_seconds(match: re.Match[str], context: Context) -> str | None:
    minutes, seconds = int(match.group("m")), match.group("s")
    if float(seconds) >= 60:
        return None
    whole, _, tenths = seconds.partition(".")
    seconds_words = cardinal(str(int(whole))) + (" point " + " ".join(cardinal(d) for d in tenths) if tenths else "")
    following = context.next_word()
    if context.previous_word().lower() in ("a", "an") and re.match(r"\s[a-z]", context.after[:2]) \
            and following not in NOT_AFTER_TIME:
        return f"{cardinal(str(minutes))} minute {seconds_words}"  # 'a 3:49.6 mile': the time describes the noun
    return f"{cardinal(str(minutes))} {'minute' if minutes == 1 else 'minutes'} {seconds_words} seconds"


def _military(match: re.Match[str], context: Context) -> str | None:
    """'0300 GMT' -> 'oh three hundred G M T'; '1430 local time' -> 'fourteen thirty'; 'at 2215' -> 'twenty-two
    fifteen'. Four digits are a 24-hour time only with a zone, 'hours' or 'local time' after them, or after 'at' when
    they cannot be a year."""
    written_hour, minute = match.group("h"), int(match.group("m"))
    cue = match.group("zone") or match.group("hours") or match.group("local")
    value = int(written_hour + match.group("m"))
    timing = context.previous_word().lower() in ("at", "by", "from", "until", "till", "before", "after", "since")
    if not cue and not (timing and (written_hour.startswith("0") or value > 2099)):
        return None
    spoken = twenty_four_hour(written_hour, minute)
    if match.group("hours"):
        spoken += " hours"
    return spoken + _zone(match)


def twenty_four_hour(written_hour: str, minute: int, zero: str = "oh") -> str:
    """A 24-hour clock time: '03', 30 -> 'oh three thirty'; '14', 0 -> 'fourteen hundred' (`zero` says a 0 digit)."""
    hour = " ".join(zero if d == "0" else tables.DIGITS[d] for d in written_hour) if written_hour.startswith("0") \
        else cardinal(written_hour)
    return f"{hour} {'hundred' if minute == 0 else clock_minutes(minute)}"


def _zone_after_hour(match: re.Match[str], context: Context) -> str | None:
    hour = int(match.group("h"))
    if hour > 24:
        return None
    return f"{cardinal(str(hour))}{_zone(match)}"


def grammars(day_first: bool) -> list[Grammar]:
    """Dates and times, most specific first."""
    ampm = r"(?P<ampm>[ap]\.?\s?m\b\.?|[AP]\.?\s?M\b\.?)"
    zone = rf"(?:\s?(?P<zone>{ZONES})\b)?"
    day = r"(?P<day>\d{1,2})(?P<suffix>st|nd|rd|th)?"
    year_part = r"(?:,?\s+(?P<year>(?:1\d|20)\d\d)(?![\d:]|-\d))?"
    weekdays = "|".join(sorted(WEEKDAY_SHORT, key=len, reverse=True))
    named = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|" \
            "August|September|October|November|December|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun|Jan|Feb|Mar|Apr|" \
            "Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
    return [
        Grammar("date", re.compile(rf"(?P<day>(?i:{weekdays}))\.?(?=,?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?i:{MONTH_WORDS})\b|(?i:{MONTH_WORDS})\.?\s+\d))"),
                _weekday, "ul"),
        Grammar("date", re.compile(r"(?P<month>Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)(?P<dot>\.)?(?![\w])"),
                _month_alone, "u"),
        Grammar("date", re.compile(rf"(?P<a>{named})\s?[-–]\s?(?P<b>{named})(?![\w])"), _weekday_range, "u"),
        Grammar("date", re.compile(rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s?[-–]\s?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH}{year_part}"),
                _day_range_month, "d"),
        Grammar("date", re.compile(rf"{MONTH}\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s?[-–]\s?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?![\d]){year_part}"),
                _month_day_range, "ul"),
        Grammar("date", re.compile(r"(?P<y>(?:1\d|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)[T ](?P<h>[01]\d|2[0-3]):(?P<min>[0-5]\d)"
                                   r"(?::(?P<s>[0-5]\d)(?:\.\d+)?)?(?P<utc>Z|[+-](?:0\d|1[0-4]):?[0-5]\d)?(?![\w:+-])"), _iso_datetime, "d"),
        Grammar("date", re.compile(r"(?P<y>(?:1\d|20)\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?![\d])"), _iso, "d"),
        Grammar("date", re.compile(r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:1\d|20)\d\d|\d\d)(?![\d/.-]\d|\d)"),
                make_numeric_date(day_first), "d"),
        Grammar("date", re.compile(r"(?<![\d/.])(?=0|\d\d/0)(?P<a>\d\d)/(?P<b>\d\d)(?P<y>)(?![\d/]|[.,]\d)"),
                make_numeric_date(day_first), "d"),
        Grammar("date", re.compile(rf"{day}(?P<of>\s+of)?\s+{MONTH}{year_part}"), _day_month, "d"),
        Grammar("date", re.compile(rf"{MONTH}\s+(?:the\s+)?{day}(?![\d:./]\d|\d|\s?(?:%|[ap]\.?m\b|[-–]\d))(?![a-zA-Z]){year_part}"),
                _month_day, "ul"),
        Grammar("date", re.compile(rf"{MONTH},?\s+(?P<year>(?:1\d|20)\d\d)(?![\d:]|-\d)"), _month_year, "ul"),
        Grammar("time", re.compile(rf"(?P<h>\d{{1,2}})(?:[:.](?P<m>\d{{2}}))?\s?{ampm}{zone}"), _twelve_hour, "d"),
        Grammar("time", re.compile(r"(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2}(?:\.\d+)?)(?![\d:])"
                                   r"(?:\s?(?P<ampm>(?i:[ap])\.?\s?(?i:m)\.?)(?![\w]))?"), _duration, "d"),
        Grammar("time", re.compile(r"(?P<m>\d{1,2}):(?P<s>\d{2}\.\d{1,3})(?![\d])"), _minutes_seconds, "d"),
        Grammar("time", re.compile(rf"(?P<h>\d{{1,2}})(?P<sep>[:.])(?P<m>\d{{2}})(?![\d:]|\.\d){zone}"), _clock, "d"),
        Grammar("time", re.compile(rf"(?P<h>\d{{1,2}})\s?(?P<zone>{ZONES})\b"), _zone_after_hour, "d"),
        Grammar("time", re.compile(rf"(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)(?:\s?(?P<zone>{ZONES})\b|\s?(?P<hours>hours|hrs)\b"
                                   rf"|(?P<local>(?=\s(?:local|[A-Z][a-z]+)\stime\b)))?(?![\d,.]\d|[\w%])"), _military, "d"),
    ]
