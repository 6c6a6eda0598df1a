"""Event dates read off the times in their sentence (issue #7)."""

from __future__ import annotations

from marsad.analyze.events import find_events
from marsad.model import TimeMention


def _date(text: str, times: list[TimeMention]) -> str | None:
    evs = find_events(text, (), times)
    assert evs
    return evs[0].date


def test_today_with_a_weekday_names_that_weekday():
    text = "قصفت طائرات حربية تركية أهدافا للتنظيم في سوريا اليوم الجمعة."
    s = text.index("اليوم")
    t = TimeMention(s, s + len("اليوم الجمعة"), "اليوم الجمعة", "2015-07-25", "2015-07-25")
    assert _date(text, [t]) == "2015-07-24"  # crawled on Saturday, written on Friday
    t2 = TimeMention(s, s + len("اليوم الجمعة"), "اليوم الجمعة", "2015-07-24", "2015-07-24")
    assert _date(text, [t2]) == "2015-07-24"


def test_a_planned_event_is_not_dated_in_the_past_year():
    text = "سيعقد الوزير اجتماعا ثلاثيا مع نظيريه في الدوحة في الثالث من أغسطس."
    s = text.index("الثالث")
    t = TimeMention(s, s + len("الثالث من أغسطس"), "الثالث من أغسطس", "2014-08-03", "2015-08-01")
    assert _date(text, [t]) == "2015-08-03"
    t2 = TimeMention(s, s + len("الثالث من أغسطس 2014"), "الثالث من أغسطس 2014", "2014-08-03", "2015-08-01")
    assert _date(text, [t2]) == "2014-08-03"  # a year written out stays


def test_yesterday_with_a_weekday_names_that_weekday():
    # crawled on Thursday, written on Wednesday: "أمس الثلاثاء" is the Tuesday
    text = "وقال نائب المدير العام في مؤتمر صحفي امس الثلاثاء إن الهيئة صدمت بالقرار."
    s = text.index("امس")
    t = TimeMention(s, s + len("امس الثلاثاء"), "امس الثلاثاء", "2015-08-05", "2015-08-06")
    assert _date(text, [t]) == "2015-08-04"
    t2 = TimeMention(s, s + len("امس الثلاثاء"), "امس الثلاثاء", "2015-08-04", "2015-08-05")
    assert _date(text, [t2]) == "2015-08-04"  # consistent already: unchanged


def test_an_event_over_a_day_range_is_dated_by_the_range():
    from marsad.analyze.times import find_times

    text = ("قالت وزارة الخارجية الروسية اليوم السبت إن لافروف سيعقد اجتماعا ثلاثيا مع نظيريه "
            "خلال زيارة عمل لقطر يومي الثاني والثالث من أغسطس آب.")
    evs = {e.type: e for e in find_events(text, (), find_times(text, "2015-08-01"))}
    assert evs["meeting"].date == "2015-08-02/2015-08-03"
    assert evs["visit"].date == "2015-08-02/2015-08-03"


def test_tomorrow_with_a_weekday_names_that_weekday():
    # crawled on Thursday, written on Monday: "غدا الثلاثاء" is the Tuesday, not Friday
    text = "يعقد المتحدث الرسمي غدا الثلاثاء لقاء صحفيا في مقر الوزارة."
    s = text.index("غدا")
    t = TimeMention(s, s + len("غدا الثلاثاء"), "غدا الثلاثاء", "2015-08-07", "2015-08-06")
    assert _date(text, [t]) == "2015-08-04"


def test_a_time_in_a_relative_clause_on_another_noun_is_not_the_events():
    # the indictment was on Wednesday; 17 June dates the massacre (its own relative clause)
    text = ("وجهت لجنة محلفين أول أمس الأربعاء إلى المتهم الاتهام بارتكاب جرائم كراهية واتهامات أخرى "
            "في المجزرة التي وقعت في 17 يونيو الماضي.")
    from marsad.analyze.times import find_times

    evs = {e.type: e for e in find_events(text, (), find_times(text, "2015-07-24"))}
    assert evs["accusation"].date == "2015-07-22"
    assert evs["attack"].date == "2015-06-17"


def test_a_time_after_another_events_verb_is_that_verbs():
    # verb, subject, time: أمس is the visit's; the attack is dated by the time after it
    text = ("زار أمين المنطقة أمس رجال الأمن المصابين في العدوان الغاشم على مسجد قوات الطوارئ "
            "الخميس الماضي.")
    from marsad.analyze.times import find_times

    evs = {e.type: e for e in find_events(text, (), find_times(text, "2015-08-09"))}
    assert evs["visit"].date == "2015-08-08"
    assert evs["attack"].date == "2015-08-06"


def test_days_after_an_event_move_its_date_back():
    text = "شن سلاح الجو التركي الجمعة أولى غاراته على مواقع التنظيم بعد أربعة أيام على هجوم انتحاري دام."
    s = text.index("الجمعة")
    t = TimeMention(s, s + len("الجمعة"), "الجمعة", "2015-07-24", "2015-07-24")
    evs = {e.type: e for e in find_events(text, (), [t])}
    assert evs["military_action"].date == "2015-07-24"
    assert evs["attack"].date == "2015-07-20"
    text2 = "وصل الرئيس أمس قبل أسبوع من الانتخابات."
    s = text2.index("أمس")
    t2 = TimeMention(s, s + 3, "أمس", "2015-08-05", "2015-08-06")
    evs = {e.type: e for e in find_events(text2, (), [t2])}
    assert evs["visit"].date == "2015-08-05" and evs["election"].date == "2015-08-12"
