"""Unit tests of the time-expression tagger: recognition, normalisation, tense, windows, underspecified values."""
from __future__ import annotations

import datetime as dt

import pytest

from dateline.extract.timex import TIMEX_VERSION, tag
from dateline.extract.timex_tense import FUTURE, PAST, PRESENT, UNKNOWN, tense_near
from dateline.records import Sentence

D = dt.date


def one(text: str, dct: dt.date | None, phrase: str):
    """The expression whose text is `phrase` (it must be found exactly)."""
    found = [t for t in tag(text, dct) if t.text == phrase]
    assert found, f"{phrase!r} not tagged in {text!r}: {[t.text for t in tag(text, dct)]}"
    return found[0]


def test_version() -> None:
    assert TIMEX_VERSION == "timex@1"


def test_offsets_point_into_text() -> None:
    text = "Officials met on Thursday and again on Sept. 23, 2023."
    for t in tag(text, D(2023, 10, 26)):
        assert text[t.start:t.end] == t.text


@pytest.mark.parametrize(
    "text, phrase, value",
    [
        ("He left on Sept. 23, 2023.", "Sept. 23, 2023", "2023-09-23"),
        ("It happened on 23 September 2021.", "23 September 2021", "2021-09-23"),
        ("The law took effect in March 2020.", "March 2020", "2020-03"),
        ("The treaty dates back to 2006.", "2006", "2006"),
        ("Prices peaked in the 1990s.", "the 1990s", "199"),
        ("Output fell in the third quarter of 2022.", "the third quarter of 2022", "2022-Q3"),
        ("Growth slowed in mid-2023.", "mid-2023", "2023"),
        ("It was built in the 19th century.", "the 19th century", "18"),
    ],
)
def test_absolute_dates_need_no_dct(text: str, phrase: str, value: str) -> None:
    t = one(text, None, phrase)
    assert t.value == value
    assert t.window is not None


def test_mid_year_window_is_the_middle_third() -> None:
    t = one("Growth slowed in mid-2023.", None, "mid-2023")
    assert t.mod == "MID"
    assert t.window.earliest.month == 5 and t.window.latest.month == 8


@pytest.mark.parametrize(
    "text, dct, phrase, value, gran",
    [
        ("Sales rose last year.", D(2023, 9, 3), "last year", "2022", "year"),
        ("Sales rose last month.", D(2023, 10, 26), "last month", "2023-09", "month"),
        ("Kirby said this week.", D(2023, 9, 3), "this week", "2023-W35", "week"),
        ("They will meet next week.", D(2023, 9, 3), "next week", "2023-W36", "week"),
        ("Sales will rise next year.", D(2023, 9, 3), "next year", "2024", "year"),
        ("It rose a year ago.", D(2023, 9, 3), "a year ago", "2022", "year"),
        ("It rose two months ago.", D(2023, 9, 3), "two months ago", "2023-07", "month"),
        ("He arrived three days ago.", D(2023, 9, 3), "three days ago", "2023-08-31", "day"),
        ("He arrived yesterday.", D(2023, 9, 3), "yesterday", "2023-09-02", "day"),
        ("In August of the preceding year, she spoke.", D(2024, 1, 9), "August of the preceding year", "2023-08",
         "month"),
        ("Profits rose in the third quarter.", D(1989, 10, 27), "the third quarter", "1989-Q3", "quarter"),
    ],
)
def test_dct_relative(text, dct, phrase, value, gran) -> None:
    t = one(text, dct, phrase)
    assert t.value == value
    assert t.window.granularity == gran


def test_this_week_window_is_monday_to_sunday() -> None:
    t = one("Kirby said this week.", D(2023, 9, 3), "this week")
    assert (t.window.earliest, t.window.latest) == (D(2023, 8, 28), D(2023, 9, 3))


def test_weekday_past_and_planned() -> None:
    dct = D(2024, 1, 9)  # a Tuesday
    assert one("The council met on Wednesday.", dct, "Wednesday").value == "2024-01-03"
    assert one("The allies intend to raise it on Wednesday.", dct, "Wednesday").value == "2024-01-10"
    assert one("The vote will take place on Friday.", dct, "Friday").value == "2024-01-12"
    assert one("He resigned last Friday.", dct, "last Friday").value == "2024-01-05"
    assert one("The results are due next Monday.", dct, "next Monday").value == "2024-01-15"


def test_weekday_equal_to_dct_is_that_day() -> None:
    assert one("They condemned it on Thursday.", D(2023, 10, 26), "Thursday").value == "2023-10-26"


def test_list_across_year_boundary() -> None:
    text = "Missiles were used against Ukraine on December 30 and January 2."
    got = {t.text: t.value for t in tag(text, D(2024, 1, 9))}
    assert got["December 30"] == "2023-12-30"
    assert got["January 2"] == "2024-01-02"


