"""Speaker patterns of Arabic news that the quote finder resolves (issue #7)."""

from __future__ import annotations

import pytest

from marsad.analyze.quotes import attribute_quotes


def _speakers(text: str) -> list[str | None]:
    return [f.speaker_name for f in attribute_quotes(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # a subject after "إلا أن" with its name set off by commas
    ("ولم يجد المحققون علاقة بين المهاجم وشركاء جهاديين. إلا أن رئيس لجنة الأمن الداخلي في مجلس "
     "النواب، مايكل ماكول، قال إن «الأهداف هي نفس تلك التي دعا التنظيم إلى مهاجمتها».",
     ["مايكل ماكول"]),
    # an honorific pronoun is the person last named
    ("صرح الأمين العام للمجلس الأعلى للقضاء الشيخ سلمان بن محمد النشوان بمناسبة التوسعة حيث قال "
     "فضيلته : منذ توحيد هذه البلاد المباركة على يد المؤسس.", ["سلمان بن محمد النشوان"]),
    # a slash after the rank
    ("من جانبه ذكر المدير الطبي للعيادات الدكتور/ محمد اسماعيل ، ان عيادة الجلدية سجلت عددا كبيرا "
     "من المراجعين.", ["محمد اسماعيل"]),
    # a rank and name later in the speaker's chunk
    ("وذكر مدير إدارة الطوارئ والأزمات بالإنابة الأستاذ عايد العنزي، بأن إدارة الطوارئ تحظى باهتمام.",
     ["عايد العنزي"]),
    # "مخاطبا" introduces the one addressed, not the speaker
    ("وقال دمرداش إن على الحكومة أن توقف العمليات. وأضاف مخاطبا رئيس الوزراء أحمد داود أوغلو «قد "
     "يتشكل ائتلاف وقد لا يتشكل لكن السلام مهم».", ["دمرداش", "دمرداش"]),
    # "أبلغ" takes the outlet told as its object; the speaker follows
    ("وأبلغ «الشرق الأوسط»، الدكتور عادل الزيد خبير القياسات الحيوية أن «أنظمة السمات الحيوية لا "
     "تزال بعيدة جدا».", ["عادل الزيد"]),
    # a name after بن or آل goes on even when it is also a word of a role
    ("أكد صاحب السمو الأمير جلوي بن عبدالعزيز بن مساعد، أمير منطقة نجران، أن الإمارة مسخرة لخدمة "
     "المواطن.", ["جلوي بن عبدالعزيز بن مساعد"]),
])
def test_speaker_patterns(text, expected):
    assert _speakers(text) == expected


def test_a_role_after_a_continuing_verb_is_the_last_speaker():
    text = ("إلا أن رئيس لجنة الأمن الداخلي في مجلس النواب، مايكل ماكول، قال إن «الأهداف هي نفس تلك "
            "التي دعا التنظيم إلى مهاجمتها». وأضاف النائب الجمهوري أن «التهديد حقيقي وهو يأتي من "
            "الإنترنت».")
    found = attribute_quotes(text)
    assert [f.speaker_name for f in found] == ["مايكل ماكول", "مايكل ماكول"]
    assert found[1].quote.speaker_text == "النائب الجمهوري"  # the evidence stays as written


def test_a_role_followed_by_its_verb_names_nobody():
    # "الأمانة منحت مقاول": the verb after an institution is not its name
    text = ("وكانت أمانة جدة منحت مقاول المشروع مهلة جديدة. في المقابل أكدت الأمانة أن المشروعات تسير "
            "حسب الخطة.")
    assert _speakers(text) == ["الأمانة"]
