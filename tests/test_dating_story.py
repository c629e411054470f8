import dataclasses
import datetime as dt

from hypothesis import given, strategies as st
import numpy as np

from dateline.records import DateWindow, TimeExpr
from dateline.story_dating import (DatingOptions, densest_run, estimate_window, evidence, retag, shortest_window,
                                   window_of)
from story_helpers import analysis, article, timex

LEAD = "Countries condemned the transfers in a joint statement published by their foreign ministers. " * 4
UNDATED = LEAD + ("\nWeapons were used against the city on December 30 and January 2.\n"
                  "Reports had surfaced as early as 2022.\n")
NARROW = DatingOptions(mass=0.9)
STORY = [dt.date(2023, 9, 3), dt.date(2023, 10, 26), dt.date(2024, 6, 24)]


def _undated():
    art = article("u", UNDATED)
    tx = [timex(UNDATED, "December 30", "XXXX-12-30", None, anchor="dct"),
          timex(UNDATED, "January 2", "XXXX-01-02", None, anchor="dct"),
          timex(UNDATED, "2022", "2022", DateWindow("2022", "year", dt.date(2022, 1, 1), dt.date(2022, 12, 31)))]
    return art, analysis(art, timexes=tx)


def _dense_story(start: dt.date, days: int) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range(days) for _ in range(3)]


def test_year_of_month_day_mentions_comes_from_the_story_and_window_follows_the_latest_event():
    art, an = _undated()
    w, why = estimate_window(art, an, STORY)
    assert w.estimated and w.earliest == dt.date(2024, 1, 2)
    assert dt.date(2024, 1, 9) <= w.latest <= dt.date(2024, 1, 31)
    assert "body" in why


def test_story_in_an_earlier_year_moves_the_estimate():
    art, an = _undated()
    w, _ = estimate_window(art, an, [d.replace(year=d.year - 1) for d in STORY])
    assert w.earliest == dt.date(2023, 1, 2)


def test_a_lead_stamp_whose_year_the_tagger_left_apart_dates_the_article_to_the_day():
    text = "MEXICO CITY | Mon May 24 , 2010 4:56 pm EDT MEXICO CITY (Reuters) - BP said on Monday it would try again.\n"
    art = article("u", text)
    an = analysis(art, timexes=[timex(text, "May 24", "XXXX-05-24", None, anchor="dct"),
                                timex(text, "Monday", "XXXX-WXX-1", None, anchor="dct")])
    assert evidence(text, an.timexes).head_days == (dt.date(2010, 5, 24),)
    w, _ = estimate_window(art, an, _dense_story(dt.date(2010, 4, 20), 120))
    assert w.earliest <= dt.date(2010, 5, 24) <= w.latest and w.width_days <= 3


def test_a_lead_date_gives_a_window_from_that_day_narrower_than_the_same_date_deep_in_the_body():
    text = "Oil reached the coast on June 3 as crews worked through the night.\n"
    art = article("u", text)
    an = analysis(art, timexes=[timex(text, "June 3", "XXXX-06-03", None, anchor="dct")])
    story = _dense_story(dt.date(2010, 4, 20), 200)
    lead, _ = estimate_window(art, an, story, options=NARROW)
    assert lead.earliest == dt.date(2010, 6, 3) and lead.width_days <= 7
    deep = LEAD + "\n" + text
    art2 = article("v", deep)
    body, why = estimate_window(art2, analysis(art2, timexes=[timex(deep, "June 3", "XXXX-06-03", None, anchor="dct")]),
                                story, options=NARROW)
    assert "body" in why and body.width_days > lead.width_days


def test_a_planned_date_is_no_lower_bound():
    text = "The president will meet the governors on May 20 to discuss the spill.\n"
    art = article("u", text)
    an = analysis(art, timexes=[timex(text, "May 20", "XXXX-05-20", None, anchor="dct")])
    ev = evidence(text, an.timexes)
    assert dataclasses.replace(ev, planned_month_days=()) == evidence(text, ())  # no lower bound, no dated lead
    assert ev.planned_month_days == ((5, 20),)  # but an upper-side cue
    reported = text.replace("will meet", "met")
    an2 = analysis(article("v", reported), timexes=[timex(reported, "May 20", "XXXX-05-20", None, anchor="dct")])
    assert evidence(reported, an2.timexes).head_month_days == ((5, 20),)


