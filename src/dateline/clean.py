"""Keep only the article: remove navigation, UI strings and other page debris; find headline, byline, dateline and
photo captions.

How it decides (line by line, then in context — the jusText idea, adapted to extracted plain text):
1. Each non-empty line is reduced to its *core*: markdown/table debris (`![]()`, `|`), bullet glyphs and editorial
   slugs such as "(2nd LD)" or "UPDATE 2-" are trimmed from its edges. The core is always a contiguous substring of
   the input line, so every kept sentence stays verbatim.
2. Each line gets an initial class from its shape and a few strong signals:
   - `bad`: no letters (debris), copyright notices, whole-line editorial notes "(END)", "(ATTN: ...)", agency tags
     "(dpa)", photo credits, bare date/time stamps, "Label: Name" rows, menu rows "A | B | C", short lines naming a
     social platform, short lines of generic UI words (a small multilingual lexicon — one signal among several),
     sentences with two UI phrases, lines repeated inside the article or across the outlet's articles
     (`repeated_lines`);
   - `good`: sentence-like lines (enough words, mostly running text, terminal punctuation, not a Title Case run;
     caseless scripts count as running text and unspaced scripts are counted by characters);
   - `near`: everything else (short sentences, headings, headlines, list items);
   - captions, bylines and a dateline standing alone ("NAIROBI, Kenya (AP) _") are neutral for context.
3. Context: a `near` line takes its fate from the nearest good/bad lines (the start and end of the text count as
   `bad`): a short sentence stays next to a good line (after the first body paragraph); a single heading stays
   when a good line follows; small data tables ("Injured: 4,877") stay inside the body; runs of two or more
   non-sentence lines (link lists, menus, related headlines) and everything before the body or after the last
   body paragraph go.
4. Before the first body paragraph, the longest title-like line is the headline (kept, marked, Cleaned.title); when
   the input names its title (raw.title), only a line that is that title qualifies. A dateline opening the second
   body line makes a short first line the headline.
5. The dateline is searched at the start of the first body lines (or, for upper-case place + date/outlet forms,
   after a run-in headline on the same line) and stays in the text, marked by a span.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from dateline.records import Cleaned, Dateline, RawArticle, Span

CLEAN_VERSION = "clean@2"  # @2: reader-comment threads cut

# ---------------------------------------------------------------------------------------------------------------
# Line cores: trim page debris from the edges of a line without touching the words inside.

# Markdown images/links with empty or URL text, table pipes, bullets, arrows and box glyphs at the edges.
# Em and en dashes are not debris: Russian, Ukrainian, French and Spanish open direct speech with them.
_EDGE_DEBRIS_LEFT = re.compile(r"^(?:[\s|*•·▪▫◦‣⁃>#=+~_▲△▼▽▶►▷◀◁◆◇■□●○★☆✓✔➤➔→]|!\[[^\]]*\]\([^)]*\))+")
# Leading glyphs that typically introduce a photo caption on news sites (Yonhap's ▲, arrows, camera icons).
_CAPTION_GLYPH = re.compile(r"^[\s|]*(?:[▲△▶►▷◀◁📷📸]|\[photo\]|\[image\])", re.I)
# Numbered markers ("1. ") are not stripped: "5. Oktober 2023 ..." starts a German sentence with a date.
_BULLET = re.compile(r"^\s*[-*•·▪◦‣⁃]\s+")
# Editorial slugs at the start of a line: "(2nd LD)", "(LEAD)", "(URGENT)", "(3rd LD-ADDS)", "UPDATE 2-", "EXCLUSIVE-".
_SLUG_PREFIX = re.compile(
    r"^(?:\((?:\d+(?:st|nd|rd|th)\s+)?[A-Z][A-Z0-9]+(?:[ -][A-Z][A-Z0-9,]+)*\)\s+(?!--|—|–|-\s)"
    r"|(?:UPDATE\s+\d+|EXCLUSIVE|BREAKING|WRAPUP(?:\s+\d+)?|CORRECTED|REFILE|RPT|URGENT|FLASH)\s*[-:]\s*)+"
)


_RIGHT_DEBRIS_CHARS = " \t|*•·▪#=+~\u00a0"
_MD_IMAGE_AT_END = re.compile(r"!\[[^\]]*\]\([^)]*\)$")


def _right_edge(line: str, start: int) -> int:
    """End of `line` without trailing table pipes, bullets, spaces and markdown images (cheap: no full scan)."""
    end = len(line)
    while end > start:
        trimmed = line[start:end].rstrip(_RIGHT_DEBRIS_CHARS)
        end = start + len(trimmed)
        if trimmed.endswith(")"):
            m = _MD_IMAGE_AT_END.search(trimmed[-300:])
            if m:
                end -= len(m.group(0))
                continue
        break
    return end


def line_core(line: str) -> tuple[int, int]:
    """(start, end) of the meaningful part of `line`: edge debris and editorial slugs trimmed."""
    start, end = 0, len(line)
    m = _EDGE_DEBRIS_LEFT.match(line)
    if m:
        start = m.end()
    end = _right_edge(line, start)
    # A bullet marker "- " or "1. " left after the glyph pass (e.g. "| - item").
    m = _BULLET.match(line, start)
    if m and m.end() < end:
        start = m.end()
    m = _SLUG_PREFIX.match(line[start:end])
    if m and m.end() < end - start:
        start += m.end()
    return start, max(start, end)


# ---------------------------------------------------------------------------------------------------------------
# Lexicons. Generic UI vocabulary in several languages. Deliberately small: it is one signal among the shape and
# context signals, and it is not a list of the seeds' strings.

# Words that are UI only when they stand almost alone on a short line ("Share", "Print", "Category").
_WEAK_UI = frozenset("""
share shares print email e-mail mail tweet comment comments reply subscribe subscription login log sign register
menu home search next previous prev back top close open more related tags tag category categories topics topic
advertisement advert ad ads sponsored promoted video videos gallery photos photo watch listen play podcast
newsletter newsletters whatsapp telegram facebook twitter instagram youtube linkedin pinterest reddit viber x
copy link links cookies cookie accept decline settings privacy terms contact about rss feed app download
published updated publication date posted modified read minutes min
bookmark save favourite favorite favourites favorites follow join
поділитися поширити друк коментарі коментар підписатися підписка реклама категорія теги тема новини дата
публікації опубліковано оновлено читати також обраного додати зберегти
поделиться печать комментарии подписаться подписка реклама категория теги тема новости дата публикации
опубликовано обновлено читайте также избранное добавить
teilen drucken kommentare kommentar abonnieren anzeige werbung themen kategorie datum veröffentlicht aktualisiert
startseite suche mehr zurück
partager imprimer commentaires commentaire abonner abonnez-vous publicité catégorie accueil recherche
publié mis jour lire aussi
compartir imprimir comentarios comentario suscríbete suscribirse publicidad categoría inicio buscar publicado
actualizado
공유 인쇄 댓글 구독 광고 관련기사 기사 목록 더보기
""".split())

# Phrases that are UI wherever they appear (checked as substrings of the case-folded line).
_STRONG_UI = (
    "share this", "share on", "share via", "sign up", "subscribe to", "subscribe now", "newsletter", "click here",
    "read more", "read also", "see also", "also read", "related news", "related articles", "related stories",
    "related content", "more on the topic", "more on this", "more from", "most read", "most popular",
    "recommended for you", "you may also like", "you might also like", "follow us", "join our", "whatsapp group",
    "telegram channel", "all rights reserved", "cookie", "privacy policy", "terms of use", "terms of service",
    "add to favo", "back to top", "skip to", "load more", "show more", "download the app", "get the app",
    "advertisement", "sponsored content", "leave a comment", "post a comment", "comments are closed",
    "log in to", "sign in to", "create an account", "reporting by", "editing by", "writing by",
    "additional reporting", "this article was", "originally published", "story continues",
    "додати до обраного", "читайте також", "читати також", "більше на тему", "підписуйтесь", "підпишіться",
    "всі права захищені", "поділитися", "добавить в избранное", "читайте также", "подписывайтесь",
    "подпишитесь", "все права защищены", "lesen sie auch", "mehr zum thema", "alle rechte vorbehalten",
    "jetzt abonnieren", "zum newsletter", "à lire aussi", "lire aussi", "sur le même sujet",
    "tous droits réservés", "abonnez-vous", "lee también", "noticias relacionadas", "todos los derechos",
    "suscríbete", "무단 전재", "재배포 금지", "관련 기사",
    "分享到", "相关新闻", "相关阅读", "责任编辑", "版权所有", "关注我们", "打印本页", "关联記事", "シェアする",
)

# First four letters of the first word of each phrase (phrases may match inside words: "cookie" in "cookies").
_STRONG_PREFIXES = frozenset(re.findall(r"[^\W\d_][\w'’-]*", p)[0][:4] for p in _STRONG_UI
                             if re.findall(r"[^\W\d_][\w'’-]*", p))
_STRONG_UI_RE = re.compile("|".join(re.escape(p) for p in sorted(_STRONG_UI, key=len, reverse=True)))
# Cheap substrings one of which every copyright notice below contains (checked before the regex).
_COPYRIGHT_KEYS = ("©", "(c)", "copyright", "rights", "rechte", "droits", "derechos", "diritti", "права", "prawa",
                   "版权", "무단")
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright\b)|©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4})|all rights reserved|"
    r"alle rechte vorbehalten|tous droits réservés|todos los derechos reservados|tutti i diritti riservati|"
    r"все права защищены|всі права захищені|wszelkie prawa zastrzeżone|版权所有|무단 전재",
    re.I,
)
# A whole line in brackets that starts with an upper-case word: "(END)", "(ATTN: ...)", "[MORE]", "(EDITOR'S NOTE)".
_EDITORIAL_NOTE = re.compile(r"^[(\[]\s*[A-Z][A-Z'’]+(?:\b|:)[^()\[\]]*[)\]]$")
_SIGN_OFF = re.compile(r"^(?:-+\s*)?(?:END|MORE|ENDS|###|-30-|# # #)(?:\s*-+)?$")
# Photo credits: "Cover photo: imago / Steinach", "Photo: Reuters", "Фото: УНІАН", "REUTERS/Kim Hong-Ji".
_CREDIT_PREFIX = re.compile(
    r"^(?:(?:cover|main|top|header|lead|featured|title)\s+)?(?:photo|image|picture|foto|фото|bild|illustration|"
    r"photograph|credit|crédit|crédito|source|quelle|джерело|источник|사진|写真)s?(?:\s+credit)?\s*[:：|/–—-]\s*",
    re.I,
)
_AGENCY_SLASH = re.compile(r"^[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*)*\s*/\s*[A-Z]")  # "REUTERS/Kim", "AP Photo/Lee"
# A photo credit closing the line: "(AP Photo/Brian Inganga)", "(Photo: Reuters)", "Foto: dpa" — on its own enough
# to call a line that carries a description a caption.
_CAPTION_PHOTO_END = re.compile(
    r"\((?:[^()]*\b(?:photo|photos|foto|фото|getty images|file photo)\b[^()]*)\)\s*$"
    r"|\b(?:photo|foto|фото|image|credit)\s*:\s*[^.]{2,60}$",
    re.I,
)
_CAPTION_CREDIT_END = re.compile(
    r"\((?:[^()]*\b(?:photo|photos|foto|фото|getty|reuters|ap|afp|epa|yonhap|xinhua|dpa|file)\b[^()]*)\)\s*$"
    r"|\b(?:photo|foto|фото|image|credit)\s*:\s*[^.]{2,60}$"
    r"|/\s*(?:getty images|afp|reuters|ap|epa|imago)\s*$",
    re.I,
)
_CAPTION_CUE = re.compile(
    r"\b(?:file photo|in this (?:file )?(?:photo|image|picture)|photo provided by|pictured|is seen|are seen|"
    r"poses? for|photo not for sale)\b|\((?:L|R|C|left|right|center|centre|front|top|bottom)\)",
    re.I,
)
_DATE_STAMP_WORDS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august september "
    "october november december am pm gmt utc est edt cet cest kst bst pst pdt updated published posted modified "
    "at on mon tue wed thu fri sat sun monday tuesday wednesday thursday friday saturday sunday".split()
)

# Bylines: "By Kim Seung-yeon", "By JOHN DOE, Associated Press", "Von Anna Schmidt", "Автор: Іван Петренко".
_BYLINE = re.compile(
    r"^(?:by|written by|words by|von|par|por|di|door|av|автор|author|reporter)\s*:?\s+"
    r"(?P<name>[^\W\d_][\w'’.-]*(?:\s+(?:[^\W\d_][\w'’.-]*|and|&|und|et|y|i|и|та|de|da|van|von|der|le|la|al))"
    r"{0,6})(?:\s*(?:,|\||/|–|—|-)\s*(?P<rest>.{0,80}))?$",
    re.I,
)
_NON_NAME_WORDS = frozenset(
    "the a an this that these those its his her their our my your thursday monday tuesday wednesday friday "
    "saturday sunday january february march april may june july august september october november december "
    "far then now all most some".split()
)

# Social platforms and messengers: a short line naming one is a prompt ("Join our X group", "Follow us on X").
_PLATFORMS = frozenset("whatsapp telegram viber facebook twitter instagram youtube tiktok linkedin pinterest reddit "
                       "vkontakte вконтакте mastodon bluesky snapchat wechat kakaotalk weibo 微信 微博".split())
# "Label: Value" metadata rows: one label word, a colon, a few capitalised words ("Source: Reuters", "Bron: ANP").
_LABEL_VALUE = re.compile(r"^[^\W\d_][\w.-]*\s*[:：]\s*[^\W\d_][\w.'’-]*(?:\s+(?:[/&]|[^\W\d_][\w.'’-]*)){0,2}$")
# A whole short line in brackets: "(dpa)", "(AFP)", "[Reuters]" — an agency tag or sign-off.
_BRACKET_TAG = re.compile(r"^[(\[][^()\[\]]{1,30}[)\]]$")
_NON_LETTERS = re.compile(r"[\W\d_]+")
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.U)
# Sentence end, allowing closing quotes/brackets after it (also Penn Treebank's '' and -RRB-) and ". ." debris.
_TERMINAL = re.compile(r"[.!?…。！？؟۔।](?:\s*(?:['\"”’»)\]」』]|''|-RRB-))*\s*$|[.!?…]\s*[.]\s*$")
# Menu rows: three or more short items joined by separators ("Share | Print | Email", "World · Politics · Sport").
_MENU_ROW = re.compile(r"^(?:[^|·•/]{1,30}\s[|·•]\s){2,}[^|·•/]{1,30}$")
# "Label: Name / Agency" credit rows.
_LABELLED_SLASH = re.compile(r"^[^:：]{1,25}[:：]\s*[^/]{1,50}/[^/]{1,50}$")


# ---------------------------------------------------------------------------------------------------------------
# Datelines: "SEOUL, Oct. 26 (Yonhap) --", "SEOUL, South Korea (AP) —", "Washington DC –", "BERLIN (Reuters) -".

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH_RE = (r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
             r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)")
_DASH = r"(?:--|—|–|[-_](?=\s|$))"  # old AP wire copy writes the dash as " _ "
_PLACE_CAPS = (r"(?P<place>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}"
               r"(?:\s?,\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2})?)")
_PAREN = r"(?:\(|-LRB-\s*)(?P<outlet>[^()]{1,40}?)(?:\)|\s*-RRB-)"
_DATELINE_FULL = re.compile(
    _PLACE_CAPS + r"\s?,\s+" + _MONTH_RE + r"\s+(?P<day>\d{1,2})(?:\s?,\s+(?P<year>\d{4}))?\s*(?:" + _PAREN + r")?\s*"
    + _DASH + r"\s*"
)
_DATELINE_DAY_FIRST = re.compile(
    _PLACE_CAPS + r"\s?,\s+(?P<day>\d{1,2})\s+" + _MONTH_RE + r"(?:\s+(?P<year>\d{4}))?\s*(?:" + _PAREN + r")?\s*"
    + _DASH + r"\s*"
)
# "(CNN) — The ..." — an outlet without a place.
_DATELINE_OUTLET_ONLY = re.compile(r"\((?P<outlet>[A-Z][\w.&' -]{1,24})\)\s*" + _DASH + r"\s*")
_DATELINE_OUTLET = re.compile(_PLACE_CAPS + r"\s*" + _PAREN + r"\s*" + _DASH + r"\s*")
# Mixed-case place, dash, then the sentence: "Washington DC – Russia is ...". Only at the start of the first body
# paragraph and only a short run of capitalised words, so ordinary sentences with dashes do not match.
_DATELINE_PLACE = re.compile(
    r"(?P<place>[A-Z][\w.'’]*(?:[ ,]+[A-Z][\w.'’]*){0,3})\s+(?:--|—|–|_)(?:\s+(?=[A-Z\"“])|\s*$)"
)


def _month(token: str) -> int | None:
    return _MONTHS.get(token.lower().rstrip("."))


# The strong patterns (upper-case place + date or outlet) may also stand after a run-in headline on the same line,
# as flattened markup leaves them ("... spill risk looms HOUSTON (Reuters) - An oil rig ..."); searched in the
# first few hundred characters only.
_DATELINE_INLINE = tuple(re.compile(r"(?<=\s)" + p.pattern) for p in (_DATELINE_FULL, _DATELINE_DAY_FIRST,
                                                                      _DATELINE_OUTLET))
_INLINE_WINDOW = 300


def find_dateline(line: str) -> tuple[Dateline, int] | None:
    """A dateline at the start of `line` (or, for the strong patterns, after a run-in headline): the Dateline with
    start/end relative to the line, and its end."""
    candidates = [(p, p.match(line)) for p in (_DATELINE_FULL, _DATELINE_DAY_FIRST, _DATELINE_OUTLET, _DATELINE_PLACE,
                                               _DATELINE_OUTLET_ONLY)]
    candidates += [(p, p.search(line, 0, _INLINE_WINDOW)) for p in _DATELINE_INLINE]
    for pattern, m in candidates:
        if not m:
            continue
        groups = m.groupdict()
        place = groups.get("place")
        if pattern is _DATELINE_PLACE and not _plausible_place(place):
            continue
        month = _month(groups["month"]) if groups.get("month") else None
        day = int(groups["day"]) if groups.get("day") else None
        if day is not None and not 1 <= day <= 31:
            continue
        year = int(groups["year"]) if groups.get("year") else None
        outlet = groups.get("outlet")
        end = len(line[:m.end()].rstrip())
        dateline = Dateline(place=place.strip(" ,") if place else None, outlet=outlet.strip() if outlet else None,
                            month=month, day=day, year=year, start=m.start(), end=end)
        return dateline, end
    return None


def _plausible_place(place: str | None) -> bool:
    if not place:
        return False
    words = place.replace(",", " ").split()
    if not 1 <= len(words) <= 4:
        return False
    return not any(w.lower() in _NON_NAME_WORDS for w in words)


# ---------------------------------------------------------------------------------------------------------------
# Line features and initial classes.


@dataclass(frozen=True)
class LineFeatures:
    words: int
    chars: int
    letter_ratio: float
    terminal: bool
    title_case: float  # share of capitalised words among words of 4+ letters
    lower_words: int
    sentence_like: bool
    weak_ui: int
    strong_ui: int
    platforms: int = 0


def normalise_line(text: str) -> str:
    """Key for comparing lines across positions and articles: case-folded, NFKC, whitespace and edge punctuation
    collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"\s+", " ", text)
    return text.strip(" \t-–—|*•·:;,.!?\"'“”‘’()[]")


