"""Quotes: who said what, as an analyst reading the article would attribute it."""

from __future__ import annotations

import pytest

from marsad.analyze.quotes import attribute_quotes, find_quotes
from marsad.arabic.namekey import name_key
from marsad.model import Mention, Quote
from marsad.paths import seeds_dir
from tests.bench import load_benchmark


def seed(number: str) -> str:
    paths = sorted(seeds_dir().glob(f"{number}_*.txt")) if seeds_dir().is_dir() else []
    if not paths:
        pytest.skip(f"seed {number} not found under {seeds_dir()}")
    return paths[0].read_text(encoding="utf-8")


def quote_with(quotes: tuple[Quote, ...], words: str) -> Quote:
    hits = [q for q in quotes if words in q.text]
    assert hits, f"no quote containing {words!r}: {[q.text[:40] for q in quotes]}"
    return hits[0]


def test_peskov_denies_plans_for_a_visit():
    """Seed 000: "وكان المتحدث باسم الكرملين ديمتري بيسكوف قال أمس الأربعاء إنه لا توجد خطط
    لزيارة بوتين لبيونغيانغ" is Peskov's negated, indirect statement — not Putin's."""
    text = seed("000")
    q = quote_with(find_quotes(text), "لا توجد خطط لزيارة بوتين")
    assert q.text.startswith("لا توجد خطط")  # the words said, without إنه
    assert not q.direct and q.negated and q.cue == "قال"
    assert q.speaker_text == "المتحدث باسم الكرملين ديمتري بيسكوف"
    assert q.speaker_key == name_key("ديمتري بيسكوف")
    assert text[q.start:q.end] == q.text
    assert text[q.speaker_start:q.speaker_end] == q.speaker_text


def test_continuation_inherits_the_feminine_speaker():
    """Seed 004: "وقالت المتحدّثة باسم مجلس الأمن القومي الأمريكي أدريان واتسون: ..." then
    "وتابعت: ..." — both are Watson's words."""
    quotes = find_quotes(seed("004"))
    first = quote_with(quotes, "مفاوضات الأسلحة بين روسيا وكوريا الشمالية تتقدّم")
    second = quote_with(quotes, "لدينا معلومات مفادها")
    assert first.direct and first.cue == "قال"
    assert "أدريان واتسون" in first.speaker_text
    assert second.cue == "تابع" and second.speaker_text is None
    assert first.speaker_key == second.speaker_key == name_key("أدريان واتسون")


def test_role_is_resolved_to_the_person_named_earlier():
    """Seed 004: "الوزير الروسي" after "وزير الدفاع الروسي سيرغي شويغو" is Shoigu."""
    q = quote_with(find_quotes(seed("004")), "بلاده ستناقش إجراء تدريبات مشتركة")
    assert q.speaker_text == "الوزير الروسي"
    assert q.speaker_key == name_key("سيرغي شويغو")


def test_institutions_speak_and_are_referred_back_to():
    """Seed 000: the agency speaks in its own right, and "الوكالة" is that agency again."""
    findings = attribute_quotes(seed("000"))
    first = next(f for f in findings if "دعا كيم جونغ-أون بوتين" in f.quote.text)
    again = next(f for f in findings if "قبِل الدعوة بكلّ سرور" in f.quote.text)
    assert first.speaker_name == "وكالة الأنباء الكورية الشمالية الرسمية"
    assert again.quote.speaker_text == "الوكالة"
    assert again.speaker_name == first.speaker_name


def test_speaker_after_the_words():
    """Seed 000: "..., على ما أعلنت بيونغيانغ اليوم الخميس" attributes the clause before it."""
    q = quote_with(find_quotes(seed("000")), "قبِل الرئيس الروسي فلاديمير بوتين دعوة")
    assert q.speaker_text == "بيونغيانغ" and q.cue == "أعلن"
    assert not q.text.endswith("على")


