"""py3langid's model from dateline's cache (`langid_model`) answers exactly as py3langid's own loader, and the cache
is never trusted when it is damaged, stale or half-written.

The whole proof (every T17 dev article and the seeds, raw and cleaned, classify/rank/identify) was run once for the
change that introduced the cache (issue #8 notes); this test keeps the loaders' equality on texts of several
languages and scripts, and the arrays' equality, which covers every text.
"""
from __future__ import annotations

import subprocess
import sys
from array import array
from pathlib import Path

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from dateline import langid_model as lm

TEXTS = [
    "The council voted on Thursday to close the old grain silo, ending a long dispute.",
    "Der Stadtrat stimmte am Donnerstag dafür, den alten Getreidesilo zu schließen.",
    "Le conseil a voté jeudi la fermeture du vieux silo à grains, mettant fin à un long conflit.",
    "Міська рада проголосувала в четвер за закриття старого зерносховища.",
    "市议会周四投票决定关闭旧粮仓，结束了一场长期争端。",
    "مجلس المدينة صوت يوم الخميس على إغلاق صومعة الحبوب القديمة",
    "SHOUTING HEADLINE IN CAPITALS ABOUT THE FLOOD",
    "12 34 -- !!",
    "",
    "a" * 5000,
    "mixed text with émoji 🚀 and numbers 3.14 and a URL https://example.org/x?y=1",
]


@pytest.fixture(scope="module")
def reference():
    """py3langid's own loader, as dateline used it before the cache."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("langid-cache")
    lm.load_model(cache_dir=directory)  # the first load writes the cache
    return directory


def _key() -> str:
    return lm.model_key(lm.model_path())


def _cache_path(directory: Path) -> Path:
    return lm.cache_file(directory, _key())


def test_cached_model_equals_py3langids_arrays(cache_dir):
    cached = lm.read_cache(_cache_path(cache_dir), _key())
    assert cached is not None
    original = lm.load_model_slow(lm.model_path())
    for name, a, b in zip(lm._PARTS, original, cached):
        assert type(a) is type(b), name
        if isinstance(a, np.ndarray):
            assert a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b), name
        elif isinstance(a, array):
            assert a.typecode == b.typecode and a == b, name
        else:
            assert a == b, name


@pytest.mark.parametrize("text", TEXTS)
def test_cached_identifier_answers_as_py3langid(reference, cache_dir, text):
    cached = lm.load_identifier(cache_dir=cache_dir)
    assert cached.classify(text) == reference.classify(text)
    assert cached.classify(text.encode("utf-8")) == reference.classify(text.encode("utf-8"))
    assert cached.rank(text) == reference.rank(text)


def test_dateline_identify_uses_the_same_answers(reference):
    from dateline.language import identify

    text = TEXTS[1]
    lang, prob = reference.classify(text)
    assert identify(text) == (lang, round(float(prob), 4))


@pytest.fixture(scope="module")
def cache_bytes(cache_dir) -> bytes:
    return _cache_path(cache_dir).read_bytes()


@pytest.mark.parametrize("damage", ["bit", "truncate", "empty", "garbage", "header", "magic"])
def test_damaged_cache_is_never_read(tmp_path, cache_bytes, damage):
    middle = len(cache_bytes) // 2
    damaged = {"bit": lambda b: b[:middle] + bytes([b[middle] ^ 0x01]) + b[middle + 1:],  # in the score tables
               "truncate": lambda b: b[:-1000], "empty": lambda b: b"", "garbage": lambda b: b"\x00" * 4096,
               "header": lambda b: b.replace(b'"sha256"', b'"sha257"', 1), "magic": lambda b: b"X" + b[1:]}[damage]
    path = _cache_path(tmp_path)
    path.write_bytes(damaged(cache_bytes))
    assert lm.read_cache(path, _key()) is None


def test_damaged_cache_is_rebuilt(tmp_path, cache_bytes, cache_dir):
    path = _cache_path(tmp_path)
    path.write_bytes(cache_bytes[: len(cache_bytes) // 2])
    model = lm.load_model(cache_dir=tmp_path)
    assert path.read_bytes() == cache_bytes
    good = lm.read_cache(_cache_path(cache_dir), _key())
    assert np.array_equal(model[0], good[0]) and model[3] == good[3]


def test_stale_cache_is_not_read(tmp_path, cache_dir):
    """A cache made for another model file or py3langid version is not read, even under this model's name."""
    model = lm.read_cache(_cache_path(cache_dir), _key())
    path = _cache_path(tmp_path)
    lm.write_cache(path, model, "py3langid-0.0.1-" + "0" * 64)
    assert lm.read_cache(path, _key()) is None
    assert _key().startswith("py3langid-0.4.0-") and _key() != "py3langid-0.0.1-" + "0" * 64


def test_unwritable_cache_dir_falls_back(tmp_path, cache_dir):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    model = lm.load_model(cache_dir=blocked / "cache")
    assert model[2] == lm.read_cache(_cache_path(cache_dir), _key())[2]


def test_two_processes_starting_at_once(tmp_path):
    """Both processes find no cache, both write it (temporary file + os.replace): both load, the cache is whole and
    no temporary file is left behind."""
    code = ("import sys; from pathlib import Path; from dateline import langid_model as lm; "
            "print(lm.load_identifier(cache_dir=Path(sys.argv[1])).classify('The council voted on Thursday.'))")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=120)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert outs[0] == outs[1] and outs[0].startswith("('en',")
    assert [p.name for p in tmp_path.iterdir()] == [_cache_path(tmp_path).name]
    assert lm.read_cache(_cache_path(tmp_path), _key()) is not None


def test_cache_dir_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("DATELINE_CACHE_DIR", str(tmp_path / "mine"))
    assert lm.default_cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("DATELINE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert lm.default_cache_dir() == tmp_path / "xdg" / "dateline"
