"""Unwritten-speaker rules added with the dev14 batch (benchmarks/data/quotes/README.md)."""

from __future__ import annotations

from marsad.analyze.quotes import attribute_quotes


def _found(text: str) -> list[tuple[str, str | None]]:
    return [(f.quote.text, f.speaker_name) for f in attribute_quotes(text)]


def test_a_conjunction_set_off_by_a_space_is_not_the_speaker():
    # "و أضاف ، ان": the و is the verb's, written apart; the speaker is the last one heard
    found = _found("من جهته أكد المدير التنفيذي للشركة خالد العمري أن الشركة تشرفت بالتكريم. "
                   "و أضاف ، ان الشركة بدأت الشراكة مع الجمعية قبل عشر سنوات.")
    assert found[-1] == ("الشركة بدأت الشراكة مع الجمعية قبل عشر سنوات", "خالد العمري")


def test_a_name_after_an_outlet_in_straight_quotes_set_off_from_its_role():
    # "أوضح لـ"الاقتصادية" فلان؛ المستشار ...، أن": the outlet told, then the speaker; the
    # participles after it are his, not the earlier paragraph's
    text = ('أبلغ "الاقتصادية" مصرفيون أن السندات تعد أوراقا مالية قوية.\n'
            'من جانبه، أوضح لـ"الاقتصادية" لاحم الناصر؛ المستشار المصرفي الإسلامي، أن السندات '
            'تعتبر ضمانة تقدمها المصارف، مشيرا إلى أن الدولة لن تواجه أي عائق.')
    assert [s for _, s in _found(text)][1:] == ["لاحم الناصر", "لاحم الناصر"]


def test_a_participle_after_a_cue_with_an_object_on_ala():
    # "أكد مدير الجامعة المكلف على أهمية الاتفاقية، مشيرا إلى أن": the subject ends at على (the
    # object), so the role is resolved to the person the article named with it
    text = ("وقع مدير جامعة الملك عبدالعزيز المكلف الدكتور عبدالرحمن اليوبي اتفاقية مع جامعة "
            "أكسفورد.\nمن جانبه، أكد مدير الجامعة المكلف على أهمية الاتفاقية في دعم البحث "
            "العلمي، مشيرا إلى أن جامعة أكسفورد من الجامعات العريقة.")
    assert _found(text) == [("جامعة أكسفورد من الجامعات العريقة", "عبدالرحمن اليوبي")]


def test_a_continuation_after_a_sentence_about_a_person_named_by_his_surname():
    # "وفي نهاية الاجتماع تناول المزروع ... . وقال:": the one the last sentence was about,
    # named earlier in full, not the speaker of an earlier paragraph
    text = ("وأوضح أمين المنطقة المهندس محمد العمري أن اللجنة أنهت تجهيز المراكز.\n"
            "وعقدت لجنة الطعون اجتماعها الأول برئاسة الدكتور عبدالواحد المزروع. وفي نهاية "
            "الاجتماع تناول المزروع أبرز ما جاء في الاجتماع.\n"
            "وقال: «إن الهدف من هذا الاجتماع هو التعرف على الأعمال السابقة».")
    assert _found(text)[-1][1] == "عبدالواحد المزروع"