def test_range_of_months() -> None:
    got = {t.text: t.value for t in tag("Fighting raged between March and May.", D(2023, 9, 3))}
    assert got == {"March": "2023-03", "May": "2023-05"}


def test_planned_month_moves_to_next_year() -> None:
    assert one("The mission is scheduled for February.", D(2023, 10, 1), "February").value == "2024-02"
    assert one("The mission was launched in February.", D(2023, 10, 1), "February").value == "2023-02"


def test_modal_may_is_not_a_month() -> None:
    assert all(t.text != "May" for t in tag("Prices May rise. They may fall.", D(2023, 1, 1)))


@pytest.mark.parametrize(
    "text, phrase, value, mod",
    [
        ("He served 24 years in office.", "24 years", "P24Y", None),
        ("The talks lasted three days.", "three days", "P3D", None),
        ("It took more than four hours.", "more than four hours", "PT4H", "MORE_THAN"),
        ("It could take several years.", "several years", "PXY", None),
        ("a two-year contract", "two-year", "P2Y", None),
        ("over the past two weeks", "the past two weeks", "P2W", None),
    ],
)
def test_durations(text, phrase, value, mod) -> None:
    t = one(text, D(2023, 1, 1), phrase)
    assert (t.type, t.value, t.mod, t.window) == ("DURATION", value, mod, None)


@pytest.mark.parametrize(
    "text, phrase, value",
    [
        ("Protests are held every Monday.", "every Monday", "XXXX-WXX-1"),
        ("The index is published monthly.", "monthly", "P1M"),
        ("Sales grow 8% annually.", "annually", "P1Y"),
        ("Inspections take place each year.", "each year", "P1Y"),
    ],
)
def test_sets(text, phrase, value) -> None:
    t = one(text, D(2023, 1, 1), phrase)
    assert (t.type, t.value, t.window) == ("SET", value, None)


def test_reference_tokens_and_approximate_windows() -> None:
    dct = D(2023, 9, 3)
    t = one("He said that recently the talks advanced.", dct, "recently")
    assert t.value == "PAST_REF" and t.window.granularity == "approximate"
    assert t.window.latest == dct and (dct - t.window.earliest).days == 30
    t = one("Attacks rose in recent weeks.", dct, "recent weeks")
    assert t.value == "PAST_REF" and (dct - t.window.earliest).days == 42
    assert one("Prices are high now.", dct, "now").value == "PRESENT_REF"
    assert one("It will matter in the near future.", dct, "the near future").value == "FUTURE_REF"


def test_earlier_this_month_window_ends_at_dct() -> None:
    t = one("Earlier this month, he visited Seoul.", D(2023, 9, 20), "Earlier this month")
    assert (t.value, t.mod) == ("2023-09", "START")
    assert (t.window.earliest, t.window.latest) == (D(2023, 9, 1), D(2023, 9, 20))


def test_late_last_year() -> None:
    t = one("The deal collapsed late last year.", D(2023, 9, 3), "late last year")
    assert (t.value, t.mod) == ("2022", "END")
    assert t.window.earliest >= D(2022, 9, 1) and t.window.latest == D(2022, 12, 31)


def test_seasons_and_quarters() -> None:
    assert one("He visited last summer.", D(2023, 9, 3), "last summer").value == "2022-SU"
    assert one("He will visit this winter.", D(2023, 9, 3), "this winter").value == "2023-WI"
    assert one("Earnings in Q3 2022 fell.", None, "Q3 2022").value == "2022-Q3"
    # a code inside a longer token is no period: the flu strain H1N1 is not the first half-year
    assert [t.text for t in tag("The H1N1 virus spread; H5N1 followed.", D(2009, 7, 1))] == []
    assert one("Sales fell in H1 2009.", D(2009, 7, 1), "H1 2009").value == "2009-H1"


def test_the_fall_of_something_is_not_autumn() -> None:
    text = "It has been nine years since the fall of the Berlin Wall; the fall in prices followed."
    assert [t.text for t in tag(text, D(1999, 3, 13))] == ["nine years"]
    assert one("Talks resume in the fall of 1999.", D(1999, 3, 13), "the fall of 1999").value == "1999-FA"
    assert one("The vote will be held in the fall.", D(1999, 3, 13), "the fall").value == "1999-FA"
    assert [t.text for t in tag("He covered the Winter Olympics in Calgary.", D(1999, 3, 13))] == []
    assert [t.text for t in tag("BP faces the fall-out of the disaster.", D(2010, 6, 1))] == []


def test_days_ago_gets_an_approximate_window() -> None:
    t = one("The fighting stopped days ago.", D(2023, 9, 3), "days ago")
    assert t.window.granularity == "approximate"
    assert t.window.earliest == D(2023, 8, 24) and t.window.latest == D(2023, 9, 1)


