"""Tag stage: ID3 metadata and CHAP/CTOC chapter frames (mutagen)."""

from __future__ import annotations

import logging
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, PRIV, TALB, TCON, TDRC, TIT2, TPE1, TPE2, TXXX, WOAS, CTOCFlags

from .audio import ChapterMark
from .provenance import DIGITAL_SOURCE_TYPE

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class TagInfo:
    """What the MP3's tags say."""

    title: str
    narrator: str
    author: str = ""
    publication: str = ""
    date: str = ""
    """ISO date (YYYY or YYYY-MM-DD)."""
    source_url: str = ""
    cover_path: str = ""
    disclosure: str = ""
    """That the voice is synthetic, in words: a comment and a TXXX frame (with the IPTC source type) carry it."""


def write_tags(mp3_path: Path, info: TagInfo, chapters: tuple[ChapterMark, ...], duration_s: float) -> None:
    """Write ID3v2.4 tags with a table of contents whose chapter times match the audio to the millisecond."""
    tags = ID3()
    tags.add(TIT2(encoding=3, text=info.title))
    tags.add(TPE1(encoding=3, text=info.narrator))
    if info.author:
        tags.add(TPE2(encoding=3, text=info.author))
    if info.publication:
        tags.add(TALB(encoding=3, text=info.publication))
    if info.date:
        tags.add(TDRC(encoding=3, text=info.date))
    tags.add(TCON(encoding=3, text="Speech"))
    if info.source_url:
        tags.add(COMM(encoding=3, lang="eng", desc="source", text=info.source_url))
        tags.add(WOAS(url=info.source_url))
    if info.disclosure:
        tags.add(COMM(encoding=3, lang="eng", desc="disclosure", text=info.disclosure))
        tags.add(TXXX(encoding=3, desc="SYNTHETIC_VOICE", text=info.disclosure))
    tags.add(TXXX(encoding=3, desc="DIGITAL_SOURCE_TYPE", text=DIGITAL_SOURCE_TYPE))
    if info.cover_path:
        cover = Path(info.cover_path)
        mime = mimetypes.guess_type(cover.name)[0] or "image/jpeg"
        tags.add(APIC(encoding=3, mime=mime, type=3, desc="Cover", data=cover.read_bytes()))
    total_ms = int(round(duration_s * 1000))
    ids = [f"chp{index:03d}" for index in range(len(chapters))]
    tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
                  sub_frames=[TIT2(encoding=3, text="Chapters")]))
    # mutagen writes frames shortest first and some readers (ffmpeg 5) list chapters in file order, so every
    # CHAP frame is padded to the same size with an ignorable PRIV sub-frame to keep them in time order.
    longest = max((len(mark.title.encode("utf-8")) for mark in chapters), default=0)
    for element_id, mark in zip(ids, chapters):
        start_ms = int(round(mark.start_s * 1000))
        end_ms = min(int(round(mark.end_s * 1000)), total_ms)
        padding = b"\0" * (longest - len(mark.title.encode("utf-8")))
        tags.add(CHAP(element_id=element_id, start_time=start_ms, end_time=end_ms,
                      sub_frames=[TIT2(encoding=3, text=mark.title), PRIV(owner="narrator:pad", data=padding)]))
    tags.save(str(mp3_path), v2_version=4)
