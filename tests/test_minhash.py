"""`dateline.minhash` is datasketch's MinHash and LSH banding bit for bit: stored sketches stay valid."""
from __future__ import annotations

import numpy as np
from datasketch import MinHash, MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline import minhash
from dateline.dedupe import DedupeOptions


def _datasketch(values: list[bytes], num_perm: int, seed: int) -> np.ndarray:
    m = MinHash(num_perm=num_perm, seed=seed)
    m.update_batch(values)
    return m.hashvalues


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=40), max_size=60), st.sampled_from([1, 2, 16, 128]), st.integers(0, 5))
def test_signature_equals_datasketch(values, num_perm, seed):
    ours = minhash.signature(values, minhash.permutations(num_perm, seed))
    theirs = _datasketch(values, num_perm, seed)
    assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs)
    assert ours.astype(np.uint64).tobytes() == theirs.astype(np.uint64).tobytes()  # the stored form


def test_signature_of_real_bigrams_equals_datasketch():
    words = ("the minister said on monday that talks with the union would resume in geneva next week after "
             "a pause of three months").split()
    values = sorted(f"{a} {b}".encode() for a, b in zip(words, words[1:]))
    assert np.array_equal(minhash.signature(values, minhash.permutations(128)), _datasketch(values, 128, 1))


def test_known_bands_are_datasketchs_choice():
    for (threshold, num_perm) in minhash._KNOWN_BANDS:
        assert minhash.bands(threshold, num_perm) == list(MinHashLSH(threshold=threshold,
                                                                     num_perm=num_perm).hashranges)
    options = DedupeOptions()
    assert (options.lsh_threshold, options.num_perm) in minhash._KNOWN_BANDS


def test_other_settings_fall_back_to_datasketch():
    assert minhash.bands(0.5, 64) == list(MinHashLSH(threshold=0.5, num_perm=64).hashranges)
