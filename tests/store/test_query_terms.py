"""Query concepts: what the keyword side of semantic search looks for."""

from __future__ import annotations

import pytest

from marsad.store import query_terms as qt


def forms(q: str) -> list[set[str]]:
    return [set(c.forms) for c in qt.concepts(q)]


def has(q: str, form: str) -> bool:
    return any(form in f for f in forms(q))


@pytest.mark.parametrize("q,form", [
    ("Putin visit North Korea", "بوتين"),
    ("Putin visit North Korea", "زياره"),
    ("Putin visit North Korea", "كوريا شماليه"),
    ("Houthi militias leave Aden", "عدن"),
    ("Houthi militias leave Aden", "حوثيين"),
    ("Houthi militias leave Aden", "ميليشيات"),
    ("Egypt's foreign minister", "مصر"),          # possessive
    ("Egypt's foreign minister", "وزير خارجيه"),  # the phrase before its words
    ("Iranian statements", "ايران"),              # country adjective
    ("GCC summit", "مجلس تعاون خليجي"),            # organisation initials
    ("talks in Turkey", "تركيا"),                 # other English name of a country
    ("elections in February", "فبراير"),          # CLDR month names
    ("killed in Ha'il", "حايل"),                  # apostrophes dropped
    ("approved", "يوافق"),                        # inflected English word
    ("4 dead", "4"),
])
def test_english_words_become_arabic_search_terms(q, form):
    assert has(q, form), forms(q)


def test_arabic_words_stand_for_themselves_and_names_for_all_their_spellings():
    cs = qt.concepts("تطهير من تنظيم الدولة في الأنبار")
    assert cs[0].forms == ("تطهير",) and not cs[0].translated
    assert qt.concepts("قتلى")[0].forms[0] == "قتلي"  # its own form first, then synonyms
    isis = next(c for c in cs if c.words == "تنظيم الدولة")
    assert "داعش" in isis.forms and isis.translated
    # A common word that equals a name only after a clitic-like letter is taken off
    # (باول, Powell, would give اول) is not expanded.
    assert not any("كولن" in f for f in qt.concepts("أول")[0].forms)  # كولن باول
    assert qt.concepts("أول")[0].forms[0] == "اول"


def test_untranslatable_and_function_words_are_left_out():
    assert qt.concepts("the of and") == []
    assert qt.lexical_share("the of and") == 0.0
    assert qt.lexical_share("Aden blorp") == 0.5
    assert qt.lexical_share("عدن") == 1.0
    assert qt.concepts("") == [] and qt.lexical_share("") == 0.0


def test_concepts_are_deterministic_and_each_appears_once():
    q = "Saudi Saudi Arabia oil prices oil"
    assert qt.concepts(q) == qt.concepts(q)
    assert len({c.forms for c in qt.concepts(q)}) == len(qt.concepts(q))


def test_arabic_news_words_bring_the_synonyms_listed_with_them():
    # A paraphrase says هدنة where the article says وقف إطلاق النار, or the reverse.
    ceasefire = next(c for c in qt.concepts("الالتزام بوقف إطلاق النار") if "هدنه" in c.forms)
    assert ceasefire.words == "بوقف إطلاق النار" and ceasefire.forms[0] == "وقف اطلاق نار"
    assert "هدنه" in next(c for c in qt.concepts("هدنة إنسانية")).forms
