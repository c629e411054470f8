"""py3langid's model, loaded from an uncompressed, digest-checked cache instead of its LZMA file.

`LanguageIdentifier.from_model_file` decompresses 4.5 MB of LZMA into 68 MB of arrays on every start: ~0.38 CPU s,
a quarter of a fresh `dateline add`'s fixed cost. The first load writes the same arrays, as they come out of
py3langid's own loader (`modelio.load_model`), into one uncompressed file; later loads map that file and check it.
The identifier is built by the same constructor call from equal arrays (same dtypes, shapes, values, array type
codes), so `classify` returns exactly what the LZMA-loaded model returns (tests/test_langid_model.py).

The cache is never trusted:
- its name and its header carry the py3langid version and the SHA-256 of the model file, so an upgraded package or
  a replaced model file makes a new cache instead of reading the old one (stale);
- its header carries the SHA-256 of everything after it, checked on every load (~0.04 s for 68 MB), so a truncated,
  damaged or foreign file is rebuilt (corrupt);
- it is written to a temporary file in the same directory and moved into place with `os.replace`, so two processes
  starting at once both write complete files and a reader never sees half of one.
When no cache directory can be written (read-only home) the model loads from the LZMA file as before.

The file: `MAGIC`, the header's length (8 bytes, little-endian), the header (JSON), the arrays at 64-byte aligned
offsets.
"""
from __future__ import annotations

import hashlib
import json
import mmap
import os
import tempfile
from array import array
from pathlib import Path
from typing import Any

MAGIC = b"dateline-langid-cache 1\n"
_ALIGN = 64
# The parts of `modelio.load_model`'s result, in its order: (nb_ptc, nb_pc, nb_classes, tk_nextmove, tk_row, tk_output).
_PARTS = ("ptc", "pc", "classes", "nextmove", "row", "output")