def test_weekdays_split_into_reported_and_planned():
    text = "The company said on Tuesday that it will resume drilling on Friday.\n"
    tx = [timex(text, "Tuesday", "XXXX-WXX-2", None, anchor="dct"),
          timex(text, "Friday", "XXXX-WXX-5", None, anchor="dct")]
    ev = evidence(text, tx)
    assert ev.past_weekdays == frozenset({2}) and ev.planned_weekdays == frozenset({5})


def test_a_reported_weekday_narrows_the_window_towards_that_weekday():
    text = "The company said on Tuesday that the leak had slowed.\n"
    art = article("u", text)
    an = analysis(art, timexes=[timex(text, "Tuesday", "XXXX-WXX-2", None, anchor="dct")])
    story = _dense_story(dt.date(2010, 4, 20), 120)
    near = [dt.date(2010, 6, 8), dt.date(2010, 6, 9), dt.date(2010, 6, 10)]  # Tue, Wed, Thu
    wide = DatingOptions(day_share=1.1)  # the shortest window holding `mass`, never the three-day one
    with_day, _ = estimate_window(art, an, story, similar_dates=near, options=wide)
    without, _ = estimate_window(art, analysis(art), story, similar_dates=near, options=wide)
    assert with_day.width_days < without.width_days
    assert with_day.earliest <= dt.date(2010, 6, 8) <= with_day.latest
    three_days, why = estimate_window(art, an, story, similar_dates=near)
    assert three_days.width_days == 3 and three_days.earliest <= dt.date(2010, 6, 8) <= three_days.latest
    assert "weekdays" in why


def test_without_dated_mentions_the_window_follows_the_most_similar_dated_articles():
    art = article("u", "No dates here at all.\n")
    near = [dt.date(2023, 10, 26), dt.date(2023, 10, 27)]
    story = _dense_story(dt.date(2023, 9, 1), 120)
    w, _ = estimate_window(art, analysis(art), story, similar_dates=near,
                           options=DatingOptions(default_similarity=0.6))
    assert w.estimated and w.earliest <= near[0] and near[-1] <= w.latest and w.width_days < 30
    assert estimate_window(art, analysis(art), [], similar_dates=[]) is None


@given(st.lists(st.floats(min_value=0.0, max_value=10.0), min_size=1, max_size=40),
       st.floats(min_value=0.05, max_value=1.0))
def test_shortest_window_holds_the_mass_and_no_shorter_run_does(weights, mass):
    score = np.array(weights) + 1e-3
    p = np.arange(100, 100 + len(score))
    lo, hi = shortest_window(p, score, mass)
    share = score / score.sum()
    assert share[lo - 100:hi - 100 + 1].sum() >= mass - 1e-9
    width = hi - lo + 1
    for i in range(len(score) - width + 2):
        assert share[i:i + width - 1].sum() < mass - 1e-9 or width == 1


@given(st.lists(st.floats(min_value=0.0, max_value=10.0), min_size=1, max_size=40), st.integers(1, 6))
def test_densest_run_holds_the_most_of_any_run_of_its_length(weights, days):
    score = np.array(weights) + 1e-3
    p = np.arange(100, 100 + len(score))
    lo, hi, held = densest_run(p, score, days)
    share = score / score.sum()
    span = min(days, len(score))
    assert hi - lo + 1 == span and abs(share[lo - 100:hi - 100 + 1].sum() - held) < 1e-9
    assert all(share[i:i + span].sum() <= held + 1e-9 for i in range(len(score) - span + 1))


