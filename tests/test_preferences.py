"""config.toml and where each setting comes from: option > HABIT_TRACKER_DB >
config file > NO_COLOR / VISUAL / EDITOR > default; database settings beside them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from habit_tracker import preferences as p
from habit_tracker.cli.kit import App


@pytest.fixture
def config_home(tmp_path: Path) -> Path:
    return tmp_path / "config"


def write_config(config_home: Path, text: str) -> Path:
    path = config_home / "habit-tracker" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def sources(values: dict[str, p.Value]) -> dict[str, tuple[str | None, str]]:
    return {key: (v.value, v.source) for key, v in values.items()}


def test_defaults_without_a_config_file(config_home: Path, tmp_path: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(config_home), "XDG_DATA_HOME": str(tmp_path / "data")}
    assert sources(p.resolve(env)) == {
        "db": (str(tmp_path / "data" / "habit-tracker" / "habits.db"), "default"),
        "color": ("auto", "default"),
        "editor": (None, "default"),
        "reminder_time": (None, "default"),
    }


def test_the_config_file_is_read_and_checked(config_home: Path) -> None:
    path = write_config(config_home, 'db = "~/diary/habits.db"\ncolor = "never"\n'
                        'editor = "nano -w"\nreminder_time = "9:05"\n')
    values = p.resolve({"XDG_CONFIG_HOME": str(config_home)})
    assert sources(values) == {
        "db": (str(Path("~/diary/habits.db").expanduser()), "config file"),
        "color": ("never", "config file"),
        "editor": ("nano -w", "config file"),
        "reminder_time": ("09:05", "config file"),
    }
    assert values["color"].detail == str(path)


def test_a_relative_db_is_next_to_the_config_file(config_home: Path) -> None:
    path = write_config(config_home, 'db = "data/h.db"\nreminder_time = 21:30:00\n')
    values = p.resolve({"XDG_CONFIG_HOME": str(config_home)})
    assert values["db"].value == str(path.parent / "data" / "h.db")
    assert values["reminder_time"].value == "21:30"  # a TOML time works too


def test_precedence(config_home: Path) -> None:
    write_config(config_home, 'db = "/from/file.db"\ncolor = "always"\neditor = "code -w"\n')
    env = {"XDG_CONFIG_HOME": str(config_home), "NO_COLOR": "1", "EDITOR": "nano", "VISUAL": "vim"}
    # the config file beats the generic variables ...
    assert sources(p.resolve(env))["color"] == ("always", "config file")
    assert sources(p.resolve(env))["editor"] == ("code -w", "config file")
    assert sources(p.resolve(env))["db"] == ("/from/file.db", "config file")
    # ... HABIT_TRACKER_DB beats the file, an option beats everything
    assert sources(p.resolve({**env, "HABIT_TRACKER_DB": "/env.db"}))["db"] == ("/env.db", "environment")
    chosen = p.resolve({**env, "HABIT_TRACKER_DB": "/env.db"}, db_option="/opt.db",
                       color_option="never")
    assert sources(chosen)["db"] == ("/opt.db", "option")
    assert sources(chosen)["color"] == ("never", "option")
    # without the file, the generic variables count
    bare = {"XDG_CONFIG_HOME": str(config_home / "none"), "NO_COLOR": "", "VISUAL": "vim",
            "EDITOR": "nano"}
    assert sources(p.resolve(bare))["color"] == ("never", "environment")
    assert sources(p.resolve(bare))["editor"] == ("vim", "environment")
    assert sources(p.resolve({**bare, "VISUAL": ""}))["editor"] == ("nano", "environment")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("color = always\n", "is not valid TOML"),
        ("colour = \"always\"\n", "unknown setting 'colour'"),
        ("color = \"purple\"\n", "color in the config file"),
        ("db = 3\n", "db in the config file"),
        ("reminder_time = \"25:00\"\n", "reminder_time in the config file"),
        ("[section]\ncolor = \"auto\"\n", "unknown setting 'section'"),
    ],
)
def test_a_bad_config_file_is_one_error_line(initialised, config_home: Path, text: str,
                                             message: str) -> None:
    path = write_config(config_home, text)
    for args in (["status"], ["config"], ["checkin", "--no-contact"]):
        result = initialised(*args, code=2)
        assert message in result.stderr and str(path) in result.stderr


def test_a_config_file_in_another_encoding_is_one_error_line(initialised, config_home: Path) -> None:
    path = config_home / "habit-tracker" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_bytes(b'editor = "\xe9"\n')
    assert "cannot read the config file" in initialised("config", code=2).stderr


def test_config_shows_every_value_and_its_source(initialised, config_home: Path, db_path: Path) -> None:
    run = initialised
    run("config", "week_start", "sunday")
    path = write_config(config_home, 'editor = "nano"\n')
    lines = [" ".join(line.split()) for line in run("config", EDITOR="vim").stdout.splitlines()]
    assert lines == [
        "day_start = 0 # default",
        "week_start = sunday # database",
        "backups = on # default",
        "backup_recipient = # default",
        f"db = {db_path} # environment: HABIT_TRACKER_DB",
        "color = auto # default",
        f"editor = nano # config file: {path}",
        "reminder_time = (not set) # default",
    ]
    as_json = json.loads(run("config", "--json").stdout)
    assert as_json["week_start"] == {"value": "sunday", "source": "database", "detail": str(db_path)}
    assert as_json["editor"] == {"value": "nano", "source": "config file", "detail": str(path)}
    assert as_json["db"]["source"] == "environment"
    other = db_path.parent / "other.db"
    shown = json.loads(run("--db", str(other), "--color", "never", "config", "--json").stdout)
    assert shown["db"] == {"value": str(other), "source": "option", "detail": "--db"}
    assert shown["color"] == {"value": "never", "source": "option", "detail": "--color"}
    assert shown["week_start"]["source"] == "default"  # other.db does not exist yet
    assert not other.exists()  # showing settings creates nothing
    one = json.loads(run("config", "editor", "--json").stdout)
    assert list(one) == ["editor"]
    # one key without --json: just its value, as scripts read it
    assert run("config", "editor").stdout == "editor = nano\n"
    assert run("config", "reminder_time").stdout == "reminder_time = \n"


def test_preferences_are_set_in_the_file_not_by_command(initialised) -> None:
    result = initialised("config", "color", "never", code=2)
    assert "config.toml" in result.stderr


def test_the_db_from_the_config_file_is_the_one_used(run, config_home: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "mine.db"
    write_config(config_home, f'db = "{target}"\n')
    run("init", "--since", "2026-11-01", HABIT_TRACKER_DB="")
    assert target.is_file()
    assert "Day 22" in run("status", HABIT_TRACKER_DB="").stdout


def test_colour_from_the_config_file(initialised, config_home: Path) -> None:
    write_config(config_home, 'color = "always"\n')
    assert "\x1b[" in initialised("status").stdout
    assert "\x1b[" not in initialised("--color", "never", "status").stdout


def test_app_reads_preferences(config_home: Path, tmp_path: Path) -> None:
    write_config(config_home, 'db = "/x/y.db"\ncolor = "always"\n')
    app = App(None, environ={"XDG_CONFIG_HOME": str(config_home)})
    assert app.db_path == Path("/x/y.db") and app.color is True
    app = App(tmp_path / "z.db", color="never", environ={"XDG_CONFIG_HOME": str(config_home)})
    assert app.db_path == tmp_path / "z.db" and app.color is False


def test_describe_aligns_by_display_width_and_shows_control_characters() -> None:
    lines = p.describe({
        "editor": p.Value("日本語", p.CONFIG_FILE, "/c.toml"),
        "color": p.Value("auto", p.DEFAULT),
        "db": p.Value("/tmp/\x1b[31mx.db", p.OPTION, "--db"),
    })
    from wcwidth import wcswidth

    assert [wcswidth(line.split("#")[0]) for line in lines] == [wcswidth(lines[0].split("#")[0])] * 3
    assert "\x1b" not in "".join(lines) and "\ufffd[31m" in lines[2]
    assert lines[0].endswith("# config file: /c.toml") and lines[1].endswith("# default")


def test_the_editor_from_the_config_file_is_the_one_opened(initialised, run_json, config_home: Path,
                                                           tmp_path: Path) -> None:
    import shlex
    import sys

    script = tmp_path / "editor.py"
    script.write_text("import sys\nopen(sys.argv[1], 'w').write('From my editor\\n')\n")
    editor = f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"
    write_config(config_home, f"editor = {json.dumps(editor)}\n")
    failing = f"{shlex.quote(sys.executable)} -c 'raise SystemExit(1)'"
    # $EDITOR and $VISUAL name a failing program: the config file's editor wins
    initialised("checkin", "--date", "yesterday", "--edit", EDITOR=failing, VISUAL=failing)
    days = run_json("history", "--json")["days"]
    assert days[-1]["note"] == "From my editor"
    assert "Kept: 3 words" in initialised("write", EDITOR=failing, VISUAL=failing).stdout


def test_remind_install_takes_the_reminder_time_from_the_config_file(initialised,
                                                                     config_home: Path) -> None:
    assert "reminder_time" in initialised("remind", "--install", "--scheduler", "cron", code=2).stderr
    write_config(config_home, 'reminder_time = "21:45"\n')
    out = initialised("remind", "--install", "--scheduler", "cron").stdout
    assert "every day at 21:45" in out and "45 21 * * *" in out
    # a time given on the command line still wins
    assert "every day at 07:30" in initialised("remind", "--install", "7:30", "--scheduler",
                                               "cron").stdout
