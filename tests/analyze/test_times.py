"""Time expressions as a reader of Arabic news would resolve them."""

from __future__ import annotations

import pytest

from marsad.analyze.times import find_times, stale_spans
from marsad.paths import corpora_dir, seeds_dir
from tests.bench import load_benchmark


def value_of(text: str, expr: str, anchor: str | None) -> str | None:
    """The value of the mention covering ``expr`` (fails when nothing covers it)."""
    s = text.index(expr)
    e = s + len(expr)
    over = [m for m in find_times(text, anchor) if m.start < e and s < m.end]
    assert over, f"no time mention found for {expr!r}"
    return max(over, key=lambda m: min(e, m.end) - max(s, m.start)).value


def seed(prefix: str) -> str:
    paths = sorted(seeds_dir().glob(f"{prefix}_*.txt"))
    if not paths:
        pytest.skip("seed articles not available")
    return paths[0].read_text(encoding="utf-8")


def test_spans_index_the_text() -> None:
    text = "قال الكرملين أمس الأربعاء إن القمة ستعقد في 19 و20 من الجاري."
    for m in find_times(text, "2023-09-14"):
        assert text[m.start:m.end] == m.text


def test_relative_mentions_record_their_anchor_absolute_do_not() -> None:
    ms = find_times("وصل أمس بعد زيارة في 3 شباط 2022.", "2024-06-18")
    by_text = {m.text: m for m in ms}
    assert by_text["أمس"].anchor == "2024-06-18"
    assert by_text["3 شباط 2022"].anchor is None


def test_without_anchor_relative_found_but_unresolved() -> None:
    ms = find_times("أعلن الوزير أمس الأربعاء أن الحرب بدأت في 24 فبراير/ شباط 2022.", None)
    vals = {m.text: m.value for m in ms}
    assert vals["أمس الأربعاء"] is None
    assert vals["24 فبراير/ شباط 2022"] == "2022-02-24"