def test_medium_is_recorded():
    """Seed 002: "وأضاف في تصريحات نقلتها وكالة إنترفاكس الروسية، ..." continues Rudenko."""
    q = quote_with(find_quotes(seed("002")), "موسكو ستواصل اتصالاتها")
    assert q.medium is not None and q.medium.startswith("في تصريحات نقلتها وكالة إنترفاكس")
    assert q.speaker_key == name_key("أندريه رودينكو")


def test_direct_quote_with_the_speaker_after_it():
    text = "«لن نسمح بأي تصعيد في المنطقة»، قال المتحدث باسم الكرملين ديمتري بيسكوف."
    (q,) = find_quotes(text)
    assert q.text == "لن نسمح بأي تصعيد في المنطقة"
    assert q.direct and q.negated
    assert q.speaker_key == name_key("ديمتري بيسكوف")


def test_feminine_continuation_skips_a_masculine_speaker():
    text = ("وقالت المتحدثة باسم الخارجية ماريا زاخاروفا إن موسكو ترحب بالحوار. "
            "وقال وزير الدفاع سيرغي شويغو إن التدريبات ستستمر. "
            "وأضافت أن الوفد سيصل الأسبوع المقبل.")
    quotes = find_quotes(text)
    assert len(quotes) == 3
    assert quotes[2].cue == "أضاف"
    assert quotes[2].speaker_key == name_key("ماريا زاخاروفا")


def test_participle_continues_the_speaker_of_its_sentence():
    text = "وأكد وزير الخارجية عادل الجبير أن المملكة تدعم الحل السياسي، مشيرا إلى أن الحوار هو السبيل الوحيد."
    first, second = find_quotes(text)
    assert first.text == "المملكة تدعم الحل السياسي"  # ends before "، مشيرا"
    assert second.cue == "أشار" and second.text == "الحوار هو السبيل الوحيد"
    assert first.speaker_key == second.speaker_key == name_key("عادل الجبير")


def test_colon_and_scraped_quotation_marks():
    text = 'وقال الناطق باسم الوزارة: "الوضع تحت السيطرة الكاملة'
    (q,) = find_quotes(text)
    assert q.direct and q.text == "الوضع تحت السيطرة الكاملة"  # never closed: runs to the paragraph end


def test_denial_is_negated():
    (q,) = find_quotes("ونفت الحكومة أن تكون قد تلقت أي طلب رسمي بهذا الشأن.")
    assert q.cue == "نفى" and q.negated


def test_verbs_without_words_said_make_no_quote():
    assert find_quotes("وأكد الوزير على أهمية التعاون بين البلدين في المجالات كافة.") == ()
    assert find_quotes("أعلن مدير الشؤون الصحية عن تعيين مدير جديد للمستشفى.") == ()
    assert find_quotes("يذكر أن الوزارة أطلقت الحملة العام الماضي.") == ()


def test_scare_quotes_are_not_quotes():
    assert find_quotes('وتبنى تنظيم "داعش" الهجوم على المسجد.') == ()


def test_a_person_mention_names_the_speaker():
    text = "وقال رئيس الوزراء التركي أحمد داود أوغلو إن العمليات ستستمر."
    start = text.index("أحمد")
    mention = Mention(start, start + len("أحمد داود أوغلو"), "أحمد داود أوغلو", "PER", key="KEY-DAVUTOGLU")
    (q,) = find_quotes(text, (mention,))
    assert q.speaker_key == "KEY-DAVUTOGLU"
    (q2,) = find_quotes(text)
    assert q2.speaker_key == name_key("أحمد داود أوغلو")


def _who(text):
    return [(f.speaker_name, f.quote.text) for f in attribute_quotes(text)]


def test_bare_source_resolves_to_the_source_introduced():
    text = ("كشف مصدر مسؤول بالاتحاد السعودي لكرة القدم بتلقي الاتحاد اتصالا.\n"
            "وقال المصدر إن الاتحاد سيتخذ قرارا قريبا.")
    assert _who(text) == [("مصدر مسؤول بالاتحاد السعودي لكرة القدم", "الاتحاد سيتخذ قرارا قريبا")]


