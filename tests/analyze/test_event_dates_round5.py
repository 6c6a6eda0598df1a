"""Event dates and triggers of the fifth round of issue #7 (``dev6``): one test per rule, on
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


# -- dates ------------------------------------------------------------------------------------------

def test_weekday_wins_against_a_crawl_a_week_late():
    # crawled on Tuesday 21 July, written on Wednesday 15 July: "أمس الثلاثاء" is the 14th, not the 20th
    ev = _events("وتوصلت إيران والقوى العالمية الست إلى اتفاق تاريخي أمس الثلاثاء في فيينا.", "2015-07-21")
    assert ev["agreement"][0] == "2015-07-14"


def test_weekday_after_the_day_after_tomorrow():
    # crawled on Tuesday 21 July, written on Monday: "بعد غد الأربعاء" is Wednesday 22 July
    ev = _events("وأكد الوزير عقد اجتماع بعد غد الأربعاء مع مديري التعليم في المناطق.", "2015-07-21")
    assert ev["meeting"][0] == "2015-07-22"


def test_two_days_after_yawmay_are_a_range():
    text = "وشهدت مدن عدة تظاهرات معادية للمهاجرين يومي أمس وأمس الأول."
    assert _events(text, "2015-07-21")["protest"][0] == "2015-07-19/2015-07-20"
    # one day alone is still that day
    assert _events("وشهدت المدينة تظاهرات أمس.", "2015-07-21")["protest"][0] == "2015-07-20"


@pytest.mark.parametrize("text", [
    "ويؤدي المصلون الصلاة خمس مرات في اليوم في المسجد.",
    "وصل الأمر إلى أربعين حريقا في اليوم بلا سبب واضح.",
])
def test_a_rate_per_day_is_no_time(text):
    assert all(expr != "اليوم" for expr, _ in _time(text))


def test_today_after_fi_is_still_today():
    assert ("اليوم", "2015-08-07") in _time("وقال الوزير في اليوم نفسه إن الاجتماع انتهى، وزار المنطقة اليوم.")


def test_masculine_relative_after_feminine_words_dates_the_trigger():
    # الذي cannot refer to "المدينة الساحلية": the clause is the attack's, and 2012 dates it, not October
    text = ("وستمثل الوزيرة في 22 أكتوبر المقبل أمام لجنة برلمانية لمناقشة الاعتداء على السفارة الأجنبية "
            "في المدينة الساحلية الذي أدى إلى مقتل السفير، وثلاثة موظفين آخرين عام 2012.")
    assert _events(text, "2015-07-27")["attack"][0] == "2012"


def test_masculine_relative_after_a_masculine_noun_stays_that_nouns():
    # الذي after "الحي القديم" (masculine) may be that noun's: the round-3 rule is kept, the time
    # of the clause does not date the attack
    text = "وأدانت الوزارة أمس الهجوم على مسجد في الحي القديم الذي شهد في 17 يونيو فيضانا مدمرا."
    assert _events(text, "2015-07-27")["attack"][0] == "2015-07-26"


# -- triggers -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "anchor", "typ", "date"), [
    ("وأضاف المبعوث الأممي في كلمة أمام مجلس الأمن أمس الأول أن العنف يهدد حل الدولتين.",
     "2015-07-25", "statement", "2015-07-23"),
    ("وقال الوزير إن الخطاب الذي ألقاه المرشد يوم السبت مزعج للغاية.", "2015-07-22", "statement", "2015-07-18"),
    ("ووافقت اللجنة المركزية للحزب على عقد مؤتمر عام في سبتمبر لتوحيد موقفه.", "2015-08-01", "meeting", "2015-09"),
    ("وقتل جندي في تبادل كثيف لإطلاق النار أمس بين الجيش والمسلحين عبر الحدود.",
     "2015-07-24", "military_action", "2015-07-23"),
    ("وأعلنت الشرطة اعتقال أول شخص منذ مقتل طفل فلسطيني حرقا الجمعة في الضفة الغربية.",
     "2015-08-03", "attack", "2015-07-31"),
    ("وأكد شهود أن مسلحي المقاومة ألقوا بقنبلة يدوية على نقطة للحوثيين أول من أمس.",
     "2015-07-21", "military_action", "2015-07-19"),
])
def test_new_trigger_forms(text, anchor, typ, date):
    assert _events(text, anchor)[typ][0] == date


@pytest.mark.parametrize(("text", "typ"), [
    ("وغرد الصحفي بأن مسلحين اقتحموا منزله وقامت قوة باعتقاله بالقوة.", "arrest"),
    ("وبدأ المئات اعتصاما للمطالبة بمعاقبة رجل يتهمونه بقتل ضابط.", "accusation"),
])
def test_masdar_and_verb_with_a_pronoun(text, typ):
    assert typ in _events(text)


@pytest.mark.parametrize(("text", "typ"), [
    ("ثم استعرضت اللجنة الخطة الإعلامية وما وصلت إليه من التنفيذ.", "visit"),  # progress, not arrival
    ("وتأكدت الوزارة من تجهيز المستشفيات لعلاج حالات ضربات الشمس في المشاعر.", "military_action"),
    ("وأعلن متحدث باسم المرشحة للانتخابات الرئاسية أنها ستدلي بشهادتها.", "election"),  # a candidate, no vote
])
def test_no_event(text, typ):
    assert typ not in _events(text)