def test_the_window_is_three_days_when_they_hold_the_day_share_and_wide_otherwise():
    p = np.arange(1000, 1100)
    options = DatingOptions(day_span=3, day_share=0.75, mass=0.99, sparse_mass=0.9)
    peaked = np.full(100, 0.2 / 97)
    peaked[40:43] = 0.8 / 3
    lo, hi, held = window_of(p, peaked, sparse=False, options=options)
    assert (lo, hi) == (1040, 1042) and abs(held - 0.8) < 1e-9
    spread = np.full(100, 0.3 / 97)
    spread[40:43] = 0.7 / 3  # three days hold 70 %, short of the day share: the window holds `mass`
    lo, hi, held = window_of(p, spread, sparse=False, options=options)
    assert held == 0.99 and hi - lo + 1 > 3 and lo <= 1040 and 1042 <= hi
    # a sparse story keeps the shortest run of its own mass, however peaked
    lo, hi, held = window_of(p, peaked, sparse=True, options=options)
    assert held == 0.9 and hi - lo + 1 > 3


def test_densest_run_takes_the_earliest_of_equal_runs():
    p = np.arange(10, 20)
    assert densest_run(p, np.ones(10), 1)[:2] == (10, 10)
    assert densest_run(p, np.ones(10), 3)[:2] == (10, 12)


def test_the_day_share_is_a_floor_it_may_equal_and_a_stamp_keeps_its_one_day_window():
    p = np.arange(1000, 1100)
    options = DatingOptions(day_span=3, day_share=0.5, mass=0.99)
    score = np.full(100, 0.5 / 97)
    score[40:43] = 0.5 / 3
    held = densest_run(p, score, 3)[2]
    assert abs(held - 0.5) < 1e-9
    assert window_of(p, score, sparse=False, options=dataclasses.replace(options, day_share=held)) == (1040, 1042, held)
    assert window_of(p, score, sparse=False, options=dataclasses.replace(options, day_share=held + 1e-9))[2] == 0.99
    stamp = np.full(100, 1e-9)
    stamp[50] = 1.0
    assert window_of(p, stamp, sparse=False, options=options) == (1050, 1050, 0.99)
    assert window_of(p, np.zeros(100), sparse=False, options=options) == (1000, 1099, 1.0)


def test_the_share_in_the_reason_is_never_rounded_up_to_100():
    from dateline.story_dating import _percent
    assert [_percent(x) for x in (0.75, 0.8123, 0.95, 0.995, 0.9999, 0.99999, 1.0)] == \
        ["75 %", "81 %", "95 %", "99.5 %", "99.99 %", "99.99 %", "100 %"]


def _fake_tag(text, dct, *, sentences=None):
    i = text.index("Wednesday")
    days_ahead = (2 - dct.weekday()) % 7 or 7
    d = dct + dt.timedelta(days=days_ahead)
    return (TimeExpr(i, i + 9, "Wednesday", "DATE", d.isoformat(), DateWindow(d.isoformat(), "day", d, d)),)


@given(st.integers(min_value=0, max_value=20))
def test_retag_takes_the_union_over_the_window_and_marks_estimated(width):
    text = "They meet on Wednesday.\n"
    start = dt.date(2024, 1, 2)
    w = DateWindow(None, "approximate", start, start + dt.timedelta(days=width), True)
    (t,) = retag(text, (), w, _fake_tag)
    assert t.window.estimated
    assert t.window.earliest == _fake_tag(text, w.earliest)[0].window.earliest
    assert t.window.latest == _fake_tag(text, w.latest)[0].window.latest


def test_month_days_named_together_pair_up_and_distant_ones_do_not():
    art, an = _undated()
    assert evidence(art.text, an.timexes).month_day_pairs == (((12, 30), (1, 2)),)
    text = "Talks began on March 3. " + "The delegates argued about the text for a long time. " * 3 + "A deal came on May 9."
    tx = [timex(text, "March 3", "XXXX-03-03", None, anchor="dct"), timex(text, "May 9", "XXXX-05-09", None, anchor="dct")]
    assert evidence(text, tx).month_day_pairs == ()


def test_a_month_day_after_the_story_s_last_dated_article_is_still_reached():
    art, an = _undated()
    w, _ = estimate_window(art, an, [dt.date(2023, 10, 26), dt.date(2023, 10, 26)])
    assert w.earliest == dt.date(2024, 1, 2) and w.latest <= dt.date(2024, 1, 31)


