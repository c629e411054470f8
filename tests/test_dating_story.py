import datetime as dt

from hypothesis import given, strategies as st
import numpy as np

from dateline.records import DateWindow, TimeExpr
from dateline.story_dating import DatingOptions, estimate_window, evidence, retag, shortest_window
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
    assert evidence(text, an.timexes) == evidence(text, ())
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
    with_day, _ = estimate_window(art, an, story, similar_dates=near)
    without, _ = estimate_window(art, analysis(art), story, similar_dates=near)
    assert with_day.width_days < without.width_days
    assert with_day.earliest <= dt.date(2010, 6, 8) <= with_day.latest


def test_without_dated_mentions_the_window_follows_the_most_similar_dated_articles():
    art = article("u", "No dates here at all.\n")
    near = [dt.date(2023, 10, 26), dt.date(2023, 10, 27)]
    story = _dense_story(dt.date(2023, 9, 1), 120)
    w, _ = estimate_window(art, analysis(art), story, similar_dates=near,
                           options=DatingOptions(mass=0.9, neighbour_weights=(0.45, 0.45)))
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
