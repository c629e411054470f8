"""MinHash signatures and LSH bands, bit for bit those of datasketch 2.0's `MinHash` (default "affine32" scheme)
and `MinHashLSH`, without importing datasketch.

Why: `import datasketch` imports its LSH module, which imports scipy.integrate (to choose bands by numerical
integration): ~0.35 s in every fresh process — a third of what a cold `dateline add` spends on imports — for a
signature that is 15 lines of numpy. The stored sketches of existing stores must stay valid, so the arithmetic is
datasketch's exactly (tests/test_minhash.py compares both on random inputs): sha1 → first 4 bytes little-endian,
the MurmurHash3 32-bit finaliser, then per permutation `a * h + b` in uint32 (wrapping is the modulo 2^32) with
`a` odd and `b` drawn from `numpy.random.RandomState(seed)`, and the minimum over the set.

Bands: `MinHashLSH(threshold, num_perm)` picks (b, r) by integrating false-positive and false-negative rates; the
pairs used by `dedupe` are listed here (checked against datasketch by the tests), others fall back to datasketch.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np

_MAX32 = np.uint32(0xFFFFFFFF)
# datasketch's (threshold, num_perm) -> (bands, rows per band) for the options dateline uses
_KNOWN_BANDS = {(0.15, 128): (51, 2)}


def permutations(num_perm: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) permutation parameters of `datasketch.MinHash(num_perm, seed)` (scheme affine32)."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _fmix32(hv: np.ndarray) -> np.ndarray:
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    return hv ^ (hv >> np.uint32(16))


def signature(values: Iterable[bytes], perms: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """The MinHash signature (uint32, one value per permutation) of a set of byte strings: what
    `MinHash(num_perm, seed).update_batch(values)` leaves in `hashvalues`."""
    a, b = perms
    hashes = np.frombuffer(b"".join(hashlib.sha1(v).digest()[:4] for v in values), dtype="<u4").astype(np.uint32)
    if not len(hashes):
        return np.full(len(a), _MAX32, dtype=np.uint32)
    with np.errstate(over="ignore"):
        phv = _fmix32(hashes).reshape(-1, 1) * a + b
    return np.minimum(phv.min(axis=0), _MAX32)


def bands(threshold: float, num_perm: int) -> list[tuple[int, int]]:
    """The `hashranges` of `MinHashLSH(threshold=threshold, num_perm=num_perm)`: two signatures are candidates when
    they agree on every value of one range."""
    known = _KNOWN_BANDS.get((threshold, num_perm))
    if known is None:  # not a setting dateline uses: let datasketch choose (imports scipy once)
        from datasketch import MinHashLSH

        return list(MinHashLSH(threshold=threshold, num_perm=num_perm).hashranges)
    b, r = known
    return [(i * r, (i + 1) * r) for i in range(b)]