_TOKEN_EDGE = "\"'“”‘’«»„()[]{}<>.,;:!?…*|/\\-–—_#@+=~`^%&$€£0123456789"


def _words(text: str) -> list[str]:
    """Whitespace tokens trimmed of edge punctuation and digits, keeping those that start with a letter (cheaper
    than a Unicode regex on every line)."""
    return [w for w in (t.strip(_TOKEN_EDGE) for t in text.split()) if w and w[0].isalpha()]


# Scripts written without spaces between words: a token of them holds several words (about two characters each).
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f\u0e80-\u0eff"
                       r"\u1000-\u109f\u1780-\u17ff]")


def _word_count(word: str) -> int:
    return max(1, len(_UNSPACED.findall(word)) // 2) if _UNSPACED.search(word) else 1


def line_features(text: str) -> LineFeatures:
    words = _words(text)
    unspaced = _UNSPACED.search(text) is not None
    n = sum(map(_word_count, words)) if unspaced else len(words)
    non_space = len("".join(text.split()))
    letters = len(_NON_LETTERS.sub("", text))
    letter_ratio = letters / non_space if non_space else 0.0
    long_initials = [w[0] for w in words if len(w) >= 4]
    title_case = sum(map(str.isupper, long_initials)) / len(long_initials) if long_initials else 0.0
    # Words not starting with a capital: lower case, and caseless scripts (Arabic, Hebrew, CJK, Devanagari, ...).
    # Without unspaced script every word counts one: skip a regex per word (same count).
    lower_words = sum(_word_count(w) for w in words if not w[0].isupper()) if unspaced else \
        sum(1 for w in words if not w[0].isupper())
    terminal = bool(_TERMINAL.search(text))
    folded = text.casefold()
    tokens = [w.casefold() for w in words] if text.isascii() else _words(folded)  # same tokens, one split less
    weak_ui = sum(1 for w in tokens if w in _WEAK_UI)
    # The phrase regex is costly on every prose line: run it only when a token could start a UI phrase.
    maybe_ui = any(t[:4] in _STRONG_PREFIXES for t in tokens) or bool(_UNSPACED.search(folded))
    strong_ui = len(_STRONG_UI_RE.findall(folded)) if maybe_ui else 0
    platforms = sum(1 for w in tokens if w.split("-")[0] in _PLATFORMS) if n <= 12 else 0
    # A sentence: enough words, mostly letters, not a Title Case run; ends like a sentence or is long prose.
    prose = letter_ratio >= 0.6 and lower_words >= max(2, n // 3) and not (title_case > 0.75 and n < 25)
    sentence_like = prose and ((terminal and n >= 4) or n >= 20)
    return LineFeatures(words=n, chars=len(text), letter_ratio=letter_ratio, terminal=terminal,
                        title_case=title_case, lower_words=lower_words, sentence_like=sentence_like,
                        weak_ui=weak_ui, strong_ui=strong_ui, platforms=platforms)


def is_date_stamp(text: str) -> bool:
    """'Oct 26, 2023 14:35 KST', 'Updated: 26.10.2023', 'Publication date 12 June 2024' and the like."""
    words = _WORD.findall(text)
    digits = sum(ch.isdigit() for ch in text)
    if digits < 2 or len(words) > 8:
        return False
    folded = [w.casefold().rstrip(".") for w in words]
    other = [w for w in folded if w not in _DATE_STAMP_WORDS and w not in _WEAK_UI]
    if len(other) > 1:
        return False
    # Something date-like: 26.10.2023, 14:35, 2023-10-26, a year, or a day number next to a month name.
    has_month = any(w in _MONTHS for w in folded)
    return bool(re.search(r"\d{1,4}[:./-]\d{1,2}|\b(?:19|20)\d\d\b", text)) or \
        (has_month and bool(re.search(r"\b\d{1,2}\b", text)))


def _capitalised_value(text: str) -> bool:
    value = text.split(":", 1)[-1].split("：", 1)[-1]
    words = _WORD.findall(value)
    return bool(words) and all(w[0].isupper() for w in words)


def ui_score(f: LineFeatures) -> bool:
    """True when the line reads as interface text rather than prose."""
    # One UI phrase inside a real sentence ("the editor of a newsletter said") is not enough; two are.
    if f.strong_ui >= 2 or (f.strong_ui and (not f.sentence_like or f.words <= 12)):
        return True
    if f.platforms and f.words <= 8 and not f.sentence_like:
        return True
    if f.words and f.words <= 4 and f.weak_ui >= max(1, (f.words + 1) // 2):
        return True
    return f.words <= 10 and not f.sentence_like and f.weak_ui >= 0.6 * f.words


def _is_copyright(text: str) -> bool:
    folded = text.casefold()
    return any(k in folded for k in _COPYRIGHT_KEYS) and bool(_COPYRIGHT.search(text))


def photo_credit(text: str) -> bool:
    """A photo credit (not a caption): a credit prefix followed by a few words, or 'AGENCY/Name'."""
    m = _CREDIT_PREFIX.match(text)
    words = len(_WORD.findall(text))
    if m and len(_WORD.findall(text[m.end():])) <= 6:
        return True
    if words <= 8 and _LABELLED_SLASH.match(text) and not _TERMINAL.search(text):
        return True
    return words <= 6 and bool(_AGENCY_SLASH.match(text)) and not text.rstrip().endswith(".")


def caption_score(line: str, core: str) -> int:
    score = 0
    if _CAPTION_GLYPH.match(line):
        score += 2
    if _CREDIT_PREFIX.match(core):
        score += 2
    if score >= 2:
        return score  # the weaker cues below cannot change the verdict; skip their cost
    tail = core[-120:]
    if _CAPTION_PHOTO_END.search(tail):
        return score + 2
    if _CAPTION_CREDIT_END.search(tail):
        score += 1
        if _CAPTION_CUE.search(core):
            score += 1
    return score


def byline_author(text: str) -> str | None:
    """The author named by a byline line, or None when `text` is not a byline."""
    if len(_WORD.findall(text)) > 12 or _TERMINAL.search(text) and text.rstrip().endswith((".", "!", "?")) and \
            len(text) > 60:
        return None
    m = _BYLINE.match(text.strip())
    if not m:
        return None
    name = m.group("name").strip()
    parts = name.split()
    capitalised = [p for p in parts if p[0].isupper()]
    if not capitalised or any(p.casefold() in _NON_NAME_WORDS for p in parts):
        return None
    if len(capitalised) < 2 and len(parts) == 1 and not m.group("rest"):
        # "By Reuters" is an outlet, a single word is too weak to call an author.
        return None
    if any(p[0].islower() and p.casefold() not in {"and", "und", "et", "y", "i", "и", "та", "de", "da", "van",
                                                     "von", "der", "le", "la", "al"} for p in parts):
        return None
    return name


# ---------------------------------------------------------------------------------------------------------------
# Decisions.


@dataclass(frozen=True)
class LineDecision:
    """What cleaning decided about one input line (`index` into raw.text.split('\\n'))."""

    index: int
    line: str
    keep: bool
    reason: str  # kept: body|headline|caption|subheading|short ; removed: empty|debris|ui|copyright|editorial|
    #             credit|date-stamp|byline|duplicate|repeated|context|head|comments
    start: int = 0  # kept part of the line: line[start:end]
    end: int = 0
    kind: str = "body"  # for kept lines: body | headline | caption


def decide_lines(raw_text: str, *, repeated_lines: frozenset[str] = frozenset(),
                 title_hint: str | None = None) -> tuple[tuple[LineDecision, ...], str | None]:
    """Per-line keep/remove decisions for `raw_text` and the author found in a byline (if any)."""
    lines = raw_text.split("\n")
    cores = [line_core(line) for line in lines]
    texts = [line[s:e].strip() for line, (s, e) in zip(lines, cores)]
    # Tighten the core to the stripped text so offsets are exact.
    spans: list[tuple[int, int]] = []
    for line, (s, e), text in zip(lines, cores, texts):
        if text:
            s = line.index(text, s)
            spans.append((s, s + len(text)))
        else:
            spans.append((s, s))

    cls: list[str] = []  # good | near | bad | neutral | empty
    reason: list[str] = []
    kind: list[str] = ["body"] * len(lines)
    author: str | None = None
    seen: set[str] = set()
    features: list[LineFeatures | None] = []
    for line, text in zip(lines, texts):
        if not text:
            cls.append("empty")
            reason.append("empty" if not line.strip() else "debris")
            features.append(None)
            continue
        f = line_features(text)
        features.append(f)
        key = normalise_line(text)
        label, why = _initial_class(line, text, f, key, seen, repeated_lines)
        if label == "neutral" and why == "byline":
            author = author or byline_author(text)
        if why == "caption":
            kind[len(cls)] = "caption"
        cls.append(label)
        reason.append(why)
        if key and label != "bad":
            seen.add(key)

    keep = [False] * len(lines)
    first_good = next((i for i, c in enumerate(cls) if c == "good"), len(lines))

    # Headline: the longest title-like near line before the first body paragraph (a raw title hint wins).
    head = [i for i in range(first_good) if cls[i] == "near" and _title_like(features[i])]
    title_index = None
    if head and title_hint:
        # The input names its title (HTML <title>, feed item): only a head line that is that title is the headline.
        # When none is, the page's headline was dropped upstream and the head lines are page furniture.
        hint_key = normalise_line(title_hint)
        head = [i for i in head if _same_title(normalise_line(texts[i]), hint_key)]
    if head:
        title_index = max(head, key=lambda i: (len(texts[i]), -i))
        keep[title_index] = True
        reason[title_index] = "headline"
        kind[title_index] = "headline"

    runs = _list_runs(cls, features)
    for i, c in enumerate(cls):
        if c == "good":
            keep[i] = True
        elif c == "neutral" and reason[i] in ("caption", "dateline"):
            keep[i] = True
        elif c == "near" and i != title_index:
            before = _nearest(cls, i, -1)
            after = _nearest(cls, i, +1)
            f = features[i]
            # Short sentences, including ALL-CAPS ones (Q&A subheads, shouted quotes), count as prose here.
            sentence = f.sentence_like or (f.terminal and (f.words >= 3 or (f.words == 2 and f.lower_words >= 1)))
            question = texts[i].rstrip().endswith("?")
            heading = (not f.terminal or question) and f.words >= 2 and f.letter_ratio >= 0.7 and runs[i] <= 1
            if sentence and i > first_good and "good" in (before, after):
                keep[i], reason[i] = True, "short"
            elif i > first_good and (_DATA_ROW.match(texts[i]) or _opens_data_rows(texts, i)) \
                    and "good" in (before, after):
                keep[i], reason[i] = True, "data"  # figures in a small table ("Injured: 4,877") are content
            elif heading and i > first_good and after == "good":
                keep[i], reason[i] = True, "subheading"  # a section heading opens the next paragraph
            else:
                reason[i] = "context" if i > first_good else "head"

    if first_good == len(lines):
        # No body paragraph at all (a brief, a stub, a one-line item): context cannot tell furniture from text, so
        # keep every line no strong signal condemned rather than return nothing.
        for i, c in enumerate(cls):
            if c == "near" and not keep[i] and features[i] is not None and features[i].letter_ratio >= 0.5:
                keep[i], reason[i] = True, "brief"

    decisions = tuple(
        LineDecision(index=i, line=lines[i], keep=keep[i], reason=reason[i], start=spans[i][0] if keep[i] else 0,
                     end=spans[i][1] if keep[i] else 0, kind=kind[i] if keep[i] else "body")
        for i in range(len(lines))
    )
    return decisions, author


def _same_title(line_key: str, hint_key: str) -> bool:
    """A head line is the title when it equals the hint or one contains the other (sites append "| Site Name")."""
    if not line_key or not hint_key:
        return False
    return line_key == hint_key or (len(line_key) >= 15 and line_key in hint_key) or (
        len(hint_key) >= 15 and hint_key in line_key)


def _title_like(f: LineFeatures | None) -> bool:
    return f is not None and f.words >= 4 and f.letter_ratio >= 0.6 and f.chars <= 250 and not f.weak_ui > f.words / 2


def _opens_data_rows(texts: list[str], i: int) -> bool:
    """'KENYA:' — a short line ending in a colon whose next non-empty line is a data row."""
    if not texts[i].endswith((":", "：")) or len(texts[i]) > 60:
        return False
    nxt = next((t for t in texts[i + 1:] if t), "")
    return bool(_DATA_ROW.match(nxt))


def _list_runs(cls: list[str], features: list[LineFeatures | None]) -> list[int]:
    """For each line, the length of the run of consecutive non-sentence `near` lines it belongs to (blank lines do
    not break a run). Two or more such lines in a row are a list (links, sections, menu), not a heading."""
    listy = [c == "near" and f is not None and not f.terminal for c, f in zip(cls, features)]
    runs = [0] * len(cls)
    i = 0
    while i < len(cls):
        if not listy[i]:
            i += 1
            continue
        members = [i]
        j = i + 1
        while j < len(cls) and (listy[j] or cls[j] == "empty"):
            if listy[j]:
                members.append(j)
            j += 1
        for m in members:
            runs[m] = len(members)
        i = j
    return runs


def _nearest(cls: list[str], i: int, step: int) -> str:
    """The class of the nearest good/bad line from i in direction step; the text edges count as bad."""
    j = i + step
    while 0 <= j < len(cls):
        if cls[j] in ("good", "bad"):
            return cls[j]
        j += step
    return "bad"


def _dateline_only(text: str) -> bool:
    found = find_dateline(text)
    return found is not None and found[0].start == 0 and found[1] >= len(text.rstrip())


# A data row: a short label, a colon, a number ("Injured: 4,877", "Turnout: 61.2%").
_DATA_ROW = re.compile(r"^[^:：]{1,40}[:：]\s*[-+~≈]?[$€£]?\s*\d[\d.,\s]*(?:%|[^\W\d_]{1,12})?$")


def _initial_class(line: str, text: str, f: LineFeatures, key: str, seen: set[str],
                   repeated: frozenset[str]) -> tuple[str, str]:
    if f.letter_ratio < 0.3 or not _WORD.search(text):
        return "bad", "debris"
    if key in seen:
        return "bad", "duplicate"
    if key and key in repeated:
        return "bad", "repeated"
    if f.words <= 8 and not f.sentence_like and _dateline_only(text):
        return "neutral", "dateline"  # "NAIROBI, Kenya (AP) _" on its own line opens the next paragraph
    if _EDITORIAL_NOTE.match(text) or _SIGN_OFF.match(text) or (_BRACKET_TAG.match(text) and f.words <= 3):
        return "bad", "editorial"
    if f.words <= 30 and _is_copyright(text):
        return "bad", "copyright"
    if photo_credit(text):
        return "bad", "credit"
    if not f.sentence_like and byline_author(text):
        return "neutral", "byline"
    if caption_score(line, text) >= 2 and f.words >= 5:
        return "neutral", "caption"
    if not f.sentence_like and is_date_stamp(text):
        return "bad", "date-stamp"
    if ui_score(f) or (_MENU_ROW.match(text) and not f.terminal):
        return "bad", "ui"
    if _LABEL_VALUE.match(text) and not f.terminal and _capitalised_value(text):
        return "bad", "label"
    if f.sentence_like and (f.words >= 10 or f.chars >= 70):
        return "good", "body"
    return "near", "near"


# ---------------------------------------------------------------------------------------------------------------
# Public API.


def clean(raw: RawArticle, *, repeated_lines: frozenset[str] = frozenset()) -> Cleaned:
    """Keep the article's own lines (verbatim), mark headline/captions/dateline, find the byline author."""
    text = raw.text.replace("\r\n", "\n").replace("\r", "\n")
    decisions, author = decide_lines(text, repeated_lines=repeated_lines, title_hint=raw.title)
    decisions = drop_reader_comments(decisions)
    decisions, dateline_at = _place_dateline(decisions)
    parts: list[str] = []
    spans: list[Span] = []
    removed: list[str] = []
    title: str | None = None
    dateline: Dateline | None = None
    offset = 0
    for d in decisions:
        if not d.keep:
            if d.line.strip():
                removed.append(d.line.strip())
            continue
        kept = d.line[d.start:d.end]
        if parts:
            offset += 1  # the "\n" joining kept lines
        start = offset
        if d.kind == "headline":
            title = title or kept
            spans.append(Span("headline", start, start + len(kept)))
        elif d.kind == "caption":
            spans.append(Span("caption", start, start + len(kept)))
        elif d.index == dateline_at:
            found = find_dateline(kept)
            if found:
                dl, _ = found
                dateline = replace(dl, start=start + dl.start, end=start + dl.end)
                spans.append(Span("dateline", dateline.start, dateline.end))
        parts.append(kept)
        offset += len(kept)
    cleaned_text = "\n".join(parts)
    return Cleaned(text=cleaned_text, title=title or raw.title, author=raw.author or author, dateline=dateline,
                   spans=tuple(spans), removed_lines=tuple(removed))


# A reader-comment header as comment threads print it: "At 2:41 pm on 18 Jan 2010, BeninBrussels wrote:", "At 08:23
# 30th Apr 2009, jon112uk wrote:".
# Or as blog comment sections print it: "Posted by: kray | September 24, 2008 6:14 PM | Report abuse".
COMMENT_HEADER = re.compile(r"\bAt\s+\d{1,2}[:.]\d\d\s*(?:[ap]\.?\s?m\.?)?\s+(?:on\s+)?(?=[^,\n]{0,30}\d)[^,\n]{3,30}?\s*,\s*"
                            r"[^,\n]{1,40}?\s+wrote\s*:|"
                            r"\bPosted\s+by\s*:\s*[^|\n]{1,60}\|\s*[^|\n]{4,40}?\d{1,2}:\d\d\s*[AP]\.?M\.?", re.I)
MIN_COMMENT_HEADERS = 2  # one such line could be prose; two are a thread


def drop_reader_comments(decisions: tuple[LineDecision, ...]) -> tuple[LineDecision, ...]:
    """Cut a reader-comment thread: everything from its first comment header on (comments follow the article).

    Readers' posts are not reporting; left in, they become timeline entries dated by whatever a reader mentions.
    """
    first: tuple[int, int] | None = None  # (position in decisions, offset in the line)
    count = 0
    for pos, d in enumerate(decisions):
        for m in COMMENT_HEADER.finditer(d.line):
            count += 1
            if first is None:
                first = (pos, m.start())
    if first is None or count < MIN_COMMENT_HEADERS:
        return decisions
    pos, at = first
    out = list(decisions[:pos])
    d = decisions[pos]
    if d.keep and d.line[d.start:at].strip() and at > d.start:  # the article's text before the thread, same line
        out.append(replace(d, end=min(d.end, len(d.line[:at].rstrip()))))
    else:
        out.append(replace(d, keep=False, reason="comments"))
    out += [replace(x, keep=False, reason="comments") for x in decisions[pos + 1:]]
    return tuple(out)


def _place_dateline(decisions: tuple[LineDecision, ...]) -> tuple[tuple[LineDecision, ...], int | None]:
    """Find the dateline in one of the first body lines. A dateline opens the story, so when it is found in the
    second body line and no headline was seen, the short line before it is the headline ("Is X doing Y?")."""
    body = [d for d in decisions if d.keep and d.kind == "body"][:3]
    has_headline = any(d.keep and d.kind == "headline" for d in decisions)
    for pos, d in enumerate(body):
        found = find_dateline(d.line[d.start:d.end])
        if found is None:
            continue
        if pos == 1 and found[0].start == 0 and not has_headline and len(_WORD.findall(body[0].line)) <= 25:
            promoted = replace(body[0], kind="headline", reason="headline")
            decisions = tuple(promoted if x.index == promoted.index else x for x in decisions)
        return decisions, d.index
    return decisions, None


def repeated_lines(raws: Iterable[RawArticle], *, min_count: int = 3) -> frozenset[str]:
    """Normalised lines that repeat across at least `min_count` articles of one outlet.

    Articles are grouped by outlet (or, lacking one, by URL host, then by source file's folder). A repeated line
    that reads like a sentence is only taken when it appears in at least half of the outlet's articles: agencies
    repeat background paragraphs across updates of one story, and those are content, not boilerplate.
    """
    by_group: dict[str, list[set[str]]] = defaultdict(list)
    example: dict[str, str] = {}
    for raw in raws:
        keys = set()
        for line in raw.text.split("\n"):
            s, e = line_core(line)
            text = line[s:e].strip()
            key = normalise_line(text) if text else ""
            if key:
                keys.add(key)
                example.setdefault(key, text)
        by_group[_outlet_key(raw)].append(keys)
    result: set[str] = set()
    for articles in by_group.values():
        articles = _one_per_copy(articles)
        if len(articles) < min_count:
            continue
        counts = Counter(k for keys in articles for k in keys)
        for key, n in counts.items():
            if n < min_count:
                continue
            features = line_features(example[key])
            if features.sentence_like and features.words >= 8 and n < len(articles) / 2:
                continue
            result.add(key)
    return frozenset(result)


def _one_per_copy(articles: list[set[str]], *, overlap: float = 0.6) -> list[set[str]]:
    """Collapse copies of one article (syndicated, re-sent, updated) into one line set.

    Boilerplate repeats across *different* articles; the lines of an article repeated in its copies are content.
    Without this, three copies of one wire story in a pile would have all their lines removed as boilerplate.
    """
    kept: list[set[str]] = []
    for keys in articles:
        for i, other in enumerate(kept):
            union = len(keys | other) or 1
            if len(keys & other) / union >= overlap:  # Jaccard: copies share most lines, not one footer
                kept[i] = other | keys
                break
        else:
            kept.append(set(keys))
    return kept


def _outlet_key(raw: RawArticle) -> str:
    if raw.outlet:
        return "outlet:" + raw.outlet.casefold()
    if raw.url:
        m = re.match(r"^[a-z][a-z0-9+.-]*://(?:www\.)?([^/:?#]+)", raw.url, re.I)
        if m:
            return "host:" + m.group(1).casefold()
    if raw.source_file:
        return "dir:" + raw.source_file.rsplit("/", 1)[0]
    return "unknown"