def test_a_year_ago_in_a_quarterly_report_is_the_same_quarter() -> None:
    text = "Third-quarter profit rose to $5 million from $4 million a year ago."
    assert one(text, D(1989, 10, 27), "a year ago").value == "1988-Q3"


def test_underspecified_without_dct() -> None:
    text = "The statement came on Thursday, last month, on December 30, and this week."
    got = {t.text: t for t in tag(text, None)}
    assert got["Thursday"].value == "XXXX-WXX-4" and got["Thursday"].window is None
    assert got["last month"].value == "XXXX-XX" and got["last month"].window is None
    assert got["December 30"].value == "XXXX-12-30"
    assert got["this week"].value == "XXXX-WXX"
    assert all(t.anchor == "dct" for t in got.values())


def test_caller_sentences_bound_the_tense_context() -> None:
    text = "They will vote soon. The council met on Wednesday."
    sents = (Sentence(0, 0, 20, text[:20]), Sentence(1, 21, len(text), text[21:]))
    t = [x for x in tag(text, D(2024, 1, 9), sentences=sents) if x.text == "Wednesday"][0]
    assert t.value == "2024-01-03"


@pytest.mark.parametrize(
    "sentence, phrase, tense",
    [
        ("The US will raise it on Wednesday.", "Wednesday", FUTURE),
        ("The allies intend to bring it on Wednesday.", "Wednesday", FUTURE),
        ("The summit is scheduled for Wednesday.", "Wednesday", FUTURE),
        ("they 'll play it again on Wednesday .", "Wednesday", FUTURE),  # tokenised text splits the clitic
        # a base form after "to" or "did" is no scheduled present; after "was to" or "could" it still announces
        ("Clinton was the first official to arrive in Haiti, on Wednesday.", "Wednesday", PAST),
        ("The board was to meet on Wednesday.", "Wednesday", PRESENT),
        ("He said the pipe could arrive on Wednesday.", "Wednesday", PRESENT),
        # a scheduling verb with its object: the date it set lies ahead; a participle says nothing of it
        ("Obama scheduled his third visit to the Gulf on Wednesday.", "Wednesday", FUTURE),
        ("A memorial service planned at the university for Wednesday was canceled.", "Wednesday", PAST),
        ("The ministers met on Wednesday.", "Wednesday", PAST),
        ("The ministers said on Wednesday they will act.", "Wednesday", PAST),
        ("The board agreed to sell the unit on Wednesday.", "Wednesday", FUTURE),
        ("On Wednesday, the board agreed to sell the unit.", "Wednesday", UNKNOWN),  # unmarked: a past weekday
        ("They will go to the White House on Wednesday prepared to offer concessions.", "Wednesday", FUTURE),
        ("Clinton vowed Wednesday to hunt down the bombers.", "Wednesday", PAST),  # the day of the vow
        # a participle after "be" is a passive infinitive, not a past: the wells are still to be finished
        ("Both wells are expected to be finished on Wednesday.", "Wednesday", FUTURE),
        ("The man was being held on Wednesday.", "Wednesday", PAST),
        ("On Wednesday.", "Wednesday", UNKNOWN),
    ],
)
def test_tense_near(sentence, phrase, tense) -> None:
    i = sentence.index(phrase)
    assert tense_near(sentence, i, i + len(phrase)) == tense


def test_empty_and_dateless_text() -> None:
    assert tag("", D(2023, 1, 1)) == ()
    assert tag("No dates in this sentence at all.", D(2023, 1, 1)) == ()


@pytest.mark.parametrize(
    "text, dct, phrase, type_, value",
    [
        ("Net rose in the year ended Sept. 30.", D(1989, 11, 2), "the year", "DURATION", "P1Y"),
        ("Sales for the fiscal year rose.", D(1989, 11, 2), "the fiscal year", "DATE", "1989"),
        ("It should close by year-end.", D(1989, 11, 2), "year-end", "DATE", "1989-12-31"),
        ("The index change is since year-end.", D(1989, 10, 30), "year-end", "DATE", "1988-12-31"),
        ("Books close at quarter-end.", D(1989, 8, 14), "quarter-end", "DATE", "1989-09-30"),
        ("Sales rose by the end of the year.", D(1989, 11, 2), "the end of the year", "DATE", "1989"),
        ("It was convicted in nineteen ninety-one.", D(1998, 1, 15), "nineteen ninety-one", "DATE", "1991"),
        ("The offer expires at 5 p.m. EST Nov. 9.", D(1989, 11, 2), "5 p.m. EST Nov. 9", "TIME", "1989-11-09T17:00"),
        ("They met on Monday. The next day, talks collapsed.", D(1998, 4, 29), "The next day", "DATE", "1998-04-28"),
        ("Shots rang out at 9 p.m. Saturday. A day later, police came.", D(1998, 4, 29), "A day later", "DATE",
         "1998-04-26"),
        ("The trade rose in the morning.", D(1998, 4, 29), "the morning", "TIME", "1998-04-29TMO"),
        ("Clinton meets Yeltsin on Monday.", D(1998, 4, 29), "Monday", "DATE", "1998-05-04"),
        ("Islam will one day be larger.", D(1998, 3, 3), "one day", "DATE", "FUTURE_REF"),
    ],
)
def test_more_rules(text, dct, phrase, type_, value) -> None:
    t = one(text, dct, phrase)
    assert (t.type, t.value) == (type_, value)


