"""Turning the paths a user gave into input files: directories walked recursively in sorted order, globs
expanded, `-` for stdin, and every path that cannot be read reported as a Rejection (missing, unreadable, not a
regular file, symlink loop) instead of raised."""
from __future__ import annotations

import errno
import glob
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from dateline.ingest.options import IngestOptions, rejection
from dateline.records import Rejection

STDIN = "-"
_GLOB_MAGIC = ("*", "?", "[")


@dataclass(frozen=True)
class InputFile:
    path: str  # as the user would recognise it ("corpus/a.txt"); "-" for stdin


def _stat_rejection(path: str, err: OSError) -> Rejection:
    if err.errno == errno.ELOOP:
        return rejection(path, "E013", f"{path}: symlink loop (too many levels of symbolic links)")
    if err.errno in (errno.ENOENT, errno.ENOTDIR):
        what = "broken symlink" if os.path.islink(path) else "path does not exist"
        return rejection(path, "E001", f"{path}: {what}")
    return rejection(path, "E002", f"{path}: cannot be read ({err.strerror or err})")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def expand_paths(paths: Sequence[str], *, options: IngestOptions) -> Iterator[InputFile | Rejection]:
    """Every input file under `paths`, each at most once, in a deterministic order."""
    seen: set[tuple[int, int]] = set()
    for path in paths:
        if path == STDIN:
            yield InputFile(STDIN)
            continue
        if path.lower().startswith(("http://", "https://", "ftp://")) and not os.path.lexists(path):
            yield rejection(path, "E050", f"{path}: URLs are not fetched by ingest; save the page and pass the file")
            continue
        if not os.path.lexists(path) and any(ch in path for ch in _GLOB_MAGIC):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                yield rejection(path, "E001", f"{path}: no file matches the pattern")
            for match in matches:
                yield from _expand_one(match, seen=seen, ancestors=(), options=options)
            continue
        if not os.path.lexists(path):
            yield rejection(path, "E001", f"{path}: path does not exist")
            continue
        found, was_seen = 0, _key(path) in seen
        for item in _expand_one(path, seen=seen, ancestors=(), options=options):
            found += 1
            yield item
        if not found and not was_seen and os.path.isdir(path):
            yield rejection(path, "E003", f"{path}: directory holds no input files"
                                          + ("" if options.include_hidden else " (hidden files are skipped)"))


def _key(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _expand_one(path: str, *, seen: set[tuple[int, int]], ancestors: tuple[tuple[int, int], ...],
                options: IngestOptions) -> Iterator[InputFile | Rejection]:
    try:
        st = os.stat(path)
    except OSError as err:
        yield _stat_rejection(path, err)
        return
    key = (st.st_dev, st.st_ino)
    if stat.S_ISDIR(st.st_mode):
        if key in ancestors:
            yield rejection(path, "E013", f"{path}: symlink loop (points back to a directory above it)")
            return
        if key in seen:
            return
        seen.add(key)
        try:
            names = sorted(os.listdir(path))
        except OSError as err:
            yield rejection(path, "E002", f"{path}: directory cannot be listed ({err.strerror or err})")
            return
        for name in names:
            if name.startswith(".") and not options.include_hidden:
                continue
            yield from _expand_one(os.path.join(path, name), seen=seen, ancestors=ancestors + (key,),
                                   options=options)
        return
    if not stat.S_ISREG(st.st_mode):
        yield rejection(path, "E002", f"{path}: {_kind(st.st_mode)}, not a regular file")
        return
    if key in seen:
        return
    seen.add(key)
    yield InputFile(path)


def open_binary(path: str):
    """Open a file for reading without blocking (a FIFO swapped in after the walk must not hang the run)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    return os.fdopen(fd, "rb")


def read_file(path: str, *, options: IngestOptions) -> bytes | Rejection:
    """The file's bytes, or a Rejection (E002 unreadable, E005 over the size limit). Never reads past the limit."""
    try:
        with open_binary(path) as handle:
            st = os.fstat(handle.fileno())
            if not stat.S_ISREG(st.st_mode):
                return rejection(path, "E002", f"{path}: {_kind(st.st_mode)}, not a regular file")
            if st.st_size > options.max_bytes:
                return rejection(path, "E005", f"{path}: {st.st_size:,} bytes is over the limit of "
                                               f"{options.max_bytes:,}")
            data = handle.read(options.max_bytes + 1)
    except IsADirectoryError:
        return rejection(path, "E002", f"{path}: is a directory where a file was expected")
    except PermissionError as err:
        return rejection(path, "E002", f"{path}: permission denied ({err.strerror or err})")
    except OSError as err:
        return _stat_rejection(path, err)
    if len(data) > options.max_bytes:
        return rejection(path, "E005", f"{path}: more than {options.max_bytes:,} bytes (grew while reading)")
    return data


def read_stream(stream, *, origin: str, options: IngestOptions) -> bytes | Rejection:
    try:
        data = stream.read(options.max_bytes + 1)
    except OSError as err:
        return rejection(origin, "E002", f"{origin}: cannot be read ({err})")
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > options.max_bytes:
        return rejection(origin, "E005", f"{origin}: more than {options.max_bytes:,} bytes")
    return data
