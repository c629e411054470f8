"""Unit and property tests for each cleaning signal, on invented text (not the seeds)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.clean import (
    byline_author,
    caption_score,
    clean,
    decide_lines,
    find_dateline,
    is_date_stamp,
    line_core,
    line_features,
    normalise_line,
    photo_credit,
    repeated_lines,
)
from dateline.records import RawArticle

P1 = ("The regional council approved the new budget on Tuesday after a debate that lasted more than six hours, "
      "officials said.")
P2 = ("Opposition members argued that the spending plan ignored rural districts, while the governor said the "
      "money would reach every town by the end of the year.")
P3 = ("The budget now goes to the national treasury, which has thirty days to raise objections before it takes "
      "effect in the spring.")


def raw(text: str, **kw) -> RawArticle:
    return RawArticle(origin="t", source_file=None, fmt="text", text=text, **kw)


def kept_lines(text: str, **kw) -> list[str]:
    return clean(raw(text), **kw).text.split("\n")


# --- line cores -------------------------------------------------------------------------------------------------

def test_core_strips_table_and_image_debris_but_keeps_words():
    line = "| ▲ A firefighter walks past a burned house in the village. (Reuters) |"
    s, e = line_core(line)
    assert line[s:e] == "A firefighter walks past a burned house in the village. (Reuters)"


def test_core_strips_editorial_slugs():
    for line, expected in [("(2nd LD) Council approves budget", "Council approves budget"),
                           ("(LEAD) Council approves budget", "Council approves budget"),
                           ("UPDATE 2-Council approves budget", "Council approves budget")]:
        s, e = line_core(line)
        assert line[s:e] == expected


def test_core_keeps_an_outlet_dateline():
    line = "(CNN) — The government announced new measures on Monday."
    assert line_core(line) == (0, len(line))


def test_core_keeps_leading_numbers():
    line = "5. Oktober 2023 wurde der Vertrag in Berlin unterzeichnet."
    assert line_core(line) == (0, len(line))


def test_core_keeps_dialogue_dashes():
    line = "— Мы продолжим переговоры на следующей неделе, — заявил министр."
    assert line_core(line) == (0, len(line))


def test_core_of_pure_debris_is_empty():
    s, e = line_core("![]() |")
    assert s == e


# --- shape -------------------------------------------------------------------------------------------------------

def test_sentence_shape():
    assert line_features(P1).sentence_like
    assert not line_features("Council Approves Budget After Marathon Session").sentence_like
    assert not line_features("Share").sentence_like
    assert line_features("Share").weak_ui == 1


def test_normalise_line_ignores_case_space_and_edge_punctuation():
    assert normalise_line("  Share:  ") == normalise_line("share") == "share"


# --- specific signals -----------------------------------------------------------------------------------------------

def test_byline():
    assert byline_author("By Anna Kowalska") == "Anna Kowalska"
    assert byline_author("By JOHN SMITH, Associated Press") == "JOHN SMITH"
    assert byline_author("Von Anna Schmidt") == "Anna Schmidt"
    assert byline_author("By Thursday the river had risen") is None
    assert byline_author("By the end of the year") is None
    assert byline_author("By Reuters") is None


def test_photo_credit_versus_caption():
    assert photo_credit("Photo: Reuters")
    assert photo_credit("Header image: dpa / Kay Nietfeld")
    assert photo_credit("REUTERS/Jane Doe")
    assert not photo_credit(P1)
    caption = "▲ The mayor (C) speaks to residents in the town square on Monday. (Yonhap)"
    assert caption_score(caption, caption.lstrip("▲ ")) >= 2
    assert caption_score(P1, P1) < 2


def test_date_stamp():
    assert is_date_stamp("Oct 26, 2023 14:35 KST")
    assert is_date_stamp("Updated: 26.10.2023")
    assert not is_date_stamp("The council met on Oct. 26, 2023 to approve the budget for the next fiscal year.")


def test_datelines():
    dl, n = find_dateline("BERLIN, March 3 (dpa) -- The council ...")
    assert (dl.place, dl.outlet, dl.month, dl.day, n) == ("BERLIN", "dpa", 3, 3, 24)
    dl, _ = find_dateline("NAIROBI, Kenya (AP) — Heavy rain ...")
    assert (dl.place, dl.outlet, dl.month) == ("NAIROBI, Kenya", "AP", None)
    dl, _ = find_dateline("LONDON, 12 May 2021 (Reuters) - Prices ...")
    assert (dl.day, dl.month, dl.year) == (12, 5, 2021)
    dl, _ = find_dateline("Buenos Aires – The government announced ...")
    assert dl.place == "Buenos Aires" and dl.outlet is None
    dl, _ = find_dateline("(CNN) — The government announced ...")
    assert (dl.place, dl.outlet) == (None, "CNN")
    assert find_dateline("The government – which had promised reform – said ...") is None
    assert find_dateline(P1) is None


# --- decisions in context ----------------------------------------------------------------------------------------

def test_share_bar_and_copyright_removed_body_kept():
    text = "\n".join(["Share", "Tweet", "Email", P1, P2, P3, "© 2024 Example Media. All rights reserved."])
    out = kept_lines(text)
    assert out == [P1, P2, P3]


def test_link_list_in_a_language_outside_the_lexicon_is_removed_by_shape_and_context():
    # Polish and Turkish words are not in the UI lexicon: the run of short non-sentence lines goes by context.
    tail = ["Zobacz także", "Rząd przyjął nowy plan dla regionu", "Wybory lokalne odbędą się w maju",
            "Kategoria", "Polityka", "Paylaş", "Yorum yap"]
    out = kept_lines("\n".join([P1, P2, P3, *tail]))
    assert out == [P1, P2, P3]


def test_subheading_between_paragraphs_is_kept():
    out = kept_lines("\n".join([P1, "What happens next", P2, P3]))
    assert out == [P1, "What happens next", P2, P3]


def test_short_sentence_between_paragraphs_is_kept():
    out = kept_lines("\n".join([P1, "He declined to comment.", P2]))
    assert "He declined to comment." in out


def test_duplicate_headline_kept_once_and_marked():
    title = "Council Approves Budget After Marathon Session"
    cleaned = clean(raw("\n".join([title, title, "Share:", P1, P2])))
    assert cleaned.text.split("\n") == [title, P1, P2]
    assert cleaned.title == title
    assert [s.kind for s in cleaned.spans] == ["headline"]


def test_navigation_before_the_headline_is_removed():
    title = "Council Approves Budget After Marathon Session"
    cleaned = clean(raw("\n".join(["Home", "News", "Politics", title, "By Maria Lopez", "5 min read", P1, P2])))
    assert cleaned.text.split("\n") == [title, P1, P2]
    assert cleaned.author == "Maria Lopez"


def test_newsletter_sentence_in_the_tail_is_removed():
    out = kept_lines("\n".join([P1, P2, "Sign up for our newsletter to get the top stories every morning.",
                                "Follow us on Facebook and Twitter"]))
    assert out == [P1, P2]


def test_caption_kept_and_marked():
    caption = "▲ Council members vote on the budget in the capital on Tuesday. (AP Photo/Jane Doe)"
    cleaned = clean(raw("\n".join([P1, caption, P2])))
    spans = [s for s in cleaned.spans if s.kind == "caption"]
    assert len(spans) == 1
    assert cleaned.text[spans[0].start:spans[0].end] == caption.removeprefix("▲ ")


def test_caption_by_photo_credit_alone():
    caption = ("Residents wade through floodwater in Kisumu on Tuesday after the lake burst its banks. "
               "(AP Photo/Brian Inganga)")
    cleaned = clean(raw("\n".join([P1, caption, P2])))
    assert [cleaned.text[s.start:s.end] for s in cleaned.spans if s.kind == "caption"] == [caption]
    # An agency tag alone at the end of a sentence is not enough.
    line = "Officials in the capital said the talks would resume next week after a short pause. (Reuters)"
    assert not [s for s in clean(raw("\n".join([P1, line, P2]))).spans if s.kind == "caption"]


def test_repeated_lines_across_an_outlet_are_removed():
    promo = "Listen to our daily podcast every weekday morning"
    raws = [raw("\n".join([p, promo, P3]), outlet="Example") for p in (P1, P2, P1 + " Extra.")]
    rep = repeated_lines(raws, min_count=3)
    assert normalise_line(promo) in rep
    # P3 is a sentence repeated in every article: taken too (it is in more than half of the outlet's articles).
    assert normalise_line(P3) in rep
    assert promo not in clean(raws[0], repeated_lines=rep).text
    # Other outlets do not pool their counts.
    mixed = [raw("\n".join([P1, promo]), outlet=name) for name in ("A", "B", "C")]
    assert repeated_lines(mixed, min_count=3) == frozenset()


def test_repeated_background_sentence_in_a_minority_of_articles_is_kept():
    background = "The council has governed the region since the reform of the provincial system in 1999."
    raws = [raw(f"{P1} {i}\n{background if i < 3 else P2}", outlet="X") for i in range(8)]
    assert normalise_line(background) not in repeated_lines(raws, min_count=3)


def test_decisions_cover_every_input_line():
    text = "\n".join(["Share", "", P1, "(END)"])
    decisions, _ = decide_lines(text)
    assert [d.index for d in decisions] == [0, 1, 2, 3]
    assert [d.keep for d in decisions] == [False, False, True, False]
    assert decisions[3].reason == "editorial"


# --- properties ---------------------------------------------------------------------------------------------------

_lines = st.one_of(
    st.sampled_from([P1, P2, P3, "Share", "", "(END)", "By Anna Nowak", "▲ A caption of a photo here. (AP)",
                     "Council Approves Budget", "- Category", "![]() |", "SEOUL, Oct. 26 (Yonhap) -- " + P1,
                     "© 2020 X", "Related News", "| cell | cell |", "(2nd LD) Headline Words Here"]),
    st.text(max_size=80),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_lines, max_size=25))
def test_clean_never_crashes_and_keeps_input_lines_in_order(lines):
    text = "\n".join(lines)
    cleaned = clean(raw(text))
    source = text.split("\n")
    pos = 0
    for kept in cleaned.text.split("\n") if cleaned.text else []:
        # Each kept line is a verbatim substring of a later input line than the previous one.
        while pos < len(source) and kept not in source[pos]:
            pos += 1
        assert pos < len(source), kept
        pos += 1
    for span in cleaned.spans:
        assert 0 <= span.start <= span.end <= len(cleaned.text)
    if cleaned.dateline:
        assert cleaned.text[cleaned.dateline.start:cleaned.dateline.end].strip()


def test_title_hint_picks_the_headline_among_head_lines():
    head = ["Regional Council Budget Coverage And Analysis Hub Page", "Council approves the budget"]
    cleaned = clean(raw("\n".join([*head, P1, P2]), title="Council approves the budget"))
    assert cleaned.title == "Council approves the budget"
    assert [cleaned.text[s.start:s.end] for s in cleaned.spans if s.kind == "headline"] == [cleaned.title]
    assert head[0] not in cleaned.text


def test_repeated_lines_group_by_url_host_when_outlet_is_missing():
    promo = "Download our app for breaking news alerts"
    raws = [raw(f"{p}\n{promo}", url=f"https://www.example.org/news/{i}") for i, p in enumerate((P1, P2, P3))]
    assert normalise_line(promo) in repeated_lines(raws)
    other = [raw(f"{p}\n{promo}", url=f"https://site{i}.net/a") for i, p in enumerate((P1, P2, P3))]
    assert repeated_lines(other) == frozenset()


def test_dateline_on_its_own_line_and_wire_underscore_dash():
    cleaned = clean(raw("\n".join(["NAIROBI, Kenya (AP) _", P1, P2])))
    assert cleaned.text.split("\n")[0] == "NAIROBI, Kenya (AP) _"
    assert (cleaned.dateline.place, cleaned.dateline.outlet) == ("NAIROBI, Kenya", "AP")
    cleaned = clean(raw("\n".join(["WASHINGTON _", P1, P2])))
    assert cleaned.dateline.place == "WASHINGTON" and cleaned.text.startswith("WASHINGTON _\n")


def test_small_data_tables_in_the_body_are_kept():
    rows = ["KENYA:", "Total dead: 192", "Injured: 4,877", "TANZANIA:", "Total dead: 10", "Injured: 74"]
    out = kept_lines("\n".join([P1, *rows, P2]))
    assert out == [P1, *rows, P2]


MULTILINGUAL = {
    "ar": ["أعلنت الحكومة يوم الثلاثاء عن خطة جديدة لإعادة بناء الطرق المتضررة من الفيضانات في شمال البلاد.",
           "وقال وزير النقل إن الأعمال ستبدأ الشهر المقبل وستستمر حتى نهاية العام.",
           "وأضاف أن تكلفة المشروع تبلغ نحو مئتي مليون دولار."],
    "zh": ["周二，政府宣布了一项新计划，用于重建北部地区被洪水损坏的道路。",
           "交通部长表示，工程将于下个月开始，并将持续到年底。",
           "他补充说，该项目的费用约为两亿美元。"],
    "ja": ["政府は火曜日、北部で洪水の被害を受けた道路を再建する新たな計画を発表した。",
           "運輸相によると、工事は来月始まり、年末まで続く見通しだ。",
           "事業費は約２億ドルに上るという。"],
    "hi": ["सरकार ने मंगलवार को उत्तर में बाढ़ से क्षतिग्रस्त सड़कों के पुनर्निर्माण की नई योजना की घोषणा की।",
           "परिवहन मंत्री ने कहा कि काम अगले महीने शुरू होगा और साल के अंत तक चलेगा।",
           "उन्होंने कहा कि परियोजना की लागत लगभग दो सौ मिलियन डॉलर है।"],
    "ru": ["Во вторник правительство объявило о новом плане восстановления дорог, пострадавших от наводнения.",
           "Министр транспорта сообщил, что работы начнутся в следующем месяце и продлятся до конца года.",
           "По его словам, стоимость проекта составит около двухсот миллионов долларов."],
}


def test_body_paragraphs_in_other_scripts_are_kept():
    for lang, paragraphs in MULTILINGUAL.items():
        cleaned = clean(raw("\n".join(["Share", *paragraphs, "© 2024 Example Media"])))
        assert cleaned.text.split("\n") == paragraphs, lang


def test_a_brief_without_body_paragraphs_is_not_emptied():
    cleaned = clean(raw("\n".join(["Quake hits Tokyo", "Trains halted", "Share"])))
    assert cleaned.text.split("\n") == ["Quake hits Tokyo", "Trains halted"]


def test_copies_of_one_article_are_not_boilerplate_to_each_other():
    """Three identical wire copies from one outlet keep their text; a shared footer across different articles goes."""
    from dateline.clean import repeated_lines
    from dateline.records import RawArticle

    story = ("Engineers found a new crack in the Corrin Dam on Monday, the water board said.\n"
             "About 4,200 people were told to leave their homes below the reservoir.")
    copies = [RawArticle(origin=f"w{i}.txt", source_file="wire.jsonl", fmt="jsonl", text=story, outlet="Wire")
              for i in range(3)]
    assert repeated_lines(copies) == frozenset()
    footer = "Follow us for more updates"
    bodies = ["The council approved the new bridge after a long debate on Tuesday evening.",
              "Heavy rain closed two schools and flooded the market square in the old town.",
              "A local baker won the regional prize for her rye bread at the autumn fair."]
    different = [RawArticle(origin=f"d{i}.txt", source_file="site.jsonl", fmt="jsonl", outlet="Site",
                            text=f"{body}\n{footer}") for i, body in enumerate(bodies)]
    assert len(repeated_lines(different)) == 1