def test_deadline_dates_take_the_nearest_year() -> None:
    # a past reporting verb does not push a deadline back a year
    assert one("The bid was extended to Nov. 20.", D(1989, 11, 2), "Nov. 20").value == "1989-11-20"
    assert one("Its shares have fallen since March.", D(1990, 8, 13), "March").value == "1990-03"


def test_year_ago_period_in_a_quarterly_report() -> None:
    text = "GDP grew 8 percent in the first quarter of this year, up from 7 percent in the same period last year."
    assert one(text, D(1998, 4, 29), "the same period last year").value == "1997-Q1"


def test_hyphenated_duration_extent_drops_the_article() -> None:
    assert one("The 10-day visit ends.", D(1998, 4, 29), "10-day").value == "P10D"


def test_title_case_this_week_is_a_show_not_a_date() -> None:
    assert all(t.text != "This Week" for t in tag('Baker said on ABC\'s "This Week" that', D(1990, 8, 13)))


def test_last_month_name_is_last_years() -> None:
    assert one("Two helicopters crashed last February.", D(1998, 3, 1), "last February").value == "1997-02"
    assert one("He left this past February.", D(1998, 3, 1), "this past February").value == "1998-02"


def test_spoken_years_inside_dates() -> None:
    assert one("the level we saw in the winter of nineteen ninety-four", D(1998, 2, 23),
               "the winter of nineteen ninety-four").value == "1994-WI"
    assert one("January nineteen ninety-seven. Atlanta again.", D(1998, 2, 27),
               "January nineteen ninety-seven").value == "1997-01"


def test_plan_with_a_deadline() -> None:
    assert one("Qantas will double its flights by August in untouched markets.", D(1998, 2, 13),
               "August").value == "1998-08"


def test_news_wire_sentences() -> None:
    dct = D(1998, 10, 8)  # a Thursday
    text = ("Fighting resumed early Monday. In the first half of 1998 exports rose. The talks, which began Sunday "
            "night, are expected to last until Friday. At least 10 years ago, he lived in Paris. The index closed at "
            "its lowest level since Oct. 27.")
    got = {t.text: t for t in tag(text, dct)}
    assert (got["early Monday"].value, got["early Monday"].mod) == ("1998-10-05", "START")
    assert got["the first half of 1998"].value == "1998-H1"
    assert (got["Sunday night"].type, got["Sunday night"].value) == ("TIME", "1998-10-04TNI")
    assert got["Friday"].value == "1998-10-09"
    assert (got["At least 10 years ago"].value, got["At least 10 years ago"].mod) == ("1988", "ON_OR_BEFORE")
    assert got["Oct. 27"].value == "1997-10-27"  # "since" a date after the DCT's day: last year's


def test_windows_from_an_estimated_dct_are_marked() -> None:
    text = "Missiles were used on December 30. The treaty dates to 2006."
    got = {t.text: t for t in tag(text, D(2024, 1, 9), dct_estimated=True)}
    assert got["December 30"].window.estimated is True
    assert got["2006"].window.estimated is False
    assert all(not t.window.estimated for t in tag(text, D(2024, 1, 9)))


def test_clock_time_takes_the_day_named_after_it() -> None:
    got = {t.text: t for t in tag("The blast, at 10:40 a.m. (0740 GMT) Friday, killed 12.", D(1998, 8, 10))}
    assert got["10:40 a.m."].value == "1998-08-07T10:40"
    assert got["0740 GMT"].value == "1998-08-07T07:40"


def test_penn_treebank_tokenised_text() -> None:
    # T17 articles are PTB-tokenised: a space before the comma must not split the date
    got = {t.text: t.value for t in tag("The quake struck on Jan. 12 , 2010 . It ended in April , 2010 .",
                                        D(2010, 1, 20))}
    assert got["Jan. 12 , 2010"] == "2010-01-12"
    assert got["April , 2010"] == "2010-04"


def test_last_april_is_the_latest_april_before() -> None:
    assert one("Last April, the group bid.", D(1989, 10, 26), "Last April").value == "1989-04"
    assert one("It rose last December.", D(1989, 10, 26), "last December").value == "1988-12"


def test_current_as_an_adjective_is_the_present() -> None:
    t = one("It blamed current market conditions.", D(1989, 10, 30), "current")
    assert (t.type, t.value) == ("DATE", "PRESENT_REF")
    assert t.window is not None and t.window.granularity == "approximate"


