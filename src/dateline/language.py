"""Language identification with py3langid (naive Bayes over byte n-grams; deterministic).

`identify(text) -> (ISO 639-1 code, probability)`; the probability is normalised over all of py3langid's
languages. Text with too few letters to judge gives (None, None).
"""
from __future__ import annotations

from functools import lru_cache

# A few paragraphs settle the language; the cut keeps identification ~10x cheaper on long articles.
_MAX_CHARS = 3_000
_MIN_LETTERS = 12


@lru_cache(maxsize=1)
def _identifier():
    """The py3langid model with normalised probabilities, loaded once (read-only afterwards). It comes from an
    uncompressed, digest-checked copy of py3langid's model (`langid_model`): decompressing the model file was ~0.4 CPU
    s of every fresh process; the identifier and its answers are the same."""
    from dateline.langid_model import load_identifier

    return load_identifier(norm_probs=True)


def identify(text: str) -> tuple[str | None, float | None]:
    """(language, probability in [0, 1]) for `text`, or (None, None) when it has fewer than 12 letters."""
    sample = text[:_MAX_CHARS]
    if sum(1 for ch in sample if ch.isalpha()) < _MIN_LETTERS:
        return None, None
    lang, prob = _identifier().classify(sample)
    return str(lang), round(min(1.0, max(0.0, float(prob))), 4)
