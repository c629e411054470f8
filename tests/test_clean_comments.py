"""Reader-comment threads are cut: they are not reporting, and their dates would become timeline entries."""
from __future__ import annotations

from dateline.clean import clean
from dateline.records import RawArticle

ARTICLE = ("Bridge reopens after repairs\n"
           "The Kell bridge reopened on Monday after six weeks of repairs, the county said.\n"
           "Engineers replaced two bearings and resurfaced the deck.\n")
THREAD = ("At 10:02 am on 14 Jan 2010, riverfan wrote: About time! I opened my Christmas present on 25 Dec.\n"
          "Great news for commuters. At 11:15 pm on 14 Jan 2010 , Old Tom wrote : The county took too long.\n"
          "Reply to this comment\n")


def _raw(text: str) -> RawArticle:
    return RawArticle("a.txt", "a.txt", "text", text, text, None, None, None, None, None, None, None)


def test_a_comment_thread_after_the_article_is_cut():
    c = clean(_raw(ARTICLE + THREAD))
    assert "reopened on Monday" in c.text and "bearings" in c.text
    assert "wrote" not in c.text and "Christmas" not in c.text and "commuters" not in c.text


def test_article_text_before_the_first_header_on_the_same_line_is_kept():
    text = ARTICLE.rstrip("\n") + " Readers reacted. " + THREAD.replace("\n", " ", 1)
    c = clean(_raw(text))
    assert "resurfaced the deck." in c.text and "Readers reacted." in c.text and "riverfan" not in c.text


def test_one_quoted_post_in_a_report_is_not_a_thread():
    text = ARTICLE + "At 9:30 am on Tuesday, the mayor wrote: the bridge is safe.\nTraffic is back to normal.\n"
    c = clean(_raw(text))
    assert "the mayor wrote" in c.text and "Traffic is back to normal." in c.text


def test_a_blog_comment_section_is_cut():
    thread = ("Posted by: kray | September 24, 2008 6:14 PM | Report abuse\nHe should debate.\n"
              "Posted by: meme | September 24, 2008 5:07 PM | Report abuse\nNo, he should not.\n")
    c = clean(_raw(ARTICLE + thread))
    assert "bearings" in c.text and "Posted by" not in c.text and "debate" not in c.text


def test_a_thread_whose_headers_give_the_date_without_on_is_cut():
    thread = ("At 08:23 30th Apr 2009, jon112uk wrote: It is all overblown, like bird flu in 2005.\n"
              "At 09:41 30th Apr 2009, Mary S wrote: My cousin in Himeji says the schools are shut.\n")
    c = clean(_raw(ARTICLE + thread))
    assert "bearings" in c.text and "jon112uk" not in c.text and "Himeji" not in c.text
