"""The recogniser's grammar: lexicon tables and compiled regexes for English news time expressions.

Each rule is a named regex; `timex.py` runs them all, keeps the longest non-overlapping matches and hands each to
the normaliser of its rule. Month and weekday names are matched case-sensitively (capitalised), which keeps
"may"/"march"/"sun" as words out; everything else ignores case.
"""
from __future__ import annotations

import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3, "thursday": 4,
    "thu": 4, "thurs": 4, "friday": 5, "fri": 5, "saturday": 6, "sat": 6, "sunday": 7, "sun": 7,
}
UNITS = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W", "weekend": "WE", "month": "M",
    "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE",
}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "dozen": 12, "a dozen": 12, "single": 1, "couple": 2, "a couple of": 2, "couple of": 2, "a couple": 2,
}
VAGUE_NUMBERS = frozenset({"few", "a few", "several", "many", "some", "numerous", "the past few", "more"})
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4,
    "last": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
    "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "21st": 21, "twenty-second": 22,
    "twenty-third": 23, "twenty-fourth": 24, "twenty-fifth": 25, "twenty-sixth": 26, "twenty-seventh": 27,
    "twenty-eighth": 28, "twenty-ninth": 29, "thirtieth": 30, "thirty-first": 31,
}
SEASON_CODES = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

# --- building blocks ---------------------------------------------------------------------------------------
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"JANUARY|FEBRUARY|MARCH|APRIL|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER|"
    r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)(?:\.|\b(?=\s*\d)))"
)
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|(?:Mon|Tues?|Wed|Thu(?:rs)?|Fri|Sat|Sun)\.)"
DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])"
_DAY_ORDINAL = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|"
    r"fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty[- ](?:first|second|third|fourth|fifth|"
    r"sixth|seventh|eighth|ninth)|thirtieth|thirty[- ]first)(?![a-z-])"
)
# spelled-out day numbers, as transcripts write them: "Sunday, March eighth", "the twenty-first of May"
DAY_OR_WORD = rf"(?:{DAY}|{_DAY_ORDINAL})"
YEAR = r"(?<![0-9$£€.,:/])(?:1[5-9][0-9]{2}|20[0-9]{2})(?![0-9%]|,[0-9]|\.[0-9]|-(?![0-9]{2}\b|[0-9]{4}\b)[0-9])"
_UNITS_RE = r"(?:second|minute|hour|day|night|week|month|quarter|year|decade|centur(?:y|ie))"
_NUM_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|"
    r"eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|(?:a\s+)?hundred|(?:a\s+)?dozen|(?:a\s+)?couple(?:\s+of)?|single)"
)
NUM = rf"(?:[0-9]+(?:\.[0-9]+)?(?:\s+1/2)?|{_NUM_WORD}(?:\s+and\s+a\s+half)?|an?)"
VAGUE = r"(?:a\s+few|few|several|many|some|numerous)"
# early/mid/late and "the end of" etc. in front of a date: group `mod`.
MODPFX = (
    r"(?P<mod>(?:the\s+)?(?:(?:very\s+)?early|(?:very\s+)?late|mid-?|middle|"
    r"(?:beginning|start|end|middle|close|turn|dawn|latter\s+part|early\s+part|"
    r"later\s+part|latter\s+half|rest|remainder)\s+of(?:\s+the)?)\s*)"
)
DURMOD = (
    r"(?P<dm>more\s+than|over(?!\s+the\b)|at\s+least|nearly|almost|about|around|roughly|approximately|some|up\s+to|"
    r"within|less\s+than|under|no\s+more\s+than|fewer\s+than|just\s+over|just\s+under|well\s+over|close\s+to|"
    r"the\s+better\s+part\s+of|as\s+many\s+as|as\s+much\s+as|as\s+long\s+as|upwards\s+of|barely|only|"
    r"at\s+most|a\s+full|fully)\s+"
)
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_ONES = r"(?:one|two|three|four|five|six|seven|eight|nine)"
SPOKEN_YEAR = (
    rf"(?:nineteen[\s-]+(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    rf"{_TENS}(?:[\s-]+{_ONES})?)|two\s+thousand(?:\s+and\s+(?:{_ONES}|ten))?)(?![a-z-])"
)
REL_YEAR = r"(?:this|last|next|the\s+(?:preceding|previous|prior|following|same|next|current)|that)\s+year"


