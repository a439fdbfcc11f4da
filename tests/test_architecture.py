"""Conventions the design relies on."""

import ast
from pathlib import Path

import narrator
from narrator.config import Settings

PACKAGE = Path(narrator.__file__).parent
STAGES = ["article", "cleanup", "chapters", "normalize", "script", "speak", "audio", "tags", "sidecars", "cache",
          "provenance", "pipeline", "engines"]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add(("." * node.level) + (node.module or ""))
    return names


def test_no_stage_imports_web_store_or_flask():
    for stage in STAGES:
        files = [PACKAGE / f"{stage}.py"] if (PACKAGE / f"{stage}.py").exists() else list((PACKAGE / stage).glob("*.py"))
        for file in files:
            for name in imported_modules(file):
                assert not any(part in name for part in ("web", "store", "flask", "jobs")), (file.name, name)


def test_public_api_is_small_and_importable():
    assert sorted(narrator.__all__) == ["Article", "Chapter", "NarrationResult", "NarratorError", "Settings",
                                        "narrate", "normalize_text"]
    for name in narrator.__all__:
        assert getattr(narrator, name)


def test_every_setting_is_documented():
    for name, _default, help_text in Settings.documentation():
        assert help_text and len(help_text) > 10, name


def test_environment_overrides_file_and_overrides_win():
    settings = Settings.load(env={"NARRATOR_ENGINE": "pyttsx3", "NARRATOR_PORT": "9000"})
    assert settings.engine == "pyttsx3" and settings.port == 9000
    assert Settings.load(env={"NARRATOR_ENGINE": "pyttsx3"}, engine="fake").engine == "fake"
