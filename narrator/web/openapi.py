"""The OpenAPI 3.1 description of the JSON API, kept beside the code it describes."""

from __future__ import annotations

from typing import Any

ERROR = {"$ref": "#/components/schemas/Error"}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


def _json(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


PRONUNCIATION_SCHEMAS: dict[str, Any] = {
    "LexiconEntry": {"type": "object", "required": ["word", "kind", "value"], "properties": {
        "word": {"type": "string", "maxLength": 60, "description": "As written; all lowercase also matches the "
                                                                     "Capitalised and UPPERCASE forms"},
        "kind": {"type": "string", "enum": ["respelling", "ipa"]},
        "value": {"type": "string", "maxLength": 120, "description": "Respelling (e.g. Trev-ELL-ick) or IPA "
                                                                       "phonemes (e.g. tɹɛvˈɛlɪk)"},
        "source": {"type": "string", "enum": ["store", "seed"],
                   "description": "seed: from config/lexicon.toml; store: shared, editable here"}}},
    "Proposal": {"type": "object", "required": ["word", "kind", "value"], "properties": {
        "word": {"type": "string"}, "kind": {"type": "string", "enum": ["respelling", "ipa"]},
        "value": {"type": "string"}, "sentence": {"type": "string", "maxLength": 400,
                                                 "description": "A sentence with the word (default: the word)"},
        "narration_id": {"type": "string", "description": "Speak with this narration's voice"}}},
    "Preview": {"type": "object", "properties": {
        "id": {"type": "string"}, "status": {"type": "string", "enum": ["pending", "ready"]},
        "audio_url": {"type": ["string", "null"]}, "url": {"type": "string"}}},
    "Check": {"type": "object", "required": ["status", "wer", "words"], "properties": {
        "status": {"type": "string", "enum": ["pending", "done", "unavailable"]},
        "wer": {"type": ["number", "null"], "description": "Word error rate of the round trip (a fraction)"},
        "words": {"type": "array", "items": {"type": "object", "properties": {
            "word": {"type": "string", "description": "As written"},
            "heard": {"type": "string", "description": "What the recognizer heard instead (empty: nothing)"},
            "start_s": {"type": "number", "description": "When the word is said, in seconds"},
            "sentence": {"type": "string"}}}},
        "hint": {"type": "string", "description": "With 'unavailable': how to install the recognizer"}}},
    "WordList": {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "object"}}}},
}