def _c(pattern: str, *, case: bool = False) -> re.Pattern[str]:
    # never start inside a word
    return re.compile(r"(?<![A-Za-z0-9])(?:" + pattern + ")", 0 if case else re.IGNORECASE)


# Month and weekday names must be capitalised: wrap those parts in (?-i:...).
def _cs(part: str) -> str:
    return f"(?-i:{part})"


M = _cs(MONTH)
W = _cs(WEEKDAY)

RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso_date", _c(r"(?<![0-9-])(?P<y>[12][0-9]{3})-(?P<m>[01][0-9])-(?P<d>[0-3][0-9])(?![0-9])")),
    ("slash_date", _c(r"(?<![0-9/])(?P<m>1[0-2]|0?[1-9])/(?P<d>[12][0-9]|3[01]|0?[1-9])/(?P<y>[0-9]{4}|[0-9]{2})(?![0-9/])")),
    (
        "full_date",
        _c(
            rf"(?:(?P<rel>(?:this\s+coming|this\s+past|last|next|this|coming)\s+)?(?P<wd>{W})\s*,?\s+(?:the\s+)?)?"
            rf"(?:(?P<m1>{M})\s+(?:the\s+)?(?P<d1>{DAY_OR_WORD})|"
            rf"(?:the\s+)?(?P<d2>{DAY_OR_WORD})\s+(?:of\s+)?(?P<m2>{M}))"
            rf"(?:(?:\s*,\s*|\s+)(?:of\s+)?(?P<y>{YEAR})|\s*,?\s*'(?P<y2>[0-9]{{2}})(?![0-9]))?"
        ),
    ),
    (
        # "he died on the 15th": a day of the month the article is in (or the one next to it)
        "day_of_month",
        _c(
            r"(?:on|by|until|till|since|before|after|from|for)\s+(?P<x>the\s+(?P<d>(?:[12][0-9]|3[01]|0?[1-9])"
            r"(?:st|nd|rd|th)|(?-i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
            r"twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
            r"twenty-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirtieth|thirty-first)))"
            r"(?=\s*[,.;]|\s+(?:and|or|to|of\s+(?:this|next|last|the)\s+month)\b)"
        ),
    ),
    (
        "month_year",
        _c(
            rf"(?:{MODPFX})?(?P<m>{M})\s*,?\s+(?:of\s+)?(?:(?P<y>{YEAR}|{SPOKEN_YEAR})|(?P<ry>{REL_YEAR})|'(?P<y2>[0-9]{{2}})(?![0-9]))"
        ),
    ),
    (
        "month",
        # "last Oct. 23" is a day (full_date after the cue "last"), not last October
        _c(rf"(?:(?P<rel>this\s+past|this\s+coming|last|next|this|coming|past)\s+)?(?:{MODPFX})?(?P<m>{M})(?![a-z])"
           rf"(?(rel)(?!\.?\s+(?:the\s+)?{DAY_OR_WORD}))"),
    ),
    (
        "year",
        _c(
            rf"(?:{MODPFX})?(?P<fy>(?:the\s+)?(?:fiscal|calendar|financial|model|school)(?:\s+year)?[- ]|"
            rf"the\s+year\s+)?(?P<y>{YEAR})(?:\s+(?P<orl>or\s+(?:later|earlier|before|after|beyond)))?"
            rf"(?!\s*(?:-|to|and)\s*(?:1[5-9]|20)[0-9]{{2}}\s+(?:people|members|votes|troops))"
        ),
    ),
    ("year_period", _c(rf"the\s+(?P<y>{YEAR})\s+(?P<u>period|quarter|half|season|fiscal\s+year)(?![a-z])")),
    (
        "the_year",
        _c(
            r"(?:(?P<pre>for|in|of|during|throughout|through|over)\s+)?"
            r"(?P<x>the\s+(?:(?:full|fiscal|calendar|current|entire|whole)[\s-]+)*year)(?![a-z'-])"
            r"(?P<post>\s+(?:ended|ending|to\s+date|through|that\s+ended|which\s+ended))?"
        ),
    ),
    (
        "unit_end",
        _c(
            r"(?:(?P<pre>since|by|until|till|before|after|around|at|near|toward|towards)\s+)?(?P<x>"
            r"the\s+(?P<w>end|beginning|start|middle|close|turn)\s+of\s+the\s+(?P<u>year|month|week|decade|quarter|"
            r"century)|"
            r"(?P<ye>year|month|quarter)(?:[- ]end|'s\s+end))(?![a-z-])"
        ),
    ),
    (
        "period",
        _c(
            r"(?:the\s+)?(?P<rel>latest|most\s+recent|year-earlier|year-ago|year\s+earlier|comparable|same|"
            r"corresponding|year-before|prior-year|previous-year)\s+(?P<u>period)(?![a-z])"
            rf"(?:(?P<ly>\s+(?:(?:of|in)\s+)?(?:last|a)\s+year(?:\s+(?:earlier|ago))?)|\s+(?:of|in)\s+(?P<py>{YEAR}))?"
        ),
    ),
    (
        "spoken_year",
        _c(
            r"(?:the\s+year\s+)?(?:nineteen[\s-]+(?P<b>ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
            r"eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:one|two|three|"
            r"four|five|six|seven|eight|nine))?)|two\s+thousand(?:\s+and\s+(?P<c>one|two|three|four|five|six|"
            r"seven|eight|nine|ten))?)(?![a-z-])"
        ),
    ),
    ("year_short", _c(r"(?:(?P<fy>fiscal|FY)\s*)'?(?P<y2>[0-9]{2})(?![0-9])")),
    (
        "decade",
        _c(
            # "the first half of the 1990s": the decade with a mod, not the first half of the year 1990
            rf"(?:(?P<hf>(?:the\s+)?(?:first|second|last)\s+half\s+of\s+)|{MODPFX})?"
            r"(?:the\s+)?(?:(?P<c>1[5-9]|20)(?P<d>[0-9])0'?s|'(?P<d2>[0-9])0s|"
            r"(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b"
        ),
    ),
    # "the 20th century", "the mid-20th century", "the late 19th century"
    ("century", _c(rf"(?:{MODPFX})?(?:the\s+)?(?P<o>[a-z0-9]+(?:-[a-z]+)?)[\s-]+century\b")),
    (
        "quarter",
        _c(
            rf"(?:(?P<py>{YEAR}|this\s+year|last\s+year|next\s+year)(?:'s)?\s+)?"
            r"(?P<det>the\s+|this\s+|last\s+|next\s+|that\s+|its\s+)?"
            r"(?P<rel>(?:(?:latest|past|previous|prior|current|most\s+recent|recent|year-earlier|year-ago|"
            r"comparable|same|year\s+earlier|fiscal|calendar|just-ended|just\s+ended|first-time|final)[- ]+)*)"
            r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last)?[- ]?(?:fiscal[- ]+)?"
            r"(?P<u>quarter|half)(?![a-z])(?![- ]+centur)"  # "the past quarter century" is 25 years
            rf"(?:\s+of\s+(?:fiscal\s+|the\s+)?(?P<y2>{YEAR}|{REL_YEAR}|(?<=the\s)year(?![a-z-]))|,?\s+(?P<y3>{YEAR})|"
            r"(?P<ago>\s+(?:a|one)\s+year\s+(?:ago|earlier)))?"
        ),
    ),
    # a code inside a longer token is no period: "H1N1" (a flu strain), "AQ3", "Q3-B"
    ("q_code", _c(rf"(?<![A-Za-z0-9-])(?-i:(?P<h>[QH])(?P<n>[1-4]))(?:\s+(?P<y>{YEAR}))?(?![0-9A-Za-z]|-[A-Za-z0-9])")),
    (
        "season",
        _c(
            rf"(?:(?P<pre>(?:{MODPFX}|(?:the|this\s+past|this\s+coming|this|last|next|past|coming|early|late|"
            rf"mid-?)\s+)+))?(?P<s>spring|summer|fall|autumn|winter)(?![a-z]|-[a-z])"
            # "the spring of last year", "spring this year": the season of that year
            rf"(?:\s+(?:of\s+)?(?P<y>{YEAR}|{SPOKEN_YEAR})|\s+(?:of\s+)?(?P<ry>{REL_YEAR}))?"
        ),
    ),
    (
        "rel_unit",
        _c(
            rf"(?:{MODPFX})?(?P<rel>this\s+past|this\s+coming|that\s+same|that|last|next|this|past|coming|previous|"
            r"current|the\s+(?:past|previous|prior|"
            r"preceding|following|next|current|coming|same|latest|last))\s+(?:(?P<fis>fiscal|calendar)\s+)?"
            r"(?P<u>week|weekend|month|year|decade|century)(?![a-z])(?P<os>\s+or\s+so(?![a-z]))?"
        ),
    ),
    (
        "rel_day",
        _c(
            r"(?:the\s+(?P<rel>same|next|following|previous|prior|preceding)|(?P<that>that))\s+"
            r"(?P<u>day|morning|afternoon|evening|night)(?![a-z])|"
            # "he had been seen the day before": before/after the narrative day (not "the day before the vote")
            r"the\s+(?P<u2>day|morning|afternoon|evening|night)\s+(?P<ba>before|after)(?=\s*[,.;:)]|\s+(?:and|but)\b)"
        ),
    ),
    (
        "part_of_day",
        _c(
            r"(?:(?P<pre>in|during|by|through|throughout|until|since)\s+)(?P<x>(?:the\s+)?(?P<mod>mid-?|early|late)?\s*"
            r"(?P<t>morning|afternoon|evening|night))(?![a-z])|"
            r"(?P<x2>mid-?\s?(?P<t2>morning|afternoon|day)(?:\s+(?P<dd>yesterday|today|tomorrow))?)(?![a-z])"
        ),
    ),
    (
        "earlier_this",
        _c(r"(?P<w>earlier|later|early|late)\s+(?:this|in\s+the)\s+(?P<u>week|month|year|decade)(?![a-z])"),
    ),
    ("the_weekend", _c(r"(?:over\s+)?(?P<x>the\s+weekend)(?![a-z])")),
    (
        # "over the years", "in the early years": an unspecified span (TIMEX3 DURATION PXY)
        "the_years",
        _c(
            r"(?:over|through|throughout|in|during|for)\s+(?P<x>the\s+(?:early\s+|later\s+|intervening\s+)?"
            r"(?P<u>years|decades|months|weeks|centuries))(?![a-z'])"
            r"(?!\s+(?:of|since|before|after|to|ahead|that|when|in|between|from|following|leading|which)\b)"
        ),
    ),
    (
        # "For the week, the index dropped 3.8%", "the week's most active session": the week being reported on
        "the_week",
        _c(
            r"(?:(?P<pre>for|during|over|throughout)\s+)?(?P<x>the\s+week)(?:(?='s\b)|(?(pre)(?=\s*[,.;])|(?!x)x))"
        ),
    ),
    (
        "ago",
        _c(
            rf"(?:{DURMOD})?(?P<n>{NUM}|{VAGUE})[\s-]+(?P<u>{_UNITS_RE})s?\s+(?:or\s+so\s+)?"
            r"(?P<dir>ago|earlier|before|later|after|from\s+now|hence|back|previously|since)(?![a-z])"
        ),
    ),
    ("bare_ago", _c(rf"(?P<u>days|weeks|months|years|decades)\s+(?P<dir>ago|earlier|later|after|before)(?![a-z])")),
    ("year_earlier", _c(r"(?:the\s+)?(?P<w>year-earlier|year-ago|year\s+earlier|prior-year|previous-year)(?![a-z])")),
    (
        "duration",
        _c(
            rf"(?:{DURMOD})?(?:(?P<det>the|each\s+of\s+the|all)\s+)?(?:(?P<rel>past|last|next|first|coming|"
            r"final|previous|latest|remaining|following|initial|additional|recent|same|prior|subsequent|ensuing|"
            r"preceding|year-earlier|year-ago|comparable)\s+)?"
            rf"(?:(?P<n0>(?<![0-9.,])[0-9]{{1,3}}(?:\.[0-9]+)?|{_NUM_WORD})\s*(?:to|or|-|\u2013)\s*(?=[0-9a-z]))?"
            rf"(?P<n>{NUM}|{VAGUE})(?:\s+|-)(?:(?:more|additional|extra|full|straight|consecutive|trading|"
            rf"business|calendar|working)[\s-]+)?(?P<u>{_UNITS_RE})s?(?:-(?:old|long))?(?![a-z])(?P<os>\s+or\s+so)?"
        ),
    ),
    (
        # "half a century", "a half-century", "a quarter century", "a year and a half", "an hour and a half"
        "half_duration",
        _c(
            rf"(?:{DURMOD})?(?:(?P<half>half\s+an?\s+|an?\s+half[- ])|(?P<qc>(?:an?|the(?:\s+(?:past|last|next|previous|first|coming|final))?)\s+quarter[- ]))"
            rf"(?P<u>{_UNITS_RE})(?![a-z])|"
            rf"(?:(?P<dm2>more\s+than|nearly|almost|about|over|at\s+least|some)\s+)?(?P<n>an?|one|two|three|four|five|"
            rf"six|seven|eight|nine|ten|[0-9]+)\s+(?P<u2>{_UNITS_RE})s?\s+and\s+a\s+half(?![a-z])"
        ),
    ),
    (
        "bare_plural",
        _c(
            r"(?<![a-z])(?P<u>years|months|weeks|days|decades|hours|minutes|centuries)(?![a-z'])"
        ),
    ),
    (
        "weekday",
        _c(
            rf"(?:(?P<rel>this\s+past|this\s+coming|last|next|this|coming|early|late|earlier|later|past|"
            rf"the\s+(?:previous|preceding|prior|following|next))\s+)?"
            rf"(?P<wd>{W}|(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?=s\b))(?P<pl>s\b)?"
            r"(?:\s+(?P<tod>morning|afternoon|evening|night|overnight))?"
        ),
    ),
    (
        "deictic",
        _c(
            # the two-word forms first: the regex takes the first alternative that fits, not the longest
            r"(?:(?P<mod>early|late|earlier|later)\s+)?(?P<w>"
            r"(?:this|yesterday|tomorrow|last|early\s+this|late\s+this|earlier\s+this|later\s+this)\s+"
            r"(?:morning|afternoon|evening|night)|"
            r"(?:the\s+)?day\s+before\s+yesterday|(?:the\s+)?day\s+after\s+tomorrow|"
            r"today|tonight|yesterday|tomorrow|overnight)(?![a-z])"
        ),
    ),
    (
        "clock",
        _c(
            rf"(?:(?P<ap0>about|around|approximately|shortly\s+(?:after|before)|just\s+(?:after|before))\s+)?"
            r"(?:(?P<h>[0-9]{1,2})(?:[:.](?P<mi>[0-5][0-9]))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b|a\.m\b|p\.m\b)|"
            # "1700 BST", "0830GMT", "2000 hrs": a 24-hour time by its zone (a year is never followed by one)
            r"(?P<hh>[01][0-9]|2[0-3])(?P<mm>[0-5][0-9])(?=\s*(?-i:GMT|UTC|BST|CET|CEST|EET|EEST|[ECMP][SD]T|IST|JST|"
            r"AE[SD]T)\b|\s+(?:local|hrs\b))|"
            # "00:01 Monday", "08:30 GMT": a 24-hour time with a colon, by its zone or (two-digit hours: not a score
            # "won 3:1 on Monday") the day right after it
            rf"(?P<h24>[01]?[0-9]|2[0-3]):(?P<m24>[0-5][0-9])(?![0-9:])(?=\s*(?-i:GMT|UTC|BST|CET|CEST|EET|EEST|"
            rf"[ECMP][SD]T|IST|JST|AE[SD]T)\b|\s+(?:local|hrs\b)|(?<=[0-9]{{2}}:[0-9]{{2}})\s+{W})|"
            r"(?P<nm>noon|midday|midnight))"
            r"(?:\s+(?P<tz>(?-i:[A-Z]{2,4})\b|\([A-Z]{2,4}\)|local\s+time))?"
            rf"(?:,?\s+(?:on\s+)?(?P<dw>{W})|\s+(?P<dd>today|tonight|yesterday|tomorrow)|"
            rf",?\s+(?:on\s+)?(?P<cm>{M})\s+(?P<cd>{DAY}))?"
        ),
    ),
    (
        "ref",
        _c(
            r"(?P<present>(?:right\s+)?now|currently|at\s+present|presently|nowadays|these\s+days|"
            r"at\s+the\s+moment|the\s+present|present\s+day|at\s+this\s+time|to\s+date|so\s+far\s+(?P<x>this\s+year))|"
            r"(?P<past>recently|lately|(?:in\s+)?recent\s+(?:days|weeks|months|years|decades|times|quarters)|"
            r"the\s+past(?!\s+(?:[0-9]|few|several|two|three|four|five|six|seven|eight|nine|ten|day|week|"
            r"month|year|decade|quarter|century))|once\s+upon\s+a\s+time|"
            r"(?:the\s+)?(?:last|past)\s+(?:few|several)\s+(?:days|weeks|months|years|decades|quarters)|"
            r"(?:earlier|past)\s+(?:years|months|decades))|"
            r"(?P<future>the\s+(?:near\s+|distant\s+|foreseeable\s+|immediate\s+|not-too-distant\s+)?future(?!s)|"
            r"the\s+(?:near|short|long|longer|medium)\s+term|(?:the\s+)?(?:coming|next\s+few|upcoming)\s+"
            r"(?:days|weeks|months|years|quarters|decades)|(?:the\s+)?(?:days|weeks|months|years)\s+ahead|"
            r"(?:the\s+)?(?:days|weeks|months|years|decades)\s+to\s+come|"
            r"a\s+later\s+date|one\s+day\s+(?=\w+\s+(?:will|be)))(?![a-z])"
        ),
    ),
    (
        # the adjective "current" ("current market conditions"): TIMEX3 tags the word alone as PRESENT_REF. "recent",
        # "future" and "soon" were tried the same way and left out: annotators tag them too rarely (they lowered
        # both the held-out TimeBank part and AQUAINT)
        "adj_ref",
        _c(
            r"(?P<w>current)(?=\s+[a-z])(?!\s+(?:accounts?|assets|liabilities|affairs|events|"
            r"prices|dollars|flows?|generation|tense|practice|law|laws|rules?|system|and|or|as|of|at|to|in|"
            r"on|for|from|by|with|year|month|week|quarter|period|years|months|weeks|quarters|days|decades|times|"
            r"fiscal|calendar|half|is|are|was|were|be|has|had|have)\b)"
        ),
    ),
    (
        "set",
        _c(
            # "twice a day", "five days a week", "three times a year": the frequency is part of the SET's extent
            rf"(?:(?P<freq>once|twice|thrice|(?:{NUM})\s+(?:times|days|nights|hours|weeks|months))\s+(?=(?:a|per)\s))?"
            rf"(?P<q>every|each|per|a)\s+(?:other\s+|single\s+)?(?P<u>day|week|month|year|quarter|morning|night|"
            rf"evening|afternoon|weekend|decade|hour|minute|summer|winter|spring|fall|autumn|{W}|{M})(?![a-z])"
            r"(?!\s+(?:ago|earlier|later|before|after|from\s+now)\b)|"
            r"(?P<adv>(?:daily|weekly|monthly|yearly|quarterly|hourly|nightly|biweekly|bimonthly)(?![a-z])"
            r"(?!\s+(?-i:[a-z]))|(?:annually|semiannually|year-round)(?![a-z]))"
        ),
    ),
    (
        "holiday",
        _c(
            r"(?P<h>Christmas(?:\s+(?:Day|Eve))?|New\s+Year's(?:\s+(?:Day|Eve))?|Independence\s+Day|July\s+Fourth|"
            r"Fourth\s+of\s+July|Halloween|Valentine's\s+Day|Boxing\s+Day|"
            # floating holidays (timex_calendar.floating_holiday)
            r"Thanksgiving(?:\s+Day)?|Election\s+Day|Memorial\s+Day|Labou?r\s+Day|Columbus\s+Day|"
            r"Martin\s+Luther\s+King(?:\s+Jr\.?)?(?:'s)?\s+(?:Day|Birthday)|Presidents'?\s+Day|Mother's\s+Day|"
            r"Father's\s+Day|Good\s+Friday|Palm\s+Sunday|Easter(?:\s+(?:Sunday|Monday))?(?!\s+(?:Island|Rising)))(?![A-Za-z])"
            # "Easter week", "the Thanksgiving weekend": the ISO week (weekend) of the holiday
            r"(?:\s+(?P<wk>week|weekend)(?![A-Za-z]))?"
            r"(?:\s+(?P<y>(?:1[5-9]|20)[0-9]{2}))?"
        ),
    ),
)

