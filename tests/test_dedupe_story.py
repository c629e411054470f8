import datetime as dt

from hypothesis import given, settings, strategies as st

from dateline.dedupe import containment, find_duplicates, independent_count, is_copy, shingles, source_key
from dateline.records import Dateline
from story_helpers import article

WIRE = ("The flood waters rose overnight across the northern valley, forcing thousands of residents to leave their "
        "homes as emergency crews worked to reinforce the levees near the river town.\n"
        "Officials said the river crested at a record level early on Tuesday and warned that more rain was expected "
        "over the coming days, which could push water into neighbourhoods that had so far stayed dry.\n"
        "The regional governor declared a state of emergency and asked the national government for help with "
        "shelters, drinking water and boats to reach villages that had been cut off by the water.\n"
        "Aid groups said they had set up temporary camps in schools and sports halls on higher ground.\n")
OTHER = ("The flood in the northern valley has revived a debate about building on the river plain, where new "
         "housing estates went up over the last decade despite warnings from planners.\n"
         "Critics said the levees were never designed for the storms that have become common, and that the "
         "regional budget for maintenance was cut twice in recent years.\n"
         "The governor defended the plans and said the emergency response had been fast and well organised.\n")


def test_reedited_wire_copy_is_a_duplicate_of_the_earlier_original():
    copy_text = ("Thousands flee as river bursts\nShare this article\n"
                 + WIRE.replace("said", "stated").replace("homes", "houses").split("\n", 1)[1]
                 + "All rights reserved.\n")
    orig = article("a", WIRE, day=dt.date(2024, 3, 5), outlet="Wire")
    copy = article("b", copy_text, day=dt.date(2024, 3, 6), outlet="Paper")
    other = article("c", OTHER, day=dt.date(2024, 3, 6), outlet="Paper")
    assert find_duplicates([copy, other, orig]) == {"b": "a"}


def test_distinct_articles_on_the_same_topic_are_not_duplicates():
    assert not is_copy(shingles(WIRE), shingles(OTHER))


def test_copies_do_not_count_as_independent_sources():
    a = article("a", WIRE, outlet="Wire")
    b = article("b", WIRE + "Extra line.\n", outlet="Paper")
    c = article("c", OTHER, outlet="Paper2")
    arts = {x.id: x for x in (a, b, c)}
    assert independent_count(["a", "b"], arts, {"b": "a"}) == 1
    assert independent_count(["a", "b", "c"], arts, {"b": "a"}) == 2


def test_plain_files_without_outlet_are_each_their_own_source_and_wire_dateline_wins():
    a, b = article("a", WIRE), article("b", OTHER)
    assert independent_count(["a", "b"], {"a": a, "b": b}, {}) == 2
    import dataclasses
    ap = dataclasses.replace(a, outlet="Daily", dateline=Dateline("SEOUL", "AP", None, None, None, 0, 5))
    assert source_key(ap) == source_key(dataclasses.replace(b, outlet="The Associated Press")) != \
        source_key(dataclasses.replace(b, outlet="Daily"))


def test_one_outlet_never_counts_twice_whatever_its_spelling_and_a_credited_wire_counts_for_the_copy():
    import dataclasses
    a, b, c = article("a", WIRE), article("b", OTHER), article("c", WIRE + "Extra.\n")
    spellings = {"a": dataclasses.replace(a, outlet="Buckeye Herald"),
                 "b": dataclasses.replace(b, outlet="The Buckeye Herald Media Inc.")}
    assert independent_count(["a", "b"], spellings, {}) == 1
    # A republished copy its original is missing for: the paper is its outlet, the credited agency its source.
    copy = dataclasses.replace(c, outlet="Buckeye Herald", wire="Reuters")
    agency = dataclasses.replace(b, outlet="Reuters")
    assert independent_count(["c", "b"], {"c": copy, "b": agency}, {}) == 1
    assert independent_count(["c", "a"], {"c": copy, "a": spellings["a"]}, {}) == 2


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from("alpha beta gamma delta epsilon zeta eta theta".split()), min_size=2, max_size=40),
       st.lists(st.sampled_from("alpha beta gamma delta epsilon zeta eta theta".split()), min_size=2, max_size=40))
def test_containment_is_symmetric_bounded_and_reflexive(a, b):
    sa, sb = shingles(" ".join(a)), shingles(" ".join(b))
    c = containment(sa, sb)
    assert 0.0 <= c <= 1.0 and c == containment(sb, sa)
    assert containment(sa, sa) == 1.0


# -- sketches: `add` finds the copies of new articles from stored sketches ------------------------------------
import random  # noqa: E402

from dateline.dedupe import (_body, candidate_pairs, extend_duplicates, sketch, sketch_pairs)  # noqa: E402

VOCAB = ("flood river levee valley rain residents water shelters governor emergency boats crest breach villages "
         "rescue aid damage planners housing budget storm debate crews schools camps neighbourhoods").split()


def _random_pile(seed: int, n: int = 30) -> list:
    """Random articles, some of them (edited) copies of earlier ones, some short and identical."""
    rng = random.Random(seed)
    arts = []
    for i in range(n):
        roll = rng.random()
        if arts and roll < 0.35:
            base = rng.choice(arts).text.split()
            words = [w if rng.random() > 0.1 else rng.choice(VOCAB) for w in base]
            text = " ".join(words[:max(3, int(len(words) * rng.uniform(0.6, 1.0)))])
        elif roll < 0.45:
            text = "short note on the flood"
        else:
            text = " ".join(rng.choice(VOCAB) for _ in range(rng.randint(20, 80)))
        arts.append(article(f"a{i:02d}", text, day=dt.date(2024, 3, 1) + dt.timedelta(days=rng.randint(0, 9))))
    return arts


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000))
def test_sketch_pairs_are_the_lsh_candidate_pairs(seed):
    arts = _random_pile(seed)
    sets = {a.id: shingles(_body(a)) for a in arts}
    sketches = {a.id: sketch(a) for a in arts}
    assert sketch_pairs(sketches) == candidate_pairs(sets)
    assert find_duplicates(arts, sketches=sketches) == find_duplicates(arts)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 4))
