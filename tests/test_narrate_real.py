"""End to end with the real engines and real ffmpeg: chapters, tags, transcript, loudness, atomic outputs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mutagen.id3 import ID3

from narrator.engines import create_engine
from narrator.pipeline import narrate
from narrator.testing.transcripts import cues

from .conftest import FIXTURES, decode_mono, expected_paragraphs, ffprobe_json, integrated_loudness, true_peak_db

pytestmark = pytest.mark.slow


def vtt_cues(path: Path) -> list[tuple[float, float, str]]:
    return [(cue.start, cue.end, cue.text) for cue in cues(path.read_text("utf-8"))]


@pytest.fixture(scope="module")
def piper_narration(tmp_path_factory):
    """The 1,100-word furniture-laden article narrated once with the default (Piper) voice."""
    from narrator.config import Settings

    tmp = tmp_path_factory.mktemp("piper")
    settings = Settings.load(env={}, out_dir=str(tmp / "out"), cache_dir=str(tmp / "cache"), engine="piper")
    result = narrate(FIXTURES / "harbour_furniture.txt", settings=settings)
    return result


# An MP3's length is whole frames (1,152 samples at 44.1 kHz, 576 at 22.05 kHz), and ffprobe counts the encoder's
# delay (LAME: 1,105 samples) and end padding too: up to three frames (78 ms at either rate) more than the samples
# the chapters were timed on.
MP3_FRAME_SLACK_S = 3 * 1152 / 44100 + 0.005


def test_ffprobe_and_mutagen_read_chapters_that_span_the_file(piper_narration):
    result = piper_narration
    probe = ffprobe_json(result.mp3_path, "-show_chapters", "-show_format")
    duration = float(probe["format"]["duration"])
    starts = [float(c["start_time"]) for c in probe["chapters"]]
    assert len(starts) == len(result.chapters) >= 3
    assert starts[0] == 0.0 and starts == sorted(starts) and len(set(starts)) == len(starts)
    assert abs(float(probe["chapters"][-1]["end_time"]) - duration) <= MP3_FRAME_SLACK_S
    assert [c["tags"]["title"] for c in probe["chapters"]] == [c.title for c in result.chapters]

    tags = ID3(result.mp3_path)
    chaps = sorted(tags.getall("CHAP"), key=lambda c: c.start_time)
    toc = tags.getall("CTOC")[0]
    assert toc.child_element_ids == [c.element_id for c in chaps]
    assert chaps[0].start_time == 0 and abs(chaps[-1].end_time / 1000 - duration) <= MP3_FRAME_SLACK_S
    assert tags["TIT2"].text == ["The town that voted to keep its harbour lights on"]
    assert tags["TPE1"].text == ["Joe"] and tags["TPE2"].text == ["Hannah Whitcombe"]


def test_transcript_cues_are_timed_inside_the_audio_and_spell_out_the_cleaned_article(piper_narration):
    result = piper_narration
    cues = vtt_cues(result.transcript_path)
    duration = float(ffprobe_json(result.mp3_path, "-show_format")["format"]["duration"])
    for (start, end, _), (next_start, _, _) in zip(cues, cues[1:]):
        assert start < end <= next_start
    assert cues[0][0] > 0 and cues[-1][1] <= duration + 0.05
    spoken = " ".join(text for _, _, text in cues)
    assert " ".join(spoken.split()) == " ".join(expected_paragraphs("harbour_furniture.txt"))


def test_chapters_json_matches_the_tags(piper_narration):
    import json

    doc = json.loads(piper_narration.chapters_path.read_text("utf-8"))
    assert doc["version"] == "1.2.0"
    assert [(c["title"], c["startTime"]) for c in doc["chapters"]] == \
        [(c.title, round(c.start_s, 3)) for c in piper_narration.chapters]


def test_loudness_is_minus_16_lufs_with_true_peak_under_minus_1(piper_narration):
    samples = decode_mono(piper_narration.mp3_path)
    loudness = integrated_loudness(samples, 44100)
    assert -17.0 <= loudness <= -15.0, loudness
    assert true_peak_db(piper_narration.mp3_path) <= -1.0 + 0.05


def test_mp3_is_constant_bitrate_mono_with_a_xing_header(piper_narration):
    stream = ffprobe_json(piper_narration.mp3_path, "-show_streams")["streams"][0]
    assert stream["codec_name"] == "mp3" and stream["channels"] == 1
    data = piper_narration.mp3_path.read_bytes()[:20000]
    assert b"Info" in data or b"Xing" in data


def test_pyttsx3_system_voice_narrates_a_short_article(tmp_path, settings):
    settings.engine = "pyttsx3"
    text = ("# The pier\n\nThe pier reopened on Saturday after two years of repairs. "
            "Crowds gathered early. Nobody wanted to miss the first walk to the end.")
    result = narrate(text, settings=settings)
    assert result.engine == "pyttsx3"
    samples = decode_mono(result.mp3_path)
    assert len(samples) / 44100 > 3 and abs(samples).max() > 0.1
    cues = vtt_cues(result.transcript_path)
    assert [c[2] for c in cues] == ["The pier reopened on Saturday after two years of repairs.",
                                    "Crowds gathered early.", "Nobody wanted to miss the first walk to the end."]


def test_engines_produce_real_speech_for_a_sentence():
    for name in ("piper", "pyttsx3"):
        engine = create_engine(name)
        audio = engine.synthesize("The harbour lights stayed on.")
        assert 0.8 < audio.duration_s < 6, name
        assert abs(audio.samples).max() > 3000, name


def test_a_failing_engine_leaves_no_partial_file_and_keeps_earlier_outputs(settings):
    from narrator.engines.fake import FakeEngine
    from narrator.errors import EngineError

    article = "First paragraph of the story.\n\nSecond paragraph kaboom of the story."
    good = narrate(article, settings=settings, engine=FakeEngine(), title="Same title")
    before = {p.name: p.read_bytes() for p in good.mp3_path.parent.iterdir()}
    with pytest.raises(EngineError):
        narrate(article + "\n\nA changed ending.", settings=settings, engine=FakeEngine(fail_on="kaboom"),
                title="Same title", cache=False)
    after = {p.name: p.read_bytes() for p in good.mp3_path.parent.iterdir()}
    assert after == before


def test_renarration_after_editing_one_paragraph_synthesizes_only_changed_sentences(settings):
    from narrator.engines.fake import FakeEngine

    paragraphs = [f"Paragraph number {n} says something. It has two sentences." for n in range(6)]
    engine = FakeEngine()
    narrate("\n\n".join(paragraphs), settings=settings, engine=engine, title="Edit test")
    first_calls = engine.calls
    paragraphs[3] = "This paragraph was rewritten entirely. It is new."
    narrate("\n\n".join(paragraphs), settings=settings, engine=engine, title="Edit test")
    assert engine.calls - first_calls == 2


def test_pyttsx3_keeps_the_whole_utterance_short_or_long():
    """pyttsx3's espeak driver drops each file's last second unless patched; compare with espeak-ng itself."""
    import subprocess
    import wave

    engine = create_engine("pyttsx3")
    assert engine.synthesize("Yes.").duration_s > 0.3
    sentence = "The pier reopened on Saturday after two years of repairs, and nobody wanted to miss it."
    ours = engine.synthesize(sentence).duration_s
    reference = Path(engine._workdir) / "reference.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "175", "-w", str(reference), sentence], check=True)
    with wave.open(str(reference)) as handle:
        theirs = handle.getnframes() / handle.getframerate()
    assert abs(ours - theirs) < 0.35, (ours, theirs)


def _burn_cpu() -> None:
    while True:
        pass


def test_pyttsx3_speaks_every_sentence_whole_on_a_busy_machine(caplog):
    """espeak-ng is deterministic: with both cores busy every sentence must come out as long as when idle.

    pyttsx3's driver returned before espeak had written the file and could cancel the sentence being saved; under
    load a third of the sentences came back empty, cut short or missing (and were retried only when silent).
    """
    import multiprocessing

    text = (FIXTURES / "harbour_furniture.txt").read_text("utf-8")
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) > 3][:40]
    idle_engine = create_engine("pyttsx3")  # one engine per run: espeak carries a little state between sentences
    idle = [len(idle_engine.synthesize(s).samples) for s in sentences]
    burners = [multiprocessing.Process(target=_burn_cpu, daemon=True) for _ in range(2)]
    for burner in burners:
        burner.start()
    try:
        engine = create_engine("pyttsx3")
        busy = [len(engine.synthesize(s).samples) for s in sentences]
    finally:
        for burner in burners:
            burner.kill()
    assert busy == idle
    assert not [r for r in caplog.records if "attempt" in r.getMessage()]  # right the first time, no retries


def test_piper_with_one_thread_speaks_the_same_sentence_on_a_one_thread_runtime():
    default, single = create_engine("piper"), create_engine("piper", threads=1)
    options = single._voice().session.get_session_options()
    assert options.intra_op_num_threads == 1
    sentence = "The ferry leaves at half past nine."
    first, second = default.synthesize(sentence), single.synthesize(sentence)
    assert abs(first.duration_s - second.duration_s) < 0.15 * first.duration_s  # Piper's noise varies rhythm
    assert abs(second.samples).max() > 3000


def test_a_failing_engine_in_a_job_is_retried_through_the_real_queue_then_fails_with_its_reason(tmp_path):
    """A worker process on the SQLite Huey queue: each attempt fails in Piper (the voice file is no model), the job is
    retried RETRIES times with the reason shown meanwhile, then marked failed with Piper's own words."""
    import time

    import requests

    from narrator.jobs import RETRIES
    from narrator.store import Store
    from narrator.testing.server import Server

    server = Server(tmp_path, engine="piper")
    broken = tmp_path / "voices" / "en_GB-broken-medium.onnx"  # installed as far as submission can tell; Piper can't load it
    broken.parent.mkdir()
    broken.write_bytes(b"not a model")
    broken.with_suffix(".onnx.json").write_text('{"audio": {"sample_rate": 22050}}')
    try:
        submitted = server.submit(text="The ferry left at noon. Nobody was late.", engine="piper",
                                  voice=str(broken))
        seen: list[tuple[str, str]] = []
        narration, deadline = submitted, time.monotonic() + 240
        while narration["status"] not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(0.2)
            narration = requests.get(f"{server.base}/api/narrations/{submitted['id']}", timeout=10).json()
            seen.append((narration["status"], narration["error"] or ""))
        reason = narration["error"] or ""
        assert narration["status"] == "failed" and "en_GB-broken-medium" in reason, narration
        assert ("queued", f"retrying after: {reason}") in seen  # between attempts, the API says why
        assert Store(f"sqlite:///{tmp_path}/narrator.db").get(submitted["id"]).attempts == RETRIES + 1
        assert not list((tmp_path / "out").glob(f"{submitted['id']}*"))
        fine = server.wait(server.submit(text="The worker carries on with a voice it has. Good.")["id"])
        assert fine["status"] == "done", fine["error"]
    finally:
        server.stop()


