"""Sentences as a reader sees them: the timeline's summaries and story titles.

Citations keep the exact text of the article; summaries and titles are for reading, so they lose the lead dateline
("SEOUL, Oct. 26 (Yonhap) --"), Penn-Treebank token spacing ("Haiti 's", "-LRB-"), live-blog time stamps and
unbalanced quotes.
"""
from __future__ import annotations

import re

# "SEOUL, Oct. 26 (Yonhap) --", "BRANNOCK, March 18 (Northline) - ", "ASHCOMBE — ", "LONDON (Reuters) -": the
# place (in capitals), an optional date, an optional outlet, a dash. Not content: it neither summarises nor makes two
# sentences similar.
_LEAD_DATELINE = re.compile(r"^[A-Z]{2,}[A-Z .'’-]*?(?:(?:,[\w .,'’-]{0,40}?)?\s*\([^)]{1,40}\)\s*(?:--|—|–|-|_)"
                            r"|,[\w .,'’-]{0,40}?\s*(?:--|—|–|-|_)|[A-Z]\s*(?:--|—|–)|(?<=[A-Z]{4})\s+-)\s+")
# Penn-Treebank tokenisation (T17 and other research corpora): "-LRB- 2153 GMT -RRB-", "`` quoted ''", "world 's".
_PTB_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_PTB_BRACKET = re.compile(r"-[LR][RSC]B-")
_PTB_SPACE_BEFORE = re.compile(r" (?=[,.;:!?%)\]}]|'s\b|'re\b|'ve\b|'ll\b|'d\b|'m\b|n't\b|'(?=\s|$))")
_PTB_SPACE_AFTER = re.compile(r"(?<=[(\[{$]) ")
# "\* first point \* second point": escaped Markdown bullets of a summary box
_BULLET = re.compile(r"\s*(?:\\\*|•)\s+")
# a live blog's time stamp ("1517 The Chairman ..."): four digits of a clock time before a capitalised word; not
# 19xx/20xx, which open sentences as years ("2009 was ...") as often as clock times
_CLOCK_STAMP = re.compile(r"^(?!19|20)(?:[01]\d|2[0-3])[0-5]\d(?: GMT| UTC| local time)?:?\s+(?=[A-Z][a-z])")


# a byline/time header that cleaning left in front of a wire dateline: "By A B, Health Editor WASHINGTON | Wed Apr
# 29, 2009 7:30 pm BST WASHINGTON (Reuters) - The ...": everything up to the agency's dash is header
_WIRE_DASH = re.compile(r"\b[A-Z]{2,}[A-Z .,'’-]*\s*(?:\(|-LRB-\s*)(?:[A-Z][\w.&' -]{1,30}?)(?:\)|\s*-RRB-)\s*"
                        r"(?:--|—|–|-|_)\s+")


# a page's own time stamp before the first sentence: "Wednesday 19 October 2005 18.57 BST Former Iraqi president ..."
_PAGE_STAMP = re.compile(r"^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+(?:\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\.?\s+"
                         r"\d{1,2}),?\s+\d{4},?\s+(?:\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?\s*)?(?:GMT|BST|UTC|[ECMP][SD]T)?\s+)?"
                         r"(?=[A-Z\"“])")


# a byline with its time stamp before the first sentence: "Susan Watts | 18:00 UK time, Saturday, 25 April 2009
# Experts are ...", "Fergus Walsh | 14:07 PM, Monday, 1 June 2009 One of ..."
_BYLINE_STAMP = re.compile(r"^(?:[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*\|\s*)?\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?[Mm]\.?\s*)?"
                           r"(?:[A-Z]{2,4}(?:\s+time)?\s*)?,?\s*(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+"
                           r"\d{1,2}\s+[A-Z][a-z]+,?\s+\d{4}\s+(?=[A-Z\"“])")
# the same page stamp after a headline and standfirst run into one line: "Prepare for swine flu pandemic, WHO warns
# ... Tuesday 28 April 2009 17.37 BST The World Health Organisation ...": with its clock time, anywhere in the first
# 300 characters, everything before it is page furniture
_INNER_PAGE_STAMP = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+\d{1,2}\s+[A-Z][a-z]+,?\s+\d{4},?\s+"
                               r"\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?\s*)?(?:GMT|BST|UTC|CET|CEST|[ECMP][SD]T)\s+"
                               r"(?=[A-Z\"“])")

# a photo credit the line's caption left in front of the first sentence: "Photograph: Mike Clarke/AFP The virus ..."
_PHOTO_CREDIT = re.compile(r"^(?:Photograph|Photo|Picture|Credit)\s*:\s*[^/.]{1,40}/\s*[A-Z][\w.&-]*"
                           r"(?:\s+(?:Images|Photos?|Pictures))?\s+(?=[A-Z\"“])")


def dateline_end(text: str) -> int:
    """Length of a lead dateline ("SEOUL, Oct. 26 (Yonhap) --") at the start of a sentence, or of a header that
    ends in one within its first 200 characters; 0 when none."""
    m = (_LEAD_DATELINE.match(text) or _PAGE_STAMP.match(text) or _BYLINE_STAMP.match(text)
         or _PHOTO_CREDIT.match(text))
    if m and len(text) - m.end() > 20:
        return m.end()
    m = _INNER_PAGE_STAMP.search(text, 0, 300)
    if m and len(text) - m.end() > 20:
        return m.end()
    m = _WIRE_DASH.search(text, 0, 200)
    if m and len(text) - m.end() > 20 and ". " not in text[:m.start()]:
        return m.end()
    return 0


def _detokenise(t: str) -> str:
    """Penn-Treebank token spacing back to plain prose (only for summaries: citations keep the exact text)."""
    t = _PTB_BRACKET.sub(lambda m: _PTB_BRACKETS.get(m.group(0), m.group(0)), t)
    t = t.replace("``", "\"").replace("''", "\"").replace("\\/", "/")  # "AP\/Reuters": an escaped slash
    t = _PTB_SPACE_BEFORE.sub("", t)
    t = _PTB_SPACE_AFTER.sub("", t)
    if t.count('"') % 2 == 0:  # drop the space on the inner side of each pair of quotes
        t = re.sub(r'"\s*([^"]*?)\s*"', r'"\1"', t)
    return t


def clean_summary(text: str) -> str:
    """A sentence as a timeline line: one line, no lead dateline, plain punctuation, balanced quotes."""
    t = _detokenise(" ".join(text.split()))
    t = t[dateline_end(t):]
    t = _CLOCK_STAMP.sub("", t, count=1)
    t = _BULLET.sub("; ", _BULLET.sub("", t, count=1) if _BULLET.match(t) else t).strip()
    if t.count('"') % 2 == 1:
        t = t[1:] if t.startswith('"') else t[:-1] if t.endswith('"') else t.replace('"', "") if t.count('"') == 1 else t
    if t.count("“") != t.count("”"):
        t = t.strip("“”")
    t = t.strip()
    if t[:1].islower():
        t = t[0].upper() + t[1:]
    return t or " ".join(text.split())
