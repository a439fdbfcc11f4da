"""Debian's Chromium, headless, driven by Playwright: the one browser the page tests and screenshots use."""

from __future__ import annotations

import os
import shutil
import time
from contextlib import contextmanager
from typing import Iterator

from playwright.sync_api import Browser, Page, sync_playwright

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


@contextmanager
def watched_page(browser: Browser, **context_options: object) -> Iterator[Page]:
    """A page in a fresh context that fails the test on a JavaScript error or anything our strict CSP blocks."""
    context = browser.new_context(**context_options)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    # Our pages send a strict CSP (no inline script or style): anything it blocks is a bug.
    opened.on("console", lambda message: "Content Security Policy" in message.text and errors.append(message.text))
    yield opened
    context.close()
    assert not errors, f"JavaScript errors or CSP violations on the page: {errors}"


def submit_and_play(page: Page, base: str, text: str, title: str = "") -> tuple[str, float]:
    """Paste an article into the index form, press Narrate, then Play on the player it opens.

    Returns the narration id and the seconds from pressing Narrate to audio playing.
    """
    page.goto(base + "/")
    if title:
        page.fill("#title", title)
    page.fill("#text", text)
    started = time.perf_counter()
    page.click("button[type=submit]")
    page.wait_for_url("**/listen/*")
    page.click("#play")
    page.wait_for_function("() => !document.getElementById('audio').paused && "
                           "document.getElementById('audio').currentTime > 0.2", timeout=120_000)
    return page.url.rsplit("/", 1)[1], time.perf_counter() - started