@pytest.mark.parametrize(("text", "expr", "anchor", "value"), [
    # seeds' key expressions
    ("خلال القمّة التي جمعتهما في روسيا أمس الأربعاء، على ما أعلنت بيونغيانغ اليوم الخميس.", "أمس الأربعاء", "2023-09-14", "2023-09-13"),
    ("على ما أعلنت بيونغيانغ اليوم الخميس.", "اليوم الخميس", "2023-09-14", "2023-09-14"),
    ("وكان كيم قد وصل في وقت مبكر من يوم الثلاثاء الماضي.", "يوم الثلاثاء الماضي", "2023-09-14", "2023-09-12"),
    ("بزيارة دولة ودية يومي 18 و19 يونيو/حزيران 2024.", "يومي 18 و19 يونيو/حزيران 2024", "2024-06-18", "2024-06-18/2024-06-19"),
    ("كما سيزور الرئيس الروسي في 19 و20 من الجاري فيتنام.", "19 و20 من الجاري", "2024-06-18", "2024-06-19/2024-06-20"),
    ("في مارس/ آذار الماضي، استخدمت روسيا الفيتو.", "مارس/ آذار الماضي", "2024-06-18", "2024-03"),
    ("عبرها الزعماء بالقطار العام الماضي.", "العام الماضي", "2024-06-18", "2023"),
    ("واتهم البنتاغون موسكو الأسبوع الماضي.", "الأسبوع الماضي", "2024-06-18", "2024-W24"),
    ("ويبدأ التطبيق الشهر المقبل.", "الشهر المقبل", "2024-06-18", "2024-07"),
    ("وكانت آخر زيارة له منذ نحو ربع قرن.", "منذ نحو ربع قرن", "2024-06-18", None),
    ("تاريخ النشر: 11th, September 2023 GMT", "11th, September 2023", None, "2023-09-11"),
    ("الأحد 13 أكتوبر / October 2024", "الأحد 13 أكتوبر / October 2024", None, "2024-10-13"),
    ("الموافق 15 رمضان 1445 هـ", "15 رمضان 1445 هـ", None, "2024-03-25"),
    ("صدر في ١٥ رمضان ١٤٤٥ هـ", "١٥ رمضان ١٤٤٥ هـ", None, "2024-03-25"),
    ("وكانت آخر زيارة في نيسان/ أبريل عام 2019.", "نيسان/ أبريل عام 2019", None, "2019-04"),
    ("ويقع المركز الذي أطلق صاروخه الأول في عام 2016.", "عام 2016", None, "2016"),
    ("واستضافت البطولة في 2016 للمرة الأولى.", "2016", None, "2016"),
    # month systems
    ("في 12 جانفي 2024", "12 جانفي 2024", None, "2024-01-12"),
    ("في 20 أوت 1955", "20 أوت 1955", None, "1955-08-20"),
    ("في 30 يونيه 2013", "30 يونيه 2013", None, "2013-06-30"),
    ("في 4 آب 2020", "4 آب 2020", None, "2020-08-04"),
    ("في 15 فبراير (شباط) الماضي", "15 فبراير (شباط) الماضي", "2015-07-20", "2015-02-15"),
    ("بتاريخ ٢٠ / ٩ / ١٤٤٥هـ", "٢٠ / ٩ / ١٤٤٥هـ", None, "2024-03-30"),
    ("26 شوال 1436 هـ الموافق 11 اغسطس 2015 م", "26 شوال 1436 هـ الموافق 11 اغسطس 2015 م", None, "2015-08-11"),
    # day ranges, in figures and in ordinal words (issue 7)
    ("سيعقد لافروف اجتماعا خلال زيارة عمل لقطر يومي الثاني والثالث من أغسطس آب.",
     "يومي الثاني والثالث من أغسطس آب", "2015-08-01", "2015-08-02/2015-08-03"),
    ("تعقد القمة من 3 إلى 5 أغسطس 2015.", "3 إلى 5 أغسطس 2015", None, "2015-08-03/2015-08-05"),
    ("وتجرى الانتخابات بين 12 و14 سبتمبر 2015.", "12 و14 سبتمبر 2015", None, "2015-09-12/2015-09-14"),
    ("وتستمر الدورة من العاشر إلى الثاني عشر من مارس 2016.", "العاشر إلى الثاني عشر من مارس 2016", None,
     "2016-03-10/2016-03-12"),
    ("ويحتفل بالمناسبة في الحادي والعشرين من سبتمبر 2015.", "الحادي والعشرين من سبتمبر 2015", None, "2015-09-21"),
])
def test_forms(text: str, expr: str, anchor: str | None, value: str | None) -> None:
    assert value_of(text, expr, anchor) == value


@pytest.mark.parametrize(("text", "expr", "value"), [
    ("وعقد المجلس جلسة طارئة الأحد.", "الأحد", "2024-06-16"),  # past: on or before
    ("سيزور الرئيس موسكو الأربعاء.", "الأربعاء", "2024-06-19"),  # future verb
    ("ومن المقرر أن يعقد المجلس اجتماعه الأحد.", "الأحد", "2024-06-23"),
    ("وتنطلق المفاوضات الاثنين المقبل.", "الاثنين المقبل", "2024-06-24"),
    ("وكان الوفد قد وصل الثلاثاء الماضي.", "الثلاثاء الماضي", "2024-06-11"),  # anchor is a Tuesday
    ("وقال المتحدث الثلاثاء إن موسكو ستمد سيول بالتفاصيل.", "الثلاثاء", "2024-06-18"),
    ("ويصل المبعوث غداً الأربعاء.", "غداً الأربعاء", "2024-06-19"),
    ("واندلعت الاشتباكات أول أمس.", "أول أمس", "2024-06-16"),
    ("وقتلت قوات الأمن الليلة الماضية مسلحا.", "الليلة الماضية", "2024-06-17"),  # last night
    ("ويصل الوفد الليلة إلى العاصمة.", "الليلة", "2024-06-18"),  # tonight
    # "قبل الماضي" / "بعد المقبل" with every modifier form, not only the first of the list
    ("واندلعت اشتباكات الجمعة قبل الماضية في المدينة.", "الجمعة قبل الماضية", "2024-06-07"),
    ("وعقد المجلس جلسته الأسبوع قبل الماضي.", "الأسبوع قبل الماضي", "2024-W23"),
    ("وقتل ثلاثة في هجوم الليلة قبل الماضية.", "الليلة قبل الماضية", "2024-06-16"),
    # a plan told in the past says nothing of the day's side: a weekday alone, on or before
    ("وكان من المفترض أن تبدأ جولة ثانية من المحادثات الجمعة، إلا أنها أرجئت.", "الجمعة", "2024-06-14"),
])
def test_weekday_tense(text: str, expr: str, value: str) -> None:
    assert value_of(text, expr, "2024-06-18") == value


