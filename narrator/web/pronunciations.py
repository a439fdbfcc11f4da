"""Pronunciations: the shared lexicon, the words voices guess, listeners' reports, previews and the editor page.

The editor's endpoints need the API key: as a bearer token (programs), or once entered on the editor page (a
session cookie, with the CSRF token on every change). Listeners' reports need no key, are rate-limited per client
and store the word, the narration and the time only.
"""

from __future__ import annotations

import hmac
import logging
from functools import lru_cache
from typing import Any

from flask import Blueprint, Flask, redirect, render_template, request, session, url_for
from flask_limiter import Limiter
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError

from ..config import Settings
from ..errors import IngestError
from ..lexicon import Entry, validate
from ..lexicon_store import LexiconStore, mentions
from ..normalize import Normalizer
from ..pipeline import prepare_article
from ..pronunciation_jobs import preview_key, preview_name
from ..pronunciations import article_sentences, candidates, words_of
from ..store import Narration
from . import service
from .errors import ApiError
from .hygiene import check_encodable, parse_json, string_field
from .security import has_valid_key, key_fingerprint, key_matches, refuse_key_guessing

_LOGGER = logging.getLogger(__name__)

blueprint = Blueprint("pronunciations", __name__)
EDITOR = "pronunciation_editor"
"""Session entry set once the editor page was given the API key: the key's fingerprint."""
MAX_SENTENCE_CHARS = 400
MAX_WORD_CHARS = 100
"""The longest word a listener may report (checked before anything reads the narration's text)."""


def _lexicon() -> LexiconStore:
    return LexiconStore(service().store)


def require_editor() -> None:
    """The API key as a bearer token, or the editor page's session (with its CSRF token for changes)."""
    settings = service().settings
    if not settings.api_key or has_valid_key(settings):
        return
    if _signed_in(settings):
        if request.method not in ("GET", "HEAD"):
            try:
                validate_csrf(request.headers.get("X-CSRFToken", ""))
            except (ValidationError, CSRFError) as exc:
                raise ApiError(400, "csrf_failed", "the editor page's form token is missing or expired; "
                                                   "reload the page") from exc
        return
    raise ApiError(401, "unauthorized", "pronunciations need 'Authorization: Bearer <key>' (or the key entered "
                                        "on /admin/pronunciations)", {"WWW-Authenticate": 'Bearer realm="narrator"'})


def _body() -> dict[str, Any]:
    body = parse_json(request.get_data(cache=False)) if request.is_json else None
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_json", "send a JSON object")
    return body


def _entry(word: str, body: dict[str, Any]) -> Entry:
    try:
        return validate(word, string_field(body, "kind"), string_field(body, "value"))
    except IngestError as exc:
        raise ApiError(422, "invalid_field", str(exc)) from exc


def _seed() -> dict[str, str]:
    return Normalizer.from_settings(service().settings).lexicon


def entry_json(entry: Entry, source: str = "store") -> dict[str, Any]:
    """A lexicon entry resource."""
    return {"word": entry.word, "kind": entry.kind, "value": entry.value, "source": source}


# --- the lexicon -----------------------------------------------------------------------------------------------

@blueprint.get("/api/lexicon")
def lexicon_index():
    require_editor()
    stored = _lexicon().entries()
    words = {e.word for e in stored}
    seed = [entry_json(Entry(w, "respelling", v), "seed") for w, v in sorted(_seed().items()) if w not in words]
    return {"items": [entry_json(e) for e in stored] + seed}


@blueprint.put("/api/lexicon/<word>")
def lexicon_save(word: str):
    """Say `word` this way from now on, and re-narrate the finished narrations that have it."""
    require_editor()
    entry = _entry(word, _body())
    _lexicon().save(entry)
    return {"entry": entry_json(entry), "renarrating": _renarrate(entry.word)}


@blueprint.delete("/api/lexicon/<word>")
def lexicon_delete(word: str):
    require_editor()
    if not _lexicon().remove(word):
        raise ApiError(404, "not_found", f"no stored pronunciation for {word!r}")
    return {"word": word, "renarrating": _renarrate(word)}


def _renarrate(word: str) -> list[str]:
    """Re-narrate every finished narration with the word; the ids of the public ones (private ones are their
    listeners' alone)."""
    ids = _lexicon().narrations_mentioning(word)
    for narration_id in ids:
        service().jobs.enqueue_renarration(narration_id)
    return [narration_id for narration_id in ids if _public(narration_id) is not None]


def _public(narration_id: str) -> Narration | None:
    """The narration, when it is public."""
    narration = service().store.get(narration_id)
    return narration if narration is not None and narration.visibility == "public" else None


