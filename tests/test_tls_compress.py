"""tls_compress: day words, wire tags and openers cut from timeline sentences; content and spans left alone."""
from dateline.tls_compress import compress


def test_inline_weekday_with_or_without_on_is_cut():
    assert compress("Energy giant BP vowed Monday to pay all clean-up costs from the spill .") == (
        "Energy giant BP vowed to pay all clean-up costs from the spill ."
    )
    assert compress("BP said later on Thursday that it had cut a ruptured pipe from the well .") == (
        "BP said that it had cut a ruptured pipe from the well ."
    )
    assert compress("Mary Landry said Friday morning that no oil appeared to be leaking .") == (
        "Mary Landry said that no oil appeared to be leaking ."
    )


def test_leading_day_and_opener_are_cut_and_the_sentence_recapitalised():
    assert compress("On Saturday , robots removed the cap that had been placed on the leak .") == (
        "Robots removed the cap that had been placed on the leak ."
    )
    assert compress("Late Thursday evening the Coast Guard said there was a new leak .") == (
        "The Coast Guard said there was a new leak ."
    )
    assert compress("-- BP Chief Executive Tony Hayward says the company takes full responsibility .") == (
        "BP Chief Executive Tony Hayward says the company takes full responsibility ."
    )
    assert compress("However , Thomas said 5,000 barrels of oil were still leaking .") == (
        "Thomas said 5,000 barrels of oil were still leaking ."
    )


def test_calendar_day_after_on_and_wire_tag_are_cut():
    assert compress("The oil rig exploded off the coast of Louisiana on April 20 , killing 11 workers .") == (
        "The oil rig exploded off the coast of Louisiana , killing 11 workers ."
    )
    assert compress("BP 's dividend is due to be paid on 22 June to all of its shareholders .") == (
        "BP 's dividend is due to be paid to all of its shareholders ."
    )
    assert compress("The story appeared in the Guardian on Saturday 1 May 2010 and was widely read .") == (
        "The story appeared in the Guardian and was widely read ."
    )
    assert compress("Oil washes up on the beach of Elmer 's Island -LRB- Reuters -RRB- .") == (
        "Oil washes up on the beach of Elmer 's Island ."
    )


def test_days_that_bound_a_span_or_name_something_stay():
    for text in (
        "Officials said oil could reach landfall in the delta region by late Friday .",
        "The company will meet BP chairman Carl-Henric Svanberg next Wednesday .",
        "High seas were forecast through Sunday along the whole coast .",
        "Oil has been gushing from the well since April 20 , officials estimate .",
        "Senators debated Tuesday 's vote on the drilling moratorium at length .",
    ):
        assert compress(text) == text


def test_attribution_tails_and_other_parentheses_stay():
    text = "Five times more oil a day is spewing into the Gulf , the Coast Guard said ."
    assert compress(text) == text
    text = "The rig was drilling in 5,000 ft -LRB- 1,525 m -RRB- of water ."
    assert compress(text) == text


def test_too_short_a_remainder_keeps_the_original():
    assert compress("The spill grew on Tuesday .", min_tokens=6) == "The spill grew on Tuesday ."
    assert compress("The spill grew on Tuesday .", min_tokens=4) == "The spill grew ."


def test_summarise_compresses_the_picked_sentence_only_when_asked():
    import datetime as dt

    from dateline.tls import PreparedArticle, TlsOptions, TlsSentence, summarise
    from dateline.tls_data import TimelineTask

    day = dt.date(2010, 4, 22)
    text = "The burning Deepwater Horizon rig sank on Thursday into the Gulf of Mexico ."
    prepared = (PreparedArticle(day, (TlsSentence(0, 0, day, text, (), 1.0, False, text.count(" ") + 1),)),)
    task = TimelineTask("spill", "t", day, day + dt.timedelta(days=3), n_dates=1, n_sentences=1)
    assert summarise(prepared, task) == [(day, ["The burning Deepwater Horizon rig sank into the Gulf of Mexico ."])]
    assert summarise(prepared, task, options=TlsOptions(compress=False)) == [(day, [text])]
