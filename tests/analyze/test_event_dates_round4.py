"""Event dates and triggers of the fourth round of issue #7 (``dev5``): one test per rule, on
sentences written like the news they were found in (see benchmarks/data/events/README.md)."""

from __future__ import annotations

import pytest

from marsad.analyze.events import find_events
from marsad.analyze.times import find_times


def _events(text: str, anchor: str = "2015-08-07") -> dict[str, tuple[str | None, str, str]]:
    """type -> (date, trigger, modality) of the events found with the times of ``text``."""
    return {e.type: (e.date, e.trigger, e.modality) for e in find_events(text, (), find_times(text, anchor))}


def _time(text: str, anchor: str = "2015-08-07") -> list[tuple[str, str | None]]:
    return [(t.text, t.value) for t in find_times(text, anchor)]


@pytest.mark.parametrize(("text", "expr", "value"), [
    # the two days before the anchor's, not the anchor's own (Friday 7 August)
    ("حول عمليات القصف التي شنتها القوات الهندية على الحدود خلال اليومين الماضيين.",
     "اليومين الماضيين", "2015-08-05/2015-08-06"),
    ("وارتفعت حصيلة الاشتباكات في الأيام الثلاثة الماضية إلى 40 قتيلا.",
     "الأيام الثلاثة الماضية", "2015-08-04/2015-08-06"),
    ("وتتواصل المشاورات في الأيام الثلاثة المقبلة.", "الأيام الثلاثة المقبلة", "2015-08-08/2015-08-10"),
    ("وشنت الطائرات مئات الغارات خلال الأشهر الستة الماضية.", "الأشهر الستة الماضية", "2015-02/2015-07"),
    # an ordinal day of the current or last month
    ("ووقع الانفجار في الخامس من الشهر الجاري.", "الخامس من الشهر الجاري", "2015-08-05"),
    ("وأضافت أن العملية وقعت ما بين العاشر والثالث عشر من الشهر الماضي.",
     "العاشر والثالث عشر من الشهر الماضي", "2015-07-10/2015-07-13"),
])
def test_spans_of_days_and_ordinal_days(text, expr, value):
    assert (expr, value) in _time(text)


@pytest.mark.parametrize(("text", "absent"), [
    ("وقال إن الأيام الماضية شهدت هدوءا حذرا.", "الأيام الماضية"),  # no count: too vague to place
    ("ويبدأ الأسبوع الأول من الشهر الجاري بحملة توعية.", "الأول من الشهر الجاري"),  # a week, not a day
])
def test_no_span_without_a_count_nor_a_day_for_a_numbered_noun(text, absent):
    assert all(t != absent for t, _ in _time(text))


def test_an_event_of_the_last_two_days_is_dated_with_the_span():
    text = ("قدم الجيش الباكستاني أمس مذكرة احتجاج إلى بعثة المراقبين حول عمليات القصف التي شنتها "
            "القوات الهندية على الحدود خلال اليومين الماضيين.")
    ev = _events(text)
    assert ev["military_action"][0] == "2015-08-05/2015-08-06"
    assert "protest" not in ev  # a note of protest is no demonstration


def test_a_time_after_that_belongs_to_the_reported_event():
    # the time stands after the speech verb *and* after إن: it is told inside the report
    text = "قالت مصادر أمنية إن جنديين قتلا اليوم الجمعة في هجومين شنهما مقاتلو حزب العمال الكردستاني."
    assert _events(text)["attack"][0] == "2015-08-07"
    # before إن it is still the report's (the README's convention)
    text2 = "وأفاد مصدر أمني اليوم الجمعة بأن مسلحين نفذوا هجوما على نقطة تفتيش."
    assert _events(text2)["attack"][0] is None


@pytest.mark.parametrize(("text", "typ", "date"), [
    ("قالت مصادر أمنية إن جنديين قتلا اليوم في هجومين شنهما مسلحون.", "attack", "2015-08-07"),
    ("وأسفر تفجيران انتحاريان أمس عن مقتل 12 شخصا.", "attack", "2015-08-06"),
    ("وشنت طائرات التحالف صباح أمس غارتين على معسكر للحوثيين.", "military_action", "2015-08-06"),
])
def test_the_dual_of_a_listed_noun_is_a_trigger(text, typ, date):
    assert _events(text)[typ][0] == date


def test_a_round_of_a_league_is_no_tour():
    assert "visit" not in _events("وتصدر الفريق الترتيب بعد جولتين من انطلاق الدوري.")


@pytest.mark.parametrize(("text", "typ", "date"), [
    ("أصيب 16 مجندا صباح أمس إثر حادث انقلاب السيارة التي يستقلونها.", "disaster", "2015-08-06"),
    ("استشهد أربعة مواطنين في انفجار صاروخ من مخلفات الاحتلال اليوم وسط مدينة رفح.", "disaster", "2015-08-07"),
    ("قتل جنديان في تبادل لإطلاق النار أمس بين الجيش ومسلحين على الحدود.", "military_action", "2015-08-06"),
    ("وعقد مجلس الوزراء العراقي أمس جلسة استثنائية أقر فيها حزمة إصلاحات.", "meeting", "2015-08-06"),
    ("وأصيب مستوطن في عملية طعن نفذها شاب فلسطيني أمس في الخليل.", "attack", "2015-08-06"),
])
def test_new_trigger_forms_with_their_dates(text, typ, date):
    assert _events(text)[typ][0] == date


@pytest.mark.parametrize(("text", "absent"), [
    ("ووصلت الطائرة السعودية الأولى إلى مطار تيرانا يوم أمس محملة بالمواد الإغاثية.", "visit"),
    ("وغادرت الباخرة ميناء جدة أمس وعلى متنها 300 راكب.", "visit"),
    ("وأصدرت المحكمة مذكرة اعتقال بحق رئيس الحزب أمس.", "arrest"),
    ("وسلمت الخارجية السفير مذكرة احتجاج أمس.", "protest"),
])
def test_no_visit_of_a_plane_nor_arrest_by_a_warrant(text, absent):
    assert absent not in _events(text)


def test_a_time_right_after_another_event_noun_is_that_event_s():
    text = "وأدان المجلس عقب اجتماعه أمس الهجوم الإرهابي الذي وقع في عسير الخميس الماضي."
    ev = _events(text, "2015-08-08")
    assert ev["meeting"][0] == "2015-08-07"
    assert ev["attack"][0] == "2015-08-06"


def test_an_event_dated_after_the_anchor_is_planned():
    ev = _events("ويزور الرئيس الفرنسي الرياض يوم الأحد المقبل في زيارة تستمر يومين.")
    assert ev["visit"] == ("2015-08-09", "ويزور", "planned")
    ev = _events("تجري غدا الجمعة في المغرب انتخابات الغرف المهنية.", "2015-08-06")
    assert ev["election"][0] == "2015-08-07" and ev["election"][2] == "planned"


def test_qad_before_a_past_verb_asserts():
    ev = _events("وكان الوزير قد زار موسكو الشهر الماضي.")
    assert ev["visit"] == ("2015-07", "زار", "happened")
    assert _events("وقد يزور الوزير موسكو الشهر المقبل.")["visit"][2] == "speculated"
