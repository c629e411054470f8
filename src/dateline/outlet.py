"""Who published an article, and whose copy it carries, as a reader sees it in its first and last lines.

Plain-text articles rarely come with an outlet field, but a reader finds the outlet at once: in the byline ("By
Jane Roe, Harbor Times", "By Jane Roe | Harbor Times", "Jane Roe, Harbor Times staff"), in a masthead or desk line
("Harbor Times | Wire report", "Harbor Times - Europe desk", "Harbor Times (English edition)") or in the footer
("© 2025 Harbor Times. All rights reserved", "Copyright Harbor Times 2025"). `read_outlet` reads those lines only:
the lines before the first body paragraph and the last lines of the text.

Two questions are kept apart:
- `outlet`: the publisher whose page this is (a paper printing agency copy is the outlet; the agency is not);
- `wire`: whose reporting a republished copy carries, when the article credits it ("Harbor Times | From Reuters",
  "Source: Reuters", "This article was distributed by Reuters", or a byline naming another outlet than the page's
  own copyright notice). Corroboration counts the wire, not the republisher (`dedupe.source_key`).

Precision first: a name is taken only when the line's shape says it names an outlet *and* the name reads like one
(its last word is a publication noun such as Times, Post, Gazette or Zeitung, or ends like one: "Hafenkurier";
a news agency; a broadcaster's call sign) or another cue of the same article names it too (byline and footer). A
person, a place ("WASHINGTON —"), a section ("Opinion", "World") or an author's title ("Staff Writer") is no outlet;
when unsure the answer is None and the article keeps what its dateline or metadata say.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from dateline.clean import line_features

OUTLET_VERSION = "outlet@1"
MAX_NAME_CHARS = 60  # longer "names" are sentences or slogans
_HEAD_LINES = 8  # lines before the first body paragraph that may carry a byline or masthead
_TAIL_LINES = 8  # last lines that may carry a copyright notice or a wire credit

# Last words that make a name a publication's ("Lisbon Daily Post", "Engineering News Weekly", "WKSL News 4").
_PUBLICATION_WORDS = frozenset("""
times post news daily herald gazette ledger courier journal tribune review weekly wire dispatch chronicle observer
standard telegraph guardian independent mail express record register bulletin press agency radio tv television
network magazine monitor examiner inquirer enquirer sentinel globe mirror today digest insider intelligencer
leader advocate banner beacon messenger packet patriot pioneer spectator statesman argus citizen gleaner voice
newswire newspaper
zeitung kurier nachrichten anzeiger rundschau tageblatt presse blatt avisa avis posten bladet tidning tidende
krant dagblad courant nieuws nyheter uutiset sanomat gazeta noticias notícias diario diário periódico heraldo
prensa jornal correio monde quotidien gazzetta corriere giornale
""".split())
# German and Nordic compounds end with the noun: "Hafenkurier", "Nordavisa", "Eurowire", "Abendzeitung".
_PUBLICATION_SUFFIXES = ("kurier", "zeitung", "blatt", "avisa", "posten", "bladet", "tidning", "krant", "nieuws",
                         "wire", "nachrichten", "anzeiger", "presse")
# Romance and Slavic titles start with the noun: "Noticias del Valle", "Diario de Cádiz", "Gazeta Wyborcza".
_PUBLICATION_FIRST_WORDS = frozenset("noticias notícias diario diário gaceta jornal correio corriere gazzetta gazeta "
                                     "journal folha periódico heraldo".split())
# News agencies, by every name they go by: the key is what corroboration counts ("AP" = "The Associated Press").
_AGENCIES = {
    "associated press": ("ap", "associated press", "the associated press"),
    "reuters": ("reuters", "thomson reuters"),
    "afp": ("afp", "agence france presse", "agence france-presse", "france presse"),
    "dpa": ("dpa", "deutsche presse agentur", "deutsche presse-agentur"),
    "upi": ("upi", "united press international"),
    "efe": ("efe", "agencia efe"),
    "ansa": ("ansa",),
    "xinhua": ("xinhua", "xinhua news agency"),
    "yonhap": ("yonhap", "yonhap news agency"),
    "kyodo": ("kyodo", "kyodo news"),
    "jiji": ("jiji", "jiji press"),
    "tass": ("tass",),
    "interfax": ("interfax",),
    "ria novosti": ("ria novosti",),
    "bloomberg": ("bloomberg", "bloomberg news"),
    "press trust of india": ("pti", "press trust of india"),
    "australian associated press": ("aap", "australian associated press"),
    "canadian press": ("canadian press", "the canadian press"),
    "pa media": ("pa media", "press association"),
    "anadolu": ("anadolu", "anadolu agency"),
    "kcna": ("kcna", "korean central news agency"),
    "bernama": ("bernama",),
    "antara": ("antara",),
    "ukrinform": ("ukrinform",),
    "unian": ("unian",),
    "lusa": ("lusa",),
    "europa press": ("europa press",),
    "notimex": ("notimex",),
}
_AGENCY_OF = {alias: key for key, aliases in _AGENCIES.items() for alias in aliases}
# Words that name no outlet but a page's section.
_SECTION_WORDS = frozenset("""
world news politics business sport sports opinion opinions local national international europe asia africa americas
economy markets money finance tech technology science health culture arts life lifestyle entertainment travel
weather breaking latest analysis features feature editorial editorials comment commentary metro nation region
regional education environment climate crime courts justice live video videos photos investigations investigation
obituaries letters home front page top stories story update updates explainer briefing
""".split())
# A desk, a newsroom, an edition, a translation note: what follows an outlet's name on its masthead line.
_DESK_WORDS = frozenset("""
desk newsroom staff wire wires edition bureau translation translated redacción redação redaktion rédaction
redazione redactie redaksjon redaktionen
""".split())
# An author's title or affiliation: "By Jane Roe, Staff Writer" names no outlet.
_TITLE_WORDS = frozenset("""
reporter reporters writer writers correspondent correspondents editor editors columnist contributor contributing
journalist analyst producer photographer photojournalist chief senior deputy special freelance intern anchor host
presenter critic commentator blogger author professor lecturer director president ceo fellow researcher student
economist scientist officer manager founder minister spokesperson spokesman spokeswoman secretary chair chairman
member expert lawyer attorney doctor dr staff redakteur redakteurin korrespondent korrespondentin autor autorin
reportero reportera corresponsal periodista redactor redactora journaliste correspondant rédacteur rédactrice
envoyé envoyée
""".split())
# Company-form words that do not change which outlet it is ("Buckeye Herald Media", "Atlantic Freight Review Inc.").
_COMPANY_WORDS = frozenset("inc ltd llc gmbh ag sa plc co corp corporation limited company media group newspapers "
                           "publishing publications holdings kg bv nv oy ab as spa srl sl".split())
# Name words that may be lower case: "Noticias del Valle", "Corriere della Sera", "Press Trust of India".
_CONNECTORS = frozenset("of the and & for on in de del della di da do dos das du des la le el los las et y e und "
                        "der die das am im van von zu".split())
_NOT_NAMES = frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december all rights reserved copyright photo photos image images foto picture getty
""".split())

