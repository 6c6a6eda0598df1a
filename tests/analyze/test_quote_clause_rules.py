"""Speaker and span rules added with the dev13 batch (benchmarks/data/quotes/README.md)."""

from __future__ import annotations

from marsad.analyze.quotes import attribute_quotes


def _found(text: str) -> list[tuple[str, str | None]]:
    return [(f.quote.text, f.speaker_name) for f in attribute_quotes(text)]


def test_pronoun_opener_with_feminine_or_plural_suffix():
    # "من جهتها" / "من جهتهم" is one opener: the verb after it is the sentence's first verb
    found = _found("من جهتهم أعرب عدد من سكان الحي عن استيائهم من انقطاع المياه وأشاروا إلى أنهم "
                   "تقدموا بشكاوى متكررة دون جدوى.")
    assert found == [("تقدموا بشكاوى متكررة دون جدوى", "عدد من سكان الحي")]
    found = _found("وقال الوزير إن الوضع مستقر. من جهتها أعربت الناشطة سارة العلي عن قلقها، وأضافت "
                   "أن السلطات لم تتحرك.")
    assert found[-1] == ("السلطات لم تتحرك", "سارة العلي")


def test_participle_after_a_stance_verb_with_a_plain_word_first_name():
    # "مطلق"، "سالم" are ordinary words too; a family name after them makes a person, and a
    # participle later in the sentence is his, not the last speaker's
    text = ("وقال عدد من الزوار إن الفعاليات متنوعة.\n"
            "في البداية أشاد سالم الحربي بما تم تقديمه من عروض في الصالة مشيرا إلى أن المسرحية "
            "من الأعمال الهادفة، مضيفا بأن أطفاله استمتعوا بها كثيرا.")
    assert [s for _, s in _found(text)][1:] == ["سالم الحربي", "سالم الحربي"]


def test_a_full_name_before_the_role_is_kept():
    # "... الموجود مقرها في": a word after the role is more of the description, not a new name
    found = _found("وقال جان دوبوا الرئيس التنفيذي للمجموعة الموجود مقرها في مدينة ليون الفرنسية إن "
                   "الأرباح ارتفعت بنسبة عشرة بالمئة.")
    assert found == [("الأرباح ارتفعت بنسبة عشرة بالمئة", "جان دوبوا")]


def test_a_contrast_clause_with_its_own_speaker_ends_the_span():
    found = _found("وقال الوزير إن المفاوضات مستمرة، لكن المعارضة قالت إنها لن تشارك فيها.")
    assert found == [("المفاوضات مستمرة", "الوزير"), ("لن تشارك فيها", "المعارضة")]
    found = _found("وأكد المدير أن الشركة لم تتلق أي إنذار، بيد أن المتحدث باسم البلدية أكد للصحيفة "
                   "أنه تم إبلاغها مرتين.")
    assert found == [("الشركة لم تتلق أي إنذار", "المدير"),
                     ("تم إبلاغها مرتين", "المتحدث باسم البلدية")]


def test_a_stance_verb_after_fima_ends_the_span():
    found = _found("وأشار المشرف على المهرجان إلى أن الزوار تجاوزوا عشرة آلاف، فيما أشاد عدد من الأهالي "
                   "بمستوى التنظيم.")
    assert found == [("الزوار تجاوزوا عشرة آلاف", "المشرف على المهرجان")]


def test_an_object_noun_in_construct_is_not_the_speaker_of_wasafa():
    text = ("وقال المتحدث باسم الجامعة خالد العمري إن الجامعة لا علاقة لها بالتصنيف. "
            "ووصف حديث فرحات بأنه اتهام شخصي لا أساس له.")
    assert [s for _, s in _found(text)] == ["خالد العمري", "خالد العمري"]


def test_an_adverb_between_the_participle_and_its_complementizer():
    found = _found("وأعلنت الشركة نتائجها الفصلية، مشيرة بشكل رسمي إلى أن الإدارة ستبقى كما هي.")
    assert [q for q, _ in found] == ["الإدارة ستبقى كما هي"]


def test_a_speech_given_in_a_delivered_address_is_the_deliverer():
    # "ألقى فلان ... كلمة أوضح فيها": not the patron named on the way
    found = _found("وألقى قائد المخيم سعد بن علي الغامدي خلال حفل الافتتاح الذي رعاه المدير العام للكشافة "
                   "ناصر بن محمد العتيبي كلمة أوضح فيها أن المخيم يهدف إلى تنمية مهارات الشباب.")
    assert found == [("المخيم يهدف إلى تنمية مهارات الشباب", "سعد بن علي الغامدي")]