def pronunciation_paths() -> dict[str, Any]:
    """The lexicon, candidate words, listeners' reports and previews."""
    key = [{}, {"bearer": []}]  # the key is needed when the service has one configured
    entry = {"$ref": "#/components/schemas/LexiconEntry"}
    words = {"$ref": "#/components/schemas/WordList"}
    preview = {"$ref": "#/components/schemas/Preview"}
    word = {"name": "word", "in": "path", "required": True, "schema": {"type": "string"}}
    changed = _json("Saved; the finished narrations with the word are narrated again in place", {
        "type": "object", "properties": {"entry": entry, "word": {"type": "string"},
                                         "renarrating": {"type": "array", "items": {"type": "string"}}}})
    return {
        "/api/lexicon": {"get": {"summary": "The pronunciation lexicon (stored entries, then the seed file's)",
                                 "security": key, "responses": {"200": _json("Entries", words),
                                                                "401": _error("Missing or wrong key")}}},
        "/api/lexicon/{word}": {
            "put": {"summary": "Say a word this way from now on, and re-narrate the narrations that have it",
                    "security": key, "parameters": [word],
                    "requestBody": {"required": True, "content": {"application/json": {"schema": {
                        "type": "object", "required": ["kind", "value"], "properties": {
                            "kind": {"type": "string", "enum": ["respelling", "ipa"]},
                            "value": {"type": "string"}}}}}},
                    "responses": {"200": changed, "400": _error("Not JSON"), "401": _error("Missing or wrong key"),
                                  "422": _error("Not one word, an unknown kind, or IPA with unknown symbols")}},
            "delete": {"summary": "Forget a stored pronunciation (re-narrates the narrations that have it)",
                       "security": key, "parameters": [word],
                       "responses": {"200": changed, "401": _error("Missing or wrong key"),
                                     "404": _error("No stored entry")}}},
        "/api/pronunciations/candidates": {"get": {
            "summary": "Words the voice guesses in recent narrations (not in its dictionary nor the word list)",
            "security": key, "parameters": [{"name": "narrations", "in": "query",
                                             "schema": {"type": "integer", "minimum": 1, "maximum": 200}}],
            "responses": {"200": _json("Most frequent first, with a sentence, narrations and reports", words),
                          "400": _error("Bad query"), "401": _error("Missing or wrong key")}}},
        "/api/pronunciations/reports": {"get": {
            "summary": "Words listeners reported, with counts", "security": key,
            "responses": {"200": _json("Most reported first", words), "401": _error("Missing or wrong key")}}},
        "/api/pronunciations/previews": {"post": {
            "summary": "Hear a proposed pronunciation in its sentence (queued; poll the returned url)",
            "security": key, "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Proposal"}}}},
            "responses": {"202": _json("Queued or ready", preview), "400": _error("Not a JSON object"),
                          "401": _error("Missing or wrong key"),
                          "404": _error("No such narration"), "422": _error("Invalid proposal")}}},
        "/api/pronunciations/previews/{preview_id}": {"get": {
            "summary": "A preview's state and audio", "security": key,
            "parameters": [{"name": "preview_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": _json("Pending or ready", preview), "404": _error("No such preview")}}},
        "/api/narrations/{narration_id}/reports": {"post": {
            "summary": "A listener reports how a word was said (no key; rate-limited; nothing about the listener "
                       "is stored)",
            "parameters": [{"name": "narration_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["word"], "properties": {"word": {"type": "string"}}}}}},
            "responses": {"201": _json("Recorded", {"type": "object", "properties": {
                "word": {"type": "string"}, "reports": {"type": "integer"}}}),
                "400": _error("Not a JSON object"), "404": _error("No such narration"),
                "422": _error("Not a word of this narration"),
                "429": _error("Too many reports from this address")}}},
    }


def openapi_document(server: str) -> dict[str, Any]:
    """The document, with `server` as the base URL."""
    narration = {"$ref": "#/components/schemas/Narration"}
    id_param = {"name": "narration_id", "in": "path", "required": True, "schema": {"type": "string"}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "narrator", "version": "0.1.0",
                 "description": "Articles in, chaptered narration out."},
        "servers": [{"url": server}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                    "type": "object", "required": ["code", "message"],
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}},
                "Submission": {"type": "object", "anyOf": [{"required": ["text"]}, {"required": ["url"]}],
                               "properties": {
                    "text": {"type": "string", "minLength": 1,
                             "description": "The article: plain text, Markdown or HTML (UTF-8, at most the configured "
                                            "number of characters, with words to read: text that is only furniture, "
                                            "symbols or emoji is answered 422)"},
                    "title": {"type": "string", "maxLength": 500}, "author": {"type": "string", "maxLength": 300},
                    "url": {"type": "string", "maxLength": 2000,
                            "description": "The article's address (http or https). Sent without 'text', the page is "
                                           "fetched (robots.txt obeyed, public addresses only unless the server "
                                           "allows private ones) and its article narrated; refusals are 422 (413 "
                                           "when the page is too large). With the API key, new text for a public "
                                           "address already narrated (same voice) becomes that narration's next "
                                           "version"},
                    "external_id": {"type": "string", "maxLength": 300,
                                    "description": "The publisher's own id for the article; when given, it (not "
                                                   "the url) decides which narration new text is a version of"},
                    "listener": {"type": "string", "maxLength": 2000,
                                 "description": "A listener's feed_url (or its token) from an earlier private "
                                                "narration: this one joins the same secret feed"},
                    "visibility": {"type": "string", "enum": ["public", "private"],
                                   "description": "Default: public with the API key (or when none is configured), "
                                                  "private otherwise; only the key holder may publish"},
                    "format": {"type": "string", "enum": ["auto", "text", "markdown", "html"]},
                    "engine": {"type": "string", "enum": ["auto", "piper", "pyttsx3"]},
                    "voice": {"type": "string", "maxLength": 200}}},
                "Narration": {"type": "object", "required": ["id", "title", "status", "progress", "chapters"],
                              "properties": {
                    "id": {"type": "string"}, "title": {"type": "string"}, "author": {"type": "string"},
                    "status": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
                    "progress": {"type": "number", "minimum": 0, "maximum": 1}, "step": {"type": "string"},
                    "error": {"type": ["string", "null"]}, "duration_s": {"type": ["number", "null"]},
                    "narrator": {"type": ["string", "null"]},
                    "chapters": {"type": "array", "items": {"type": "object", "properties": {
                        "title": {"type": "string"}, "start_s": {"type": "number"}}}},
                    "audio_url": {"type": ["string", "null"]}, "chapters_url": {"type": ["string", "null"]},
                    "transcript_url": {"type": ["string", "null"]}, "player_url": {"type": "string"},
                    "parts": {"type": "array", "description": "Segments playable while the narration renders",
                              "items": {"type": "object", "properties": {
                                  "index": {"type": "integer"}, "title": {"type": "string"},
                                  "start_s": {"type": "number"}, "duration_s": {"type": "number"},
                                  "url": {"type": "string"}}}},
                    "created_at": {"type": "string"},
                    "version": {"type": "integer", "minimum": 1,
                                "description": "The version whose audio, chapters and transcript are served"},
                    "pending_version": {"type": ["object", "null"],
                                        "description": "A newer text being narrated; its audio replaces the live "
                                                       "version's atomically when done",
                                        "properties": {"version": {"type": "integer"},
                                                       "status": {"type": "string",
                                                                  "enum": ["queued", "running", "failed"]},
                                                       "progress": {"type": "number"},
                                                       "error": {"type": ["string", "null"]}}},
                    "external_id": {"type": ["string", "null"]},
                    "published_at": {"type": ["string", "null"], "description": "When version 1 went live"},
                    "updated_at": {"type": ["string", "null"], "description": "When a later version went live"},
                    "versions_url": {"type": "string"}, "listens_url": {"type": ["string", "null"]},
                    "visibility": {"type": "string", "enum": ["public", "private"]},
                    "feed_url": {"type": "string", "description": "In the answer to a POST of a private narration "
                                                                  "only: the listener's secret podcast feed"},
                    "listener": {"type": "string", "description": "With feed_url: the token to send back as "
                                                                  "'listener'"}}},
                "Listener": {"type": "object", "required": ["listener", "feed_url"], "properties": {
                    "listener": {"type": "string"}, "feed_url": {"type": "string"}}},
                **PRONUNCIATION_SCHEMAS,
                "Version": {"type": "object", "required": ["version", "status", "live"], "properties": {
                    "version": {"type": "integer", "minimum": 1},
                    "status": {"type": "string", "enum": ["queued", "running", "done", "failed", "superseded"]},
                    "live": {"type": "boolean"}, "title": {"type": "string"},
                    "created_at": {"type": ["string", "null"]}, "finished_at": {"type": ["string", "null"]},
                    "duration_s": {"type": ["number", "null"]}, "error": {"type": ["string", "null"]},
                    "restored_from": {"type": ["integer", "null"]},
                    "sentences": {"type": ["object", "null"], "description": "What the job synthesized anew and "
                                                                             "reused from earlier versions",
                                  "properties": {"synthesized": {"type": "integer"}, "reused": {"type": "integer"}}}}},
                "Counts": {"type": "object", "properties": {
                    "plays": {"type": "integer"},
                    "reached": {"type": "object", "properties": {q: {"type": "integer"} for q in ("25", "50", "75",
                                                                                                 "100")}},
                    "completion": {"type": ["number", "null"],
                                   "description": "Listens that reached the end, per play"}}},
                "Figures": {"type": "object", "properties": {
                    "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"},
                    "totals": {"$ref": "#/components/schemas/Counts"},
                    "days": {"type": "array", "items": {"allOf": [{"$ref": "#/components/schemas/Counts"}, {
                        "type": "object", "properties": {"date": {"type": "string", "format": "date"}}}]}},
                    "narrations": {"type": "array", "description": "Most listened first",
                                   "items": {"allOf": [{"$ref": "#/components/schemas/Counts"}, {
                                       "type": "object", "properties": {"id": {"type": "string"},
                                                                        "title": {"type": "string"}}}]}}}},
                "Page": {"type": "object", "properties": {
                    "items": {"type": "array", "items": narration}, "page": {"type": "integer"},
                    "per_page": {"type": "integer"}, "total": {"type": "integer"},
                    "next": {"type": ["string", "null"]}}},
            },
        },
        "paths": {
            **pronunciation_paths(),
            "/api/narrations": {
                "post": {
                    "summary": "Submit an article; the same text and voice settings give the same narration",
                    "security": [{}, {"bearer": []}],
                    "parameters": [{"name": n, "in": "query", "required": False, "schema": {"type": "string"}}
                                   for n in ("title", "author", "url", "external_id", "listener", "visibility")],
                    "requestBody": {"required": True, "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Submission"}},
                        "text/plain": {"schema": {"type": "string"}},
                        "text/markdown": {"schema": {"type": "string"}},
                        "text/html": {"schema": {"type": "string"}}}},
                    "responses": {
                        "202": {"description": "Accepted (queued, running or already done)",
                                "headers": {"Location": {"schema": {"type": "string"}}},
                                "content": {"application/json": {"schema": narration}}},
                        "400": _error("Malformed JSON"),
                        "401": _error("Wrong API key, a key needed (anonymous submissions turned off), or "
                                      "'visibility': 'public' without the key"),
                        "413": _error("Too large"), "415": _error("Unsupported body type or encoding"),
                        "422": _error("Nothing to narrate, or an invalid field")}},
                "get": {
                    "summary": "Public narrations, newest first (private ones are never listed)",
                    "parameters": [
                        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1_000_000}},
                        {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1,
                                                                        "maximum": 100}},
                        {"name": "status", "in": "query",
                         "schema": {"type": "string", "enum": ["queued", "running", "done", "failed"]}},
                        {"name": "url", "in": "query", "schema": {"type": "string"},
                         "description": "Only narrations of the article at this URL"}],
                    "responses": {"200": {"description": "A page",
                                          "content": {"application/json": {
                                              "schema": {"$ref": "#/components/schemas/Page"}}}},
                                  "400": _error("Bad query")}},
            },
            "/api/listeners/revoke": {
                "post": {
                    "summary": "Replace a listener's secret feed address; the old one answers 404 from then on",
                    "requestBody": {"required": True, "content": {"application/json": {"schema": {
                        "type": "object", "required": ["listener"], "properties": {"listener": {"type": "string"}}}}}},
                    "responses": {"200": {"description": "The new address",
                                          "content": {"application/json": {
                                              "schema": {"$ref": "#/components/schemas/Listener"}}}},
                                  "400": _error("Malformed JSON"), "415": _error("Not JSON"),
                                  "422": _error("Missing, unknown or revoked listener")}},
            },
            "/api/narrations/{narration_id}": {
                "get": {"summary": "A narration's status, progress and chapters", "parameters": [id_param],
                        "responses": {"200": {"description": "The narration",
                                              "content": {"application/json": {"schema": narration}}},
                                      "404": _error("No such narration")}},
                "delete": {"summary": "Delete a narration and its files", "parameters": [id_param],
                           "security": [{}, {"bearer": []}],
                           "responses": {"204": {"description": "Deleted"}, "401": _error("Missing or wrong key"),
                                         "404": _error("No such narration")}},
            },
            "/api/narrations/{narration_id}/versions": {
                "get": {"summary": "A narration's versions, oldest first", "parameters": [id_param],
                        "responses": {"200": {"description": "The versions", "content": {"application/json": {
                            "schema": {"type": "object", "properties": {
                                "id": {"type": "string"}, "version": {"type": "integer"},
                                "latest_version": {"type": "integer"},
                                "items": {"type": "array", "items": {"$ref": "#/components/schemas/Version"}}}}}}},
                                      "404": _error("No such narration")}},
            },
            "/api/narrations/{narration_id}/versions/{number}/restore": {
                "post": {"summary": "Roll back: an earlier version's text becomes the next version",
                         "security": [{}, {"bearer": []}],
                         "parameters": [id_param, {"name": "number", "in": "path", "required": True,
                                                   "schema": {"type": "integer", "minimum": 1}}],
                         "responses": {
                             "202": {"description": "Queued as the next version",
                                     "content": {"application/json": {"schema": narration}}},
                             "200": {"description": "That text is already the newest version",
                                     "content": {"application/json": {"schema": narration}}},
                             "400": _error("Not a version number"), "401": _error("Missing or wrong key"),
                             "404": _error("No such narration or version"),
                             "409": _error("Another narration has this text now")}},
            },
            "/api/narrations/{narration_id}/check": {
                "get": {"summary": "The listening check: the narration heard back by an offline recognizer, its word "
                                   "error rate and the words heard wrong (as private as the narration)",
                        "parameters": [id_param],
                        "responses": {"200": {"description": "pending (queued or running), done, or unavailable "
                                                             "(no recognizer: install narrator[listen])",
                                              "content": {"application/json": {"schema": {
                                                  "$ref": "#/components/schemas/Check"}}}},
                                      "404": _error("No such narration")}},
            },
            "/api/narrations/{narration_id}/listens": {
                "post": {"summary": "Report a play or a quarter reached (anonymous; nothing about the listener is "
                                    "kept; dropped for Do Not Track and Sec-GPC)",
                         "parameters": [id_param],
                         "requestBody": {"required": True, "content": {
                             m: {"schema": {"type": "object", "required": ["event"], "properties": {
                                 "event": {"type": "string", "enum": ["play", "25", "50", "75", "100"]}}}}
                             for m in ("application/json", "text/plain")}},
                         "responses": {"204": {"description": "Counted (or dropped, for opted-out browsers)"},
                                       "400": _error("Not JSON"), "404": _error("No finished narration"),
                                       "413": _error("Too large"), "415": _error("Unsupported body type"),
                                       "422": _error("Unknown event"),
                                       "429": _error("Over the per-address, per-narration report limit")}},
            },
            "/api/stats": {
                "get": {"summary": "Listening figures over a period: plays, quarters reached, completion, most "
                                   "listened", "security": [{}, {"bearer": []}],
                        "parameters": [
                            {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"},
                             "description": "First day (UTC), default 29 days before 'to'"},
                            {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"},
                             "description": "Last day (UTC), default today; at most 366 days in all"},
                            {"name": "top", "in": "query", "schema": {"type": "integer", "minimum": 1,
                                                                      "maximum": 100}}],
                        "responses": {"200": {"description": "The figures", "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/Figures"}}}},
                                      "400": _error("Bad period"), "401": _error("Missing or wrong key")}},
            },
        },
    }
