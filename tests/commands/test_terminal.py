"""What reaches the terminal: --color and the colour conventions of the environment, the
cursor escapes of the progress bar and watch, watch in a small pane and after a resize,
and --today / JRNL_REJ_TODAY that say where a bad date came from."""

from __future__ import annotations

import fcntl
import io
import os
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time

import pytest
from conftest import TODAY, app_file, run_process

from jrnl_rej.commands import session
from jrnl_rej.core import terminal

SILENT = app_file(company="Hooli", role="Analyst", applied="2026-10-01")
ESC = "\x1b["
CLEAR = "\x1b[H\x1b[2J"
COLOUR_VARS = ("NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM", "COLUMNS", "LINES")


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in COLOUR_VARS and k != "JRNL_REJ_TODAY"}
    env.update(extra)
    return env


def check_output(root, *args, env=None, tty=False) -> str:
    """`check` in a real process, piped or on a pseudo-terminal; what it printed."""
    command = [sys.executable, "-m", "jrnl_rej", "--today", TODAY.isoformat(), "check", *args]
    if not tty:
        return subprocess.run(command, cwd=root, env=_env(**(env or {})), capture_output=True, text=True).stdout
    master, slave = os.openpty()
    try:
        proc = subprocess.Popen(command, cwd=root, env=_env(**(env or {})), stdout=slave, stderr=slave)
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        proc.wait(timeout=60)
    finally:
        os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture
def root(journal):
    return journal({"hooli.md": SILENT}, config="")


@pytest.mark.parametrize(
    ("args", "env", "tty", "coloured"),
    [
        ((), {}, False, False),  # piped
        ((), {}, True, True),  # a terminal
        ((), {"NO_COLOR": "1"}, True, False),
        ((), {"TERM": "dumb"}, True, False),
        ((), {"CLICOLOR": "0"}, True, False),
        ((), {"FORCE_COLOR": "1"}, False, True),  # on, even piped
        ((), {"CLICOLOR_FORCE": "1"}, False, True),
        ((), {"FORCE_COLOR": "0"}, False, False),  # 0 is not a yes
        ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, False),  # NO_COLOR wins, as the spec says
        (("--color", "always"), {}, False, True),
        (("--color", "always"), {"NO_COLOR": "1"}, False, True),  # what the command line says wins
        (("--color", "never"), {"FORCE_COLOR": "1"}, True, False),
        (("--color=never",), {}, True, False),
        (("--color", "auto"), {"CLICOLOR_FORCE": "1"}, False, True),
    ],
)
def test_colour_follows_the_flag_then_the_environment(root, args, env, tty, coloured):
    out = check_output(root, *args, env=env, tty=tty)
    assert "stale-silent" in out
    assert (ESC in out) == coloured, out


def test_color_works_before_the_command_and_is_checked(root):
    before = run_process("--color", "always", "--today", TODAY.isoformat(), "check", cwd=root)
    assert ESC in before.stdout
    bad = run_process("check", "--color", "sometimes", cwd=root)
    assert bad.returncode == 2 and "'sometimes' is not one of 'auto', 'always', 'never'" in bad.stderr
    assert ESC not in run_process("--today", TODAY.isoformat(), "check", "--format", "json",
                                  "--color", "always", cwd=root).stdout  # fmt: skip


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("env", "bar"), [({}, True), ({"TERM": "dumb"}, False), ({"CLICOLOR": "0"}, False),
                                          ({"NO_COLOR": "1"}, True)])  # fmt: skip
def test_the_progress_bar_needs_a_terminal_that_takes_escapes(monkeypatch, env, bar):
    for name in COLOUR_VARS:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "stdout", _Tty())
    monkeypatch.setattr(sys, "stderr", _Tty())
    assert (session.progress_reporter() is not None) == bar
    monkeypatch.setattr(sys, "stdout", io.StringIO())  # piped
    assert session.progress_reporter() is None


def test_the_mode_is_one_switch():
    try:
        terminal.set_mode("never")
        assert not terminal.colour(_Tty())
        terminal.set_mode("always")
        assert terminal.colour(io.StringIO())
        with pytest.raises(ValueError):
            terminal.set_mode("yes")
    finally:
        terminal.set_mode("auto")


# -- --today and JRNL_REJ_TODAY -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (("--today", ""), {}, "jrnl-rej: --today is empty: give a date such as 2026-11-25"),
        (("--today", "  "), {}, "jrnl-rej: --today is empty"),
        (("check", "--today="), {}, "jrnl-rej: --today is empty"),
        ((), {"JRNL_REJ_TODAY": "garbage"}, "jrnl-rej: JRNL_REJ_TODAY: 'garbage' is not a date"),
        ((), {"JRNL_REJ_TODAY": "1800-01-01"}, "jrnl-rej: JRNL_REJ_TODAY: 1800-01-01 is outside the years"),
        (("--today", "nonsense"), {"JRNL_REJ_TODAY": "2026-11-25"}, "jrnl-rej: --today: 'nonsense' is not a date"),
    ],
)
def test_a_bad_date_names_where_it_came_from(root, args, env, message):
    command = [*args, "check"] if not args or args[0] != "check" else list(args)
    for cwd_args in (command, [*command[:-1], "report"] if command[-1] == "check" else command):
        done = run_process(*cwd_args, cwd=root, env=env)
        assert done.returncode == 2 and done.stdout == "", done.stderr
        assert done.stderr.startswith(message) and done.stderr.count("\n") == 1, done.stderr


