"""Moved to narrator.testing.browser (one importable place for tests, bench and scripts); kept for older imports."""

from narrator.testing.browser import *  # noqa: F401,F403