def _story_of(days_and_texts, undated_text):
    from dateline.story_dating import story_evidence
    members = [article(f"d{i}", text, day=d) for i, (d, text) in enumerate(days_and_texts)]
    members.append(article("u", undated_text))
    return story_evidence(members)["u"]


FILLER = ["wells", "crews", "coast", "storm", "talks", "boats", "birds", "beach", "tanks", "leaks", "rigs", "booms"]


def _background(start: dt.date, days: int):
    """A dense story: three articles a day, each with a few common words and a word of its own day."""
    out = []
    for i in range(days):
        d = start + dt.timedelta(days=i)
        for k in range(3):
            out.append((d, f"Crews fought the spill near the coast. {FILLER[(i + k) % len(FILLER)]} day{i}x{k}x."))
    return out


def test_story_evidence_ranks_dated_articles_by_shared_rare_terms_and_finds_first_use():
    background = _background(dt.date(2010, 5, 1), 20)
    copy_day = dt.date(2010, 5, 12)
    special = [(copy_day, "Operation Topkill began as engineers pumped mud into the Macondo well.")] * 2
    ctx = _story_of(background + special, "Engineers pumped mud into the Macondo well in Operation Topkill.")
    assert ctx.neighbours[0][0] == copy_day and ctx.neighbours[0][1] > 0.5
    assert ctx.neighbours[0][1] >= ctx.neighbours[-1][1]
    assert copy_day in ctx.first_days and all(d == copy_day for d in ctx.first_days)
    assert len(ctx.dates) == len(background) + 2


def test_a_close_copy_of_dated_articles_is_dated_near_them_and_never_before_its_terms_first_appear():
    background = _background(dt.date(2010, 5, 1), 40)
    copy_day = dt.date(2010, 5, 25)
    special = [(copy_day, "Operation Topkill began as engineers pumped mud into the Macondo well."),
               (copy_day + dt.timedelta(days=1), "Operation Topkill went on; engineers pumped mud into the well.")]
    text = "Engineers pumped mud into the Macondo well in Operation Topkill."
    ctx = _story_of(background + special, text)
    art = article("u", text)
    w, why = estimate_window(art, analysis(art), ctx)
    assert w.estimated and w.earliest <= copy_day <= w.latest and w.width_days <= 7
    assert "similar dated articles" in why
    lone, _ = estimate_window(art, analysis(art), ctx.dates)  # the story's days alone say much less
    assert lone.width_days > w.width_days


def _month(year: int, month: int) -> DateWindow:
    end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return DateWindow(f"{year}-{month:02d}", "month", dt.date(year, month, 1), end)


def test_months_and_years_reported_and_planned():
    text = "Sales fell in February and in June 2009, the worst since 2008. The bank will report in March 2011.\n"
    tx = [timex(text, "February", "XXXX-02", None, anchor="dct"),
          timex(text, "June 2009", "2009-06", _month(2009, 6)),
          timex(text, "2008", "2008", DateWindow("2008", "year", dt.date(2008, 1, 1), dt.date(2008, 12, 31))),
          timex(text, "March 2011", "2011-03", _month(2011, 3))]
    ev = evidence(text, tx)
    assert ev.months == (2,) and ev.periods == ((dt.date(2009, 6, 1), dt.date(2009, 6, 30)),) and ev.years == (2008,)


def test_an_absolute_month_reported_is_a_soft_lower_bound_in_a_dense_story():
    from dateline.story_dating import StoryEvidence, day_scores
    text = "The bank said its losses in June 2009 were the largest it had reported.\n"
    june = DateWindow("2009-06", "month", dt.date(2009, 6, 1), dt.date(2009, 6, 30))
    story = StoryEvidence(tuple(_dense_story(dt.date(2009, 1, 1), 300)))
    p, with_month, _ = day_scores(evidence(text, [timex(text, "June 2009", "2009-06", june)]), story)
    _, without, _ = day_scores(evidence(text, ()), story)
    before = p < dt.date(2009, 6, 1).toordinal()
    ratio = (with_month / with_month.sum()) / (without / without.sum())
    assert ratio[before].max() < ratio[~before].min()


