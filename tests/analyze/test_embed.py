"""Embeddings: one multilingual space, unit vectors, what of an article is embedded."""

from __future__ import annotations

import numpy as np

from marsad.analyze.embed import DIM, article_text, embed_texts


def test_shape_dtype_and_unit_length():
    v = embed_texts(["بوتين يزور كوريا الشمالية", "Putin visits North Korea", ""])
    assert v.shape == (3, DIM) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v[:2], axis=1), 1.0, atol=1e-4)
    assert not v[2].any()  # empty text: zero vector, matches nothing
    assert embed_texts([]).shape == (0, DIM)


def test_translation_and_paraphrase_are_closer_than_other_news():
    ar, en, para, other = embed_texts([
        "الرئيس الروسي يصل إلى بيونغ يانغ في زيارة رسمية",
        "Russian president arrives in Pyongyang for an official visit",
        "بوتين يزور كوريا الشمالية",
        "ارتفاع أسعار الذهب في الأسواق العالمية",
    ])
    assert ar @ en > 0.6
    assert ar @ en > ar @ para > ar @ other + 0.1
    assert en @ para > en @ other + 0.2


def test_same_text_same_vector():
    a = embed_texts(["أمطار غزيرة في جدة"])
    b = embed_texts(["أمطار غزيرة في جدة", "نص آخر"])
    assert np.allclose(a[0], b[0], atol=1e-5)


def test_article_text_is_title_and_lead_capped():
    body = "\n\n".join(["الفقرة الأولى من الخبر."] + ["فقرة خلفية طويلة " * 20] * 10)
    t = article_text("العنوان", body, max_chars=200)
    assert t.startswith("العنوان\nالفقرة الأولى من الخبر.")
    assert len(t) <= 200
    assert not t.endswith(" ")


def test_article_text_does_not_repeat_a_title_printed_in_the_body():
    assert article_text("العنوان", "العنوان\n\nالنص") == "العنوان\nالنص"
    assert article_text(None, "  النص   وحده ") == "النص وحده"