# --- candidates and reports ------------------------------------------------------------------------------------

@lru_cache(maxsize=256)
def _sentences(narration_id: str, content_hash: str) -> tuple[str, ...]:
    """The sentences of a narration's article (cached by content)."""
    narration = service().store.get(narration_id)
    if narration is None:
        return ()
    article = prepare_article(narration.source_text, fmt=narration.source_format,  # type: ignore[arg-type]
                              title=narration.title, settings=service().settings)
    return tuple(article_sentences(article))


def _first_sentence(sentences: tuple[str, ...], word: str) -> str:
    return next((s for s in sentences if mentions(s, word)), "")


@blueprint.get("/api/pronunciations/candidates")
def candidates_index():
    """Words the voice guesses in recent narrations and words the listening check heard wrong ("heard": what, at
    which time, in which narration), misheard first, then most frequent, with reports."""
    require_editor()
    try:
        limit = int(request.args.get("narrations", service().settings.pronunciation_narrations))
    except ValueError as exc:
        raise ApiError(400, "invalid_query", "'narrations' must be a whole number") from exc
    if not 1 <= limit <= 200:
        raise ApiError(400, "invalid_query", "'narrations' must be 1 to 200")
    entries = {e.word: e for e in _lexicon().entries()}
    known = set(entries) | set(_seed())
    reports = _lexicon().report_counts()
    found: dict[str, dict[str, Any]] = {}
    for narration in _lexicon().recent(limit):
        sentences = _sentences(narration.id, narration.content_hash)
        for candidate in candidates(sentences, known, service().settings.pronunciation_wordlist):
            item = found.setdefault(candidate.word.lower(), {
                "word": candidate.word, "count": 0, "sentence": candidate.sentence, "narrations": []})
            item["count"] += candidate.count
            item["narrations"].append({"id": narration.id, "title": narration.title})
    _add_misheard(found, known, limit)
    items = sorted(found.values(), key=lambda i: (-len(i["heard"]), -i["count"]))
    for item in items:
        item["reports"] = reports.get(item["word"], {}).get("count", 0)
    return {"items": items}


def _add_misheard(found: dict[str, dict[str, Any]], known: set[str], limit: int) -> None:
    """Words the listening check heard wrong in public narrations: each with what was heard, where, and the audio
    to play it from (private narrations' checks stay with their narrations)."""
    from ..check import clock
    from ..check_store import misheard

    for item in found.values():
        item.update(heard=[], source="guess")
    for narration, word in misheard(service().store, "public", limit):
        if word["word"] in known:
            continue
        key = word["word"].lower()
        if key not in found:
            found[key] = {"word": word["word"], "count": 0, "sentence": word["sentence"], "narrations": [],
                          "heard": [], "source": "check"}
        item = found[key]
        item["count"] += 1 if item["source"] == "check" else 0
        item["heard"].append({"heard": word["heard"], "start_s": word["start_s"], "at": clock(word["start_s"]),
                              "narration_id": narration.id, "title": narration.title,
                              "audio_url": url_for("audio.mp3", narration_id=narration.id, _external=True)})
        if not any(n["id"] == narration.id for n in item["narrations"]):
            item["narrations"].append({"id": narration.id, "title": narration.title})


@blueprint.get("/api/pronunciations/reports")
def reports_index():
    """Words listeners reported, most reported first, with a sentence each and the word's entry if any.

    Reports on private narrations count, but their ids and sentences are left out (the word alone is shown)."""
    require_editor()
    entries = {e.word: e for e in _lexicon().entries()}
    items = []
    for word, report in _lexicon().report_counts().items():
        public = [narration for narration in map(_public, report["narrations"]) if narration is not None]
        sentence = next((found for found in (_first_sentence(_sentences(n.id, n.content_hash), word)
                                             for n in public) if found), "")
        items.append({"word": word, "count": report["count"], "narrations": [n.id for n in public],
                      "sentence": sentence, "last_reported_at": report["last"].isoformat() if report["last"] else None,
                      "entry": entry_json(entries[word]) if word in entries else None})
    items.sort(key=lambda i: -i["count"])
    return {"items": items}


