"""Golden tests of the NLP stage on the five seed articles (gold.json: entities, must_stay_distinct, quotes, modality)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.seeds


def _article_for(path: Path):
    from dateline.ingest import read_inputs
    from dateline.prepare import prepare_article

    raws = [r for r in read_inputs([str(path)]) if hasattr(r, "text")]
    assert raws, f"{path} did not ingest"
    return prepare_article(raws[0])


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path):
    from dateline.analyse import analyse_many
    from dateline.nlp import load_resources

    resources = load_resources()
    paths = sorted(seeds_dir.glob("*.txt"))
    articles = [_article_for(p) for p in paths]
    analyses = list(analyse_many(articles, resources))
    return {p.stem[:3]: (a, an) for p, a, an in zip(paths, articles, analyses)}


@pytest.fixture(scope="module")
def resolution(seeds):
    from dateline.canonical import resolve_entities

    pairs = list(seeds.values())
    return resolve_entities([a for a, _ in pairs], [an for _, an in pairs])


def _entity_with_alias(resolution, alias: str):
    hits = [e for e in resolution.entities if alias in e.aliases or e.name == alias]
    return hits[0] if hits else None


def _occurs(alias: str, texts: list[str], longer: list[str]) -> bool:
    """Whether the alias occurs on its own ("Blinken" alone, not inside "Antony Blinken")."""
    for t in texts:
        for other in sorted(longer, key=len, reverse=True):
            if alias in other and other != alias:
                t = t.replace(other, " ")
        if re.search(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", t):
            return True
    return False


def test_every_gold_alias_that_occurs_is_merged_into_its_entity(seeds, resolution, gold):
    texts = [a.text for a, _ in seeds.values()]
    problems = []
    for ent in gold["entities"]:
        target = _entity_with_alias(resolution, ent["name"]) or _entity_with_alias(resolution, ent["aliases"][0])
        if target is None:
            problems.append(f"no entity for {ent['name']}")
            continue
        if target.type != ent["type"]:
            problems.append(f"{ent['name']}: type {target.type}")
        for alias in ent["aliases"]:
            if _occurs(alias, texts, ent["aliases"]) and alias not in target.aliases:
                problems.append(f"{alias!r} not merged into {ent['name']} (has {target.aliases})")
    assert not problems, "\n".join(problems)


def test_gold_roles_with_keyword_and_as_of(resolution, gold):
    problems = []
    for ent in gold["entities"]:
        if "role_keywords" not in ent:
            continue
        target = _entity_with_alias(resolution, ent["name"])
        assert target is not None, ent["name"]
        good = [r for r in target.roles if any(k in r.role.lower() for k in ent["role_keywords"])]
        if not good:
            problems.append(f"{ent['name']}: roles {target.roles} lack {ent['role_keywords']}")
        elif "as_of" in ent and ent["as_of"] not in {str(r.as_of) for r in good}:
            problems.append(f"{ent['name']}: no role dated {ent['as_of']} in {good}")
    assert not problems, "\n".join(problems)


def test_must_stay_distinct(resolution, gold):
    for a, b in gold["must_stay_distinct"]:
        ea, eb = _entity_with_alias(resolution, a), _entity_with_alias(resolution, b)
        assert ea is not None and eb is not None, (a, b)
        assert ea.id != eb.id, f"{a} and {b} merged into {ea.name}"


def test_byline_author_is_a_person_of_their_own(resolution):
    author = _entity_with_alias(resolution, "Kim Seung-yeon")
    assert author is not None and author.type == "PERSON"
    assert any("byline" in r.role for r in author.roles)


def test_capital_as_place_is_not_the_state(seeds, resolution):
    # 001: "Pyongyang had sent … munitions to Moscow": Moscow is where they went, not Russia acting.
    article, analysis = seeds["001"]
    moscow = [m for m in analysis.mentions if m.text == "Moscow" and "to Moscow" in article.text[m.start - 3 : m.end]]
    assert moscow and moscow[0].key == "Moscow"
    pyongyang = [m for m in analysis.mentions if m.text == "Pyongyang" and m.sentence == moscow[0].sentence]
    assert pyongyang and pyongyang[0].key == "North Korea"


def test_entity_index_maps_every_mention_key(seeds, resolution):
    for article, analysis in seeds.values():
        for m in analysis.mentions:
            assert (article.id, m.key) in resolution.index


def test_001_quotes_attributed_to_joint_statement_and_lim(seeds):
    _, analysis = seeds["001"]
    speakers = {q.speaker for q in analysis.quotes}
    statement_quotes = [q for q in analysis.quotes if q.speaker and "statement" in q.speaker]
    assert len(statement_quotes) >= 4, speakers
    lim = [q for q in analysis.quotes if q.speaker == "Lim Soo-suk"]
    assert any("keep track" in q.text for q in lim), speakers
    it_said = [q for q in analysis.quotes if "human toll" in q.text]
    assert it_said and "statement" in (it_said[0].speaker or ""), "'it said' must resolve to the statement"
    assert all(q.verb for q in statement_quotes)


def test_002_if_russia_supplies_is_conditional(seeds):
    article, analysis = seeds["002"]
    supply = [
        e for e in analysis.events
        if e.trigger == "supply" and "if Russia supplies" in analysis.sentences[e.sentence].text
    ]
    assert supply, [(e.trigger, e.sentence) for e in analysis.events]
    assert all(e.modality == "conditional" for e in supply)
    assert all(e.actor == "Russia" for e in supply)


def test_003_despite_its_denials_marks_a_denial(seeds):
    _, analysis = seeds["003"]
    sent = next(s for s in analysis.sentences if "despite its denials" in s.text)
    events = [e for e in analysis.events if e.sentence == sent.index]
    supplied = [e for e in events if e.trigger == "supply"]
    assert supplied and supplied[0].modality == "denied"
    assert supplied[0].actor == "North Korea"
    assert any(e.event_type == "deny" and e.actor == "North Korea" for e in events)


def test_001_quantity_and_timex_indexes(seeds):
    _, analysis = seeds["001"]
    sent = next(s for s in analysis.sentences if "1,000 containers" in s.text)
    events = [e for e in analysis.events if e.sentence == sent.index]
    assert any(q.value == 1000 and q.unit == "containers" for e in events for q in e.quantities)
    for e in analysis.events:
        for i in e.timex:
            t = analysis.timexes[i]
            s = analysis.sentences[e.sentence]
            assert s.start <= t.start and t.end <= s.end


def test_offsets_are_exact(seeds):
    for article, analysis in seeds.values():
        for s in analysis.sentences:
            assert article.text[s.start : s.end] == s.text
        for m in analysis.mentions:
            assert article.text[m.start : m.end] == m.text
        for q in analysis.quotes:
            assert article.text[q.start : q.end] == q.text


def test_unknown_cascade_or_component_is_a_config_error():
    from dateline.errors import ConfigError
    from dateline.nlp import load_resources

    with pytest.raises(ConfigError):
        load_resources(cascade="turbo")
    with pytest.raises(ConfigError):
        load_resources(components=("ner", "coref"))
