"""narrate(): the one place that composes the stages, writes outputs atomically and reports progress."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from slugify import slugify

from . import article as article_mod
from .article import Article, Format
from .audio import ChapterCallback, ChapterMark, LoudnessTarget, Timeline, assemble
from .cache import AudioCache
from .chapters import ChapterPlan, chapterize, title_from_text
from .cleanup import BoilerplateRules, Drop, clean
from .config import Settings
from .engines import Engine, create_engine
from .errors import IngestError, NarratorError
from .lexicon import Entry, replacements, voice_lexicon
from .normalize import Normalized, Normalizer
from .provenance import Provenance, credentials, sign_mp3
from .script import Pauses, SpeechScript, build_script, intro_sentences, opening_phrase, split_opening
from .sidecars import chapters_json, webvtt
from .language import is_english
from .speak import SpeakingAhead, SpeakStats, speak
from .stages import StageClock
from .tags import TagInfo, write_tags
from .voicing import voice_for

_LOGGER = logging.getLogger(__name__)

ProgressCallback = Callable[[float, str], None]
"""Called with (fraction 0..1, what is happening)."""


@dataclass(frozen=True)
class NarrationResult:
    """Where a narration was written and what it contains."""

    slug: str
    title: str
    byline: str
    mp3_path: Path
    chapters_path: Path
    transcript_path: Path
    duration_s: float
    chapters: tuple[ChapterMark, ...]
    engine: str
    narrator: str
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds: 'prepare', 'speak_engine' (summed over synthesis threads), 'total', and the wall seconds of each
    stage of `stages.STAGES` under 'stage: NAME' (they add up to 'total' with 'stage: other')."""
    synthesized: int = 0
    """Sentences the engine spoke for this narration."""
    reused: int = 0
    """Sentences whose audio came from the cache (an earlier narration or version said them)."""
    signed: bool = False
    """True when the MP3 carries a signed C2PA manifest."""
    replaced: bool = False
    """True when an earlier narration's MP3 of the same slug (the same title, no slug given) was replaced."""


def extract_article(source: str | bytes, *, fmt: Format = "auto", title: str = "", author: str = "", url: str = "",
                    settings: Settings | None = None, on_drop: Callable[[Drop], None] | None = None) -> Article:
    """Validate, parse and clean an article, whatever its language; `on_drop` hears each line cleanup removed."""
    settings = settings or Settings.load()
    for name, value, limit in (("title", title, article_mod.MAX_TITLE_CHARS),
                               ("author", author, article_mod.MAX_AUTHOR_CHARS)):
        if len(value) > limit:
            raise IngestError(f"the {name} is {len(value):,} characters; the limit is {limit:,}")
    text = article_mod.decode_input(source, settings.max_page_bytes)
    parsed = article_mod.parse(text, fmt, title=title, author=author, url=url)
    article_mod.check_length(parsed, settings.max_input_chars)
    rules = BoilerplateRules.from_files(settings.rule_files("boilerplate.toml"))
    headline_found = parsed.source_format == "html" and bool(parsed.title)  # the page's own: not a line to pick
    cleaned = clean(parsed, rules, keep_title=bool(title.strip()) or headline_found, on_drop=on_drop)
    if not cleaned.title:
        cleaned = replace(cleaned, title=title_from_text(cleaned.paragraphs[0]))
    return cleaned


def prepare_article(source: str | bytes, *, fmt: Format = "auto", title: str = "", author: str = "", url: str = "",
                    settings: Settings | None = None, on_drop: Callable[[Drop], None] | None = None,
                    on_extracted: Callable[[Article], None] | None = None) -> Article:
    """`extract_article`, refusing (UnsupportedLanguageError) an article in a language no installed voice speaks, then
    chaptered; `on_extracted` hears the article before it is chaptered."""
    settings = settings or Settings.load()
    article = extract_article(source, fmt=fmt, title=title, author=author, url=url, settings=settings,
                              on_drop=on_drop)
    voice_for(article.language, settings)
    if on_extracted:
        on_extracted(article)
    return chapterize(article, ChapterPlan(settings.chapter_target_words, settings.chapter_min_words))


def normalizer_for(settings: Settings, lexicon: Iterable[Entry] = (), voice_id: str = "") -> Normalizer:
    """The normalizer with the voice's own lexicon (fixes shipped for that voice) under the seed lexicon
    (lexicon.toml), and the shared entries (from the store) over both: editors win."""
    seed = Normalizer.from_settings(settings)
    words = replacements(lexicon, seed.lexicon)
    said_otherwise = {word.lower() for word in words}
    own = voice_lexicon(voice_id) if settings.voice_lexicon else {}
    return replace(seed, lexicon={**{w: v for w, v in own.items() if w.lower() not in said_otherwise}, **words})