_WORD = re.compile(r"[^\W_][\w'’&.-]*|&")
_CALL_SIGN = re.compile(r"^[KW][A-Z]{2,3}(?:-(?:TV|FM|AM|DT))?$")  # North American broadcasters: "WKSL", "KQED-FM"
_YEAR = r"(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?"
_SEP = r"(?:\s*\|\s*|\s+[-–—]\s+|\s*·\s*)"
# "By Jane Roe, Harbor Times", "By Jane Roe and Ben Ode | Harbor Times", "By Jane Roe for the Harbor Times".
_BYLINE = re.compile(r"^(?:(?:story|words|text|written|reported)\s+)?(?:by|von|par|por|di|door|av)\s+"
                     r"(?P<names>[^,|]{2,80}?)"
                     r"(?:\s*[,|/]\s*|\s+[-–—]\s+|\s+(?:for|of)\s+)(?P<rest>.{2,120})$", re.I)
_BYLINE_ALONE = re.compile(r"^(?:by|von|par|por)\s+(?P<names>[^,|]{2,60})$", re.I)
# "Jane Roe, Harbor Times staff", "Harbor Times staff and wire reports", "Harbor Times Staff Writer".
_STAFF = re.compile(r"^(?:(?:by|from)\s+)?(?P<name>.{2,100}?)\s+staff(?:\s+(?:writer|reporter|report|reports)|"
                    r"\s+and\s+(?:wire\s+|news\s+)?(?:reports?|agencies|wires?))?\s*$", re.I)
