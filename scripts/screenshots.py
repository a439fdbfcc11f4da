"""Screenshots for the README: the player (light and dark) and the embed widget on a publisher's page.

Narrates the bundled sample with the default voice on a temporary server and photographs it in headless Chromium.
Usage: python scripts/screenshots.py [OUTPUT_FOLDER]   (default: docs)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from narrator.testing.browser import chromium
from narrator.testing.server import Server

ROOT = Path(__file__).resolve().parent.parent

SAMPLE = ROOT / "narrator" / "samples" / "harbour-lights.txt"
PUBLISHER_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Porthwen Gazette</title>
<style>body {{ font: 18px/1.6 Georgia, serif; max-width: 40em; margin: 2em auto; color: #222; }}
h1 {{ font-size: 2em; line-height: 1.2; }} .kicker {{ color: #a00; font: bold 14px sans-serif; }}</style></head>
<body><p class="kicker">PORTHWEN GAZETTE · LONG READ</p><h1>The town that voted to keep its harbour lights on</h1>
<p><em>By Hannah Whitcombe</em></p>
<script src="{base}/embed.js" data-narration="{narration_id}"></script>
<p>For most of the last century the lights on Porthwen's harbour wall were simply part of the view.</p>
</body></html>"""


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(Path(tmp), engine="auto", NARRATOR_VOICE_NAMES='{"en_US-joe-medium": "Joe"}')
        try:
            narration = server.wait(server.submit(text=SAMPLE.read_text("utf-8"))["id"])
            with chromium() as browser:
                for scheme in ("light", "dark"):
                    page = browser.new_page(viewport={"width": 1100, "height": 1000}, color_scheme=scheme)
                    page.goto(f"{server.base}/listen/{narration['id']}")
                    page.wait_for_function("() => document.querySelectorAll('#transcript .cue').length > 0")
                    page.locator("#transcript .cue").nth(3).click()  # plays from the fourth sentence
                    page.wait_for_function("() => document.querySelector('#transcript .cue.current') !== null")
                    page.wait_for_timeout(1500)
                    page.evaluate("window.scrollTo(0, 0)")
                    page.screenshot(path=str(out / f"player-{scheme}.png"))
                    page.close()
                page = browser.new_page(viewport={"width": 900, "height": 620})
                page.set_content(PUBLISHER_PAGE.format(base=server.base, narration_id=narration["id"]))
                button = page.locator("[data-narrator-widget] >> css=.box > button")
                button.click()
                page.wait_for_function("() => document.querySelector('[data-narrator-widget]').narratorAudio.currentTime > 1")
                page.screenshot(path=str(out / "widget.png"))
        finally:
            server.stop()
    print(f"screenshots written to {out}/: player-light.png, player-dark.png, widget.png")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs")