LEVELING_ARTICLES = [
    ("Harbour lamps", "The harbour lamps were lit again last night. Crowds watched from the sea wall."),
    ("quiet council", "the council met quietly , and voted to keep the lamps . nobody objected ; the vote took "
                      "a minute ."),
    ("Pier cafe (2027)", "Will the cafe open? \"Next spring,\" the owner said — if the weather holds! Work "
                         "starts in March, at 8am."),
]


@pytest.mark.parametrize("sample_rate", [22050, 16000])
def test_a_later_narration_with_the_same_voice_levels_without_a_measuring_pass_and_stays_on_target(settings,
                                                                                                  sample_rate):
    from narrator.engines.fake import FakeEngine

    engine = FakeEngine(sample_rate=sample_rate)
    results = [narrate(body, title=title, settings=settings, engine=engine) for title, body in LEVELING_ARTICLES]
    assert results[0].timings["count: measuring passes"] == 1
    for result in results[1:]:  # other words, other sentence audio: only the voice's leveling reference is reused
        assert result.timings["count: measuring passes"] == 0, result.timings
    for result in results:
        loudness = integrated_loudness(decode_mono(result.mp3_path), 44100)
        assert -17.0 <= loudness <= -15.0, (result.title, loudness)
        assert true_peak_db(result.mp3_path) <= -1.0 + 0.05
    other = narrate(LEVELING_ARTICLES[0][1], title="Another voice", settings=settings,
                    engine=FakeEngine(voice="other", sample_rate=sample_rate))
    assert other.timings["count: measuring passes"] == 1  # a reference is never borrowed from another voice


