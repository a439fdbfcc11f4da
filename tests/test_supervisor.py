"""serve's worker supervision with real processes: backoff between restarts, on_death before each, a clean stop."""

from __future__ import annotations

import sys
import time

import pytest

from narrator.supervisor import MAX_RESTART_S, WorkerSupervisor, restart_delay


@pytest.mark.parametrize("quick_deaths, delay", [(0, 1.0), (1, 2.0), (2, 4.0), (3, 8.0), (4, 16.0), (5, MAX_RESTART_S),
                                                 (40, MAX_RESTART_S)])
def test_restarts_back_off_doubling_to_a_ceiling(quick_deaths, delay):
    assert restart_delay(quick_deaths) == delay


def test_a_worker_that_keeps_dying_is_restarted_with_backoff_and_each_death_reported_first():
    deaths: list[tuple[float, int]] = []
    dying = WorkerSupervisor([sys.executable, "-c", "import sys; sys.exit(3)"], grace_s=1,
                             on_death=lambda pid: deaths.append((time.monotonic(), pid)))
    started = time.monotonic()
    dying.start()
    time.sleep(4.5)  # deaths at about 0, 1 and 3 s (waits of 1 s, then 2 s)
    dying.stop()
    assert len(deaths) == 3 and dying.restarts == 2, deaths
    assert len({pid for _when, pid in deaths}) == 3
    gaps = [later - earlier for (earlier, _), (later, _) in zip(deaths, deaths[1:])]
    assert 0.9 < gaps[0] < 1.8 and 1.9 < gaps[1] < 2.8, gaps
    assert deaths[0][0] - started < 1.5


def test_stop_ends_a_running_worker_gracefully_and_it_is_not_restarted():
    running = WorkerSupervisor([sys.executable, "-c", "import time; time.sleep(60)"], grace_s=1).start()
    time.sleep(0.5)
    process = running.process
    started = time.monotonic()
    running.stop()
    assert process is not None and process.poll() is not None and time.monotonic() - started < 5
    time.sleep(1.5)
    assert running.process is process and running.restarts == 0
