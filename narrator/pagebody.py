"""A fetched page's body made text: its Content-Encoding undone (bounded), its charset found, binary refused."""

from __future__ import annotations

import codecs
import logging
import re
import zlib

from .errors import FetchError, InputTooLargeError

_LOGGER = logging.getLogger(__name__)

BOMS = [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
"""A byte order mark wins over every declared charset (the HTML standard's order)."""
META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
META_SCAN_BYTES = 4096
"""Where a page's <meta charset> must be (the HTML standard says the first 1024 bytes; some pages are late)."""
UTF8_EVIDENCE = 3
"""Characters beyond ASCII a valid UTF-8 body needs for UTF-8 to win over the charset it declares."""
MOSTLY_DECODABLE = 100
"""A declared charset is believed while at most one character in this many fails to decode."""
TEXT_BYTES_SHARE = 10
"""Markup and text in any encoding has ASCII in it (tags, spaces, digits): a head of which fewer than one byte in
this many is ASCII, and which is not UTF-8, is binary data."""
FALLBACK_CHARSET = "windows-1252"
"""What a page that declares nothing and is not UTF-8 is read as (the HTML standard's default for the West)."""
DECOMPRESSORS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
"""zlib window bits for each Content-Encoding narrator reads ('deflate' is zlib-wrapped, or raw if that fails)."""
BINARY_SIGNATURES = [(b"%PDF-", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"GIF8", "a GIF image"),
                     (b"\xff\xd8\xff", "a JPEG image"), (b"PK\x03\x04", "a ZIP archive"),
                     (b"\x1f\x8b", "gzip-compressed data"), (b"RIFF", "a RIFF file (audio, video or image)"),
                     (b"ID3", "an MP3 file"), (b"\x00\x00\x00", "a binary file")]


def decompress(body: bytes, encoding: str, max_bytes: int, url: str) -> bytes:
    """The body with its Content-Encoding undone, never more than `max_bytes` (a small bomb cannot grow large)."""
    codings = [c.strip().lower() for c in encoding.split(",") if c.strip() and c.strip().lower() != "identity"]
    for coding in reversed(codings):  # the last coding applied is undone first
        if coding not in DECOMPRESSORS:
            raise FetchError(f"{url} is compressed with {coding!r}, which narrator does not read "
                             "(it reads gzip and deflate); paste the article's text instead")
        body = _inflate(body, DECOMPRESSORS[coding], max_bytes, url, coding)
    return body


def _inflate(body: bytes, wbits: int, max_bytes: int, url: str, coding: str) -> bytes:
    attempts = [wbits, -zlib.MAX_WBITS] if coding == "deflate" else [wbits]
    for bits in attempts:
        inflater = zlib.decompressobj(bits)
        try:
            plain = inflater.decompress(body, max_bytes + 1)
        except zlib.error:
            continue
        if len(plain) > max_bytes:
            raise InputTooLargeError(f"{url} is larger than the limit of {max_bytes:,} bytes once uncompressed; "
                                     "paste the article's text instead")
        return plain
    raise FetchError(f"{url} says it is {coding}-compressed, but its body does not decompress; "
                     "try again later or paste the article's text")


def binary_kind(body: bytes, charset: str = "") -> str | None:
    """What a body is when it is plainly not text (a PDF, an image, bytes hardly any of which are ASCII and which
    neither UTF-8 nor the declared `charset` reads), else None."""
    head = body[:1024]
    kind = next((kind for signature, kind in BINARY_SIGNATURES if head.startswith(signature)), None)
    if kind is None and b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        kind = "a binary file (it contains NUL bytes)"
    if kind is None and len(head) >= 64 and sum(byte < 0x80 for byte in head) * TEXT_BYTES_SHARE < len(head) \
            and not _utf8_prefix(head) and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) \
            and _read_as(head, charset or meta_charset(body)) is None:
        kind = "binary data (hardly any of it is text)"
    return kind


def _utf8_prefix(head: bytes) -> bool:
    """True when `head` is UTF-8, allowing a character cut at its end."""
    for cut in range(4):
        try:
            head[:len(head) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return True
    return False


def meta_charset(body: bytes) -> str:
    """The charset a page declares in its <meta charset> or <meta http-equiv content="...; charset=...">."""
    found = META_CHARSET.search(body[:META_SCAN_BYTES])
    return found.group(1).decode("ascii").lower() if found else ""


def decode_page(body: bytes, header_charset: str = "") -> str:
    """The page's text: a BOM wins; ASCII is ASCII; bytes that `looks_utf8` are UTF-8 whatever the page declares (a
    legacy label on UTF-8 is a common server mistake), as are valid UTF-8 bytes declaring nothing; else the first
    declared charset (header, then <meta>) the bytes read in; else windows-1252. A charset no codec knows, or one
    the bytes are not written in (UTF-8 declared on windows-1252 bytes, UTF-16 on ASCII), gives way to the next."""
    for bom, charset in BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(charset, "replace")
    if body.isascii() and b"\x00" not in body:
        return body.decode("ascii")
    utf8 = _utf8(body)
    if utf8 is not None and (looks_utf8(body) or not (header_charset or meta_charset(body))):
        return utf8
    for charset in (header_charset, meta_charset(body)):
        text = _read_as(body, charset)
        if text is not None:
            return text
    return body.decode(FALLBACK_CHARSET, "replace")


def looks_utf8(body: bytes) -> bool:
    """True when the body is UTF-8 with at least UTF8_EVIDENCE characters beyond ASCII: then it is UTF-8 whatever
    it declares (a few legacy characters can happen to form UTF-8; several in a row on a real page do not)."""
    return _utf8(body) is not None and sum(byte >= 0xC0 for byte in body) >= UTF8_EVIDENCE


def _utf8(body: bytes) -> str | None:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _read_as(body: bytes, charset: str) -> str | None:
    """The body in a declared charset, or None when no codec knows it or the bytes are not written in it (more than
    one character in a hundred undecodable)."""
    if not charset:
        return None
    codec = _known(charset)
    if not codec:
        _LOGGER.info("unknown charset %r declared; looking for another clue", charset)
        return None
    text = body.decode(codec, "replace")
    if text.count("\ufffd") > len(text) // MOSTLY_DECODABLE:
        _LOGGER.info("the page is not written in the %s it declares; looking for another clue", charset)
        return None
    return text


def _known(charset: str) -> str:
    """The codec name for a charset label ('' when Python has none); latin-1 and ascii read as windows-1252, as
    browsers do."""
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return ""
    return FALLBACK_CHARSET if name in ("latin-1", "iso8859-1", "ascii") else name