def test_seed_000_relative_days() -> None:
    text = seed("000")
    ms = find_times(text, "2023-09-14")
    vals = {(m.text, m.value) for m in ms}
    assert ("أمس الأربعاء", "2023-09-13") in vals
    assert ("اليوم الخميس", "2023-09-14") in vals
    assert ("24 فبراير/ شباط 2022", "2022-02-24") in vals


def test_seed_001_every_key_expression() -> None:
    text = seed("001")
    vals = {m.text: m.value for m in find_times(text, "2024-06-18")}
    assert vals["يومي الثلاثاء والأربعاء"] == "2024-06-18/2024-06-19"
    assert vals["اليوم الثلاثاء"] == "2024-06-18"
    assert vals["مارس/ آذار الماضي"] == "2024-03"
    assert vals["منذ نحو ربع قرن"] is None
    assert vals["منذ 24 عاما"] == "2000"


def test_stale_passage_keeps_relative_expressions_unresolved() -> None:
    text = ("أكد البيت الأبيض صباح اليوم الثلاثاء أن القمة ستعقد في 10 سبتمبر/أيلول.\n\n"
            "وفي 28 أبريل/نيسان 2021، قال البيت الأبيض يوم الجمعة إن المراجعة اكتملت الأسبوع الماضي.\n\n"
            "ويتوقع أن يصل الوفد غدا.")
    spans = stale_spans(text, "2023-09-05")
    assert len(spans) == 1
    s, e = spans[0]
    assert "28 أبريل" in text[s:e]
    ms = {m.text: m for m in find_times(text, "2023-09-05")}
    assert ms["الأسبوع الماضي"].value is None and ms["الأسبوع الماضي"].anchor is None
    assert ms["يوم الجمعة"].value is None
    assert ms["صباح اليوم الثلاثاء"].value == "2023-09-05"  # outside the old passage
    assert ms["غدا"].value == "2023-09-06"


def test_background_dates_are_not_stale() -> None:
    text = "وكان الرئيس قد زار موسكو في أبريل/نيسان 2019، وأعلن الكرملين الثلاثاء أن الزيارة ستتكرر."
    assert stale_spans(text, "2024-06-18") == []


def test_a_far_future_date_is_a_plan_not_a_stale_passage() -> None:
    text = ("قبل انعقاد مؤتمر صحفي أمس الاثنين، قال رئيس الاتحاد إن الانتخابات المقبلة مقررة في "
            "26 فبراير 2016.")
    assert stale_spans(text, "2015-07-21") == []
    ms = {m.text: m for m in find_times(text, "2015-07-21")}
    assert ms["أمس الاثنين"].value == "2015-07-20"


def test_stale_spans_can_be_supplied() -> None:
    text = "وصل أمس.\nوقال أمس إن الأمر انتهى."
    ms = find_times(text, "2024-06-18", stale=[(9, len(text))])
    assert [m.value for m in ms] == ["2024-06-17", None]


def test_quality_floor() -> None:
    """The pinned floor of benchmarks/times_quality.py (exact value accuracy)."""
    bench = load_benchmark("times_quality")
    cases, _skipped = bench.load_cases()
    if not (corpora_dir() / "saudinewsnet").is_dir():
        assert all(c["source"] == "constructed" for c in cases)
    assert len(cases) >= 100
    res = bench.evaluate(cases, with_dateparser=False)
    acc = res["groups"]["all"]["marsad"]
    assert acc >= bench.FLOOR, res["misses"][:10]
