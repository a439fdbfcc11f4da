"""Request hygiene: JSON bodies parsed within bounds, and text fields that storage can keep."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from .errors import ApiError

_LOGGER = logging.getLogger(__name__)

MAX_JSON_DEPTH = 32
"""Deepest nesting of arrays and objects a JSON body may have (a submission needs 1)."""
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Control characters (not tab or line breaks) and bidirectional embeddings, overrides and isolates: never part of
a title or a name (an override left open reverses the text after it on every page that shows it, so "\u202egnp.exe"
reads "exe.png"), and PostgreSQL refuses NUL."""
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
IDENTITY = ("", "identity")


def refuse_encoded_body(content_encoding: str) -> None:
    """415 for a compressed request body: it is never inflated (a few KB of gzip can hold gigabytes)."""
    if content_encoding.strip().lower() not in IDENTITY:
        raise ApiError(415, "unsupported_media_type", f"request bodies are read as sent, not decompressed "
                       f"(Content-Encoding: {content_encoding[:40]}); send the body uncompressed")


def parse_json(data: bytes) -> Any:
    """The JSON document in a request body; 400 invalid_json when it is not JSON (NaN and Infinity are not), names a
    key twice (parsers disagree on which one counts), or nests over MAX_JSON_DEPTH."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "invalid_json", f"the body is not UTF-8 JSON: {exc.reason} at byte {exc.start}") from exc
    depth = _nesting(text)
    if depth > MAX_JSON_DEPTH:
        raise ApiError(400, "invalid_json", f"the body nests arrays and objects {depth:,} deep; the limit is "
                                            f"{MAX_JSON_DEPTH}")
    try:
        return json.loads(text or "null", object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except ApiError:
        raise
    except ValueError as exc:
        raise ApiError(400, "invalid_json", f"the body is not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise ApiError(400, "invalid_json", f"the body nests too deep; the limit is {MAX_JSON_DEPTH}") from exc


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ApiError(400, "invalid_json", f"the body names {key[:100]!r} twice in one object; send each field "
                                                "once")
        found[key] = value
    return found


def _no_constant(name: str) -> None:
    raise ApiError(400, "invalid_json", f"the body has {name}, which is not JSON (numbers must be finite)")


JSON_TYPES = [(bool, "true or false"), (str, "a string"), ((int, float), "a number"), (list, "an array"),
              (dict, "an object"), (type(None), "null")]


def json_type(value: Any) -> str:
    """How JSON names the type of a parsed value ('a number', 'an array'...)."""
    return next((name for kind, name in JSON_TYPES if isinstance(value, kind)), type(value).__name__)


def string_field(body: dict[str, Any], name: str) -> str:
    """A field that must be a string when given ('' when absent or null); 422 naming it when it is another type or
    has a lone surrogate."""
    value = body.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ApiError(422, "invalid_field", f"'{name}' must be a string, not {json_type(value)}")
    return check_encodable(name, value)


def _nesting(text: str) -> int:
    """The deepest bracket nesting outside strings (counted without recursion, so any depth is safe to measure)."""
    depth = deepest = 0
    for token in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif bracket in "]}":
            depth -= 1
    return deepest


def check_encodable(name: str, value: str) -> str:
    """The value, when it is text UTF-8 can hold; 422 naming the field when it has a lone surrogate (JSON's
    \\ud800-style escapes can make one, and no store or file can keep it)."""
    found = LONE_SURROGATE.search(value)
    if found:
        raise ApiError(422, "invalid_field", f"'{name}' has a lone surrogate (U+{ord(found.group()):04X}) at character "
                                             f"{found.start():,}: send text as UTF-8, with \\u escapes only in pairs")
    return value


def without_controls(value: str) -> str:
    """A one-line field (title, author) with control characters such as NUL removed."""
    return CONTROLS.sub("", value)
