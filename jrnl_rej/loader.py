"""Reading the whole journal: discovery, then one read per file."""

from __future__ import annotations

from pathlib import Path

from .config import Config
from .journal import discover, read_file
from .reader import ReadResult


def load_journal(root: Path, config: Config, progress=None) -> list[ReadResult]:
    """Every application file of the journal, read and sorted by path."""
    results = []
    paths = discover(root, config)
    if progress is not None:
        progress.start(len(paths))
    for relpath in paths:
        result, _stamp = read_file(root, relpath, config)
        results.append(result)
        if progress is not None:
            progress(1)
    return results