@pytest.mark.parametrize("skew_db", [-4.0, 2.5])
def test_the_first_part_goes_out_after_one_leveling_run_even_when_it_missed_and_the_file_is_still_on_target(
        settings, monkeypatch, skew_db):
    from narrator import audio
    from narrator.engines.fake import FakeEngine

    engine = FakeEngine()
    narrate(LEVELING_ARTICLES[1][1], title=LEVELING_ARTICLES[1][0], settings=settings, engine=engine)  # a reference
    remembered = audio._cached_reference
    monkeypatch.setattr(audio, "_cached_reference", lambda cache, key: (
        (lambda found: (found[0] + skew_db, found[1]) if found else None)(remembered(cache, key))))
    runs, filter_ = [], audio._filter
    monkeypatch.setattr(audio, "_filter", lambda *args: runs.append(args[2]) or filter_(*args))
    parts: list[tuple[int, int, int]] = []
    title, body = LEVELING_ARTICLES[2]
    result = narrate(body, title=title, settings=settings, engine=engine,
                     on_chapter=lambda index, _t, _s, samples, *rest: parts.append((index, len(runs), len(samples))))
    assert parts[0][:2] == (0, 1)  # the listener waited for one ffmpeg run, though it missed the aim...
    assert parts[1][1] > 2  # ...which the file's copy of the segment was leveled again for, after the part went out
    loudness = integrated_loudness(decode_mono(result.mp3_path), 44100)
    assert -17.0 <= loudness <= -15.0, loudness
    assert true_peak_db(result.mp3_path) <= -1.0 + 0.05
    assert abs(sum(n for _, _, n in parts) / 22050 - result.duration_s) < 0.001  # the parts lay out the whole file


