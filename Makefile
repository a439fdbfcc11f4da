# One command to run the demo, one to run the tests. Both install what they need first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SYSTEM_PACKAGES ?=
# The page tests drive Debian's Chromium (Playwright's own browser download is not reachable offline).
BROWSER_PACKAGES := chromium fonts-dejavu-core
# The scale-out tests start real Redis and PostgreSQL servers on loopback.
SERVER_PACKAGES := redis-server postgresql
PORT ?= 8000

.PHONY: setup system-deps demo test bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[piper,scale,dev,listen]'
	touch $@

system-deps:
	scripts/system-deps.sh $(SYSTEM_PACKAGES)

setup: system-deps $(VENV)/.installed

## Narrate the bundled sample article into audio_out/ and serve the player on http://127.0.0.1:$(PORT)/
demo: setup
	$(BIN)/narrator narrate narrator/samples/harbour-lights.txt
	$(BIN)/narrator serve --port $(PORT) --submit narrator/samples/harbour-lights.txt

## Install everything and run the whole test suite (real engines, ffmpeg, server, headless Chromium, and the
## wheel installed into a fresh venv outside the checkout: tests/test_wheel.py runs scripts/check_wheel.sh).
## One pytest-xdist worker per core (at most 4), each taking whole test files, so a file's module-scoped
## servers, browser and narrations are made once, the longest files first (tests/conftest.py); TEST_WORKERS=0 runs
## the suite in one process.
TEST_WORKERS ?= auto
test: SYSTEM_PACKAGES += $(BROWSER_PACKAGES) $(SERVER_PACKAGES)
test: setup
	$(BIN)/python -m pytest --numprocesses $(TEST_WORKERS) --maxprocesses 4 --dist loadfile --no-loadscope-reorder

bench: SYSTEM_PACKAGES += $(BROWSER_PACKAGES) $(SERVER_PACKAGES)
bench: setup
	$(BIN)/python bench/normalization.py
	$(BIN)/python bench/chapters.py
	$(BIN)/python bench/cleanup.py
	$(BIN)/python bench/narration.py
	$(BIN)/python bench/service.py
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/readalong.py

## Screenshots of the player (light and dark) and the widget for the README, into docs/
screenshots: SYSTEM_PACKAGES += $(BROWSER_PACKAGES)
screenshots: setup
	$(BIN)/python scripts/screenshots.py docs

clean:
	rm -rf $(VENV) .cache .pytest_cache