def test_an_empty_environment_variable_is_no_date(root):
    done = run_process("check", "--format", "json", cwd=root, env={"JRNL_REJ_TODAY": ""})
    assert done.returncode in (0, 1) and '"today": "' in done.stdout
    given = run_process("check", "--format", "json", cwd=root, env={"JRNL_REJ_TODAY": "2026-11-25"})
    assert '"today": "2026-11-25"' in given.stdout


# -- config ranges --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("silent_after_days = -5", "'thresholds.silent_after_days' must be a whole number of days from 1 to 3650, not -5"),
        ("silent_after_days = 0", "'thresholds.silent_after_days' must be a whole number of days from 1 to 3650, not 0"),
        ("check_in_after_days = 3651", "'thresholds.check_in_after_days' must be a whole number of days from 0 to 3650, not 3651"),
        ("prep_days = -1", "'thresholds.prep_days' must be a whole number of days from 0 to 3650, not -1"),
        ("prep_days = 2.5", "from 0 to 3650, not 2.5"),
        ("prep_days = true", "from 0 to 3650, not true"),
        ("prep_days = 'x'", "from 0 to 3650, not \"x\""),
        ("revisit_until_months = 200", "'thresholds.revisit_until_months' must be a whole number of months from 0 to 120, not 200"),
    ],
)
def test_every_threshold_out_of_range_gets_the_same_message(journal, run, setting, message):
    result = run(journal({"a.md": SILENT}, config=f"[thresholds]\n{setting}\n"), "check")
    assert result.exit_code == 2 and result.stderr.startswith("jrnl-rej: jrnl-rej.toml: 'thresholds.")
    assert result.stderr.endswith(f"{message}\n") and result.stderr.count("\n") == 1


@pytest.mark.parametrize("setting", ["prep_days = 0", "reply_window_days = 0", "silent_after_days = 1",
                                     "revisit_after_months = 0", "check_in_after_days = 3650"])  # fmt: skip
def test_the_ends_of_each_range_are_allowed(journal, run, setting):
    assert run(journal({"a.md": SILENT}, config=f"[thresholds]\n{setting}\n"), "check").exit_code in (0, 1)


# -- watch in a real pane -------------------------------------------------------------------------


class Pane:
    """`jrnl-rej watch` on a pseudo-terminal of a given size, its output collected."""

    def __init__(self, root, rows: int, columns: int, env=None):
        self.master, slave = os.openpty()
        self.resize(rows, columns)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "jrnl_rej", "--today", TODAY.isoformat(), "watch"],
            cwd=root, env=_env(**(env or {})), stdout=slave, stderr=subprocess.PIPE,
        )  # fmt: skip
        os.close(slave)
        self.chunks: list[bytes] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.chunks.append(data)

    def resize(self, rows: int, columns: int) -> None:
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))

    @property
    def text(self) -> str:
        return b"".join(self.chunks).decode("utf-8", "replace")

    def wait(self, predicate, what: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(self.text):
                return
            assert self.proc.poll() is None, self.proc.stderr.read().decode()
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}:\n{self.text}")

    def screen(self) -> list[str]:
        """The last full redraw, as the lines it draws."""
        last = self.text.rsplit(CLEAR, 1)[1]
        return last.replace("\r\n", "\n").split("\n")[:-1]

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        assert self.proc.wait(timeout=10) == 0
        os.close(self.master)


def _busy_journal(journal):
    files = {f"broken-{i}.md": "no front matter here\n" for i in range(6)}
    for i in range(12):  # post-interview rejections with no reply: a long to-do list
        files[f"co-{i}.md"] = app_file(company=f"Company number {i} with a long name", role="Data Engineer",
                                       applied="2026-10-01", screen="2026-10-10", status="rejected",
                                       rejected="2026-11-24")  # fmt: skip
    return journal(files, config="")


def test_watch_in_a_70_by_20_pane_keeps_its_header_and_the_errors_it_points_at(journal):
    pane = Pane(_busy_journal(journal), rows=20, columns=70)
    try:
        pane.wait(lambda t: CLEAR in t and "is up to date." in t.rsplit(CLEAR, 1)[1], "the first screen")
        lines = pane.screen()
        assert len(lines) <= 19  # and the cursor's line: nothing scrolls
        assert lines[0].startswith("jrnl-rej watch: ") and lines[-1] == "INDEX.md is up to date."
        plain = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in lines]
        assert all(len(line) <= 70 for line in plain), plain
        fix = next(i for i, line in enumerate(plain) if "Fix the 6 files with errors" in line)
        assert sum(": error " in line for line in plain[:fix]) >= 2, plain
        # A bigger pane: redrawn at once, to its new width.
        pane.resize(40, 120)
        pane.proc.send_signal(signal.SIGWINCH)
        pane.wait(lambda t: t.count(CLEAR) == 2 and "is up to date." in t.rsplit(CLEAR, 1)[1], "a redraw")
        wider = pane.screen()
        assert len(wider) > len(lines) and max(len(re.sub(r"\x1b\[[0-9;]*m", "", x)) for x in wider) > 70
        pane.stop()
    finally:
        if pane.proc.poll() is None:
            pane.proc.kill()


@pytest.mark.parametrize("env", [{"TERM": "dumb"}, {"CLICOLOR": "0"}])
def test_watch_on_a_plain_terminal_appends_text_without_escapes(journal, env):
    pane = Pane(journal({"hooli.md": SILENT}, config=""), rows=20, columns=70, env=env)
    try:
        pane.wait(lambda t: "is up to date." in t, "the first check")
        assert "\x1b" not in pane.text and re.search(r"^-- \d\d:\d\d:\d\d --", pane.text, re.M)
        pane.stop()
    finally:
        if pane.proc.poll() is None:
            pane.proc.kill()
