"""Pages: the list of narrations and a player with chapters and a read-along transcript."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template

blueprint = Blueprint("pages", __name__)


def _narrations() -> list[dict]:
    folder = Path(current_app.config["NARRATOR_SETTINGS"].out_dir)
    found = []
    for mp3 in sorted(folder.glob("*.mp3"), key=lambda p: p.stat().st_mtime, reverse=True):
        chapters_file = mp3.with_name(mp3.stem + ".chapters.json")
        data = json.loads(chapters_file.read_text("utf-8")) if chapters_file.is_file() else {}
        found.append({"slug": mp3.stem, "title": data.get("title") or mp3.stem, "chapters": data.get("chapters", [])})
    return found


@blueprint.get("/")
def index():
    return render_template("index.html", narrations=_narrations())


@blueprint.get("/listen/<slug>")
def listen(slug: str):
    for narration in _narrations():
        if narration["slug"] == slug:
            return render_template("listen.html", narration=narration)
    abort(404)