# "Harbor Times (English edition)", "Harbor Times English edition".
_EDITION = re.compile(r"\s*\(?\b(?:(?:english|german|french|spanish|portuguese|italian|international|online|digital|"
                      r"print|weekend|sunday|global|european|asia|us|uk|evening|morning|national|regional|local)\s+)?"
                      r"(?:edition|ausgabe|édition|edición|edizione)\)?\s*$", re.I)
_COPYRIGHT = re.compile(r"(?:©|\(c\)|\bcopyright\b)(?:\s*(?:©|\(c\)|copyright\b))?\s*(?:" + _YEAR + r"\s*,?\s*)?"
                        r"(?P<holder>[^.|;,©()]{2,80}?)\s*(?:,?\s*" + _YEAR + r")?\s*"
                        r"(?:[.|;,]|\s[-–—]\s|\ball rights\b|$)", re.I)
# "Harbor Times - all rights reserved", "Harbor Times. Alle Rechte vorbehalten."
_RIGHTS_AFTER = re.compile(r"^(?P<holder>[^.|;,©]{2,80}?)\s*(?:[-–—|,.:]\s*)?(?:all rights reserved|alle rechte "
                           r"vorbehalten|tous droits réservés|todos los derechos reservados|tutti i diritti "
                           r"riservati)\b", re.I)
# "WKSL News 4 — Copyright 2025 WKSL-TV": the brand, then the company holding the rights.
_BRAND_BEFORE_COPYRIGHT = re.compile(r"^(?P<brand>[^.|;,©]{2,60}?)\s*[-–—|]\s*(?:©|\(c\)|copyright\b)", re.I)
# Credits naming whose copy a page carries.
_CREDIT = re.compile(r"\b(?:distributed|supplied|syndicated|provided)\s+by\s+(?P<name>[^.;|,()]{2,60})"
                     r"|\b(?:originally|first)\s+published\s+by\s+(?P<name2>[^.;|,()]{2,60})"
                     r"|\brepublished\s+(?:with\s+permission\s+)?(?:from|by)\s+(?P<name3>[^.;|,()]{2,60})", re.I)
_SOURCE_LABEL = re.compile(r"^(?:source|quelle|fuente|fonte|bron|källa|kilde)\s*:\s*(?P<name>[^.;|,()]{2,60})"
                           r"(?:[.;|,]|$)", re.I)
_FROM = re.compile(r"^(?:from|source:?)\s+(?P<name>.{2,60})$", re.I)
# Cheap substrings one of which every copyright line or credit above contains (checked before the regexes).
_RIGHTS_KEYS = ("©", "(c)", "copyright", "rights", "rechte", "droits", "derechos", "diritti")
_CREDIT_KEYS = (" by ", "from ", "source", "quelle", "fuente", "fonte", "bron", "källa", "kilde")
_PHOTO = re.compile(r"\b(?:photo|photos|image|images|foto|fotos|picture|pictures|illustration|graphic|video)\b",
                    re.I)


@dataclass(frozen=True)
class OutletCues:
    """What the first and last lines of an article say about who published it. `evidence` names the line kind the
    outlet was read from (byline | masthead | staff | copyright), for tests and debugging."""

    outlet: str | None = None
    wire: str | None = None
    evidence: str | None = None