def spoken_form_for(language: str, engine: Engine, settings: Settings, lexicon: Iterable[Entry] = ()
                    ) -> Callable[[str], "str | Normalized"]:
    """What turns an article's written sentences into what the engine is given (English is normalized)."""
    voice_id = str(engine.identity.get("voice", ""))
    return normalizer_for(settings, lexicon, voice_id).map if is_english(language) else _as_written


def intro_for(article: Article, engine: Engine, settings: Settings) -> list[str]:
    """The intro's sentences for this article and voice."""
    narrator = settings.display_name(engine.identity, engine.display_name)
    return intro_sentences(settings.intro_template, article.title, article.byline, narrator, settings.disclosure)


def prepare_script(article: Article, engine: Engine, settings: Settings, lexicon: Iterable[Entry] = (),
                   spoken_form: Callable[[str], "str | Normalized"] | None = None) -> SpeechScript:
    """The spoken-form script of an article, with its intro line and every sentence's word map."""
    spoken_form = spoken_form or spoken_form_for(article.language, engine, settings, lexicon)
    pauses = Pauses(settings.sentence_pause_ms, settings.paragraph_pause_ms, settings.chapter_pause_ms)
    return split_opening(build_script(article, spoken_form, pauses, intro_for(article, engine, settings)))


def _spoken(normalized: "str | Normalized") -> str:
    """The text the engine is given for what a spoken form gave."""
    return normalized if isinstance(normalized, str) else normalized.spoken


def _as_written(text: str) -> str:
    """The spoken form of text the English normalizer must not touch (another language): the text itself."""
    return text


def read_source(source: str | bytes | Path, fmt: Format, settings: Settings) -> tuple[str | bytes, Format]:
    """File paths are read (with their extension deciding the format); text and bytes pass through."""
    if isinstance(source, Path):
        data, file_format = article_mod.read_source(source, settings.max_page_bytes)
        return data, file_format if fmt == "auto" else fmt
    return source, fmt


def engine_for(settings: Settings, language: str = "") -> Engine:
    """The engine the settings ask for, with a voice of the article's language when it is not English."""
    choice = voice_for(language, settings)
    return create_engine(choice.engine, voice=choice.voice, voices_dir=settings.voices_dir, rate=settings.rate,
                         volume=settings.volume, speaker=settings.speaker, noise_scale=settings.noise_scale,
                         noise_w_scale=settings.noise_w_scale, threads=settings.engine_threads,
                         word_timings=settings.word_timings)