@pytest.mark.parametrize(
    "text",
    ["The current account deficit widened.", "The current is strong.", "He cited a recent filing.",
     "The provision covers future losses.", "It will soon begin."],
)
def test_only_current_is_tagged_and_only_before_a_noun(text) -> None:
    assert [t.text for t in tag(text, D(1989, 10, 30))] == []


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("Shipments resume within two weeks.", "two weeks"),
        ("The deal lasted only six months.", "six months"),
        ("Its fourth quarter ended Sept. 30.", "fourth quarter"),
        ("It expects the third-quarter results to be weak.", "third-quarter"),
    ],
)
def test_signals_possessives_and_adjectival_articles_stay_out_of_the_extent(text, phrase) -> None:
    one(text, D(1989, 10, 30), phrase)


def test_the_third_quarter_as_a_noun_keeps_its_article() -> None:
    assert one("Profit fell in the third quarter.", D(1989, 10, 30), "the third quarter").value == "1989-Q3"


@pytest.mark.parametrize(
    "text, dct, phrase, value",
    [
        # a participle after a determiner is an adjective, not a past verb; "would be paid" is a plan
        ("The dividend would be paid on a still unspecified date in January.", D(1989, 10, 26), "January",
         "1990-01"),
        # a past verb of agreement governs a later event
        ("Thermo agreed to purchase the line for $22 million in February.", D(1989, 10, 30), "February", "1990-02"),
        # without the infinitive the past verb places the month in the past
        ("Thermo purchased the line for $22 million in February.", D(1989, 10, 30), "February", "1989-02"),
        # a date before the verb of intention is when the intention was stated: the past, not the plan
        ("On Friday, the Kenyan government planned to pay the first claims.", D(1998, 9, 30), "Friday",
         "1998-09-25"),
        ("The Kenyan government planned to pay the first claims on Friday.", D(1998, 9, 30), "Friday",
         "1998-10-02"),
    ],
)
def test_tense_of_adjective_participles_and_infinitives(text, dct, phrase, value) -> None:
    assert one(text, dct, phrase).value == value


def test_over_the_next_year_counts_from_the_dct_not_from_the_narrative() -> None:
    text = "Prices peaked in 1998. The challenge over the next year or so is to preserve the gains."
    assert one(text, D(2008, 9, 16), "the next year or so").value == "2009"
    text = "In 2002, the EPA left. The next year, the EPA issued a report."
    assert one(text, D(2005, 9, 2), "The next year").value == "2003"  # the narrative's next year
    text = "He left in 1995 and in the next year he was appointed."
    assert one(text, D(2005, 9, 2), "the next year").value == "1996"  # a past clause keeps the narrative
    text = "In 2020 it will be different. Few agree. Polls vary. People believe that the next year will be better."
    assert one(text, D(2005, 4, 2), "the next year").value == "2006"  # not the year after a far-off mention


def test_a_holiday_week_is_the_iso_week_of_the_holiday() -> None:
    t = one("Protesters prayed as Easter week began.", D(2000, 4, 17), "Easter week")
    assert (t.value, t.window.earliest, t.window.latest) == ("2000-W16", D(2000, 4, 17), D(2000, 4, 23))
    assert one("It was cold in Christmas week 1998.", D(2000, 4, 17), "Christmas week 1998").value == "1998-W52"
    # the weekend of a Monday holiday is the one before it; of a Thursday one, the one after
    assert one("They left over Memorial Day weekend.", D(2010, 5, 27), "Memorial Day weekend").value == "2010-W21-WE"
    assert one("He spent the Thanksgiving weekend there.", D(2008, 12, 7), "Thanksgiving weekend").value \
        == "2008-W48-WE"


def test_a_month_in_a_hyphenated_name_is_no_month() -> None:
    text = "That view is supported by the UN Legal Counsel, Carl-August Fleischauer. Sales rose from July-August."
    assert [t.text for t in tag(text, D(2005, 4, 28))] == ["July", "August"]


def test_due_in_a_month_is_a_deadline() -> None:
    # the nearest August, not last year's: the preposition does not make "due" less a deadline
    text = "It was facing a $300 million payment due in August that it said it could not pay."
    assert one(text, D(2009, 6, 15), "August").value == "2009-08"
    text = "He could stay on until his six-month term expires at the end of June."
    assert one(text, D(2009, 3, 26), "the end of June").value == "2009-06"


def test_a_month_to_be_finished_is_a_coming_one() -> None:
    assert one("Both wells are expected to be finished in August.", D(2010, 6, 2), "August").value == "2010-08"
    text = "MPs can study them before the bill is published in October."
    assert one(text, D(2005, 7, 18), "October").value == "2005-10"  # a present passive is no past


