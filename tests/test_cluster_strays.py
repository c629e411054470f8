"""An article that shares only a story's setting (its town, county, newspaper, "said") stands apart from it.

QA found an off-topic article dropped into a small pile (a ballpark vote from the same city and paper as a bridge
collapse; a Greek ferry fire among Portuguese port-strike reports) became part of the one story: in a pile of up to
`small_pile` articles any cosine of 0.05 joins, and in larger piles the words no other article uses are pruned
before the vectors are normed, so what is left of an off-topic article is exactly what it shares. The fictional
stories below are made up for these tests.
"""
import datetime as dt
import random

import numpy as np

from dateline.cluster import StoryOptions, cluster_stories
from story_helpers import analysis, article

FIRE = [
    "A fire broke out at the Dunlin Chemicals plant on the north side of Marrow Falls, sending a plume of black "
    "smoke over the river valley.",
    "Fire chief Oskar Vell said crews fought the blaze in the solvent warehouse for six hours before it was "
    "contained.",
    "Two plant workers were treated for burns at Halbrook Memorial Hospital, and residents within a mile were told "
    "to keep windows closed.",
    "The state environmental agency said it was testing the air and the river for solvent runoff from the plant.",
    "Dunlin Chemicals said in a statement that the cause of the fire was under investigation and that it was "
    "cooperating with inspectors.",
    "Inspectors from the state fire marshal's office found that sprinklers in the solvent warehouse had been "
    "switched off for maintenance.",
    "Records show Dunlin Chemicals was fined twice for storing solvent drums too close to the warehouse walls.",
    "Plant manager Greta Solberg told workers the plant would stay closed until the fire marshal finished the "
    "investigation.",
    "Residents packed a meeting at city hall in Marrow Falls to demand answers about the smoke and the runoff.",
    "Oskar Vell said the warehouse roof collapsed during the blaze and firefighters had to pull back from the "
    "building.",
    "The environmental agency later found solvent traces in the river downstream of the Dunlin Chemicals plant.",
    "Greta Solberg apologised to residents and said the company would pay for air filters in nearby homes.",
    "Harnet County prosecutors said they were reviewing the fire marshal's report on the disabled sprinklers.",
]
FIRE_NAMES = {"Dunlin Chemicals": "ORG", "Oskar Vell": "PERSON", "Greta Solberg": "PERSON", "Marrow Falls": "GPE",
              "Harnet County": "GPE", "Halbrook Memorial Hospital": "ORG", "Marrow Falls Gazette": "ORG"}

# Same town, county and paper, "said" and weekdays: none of the fire's actors, events or words.
LIBRARY = (
    "Marrow Falls library to close for a year of renovation\n"
    "By Lena Marsh, Marrow Falls Gazette\n"
    "The Marrow Falls public library will close on Monday for a renovation that will add a lift, a new roof and a "
    "children's reading room to the 1911 building on Elm Street, the city council said on Thursday.\n"
    "The project will cost $3.2 million, shared by the city and Harnet County, and the library is expected to "
    "reopen next spring.\n"
    "\"Generations of readers have outgrown these rooms,\" said head librarian Ines Oduya, who said the book "
    "collection would move to a temporary branch in the old post office on Mill Road.\n"
    "Council member Peter Ambrose, who voted against the plan, said the city should have waited for a state "
    "heritage grant. Story hours and the summer reading club will continue at the temporary branch.\n"
    "© Marrow Falls Gazette\n")
LIBRARY_NAMES = {"Marrow Falls": "GPE", "Harnet County": "GPE", "Ines Oduya": "PERSON", "Peter Ambrose": "PERSON",
                 "Marrow Falls Gazette": "ORG"}

# Weeks later, other words (settlement, families, compensation), the same actors.
AFTERMATH = (
    "Chemical company settles with families two months after plant blaze\n"
    "Dunlin Chemicals agreed on Friday to pay $4 million to families in Marrow Falls whose homes were filled with "
    "smoke, ending a lawsuit over the blaze at its plant.\n"
    "Under the settlement, approved by a Harnet County judge, each household will receive compensation and the "
    "company will fund health checks for two years.\n"
    "Plant manager Greta Solberg said the company had rebuilt the solvent warehouse with new sprinklers. Fire chief "
    "Oskar Vell said the plant passed its final inspection last week.\n"
    "Lawyers for the families said the agreement did not settle claims by the two injured workers.\n")