def default_cache_dir() -> Path | None:
    """$DATELINE_CACHE_DIR, else $XDG_CACHE_HOME/dateline, else ~/.cache/dateline; None without a home directory
    (no cache then, rather than one relative to wherever the process runs)."""
    explicit = os.environ.get("DATELINE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if home.startswith("~"):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "dateline"


def model_path() -> Path:
    """py3langid's bundled model file."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return Path(MODEL_DIR) / MODEL_FILE


def model_key(path: Path) -> str:
    """What the cache was made from: the py3langid version and the model file's SHA-256 (~3 ms for 4.5 MB)."""
    import py3langid

    # The package's own attribute: importlib.metadata's first lookup costs ~0.02 s.
    version = getattr(py3langid, "__version__", None)
    if version is None:
        from importlib.metadata import version as dist_version

        version = dist_version("py3langid")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return f"py3langid-{version}-{digest}"


def cache_file(directory: Path, key: str) -> Path:
    """The cache's name carries its whole key: another py3langid version or model file never opens this one."""
    return directory / f"{key}.langid"


def load_model_slow(path: Path) -> tuple:
    """py3langid's own loader: the LZMA file, decompressed (what `from_model_file` calls)."""
    from py3langid.modelio import load_model

    return load_model(path)


def build_identifier(model: tuple, *, norm_probs: bool = True):
    """The identifier from `load_model`'s tuple, by the very call `LanguageIdentifier.from_model_file` makes."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    ptc, pc, classes, nextmove, row, output = model
    return LanguageIdentifier(np.asarray(ptc), np.asarray(pc), classes, nextmove, output, norm_probs=norm_probs,
                              tk_row=row)


def encode(model: tuple, key: str) -> tuple[bytes, list[memoryview]]:
    """(header block, data blocks) of the cache file for `model`: ndarrays and stdlib arrays as raw bytes with their
    dtype / type code and shape, the class labels in the header."""
    import numpy as np

    ptc, pc, classes, nextmove, row, output = model
    parts: dict[str, Any] = {"ptc": np.ascontiguousarray(ptc), "pc": np.ascontiguousarray(pc), "nextmove": nextmove,
                             "row": row, "output": np.asarray(output, dtype=np.int64)}
    entries, blocks, offset = {}, [], 0
    for name, value in parts.items():
        if isinstance(value, array):
            entry = {"typecode": value.typecode, "count": len(value)}
        else:
            entry = {"dtype": value.dtype.str, "shape": list(value.shape)}
        data = memoryview(value).cast("B")
        pad = -offset % _ALIGN
        if pad:
            blocks.append(memoryview(bytes(pad)))
            offset += pad
        entry |= {"offset": offset, "nbytes": data.nbytes}
        entries[name] = entry
        blocks.append(data)
        offset += data.nbytes
    digest = hashlib.sha256()
    for block in blocks:
        digest.update(block)
    header = json.dumps({"key": key, "classes": list(classes), "arrays": entries, "sha256": digest.hexdigest()},
                        sort_keys=True).encode()
    head = MAGIC + len(header).to_bytes(8, "little") + header
    head += bytes(-len(head) % _ALIGN)
    return head, blocks


def write_cache(path: Path, model: tuple, key: str) -> None:
    """Write the cache file atomically: a temporary file beside it, then `os.replace`."""
    head, blocks = encode(model, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(head)
            for block in blocks:
                f.write(block)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def read_cache(path: Path, key: str) -> tuple | None:
    """The model tuple from the cache file, or None when it is missing, made from another model, or damaged.

    The file is memory-mapped: the two big arrays of scores (ptc, pc) are read in place and shared by every process
    that maps it; the automaton tables are copied into stdlib arrays as `modelio` makes them."""
    import numpy as np

    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size < len(MAGIC) + 8:
                return None
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    view = memoryview(data)
    try:
        if view[:len(MAGIC)] != MAGIC:
            return None
        length = int.from_bytes(view[len(MAGIC):len(MAGIC) + 8], "little")
        start = len(MAGIC) + 8
        if start + length > size:
            return None
        header = json.loads(bytes(view[start:start + length]))
        if header.get("key") != key:
            return None
        body = start + length + (-(start + length) % _ALIGN)
        payload = view[body:]
        if hashlib.sha256(payload).hexdigest() != header.get("sha256"):
            return None
        parts: dict[str, Any] = {}
        for name, entry in header["arrays"].items():
            lo, hi = entry["offset"], entry["offset"] + entry["nbytes"]
            if hi > len(payload):
                return None
            if "typecode" in entry:
                arr = array(entry["typecode"])
                arr.frombytes(payload[lo:hi])
                if len(arr) != entry["count"]:
                    return None
                parts[name] = arr
            else:
                parts[name] = np.frombuffer(data, dtype=np.dtype(entry["dtype"]), offset=body + lo,
                                            count=(hi - lo) // np.dtype(entry["dtype"]).itemsize
                                            ).reshape(entry["shape"])
        return (parts["ptc"], parts["pc"], list(header["classes"]), parts["nextmove"], parts["row"],
                parts["output"].tolist())
    except (KeyError, TypeError, ValueError, UnicodeDecodeError):
        return None
    finally:
        # The ndarrays keep the mapping alive through their own buffer reference; this view must not.
        payload = None
        view.release()


def load_model(*, cache_dir: Path | None = None, source: Path | None = None) -> tuple:
    """The model tuple of `modelio.load_model(source)`, from the cache in `cache_dir` when it is valid; else from
    the LZMA file, writing the cache for the next process (best effort: an unwritable directory only costs time)."""
    source = source or model_path()
    directory = cache_dir if cache_dir is not None else default_cache_dir()
    if directory is None:
        return load_model_slow(source)
    key = model_key(source)
    path = cache_file(directory, key)
    model = read_cache(path, key)
    if model is not None:
        return model
    model = load_model_slow(source)
    try:
        write_cache(path, model, key)
    except OSError:
        pass
    return model


def load_identifier(*, cache_dir: Path | None = None, norm_probs: bool = True):
    """py3langid's `LanguageIdentifier` for its bundled model, equal to `from_model_file(MODEL_FILE, ...)`."""
    return build_identifier(load_model(cache_dir=cache_dir), norm_probs=norm_probs)