def test_a_verb_across_that_belongs_to_the_complement_clause() -> None:
    # "said ... Thursday that he will run": "will" is the complement's tense, "said" is Thursday's verb
    text = "He said at a news conference Thursday that he will run."
    assert one(text, D(2000, 4, 12), "Thursday").value == "2000-04-06"
    # likewise across "and": each conjunct has its own tense
    text = "The grandmothers arrived in New York on Friday and will meet Reno on Saturday."
    got = [(t.text, t.value) for t in tag(text, D(2000, 1, 12))]
    assert got == [("Friday", "2000-01-07"), ("Saturday", "2000-01-15")]


def test_spelled_out_day_numbers() -> None:
    text = "International Women's Day is this coming Sunday, March eighth."
    assert one(text, D(1998, 3, 5), "this coming Sunday, March eighth").value == "1998-03-08"
    assert one("He came on the twenty-first of May, 1998.", D(1998, 3, 5), "the twenty-first of May, 1998").value \
        == "1998-05-21"


def test_the_week_being_reported_on() -> None:
    text = "The index tumbled 5.39 on Friday. For the week, the index dropped 3.8%."
    assert one(text, D(1989, 10, 30), "the week").value == "1989-W43"  # Friday's week, not the DCT's
    assert one("It was the week's most active session.", D(1989, 10, 30), "the week").value == "1989-W44"
    assert [t.text for t in tag("He spent the week in Paris.", D(1989, 10, 30))] == []


def test_the_same_period_of_last_year_follows_a_half_year() -> None:
    text = "In the first half of this year, exports rose 8 percent over the same period of last year."
    assert one(text, D(1998, 8, 12), "the same period of last year").value == "1997-H1"
    text = "In the first quarter, exports rose 8 percent over the same period of 1997."
    assert one(text, D(1998, 8, 12), "the same period of 1997").value == "1997-Q1"


@pytest.mark.parametrize(
    "text, value",
    [
        ("He died on the 15th.", "1998-07-15"),  # past: last month's 15th (the DCT is the 12th)
        ("The vote is set for the 20th.", "1998-08-20"),
        ("The talks began on Aug. 3 and ended on the 5th.", "1998-08-05"),
    ],
)
def test_day_of_the_month(text, value) -> None:
    (t,) = [t for t in tag(text, D(1998, 8, 12)) if t.text.startswith("the ")]
    assert (t.type, t.value) == ("DATE", value)


def test_ordinal_day_needs_to_end_the_phrase() -> None:
    assert [t.text for t in tag("It ranked on the 15th floor.", D(1998, 8, 12))] == []


def test_later_without_a_dated_event_is_a_span() -> None:
    t = one("Two weeks later, he resigned.", D(1998, 8, 12), "Two weeks")
    assert (t.type, t.value, t.window) == ("DURATION", "P2W", None)
    # with a dated event just before it, it is that date plus the span
    t = one("He was arrested on Aug. 1. Two weeks later, he resigned.", D(1998, 8, 20), "Two weeks later")
    assert (t.type, t.value) == ("DATE", "1998-W33")


def test_over_the_years_is_an_unspecified_span() -> None:
    t = one("The conflict has killed thousands over the years.", D(1998, 8, 12), "the years")
    assert (t.type, t.value) == ("DURATION", "PXY")
    assert [t.text for t in tag("In the years since, it grew.", D(1998, 8, 12))] == []


def test_the_end_of_the_century() -> None:
    t = one("It will be done by the end of the century.", D(1998, 8, 12), "the end of the century")
    assert (t.value, t.mod) == ("19", "END")


def test_part_of_day_after_yesterday() -> None:
    t = one("Stocks fell on Wall Street yesterday afternoon.", D(1998, 8, 12), "yesterday afternoon")
    assert (t.type, t.value) == ("TIME", "1998-08-11TAF")


def test_half_of_the_year() -> None:
    assert one("The economy grew in the second half of the year.", D(1998, 8, 12),
               "the second half of the year").value == "1998-H2"


def test_verb_last_and_clause_breaks() -> None:
    got = {t.text: t.value for t in tag("The talks, which started on Monday, will last three days.", D(1998, 8, 12))}
    assert got == {"Monday": "1998-08-10", "three days": "P3D"}


def test_the_day_that_ends_a_range_of_days() -> None:
    got = {t.text: t.value for t in tag("The conference will take place from Nov. 15 to 18.", D(1998, 8, 12))}
    assert got == {"Nov. 15": "1998-11-15", "18": "1998-11-18"}
    assert [t.text for t in tag("Prices rose on Nov. 15 to 18 cents.", D(1998, 8, 12))] == ["Nov. 15"]


def test_twice_a_month_is_a_set() -> None:
    # TimeML 1.2.1 writes the frequency into the SET ("twice a week", freq 2X)
    t = one("She visits twice a month.", D(1998, 8, 12), "twice a month")
    assert (t.type, t.value) == ("SET", "P1M")


