"""Loading spaCy faster changes nothing it loads: `spacy_import` (spaCy without its command line) and
`nlp.load_pipeline` (no throw-away default tokenizer) give the pipeline `spacy.load` gives, byte for byte."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dateline.nlp import _ALL_PIPES, _PARSER_PIPES, MODEL, load_pipeline

TEXTS = [
    "WASHINGTON (AP) — The U.S. Senate voted 52-48 on Tuesday, Jan. 2, 2024, to approve the bill; Sen. Smith didn't "
    "agree. \"We can't wait,\" she said at 3:30 p.m. E.T. in New York.",
    "BP's Deepwater Horizon rig exploded on April 20, 2010, killing 11 workers off Louisiana's coast.",
    "Dr. Ahmed O'Neill-Jones, 45, said the U.N. mission (UNAMI) would e-mail its report to the Iraqi gov't by "
    "mid-2008 -- or later.",
]


def test_spacy_import_skips_spacys_command_line():
    code = """
import json, sys
from dateline.spacy_import import spacy
before = {m: m in sys.modules for m in ("spacy.cli", "spacy.cli.info", "weasel", "requests", "httpx", "jinja2")}
assert callable(spacy.info) and spacy.load
import spacy.cli
from spacy.cli.info import info, info_cli
after = {"cli_info_is_real": spacy.cli.info is info and sys.modules["spacy.cli.info"].info_cli is info_cli,
         "spacy_info_works": spacy.info(silent=True)["spacy_version"] == spacy.__version__}
print(json.dumps({"before": before, "after": after}))
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    assert not any(result["before"].values()), result["before"]
    assert all(result["after"].values()), result["after"]


def _state(nlp) -> dict:
    """Everything a loaded pipeline holds that could change what it outputs."""
    lexemes = sorted((lex.orth, lex.orth_, lex.norm_, lex.lower_, lex.shape_, lex.prefix_, lex.suffix_, lex.is_stop,
                      lex.like_num, lex.is_alpha, lex.lang_, lex.cluster, lex.prob, lex.rank) for lex in nlp.vocab)
    return {
        "pipes": list(nlp.pipe_names),
        "tokenizer": nlp.tokenizer.to_bytes(),
        "faster_heuristics": nlp.tokenizer.faster_heuristics,
        "components": {name: pipe.to_bytes(exclude=["vocab"]) for name, pipe in nlp.pipeline},
        "lexemes": lexemes,
        "strings": sorted(nlp.vocab.strings),
        "lookups": nlp.vocab.lookups.to_bytes(),
        "vectors": nlp.vocab.vectors.to_bytes(),
    }


def _outputs(nlp) -> list:
    return [[(t.text, t.idx, t.norm_, t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in doc]
            for doc in nlp.pipe(TEXTS)]


@pytest.mark.parametrize("keep", [("ner",), _PARSER_PIPES + ("ner",)], ids=["fast", "full"])
def test_load_pipeline_equals_spacy_load(keep):
    from dateline.spacy_import import spacy

    exclude = [p for p in _ALL_PIPES if p not in keep]
    ours = load_pipeline(MODEL, exclude=exclude)
    theirs = spacy.load(MODEL, exclude=exclude)
    assert _state(ours) == _state(theirs)
    assert _outputs(ours) == _outputs(theirs)
    assert _state(ours) == _state(theirs)  # and after use (the vocabulary grows with the texts)
