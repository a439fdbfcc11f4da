"""Shared fixtures: isolated settings, sample articles, engines."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
"""CI replays the same examples every run (a red build is the change's fault, not a new random draw); a developer's
run draws fresh ones each time (HYPOTHESIS_PROFILE=ci to replay CI's)."""
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "default"))

from narrator.config import Settings
from narrator.engines.fake import FakeEngine

FILE_SECONDS = {
    "test_scale": 570, "test_service": 570, "test_player": 410, "test_pages": 400, "test_readalong_player": 280,
    "test_security": 210, "test_narrate_real": 180, "test_object_storage": 180, "test_wheel": 170, "test_private": 160,
    "test_first_hour": 140, "test_settings": 140, "test_versions": 120, "test_crash": 120, "test_import": 115,
    "test_listening": 90, "test_readalong": 90, "test_faults": 75, "test_listening_check": 70,
    "test_normalize_properties": 60, "test_docs": 50, "test_cli": 40, "test_attacks_web": 40,
    "test_pronunciations_api": 35, "test_health": 35, "test_extraction_limits": 25, "test_probe_faults": 70,
    "test_probe_upstream": 60, "test_probe_input": 50, "test_probe_transport": 35, "test_probe_web": 30,
    "test_probe_media": 30, "test_fetch_page": 20, "test_probe_fetch": 15,
}
"""Seconds each heavy test file took in one whole-suite run (at load; only their order matters). `make test` runs
`--dist loadfile --no-loadscope-reorder`, so xdist hands out files in collection order: the longest start first and
the short ones fill in at the end (xdist's own order, most tests first, started 2-test files of minutes last)."""
UNLISTED_SLOW_SECONDS = 30
"""A slow-marked file not in FILE_SECONDS (a new one) goes among the heavy files."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Test files ordered longest first (a file's own tests keep their order)."""
    cost: dict[Path, float] = {}
    for item in items:
        slow = item.get_closest_marker("slow") is not None
        known = FILE_SECONDS.get(item.path.stem, UNLISTED_SLOW_SECONDS if slow else 0)
        cost[item.path] = max(cost.get(item.path, 0), known)
    items.sort(key=lambda item: -cost[item.path])

FIXTURES = Path(__file__).parent / "fixtures"
FURNITURE_CASES = ["harbour_furniture.txt", "allotments_headings.md", "ferry_page.html"]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings writing into a temporary folder with a private cache; config files from the repository."""
    return Settings.load(env={}, out_dir=str(tmp_path / "out"), cache_dir=str(tmp_path / "cache"))


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine()


def expected_paragraphs(name: str) -> list[str]:
    """The real paragraphs of a fixture, from its .expected.txt golden file."""
    text = (FIXTURES / (name.rsplit(".", 1)[0] + ".expected.txt")).read_text("utf-8")
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def ffprobe_json(path: Path, *entries: str) -> dict:
    import json

    out = subprocess.run(["ffprobe", "-v", "error", *entries, "-of", "json", str(path)], capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out)


def decode_mono(path: Path, rate: int = 44100):
    """Decode an audio file to float mono samples with ffmpeg."""
    import numpy as np

    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(rate),
                          "pipe:1"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype=np.int16).astype(np.float64) / 32768.0


def integrated_loudness(samples, sample_rate: int) -> float:
    """Integrated loudness (LUFS) measured independently of the pipeline, with pyloudnorm."""
    import pyloudnorm

    return float(pyloudnorm.Meter(sample_rate).integrated_loudness(samples))


def true_peak_db(path: Path) -> float:
    import re

    log = subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-af",
                          "ebur128=peak=true:framelog=verbose", "-f", "null", "-"], capture_output=True,
                         text=True).stderr
    return float(re.findall(r"Peak:\s+(-?[\d.]+) dBFS", log)[-1])


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for the page tests of one module."""
    from narrator.testing.browser import chromium

    with chromium() as running:
        yield running