HOLIDAYS = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24), "new year's": (1, 1),
    "new year's day": (1, 1), "new year's eve": (12, 31), "independence day": (7, 4), "july fourth": (7, 4),
    "fourth of july": (7, 4), "halloween": (10, 31), "valentine's day": (2, 14), "boxing day": (12, 26),
}

# A cheap sentence splitter for tense context when the caller gives no sentences.
SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])|\n\s*\n|\n(?=\s*[-*•|])")

# --- anchors: cheap keyword classes that tell which rules can match near a position ----------------------------
# Running every rule over the whole text costs ~30 regex passes with optional prefixes tried at every character;
# running each rule only in small windows around its own keywords (classes below) is several times faster and finds
# the same. Classes: MONTH, WEEKDAY (capitalised names), UNIT (day, week, year, ...), DIGIT, DEICTIC (today, ...),
# REF (now, recent, future, ...), SEASON, SETW (daily, every, ...), HOLIDAY, DECADEW, QCODE (Q3, H1), PERIOD, SPOKEN.
RULE_ANCHORS: dict[str, frozenset[str]] = {
    "iso_date": frozenset({"DIGIT"}),
    "slash_date": frozenset({"DIGIT"}),
    "full_date": frozenset({"MONTH"}),
    "month_year": frozenset({"MONTH"}),
    "day_of_month": frozenset({"DIGIT", "ORDW"}),
    "month": frozenset({"MONTH"}),
    "year": frozenset({"DIGIT"}),
    "year_short": frozenset({"DIGIT"}),
    "the_year": frozenset({"UNIT"}),
    "unit_end": frozenset({"UNIT"}),
    "period": frozenset({"PERIOD"}),
    "spoken_year": frozenset({"SPOKEN"}),
    "year_period": frozenset({"DIGIT"}),
    "decade": frozenset({"DIGIT", "DECADEW"}),
    "century": frozenset({"UNIT"}),
    "quarter": frozenset({"UNIT"}),
    "q_code": frozenset({"QCODE"}),
    "season": frozenset({"SEASON"}),
    "rel_unit": frozenset({"UNIT"}),
    "earlier_this": frozenset({"UNIT"}),
    "the_weekend": frozenset({"UNIT"}),
    "the_years": frozenset({"UNIT"}),
    "the_week": frozenset({"UNIT"}),
    "ago": frozenset({"UNIT"}),
    "bare_ago": frozenset({"UNIT"}),
    "year_earlier": frozenset({"UNIT"}),
    "duration": frozenset({"UNIT"}),
    "bare_plural": frozenset({"UNIT"}),
    "half_duration": frozenset({"UNIT"}),
    "weekday": frozenset({"WEEKDAY"}),
    "deictic": frozenset({"DEICTIC", "UNIT"}),
    "rel_day": frozenset({"UNIT", "DEICTIC"}),
    "part_of_day": frozenset({"UNIT", "DEICTIC"}),
    "clock": frozenset({"DIGIT", "DEICTIC"}),
    "ref": frozenset({"REF", "UNIT"}),
    "set": frozenset({"SETW", "UNIT"}),
    "holiday": frozenset({"HOLIDAY"}),
    "adj_ref": frozenset({"REF"}),
}
WINDOW_BEFORE, WINDOW_AFTER = 70, 60

