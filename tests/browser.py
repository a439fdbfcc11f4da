"""Debian's Chromium, headless, driven by Playwright: the one browser the page tests and screenshots use."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from typing import Iterator

from playwright.sync_api import Browser, sync_playwright

CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--autoplay-policy=no-user-gesture-required",
                  "--mute-audio"]


def chromium_path() -> str:
    """The system Chromium (`apt-get install chromium`); Playwright's own download is not reachable offline."""
    path = os.environ.get("NARRATOR_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError("Chromium is not installed: run `sudo apt-get install -y chromium` "
                           "(`make test` does it when run as root)")
    return path


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()
