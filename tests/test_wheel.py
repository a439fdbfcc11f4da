"""A pip-installed narrator behaves like the checkout: scripts/check_wheel.sh builds the wheel, installs it into a
fresh virtual environment outside the checkout and narrates the bundled pasted page from another folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "check_wheel.sh"


def test_the_installed_wheel_narrates_the_bundled_page_without_its_furniture_from_another_folder():
    result = subprocess.run([str(SCRIPT), sys.executable], capture_output=True, text=True, timeout=1200,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]
    assert result.stdout.strip().endswith("without its furniture")