def test_sparse_stories_keep_the_hand_set_likelihoods_and_dense_ones_use_the_fitted_weights():
    from dateline.story_dating import FITTED_WEIGHTS, SPARSE_WEIGHTS, FEATURES, day_scores, StoryEvidence
    assert len(FITTED_WEIGHTS) == len(SPARSE_WEIGHTS) == len(FEATURES)
    art, an = _undated()
    ev = evidence(art.text, an.timexes)
    sparse = day_scores(ev, StoryEvidence(tuple(STORY)), options=DatingOptions(weights=(0.0,) * len(FEATURES)))
    assert sparse is not None and sparse[1].max() > sparse[1].min()  # the zero weights were not used
    dense = day_scores(ev, StoryEvidence(tuple(_dense_story(dt.date(2023, 9, 1), 20))),
                       options=DatingOptions(weights=(0.0,) * len(FEATURES)))
    assert dense[1].max() == dense[1].min()


def test_text_month_days_reads_both_orders_and_abbreviations_but_not_a_month_and_year():
    from dateline.story_dating import text_month_days
    text = "After the April 20 explosion and the Sept. 15 collapse, on 12 January, in May 2010 and on Dec 3."
    assert text_month_days(text) == {(4, 20), (9, 15), (1, 12), (12, 3)}
    assert text_month_days("No dates, only 2010 and 20 people.") == frozenset()


def test_a_month_day_named_long_after_it_by_many_dated_articles_is_an_anniversary():
    from dateline.story_dating import recalled_month_days
    start = dt.date(2010, 4, 20)
    recalled = [(start + dt.timedelta(days=10 + i), frozenset({(4, 20)})) for i in range(6)]
    fresh = [(dt.date(2010, 6, 16) + dt.timedelta(days=i % 2), frozenset({(6, 16)})) for i in range(10)]
    # named late by 5 but on its day by 5 more: news of its day as often as a memory
    mixed = ([(dt.date(2010, 7, 15) + dt.timedelta(days=20 + i), frozenset({(7, 15)})) for i in range(5)]
             + [(dt.date(2010, 7, 15), frozenset({(7, 15)}))] * 5)
    few = [(dt.date(2010, 9, 30), frozenset({(8, 1)}))] * 4  # recalled, but by too few articles
    assert recalled_month_days(recalled + fresh + mixed + few) == {(4, 20)}
    # the latest occurrence counts: "January 2" named on 2011-01-03 is fresh news, not the 2010 one recalled
    new_year = [(dt.date(2011, 1, 3), frozenset({(1, 2)}))] * 6
    assert recalled_month_days(new_year) == frozenset()
    # the calendar's ends (odd input) and February 29 in a year without it do not fail
    edges = [(dt.date(1, 1, 20), frozenset({(1, 2), (2, 29)}))] * 6 + [(dt.date(9999, 12, 31), frozenset({(1, 2)}))]
    assert recalled_month_days(edges) == {(1, 2)}


def test_a_lead_naming_the_storys_anniversary_is_no_evidence_of_that_day():
    from dateline.story_dating import StoryEvidence
    # (no subordinate clause before the date: "after the April 20 explosion" is read as recalled by itself)
    text = "The April 20 explosion still weighs on the coast, and experts study the health effects.\n"
    art = article("u", text)
    an = analysis(art, timexes=[timex(text, "April 20", "XXXX-04-20", None, anchor="dct")])
    days = tuple(_dense_story(dt.date(2010, 4, 20), 200))
    plain, why = estimate_window(art, an, StoryEvidence(days))
    assert "lead" in why and plain.latest <= dt.date(2010, 4, 25)  # read as the news of April 20
    recalled, why = estimate_window(art, an, StoryEvidence(days, recalled=frozenset({(4, 20)})))
    assert "body" in why and "lead" not in why and recalled.latest >= dt.date(2010, 6, 20)


def test_story_evidence_finds_the_anniversaries_its_dated_articles_recall():
    from dateline.story_dating import story_evidence
    start = dt.date(2010, 4, 20)
    dated = [article(f"d{i}", f"Report {i}: the spill since the April 20 explosion grew on day {i}.\n",
                     day=start + dt.timedelta(days=8 + i)) for i in range(12)]
    undated = article("u", "The spill since the April 20 explosion grew again.\n")
    context = story_evidence(dated + [undated])
    assert context["u"].recalled == {(4, 20)}


