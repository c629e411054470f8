import datetime as dt

from dateline.cluster import cluster_stories
from dateline.eval.cluster import bcubed
from story_helpers import article

FLOOD = ["flood river levee valley rain evacuation residents water shelters governor emergency boats",
         "river crest flood levee breach valley villages water rescue boats shelters rain",
         "flood victims shelters valley water governor aid rain levee river damage"]
VOTE = ["election parliament ballot candidates campaign polls turnout voters coalition party",
        "parliament election results coalition party seats voters ballot count turnout",
        "campaign candidates debate election polls party coalition voters parliament"]


def _pile(n_repeat=5):
    arts = []
    for k in range(n_repeat):
        for i, words in enumerate(FLOOD):
            arts.append(article(f"f{k}{i}", f"{words} report {k} {i}\n" * 3, day=dt.date(2024, 3, 1 + k)))
        for i, words in enumerate(VOTE):
            arts.append(article(f"v{k}{i}", f"{words} story {k} {i}\n" * 3, day=dt.date(2024, 3, 2 + k)))
    return arts


def test_two_stories_in_one_pile_are_recovered():
    arts = _pile()
    stories = cluster_stories(arts)
    pred = {a: s.id for s in stories for a in s.article_ids}
    gold = {a.id: a.id[0] for a in arts}
    assert bcubed(gold, pred)[2] > 0.95
    assert sorted(len(s.article_ids) for s in stories) == [15, 15]


def test_copies_join_their_original_and_ids_are_stable():
    arts = _pile(2)
    stories = cluster_stories(arts, duplicates={"f01": "f00"})
    story_of = {a: s.id for s in stories for a in s.article_ids}
    assert story_of["f01"] == story_of["f00"]
    assert cluster_stories(arts, duplicates={"f01": "f00"}) == stories


def test_existing_stories_keep_their_ids_when_articles_are_added():
    arts = _pile(2)
    first = cluster_stories(arts)
    more = arts + [article("f99", FLOOD[0] + " more\n" * 2, day=dt.date(2024, 3, 9))]
    second = cluster_stories(more, existing=first)
    assert {s.id for s in first} <= {s.id for s in second}


def test_bcubed_perfect_and_all_in_one():
    gold = {"a": 1, "b": 1, "c": 2}
    assert bcubed(gold, {"a": "x", "b": "x", "c": "y"}) == (1.0, 1.0, 1.0)
    p, r, _ = bcubed(gold, {"a": "x", "b": "x", "c": "x"})
    assert r == 1.0 and p < 1.0


def test_the_story_index_places_a_new_article_in_its_story_and_founds_new_ones():
    from dateline.cluster import place_article, story_index

    arts = _pile(3)
    stories = cluster_stories(arts)
    index = story_index(arts, {}, stories, duplicates={})
    story_of = {a: s.id for s in stories for a in s.article_ids}
    flood = article("f99", FLOOD[1] + " later report\n" * 2, day=dt.date(2024, 3, 6))
    assert place_article(index, flood, None) == story_of["f00"]
    vote = article("v99", VOTE[2] + " later story\n" * 2, day=dt.date(2024, 3, 6))
    assert place_article(index, vote, None) == story_of["v00"]
    assert index["n"] == len(arts) + 2
    other = article("x99", "orchestra symphony concert violin conductor premiere audience applause\n" * 2,
                    day=dt.date(2024, 3, 6))
    assert place_article(index, other, None) is None  # nothing like it: a story of its own
    assert len(index["stories"]) == 3


def test_the_story_index_centroid_norm_is_kept_exactly():
    import math

    from dateline.cluster import story_index

    arts = _pile(2)
    stories = cluster_stories(arts)
    index = story_index(arts, {}, stories, duplicates={})
    for entry in index["stories"].values():
        assert math.isclose(entry["norm2"], sum(w * w for w in entry["sum"].values()), rel_tol=1e-9)


def test_the_vendored_stop_words_are_scikit_learns():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from dateline.cluster import ENGLISH_STOP_WORDS as ours

    assert ours == ENGLISH_STOP_WORDS


def test_precomputed_documents_give_the_same_stories_and_index_and_are_used():
    from dateline.cluster import article_documents, story_index

    arts = _pile(3)
    dups = {"f01": "f00"}
    docs = article_documents(arts, {})
    stories = cluster_stories(arts, duplicates=dups)
    assert cluster_stories(arts, duplicates=dups, documents=docs) == stories
    assert story_index(arts, {}, stories, duplicates=dups, documents=docs) == story_index(arts, {}, stories,
                                                                                           duplicates=dups)
    # a partial mapping is completed, and the given documents are what is clustered
    assert cluster_stories(arts, duplicates=dups, documents={"f00": docs["f00"]}) == stories
    merged = {aid: "same words everywhere" for aid in docs}
    assert len(cluster_stories(arts[:12], documents=merged)) == 1  # a small pile: no word is pruned
    index = story_index(arts, {}, stories, duplicates=dups, documents=merged)
    assert set(index["df"]) == {"same", "words", "everywhere"}


