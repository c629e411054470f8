import datetime as dt
import gzip
import json

from dateline.eval.dating import TUNE_TOPICS, evaluate
from dateline.records import Analysis, Story
from dateline.story_dating import estimate_pub_dates
from story_helpers import article


def _write_topic(root, topic, days):
    (root / topic).mkdir(parents=True)
    with gzip.open(root / topic / "articles.jsonl.gz", "wt", encoding="utf-8") as fh:
        for i, d in enumerate(days):
            text = f"Officials said on {d:%B} {d.day} that the spill had grown. Report {i} on the oil spill.\n"
            fh.write(json.dumps({"id": f"{topic}_x/{i}", "pub_date": d.isoformat(), "title": None,
                                 "text": text, "source": "x"}) + "\n")


def _month_day_tag(text, dct):
    from dateline.records import TimeExpr
    import re
    m = re.search(r"on (\w+) (\d+)", text)
    month = dt.datetime.strptime(m.group(1), "%B").month
    return (TimeExpr(m.start(1), m.end(2), m.group(0)[3:], "DATE", f"XXXX-{month:02d}-{int(m.group(2)):02d}",
                     None, None, "dct"),)


def test_evaluate_reports_tuned_and_unseen_topics_apart(tmp_path):
    days = [dt.date(2010, 5, 1) + dt.timedelta(days=i // 3) for i in range(60)]
    _write_topic(tmp_path, "bpoil", days)
    _write_topic(tmp_path, "haiti", days)
    r = evaluate(tmp_path, topics=("bpoil", "haiti"), tag=_month_day_tag)
    assert "bpoil" in TUNE_TOPICS and "haiti" not in TUNE_TOPICS
    assert r["tuned_topics"]["topics"] == ["bpoil"] and r["unseen_topics"]["topics"] == ["haiti"]
    assert r["hidden"] == r["tuned_topics"]["hidden"] + r["unseen_topics"]["hidden"] == 24
    assert r["coverage"] > 0.9  # every text states its own day in the lead


def test_the_position_of_an_undated_article_in_its_story_says_nothing_about_its_date():
    dated = [article(f"d{i}", "The oil spill grew again.\n", day=dt.date(2010, 5, 1) + dt.timedelta(days=i))
             for i in range(30)]
    undated = article("u", "The oil spill grew again.\n")
    by_id = {a.id: a for a in dated + [undated]}
    analyses = {"u": Analysis("u", (), ())}
    ids = [a.id for a in dated]
    first = estimate_pub_dates([Story("s", "s", tuple(["u"] + ids))], by_id, analyses)
    last = estimate_pub_dates([Story("s", "s", tuple(ids + ["u"]))], by_id, analyses)
    assert first["u"][0] == last["u"][0] and first["u"][0].estimated


def test_width_percentiles_are_nearest_rank_widths_some_window_has():
    from dateline.eval.dating import _quantile
    assert _quantile([4, 1, 3, 2], 0.25) == 1 and _quantile([4, 1, 3, 2], 0.75) == 3
    assert _quantile(list(range(1, 11)), 0.9) == 9 and _quantile([7], 0.9) == 7
    assert _quantile([], 0.5) is None


def test_evaluate_reports_width_percentiles_in_every_split(tmp_path):
    days = [dt.date(2010, 5, 1) + dt.timedelta(days=i // 3) for i in range(60)]
    _write_topic(tmp_path, "bpoil", days)
    r = evaluate(tmp_path, topics=("bpoil",), tag=_month_day_tag)
    for split in (r, r["tuned_topics"], r["per_topic"]["bpoil"], r["no_text_stamp"]["all"]):
        assert split["width_p25"] <= split["median_width_days"] <= split["width_p75"] <= split["width_p90"]