def test_extending_the_copies_one_article_at_a_time_equals_finding_them_at_once(seed, step):
    arts = _random_pile(seed)
    by_id = {a.id: a for a in arts}
    sketches = {a.id: sketch(a) for a in arts}
    pile, copies = arts[:10], find_duplicates(arts[:10])
    for k in range(10, len(arts), step):
        new = arts[k:k + step]
        copies = extend_duplicates(copies, new, {a.id: sketches[a.id] for a in pile + new},
                                   load=lambda ids: {i: by_id[i] for i in ids})
        pile = pile + new
        assert copies == find_duplicates(pile)


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10_000))
def test_the_vectorised_pairs_of_a_few_new_articles_are_the_bucketed_ones(seed):
    from dateline.dedupe import DedupeOptions, _bands, _focus_pairs

    arts = _random_pile(seed, n=60)
    sketches = {a.id: sketch(a) for a in arts}
    focus = {a.id for a in arts[-2:]}
    expected = {p for p in sketch_pairs(sketches) if focus & set(p)}
    assert _focus_pairs(sketches, focus, _bands(DedupeOptions())) == expected
    assert sketch_pairs(sketches, among=focus) == expected  # 2 new of 60: the vectorised path


def test_normalised_words_ascii_fast_path_matches_the_regex():
    # the ASCII path translates bytes instead of running `_WORD`; it must give the regex's words exactly
    import re
    import string

    from dateline.dedupe import _PTB, _WORD, normalised_words

    def reference(text):
        return [w.lower() for w in _WORD.findall(_PTB.sub(" ", text))]

    samples = [string.printable, "".join(map(chr, range(128))), "Snake_case and CamelCase -LRB- x -RRB- 3.5%",
               "U.S.-led\ttalks\x1cend;  AT&T's 2nd-quarter\r\nresults", "", "   ", "_", "a_b__c", "-LRB-", "x-LCB-y"]
    rng = __import__("random").Random(7)
    samples += ["".join(rng.choice(string.printable) for _ in range(200)) for _ in range(200)]
    for text in samples:
        assert text.isascii()
        assert normalised_words(text) == reference(text), text
    assert normalised_words("Café Zürich, NAÏVE") == ["cafe", "zurich", "naive"]  # the non-ASCII path still folds
    assert re.fullmatch(r"[a-z0-9 ]*", " ".join(normalised_words(string.printable)))


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 60))
def test_the_whole_pile_pairs_are_the_bucketed_ones(seed, n):
    # among=every id takes the bucketed path; among=None the sorted-band one
    arts = _random_pile(seed, n=n)
    arts += [article(f"z{i}", arts[0].text) for i in range(seed % 4)]  # larger buckets: exact copies
    sketches = {a.id: sketch(a) for a in arts}
    assert sketch_pairs(sketches) == sketch_pairs(sketches, among=set(sketches))
    assert all(a < b for a, b in sketch_pairs(sketches))


def _copy_pile():
    """Two wire stories with re-edited copies, an unrelated text and two equal short texts."""
    arts = [article("w1", WIRE, day=dt.date(2024, 3, 5)), article("o1", OTHER, day=dt.date(2024, 3, 6)),
            article("s1", "Storm warning.", day=dt.date(2024, 3, 6)), article("s2", "Storm warning!")]
    for k in range(6):
        arts.append(article(f"w{k + 2}", WIRE.replace("said", ["stated", "told", "added"][k % 3]) + f"Update {k}.\n",
                            day=dt.date(2024, 3, 6 + k)))
        arts.append(article(f"o{k + 2}", OTHER + f"Correction {k}: the budget was cut twice.\n",
                            day=dt.date(2024, 3, 4 + k)))
    return arts


def test_pair_checks_in_any_number_of_parts_give_find_duplicates():
    from dateline.dedupe import copies_among, duplicates_of, pair_checks, sketch, sketch_pairs

    arts = _copy_pile()
    sketches = {a.id: sketch(a) for a in arts}
    expected = find_duplicates(arts)
    assert len(expected) == 13  # both copy groups and the short pair: the checks below have copies to find
    assert find_duplicates(arts, sketches=sketches) == expected
    for parts in (1, 2, 3, 50):
        checks = pair_checks(arts, sketches, parts=parts)
        assert len(checks) == min(parts, len(sketch_pairs(sketches)))
        # every candidate pair is checked exactly once, with the body of each article it names
        assert sorted(p for c in checks for p in c.pairs) == sorted(sketch_pairs(sketches))
        assert all(set(c.bodies) == {x for p in c.pairs for x in p} for c in checks)
        copies = [p for c in checks for p in copies_among(c)]
        assert duplicates_of(arts, copies) == expected
        assert duplicates_of(arts, copies[::-1]) == expected  # the order the pairs come back in does not matter


def test_pair_checks_ignore_sketches_of_articles_not_in_the_pile():
    from dateline.dedupe import pair_checks, sketch

    arts = _copy_pile()
    sketches = {a.id: sketch(a) for a in arts}
    checks = pair_checks(arts[:5], sketches, parts=2)
    assert {x for c in checks for p in c.pairs for x in p} <= {a.id for a in arts[:5]}
