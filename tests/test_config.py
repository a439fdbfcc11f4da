"""Settings and rule files: packaged defaults, override folders, one data folder, validation with one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from narrator import config
from narrator.config import DEFAULTS_DIR, Settings, load_with_sources
from narrator.errors import ConfigError


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, "utf-8")
    return folder / name


def test_the_defaults_ship_inside_the_package():
    assert DEFAULTS_DIR == Path(config.__file__).parent / "defaults"
    settings = Settings.load(env={})
    assert settings.rule_files("boilerplate.toml")[0] == DEFAULTS_DIR / "boilerplate.toml"
    assert settings.rule_files("lexicon.toml")[0] == DEFAULTS_DIR / "lexicon.toml"


def test_the_engine_choices_are_the_registry_and_auto():
    from narrator.engines import ENGINES

    assert set(config.ENGINE_CHOICES) == {"auto", *ENGINES}


# --- merge rule: settings override, furniture patterns add (or replace a section), lexicon words override --------

def test_layers_override_in_order_and_each_setting_says_where_it_came_from(tmp_path):
    extra = tmp_path / "extra"
    toml = write(extra, "narrator.toml", '[narrator]\npublication = "Porthwen Gazette"\nrate = 1.5\nport = 9000\n')
    env = {"NARRATOR_CONFIG_DIR": str(extra), "NARRATOR_RATE": "2", "NARRATOR_DATA_DIR": str(tmp_path / "d")}
    settings, sources = load_with_sources(env=env, origin="command line", port=9100)
    assert (settings.publication, settings.rate, settings.port) == ("Porthwen Gazette", 2.0, 9100)
    assert sources["publication"] == str(toml)
    assert sources["rate"] == "environment variable NARRATOR_RATE"
    assert sources["port"] == "command line"
    assert sources["engine"] == "default" and settings.engine == "auto"
    assert sources["database_url"] == "default, under data_dir"


def test_furniture_patterns_from_an_override_folder_add_to_the_packaged_ones(tmp_path):
    from narrator.pipeline import prepare_article

    write(tmp_path, "boilerplate.toml", "[drop]\npatterns = ['^Our Sponsor Says Hello\\.?$']\n")
    settings = Settings.load(env={}, config_dir=str(tmp_path))
    page = ("# Ferry day\n\nListen to Ann Lee read this article\n\nThe ferry left at noon with every seat taken.\n\n"
            "our sponsor says hello\n\nIt came back at six, as it has for forty years.")
    kept = tuple(prepare_article(page, settings=settings).paragraphs)
    assert kept == ("The ferry left at noon with every seat taken.", "It came back at six, as it has for forty years.")


def test_replace_true_drops_the_packaged_patterns_of_that_section(tmp_path):
    from narrator.cleanup import BoilerplateRules

    write(tmp_path, "boilerplate.toml", "[drop]\nreplace = true\npatterns = ['^only this$']\n")
    settings = Settings.load(env={}, config_dir=str(tmp_path))
    rules = BoilerplateRules.from_files(settings.rule_files("boilerplate.toml"))
    assert [p.pattern for p in rules.drop] == ["^only this$"]
    assert rules.cut and rules.byline  # other sections keep the packaged patterns


def test_lexicon_words_from_an_override_folder_win_and_the_others_stay(tmp_path):
    from narrator.normalize import Normalizer

    write(tmp_path, "lexicon.toml", '[words]\n"Porthwen" = "Porth-when"\n"Aberdaron" = "Aber-daron"\n')
    normalizer = Normalizer.from_settings(Settings.load(env={}, config_dir=str(tmp_path)))
    assert normalizer.lexicon["Porthwen"] == "Porth-when" and normalizer.lexicon["Aberdaron"] == "Aber-daron"
    assert normalizer.lexicon["Gwynedd"] == "Gwineth"  # from the packaged lexicon


# --- one data folder for state -------------------------------------------------------------------------------------

def test_state_lives_under_the_data_folder(tmp_path):
    settings = Settings.load(env={"NARRATOR_DATA_DIR": str(tmp_path / "state")})
    base = tmp_path / "state"
    assert settings.database_url == f"sqlite:///{base}/narrator.db"
    assert settings.queue_url == f"sqlite:///{base}/queue.db"
    assert (settings.cache_dir, settings.out_dir) == (str(base / "cache"), str(base / "audio"))


def test_explicit_paths_still_win_over_the_data_folder(tmp_path):
    settings = Settings.load(env={"NARRATOR_DATA_DIR": str(tmp_path), "NARRATOR_DATABASE_URL": "sqlite:////srv/n.db",
                                  "NARRATOR_OUT_DIR": "/srv/audio"})
    assert settings.database_url == "sqlite:////srv/n.db" and settings.out_dir == "/srv/audio"
    assert settings.queue_url == f"sqlite:///{tmp_path}/queue.db"


def test_the_default_data_folder_is_instance_in_a_checkout_and_the_user_data_folder_when_installed(
        tmp_path, monkeypatch):
    root = Path(config.__file__).resolve().parent.parent
    monkeypatch.chdir(tmp_path)
    assert Settings.load(env={}).data_dir == str(root / "instance")
    monkeypatch.setattr(config, "checkout_root", lambda: None)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    settings = Settings.load(env={})
    assert settings.data_dir == str(tmp_path / "xdg" / "narrator")
    assert settings.database_url == f"sqlite:///{tmp_path}/xdg/narrator/narrator.db"
    assert settings.config_folders() == [DEFAULTS_DIR]  # no checkout config/, nothing from the working directory


def test_the_generated_secret_key_is_kept_in_the_data_folder(tmp_path, monkeypatch):
    from narrator.web.security import secret_key

    monkeypatch.chdir(tmp_path)
    settings = Settings.load(env={"NARRATOR_DATA_DIR": str(tmp_path / "state")})
    key = secret_key(settings)
    assert (tmp_path / "state" / "secret_key").read_text() == key == secret_key(settings)
    assert not (tmp_path / "instance").exists()


# --- validation: one line naming the setting, the value, where it came from and what is accepted ------------------

BAD_ENV = [
    ("NARRATOR_PORT", "80a", "setting port = '80a' from environment variable NARRATOR_PORT is not valid: "
                             "accepted a whole number from 1 to 65535"),
    ("NARRATOR_PORT", "70000", "accepted a whole number from 1 to 65535"),
    ("NARRATOR_RATE", "1,5", "setting rate = '1,5'"),
    ("NARRATOR_RATE", "nan", "accepted a number from 0.25 to 4"),
    ("NARRATOR_VOLUME", "-0.1", "accepted a number from 0 to 1"),
    ("NARRATOR_PUBLIC_FORM", "ture", "setting public_form = 'ture' from environment variable NARRATOR_PUBLIC_FORM "
                                     "is not valid: accepted true or false"),
    ("NARRATOR_DATE_ORDER", "ymd", "accepted one of dmy, mdy"),
    ("NARRATOR_ENGINE", "Piper ", "accepted one of auto, piper, pyttsx3, fake"),
    ("NARRATOR_MEDIA_DELIVERY", "stream", "accepted one of redirect, proxy"),
    ("NARRATOR_QUEUE_URL", "amqp://rabbit/", "accepted sqlite:///path, redis://host:port/db"),
    ("NARRATOR_MEDIA_URL", "gs://bucket", "accepted empty or s3://bucket/prefix"),
    ("NARRATOR_MP3_SAMPLE_RATE", "44000", "accepted one of 0, 8000"),
    ("NARRATOR_VOICE_NAMES", "{joe: Joe}", "accepted a table of names to text"),
    ("NARRATOR_VOICE_NAMES", '{"joe": 5}', "setting voice_names"),
    ("NARRATOR_JOB_LEASE_S", "0", "accepted a whole number from 1 to 86400"),
]


@pytest.mark.parametrize("variable, value, phrase", BAD_ENV, ids=[f"{v}={x}" for v, x, _ in BAD_ENV])
def test_a_bad_environment_variable_is_one_line_naming_it(variable, value, phrase):
    with pytest.raises(ConfigError) as caught:
        Settings.load(env={variable: value})
    message = str(caught.value)
    assert phrase in message and variable in message and "\n" not in message, message


BAD_TOML = [
    ('port = "8000"', "setting port = '8000' from {file} is not valid: accepted a whole number from 1 to 65535"),
    ("port = 8000.0", "setting port = 8000.0 from {file}"),
    ("public_form = 1", "setting public_form = 1 from {file} is not valid: accepted true or false"),
    ("sentence_pause_ms = true", "setting sentence_pause_ms = True from {file}"),
    ("rate = 9", "setting rate = 9 from {file} is not valid: accepted a number from 0.25 to 4"),
    ('engine = ["piper"]', "setting engine = ['piper'] from {file} is not valid: accepted one of auto"),
    ("voice_names = 3", "accepted a table of names to text"),
    ("rat = 1.0", "unknown setting 'rat' in {file}; did you mean 'rate'?"),
    ("port = ", "{file} is not valid TOML"),
]


@pytest.mark.parametrize("line, expected", BAD_TOML, ids=[line for line, _ in BAD_TOML])
def test_a_bad_value_in_a_settings_file_is_one_line_naming_the_file(line, expected, tmp_path):
    path = write(tmp_path, "narrator.toml", f"[narrator]\n{line}\n")
    with pytest.raises(ConfigError) as caught:
        Settings.load(env={"NARRATOR_CONFIG_DIR": str(tmp_path)})
    message = str(caught.value)
    assert expected.format(file=path) in message and "\n" not in message, message


def test_good_values_of_every_kind_are_read():
    settings = Settings.load(env={"NARRATOR_PORT": " 8080 ", "NARRATOR_RATE": "1.25", "NARRATOR_PUBLIC_FORM": "Off",
                                  "NARRATOR_VOICE_NAMES": '{"en_US-joe-medium": "Joe"}', "NARRATOR_VOLUME": "0",
                                  "NARRATOR_QUEUE_URL": "redis://127.0.0.1:6379/0", "NARRATOR_MEDIA_URL": ""})
    assert (settings.port, settings.rate, settings.public_form, settings.volume) == (8080, 1.25, False, 0.0)
    assert settings.voice_names == {"en_US-joe-medium": "Joe"} and settings.queue_url.startswith("redis://")


# --- through the command line --------------------------------------------------------------------------------------

def narrator(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "narrator", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "NARRATOR_DATA_DIR": str(cwd / "data"), **env}, timeout=120,
                          stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("command", [("config",), ("narrate", "-"), ("voices",), ("worker",)])
def test_the_cli_exits_2_with_one_line_for_a_bad_environment_variable(command, tmp_path):
    result = narrator(*command, cwd=tmp_path, NARRATOR_CHAPTER_MIN_WORDS="lots")
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == ["narrator: setting chapter_min_words = 'lots' from environment variable "
                                          "NARRATOR_CHAPTER_MIN_WORDS is not valid: accepted a whole number of at "
                                          "least 0"]
    assert not (tmp_path / "data").exists()


def test_the_cli_exits_2_with_one_line_for_a_bad_type_in_a_settings_file(tmp_path):
    path = write(tmp_path / "conf", "narrator.toml", '[narrator]\nmp3_bitrate_kbps = "64k"\n')
    result = narrator("serve", "--no-worker", cwd=tmp_path, NARRATOR_CONFIG_DIR=str(tmp_path / "conf"))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"narrator: setting mp3_bitrate_kbps = '64k' from {path} is not valid: "
                                          "accepted a whole number from 8 to 320"]


def test_a_bad_command_line_value_names_the_command_line(tmp_path):
    result = narrator("serve", "--no-worker", "--port", "0", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["narrator: setting port = 0 from command line is not valid: accepted a "
                                          "whole number from 1 to 65535"]


def test_narrator_config_prints_every_setting_its_source_and_the_rule_files(tmp_path):
    conf = tmp_path / "conf"
    settings_file = write(conf, "narrator.toml", '[narrator]\npublication = "Porthwen Gazette"\n')
    lexicon = write(conf, "lexicon.toml", '[words]\n"Aberdaron" = "Aber-daron"\n')
    result = narrator("config", cwd=tmp_path, NARRATOR_CONFIG_DIR=str(conf), NARRATOR_RATE="1.1",
                      NARRATOR_API_KEY="hush-hush")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    by_name = {line.split(" = ", 1)[0]: line for line in lines if " = " in line and not line.startswith("#")}
    assert set(by_name) == {name for name, _, _ in Settings.documentation()}
    assert by_name["publication"] == f'publication = "Porthwen Gazette"  # {settings_file}'
    assert by_name["rate"] == "rate = 1.1  # environment variable NARRATOR_RATE"
    assert by_name["engine"] == 'engine = "auto"  # default'
    assert by_name["data_dir"] == f'data_dir = "{tmp_path / "data"}"  # environment variable NARRATOR_DATA_DIR'
    assert by_name["api_key"] == "api_key = (set)  # environment variable NARRATOR_API_KEY"
    assert "hush-hush" not in result.stdout
    assert f"# lexicon.toml: {DEFAULTS_DIR / 'lexicon.toml'}, {lexicon}" in lines
    assert f"# boilerplate.toml: {DEFAULTS_DIR / 'boilerplate.toml'}" in lines


def test_every_rule_section_merges_across_folders(tmp_path):
    import dataclasses

    from narrator.cleanup import RULE_SECTIONS, BoilerplateRules

    assert set(RULE_SECTIONS) == {f.name for f in dataclasses.fields(BoilerplateRules)}
    packaged = BoilerplateRules.from_files([DEFAULTS_DIR / "boilerplate.toml"])
    write(tmp_path, "boilerplate.toml", "[drop]\npatterns = ['^x$']\n[cut]\npatterns = ['^y$']\n[box]\npatterns = "
                                        "['^z$']\n[byline]\npatterns = ['^w$']\n[promo]\nwords = ['zzz']\n")
    merged = BoilerplateRules.from_files(Settings.load(env={}, config_dir=str(tmp_path)).rule_files("boilerplate.toml"))
    for name in RULE_SECTIONS:
        assert getattr(packaged, name), f"the packaged rules have no {name} patterns"
        assert getattr(merged, name)[:-1] == getattr(packaged, name) and len(getattr(merged, name)) == \
            len(getattr(packaged, name)) + 1, name