def test_caption_lines_are_the_sentences_naming_a_photo_or_followed_by_a_credit():
    from dateline.story_dating import caption_lines
    cases = {
        "May 6: The oil containment box is lowered into the Gulf.\nAP As a massive oil leak spit": ["May 6: The oil"],
        "In this May 26 photo provided by the Coast Guard, a unit holds.\n(AP Photo) The administration said":
            ["In this May 26 photo"],
        "Apr. 21: Fire boats battle the blaze.\nCoast Guard via AP NEW YORK -- Oil companies": ["Apr. 21: Fire"],
        # only the last sentence before a credit line is its caption
        "Fears grow over the spill. Workers clean a beach, May 24, 2010.\nPhotograph: Someone": ["Workers clean"],
        "A sample is taken in Ipoh April 29, 2009.\nCredit: Reuters/The Star": ["A sample"],
        # a caption on a later line, at its offsets
        "Oil spill hits the coast\nFILE - In this June 1, 2010 file photo, workers collect oil. Few studies exist.":
            ["FILE - In this June 1, 2010 file photo, workers collect oil. "],
        # none: a dateline naming its agency, a sentence opening with an agency, Credit Suisse, photos in a lead
        "WASHINGTON (AP) -- Lawmakers on Tuesday asked.\nThe rig exploded on April 20.": [],
        "WASHINGTON, June 3, 2010 -- The well was capped.\nReuters reported on Monday that BP would pay.": [],
        "WASHINGTON, June 3, 2010 -- The well was capped.\nEPA officials said on Monday that BP would pay.": [],
        "WASHINGTON, June 3, 2010 -- The well was capped.\nCredit Suisse analysts said BP would pay.": [],
        "WASHINGTON, June 3, 2010 -- The Coast Guard released photos showing the slick. It grew.\n": [],
    }
    for text, starts in cases.items():
        got = [text[a:b] for a, b in caption_lines(text)]
        assert len(got) == len(starts) and all(g.startswith(st) for g, st in zip(got, starts)), (text, got)
    # a caption must begin before the limit
    late = "x" * 400 + "\nIn this June 1 photo, workers collect oil."
    assert caption_lines(late) == () and caption_lines(late, limit=500) == ((401, len(late)),)


def test_a_weekday_in_a_caption_is_no_reported_weekday():
    text = "Wednesday: BP's chairman arrives at the White House.\nAP The company said on Friday it would pay.\n"
    tx = [timex(text, "Wednesday", "XXXX-WXX-3", None, anchor="dct"), timex(text, "Friday", "XXXX-WXX-5", None,
                                                                             anchor="dct")]
    assert evidence(text, tx).past_weekdays == frozenset({5})


def test_a_date_in_a_lead_photo_caption_counts_as_a_body_date():
    text = "FILE - In this June 1, 2010 file photo, workers collect oil on a beach.\nFew studies have looked at it.\n"
    june1 = dt.date(2010, 6, 1)
    ev = evidence(text, [timex(text, "June 1, 2010", "2010-06-01", DateWindow("2010-06-01", "day", june1, june1))])
    assert ev.head_days == () and ev.body_days == (june1,)
    plain = "Workers collected oil on a beach on June 1, 2010, officials said.\nFew studies have looked at it.\n"
    ev = evidence(plain, [timex(plain, "June 1, 2010", "2010-06-01", DateWindow("2010-06-01", "day", june1, june1))])
    assert ev.head_days == (june1,)


