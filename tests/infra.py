"""Moved to narrator.testing.infra (one importable place for tests, bench and scripts); kept for older imports."""

from narrator.testing.infra import *  # noqa: F401,F403