def read_outlet(text: str, *, also_named: tuple[str | None, ...] = ()) -> OutletCues:
    """The outlet and the credited wire of an article, from its byline, masthead, copyright and credit lines.

    `also_named` are names the article states elsewhere (its metadata's outlet, its dateline's agency): a name any
    of them confirms needs no publication noun of its own.
    """
    head, tail = _head_and_tail(text)
    bylines, mastheads, credits, copyrights = [], [], [], []
    for line in head:
        found = _byline_outlet(line)
        if found:
            bylines.append(found)
            continue
        name, credit, strong = _masthead(line)
        if name:
            mastheads.append((name, strong))
        if credit:
            credits.append(credit)
    for line in head + tail:
        holder = _copyright_holder(line)
        if holder:
            copyrights.append(holder)
    for line in tail:
        credit = _credited_wire(line)
        if credit:
            credits.append(credit)
    named = [("byline", b) for b, _ in bylines] + [("masthead", m) for m, _ in mastheads] + \
        [("copyright", c) for c in copyrights] + [("stated", n) for n in also_named if n]

    def confirmed(name: str, kind: str) -> bool:
        """Another kind of cue names the same outlet (a byline and the footer, a masthead and the metadata)."""
        return any(k != kind and same_outlet(name, other) for k, other in named)

    masthead = next((m for m, strong in mastheads if _reads_as_outlet(m, strong=strong) or confirmed(m, "masthead")),
                    None)
    byline = next((b for b, agency in bylines if agency or _reads_as_outlet(b) or confirmed(b, "byline")), None)
    holder = next((c for c in copyrights if _reads_as_outlet(c, single_word=True) or confirmed(c, "copyright")),
                  None)
    credit = next((c for c in credits if _reads_as_outlet(c)), None)

    outlet, evidence, wire = None, None, credit
    if masthead:
        outlet, evidence = masthead, "masthead"
    elif byline and holder and not same_outlet(byline, holder):
        if agency_key(holder) and not agency_key(byline):
            outlet, evidence = byline, "byline"  # a paper printing agency copy under the agency's notice
        else:
            outlet, evidence = holder, "copyright"  # a page carrying another outlet's bylined story
    elif byline:
        outlet, evidence = byline, "byline"
    elif holder:
        outlet, evidence = holder, "copyright"
    if wire is None and outlet:
        wire = next((n for n in (byline, holder) if n and not same_outlet(n, outlet)), None)
    if wire and outlet and same_outlet(wire, outlet):
        wire = None
    return OutletCues(outlet=outlet, wire=wire, evidence=evidence)


# ---------------------------------------------------------------------------------------------------------------
# Which lines are read.


def _head_and_tail(text: str) -> tuple[list[str], list[str]]:
    """The non-empty lines before the first body paragraph (at most `_HEAD_LINES`) and the last `_TAIL_LINES`
    non-empty lines after them."""
    lines = [s for s in (line.strip() for line in text.split("\n")) if s]
    head: list[str] = []
    for line in lines[:_HEAD_LINES]:
        if len(line) > 200:
            break  # a paragraph: the body starts (bylines and mastheads come before it)
        f = line_features(line)
        if f.sentence_like and f.words >= 12:
            break
        head.append(line)
    return head, lines[max(len(head), len(lines) - _TAIL_LINES):]


# ---------------------------------------------------------------------------------------------------------------
# Line shapes.


def _byline_outlet(line: str) -> tuple[str, bool] | None:
    """("Harbor Times", False) for "By Jane Roe, Harbor Times"; ("Reuters", True) for "By Reuters"."""
    if len(line) > 160:
        return None
    m = _BYLINE.match(line)
    if m and _person_names(m.group("names")):
        names = [n for n in map(_strip_titles, re.split(r"\s*[,|]\s*|\s+[-–—]\s+", m.group("rest"))) if n]
        # "By Jane Roe, Kessler, Ohio Herald": the segment that reads as an outlet, else the first name-like one
        name = next((n for n in names if _reads_as_outlet(n)), names[0] if names else None)
        return (name, bool(agency_key(name))) if name else None
    m = _BYLINE_ALONE.match(line) or _BYLINE.match(line)
    if m:
        name = _clean_name(m.group("names"))
        if name and agency_key(name):  # "By Reuters", "By The Associated Press"
            return name, True
    return None


def _person_names(text: str) -> bool:
    """'Jane Roe', 'Inês Carvalho and Pedro Lima', 'JOHN DOE': capitalised words and connectors only."""
    words = _WORD.findall(text)
    if not 1 <= len(words) <= 9:
        return False
    caps = [w for w in words if w[0].isupper()]
    return bool(caps) and all(w[0].isupper() or w.casefold() in _CONNECTORS for w in words) and \
        not any(w.casefold() in _NOT_NAMES for w in words)


def _strip_titles(segment: str) -> str | None:
    """The outlet in a byline segment: "Harbor Times" stays; "Associated Press Writer" → "Associated Press";
    "Staff Writer", "Local Affairs Reporter", "Professor of Law" → None."""
    name = _clean_name(segment)
    if not name:
        return None
    words = name.split()
    kept = list(words)
    while kept and kept[-1].casefold().strip(".") in _TITLE_WORDS:
        kept.pop()
    if len(kept) < len(words):
        # A title followed the name: only an agency is left standing ("Associated Press Writer").
        rest = " ".join(kept)
        return rest if rest and agency_key(rest) else None
    if any(w.casefold().strip(".") in _TITLE_WORDS for w in words):
        return None  # "Professor of Law", "Editor at large"
    return name


