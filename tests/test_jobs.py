"""The job queue's recovery against a real SQLite store and a real Huey SQLite queue."""

from __future__ import annotations

from narrator.config import Settings
from narrator.jobs import Jobs


def make_jobs(tmp_path) -> Jobs:
    settings = Settings.load(env={}, database_url=f"sqlite:///{tmp_path}/narrator.db",
                             queue_url=f"sqlite:///{tmp_path}/queue.db", out_dir=str(tmp_path / "out"))
    jobs = Jobs(settings)
    jobs.store.upgrade()
    return jobs


def submit(jobs: Jobs, number: int, enqueue: bool = True) -> str:
    narration, _ = jobs.store.create_or_get(f"digest-{number}", title=f"T{number}", author="", url="",
                                            source_format="text", source_text=f"Article {number}. Fine.",
                                            voice_settings={})
    if enqueue:
        jobs.enqueue(narration.id)
    return narration.id


def test_recovery_leaves_a_waiting_backlog_alone_and_requeues_what_the_queue_lost(tmp_path):
    jobs = make_jobs(tmp_path)
    backlog = [submit(jobs, n) for n in range(20)]
    assert jobs.recover() == 0 and len(jobs.huey.pending()) == 20  # runs every minute: no duplicates
    lost = submit(jobs, 99, enqueue=False)  # e.g. the app died between the insert and the enqueue
    assert jobs.recover() == 1 and jobs.waiting_ids() == set(backlog) | {lost}
    jobs.huey.flush()  # the queue itself is lost
    assert jobs.recover() == 21 and len(jobs.huey.pending()) == 21


def test_listeners_requests_are_taken_before_archive_imports(tmp_path):
    from narrator.jobs import PRIORITY_ARCHIVE
    from narrator.submissions import submit as submit_article

    jobs = make_jobs(tmp_path)
    archive = [submit_article(jobs, f"Archive article {n}. It waits.", fmt="text", priority=PRIORITY_ARCHIVE)
               for n in range(3)]
    listener = submit_article(jobs, "A listener wants this one now.", fmt="text")
    hurried = submit_article(jobs, "Archive article 2. It waits.", fmt="text")  # a listener asks for a queued one
    assert [s.outcome for s in archive] + [listener.outcome, hurried.outcome] == ["queued"] * 4 + ["hurried"]
    assert jobs.store.get(hurried.narration.id).priority == 10
    order = [jobs.huey.dequeue().args[0] for _ in range(5)]
    assert order[:2] == [listener.narration.id, hurried.narration.id]
    assert order[2:] == [archive[0].narration.id, archive[1].narration.id, archive[2].narration.id]
    again = submit_article(jobs, "Archive article 2. It waits.", fmt="text")
    assert again.outcome == "existing"  # already hurried: no third message


def test_a_worker_running_several_narrations_at_once_shares_the_cores_between_their_voices(monkeypatch):
    from narrator.config import Settings
    from narrator.jobs import voice_threads_for

    monkeypatch.setattr("os.cpu_count", lambda: 8)
    settings = Settings.load(env={})
    assert voice_threads_for(settings, 1).engine_threads == 0  # one narration: every core
    assert voice_threads_for(settings, 2).engine_threads == 4
    assert voice_threads_for(settings, 16).engine_threads == 1
    pinned = Settings.load(env={}, engine_threads=3)
    assert voice_threads_for(pinned, 2).engine_threads == 3  # what the operator set stands
