"""`spacy`, imported without its command line: `from dateline.spacy_import import spacy`.

`spacy/__init__.py` imports `spacy.cli.info` for the one name `spacy.info`, and with it the whole of `spacy.cli`
(typer, weasel, requests, httpx, jinja2, ...): ~0.16 of the ~0.6 CPU s `import spacy` costs in a fresh `dateline`
process, none of which loading or running a pipeline uses. While spaCy's package is imported, `spacy.cli.info` is a
stand-in module whose `info` imports the real one when called; the stand-in is removed as soon as the import ends,
so a later `import spacy.cli` (or `spacy.cli.info`) imports spaCy's real modules, complete.

Importing this module is importing spaCy: the process pools' forkserver preloads it in place of `spacy`.
"""
from __future__ import annotations

import sys
import types

_INFO = "spacy.cli.info"


def _info(*args, **kwargs):
    """`spacy.info`: spaCy's own, imported on first use."""
    import importlib

    return importlib.import_module(_INFO).info(*args, **kwargs)


def import_spacy() -> types.ModuleType:
    """The `spacy` package; imported here (unless it already was) without importing `spacy.cli`."""
    if "spacy" in sys.modules or _INFO in sys.modules:
        import spacy

        return spacy
    stand_in = types.ModuleType(_INFO, "Stand-in while spaCy is imported (dateline.spacy_import).")
    stand_in.info = _info  # type: ignore[attr-defined]
    sys.modules[_INFO] = stand_in
    try:
        import spacy
    finally:
        if sys.modules.get(_INFO) is stand_in:
            del sys.modules[_INFO]
    return spacy


spacy = import_spacy()