def _masthead(line: str) -> tuple[str | None, str | None, bool]:
    """(outlet, credited wire, strong) for a masthead or desk line: "Harbor Times | Wire report", "Harbor Times -
    Europe desk", "Harbor Times | From Reuters", "Harbor Times (English edition) — automatic translation",
    "Harbor Times staff and wire reports". `strong`: the line's own words say it is an outlet (a desk, an edition,
    a wire credit), so a name of two words or more needs no publication noun ("Politico Europe - Brussels desk");
    "staff" is not that strong ("Emergency Room Staff")."""
    if len(line) > 120 or len(_WORD.findall(line)) > 16:
        return None, None, False
    m = _STAFF.match(line)
    if m:
        name = m.group("name")
        name = name.rsplit(",", 1)[-1]  # "Jane Roe, Harbor Times staff"
        name = _clean_name(re.sub(r"^(?:by|from)\s+", "", name.strip(), flags=re.I))
        return name, None, False
    parts = re.split(_SEP, line)
    head = parts[0]
    tails = parts[1:]
    # A parenthesised edition or note after the name: "Harbor Times (English edition)".
    paren = re.match(r"^(?P<name>[^()]+?)\s*\((?P<note>[^()]{2,40})\)\s*$", head)
    if paren:
        head, tails = paren.group("name"), [paren.group("note"), *tails]
    strong = False
    edition = _EDITION.search(head)
    if edition and edition.start() > 0:
        head, strong = head[:edition.start()], True
    if not tails and not strong:
        return None, None, False  # a lone name is a headline or a section as often as an outlet
    name = _clean_name(head)
    if not name:
        return None, None, False
    credit = None
    for tail in tails:
        kind, value = _tail_kind(tail)
        if kind == "credit":
            credit = value
            strong = True
        elif kind == "desk":
            strong = True
        elif kind == "other":
            return None, None, False  # "Lisbon - Strike ends": a headline, not a masthead
    return name, credit, strong


def _tail_kind(tail: str) -> tuple[str, str | None]:
    """What follows an outlet's name on its masthead line: a wire credit, a desk/edition/translation note, a
    section name, or something else (then the line is not a masthead)."""
    tail = tail.strip(" .:")
    m = _FROM.match(tail)
    if m:
        name = _clean_name(m.group("name"))
        return ("credit", name) if name else ("other", None)
    words = [w.casefold() for w in _WORD.findall(tail)]
    if not words or len(words) > 5:
        return "other", None
    if any(w in _DESK_WORDS for w in words) or _EDITION.fullmatch(tail):
        return "desk", None
    if all(w in _SECTION_WORDS or w in _CONNECTORS for w in words):
        return "section", None
    return "other", None


def _copyright_holder(line: str) -> str | None:
    """'Harbor Times' from '© 2025 Harbor Times. All rights reserved', 'Copyright Harbor Times 2025', 'Harbor Times
    - all rights reserved'; the brand of 'Harbor TV — Copyright 2025 Harbor Broadcasting'. Photo credits are none."""
    folded = line.casefold()
    if len(line) > 300 or not any(k in folded for k in _RIGHTS_KEYS) or _PHOTO.search(line[:80]):
        return None
    m = _BRAND_BEFORE_COPYRIGHT.match(line)
    if m and _clean_name(m.group("brand")):
        return _clean_name(m.group("brand"))
    m = _COPYRIGHT.search(line[:160])
    if m and m.start() <= 2:
        return _clean_name(m.group("holder"))
    m = _RIGHTS_AFTER.match(line)
    if m:
        return _clean_name(m.group("holder"))
    return None


def _credited_wire(line: str) -> str | None:
    """'Reuters' from 'This article was distributed by Reuters.', 'Source: Reuters.', 'Republished from Reuters'."""
    folded = line.casefold()
    if len(line) > 300 or not any(k in folded for k in _CREDIT_KEYS):
        return None
    m = _CREDIT.search(line)
    if m:
        return _clean_name(m.group("name") or m.group("name2") or m.group("name3"))
    m = _SOURCE_LABEL.match(line)
    if m:
        return _clean_name(m.group("name"))
    m = _FROM.match(line.strip(" ."))
    if m:
        return _clean_name(m.group("name"))
    return None


# ---------------------------------------------------------------------------------------------------------------
# Names.