def test_name_written_before_its_role():
    text = ("وقد تخلل الاحتفال كلمة آندي كار الرئيس التنفيذي للشركة، هنأ فيها الجميع بالعيد، "
            "مشيرا إلى أن الإنجازات نتاج لجهود الموظفين.")
    assert _who(text) == [("آندي كار", "الإنجازات نتاج لجهود الموظفين")]


def test_marks_the_wrong_way_round_around_an_outlet():
    text = "وأوضح المتحدث الرسمي لهيئة الهلال الأحمر لـ”عين اليوم” أن ثلاث فرق إسعافية هرعت إلى الموقع."
    assert [q for _, q in _who(text)] == ["ثلاث فرق إسعافية هرعت إلى الموقع"]


def test_quantified_and_anonymous_speakers():
    assert _who("وأكد عدد من المواطنين أن الخدمات ضعيفة.") == [("عدد من المواطنين", "الخدمات ضعيفة")]
    assert _who("وأكد مسؤول في الوزارة فضل عدم الكشف عن اسمه أن القرار نهائي.") == \
        [("مسؤول في الوزارة", "القرار نهائي")]
    assert _who("وأبلغ مصدر مطلع «الشرق الأوسط» أن الاتفاق قريب.") == [("مصدر مطلع", "الاتفاق قريب")]


def test_role_then_a_name_the_reader_does_not_know():
    text = "أعلن المدير العام لمكتب الصحة والسكان اليمني الخضر لصور أن حصيلة القتلى بلغت 17 قتيلا."
    assert _who(text) == [("الخضر لصور", "حصيلة القتلى بلغت 17 قتيلا")]


def test_quoted_name_after_a_role():
    text = 'تحدث صاحب البقرة "يزيك زاسادا" عن مغامرته، وقال إن البقرة هربت من مزرعته.'
    assert _who(text) == [("يزيك زاسادا", "البقرة هربت من مزرعته")]


def test_narrator_goes_on_after_indirect_speech():
    assert _who("وقالت البحرين إنها أحبطت مؤامرة لتهريب أسلحة وأعلنت استدعاء سفيرها.") == \
        [("البحرين", "أحبطت مؤامرة لتهريب أسلحة")]
    assert _who("قال مارادونا إنه يريد محاربة المافيا لكنه لم يوضح ما إذا كان سيترشح.") == \
        [("مارادونا", "يريد محاربة المافيا")]
    # a cue spelled like a noun does not end the words said: "ونقل الحالات"
    (_spk, q), = _who("وأوضح المتحدث أنه تم تقديم الخدمة الطبية ونقل الحالات للمستشفيات.")
    assert q == "تم تقديم الخدمة الطبية ونقل الحالات للمستشفيات"


def test_continuation_after_a_sentence_about_someone_else():
    text = ("قال وزير المالية إبراهيم العساف إن الميزانية قوية.\n"
            "وتفقد أمير المنطقة الأمير سعود بن نايف مشروع المستشفى أمس.\n"
            "وقال إن المشروع سينتهي قريبا.")
    assert [s for s, _ in _who(text)] == ["إبراهيم العساف", "سعود بن نايف"]


def test_described_object_is_not_the_speaker():
    text = "رفع وزير الصحة خالد الفالح تعازيه لأسر الضحايا.\nووصف الحادثة، بأنها عمل إجرامي."
    (spk, q), = _who(text)
    assert q == "عمل إجرامي" and spk != "الحادثة"


def test_crown_prince_titles_still_read():
    assert _who("وقال ولي ولي العهد الأمير محمد بن سلمان إن المملكة ماضية.") == \
        [("محمد بن سلمان", "المملكة ماضية")]


def test_empty_and_plain_text():
    assert find_quotes("") == ()
    assert find_quotes("ارتفعت أسعار النفط أمس في الأسواق العالمية.") == ()


