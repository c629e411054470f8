"""Content-word stems of a text: the shared vocabulary measure of the story stages (event and article similarity)."""
from __future__ import annotations

from dateline.dedupe import normalised_words

_STOP = frozenset("""that this with from have were been their there which would could about after before also into
than then them they what when where while will said says told according other more most some such these those
over under very just only being does done very many much""".split())


def content_stems(text: str) -> frozenset[str]:
    """Six-letter prefixes of the text's longer non-stop words (a cheap, language-light stemmer)."""
    return frozenset(w[:6] for w in normalised_words(text) if len(w) > 3 and w not in _STOP)
