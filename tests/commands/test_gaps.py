"""Silent gaps and slow paths (issue 18 item 7), end to end: date values too long to be a
date, a folder that cannot be read, a path that is not an application file, Ctrl-C while
the program loads, and workflow commands in text output under GitHub Actions."""

from __future__ import annotations

import time

from conftest import TODAY, app_file, run_process

LONG = "Nov " + "1" * 20_000  # dateparser took about 2 s on each such value


def test_a_date_value_too_long_to_be_a_date_is_refused_before_parsing(journal):
    fields = {key: LONG for key in ("applied", "screen", "hiring_manager", "final_round", "rejected")}
    root = journal({"long.md": app_file(company="Acme", role="R", **fields)})
    started = time.monotonic()
    done = run_process("--journal", str(root), "--today", TODAY.isoformat(), "check", cwd=root)
    elapsed = time.monotonic() - started
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = [line for line in done.stdout.splitlines() if "invalid-date" in line]
    assert len(lines) == 5
    assert lines[0] == ("long.md:4:10: error invalid-date: applied: 'Nov 111111111111111111111111111111111111'..."
                        " (20004 characters) is too long to be a date; write it as YYYY-MM-DD")  # fmt: skip
    assert max(len(line) for line in done.stdout.splitlines()) < 200
    assert elapsed < 6, elapsed  # five values through dateparser: 10 s and more


def test_date_words_too_long_on_the_command_line_are_exit_2(journal):
    root = journal({"a.md": app_file(company="Acme", role="R", applied="2026-11-20")})
    started = time.monotonic()
    done = run_process("--journal", str(root), "--today", TODAY.isoformat(), "log", "a.md", "screen", LONG, cwd=root)
    assert done.returncode == 2 and "too long to be a date" in done.stderr
    assert len(done.stderr) < 300 and time.monotonic() - started < 6
