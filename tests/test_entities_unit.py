"""Entity mentions, capitals as agents, roles, acronyms, name folding (no spaCy model: NER spans given)."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.extract.entities import RawEnt, build_gazetteer, extract_entities, fold_name
from dateline.extract.sentences import split_sentences


@pytest.fixture(scope="module")
def gaz():
    return build_gazetteer()


def ents(text: str, spans: list[tuple[str, str]]) -> list[RawEnt]:
    """NER stand-in: (surface, label) → RawEnt at the first occurrence of each surface, in order."""
    out, pos = [], 0
    for surface, label in spans:
        i = text.index(surface, pos)
        out.append(RawEnt(i, i + len(surface), label))
        pos = i + len(surface)
    return out


def run(gaz, text, spans=(), **kw):
    return extract_entities(text, split_sentences(text), ents(text, list(spans)), gaz, **kw)


def keys(result, surface):
    return [m.key for m in result.mentions if m.text == surface]


def test_fold_name_merges_spelling_variants_and_keeps_people_apart():
    assert fold_name("Lim Soosuk") == fold_name("Lim Soo-suk")
    assert fold_name("Kim Jong Un") == fold_name("Kim Jong-un")
    assert fold_name("Sergei Shoigu") == fold_name("Sergey Shoigu")
    assert fold_name("Sergei Shoigu") != fold_name("Sergey Lavrov")
    assert fold_name("Kim Jong Un") != fold_name("Kim Seung-yeon")


@given(st.text(max_size=40))
def test_fold_name_is_idempotent(s):
    assert fold_name(fold_name(s)) == fold_name(s)
    assert re.fullmatch(r"[a-z0-9]*", fold_name(s))


def test_country_short_forms(gaz):
    r = run(gaz, "The U.S. and N. Korea met. S. Korea, the USA and the Russian Federation watched.")
    assert keys(r, "U.S.") == ["United States"] and keys(r, "USA") == ["United States"]
    assert keys(r, "N. Korea") == ["North Korea"] and keys(r, "S. Korea") == ["South Korea"]
    assert keys(r, "Russian Federation") == ["Russia"]


def test_the_north_resolves_only_when_one_north_country_is_named(gaz):
    r = run(gaz, "North Korea fired a missile. The North said it was a test.")
    assert keys(r, "North") == ["North Korea"]
    r2 = run(gaz, "The North said it was a test.")
    assert keys(r2, "North") == []


def test_capitals_act_as_states_but_not_as_places(gaz):
    text = (
        "Seoul said the deal between Moscow and Pyongyang was illegal. "
        "Putin flew to Pyongyang and later met officials in Seoul. "
        "The statement from Tokyo came as the Kremlin denied it."
    )
    r = run(gaz, text)
    seoul = keys(r, "Seoul")
    assert seoul == ["South Korea", "Seoul"]
    assert keys(r, "Moscow") == ["Russia"]
    assert keys(r, "Pyongyang") == ["North Korea", "Pyongyang"]
    assert keys(r, "Tokyo") == ["Japan"] and keys(r, "Kremlin") == ["Russia"]


def test_dateline_capital_is_a_place(gaz):
    r = run(gaz, "SEOUL, Oct. 26 (Yonhap) -- Officials met.", [("SEOUL", "GPE")])
    assert keys(r, "SEOUL") == ["Seoul"]


def test_people_surnames_and_roles(gaz):
    text = (
        "White House National Security spokesperson John Kirby said talks advanced. "
        "Kirby added that Russian Defense Minister Sergei Shoigu had visited. "
        "Linda Thomas-Greenfield, the US's envoy to the United Nations, spoke. "
        "The spokesperson declined to say more."
    )
    spans = [("John Kirby", "PERSON"), ("Kirby", "PERSON"), ("Sergei Shoigu", "PERSON"),
             ("Linda Thomas-Greenfield", "PERSON"), ("United Nations", "ORG")]
    r = run(gaz, text, spans, pub_date=dt.date(2023, 9, 3))
    assert set(keys(r, "Kirby")) == {"John Kirby"}
    roles = {(x.entity_key, x.role, x.as_of) for x in r.roles}
    assert ("John Kirby", "White House National Security spokesperson", dt.date(2023, 9, 3)) in roles
    assert ("Sergei Shoigu", "Russian Defense Minister", dt.date(2023, 9, 3)) in roles
    assert ("Linda Thomas-Greenfield", "US's envoy to the United Nations", dt.date(2023, 9, 3)) in roles
    assert keys(r, "The spokesperson") == ["John Kirby"]


def test_apposition_after_a_list_item_belongs_to_its_own_name(gaz):
    text = "A statement from Josep Borrell, the European Union's foreign policy chief, Antony Blinken, the US Secretary of State, and others."
    r = run(gaz, text, [("Josep Borrell", "PERSON"), ("Antony Blinken", "PERSON")])
    roles = {x.entity_key: x.role for x in r.roles}
    assert roles == {"Josep Borrell": "European Union's foreign policy chief", "Antony Blinken": "US Secretary of State"}


def test_acronym_defined_in_text_joins_its_entity(gaz):
    text = "They violate U.N. Security Council (UNSC) resolutions. The UNSC met again."
    r = run(gaz, text, [("U.N. Security Council", "ORG")])
    assert keys(r, "UNSC") == ["U.N. Security Council", "U.N. Security Council"]
    text2 = "The Democratic People's Republic of Korea (DPRK) objected. The DPRK fired."
    r2 = run(gaz, text2)
    assert set(keys(r2, "DPRK")) == {"North Korea"}


def test_demonyms_are_not_state_mentions(gaz):
    r = run(gaz, "South Korean officials met Russian diplomats.", [("South Korean", "NORP"), ("Russian", "NORP")])
    assert r.mentions == ()


def test_suffixes_honorifics_and_surnames_mistyped_as_organisations(gaz):
    text = "John McCain III spoke. Sgt Bob Smith agreed. Joe Biden arrived. Biden said McCain was wrong."
    spans = [("John McCain III", "PERSON"), ("Sgt Bob Smith", "PERSON"), ("Joe Biden", "PERSON"),
             ("Biden", "ORG"), ("McCain", "PERSON")]
    r = run(gaz, text, spans)
    assert keys(r, "John McCain") == ["John McCain"] and keys(r, "McCain") == ["John McCain"]
    assert keys(r, "Bob Smith") == ["Bob Smith"]
    biden = [m for m in r.mentions if m.text == "Biden"]
    assert biden and biden[0].label == "PERSON" and biden[0].key == "Joe Biden"


def test_dominant_full_name_takes_the_lone_surname_and_virus_names_stay_apart(gaz):
    text = ("John McCain spoke. John McCain left. John McCain won. His brother Joe McCain agreed. McCain said no. "
            "Palin smiled at Sarah Palin. H1N1 is not H5N1.")
    spans = [("John McCain", "PERSON"), ("John McCain", "PERSON"), ("John McCain", "PERSON"), ("Joe McCain", "PERSON"),
             ("McCain", "PERSON"), ("Palin", "GPE"), ("Sarah Palin", "PERSON"), ("H1N1", "ORG"), ("H5N1", "ORG")]
    r = run(gaz, text, spans)
    assert keys(r, "McCain") == ["John McCain"]
    assert keys(r, "Palin") == ["Sarah Palin"]
    assert fold_name("H1N1") != fold_name("H5N1")


def test_sentence_initial_common_words_dropped_but_known_surnames_kept(gaz):
    text = "Gordon Brown met aides. Brown said the brown envelope was empty. Simply put, it was simply over."
    r = run(gaz, text, [("Gordon Brown", "PERSON"), ("Brown", "PERSON"), ("Simply", "PERSON")])
    assert keys(r, "Brown") == ["Gordon Brown"]
    assert keys(r, "Simply") == []


# -- the gazetteer regex as a trie ---------------------------------------------------------------------------------
_FORMS = st.lists(st.text(alphabet="abAB .", min_size=1, max_size=6), min_size=1, max_size=12, unique=True)


@given(_FORMS, st.text(alphabet="abAB .x", max_size=40))
def test_trie_pattern_matches_like_the_longest_first_alternation(forms, text):
    from dateline.extract.entities import trie_pattern

    plain = re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)))
    trie = re.compile(trie_pattern(forms))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]
    # with the gazetteer's boundary checks, backtracking to a shorter form must agree as well
    wrap = r"(?<![\w.])(?:{})(?![\w]|-[a-z]|\.\w)"
    assert [m.span() for m in re.finditer(wrap.format(trie_pattern(forms)), text)] == \
        [m.span() for m in re.finditer(wrap.format(plain.pattern), text)]


def test_gazetteer_prefers_the_longest_country_name(gaz):
    text = "North Korea and the United States of America met. US-based firms and Georgia."
    found = [m.group(0) for m in gaz.alias_re.finditer(text)]
    assert found == ["North Korea", "United States of America", "Georgia"]  # not "US" of "US-based"


@pytest.mark.parametrize("first,second", [("GPE", "ORG"), ("ORG", "GPE")])
def test_a_name_labelled_twice_is_matched_elsewhere_with_its_first_label(gaz, first, second):
    # The model ran on the first two sentences only and labelled "Repsol" differently in each; its mention in the
    # third sentence takes the first label (it once came from a set, so from the hash seed: runs differed).
    text = "Repsol shares fell on Monday. Analysts said Repsol would recover. Repsol declined to comment."
    result = extract_entities(text, split_sentences(text),
                              [RawEnt(0, 6, first), RawEnt(text.index("Repsol", 10), text.index("Repsol", 10) + 6,
                                                                   second)],
                              gaz, model_sentences=frozenset({0, 1}))
    last = [m for m in result.mentions if m.start == text.rindex("Repsol")]
    assert [m.label for m in last] == [first]


def test_a_place_that_starts_a_longer_name_is_left_to_ner(gaz):
    text = ("The labour minister, Sofia Antunes, chaired the talks. Israel Katz said the Washington Post was wrong. "
            "U.S. President Joe Biden flew to France Monday.")
    spans = [("Sofia Antunes", "PERSON"), ("Israel Katz", "PERSON"), ("Washington Post", "ORG"), ("U.S.", "GPE"),
             ("Joe Biden", "PERSON"), ("France", "GPE")]
    r = run(gaz, text, spans)
    assert keys(r, "Sofia Antunes") == ["Sofia Antunes"] and keys(r, "Sofia") == []
    assert keys(r, "Israel Katz") == ["Israel Katz"] and keys(r, "Israel") == []
    assert [m.label for m in r.mentions if m.text == "Washington Post"] == ["ORG"]
    assert "Bulgaria" not in {m.key for m in r.mentions} and "Israel" not in {m.key for m in r.mentions}
    assert keys(r, "U.S.") == ["United States"] and keys(r, "France") == ["France"]
    # Without NER: a following word never written in lower case is a name; a headline word is not.
    assert keys(run(gaz, "Jordan Peterson spoke on Monday."), "Jordan") == []
    assert keys(run(gaz, "Britain Says Talks Failed\nBritain says the talks failed."), "Britain") == [
        "United Kingdom", "United Kingdom"]


def test_capitals_listed_with_places_and_datelines_are_places(gaz):
    text = ("Dockworkers struck at the ports of Sines and Lisbon. Cranes moved at Sines, Lisbon and Leixões. "
            "It concerns the ports Lisbon, Sines and Leixões.\nLisbon \u2014 The union met.\n"
            "Lisbon will not appeal. The EU and Moscow agreed.")
    r = run(gaz, text)
    assert keys(r, "Lisbon") == ["Lisbon", "Lisbon", "Lisbon", "Lisbon", "Portugal"]
    assert keys(r, "Moscow") == ["Russia"]


def test_acronym_defined_with_a_function_word_initial(gaz):
    text = "The Ohio Department of Transportation (ODOT) inspected it. ODOT spokesman Craig Lund said so."
    r = run(gaz, text, [("Ohio Department of Transportation", "ORG"), ("Craig Lund", "PERSON")])
    assert keys(r, "ODOT") == ["Ohio Department of Transportation"] * 2


def label_of(result, surface):
    return [m.label for m in result.mentions if m.text == surface]


def test_names_typed_by_their_head_word_and_titles(gaz):
    """NER's type corrected by the name's own words and a title next to it (QA bridge/strike stories)."""
    text = ("Halvorsen Construction said the Granger Street Bridge was safe. Rescuers were led by Fire Chief Marcus "
            "Bell. Bell praised them. Its president, Helena Marques, said no. The Otters play at Dunmore Field. "
            "General Motors and Grace Park agreed.")
    spans = [("Halvorsen Construction", "PERSON"), ("Granger Street Bridge", "ORG"), ("Fire Chief Marcus Bell", "ORG"),
             ("Bell", "ORG"), ("Helena Marques", "ORG"), ("Dunmore Field", "PERSON"), ("General Motors", "ORG"),
             ("Grace Park", "PERSON")]
    r = run(gaz, text, spans)
    assert label_of(r, "Halvorsen Construction") == ["ORG"] and label_of(r, "Granger Street Bridge") == ["FAC"]
    assert keys(r, "Marcus Bell") == ["Marcus Bell"] and keys(r, "Bell") == ["Marcus Bell"]
    assert label_of(r, "Helena Marques") == ["PERSON"] and label_of(r, "Dunmore Field") == ["FAC"]
    assert label_of(r, "General Motors") == ["ORG"] and label_of(r, "Grace Park") == ["PERSON"]


def test_lone_names_take_one_type_from_the_words_around_them(gaz):
    text = ("KESSLER, Ohio (AP) \u2014 The bridge in Kessler fell. We grieve with Kessler. The Dayton-based firm "
            "worked there. Ships went to Algeciras and Valencia. Strikes hit the ports of Lisbon, Sines and Leixões.\n"
            "LISBON, Jan 8 (Eurowire) - The Autoeuropa plant waited. Investors hold a stake in Volkswagen. "
            "Putin spoke to Obama.")
    spans = [("Ohio", "GPE"), ("AP", "ORG"), ("Kessler", "PERSON"), ("Kessler", "PERSON"), ("Dayton", "ORG"),
             ("Algeciras", "LOC"), ("Valencia", "PERSON"), ("Sines", "ORG"), ("Leixões", "ORG"), ("Eurowire", "GPE"),
             ("Autoeuropa", "GPE"), ("Volkswagen", "ORG"), ("Putin", "PERSON"), ("Obama", "PERSON")]
    r = run(gaz, text, spans)
    assert label_of(r, "Kessler") == ["GPE", "GPE"] and label_of(r, "Dayton") == ["GPE"]
    assert label_of(r, "Valencia") == ["GPE"] and label_of(r, "Sines") == ["GPE"] and label_of(r, "Leixões") == ["GPE"]
    assert label_of(r, "Eurowire") == ["ORG"] and label_of(r, "Autoeuropa") == ["ORG"]
    assert label_of(r, "Volkswagen") == ["ORG"] and label_of(r, "Putin") == ["PERSON"] == label_of(r, "Obama")


def test_a_lone_name_shared_by_a_company_and_its_chief_is_read_in_context(gaz):
    text = ("Halvorsen Construction suspended Dale Pruitt, a Halvorsen site supervisor, chief executive Greg "
            "Halvorsen said. Families asked Halvorsen and the Ohio Department of Transportation to keep records. "
            "Halvorsen said more.")
    spans = [("Halvorsen Construction", "ORG"), ("Dale Pruitt", "PERSON"), ("Halvorsen", "PERSON"),
             ("Greg Halvorsen", "PERSON"), ("Halvorsen", "PERSON"), ("Ohio Department of Transportation", "ORG"),
             ("Halvorsen", "PERSON")]
    r = run(gaz, text, spans)
    assert keys(r, "Halvorsen") == ["Halvorsen Construction", "Halvorsen Construction", "Greg Halvorsen"]
    r2 = run(gaz, "Ford Motor Co said Ford would cut jobs.", [("Ford Motor Co", "ORG"), ("Ford", "PERSON")])
    assert keys(r2, "Ford") == ["Ford Motor Co"]


def test_pronouns_skip_people_the_text_shows_to_be_of_the_other_gender(gaz):
    from dateline.extract.entities import last_person_before, person_genders

    text = ("Patrice Okoye, whose brother Samuel Okoye was driving, waited. Greg Halvorsen defended his crews. "
            "His daughter, Lisa Beaumont, spoke. Mr. Dev Patel agreed. They left.")
    r = run(gaz, text, [("Patrice Okoye", "PERSON"), ("Samuel Okoye", "PERSON"), ("Greg Halvorsen", "PERSON"),
                        ("Lisa Beaumont", "PERSON"), ("Dev Patel", "PERSON")])
    assert person_genders(r.mentions, text) == {"Samuel Okoye": "m", "Greg Halvorsen": "m", "Lisa Beaumont": "f",
                                                "Dev Patel": "m"}
    after_samuel = text.index(" waited")
    assert last_person_before(r.mentions, after_samuel) == "Samuel Okoye"
    assert last_person_before(r.mentions, after_samuel, pronoun="she", text=text) == "Patrice Okoye"
    assert last_person_before(r.mentions, text.index("They"), pronoun="she", text=text) == "Lisa Beaumont"
    assert last_person_before(r.mentions, text.index("They"), pronoun="he", text=text) == "Dev Patel"


def test_site_notices_name_nobody(gaz):
    text = ("Officials met in Kessler.\nEditor's note: The Courier will update this story.\n"
            "Republish our articles for free under a Creative Commons license.\nSource: Eurowire.")
    r = run(gaz, text, [("Kessler", "GPE"), ("Courier", "ORG"), ("Creative Commons", "ORG"), ("Eurowire", "GPE")])
    assert [m.text for m in r.mentions] == ["Kessler"]
    assert label_of(run(gaz, "The ferry sailed to the island of Chios.", [("Chios", "ORG")]), "Chios") == ["GPE"]


def test_typing_evidence_does_not_overreach(gaz):
    """What the evidence rules must leave alone (seen on the T17 sample)."""
    text = ("Thousands worked for the House , Senate , White House and the Pentagon. The Senate voted. "
            "It took Pemex , Mexico 's state oil company , months. Pemex failed. They fought for Saddam 's army. "
            "The Soviet Union fell. The Bush administration and George W. Bush said Bush would act. "
            "The Respect MP for Bethnal Green spoke.")
    spans = [("House", "ORG"), ("Senate", "ORG"), ("Senate", "ORG"), ("Pemex", "ORG"), ("Mexico", "GPE"),
             ("Pemex", "ORG"), ("Saddam", "PERSON"), ("Soviet Union", "GPE"), ("Bush administration", "ORG"),
             ("George W. Bush", "PERSON"), ("Bush", "PERSON"), ("Bethnal Green", "ORG")]
    r = run(gaz, text, spans)
    assert label_of(r, "Senate") == ["ORG", "ORG"] and label_of(r, "Pemex") == ["ORG", "ORG"]
    assert label_of(r, "Saddam") == ["PERSON"] and label_of(r, "Soviet Union") == ["GPE"]
    assert keys(r, "Bush") == ["George W. Bush"] and label_of(r, "Bethnal Green") == ["ORG"]