def test_a_dense_story_s_undated_article_is_not_dated_before_the_story_by_an_old_lead_date():
    text = "The Exxon Valdez spill occurred on March 24, 1989, in Alaska.\nThe new spill is larger.\n"
    old = dt.date(1989, 3, 24)
    art = article("u", text)
    an = analysis(art, timexes=[timex(text, "March 24, 1989", "1989-03-24", DateWindow("1989-03-24", "day", old, old))])
    story = _dense_story(dt.date(2010, 4, 20), 120)
    w, _ = estimate_window(art, an, story)
    assert w.earliest >= dt.date(2010, 4, 20) - dt.timedelta(days=DatingOptions().margin_days)
    # the article's own page stamp stays a candidate however early
    stamped = "HOUSTON | Thu Jan 14 , 2010 7:30 pm EST HOUSTON -LRB- Reuters -RRB- - A rig sank .\n"
    w, why = estimate_window(article("s", stamped), analysis(article("s", stamped)), story)
    assert w.earliest <= dt.date(2010, 1, 14) <= w.latest and "stamp" in why
    # a sparse story (a handful of dated articles) still follows the article's own date
    w, _ = estimate_window(art, an, [dt.date(2010, 4, 20), dt.date(2010, 4, 22)])
    assert w.earliest <= dt.date(1989, 4, 30)


def test_the_cleaner_s_caption_spans_count_as_captions_too():
    import dataclasses as dc

    from dateline.records import Span
    text = "Rescuers search the rubble of the school on April 21, 2010 in the capital.\nThe toll rose again.\n"
    apr21 = dt.date(2010, 4, 21)
    tx = [timex(text, "April 21, 2010", "2010-04-21", DateWindow("2010-04-21", "day", apr21, apr21))]
    assert evidence(text, tx).head_days == (apr21,)  # no caption phrasing: a lead date
    cut = text.index("\n")
    assert evidence(text, tx, captions=[(0, cut)]).body_days == (apr21,)
    art = dc.replace(article("u", text), spans=(Span("caption", 0, cut),))
    story = _dense_story(dt.date(2010, 4, 1), 60)
    with_span, _ = estimate_window(art, analysis(art, timexes=tx), story)
    without, _ = estimate_window(article("u", text), analysis(article("u", text), timexes=tx), story)
    assert without.width_days <= 3 and with_span.width_days > without.width_days


# --- announced days, recalled lead dates, days ago, the story's frontier, disagreeing cues (QA 2026-12-07) -------

def _tagged(aid: str, text: str):
    """An undated article and its analysis as the pipeline makes them: tagged without a reference date."""
    from dateline.extract.timex import tag
    art = article(aid, text)
    return art, analysis(art, timexes=tag(text, None))


def _spread_story(start: dt.date, days: int, every: int = 2) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range(0, days, every)]


def test_a_day_the_article_announces_is_an_upper_cue_never_its_dated_lead():
    text = ("Museum to reopen June 15, city says\n"
            "The city museum will reopen to visitors on June 15, the mayor announced Wednesday, a month after "
            "the fire.\nThe curator said on Tuesday that the west wing was sound. \"June 15 is our date,\" she said.\n")
    art, an = _tagged("u", text)
    ev = evidence(text, an.timexes)
    # the headline's and the quote's "June 15" are the announced day too; "announced Wednesday" is reported
    assert ev.planned_month_days == ((6, 15),) and not ev.head_month_days and not ev.body_month_days
    assert ev.past_weekdays == frozenset({2, 3}) and not ev.planned_weekdays
    story = _spread_story(dt.date(2025, 3, 4), 40)
    w, why = estimate_window(art, an, story)
    assert w.latest < dt.date(2025, 6, 15) and "announced dates" in why and "lead" not in why


def test_a_day_something_is_set_for_is_announced_and_a_later_report_verb_wins():
    text = "The judge set a hearing for May 20.\nThe company will appeal, its lawyer said on Monday.\n"
    ev = evidence(text, _tagged("u", text)[1].timexes)
    assert ev.planned_month_days == ((5, 20),) and ev.past_weekdays == frozenset({1})


def test_a_date_in_a_subordinate_clause_is_a_recalled_event_after_which_the_article_was_written():
    text = ("Ports reopened on Monday after dockworkers ended a strike that began December 15.\n"
            "The union said the vote was close.\n")
    ev = evidence(text, _tagged("u", text)[1].timexes)
    assert ev.head_month_days == () == ev.body_month_days and ev.recalled_month_days == ((12, 15),)
    plain = "Dockworkers began an open-ended strike on December 15 at three ports.\n"
    assert evidence(plain, _tagged("v", plain)[1].timexes).head_month_days == ((12, 15),)