def _clean_name(text: str | None) -> str | None:
    """A candidate outlet name as written, trimmed of edge punctuation, a leading "the" and legal suffixes; None
    when it cannot be a name (too long, lower-case words, digits only, a weekday)."""
    if not text:
        return None
    name = " ".join(text.split()).strip(" \t.,;:|-–—'\"“”‘’()[]*")
    name = re.sub(r"^the\s+", "", name)  # "for the Harbor Times"; a capital "The" is part of the name
    words = name.split()
    while words and words[-1].casefold().strip(".,") in ("inc", "ltd", "llc", "gmbh", "ag", "plc", "corp", "co",
                                                          "limited", "corporation", "sa", "s.a", "kg"):
        words.pop()
    name = " ".join(words).strip(" .,")
    if not name or len(name) > MAX_NAME_CHARS or "\n" in name:
        return None
    tokens = _WORD.findall(name)
    if not 1 <= len(tokens) <= 7:
        return None
    if not (tokens[0][0].isupper() or tokens[0][0].isdigit()):
        return None
    for t in tokens:
        folded = t.casefold()
        if folded in _NOT_NAMES:
            return None
        if not (t[0].isupper() or t[0].isdigit() or folded in _CONNECTORS):
            return None
    if not any(t[0].isalpha() for t in tokens):
        return None
    return name


def _reads_as_outlet(name: str, *, strong: bool = False, single_word: bool = False) -> bool:
    """Does the name itself say it is a publication? `strong`: the line says so (a desk, an edition, staff), so a
    name of two words or more, or a compound like "Hafenkurier", will do. `single_word`: a one-word name counts (a
    copyright holder written as one word is a brand: "© Nordavisa")."""
    if agency_key(name):
        return True
    words = [w.casefold() for w in _WORD.findall(name)]
    if words[:1] == ["the"] and len(words) > 1:
        words = words[1:]
    content = [w for w in words if w not in _COMPANY_WORDS and not w.isdigit()] or words
    if all(w in _SECTION_WORDS or w in _CONNECTORS for w in content):
        return False  # "World News", "Opinion"
    if any(w in _TITLE_WORDS for w in content):
        return False
    if any(_CALL_SIGN.match(t) for t in _WORD.findall(name)):
        return True
    last, first = content[-1], content[0]
    compound = any(last.endswith(s) and len(last) > len(s) + 2 for s in _PUBLICATION_SUFFIXES)
    if len(content) == 1:
        # "Times" alone is any paper; "Nordavisa" or "Eurowire" is one.
        return compound or (single_word and last not in _PUBLICATION_WORDS and last not in _SECTION_WORDS)
    if last in _PUBLICATION_WORDS or first in _PUBLICATION_FIRST_WORDS or compound:
        return True
    return strong


def agency_key(name: str | None) -> str | None:
    """The agency a name is one of the names of ("AP", "The Associated Press" → "associated press"), else None."""
    if not name:
        return None
    return _AGENCY_OF.get(" ".join(_words(name)))


def _words(name: str) -> list[str]:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().replace("-", " ")
    return re.findall(r"[^\W_]+|&", text)


def outlet_key(name: str) -> str:
    """What two spellings of one outlet share: case, accents, a leading "the", company and edition words and the
    names of agencies ("AP", "The Associated Press") do not tell outlets apart."""
    agency = agency_key(name)
    if agency:
        return agency
    words = _words(name)
    if words and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in _COMPANY_WORDS | {"edition", "english", "online", "wire", "agency"}:
        words.pop()
    if len(words) > 2 and words[-2:] == ["news", "agency"]:
        words = words[:-2]
    return " ".join(words) or " ".join(_words(name))


def same_outlet(a: str, b: str) -> bool:
    """One outlet under two spellings: equal keys, one name the start of the other ("Buckeye Herald" / "Buckeye
    Herald Media Group", "Guardian" / "Guardian News and Media"), or a shared call sign ("WKSL News 4" / "WKSL-TV")."""
    ka, kb = outlet_key(a), outlet_key(b)
    if ka == kb:
        return True
    wa, wb = ka.split(), kb.split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if long_[:len(short)] == short:
        return True
    if ka.replace(" ", "") == kb.replace(" ", ""):
        return True
    signs_a = {t.split("-")[0] for t in _WORD.findall(a) if _CALL_SIGN.match(t)}
    return bool(signs_a) and bool(signs_a & {t.split("-")[0] for t in _WORD.findall(b) if _CALL_SIGN.match(t)})