def _fire_article(aid: str, rng: random.Random, day: dt.date, *, lines: int = 6):
    text = "Marrow Falls Gazette\n" + "\n".join(rng.sample(FIRE, lines)) + "\n"
    return article(aid, text, day=day)


def _fire_pile(n: int, seed: int = 3, start: dt.date = dt.date(2025, 5, 6)):
    rng = random.Random(seed)
    return [_fire_article(f"fire{i}", rng, start + dt.timedelta(days=2 * i)) for i in range(n)]


def _analyses(arts, names=None):
    return {a.id: analysis(a, names=names or {**FIRE_NAMES, **LIBRARY_NAMES}) for a in arts}


def _story_of(stories):
    return {aid: s.id for s in stories for aid in s.article_ids}


def test_an_article_sharing_only_the_town_and_paper_stands_apart_in_a_small_pile():
    arts = _fire_pile(6) + [article("library", LIBRARY, day=dt.date(2025, 5, 9))]
    analyses = _analyses(arts)
    stories = cluster_stories(arts, analyses)
    of = _story_of(stories)
    assert len({of[f"fire{i}"] for i in range(6)}) == 1, "the fire reports are one story"
    assert of["library"] != of["fire0"]
    assert sorted(len(s.article_ids) for s in stories) == [1, 6]
    # what QA saw: without the test the small pile's join threshold takes it in
    before = _story_of(cluster_stories(arts, analyses, options=StoryOptions(stray=0)))
    assert before["library"] == before["fire0"]


def test_it_stands_apart_in_a_larger_pile_too():
    # more than `small_pile` originals: rare words pruned, `max_df` applies, join at 0.1
    arts = _fire_pile(16, seed=5) + [article("library", LIBRARY, day=dt.date(2025, 5, 20))]
    analyses = _analyses(arts)
    of = _story_of(cluster_stories(arts, analyses))
    assert len({of[f"fire{i}"] for i in range(16)}) == 1
    assert of["library"] != of["fire0"]
    before = _story_of(cluster_stories(arts, analyses, options=StoryOptions(stray=0)))
    assert before["library"] == before["fire0"]


def test_genuine_coverage_stays_one_story_weeks_apart_and_in_other_words():
    arts = _fire_pile(5) + [article("after", AFTERMATH, day=dt.date(2025, 7, 11))]
    stories = cluster_stories(arts, _analyses(arts))
    assert len(stories) == 1
    # and without entity analyses (words alone), and when the story is larger
    assert len(cluster_stories(arts)) == 1
    more = _fire_pile(15, seed=8) + [article("after", AFTERMATH, day=dt.date(2025, 7, 11))]
    assert len(cluster_stories(more, _analyses(more))) == 1


def test_a_brief_is_not_judged_off_topic():
    # a one-line brief fits its story badly because it is short, not because it is about something else
    brief = article("brief", "Marrow Falls Gazette\nPlant fire: road to the north side reopened, city says.\n",
                    day=dt.date(2025, 5, 9))
    arts = _fire_pile(6) + [brief]
    analyses = _analyses(arts)
    of = _story_of(cluster_stories(arts, analyses))
    assert of["brief"] == of["fire0"]
    strict = StoryOptions(stray_terms=0, stray_enough=1.0)
    assert _story_of(cluster_stories(arts, analyses, options=strict))["brief"] != of["fire0"]


def test_member_fits_are_leave_one_out_cosines_of_the_fit_rows_times_their_share():
    from dateline.cluster import _documents_of, _member_fits, _tfidf

    arts = _fire_pile(14, seed=2) + [article("library", LIBRARY, day=dt.date(2025, 5, 9))]
    docs = _documents_of(arts, _analyses(arts), None, StoryOptions())
    vectors = _tfidf(docs, small=False, options=StoryOptions())
    fit, unit = vectors.fit.toarray().astype(np.float64), vectors.unit.toarray().astype(np.float64)
    rows = np.arange(len(arts))
    fits = _member_fits(vectors.fit, vectors.share, rows)
    for i in rows:
        rest = fit[rows != i].sum(axis=0)
        assert np.isclose(fits[i], vectors.share[i] * fit[i] @ rest / np.linalg.norm(rest), atol=1e-5)
    # no `max_df` in the fit rows (the words every fire report uses are what the story is about): they are the
    # clustering's unit rows with those words added
    assert vectors.fit.shape[1] > vectors.unit.shape[1]
    assert np.all(np.linalg.norm(fit, axis=1) > 1.0) and np.allclose(np.linalg.norm(unit, axis=1), 1.0, atol=1e-5)
    # the library is mostly words no fire report uses
    assert np.all(vectors.share <= 1.0) and vectors.share[-1] < 0.5 < vectors.share[:-1].min()


