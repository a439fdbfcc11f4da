"""The normalization case table and its judge, shared by tests/ and bench/: load the cases, compare readings."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
CASE_FOLDER = ROOT / "tests" / "fixtures" / "normalization"
LEGACY_CASES = ROOT / "tests" / "fixtures" / "normalization_cases.tsv"

Case = tuple[str, str, tuple[str, ...]]
"""(class, written, accepted readings)."""


def load_cases(folder: Path = CASE_FOLDER, legacy: Path | None = LEGACY_CASES) -> list[Case]:
    """Every case: one file per class in `folder` (written, then one or more readings, TAB-separated), and the
    older single-file table whose `# category:` lines name the class."""
    rows: list[Case] = []
    for path in sorted(folder.glob("*.tsv")):
        for line in path.read_text("utf-8").splitlines():
            if line and not line.startswith("#") and "\t" in line:
                written, *readings = line.split("\t")
                rows.append((path.stem, written, tuple(r for r in readings if r.strip())))
    if legacy is not None and legacy.is_file():
        category = "uncategorised"
        for line in legacy.read_text("utf-8").splitlines():
            if line.startswith("# category:"):
                category = line.split(":", 1)[1].strip()
            elif line and not line.startswith("#") and "\t" in line:
                written, *readings = line.split("\t")
                rows.append((category, written, tuple(readings)))
    return rows


def comparable(text: str) -> str:
    """The judging rule: ignore case, punctuation, hyphens, apostrophes and the word 'and'."""
    words = re.sub(r"[^\w\s']|_", " ", text.lower().replace("-", " ")).replace("'", "").split()
    return " ".join(w for w in words if w != "and")


def accepted(got: str, readings: tuple[str, ...]) -> bool:
    """True when the output matches one of the accepted readings under the judging rule."""
    return comparable(got) in {comparable(r) for r in readings}


def accuracy(rows: list[Case], normalize=None) -> tuple[dict[str, list[int]], list[tuple[str, str, str, str]]]:
    """Per class [passed, total], and the failures (class, written, first reading, got)."""
    if normalize is None:
        from narrator.normalize import normalize_text as normalize
    per_class: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failures = []
    for name, written, readings in rows:
        got = normalize(written)
        ok = accepted(got, readings)
        per_class[name][0] += ok
        per_class[name][1] += 1
        if not ok:
            failures.append((name, written, " | ".join(readings), got))
    return per_class, failures