def _remove_abandoned_partials(out: Path, slug: str) -> None:
    """Delete temporary folders that crashed runs for this slug left behind (their process is gone)."""
    for folder in out.glob(f".{slug}.*.partial"):
        pid = folder.name[len(slug) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _process_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _replaces_another(mp3: Path, transcript: str) -> bool:
    """True when `mp3` exists and is not this very narration again (its transcript differs)."""
    if not mp3.exists():
        return False
    try:
        return mp3.with_suffix(".vtt").read_text("utf-8") != transcript
    except OSError:
        return True


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def narrate(source: str | bytes | Path, *, title: str = "", author: str = "", url: str = "", fmt: Format = "auto",
            settings: Settings | None = None, engine: Engine | None = None, out_dir: str | Path | None = None,
            slug: str = "", on_progress: ProgressCallback | None = None,
            on_chapter: ChapterCallback | None = None,
            cache: AudioCache | None | bool = True,
            before_sentence: Callable[[], None] | None = None,
            on_drop: Callable[[Drop], None] | None = None, lexicon: Iterable[Entry] = ()) -> NarrationResult:
    """Narrate an article into `<out_dir>/<slug>.mp3`, `.chapters.json` and `.vtt`.

    Outputs are written under temporary names and renamed only when all are complete, so a failure
    never leaves a partial file nor touches an earlier narration. `on_drop` hears each line of page furniture
    cleanup removed, with the reason. `lexicon` holds the shared pronunciation entries (the store's), said over
    the seed lexicon of the config folder.
    """
    settings = settings or Settings.load()
    report = on_progress or (lambda fraction, message: None)
    timings: dict[str, float] = {}
    clock = StageClock()
    started = clock.started

    if cache is True:
        cache = AudioCache(settings.cache_dir, settings.cache_size_mb * 1024 * 1024)
    lexicon = tuple(lexicon)
    stats = SpeakStats()
    ahead: SpeakingAhead | None = None
    spoken_form: Callable[[str], str | Normalized] | None = None

    def speak_title_ahead(extracted: Article) -> None:
        """Start saying the intro's first sentence (the title), its opening phrase first, while the rest of the
        article is prepared."""
        nonlocal engine, ahead, spoken_form
        clock.mark("article extracted")
        engine = engine or engine_for(settings, extracted.language)
        spoken_form = spoken_form_for(extracted.language, engine, settings, lexicon)
        opening = [piece for line in intro_for(extracted, engine, settings)[:1] for piece in opening_phrase(line)]
        ahead = SpeakingAhead([_spoken(spoken_form(line)) for line in opening], engine, cache or None, stats)

    report(0.0, "reading the article")
    with clock.stage("prepare"):
        data, fmt = read_source(source, fmt, settings)
        article = prepare_article(data, fmt=fmt, title=title, author=author, url=url, settings=settings,
                                  on_drop=on_drop, on_extracted=speak_title_ahead)
        engine = engine or engine_for(settings, article.language)
        script = prepare_script(article, engine, settings, lexicon, spoken_form)
    timings["prepare"] = time.perf_counter() - started

    signing = credentials(settings.c2pa_cert_file, settings.c2pa_key_file, settings.c2pa_tsa_url)
    out = Path(out_dir or settings.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    named_by_title = not slug
    slug = slug or slugify(article.title, max_length=60, word_boundary=True) or "narration"
    replaced = False
    _remove_abandoned_partials(out, slug)
    workdir = Path(tempfile.mkdtemp(prefix=f".{slug}.{os.getpid()}.", suffix=".partial", dir=out))
    try:
        total = max(1, len(script.sentences))
        done = 0

        def chapters_with_progress():
            nonlocal done
            for spoken in speak(script, engine, cache or None, settings.synthesis_workers, stats,
                                 before_sentence, ahead):
                done += len(spoken.sentences)
                report(0.05 + 0.93 * done / total, f"spoke chapter '{spoken.title}'")
                yield spoken

        report(0.05, f"speaking {total} sentences with {engine.name}")
        mp3 = workdir / f"{slug}.mp3"
        timeline = assemble(chapters_with_progress(), mp3, LoudnessTarget(settings.target_lufs, settings.true_peak_db),
                            settings.mp3_bitrate_kbps, settings.mp3_sample_rate, on_chapter, cache or None, clock,
                            json.dumps(engine.identity, sort_keys=True, default=str))
        timings["speak_engine"] = stats.engine_seconds
        timings["sentences_synthesized"], timings["sentences_cached"] = stats.synthesized, stats.cached
        narrator = settings.display_name(engine.identity, engine.display_name)
        with clock.stage("tagging"):
            write_tags(mp3, TagInfo(title=article.title, narrator=narrator, author=article.byline,
                                    publication=settings.publication, date=dt.date.today().isoformat(),
                                    source_url=article.url, disclosure=settings.disclosure), timeline.chapters,
                       timeline.duration_s)
        if signing is not None:  # last: the manifest hashes the finished file, ID3 chapter frames included
            with clock.stage("signing"):
                sign_mp3(mp3, Provenance(article.title, narrator, engine.name,
                                         str(engine.identity.get("voice", "")), article.url, settings.disclosure),
                         signing)
        with clock.stage("sidecars"):
            (workdir / f"{slug}.chapters.json").write_text(chapters_json(article.title, timeline.chapters),
                                                           "utf-8")
            transcript = webvtt(timeline.cues, settings.word_timings)
            (workdir / f"{slug}.vtt").write_text(transcript, "utf-8")
            replaced = named_by_title and _replaces_another(out / f"{slug}.mp3", transcript)
            # Sidecars first, MP3 last: a reader that sees the MP3 finds its sidecars already in place.
            for name in (f"{slug}.chapters.json", f"{slug}.vtt", f"{slug}.mp3"):
                os.replace(workdir / name, out / name)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    timings["total"] = time.perf_counter() - started
    timings.update({f"stage: {name}": seconds for name, seconds in clock.breakdown().items()})
    timings.update({f"at: {name}": round(seconds, 3) for name, seconds in clock.marks.items()})
    timings.update({f"count: {name}": count for name, count in clock.counts.items()})
    report(1.0, "done")
    if replaced:
        _LOGGER.warning("replaced %s: it held another text with the same title (another out folder or title "
                        "keeps both)", out / f"{slug}.mp3")
    _LOGGER.info("narrated %r: %.1f s of audio, %d chapters, %d sentences (%d from cache) in %.1f s",
                 article.title, timeline.duration_s, len(timeline.chapters), total, stats.cached, timings["total"])
    return NarrationResult(slug, article.title, article.byline, out / f"{slug}.mp3", out / f"{slug}.chapters.json",
                           out / f"{slug}.vtt", timeline.duration_s, timeline.chapters, engine.name, narrator, timings,
                           stats.synthesized, stats.cached, signing is not None, replaced)


__all__ = ["NarrationResult", "NarratorError", "Timeline", "extract_article", "narrate", "prepare_article",
           "prepare_script"]
