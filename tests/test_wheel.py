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


def test_every_data_file_in_the_package_is_declared_package_data():
    """A file under narrator/ that is not Python reaches the wheel only through [tool.setuptools.package-data]."""
    import fnmatch
    import tomllib

    root = SCRIPT.parent.parent
    patterns = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-data"]
    package = root / "narrator"
    data = [p.relative_to(package).as_posix() for p in package.rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts]
    assert data, "no data files found"
    undeclared = [name for name in data if not any(fnmatch.fnmatch(name, pattern) for pattern in patterns["narrator"])]
    assert not undeclared, f"add to package-data in pyproject.toml: {undeclared}"