def test_the_unit_rows_are_the_vectorizers_bit_for_bit():
    # clustering itself must not move: `unit` is what TfidfVectorizer(min_df=2, max_df) gave, entry order included
    from sklearn.feature_extraction.text import TfidfVectorizer

    from dateline.cluster import _documents_of, _tfidf

    arts = _fire_pile(14, seed=2) + [article("library", LIBRARY)]
    options = StoryOptions()
    docs = _documents_of(arts, _analyses(arts), None, options)
    for small, pile in ((False, docs), (True, docs[:8])):
        vec = TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+", lowercase=False, dtype=np.float32,
                              min_df=1 if small else 2, max_df=1.0 if small else options.max_df)
        old = vec.fit_transform(pile).tocsr()
        new = _tfidf(pile, small=small, options=options).unit
        assert new.shape == old.shape and new.dtype == old.dtype
        for a, b in ((new.indptr, old.indptr), (new.indices, old.indices), (new.data, old.data)):
            assert np.array_equal(a, b)


def test_dateline_add_keeps_an_off_topic_article_out_of_the_story_and_places_genuine_ones():
    from dateline.cluster import count_articles, place_article, story_index

    arts = _fire_pile(7)
    analyses = _analyses(arts)
    stories = cluster_stories(arts, analyses)
    index = story_index(arts, analyses, stories, duplicates={})
    (sid,) = index["stories"]
    assert 0 < index["stories"][sid]["typical"] < 1
    library = article("library", LIBRARY, day=dt.date(2025, 5, 9))
    after = article("after", AFTERMATH, day=dt.date(2025, 7, 11))
    new = {a.id: analysis(a, names={**FIRE_NAMES, **LIBRARY_NAMES}) for a in (library, after)}
    count_articles(index, [library, after], new)
    assert place_article(index, library, new["library"], counted=True) is None
    assert place_article(index, after, new["after"], counted=True) == sid
    # an index without the typical fit (made before it existed) places as before
    old = story_index(arts, analyses, stories, duplicates={})
    del old["stories"][sid]["typical"]
    assert place_article(old, library, new["library"]) == sid


def test_the_index_typical_fit_is_the_clusterings_median_member_fit():
    from dateline.cluster import _documents_of, _member_fits, _tfidf, story_index

    for n in (7, 16):  # a small pile and a larger one (pruned words)
        arts = _fire_pile(n, seed=n)
        analyses = _analyses(arts)
        stories = cluster_stories(arts, analyses)
        assert len(stories) == 1
        index = story_index(arts, analyses, stories, duplicates={})
        docs = _documents_of(arts, analyses, None, StoryOptions())
        vectors = _tfidf(docs, small=n <= StoryOptions().small_pile, options=StoryOptions())
        median = float(np.median(_member_fits(vectors.fit, vectors.share, np.arange(n))))
        assert np.isclose(index["stories"][stories[0].id]["typical"], median, atol=1e-4)


def test_the_index_rows_are_the_unit_vector_and_fit_parts():
    from collections import Counter

    from dateline.cluster import _fit_parts, _idf, _index_rows, _unit_vector

    options = StoryOptions()
    df = Counter({"a": 1, "b": 2, "c": 7, "d": 30, "e": 3, "f": 38})
    tf = Counter({"a": 1, "b": 3, "c": 2, "d": 1, "e": 5, "f": 2})
    for n in (5, 12, 13, 40):  # small piles keep every word; in larger ones "a" (one article) and "d", "f" drop
        idf = {t: _idf(d, n, options) for t, d in df.items()}
        unit, extra, share = _index_rows(tf, df, n, options, idf)
        assert unit == _unit_vector(tf, df, n, options, idf)  # bit for bit: the centroid sums must not move
        fit_extra, fit_share, count = _fit_parts(tf, df, n, options)
        assert extra.keys() == fit_extra.keys() and count == len(tf)
        assert all(np.isclose(extra[t], fit_extra[t]) for t in extra) and np.isclose(share, fit_share)
        assert (share == 1.0 and not extra) if n <= options.small_pile else (share < 1.0 and set(extra) == {"d", "f"})