@blueprint.post("/api/narrations/<narration_id>/reports")
def report(narration_id: str):
    """A listener says a word of this narration was said wrong (no key; rate-limited; nothing about them kept)."""
    narration = service().store.get(narration_id)
    if narration is None:
        raise ApiError(404, "not_found", f"no narration with id {narration_id!r}")
    body = _body()
    word = body.get("word")
    if not isinstance(word, str) or not word.strip():
        raise ApiError(422, "invalid_field", "'word' is required: the written word that was said wrong")
    if len(word) > MAX_WORD_CHARS:
        raise ApiError(422, "invalid_field", f"'word' is {len(word):,} characters; one word is at most "
                                             f"{MAX_WORD_CHARS}")
    check_encodable("word", word)
    spoken = words_of(word.strip())
    if len(spoken) != 1 or not mentions(narration.source_text, spoken[0]):
        raise ApiError(422, "invalid_field", "'word' must be one word of this narration's text")
    count = _lexicon().report(narration_id, spoken[0])
    return {"word": spoken[0], "reports": count}, 201


# --- previews --------------------------------------------------------------------------------------------------

@blueprint.post("/api/pronunciations/previews")
def preview_create():
    """Hear a proposed pronunciation in a sentence: queued for a worker, polled at the returned URL."""
    require_editor()
    body = _body()
    entry = _entry(string_field(body, "word"), body)
    sentence = " ".join(string_field(body, "sentence").split()) or entry.word
    if len(sentence) > MAX_SENTENCE_CHARS:
        raise ApiError(422, "invalid_field", f"'sentence' is over {MAX_SENTENCE_CHARS} characters")
    if not mentions(sentence, entry.word):
        raise ApiError(422, "invalid_field", f"the sentence must contain the word {entry.word!r}")
    voice: dict[str, str] = {}
    if string_field(body, "narration_id"):
        narration = service().store.get(body["narration_id"])
        if narration is None:
            raise ApiError(404, "not_found", f"no narration with id {body['narration_id']!r}")
        voice = dict(narration.voice_settings or {})
    key = preview_key(entry, sentence, voice)
    if not _preview_ready(key):
        service().jobs.enqueue_preview(key, entry, sentence, voice)
    return _preview_json(key), 202


@blueprint.get("/api/pronunciations/previews/<key>")
def preview_show(key: str):
    require_editor()
    if not key.isalnum() or len(key) != 32:
        raise ApiError(404, "not_found", "no such preview")
    return _preview_json(key)


def _preview_ready(key: str) -> bool:
    media = service().jobs.media
    name = preview_name(key)
    return bool(media.path(name) if hasattr(media, "path") else media.stat(name))


def _preview_json(key: str) -> dict[str, Any]:
    ready = _preview_ready(key)
    return {"id": key, "status": "ready" if ready else "pending",
            "audio_url": url_for("pronunciations.preview_audio", key=key, _external=True) if ready else None,
            "url": url_for("pronunciations.preview_show", key=key, _external=True)}


@blueprint.get("/audio/previews/<key>.mp3")
def preview_audio(key: str):
    from .audio import _serve

    if not key.isalnum() or len(key) != 32:
        raise ApiError(404, "not_found", "no such preview")
    return _serve(preview_name(key), "audio/mpeg", "private, max-age=3600", redirect_ok=True)


# --- the editor page -------------------------------------------------------------------------------------------

@blueprint.get("/admin/pronunciations")
def editor_page():
    settings = service().settings
    signed_in = not settings.api_key or _signed_in(settings) or has_valid_key(settings)
    return render_template("pronunciations.html", signed_in=signed_in, error=None)


@blueprint.post("/admin/pronunciations")
def editor_sign_in():
    """The editor gives the API key once; the session remembers it (the form is CSRF-checked)."""
    settings = service().settings
    if settings.api_key:
        try:
            refuse_key_guessing(settings)
        except ApiError as exc:
            return render_template("pronunciations.html", signed_in=False, error=exc.message), 429, exc.headers
        if not key_matches(request.form.get("key", ""), settings):
            return render_template("pronunciations.html", signed_in=False, error="That is not the API key."), 401
    session[EDITOR] = key_fingerprint(settings)
    return redirect(url_for("pronunciations.editor_page"), 303)


def _signed_in(settings: Settings) -> bool:
    """The editor page was given the current API key in this session (a rotated key ends every session)."""
    return hmac.compare_digest(str(session.get(EDITOR, "")), key_fingerprint(settings))


def install(app: Flask, limiter: Limiter, report_limit: str) -> None:
    """Register the blueprint: its API takes bearer keys or checks the CSRF header itself; reports are limited."""
    from .security import csrf

    app.register_blueprint(blueprint)
    for endpoint in ("lexicon_save", "lexicon_delete", "preview_create", "report"):
        csrf.exempt(app.view_functions[f"pronunciations.{endpoint}"])
    if report_limit:
        name = "pronunciations.report"
        app.view_functions[name] = limiter.limit(report_limit, scope="report")(app.view_functions[name])
