"""Sentence splitting as a reader of Arabic news would do it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.sentences import sentences

from .seeds import seed_texts


def split(text: str) -> list[str]:
    return [text[a:b] for a, b in sentences(text)]


def test_splits_on_arabic_and_latin_terminators() -> None:
    assert split("وصل الوفد. هل انتهت المحادثات؟ نعم! انتهت") == [
        "وصل الوفد.", "هل انتهت المحادثات؟", "نعم!", "انتهت",
    ]


def test_terminator_runs_stay_together() -> None:
    assert split("هل هذا معقول؟! لا أحد يصدق") == ["هل هذا معقول؟!", "لا أحد يصدق"]


@pytest.mark.parametrize("abbr", ["د.", "م.", "أ.", "ص.", "أ.د.", "J."])
def test_abbreviations_and_initials_do_not_end_a_sentence(abbr: str) -> None:
    text = f"قال {abbr} محمد إن الاجتماع انتهى. ثم غادر"
    assert split(text) == [f"قال {abbr} محمد إن الاجتماع انتهى.", "ثم غادر"]


def test_etc_does_not_end_a_sentence() -> None:
    assert split("الوقود والغذاء والدواء إلخ. من المواد الأساسية") == [
        "الوقود والغذاء والدواء إلخ. من المواد الأساسية"
    ]


def test_spelled_latin_initials() -> None:
    assert split("وقال بنك إيه. إن. زد. إن الأرباح ارتفعت. ثم") == [
        "وقال بنك إيه. إن. زد. إن الأرباح ارتفعت.", "ثم",
    ]
    assert split("ذكرت بي بي سي. وأضافت") == ["ذكرت بي بي سي.", "وأضافت"]


def test_era_after_a_year_may_end_a_sentence() -> None:
    assert split("ولد عام 1436 هـ. وقال والده") == ["ولد عام 1436 هـ.", "وقال والده"]


def test_decimals_dates_and_domains_do_not_split() -> None:
    text = "بلغ النمو 3.5 في المئة في 13.9.2023 حسب موقع spa.gov.sa الرسمي. وأضاف"
    assert split(text) == [
        "بلغ النمو 3.5 في المئة في 13.9.2023 حسب موقع spa.gov.sa الرسمي.", "وأضاف",
    ]


def test_date_at_the_end_of_a_sentence_splits() -> None:
    assert split("عقد الاجتماع في 13.9.2023. وقال الوزير") == [
        "عقد الاجتماع في 13.9.2023.", "وقال الوزير",
    ]


def test_missing_space_after_the_dot_still_splits() -> None:
    assert split("انتهى الاجتماع الأربعاء.وقال المتحدث") == [
        "انتهى الاجتماع الأربعاء.", "وقال المتحدث",
    ]


def test_headline_double_dot_and_ellipsis_do_not_split() -> None:
    assert len(split("طوكيو قلقة من المحادثات.. بوتين يقبل الدعوة")) == 1
    assert len(split("وقال إن الأمر (...) سيحسم قريبا")) == 1
    assert len(split("وانتظر الجميع… ولم يأت أحد")) == 1


def test_no_split_inside_a_quotation() -> None:
    assert split("وقال: «لن نتراجع. سنواصل حتى النهاية» ثم غادر.") == [
        "وقال: «لن نتراجع. سنواصل حتى النهاية» ثم غادر.",
    ]
    assert split('وقال "لن نتراجع. سنواصل" ثم غادر.') == ['وقال "لن نتراجع. سنواصل" ثم غادر.']


def test_quote_that_ends_the_sentence_ends_it() -> None:
    assert split("وقال: «قبلت الدعوة بكل سرور.» ثم غادر القاعة.") == [
        "وقال: «قبلت الدعوة بكل سرور.»", "ثم غادر القاعة.",
    ]
    assert split('وقال "قبلت الدعوة." ثم غادر.') == ['وقال "قبلت الدعوة."', "ثم غادر."]
    assert split("وقال: «لن نتراجع». وأضاف أن القرار نهائي.") == [
        "وقال: «لن نتراجع».", "وأضاف أن القرار نهائي.",
    ]


def test_a_stray_quote_does_not_swallow_the_paragraph() -> None:
    assert split("وقال «لن نتراجع. وأضاف أن القرار نهائي.") == [
        "وقال «لن نتراجع.", "وأضاف أن القرار نهائي.",
    ]


def test_heading_lines_stand_alone() -> None:
    text = "سياسة دولية\n\nموسكو تنفي توقيع أي اتفاقية\nأكد الكرملين الجمعة عدم التوقيع. وقال المتحدث إن الزيارة انتهت."
    assert split(text) == [
        "سياسة دولية",
        "موسكو تنفي توقيع أي اتفاقية",
        "أكد الكرملين الجمعة عدم التوقيع.",
        "وقال المتحدث إن الزيارة انتهت.",
    ]


def test_list_marker_is_not_a_sentence() -> None:
    assert split("1. تعزيز التعاون العسكري") == ["1. تعزيز التعاون العسكري"]


def test_blank_and_invisible_lines_give_nothing() -> None:
    assert sentences("") == []
    assert sentences("\n\n  \u200f \n") == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ابت .؟!«»\"\nد5م")), max_size=80))
def test_spans_are_ordered_trimmed_and_disjoint(text: str) -> None:
    end = 0
    for a, b in sentences(text):
        assert end <= a < b <= len(text)
        assert not text[a].isspace() and not text[b - 1].isspace()
        assert "\n" not in text[a:b]
        end = b


_VISIBLE = re.compile(r"[^\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def test_seed_articles() -> None:
    """On real articles: every visible character is in exactly one sentence, lines never
    merge, headings stand alone, and no sentence ends on an initial such as د."""
    for text in seed_texts():
        spans = sentences(text)
        covered = [False] * len(text)
        for a, b in spans:
            assert "\n" not in text[a:b]
            for i in range(a, b):
                assert not covered[i]
                covered[i] = True
        for i, ch in enumerate(text):
            if _VISIBLE.match(ch):
                assert covered[i], (i, text[max(0, i - 20) : i + 20])
        found = {text[a:b] for a, b in spans}
        for line in text.splitlines():
            line = line.strip()
            if line and len(line) < 80 and not re.search(r"[.!?؟]", line):
                assert line in found
        for a, b in spans:
            assert not re.search(r"(?:^|\s)(?:د|م|أ|ص)\.$", text[a:b])


def _quote_spans_by_walking(text: str) -> list[tuple[int, int]]:
    """The pairing rule, character by character: « » “ ” ‹ › nest, ASCII quotes pair in order."""
    pairs = {"»": "«", "”": "“", "›": "‹"}
    stacks: dict[str, list[int]] = {o: [] for o in pairs.values()}
    spans, ascii_open = [], None
    for i, ch in enumerate(text):
        if ch in stacks:
            stacks[ch].append(i)
        elif ch in pairs and stacks[pairs[ch]]:
            spans.append((stacks[pairs[ch]].pop(), i))
        elif ch == '"':
            if ascii_open is None:
                ascii_open = i
            else:
                spans.append((ascii_open, i))
                ascii_open = None
    return spans


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='«»“”‹›" قالx.', max_size=60))
def test_quotation_marks_pair_as_the_rule_says(text: str) -> None:
    from marsad.arabic.sentences import _quote_spans

    assert _quote_spans(text, 0, len(text)) == _quote_spans_by_walking(text)