def test_the_previous_weekday_counts_from_the_narrative_day() -> None:
    text = "The index closed down 4.5% on Friday from the previous Friday."
    assert one(text, D(1998, 8, 12), "the previous Friday").value == "1998-07-31"
    text = "He arrived on Aug. 3. The following Monday he left."
    assert one(text, D(1998, 8, 20), "The following Monday").value == "1998-08-10"


def test_a_year_earlier_after_a_year_to_date_period_is_that_year() -> None:
    # "For the nine months, ... a year earlier" compares the nine months, not the quarter named before them
    text = ("RMS had a loss in the third quarter, compared with a year-earlier loss. For the nine months, the "
            "company reported a net loss, compared with net income a year earlier.")
    got = [t.value for t in tag(text, D(1989, 11, 2)) if t.text in ("year-earlier", "a year earlier")]
    assert got == ["1988-Q3", "1988"]
    text = "Net fell in the third quarter. For the year, pet food volume was flat from a year ago."
    assert one(text, D(1989, 11, 2), "a year ago").value == "1988"


@pytest.mark.parametrize(
    "text, phrase, value, mod",
    [
        ("Sales were flat in the last half of the '80s.", "the last half of the '80s", "198", "END"),
        ("Sales grew in the first half of the 1990s.", "the first half of the 1990s", "199", "START"),
        ("It fell in the first half of 1990.", "the first half of 1990", "1990-H1", None),  # a year's half stays
    ],
)
def test_half_of_a_decade_is_the_decade_with_a_mod(text, phrase, value, mod) -> None:
    t = one(text, D(1989, 10, 26), phrase)
    assert (t.value, t.mod) == (value, mod)


def test_the_quarter_a_year_ago() -> None:
    text = "Columbia lost money in the third quarter. For the quarter a year ago, it earned $16 million."
    assert one(text, D(1989, 10, 26), "the quarter a year ago").value == "1988-Q3"


def test_mid_afternoon_yesterday() -> None:
    t = one("In London at mid-afternoon yesterday, shares were up.", D(1989, 11, 2), "mid-afternoon yesterday")
    assert (t.type, t.value, t.mod) == ("TIME", "1989-11-01TAF", "MID")


def test_scheduled_present_events() -> None:
    got = [t.value for t in tag("Voters go to the polls on Sunday. The vote takes place on Sunday.", D(1998, 2, 18))]
    assert got == ["1998-02-22", "1998-02-22"]


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("Shipments resume within two to three weeks.", "two to three weeks"),
        ("Acquisitions will come during the next 12 to 18 months.", "the next 12 to 18 months"),
        ("He served 10-15 years.", "10-15 years"),
    ],
)
def test_ranges_of_durations(text, phrase) -> None:
    t = one(text, D(1998, 8, 12), phrase)
    assert t.type == "DURATION" and t.value.startswith("PX")


def test_so_far_this_year_is_this_year() -> None:
    t = one("The firm has had weak results so far this year.", D(1998, 8, 12), "this year")
    assert t.value == "1998" and t.window.latest == D(1998, 8, 12)


def test_year_earlier_as_an_adjective() -> None:
    assert one("The year-earlier results were restated.", D(1989, 10, 30), "year-earlier").value == "1988"
    t = one("Net for the year-earlier nine months included a gain.", D(1989, 10, 30), "the year-earlier nine months")
    assert (t.type, t.value) == ("DURATION", "P9M")


@pytest.mark.parametrize(
    "text, phrase, value",
    [
        ("It lasted half a century.", "half a century", "P50Y"),
        ("It took a quarter century.", "a quarter century", "P25Y"),
        ("He served a year and a half.", "a year and a half", "P1Y6M"),
        ("It took an hour and a half.", "an hour and a half", "PT1H30M"),
        ("He waited half an hour.", "half an hour", "PT30M"),
        ("A minute and a half later, a pilot called.", "A minute and a half", "PT1M30S"),
    ],
)
def test_halves_and_quarters_of_units(text, phrase, value) -> None:
    t = one(text, D(1998, 8, 12), phrase)
    assert (t.type, t.value) == ("DURATION", value)


def test_this_past_weekend_keeps_this() -> None:
    assert one("It happened this past weekend.", D(1998, 8, 12), "this past weekend").value == "1998-W32-WE"


def test_the_day_before_counts_from_the_narrative_day() -> None:
    text = "Police arrested him on Aug. 3. He had been seen the day before."
    assert one(text, D(1998, 8, 12), "the day before").value == "1998-08-02"
    assert [t.text for t in tag("He was seen the day before the vote.", D(1998, 8, 12))] == []