def test_last_weekday_says_nothing_of_the_weekday_of_publication():
    text = "The deal reached last Thursday was approved by members on Saturday.\n"
    assert evidence(text, _tagged("u", text)[1].timexes).past_weekdays == frozenset({6})


def test_days_ago_point_back_to_the_days_the_story_had_news():
    from dateline.story_dating import StoryEvidence, day_features
    burst = dt.date(2025, 3, 4)
    story = StoryEvidence(tuple([burst] * 5 + [burst + dt.timedelta(days=k) for k in (1, 2, 8, 24, 29, 30)]))
    text = "The company that was repairing the bridge when it collapsed two weeks ago suspended its supervisor.\n"
    ev = evidence(text, _tagged("u", text)[1].timexes)
    assert ev.ago_days == (14,)
    p, feats, used = day_features(ev, story)
    best = dt.date.fromordinal(int(p[int(np.argmax(feats["ago"]))]))
    assert abs((best - (burst + dt.timedelta(days=14))).days) <= 2 and "days ago" in used


def test_an_undated_article_may_be_newer_than_its_storys_newest_dated_one():
    from dateline.story_dating import StoryEvidence, day_scores
    last = dt.date(2026, 1, 15)
    story = StoryEvidence(tuple(_spread_story(dt.date(2025, 12, 8), 39)), ((last, 0.35), (last - dt.timedelta(5), 0.3)))
    text = "Cranes moved again at the port on Monday as the strike ended; MSC said Tuesday it would return.\n"
    art, an = _tagged("u", text)
    ev = evidence(text, an.timexes)

    def later(options):  # the share of the score a week on from the newest dated article
        p, score, _ = day_scores(ev, story, options=options)
        return score[(p > last.toordinal() + 2) & (p <= last.toordinal() + 7)].sum() / score.sum()
    assert later(DatingOptions()) > 0.2 and later(DatingOptions(frontier_slack_days=0)) < 0.05
    w, _ = estimate_window(art, an, story)
    assert w.latest >= dt.date(2026, 1, 20)  # the Monday and Tuesday after the newest dated article are in


def test_own_dates_and_a_story_both_sure_and_far_apart_give_a_window_over_both_and_say_so():
    from dateline.story_dating import StoryEvidence
    text = "On June 15 the bridge reopened to traffic, the mayor said.\n"  # a lead date ...
    art, an = _tagged("u", text)
    april = tuple(dt.date(2025, 4, 1) + dt.timedelta(days=k % 3) for k in range(30))  # ... a story of April
    story = StoryEvidence(april, tuple((d, 0.8) for d in april[:10]))
    w, why = estimate_window(art, an, story)
    assert w.earliest <= dt.date(2025, 4, 3) and w.latest >= dt.date(2025, 6, 15) and "disagree" in why
    one_side, why = estimate_window(art, an, story, options=DatingOptions(disagree_nats=1e9))
    assert one_side.latest < dt.date(2025, 6, 1) and "disagree" not in why  # the lead's side silently dropped


def test_a_recalled_date_is_a_lower_bound_without_the_peak_of_a_reported_one():
    from dateline.story_dating import StoryEvidence, day_features
    story = StoryEvidence(tuple(_spread_story(dt.date(2025, 12, 1), 50)))
    recalled = "Talks stalled.\nNo talks have been held since the first round broke down on 17 December.\n"
    reported = "Talks stalled.\nThe first round of talks broke down on 17 December.\n"
    p, r, _ = day_features(evidence(recalled, _tagged("u", recalled)[1].timexes), story)
    _, b, _ = day_features(evidence(reported, _tagged("v", reported)[1].timexes), story)
    dec17, dec26 = (dt.date(2025, 12, d).toordinal() - int(p[0]) for d in (17, 26))
    assert b["lead"][dec17] > b["lead"][dec26] + 2  # a reported date: most likely written that day
    assert r["recalled"][dec17] < r["recalled"][dec26]  # a recalled one: not that day, some time after
    assert r["recalled"][dec17 - 1] < r["recalled"][dec17] - 2  # and never before it
