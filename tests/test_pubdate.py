"""Publication dates: hints, dateline + content year, content-only windows."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.clean import clean
from dateline.pubdate import content_window, date_mentions, parse_hint, publication_date
from dateline.records import RawArticle


def raw(text: str, **kw) -> RawArticle:
    return RawArticle(origin="t", source_file=None, fmt="text", text=text, **kw)


def pub(text: str, **kw):
    r = raw(text, **kw)
    return publication_date(r, clean(r))


def test_hint_wins():
    p = pub("PARIS, May 3 (AFP) -- The ministers met on April 30, 2019 to discuss the treaty text.",
            date_hint="2019-05-04", date_hint_source="html-meta")
    assert p.window.value == "2019-05-04" and p.evidence == "hint:html-meta" and not p.window.estimated


def test_hint_formats():
    assert parse_hint("2010-04-20T23:30:00-05:00").value == "2010-04-20"
    assert parse_hint("Tue, 20 Apr 2010 10:00:00 GMT").value == "2010-04-20"
    month = parse_hint("2010-04")
    assert (month.granularity, month.earliest, month.latest) == ("month", dt.date(2010, 4, 1), dt.date(2010, 4, 30))
    assert parse_hint("not a date") is None


def test_unreadable_hint_falls_back_to_content():
    p = pub("The agreement was signed on March 2, 2015 and ratified later that year by parliament.",
            date_hint="yesterday")
    assert p.window.estimated and p.window.earliest == dt.date(2015, 3, 2)


def test_dateline_year_from_content_rolls_over_the_new_year():
    # Dec. 30, 2021 mentioned, dateline Jan. 4: the article is of 2022.
    p = pub("BERLIN, Jan. 4 (dpa) -- Officials said the storm that began on Dec. 30, 2021 had finally passed.")
    assert p.window.value == "2022-01-04"
    assert p.evidence.startswith("dateline+content-year")


def test_dateline_year_from_old_or_coarse_support_is_estimated():
    p = pub("NEW YORK, Dec. 4 -- Markets fell on Friday, the worst week since the crash of March 3, 2007.")
    assert p.window.value == "2007-12-04" and p.window.estimated
    p = pub("PARIS, Dec. 4 -- The bank, which last raised rates in May 2007, cut them again on Thursday.")
    assert p.window.value == "2007-12-04" and p.window.estimated


def test_dateline_with_own_year():
    p = pub("LONDON, 12 May 2021 (Reuters) - Prices rose sharply in early trading on Wednesday, dealers said.")
    assert p.window.value == "2021-05-12" and p.evidence == "dateline"


def test_dateline_without_any_year_and_no_dates_is_none():
    assert pub("BERLIN, Jan. 4 (dpa) -- Officials said the storm had finally passed after three days.") is None


def test_forward_looking_years_are_not_evidence():
    mentions = date_mentions("The country aims to cut emissions by 2030 and reported growth in 2019.")
    assert [m.text for m in mentions] == ["2019"]


def test_mentions_kinds():
    mentions = date_mentions("On Sept. 23, 2023 and 5 March 2020, in June 2019, in 2001, on 2022-02-24.")
    assert [(m.text, m.granularity) for m in mentions] == [
        ("Sept. 23, 2023", "day"), ("5 March 2020", "day"), ("June 2019", "month"), ("2001", "year"),
        ("2022-02-24", "day")]
    assert date_mentions("It cost 2,023 dollars and 1,999 euros.") == ()


def test_content_window_estimated_from_latest_mention():
    p = pub("Reports surfaced as early as 2022. The UN resolutions date back to 2006. Talks went on for months.")
    assert p.window.estimated and p.window.granularity == "approximate"
    assert p.window.earliest == dt.date(2022, 1, 1) and p.window.latest == dt.date(2024, 12, 31)


def test_no_evidence_is_none():
    assert pub("Officials said on Thursday that talks would continue next week in the capital.") is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(
    st.builds(lambda d: d.strftime("%B %d, %Y"), st.dates(dt.date(1950, 1, 1), dt.date(2090, 12, 31))),
    st.builds(lambda d: d.strftime("%d %b %Y"), st.dates(dt.date(1950, 1, 1), dt.date(2090, 12, 31))),
    st.integers(1900, 2099).map(str),
    st.sampled_from(["BERLIN, Feb. 29 (dpa) --", "SEOUL, Oct. 26 (Yonhap) --", "said on Thursday", "by 2030"]),
    st.text(max_size=30)), max_size=8))
def test_windows_are_ordered_and_estimated_ones_say_so(parts):
    text = " ".join(parts) + "."
    p = pub(text)
    if p is not None:
        assert p.window.earliest <= p.window.latest
        assert p.evidence
        if p.window.granularity == "approximate":
            assert p.window.estimated
    window = content_window(date_mentions(text))
    if window is not None:
        assert window[0].earliest <= window[0].latest


def test_page_timestamps():
    p = pub("HOUSTON | Thu Apr 22 , 2010 7:30 pm EDT HOUSTON -LRB- Reuters -RRB- - An oil rig sank on Thursday .")
    assert p.window.value == "2010-04-22" and p.evidence.startswith("text-timestamp")
    # a byline with the clock time first, and the zone and weekday between it and the date
    p = pub("Fergus Walsh | 14:07 PM , Monday , 1 June 2009 One of the UK 's leading flu experts has predicted it .")
    assert p.window.value == "2009-06-01" and p.evidence.startswith("text-timestamp")
    p = pub("Susan Watts | 18:00 UK time , Saturday , 25 April 2009 Experts are concerned about the new virus .")
    assert p.window.value == "2009-04-25" and p.evidence.startswith("text-timestamp")
    # ... but an event's time in a sentence, or a decimal, before a weekday and a date is no stamp
    from dateline.pubdate import text_timestamp
    assert text_timestamp("The hearing will begin at 10:30 a.m. Tuesday, June 9, 2009, before the committee.") is None
    assert text_timestamp("Shares rose 1.25 Monday, June 1, 2009, in thin trading.") is None
    assert text_timestamp("The vote came at 10:30, Monday, 1 June 2009, officials said.") is None
    p = pub("Опубліковано 26.10.2023\nThe ministers met on Thursday and agreed to continue the talks next month.")
    assert p.window.value == "2023-10-26"
    # A clock time inside a body sentence far from the top is an event time, not a stamp.
    body = "The council met again and again to discuss the budget proposals in detail. " * 8
    p = pub(body + "The quake struck on March 3, 2011 at 2:46 p.m. local time, officials said in a long statement.")
    assert p.evidence.startswith("content-estimate")


def test_dated_related_links_in_the_tail_are_not_stamps():
    body = "\n".join(["The council met again to discuss the budget proposals in great detail on Monday."] * 25)
    p = pub(body + "\nRelated News\nFloods hit the north\nPublished 12.03.2019")
    assert p is None or not p.evidence.startswith("text-timestamp")


def test_dates_in_other_languages_and_numeric_forms():
    texts = {"Le sommet s'est tenu le 26 octobre 2023 à Bruxelles.": dt.date(2023, 10, 26),
             "Das Treffen fand am 26. Oktober 2023 in Berlin statt.": dt.date(2023, 10, 26),
             "La reunión se celebró el 26 de octubre de 2023 en Madrid.": dt.date(2023, 10, 26),
             "Встреча прошла 26 октября 2023 года в Москве.": dt.date(2023, 10, 26),
             "Зустріч відбулася 26 жовтня 2023 року в Києві.": dt.date(2023, 10, 26),
             "Spotkanie odbyło się 26.10.2023 w Warszawie.": dt.date(2023, 10, 26),
             "会谈于2023年10月26日在北京举行。": dt.date(2023, 10, 26)}
    for text, day in texts.items():
        mentions = [m for m in date_mentions(text) if m.granularity == "day"]
        assert [m.earliest for m in mentions] == [day], text


def test_an_unreadable_stated_date_is_named_in_the_evidence_of_the_date_found_instead():
    from dateline.clean import clean
    from dateline.pubdate import publication_date
    from dateline.records import RawArticle
    text = "HOUSTON | Thu Apr 22 , 2010 7:30 pm EDT HOUSTON -LRB- Reuters -RRB- - An oil rig sank on Thursday ."
    raw = RawArticle("a.jsonl#L1", "a.jsonl", "jsonl", text, text, None, None, None, None, "not-a-date",
                     "jsonl-field", None)
    p = publication_date(raw, clean(raw))
    assert p.window.value == "2010-04-22" and p.evidence.startswith("text-timestamp")
    assert "unreadable jsonl-field date 'not-a-date'" in p.evidence