# The classes as a word table: one pass of a trivial tokeniser plus dict lookups is ~20x faster than one big
# alternation of keywords (which the regex engine would try at every character).
TOKEN = re.compile(r"[A-Za-z]+[0-9]*|[0-9]+")
_WORD_CLASSES: dict[str, set[str]] = {}


def _add(cls: str, words: str) -> None:
    for w in words.split():
        _WORD_CLASSES.setdefault(w, set()).add(cls)


_add("UNIT", "second seconds minute minutes hour hours day days night nights week weeks weekend weekends fortnight "
             "fortnights month months quarter quarters half year years decade decades century centuries yearly "
             "daylong yearlong monthlong weeklong")
_add("DEICTIC", "today tonight yesterday tomorrow morning mornings afternoon afternoons evening evenings overnight "
                "noon midday midnight")
_add("REF", "current now currently present presently recent recently lately past previously formerly future soon "
            "shortly term ahead coming later moment nowadays upon")
_add("SEASON", "spring summer fall autumn winter")
_add("SETW", "daily weekly monthly annually yearly quarterly hourly nightly biweekly semiannually bimonthly every "
             "each per")
_add("HOLIDAY", "christmas new independence july fourth halloween valentine boxing")
_add("DECADEW", "twenties thirties forties fifties sixties seventies eighties nineties")
_add("PERIOD", "period")
_add("ORDW", "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
             "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth twenty thirtieth thirty")
_add("SPOKEN", "nineteen thousand")
WORD_CLASSES: dict[str, frozenset[str]] = {w: frozenset(c) for w, c in _WORD_CLASSES.items()}
CAPITALISED_CLASSES: dict[str, str] = {}
for _w in MONTHS:
    CAPITALISED_CLASSES[_w] = "MONTH"
for _w in ("thanksgiving", "election", "memorial", "labor", "labour", "columbus", "martin", "presidents", "mother",
           "father", "good", "palm", "easter"):
    CAPITALISED_CLASSES[_w] = "HOLIDAY"  # floating holidays: anchored only when capitalised
for _w in WEEKDAYS:
    CAPITALISED_CLASSES[_w] = "WEEKDAY"
    CAPITALISED_CLASSES[_w + "s"] = "WEEKDAY"
QCODE_TOKEN = re.compile(r"[QH][1-4]")