def test_that_year_points_back_to_a_named_date() -> None:
    assert one("He joined in 1988. That year, sales doubled.", D(1998, 8, 12), "That year").value == "1988"
    assert one("He came in March 1990 and left that same year.", D(1998, 8, 12), "that same year").value == "1990"
    assert [t.text for t in tag("That year was good.", D(1998, 8, 12))] == []


def test_present_copula_before_a_weekday_announces_it() -> None:
    assert one("The vote is on Thursday.", D(1998, 8, 12), "Thursday").value == "1998-08-13"
    assert one("The vote was on Thursday.", D(1998, 8, 12), "Thursday").value == "1998-08-06"


@pytest.mark.parametrize("text", ["This is VOA Today.", "USA Today reported the deal."])
def test_today_in_a_name_is_not_a_date(text) -> None:
    assert [t.text for t in tag(text, D(1998, 8, 12))] == []


def test_or_so_is_part_of_the_extent() -> None:
    t = one("Prices will rise over the next year or so.", D(1998, 8, 12), "the next year or so")
    assert (t.value, t.mod) == ("1999", "APPROX")


def test_the_past_year_means_the_twelve_months_up_to_the_dct() -> None:
    t = one("Trade grew in the past year.", D(1998, 8, 12), "the past year")
    assert t.value == "1997"  # TimeBank's convention for the value
    assert (t.window.earliest, t.window.latest, t.window.granularity) == (D(1997, 8, 12), D(1998, 8, 12),
                                                                           "approximate")


@pytest.mark.parametrize(
    "text, quarter, day",
    [
        ("In the quarter ended July 31, Jayark had 5.6 million shares.", "1989-Q2", "1989-07-31"),
        ("For the quarter ended Sept. 30, Delta posted net income.", "1989-Q3", "1989-09-30"),
        ("For the quarter ended Dec. 31, Delta posted net income.", "1988-Q4", "1988-12-31"),
    ],
)
def test_the_quarter_ended_a_day(text, quarter, day) -> None:
    got = [t.value for t in tag(text, D(1989, 10, 26))]
    assert got == [quarter, day]


def test_that_quarter_is_the_one_just_named() -> None:
    text = "In the second quarter of 1988, Service Corp. lost money. Results for that quarter included a write-down."
    assert one(text, D(1989, 10, 27), "that quarter").value == "1988-Q2"


def test_early_and_late_in_the_year() -> None:
    t = one("Late in the year, sales fell.", D(1998, 8, 12), "Late in the year")
    assert (t.value, t.mod, t.window.earliest) == ("1998", "END", D(1998, 9, 1))
    assert one("He joined in 1995. Late in the year, sales fell.", D(1998, 8, 12), "Late in the year").value == "1995"


def test_the_years_to_come() -> None:
    assert one("In the years to come, it will grow.", D(1998, 8, 12), "the years to come").value == "FUTURE_REF"


def test_a_deadline_without_a_past_verb_is_the_coming_day() -> None:
    thursday = D(2009, 4, 30)
    assert one("None are expecting deliveries until Tuesday.", thursday, "Tuesday").value == "2009-05-05"
    assert one("The schools stay open until Tuesday.", thursday, "Tuesday").value == "2009-05-05"
    # a past verb keeps the nearer one: the deadline may have passed
    assert one("Officials gave them until Tuesday.", thursday, "Tuesday").value == "2009-04-28"


def test_a_four_digit_time_with_its_zone_is_a_time_not_a_year() -> None:
    text = "As of 1700 BST on 15 June 2009, 76 countries had reported cases. Lines are open from 0830 to 1730 GMT."
    found = {t.text: (t.type, t.value) for t in tag(text, D(2009, 6, 16))}
    assert found["1700 BST"] == ("TIME", "2009-06-16T17:00") and found["1730 GMT"][0] == "TIME"
    assert not any(v[1] in ("1700", "1730") for v in found.values())
    assert one("In 1700 the town was founded.", D(2009, 6, 16), "1700").value == "1700"


def test_clause_tenses_tell_reported_from_announced_without_a_dct() -> None:
    from dateline.extract.timex import clause_tenses
    text = ("The bridge will reopen on June 15, the mayor announced Wednesday. Talks have stalled since March 4. "
            "The council meets Thursday. Officials met on Tuesday and will vote next Friday.")
    spans = [(text.index(w), text.index(w) + len(w)) for w in
             ("June 15", "Wednesday", "March 4", "Thursday", "Tuesday", "Friday")]
    assert clause_tenses(text, spans) == (FUTURE, PAST, PAST, FUTURE, PAST, FUTURE)
    # the same reading the tagger gives a weekday once it has a DCT
    anchors = {t.text: t.anchor for t in tag(text, dt.date(2025, 4, 10))}
    assert anchors["Wednesday"] == "dct-past" and anchors["Thursday"] == "planned"
    assert clause_tenses("", [(0, 1)]) == (UNKNOWN,)
