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


def submit(jobs: Jobs, number: int, enqueue: bool = True, priority: int = 10) -> str:
    narration, _ = jobs.store.create_or_get(f"digest-{number}", title=f"T{number}", author="", url="",
                                            source_format="text", source_text=f"Article {number}. Fine.",
                                            voice_settings={}, priority=priority)
    if enqueue:
        jobs.enqueue(narration.id, priority)
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


def test_of_many_archive_workers_only_one_gives_way_for_each_waiting_listener(tmp_path):
    import time

    from narrator.jobs import LISTENER_PATIENCE_S, PRIORITY_ARCHIVE

    jobs = make_jobs(tmp_path)
    submit(jobs, 1, priority=PRIORITY_ARCHIVE)
    time.sleep(LISTENER_PATIENCE_S + 0.1)
    assert not jobs._listener_waiting()  # archive work waiting makes nobody give way
    first = submit(jobs, 2)
    assert not jobs._listener_waiting()  # a listener's, just submitted: an idle worker may still take it
    time.sleep(LISTENER_PATIENCE_S + 0.1)
    assert [jobs._listener_waiting() for _ in range(3)] == [True, False, False]  # one worker gives way, once
    submit(jobs, 3)
    time.sleep(LISTENER_PATIENCE_S + 0.1)
    jobs.store.claim(first, "w")  # the first listener is being served: the next one gets a worker of its own
    assert [jobs._listener_waiting() for _ in range(2)] == [True, False]


def test_a_submission_is_extracted_and_checked_but_not_chaptered_while_the_request_waits(tmp_path, monkeypatch):
    import pytest

    from narrator import pipeline
    from narrator.errors import IngestError, UnsupportedLanguageError
    from narrator.submissions import submit as submit_article

    def chapterize(*args, **kwargs):
        raise AssertionError("the request chaptered the article: the worker does that")

    monkeypatch.setattr(pipeline, "chapterize", chapterize)
    jobs = make_jobs(tmp_path)
    for text, fmt in (("# The pier\n\nThe pier reopened on Saturday. Crowds came early.", "markdown"),
                      ("<h1>Pier cafe</h1><p>The cafe opens in spring, the owner said.</p>", "html"),
                      ("the quiet council\n\nit met , and voted . nobody objected ;", "text")):
        submitted = submit_article(jobs, text, fmt=fmt)
        assert submitted.outcome == "queued" and submitted.narration.title
    with pytest.raises(IngestError):
        submit_article(jobs, "   \n\n  ", fmt="text")
    fake = Settings.load(**{**jobs.settings.values(), "engine": "fake"})  # a voice of English only
    with pytest.raises(UnsupportedLanguageError):  # refused at once, as before: no voice speaks it
        submit_article(jobs, "<html lang='ja'><h1>港の灯り</h1><p>町は港の灯りを残すことに決めた。</p></html>", fmt="html",
                       settings=fake)


def test_a_starting_worker_keeps_its_voices_leveling_reference_so_the_first_job_measures_nothing(tmp_path):
    from narrator.jobs import _warm_up
    from narrator.language import _identifier
    from narrator.pipeline import narrate

    settings = Settings.load(env={}, engine="fake", out_dir=str(tmp_path / "out"), cache_dir=str(tmp_path / "cache"))
    _identifier.cache_clear()
    _warm_up(settings)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())  # nothing published
    result = narrate("The first listener's article. It starts at once.", title="First", settings=settings)
    assert result.timings["count: measuring passes"] == 0, result.timings
    assert _identifier.cache_info().currsize == 1  # the language detector's model is loaded too