def test_a_short_segment_a_little_off_is_kept_when_the_narrations_average_stays_on_target():
    import numpy as np

    from narrator.audio import LOUDNESS_TOLERANCE_LU, Leveler, LoudnessTarget
    from narrator.engines.fake import FakeEngine

    voice = FakeEngine()
    speech = np.concatenate([voice.synthesize(f"Sentence number {n} of the long chapter, said at length.").samples
                             for n in range(40)])
    short = voice.synthesize("A short opening line.").samples
    leveler = Leveler(LoudnessTarget(), 22050)
    leveler.level(speech, 22050)
    long_miss = leveler.first_pass(speech, 22050).loudness - leveler.aim  # what the chapter's kept pass missed by
    gain, rms = leveler.reference
    skew = -1.2 if long_miss > 0 else 1.2  # a short segment off the other way: the average gets closer to the aim
    before = leveler.passes
    leveler.reference = (gain + skew, rms)
    attempt = leveler.first_pass(short, 22050)
    assert abs(attempt.loudness - leveler.aim) > LOUDNESS_TOLERANCE_LU  # off by more than one segment may be...
    assert attempt.settled and leveler.passes == before + 1  # ...but the narration's average stays within it
    alone = Leveler(LoudnessTarget(), 22050, (gain + skew, rms))
    assert not alone.first_pass(short, 22050).settled  # the same miss as a narration's first segment is corrected


def test_a_part_is_encoded_in_process_to_a_playable_mp3_of_its_samples(tmp_path, monkeypatch):
    import subprocess

    import numpy as np

    from narrator.audio import encode_segment

    samples = (np.sin(np.arange(3 * 22050) * 2 * np.pi * 180 / 22050) * 9000).astype(np.int16)
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: pytest.fail("an encoder process was started"))
    encode_segment(samples, 22050, tmp_path / "n.part-000.mp3", 64)
    monkeypatch.undo()
    probe = ffprobe_json(tmp_path / "n.part-000.mp3", "-show_streams", "-show_format")
    stream = probe["streams"][0]
    assert (stream["codec_name"], stream["channels"], stream["sample_rate"]) == ("mp3", 1, "22050")
    assert abs(float(probe["format"]["duration"]) - 3.0) <= MP3_FRAME_SLACK_S
    assert sorted(p.name for p in tmp_path.iterdir()) == ["n.part-000.mp3"]  # no partial file left