# Pinned floors: lowering one is an explicit act (see benchmarks/data/quotes/README.md).
# Measured at pinning: dev 0.960 / 0.956; held-out 0.874 / 0.763 — the held-out figures are
# below the bars (0.90 / 0.90), and these floors only guard against regressions.
# heldout2 (annotated later, first look 0.853 / 0.753) was added with its own floor.
# The dev span floor went 0.94 -> 0.93 when the fresh batch dev13-* (first look 0.830 / 0.795,
# 46 quotes) joined dev.jsonl: dev is now 0.939 / 0.958 (0.936 / 0.951 with the code before
# that round); the held-out floors are unchanged.  The targeted batch dev14-* (first look
# 0.853 / 0.844, 79 quotes) joined dev.jsonl without a floor change: dev is now 0.932 / 0.956.
FLOORS = {
    "dev": {"span_f1": 0.93, "speaker_accuracy": 0.93},
    "heldout": {"span_f1": 0.85, "speaker_accuracy": 0.73},
    "heldout2": {"span_f1": 0.83, "speaker_accuracy": 0.78},
}


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_quality_floor(split):
    bench = load_benchmark("quotes_quality")
    if not bench.available():
        pytest.skip("SaudiNewsNet corpus not available")
    scores = bench.evaluate(split)
    for metric, floor in FLOORS[split].items():
        assert scores[metric] >= floor, (split, metric, scores)


# -- the fast paths of issue 7 (speed) give what the plain regexes give -----------------------

_SPEED_TEXTS = [
    "قال الوزير إن «الوضع» مستقر.\nوأضاف: (قالت) المصادر\"قال\" ان قال",
    "وقالت الوزارة في بيان، وأكد المتحدث باسم وزارة الخارجية ومتحدثها أن ...",
    "«وزير» الخارجية والوزيرة ووزارة الدفاع، بالمتحدث للناطق وال متحدث.د. ا.د محمد",
    "", " ", "قال", "ا.د. علي: وزير-الخارجية قال_ قال",
]


def _speed_texts():
    texts = list(_SPEED_TEXTS)
    for p in sorted(seeds_dir().glob("*.txt"))[:6]:
        texts.append(p.read_text(encoding="utf-8"))
    return texts


def test_fold_text_is_fold():
    from marsad.analyze.quote_text import fold, fold_text

    for t in [*_speed_texts(), "أكّد إنّ آية ـ ىئؤة ٣٤ ھک"]:
        assert fold_text(t) == fold(t)


def test_word_scan_finds_what_finditer_finds():
    from marsad.analyze.event_lexicon import event_lexicon
    from marsad.analyze.quote_lexicon import lexicon
    from marsad.analyze.quote_text import Folded

    ev = event_lexicon()
    pairs = [(lexicon().cue_re, lexicon().cue_scan), (ev.trigger_re, ev.trigger_scan),
             (ev.transfer_re, ev.transfer_scan)]
    for t in _speed_texts():
        F = Folded(t)
        for rx, scan in pairs:
            assert [(m.span(), m.groupdict()) for m in scan.finditer(F)] == \
                [(m.span(), m.groupdict()) for m in rx.finditer(F.f)]


def test_head_matches_find_what_the_head_regex_finds():
    from marsad.analyze.quote_speakers import _head_forms, _head_matches
    from marsad.analyze.quote_text import Folded

    forms = _head_forms()
    for t in _speed_texts():
        f = Folded(t).f
        for head, rx in forms.items():
            assert [m.span() for m in _head_matches(rx, head, f)] == [m.span() for m in rx.finditer(f)], head


def test_first_word_at_is_the_whole_word_regex():
    import re

    from marsad.analyze.quote_speakers import _first_word_at

    f = "بيسكوفي وبيسكوف بيسكوف_ بيسكوف، بيسكوف"
    for end in range(len(f) + 1):
        m = re.compile(r"(?<![\w])بيسكوف(?![\w])").search(f, 0, end)
        assert _first_word_at(f, "بيسكوف", end) == (m.start() if m else -1)
