"""A save that lands in the last instant of a write, between the writer's final comparison
and its rename, is kept: the writer swaps its file in (renameat2 RENAME_EXCHANGE), checks
that the one swapped out is the file it read, and when it is not, swaps it back and redoes
the edit. Made deterministic here by saving from inside that instant."""

from __future__ import annotations

import os

from jrnl_rej.journal import splice, writer

BEGIN, END = splice.BEGIN, splice.END


def _editor_save(path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.editor~")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _save_in_the_window(monkeypatch, path, data: bytes, times: int = 1) -> list[int]:
    """The editor saves `data` just after the writer's final comparison (the 2nd, 4th ...
    snapshot of an update), `times` times."""
    real = writer._snapshot
    calls: list[int] = []

    def snapshot(target, shown):
        got = real(target, shown)
        calls.append(1)
        if len(calls) % 2 == 0 and len(calls) // 2 <= times:
            _editor_save(path, data)
        return got

    monkeypatch.setattr(writer, "_snapshot", snapshot)
    return calls


def test_a_note_saved_in_the_last_instant_of_an_index_write_is_kept(tmp_path, monkeypatch):
    index = tmp_path / "INDEX.md"
    index.write_bytes(b"# Mine\n\nnote 1\n")
    _save_in_the_window(monkeypatch, index, b"# Mine\n\nnote 2\n")
    assert splice.write_index(index, "generated\n", "INDEX.md")
    text = index.read_text()
    assert "note 2" in text  # before: replaced by the index written from 'note 1'
    assert f"{BEGIN}\ngenerated\n{END}" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["INDEX.md"]  # nothing left aside


def test_saved_in_the_last_instant_of_both_tries_the_save_stays_and_the_write_says_so(tmp_path, monkeypatch):
    target = tmp_path / "a.md"
    target.write_bytes(b"one\n")
    _save_in_the_window(monkeypatch, target, b"the editor's\n", times=2)
    try:
        writer.update_atomic(target, lambda old: old + b"added\n")
    except writer.WriteConflict:
        pass
    else:
        raise AssertionError("a write that did not land reported success")
    assert target.read_bytes() == b"the editor's\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_an_untouched_file_is_swapped_and_keeps_its_mode(tmp_path):
    target = tmp_path / "a.md"
    target.write_bytes(b"one\n")
    target.chmod(0o640)
    assert writer.update_atomic(target, lambda old: old + b"two\n")
    assert target.read_bytes() == b"one\ntwo\n" and (target.stat().st_mode & 0o777) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_ctrl_c_while_the_swapped_out_file_is_held_puts_it_back(tmp_path, monkeypatch):
    import pytest

    target = tmp_path / "a.md"
    target.write_bytes(b"one\n")

    def interrupt(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(writer, "_holds", interrupt)
    with pytest.raises(KeyboardInterrupt):
        writer.update_atomic(target, lambda old: b"two\n")
    assert target.read_bytes() == b"one\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]
