"""Which watched files are ready to add: the decisions of `dateline watch`, kept apart from its loop.

`dateline watch DIR` is a long-running `add`: it keeps the NLP model loaded and the store open, and adds files as
they appear. A cold `dateline add` pays ~2 s before it reads the first article (imports, loading spaCy); a warm
add pays only for the article and the stories it touches.

A file is added once it is *settled*: seen with the same size and modification time in two scans in a row, so a
file still being written (a download, a copy) is not read half-way. A file whose size or time changes after it was
added is offered again; ingest stores nothing twice (articles are keyed by content), so a touched-but-unchanged
file costs a read and nothing else. The clock and the sleeping stay in the CLI; these functions take the scans.
"""
from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dateline.ingest.options import IngestOptions
from dateline.ingest.sources import InputFile, expand_paths


@dataclass(frozen=True)
class FileState:
    size: int
    mtime_ns: int


Scan = Mapping[str, FileState]


def scan(paths: Sequence[str], *, options: IngestOptions = IngestOptions()) -> dict[str, FileState]:
    """Every input file under `paths` (walked like `ingest` walks them) with its size and modification time. Paths
    that do not exist (yet) or cannot be read are left out: a watched folder may be empty or briefly missing, and
    an unreadable file is reported when it is ingested."""
    found: dict[str, FileState] = {}
    for item in expand_paths([p for p in paths if p != "-"], options=options):
        if not isinstance(item, InputFile):
            continue
        try:
            st = os.stat(item.path)
        except OSError:
            continue
        found[item.path] = FileState(st.st_size, st.st_mtime_ns)
    return found


def settled(previous: Scan, current: Scan) -> dict[str, FileState]:
    """The files of `current` that `previous` saw in the same state: no longer being written."""
    return {path: state for path, state in current.items() if previous.get(path) == state}


def ready(previous: Scan, current: Scan, added: Scan) -> list[str]:
    """Settled files not yet added in their current state, in path order (the order `ingest` would read them)."""
    return sorted(path for path, state in settled(previous, current).items() if added.get(path) != state)
