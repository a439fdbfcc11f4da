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


def _runtime_imports(module: str, path: Path, modules: set[str]) -> set[str]:
    """The narrator modules `module` imports when it runs (type-checking-only imports left out; a package's
    __init__ assembling its own submodules is not a dependency of theirs)."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    tree = ast.parse(path.read_text("utf-8"))
    typing_only = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
                   and ast.unparse(block.test).endswith("TYPE_CHECKING") for node in ast.walk(block)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            submodules = {f"{target}.{alias.name}" for alias in node.names} & modules
            found |= submodules
            if len(submodules) < len(node.names) and target in modules:
                found.add(target)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names} & modules
    if path.name == "__init__.py":
        found = {name for name in found if not name.startswith(module + ".")}
    return found - {module}


def test_no_import_cycles():
    """The import graph of narrator's modules has no circle (a shared piece belongs below both its users)."""
    paths = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        paths[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph = {module: _runtime_imports(module, path, set(paths)) for module, path in paths.items()}

    def circle_from(start: str) -> list[str] | None:
        trail, seen = [(start, [start])], set()
        while trail:
            module, route = trail.pop()
            for imported in sorted(graph[module]):
                if imported == start:
                    return route + [start]
                if imported not in seen:
                    seen.add(imported)
                    trail.append((imported, route + [imported]))
        return None

    circles = [circle for module in sorted(graph) if (circle := circle_from(module))]
    assert not circles, " ; ".join(" -> ".join(circle) for circle in circles)
