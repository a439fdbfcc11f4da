"""Moved to narrator.testing.server (one importable place for tests, bench and scripts); kept for older imports."""

from narrator.testing.server import *  # noqa: F401,F403