def test_timings_break_the_narration_down_by_stage_and_add_up_to_its_wall_time(settings):
    from narrator.engines.fake import FakeEngine
    from narrator.stages import STAGES

    parts: list[int] = []
    result = narrate("# Stages\n\nThe first paragraph is here. It has two sentences.\n\nA second paragraph "
                     "follows it, and then the article ends.", settings=settings, engine=FakeEngine(),
                     on_chapter=lambda index, *rest: parts.append(index))
    stages = {name: result.timings[f"stage: {name}"] for name in (*STAGES, "other")}
    assert all(seconds >= 0 for seconds in stages.values())
    assert abs(sum(stages.values()) - result.timings["total"]) < 0.01 + 0.01 * result.timings["total"]
    for name in ("prepare", "wait for speech", "leveling", "encoding", "tagging", "sidecars"):
        assert stages[name] > 0, name
    assert stages["signing"] == 0  # no key configured
    assert 0 < result.timings["at: first segment ready"] < result.timings["total"]
    assert result.timings["count: leveling passes"] >= len(parts) >= 1


class _Recording:
    """A fake voice that notes every text it is given and the thread that gave it."""

    def __init__(self) -> None:
        from narrator.engines.fake import FakeEngine

        self.voice, self.said = FakeEngine(), []
        self.name, self.parallel_safe, self.times_words = "fake", True, False
        self.identity, self.display_name = self.voice.identity, "Test Voice"

    def synthesize(self, text: str):
        import threading

        self.said.append((text, threading.current_thread().name))
        return self.voice.synthesize(text)


@pytest.mark.parametrize("template, title, intro, ahead", [
    ("{title}{by_author}. Narrated by {narrator}.", "The ferry returns",
     ["The ferry returns, by Ann Lee.", "Narrated by Test Voice."], 1),
    ("{title}. Narrated by {narrator}. {disclosure}", "The ferry returns",
     ["The ferry returns.", "Narrated by Test Voice.", "This voice is synthetic."], 1),
    ("{title}{by_author}. Narrated by {narrator}.", "The ferry returns to the island after ten years",
     ["The ferry returns", "to the island after ten years, by Ann Lee.", "Narrated by Test Voice."], 2),
    ("{title}. Narrated by {narrator}.", "Back at last: the ferry returns to the island",
     ["Back at last:", "the ferry returns to the island.", "Narrated by Test Voice."], 2),
    ("", "The ferry returns", [], 0),
])
def test_the_first_part_is_the_intros_opening_phrase_spoken_ahead_and_nothing_is_spoken_twice(tmp_path, template,
                                                                                              title, intro, ahead):
    from narrator.config import Settings

    settings = Settings.load(env={}, out_dir=str(tmp_path / "out"), cache_dir=str(tmp_path / "cache"),
                             intro_template=template, disclosure="This voice is synthetic.")
    engine, parts = _Recording(), []
    body = ("The ferry returned to the island on Monday. Crowds met it at the quay. Nobody had expected so many.\n\n"
            "The service will run twice a day. Tickets are on sale at the harbour office.")
    result = narrate(body, title=title, author="Ann Lee", settings=settings, engine=engine,
                     on_chapter=lambda index, title, start, samples, rate, part_cues: parts.append(
                         (start, len(samples) / rate, [cue.text for cue in part_cues])))
    article = ["The ferry returned to the island on Monday.", "Crowds met it at the quay.",
               "Nobody had expected so many.", "The service will run twice a day.",
               "Tickets are on sale at the harbour office."]
    assert [text for text, _ in engine.said] == intro + article  # each once, in order
    # The title (its opening phrase first, then the rest), while the article is prepared.
    assert [thread.startswith("speak-ahead") for _, thread in engine.said] == [True] * ahead + [False] * (
        len(engine.said) - ahead)
    assert result.synthesized == len(intro) + len(article) and result.reused == 0
    # One part per intro sentence (no words of the article in them), then the article's first sentence alone.
    assert [texts for _, _, texts in parts[:len(intro) + 1]] == [[]] * len(intro) + [article[:1]]
    pause_s = 0.0 if ahead > 1 else settings.sentence_pause_ms / 1000  # no pause inside the title
    assert abs(parts[0][1] - (len((intro or article)[0]) / 15.0 + pause_s)) < 0.1
    assert 0 < result.timings["at: first part published"] < result.timings["total"]
    assert [start for start, _, _ in parts] == sorted(start for start, _, _ in parts)
