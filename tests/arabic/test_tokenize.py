"""Tokens: what counts as a word, and offsets that always slice back to the token."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.normalize import search_key
from marsad.arabic.tokenize import Token, tokenize, words

from .seeds import seed_texts


def texts(tokens: list[Token]) -> list[str]:
    return [t.text for t in tokens]


def test_words_numbers_and_punctuation() -> None:
    text = "قال بوتين، في 18 يونيو: «نعم»!"
    assert texts(tokenize(text)) == [
        "قال", "بوتين", "،", "في", "18", "يونيو", ":", "«", "نعم", "»", "!",
    ]
    assert texts(words(text)) == ["قال", "بوتين", "في", "يونيو", "نعم"]


def test_diacritics_and_tatweel_stay_inside_the_word() -> None:
    assert texts(tokenize("قبِلَ الدَّعْوَةَ بـوتين")) == ["قبِلَ", "الدَّعْوَةَ", "بـوتين"]


def test_zero_width_non_joiner_stays_inside_the_word() -> None:
    assert texts(words("می\u200cخواهد")) == ["می\u200cخواهد"]


def test_hyphenated_name_gives_separate_tokens_with_the_hyphen_its_own() -> None:
    assert texts(tokenize("كيم جونغ-أون")) == ["كيم", "جونغ", "-", "أون"]
    assert texts(words("كيم جونغ-أون")) == texts(words("كيم جونغ أون"))


def test_numbers_keep_their_inner_separators() -> None:
    assert texts(tokenize("3.5 و1,000 و٢٠٢٤ و13.9.2023 و10:30 و٣٫٥")) == [
        "3.5", "و", "1,000", "و", "٢٠٢٤", "و", "13.9.2023", "و", "10:30", "و", "٣٫٥",
    ]


def test_sentence_final_dot_is_not_part_of_a_number() -> None:
    assert texts(tokenize("عام 2022.")) == ["عام", "2022", "."]


def test_runs_of_the_same_mark_are_one_token() -> None:
    assert texts(tokenize("المحادثات.. بوتين... ؟!")) == ["المحادثات", "..", "بوتين", "...", "؟", "!"]


def test_latin_words_with_digits() -> None:
    assert texts(tokenize("قمة G20 وF-16")) == ["قمة", "G20", "وF", "-", "16"]


def test_invisible_controls_are_not_tokens() -> None:
    assert texts(tokenize("\u200fكيم\u200f \u200b بوتين\ufeff")) == ["كيم", "بوتين"]


def test_token_kinds() -> None:
    word, number, punct = tokenize("كيم 2024 ،")
    assert word.is_word and not word.is_number
    assert number.is_number and not number.is_word
    assert not punct.is_word and not punct.is_number


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_offsets_slice_back_to_the_token(text: str) -> None:
    previous_end = 0
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text
        assert token.start >= previous_end
        assert token.text and not token.text.isspace()
        previous_end = token.end


def test_seed_articles_every_visible_character_is_in_a_token() -> None:
    for text in seed_texts():
        tokens = tokenize(text)
        covered = bytearray(len(text))
        for token in tokens:
            assert text[token.start : token.end] == token.text
            covered[token.start : token.end] = b"\x01" * (token.end - token.start)
        for i, ch in enumerate(text):
            if not covered[i]:
                assert ch.isspace() or not search_key(ch), repr(ch)
        for token in words(text):
            assert token.is_word


def test_word_texts_are_the_word_and_number_tokens() -> None:
    from marsad.arabic.tokenize import word_texts

    samples = [
        "",
        "G20 و19 ١٢٣٫٥ a_b __x 10:30 13.9.2023",
        "قبِلَ بـوتين ـــ \u064b\u064bابc «قال» —؟ x...y!!",
        "\u200bكلمة\u200c\u200dمع ﻻ ﺃﺣﺪ e\u0301té ½ ² ٣ 😀ab😀",
    ]
    samples += ["a" + chr(c) + "b " + chr(c) + " ٣" + chr(c) for c in range(32, 0x3000)]
    for text in samples:
        # the tokens search indexing keeps: those with a letter or digit (½ and ² are word tokens)
        assert word_texts(text) == [t.text for t in tokenize(text) if any(c.isalnum() for c in t.text)], text
