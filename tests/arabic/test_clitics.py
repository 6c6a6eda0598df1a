"""Clitic stripping: prefixed forms meet, names stay whole, index terms for search."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.arabic.clitics import index_terms, load_protected, strip_clitics, strip_with
from marsad.arabic.normalize import search_key
from marsad.paths import corpora_dir


def strip(word: str) -> str:
    return strip_clitics(search_key(word))


@pytest.mark.parametrize(
    ("forms", "term"),
    [
        (["بوتين", "وبوتين", "لبوتين", "فبوتين", "وببوتين"], "بوتين"),
        (["لبنان", "للبنان", "ولبنان", "بلبنان"], "لبنان"),
        (["الكرملين", "بالكرملين", "للكرملين", "والكرملين", "وبالكرملين", "كرملين"], "كرملين"),
        (["بيسكوف", "لبيسكوف", "وبيسكوف"], "بيسكوف"),
        (["بايدن", "لبايدن", "وبايدن"], "بايدن"),
        (["فلاديمير", "وفلاديمير"], "فلاديمير"),
        (["ليبيا", "بليبيا", "وليبيا"], "ليبيا"),
        (["كوريا", "وكوريا", "لكوريا"], "كوريا"),
        (["واشنطن", "وواشنطن", "لواشنطن"], "واشنطن"),
        (["باريس", "لباريس"], "باريس"),
        (["بكين", "وبكين"], "بكين"),
        (["فرنسا", "وفرنسا", "لفرنسا"], "فرنسا"),
        (["كورونا", "لكورونا"], "كورونا"),
        (["الله", "والله", "بالله"], "الله"),
    ],
)
def test_protected_names_survive_every_prefix(forms: list[str], term: str) -> None:
    assert {strip(f) for f in forms} == {term}


@pytest.mark.parametrize(
    "forms",
    [
        ["وزير", "الوزير", "والوزير", "بالوزير", "ووزير"],
        ["زيارة", "الزيارة", "بالزيارة", "وزيارة", "للزيارة"],
        ["بيان", "البيان", "ببيان", "وبيان"],
        ["لجنة", "اللجنة", "للجنة", "واللجنة"],
        ["العقوبات", "بالعقوبات", "والعقوبات", "عقوبات"],
        ["علاقات", "العلاقات", "علاقاتها", "علاقاتهما", "وعلاقاتهم"],
        ["بلاد", "البلاد", "بلادنا", "بلادهم"],
        ["وقت", "الوقت", "وقتها"],
        ["بيت", "البيت", "وبيتهم"],
        ["متهم", "المتهم", "بالمتهم", "للمتهم"],
    ],
)
def test_clitic_variants_of_a_word_meet(forms: list[str]) -> None:
    assert len({strip(f) for f in forms}) == 1, {f: strip(f) for f in forms}


@pytest.mark.parametrize(
    "word",
    ["تفاهم", "أهم", "المحاكم", "أماكن", "الراهن", "مكانا", "إعلانا", "متهم", "فقط", "وقف"],
)
def test_word_endings_that_only_look_like_clitics_stay(word: str) -> None:
    key = search_key(word)
    expected = key[2:] if key.startswith("ال") else key
    assert strip_clitics(key) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [("مدرسة", "مدرس"), ("دولي", "دول"), ("جامعة", "جامع"), ("بيان", "كيان"), ("بوتين", "تين"),
     ("ملك", "مل")],
)
def test_words_that_must_stay_apart(a: str, b: str) -> None:
    assert strip(a) != strip(b)


def test_without_the_lexicon_names_break_which_is_why_it_exists() -> None:
    assert strip_with("بوتين", frozenset()) == "تين"  # "fig"
    assert strip_with("لبنان", frozenset()) == "نان"


def test_numbers_and_latin_pass_through() -> None:
    assert strip_clitics("2024") == "2024"
    assert strip_clitics("nato") == "nato"
    assert strip_clitics("") == ""


def test_index_terms_of_a_sentence() -> None:
    text = "قبِلَ الرئيسُ الروسي فلاديمير بوتين دعوةً لزيارة كوريا الشمالية في ٢٠٢٤، وقال لبوتين «نعم»."
    assert index_terms(text) == [
        "قبل", "رييس", "روسي", "فلاديمير", "بوتين", "دعوه", "زياره", "كوريا", "شماليه", "في",
        "2024", "قال", "بوتين", "نعم",
    ]


def test_index_terms_query_variants_meet_the_text() -> None:
    text = "وأكد المتحدث باسم الكرملين ديمتري بيسكوف أن لقاء كيم وبوتين في ٢٠٢٤"
    terms = set(index_terms(text))
    for query in ("بالكرملين", "بيسكوف", "بوتين", "2024", "لقاء", "كيم"):
        assert set(index_terms(query)) <= terms, query


def test_lexicon_file_is_sorted_small_and_clean() -> None:
    path = Path(__file__).parents[2] / "src" / "marsad" / "resources" / "arabic" / "protected.txt"
    assert path.stat().st_size < 300_000
    lines = path.read_text(encoding="utf-8").splitlines()
    header = [line for line in lines if line.startswith("#")]
    forms = [line for line in lines if not line.startswith("#")]
    assert any("CC BY-SA" in line for line in header)
    assert forms == sorted(set(forms))
    assert all(form == search_key(form) and " " not in form for form in forms)
    assert not [f for f in forms if f.startswith("لل")]
    assert set(forms) == load_protected()
    for name in ("بوتين", "بيسكوف", "بايدن", "فلاديمير", "لبنان", "ليبيا", "كوريا", "واشنطن",
                 "باريس", "بكين", "فرنسا", "كرملين"):
        assert name in load_protected()


def test_lexicon_is_what_the_build_script_makes() -> None:
    """protected.txt is a built file: rebuilding from the corpora gives it back exactly."""
    if not (corpora_dir() / "ner").is_dir():
        pytest.skip("NER corpora not available")
    babel = pytest.importorskip("babel")
    from marsad.resources.arabic.build_protected import OUTPUT, build

    header = [line for line in OUTPUT.read_text(encoding="utf-8").splitlines() if line[:1] == "#"]
    if not any(f"babel {babel.__version__}," in line for line in header):
        pytest.skip("protected.txt was built with another babel (CLDR) version")

    assert build(corpora_dir()) == sorted(load_protected())