def test_unit_vector_with_precomputed_idf_is_bit_identical():
    from collections import Counter

    from dateline.cluster import StoryOptions, _idf, _unit_vector

    options = StoryOptions()
    df = Counter({"a": 1, "b": 2, "c": 7, "d": 30, "e": 3})
    for n in (5, 12, 13, 40):  # small and larger piles: in larger ones rare and very common words drop out
        idf = {t: _idf(d, n, options) for t, d in df.items()}
        tf = Counter({"a": 1, "b": 3, "c": 2, "d": 1, "e": 5})
        assert _unit_vector(tf, df, n, options, idf) == _unit_vector(tf, df, n, options)
    assert set(_unit_vector(tf, df, 40, options)) == {"b", "c", "e"}
    assert set(_unit_vector(tf, df, 12, options)) == set(tf)


def test_story_norms_taken_row_by_row_equal_the_batch_norms_bit_for_bit():
    # `_assign` renorms only the stories that changed; that is exact only if a row's norm does not depend on the
    # other rows reduced with it
    import numpy as np

    rng = np.random.default_rng(3)
    for width in (1, 7, 130, 5000, 20011):
        m = (rng.random((37, width)) * (rng.random((37, width)) < 0.3)).astype(np.float32)
        batch = np.linalg.norm(m, axis=1)
        for rows in ([0], [5, 9, 36], list(range(0, 37, 4))):
            assert np.array_equal(np.linalg.norm(m[rows], axis=1), batch[rows])
        assert np.linalg.norm(m[:1], axis=1).dtype == batch.dtype == np.float32


def test_entity_tokens_with_a_shared_name_table_are_the_plain_ones():
    from dateline.cluster import entity_tokens
    from dateline.records import Analysis, Mention

    fields = Mention.__dataclass_fields__
    assert {"label", "text", "key"} <= set(fields)

    def mention(text, label, key=None):
        values = {f: None for f in fields}
        values.update(text=text, label=label, key=key)
        return Mention(**values)

    first = Analysis(**{**{f: () for f in Analysis.__dataclass_fields__},
                        "mentions": (mention("U.S.", "GPE"), mention("Hamas", "ORG", "hamas_movement"),
                                     mention("--", "ORG"), mention("Monday", "DATE"), mention("U.S.", "GPE"))})
    names: dict = {}
    plain = entity_tokens(first)
    assert plain == ["ent_u_s", "ent_hamas_movement", "ent_u_s"]
    assert entity_tokens(first, names=names) == plain and names["--"] == ""
    assert entity_tokens(first, names=names) == plain  # second time from the table


def test_article_documents_from_words_worked_out_elsewhere_are_the_same():
    from dateline.cluster import StoryOptions, article_documents, document_words
    from story_helpers import analysis

    arts = _pile(1) + [article("e", "The the and of.\n"), article("n", "")]
    names = {"river": "GPE", "governor": "PERSON", "party": "ORG", "the": "NORP"}
    analyses = {a.id: analysis(a, names=names) for a in arts}
    words = {a.id: document_words(a, max_words=StoryOptions().max_words) for a in arts}
    assert words["e"] == "" and analyses["e"].mentions  # a document of entity tokens only
    assert article_documents(arts, analyses, words=words) == article_documents(arts, analyses)
    assert article_documents(arts, words=words) == article_documents(arts)
    docs = article_documents(arts, analyses, words=words)
    assert docs["f00"].split().count("ent_river") == 2 * 3  # each mention's token twice
    assert docs["e"] == "ent_the ent_the" and docs["n"] == ""  # no stray separator where a half is empty


def test_a_wide_content_estimate_does_not_date_an_article_for_story_clustering():
    import dataclasses

    from dateline.cluster import _day
    from dateline.records import DateWindow, PubDate

    def dated(w: DateWindow):
        return dataclasses.replace(article("x", "text\n"), pub_date=PubDate(w, "test"))

    real = DateWindow("2010-05-03", "day", dt.date(2010, 5, 3), dt.date(2010, 5, 3))
    assert _day(dated(real)) == dt.date(2010, 5, 3).toordinal()
    # "on or after the 2005 it mentions": no day at all, the article joins on its words
    wide = DateWindow(None, "approximate", dt.date(2005, 1, 1), dt.date(2007, 12, 31), True)
    assert _day(dated(wide)) is None
    # a narrow estimate (three days from its story) is as good as a day: its middle
    narrow = DateWindow(None, "approximate", dt.date(2010, 5, 2), dt.date(2010, 5, 4), True)
    assert _day(dated(narrow)) == dt.date(2010, 5, 3).toordinal()
    assert _day(article("y", "text\n")) is None


def test_story_titles_are_cut_at_a_word_with_an_ellipsis():
    from dateline.cluster import _shortened
    line = "No oil appeared to be leaking from a drilling rig that exploded and sank in the Gulf of Mexico, " * 3
    cut = _shortened(line, 160)
    assert len(cut) <= 160 and cut.endswith("…") and line.startswith(cut[:-1]) and cut[-2] != " "
    assert line[len(cut) - 1] in " ,"
    assert _shortened("A short headline", 160) == "A short headline"
