"""One happening, its sources disagreeing on its day: the entry takes the day most independent outlets give and
records the disagreement with every side cited (build_story_timeline on small hand-built piles)."""
from __future__ import annotations

import datetime as dt

from dateline.timeline import build_story_timeline
from story_helpers import analysis, article, day, timex

PUB = dt.date(2025, 5, 10)
NAMES = {"Brill": "GPE", "Lorne Court": "ORG"}


def _no_tag(text, dct, *, sentences=None):
    return ()


# Each outlet's own other sentences, so that no article reads as a copy of another.
OTHER = {"Ledger": "Fishermen in the northern bay welcomed the news with horns.\nThe levy was to pay for dredging.",
         "Outlet0": "Ferry operators had warned of higher fares all summer.\nDredging contracts are now on hold.",
         "Outlet1": "The port authority plans an appeal, its lawyers hinted.\nTrawler crews gathered at the quay.",
         "Outlet2": "Shipping agents expect the backlog at the locks to ease.\nA new tariff may follow in June.",
         "Tribune": "Local shopkeepers said trade had slumped since spring.\nThe council meets again next month."}


def _say(aid: str, text: str, phrase: str, on: dt.date, outlet: str, other: str | None = None):
    a = article(aid, text + "\n" + OTHER[other or outlet] + "\n", day=PUB, outlet=outlet)
    return a, analysis(a, names=NAMES, timexes=[timex(a.text, phrase, on.isoformat(), day(on))])


def _pile(*, majority: int):
    """One outlet says 7 May; `majority` outlets say 8 May (each in its own words)."""
    seventh, eighth = dt.date(2025, 5, 7), dt.date(2025, 5, 8)
    piles = [_say("a", "The Lorne Court in Brill suspended the harbour levy decree on Wednesday, 7 May, finding "
                       "it unlawful.", "Wednesday, 7 May", seventh, "Ledger")]
    wordings = ["The harbour levy decree was suspended by the Lorne Court in Brill on 8 May, finding it unlawful.",
                "On 8 May the Lorne Court in Brill suspended the harbour levy decree as unlawful.",
                "The Lorne Court in Brill suspended the harbour levy decree on 8 May after finding it unlawful."]
    for k in range(majority):
        piles.append(_say(f"b{k}", wordings[k], "8 May", eighth, f"Outlet{k}"))
    return [a for a, _ in piles], {a.id: an for a, an in piles}


def _entry_of(tl, article_id):
    return next(e for e in tl.entries if any(s.article_id == article_id and "levy" in s.sentence for s in e.sources))


def test_the_entry_takes_the_day_most_independent_outlets_give_and_the_disagreement_cites_both_sides():
    arts, ans = _pile(majority=2)
    tl = build_story_timeline(arts, ans, tag=_no_tag)
    entry = _entry_of(tl, "a")
    assert {s.article_id for s in entry.sources} >= {"a", "b0", "b1"}  # one happening
    assert entry.date.earliest == dt.date(2025, 5, 8)  # two outlets against one, not the earliest day
    assert "date_conflict" in entry.flags
    (d,) = [d for d in tl.disagreements if d.kind == "date_conflict"]
    assert {c.article_id for c in d.citations} == {"a", "b0", "b1"}
    assert "2025-05-07 (1 source), 2025-05-08 (2 sources); the entry takes 2025-05-08" in d.description
    assert entry.id in d.entry_ids


def test_a_tie_keeps_the_earliest_day():
    arts, ans = _pile(majority=1)
    entry = _entry_of(build_story_timeline(arts, ans, tag=_no_tag), "a")
    assert entry.date.earliest == dt.date(2025, 5, 7)


def test_one_outlets_two_articles_count_once():
    arts, ans = _pile(majority=2)
    arts = [a if a.id != "b1" else article("b1", a.text, day=PUB, outlet="Outlet0") for a in arts]
    c, an_c = _say("c", "The Lorne Court in Brill suspended the harbour levy decree on Wednesday, 7 May, after a "
                        "hearing that found it unlawful.", "Wednesday, 7 May", dt.date(2025, 5, 7), "Tribune")
    arts.append(c)
    ans["c"] = an_c
    entry = _entry_of(build_story_timeline(arts, ans, tag=_no_tag), "a")
    # 7 May: Ledger and Tribune; 8 May: Outlet0 twice: two outlets each, a tie
    assert entry.date.earliest == dt.date(2025, 5, 7)


def test_one_outlets_articles_giving_two_days_are_no_disagreement_between_sources():
    arts, ans = _pile(majority=1)
    arts = [a if a.id != "b0" else article("b0", a.text, day=PUB, outlet="Ledger") for a in arts]
    tl = build_story_timeline(arts, ans, tag=_no_tag)
    assert [d for d in tl.disagreements if d.kind == "date_conflict"] == []


def test_a_sentence_relating_two_happenings_by_an_offset_states_no_firm_day():
    from dateline.records import Sentence
    from dateline.timeline import Item, firm_day

    def item(text: str, phrase: str) -> Item:
        return Item("a", Sentence(0, 0, len(text), text), day(dt.date(2025, 4, 22)), phrase, "timex", frozenset(),
                    frozenset(), frozenset(), frozenset())

    assert firm_day(item("The barge sank on April 22 off Brill.", "April 22"))
    # the day of the sinking, not of the blast the other sources date
    assert not firm_day(item("The barge sank on April 22 after exploding two days earlier.", "April 22"))
