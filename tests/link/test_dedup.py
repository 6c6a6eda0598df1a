"""Near-duplicates: an agency wire republished with small edits is found, different reports
of the same event are not copies, and the groups do not depend on the order of arrival."""

from __future__ import annotations

import itertools

from marsad.link.dedup import NearDuplicates
from marsad.link.stories import StoryInput

WIRE = (
    "جدة 5 شوال 1436 هـ الموافق 21 يوليو 2015 م واس التقى صاحب السمو الملكي الأمير محمد بن "
    "سلمان بن عبدالعزيز ولي ولي العهد النائب الثاني لرئيس مجلس الوزراء وزير الدفاع في جدة "
    "اليوم فخامة الرئيس رمضان قاديروف رئيس جمهورية الشيشان. وجرى خلال اللقاء استعراض العلاقات "
    "الثنائية بين المملكة العربية السعودية وجمهورية الشيشان، وبحث عدد من المواضيع ذات الاهتمام "
    "المشترك. حضر اللقاء صاحب السمو الملكي الأمير منصور بن متعب بن عبدالعزيز وزير الدولة عضو "
    "مجلس الوزراء، ومعالي وزير الدولة عضو مجلس الوزراء الدكتور مساعد بن محمد العيبان، ومعالي "
    "رئيس الاستخبارات العامة الأستاذ خالد بن علي الحميدان."
)
# The same wire as another outlet printed it: dateline dropped, two words changed, clitics.
EDITED = (
    "التقى صاحب السمو الملكي الأمير محمد بن سلمان بن عبدالعزيز ولي ولي العهد النائب الثاني "
    "لرئيس مجلس الوزراء وزير الدفاع في جدة أمس فخامة الرئيس رمضان قاديروف رئيس جمهورية "
    "الشيشان. وجرى خلال اللقاء استعراض العلاقات الثنائية بين المملكة العربية السعودية "
    "وجمهورية الشيشان، وبحث عدد من المواضيع ذات الاهتمام المشترك. وحضر اللقاء صاحب السمو "
    "الملكي الأمير منصور بن متعب بن عبدالعزيز وزير الدولة عضو مجلس الوزراء، ومعالي وزير الدولة "
    "عضو مجلس الوزراء الدكتور مساعد بن محمد العيبان، ومعالي رئيس الاستخبارات العامة خالد بن "
    "علي الحميدان."
)
OWN_REPORT = (
    "بحث الأمير محمد بن سلمان ولي ولي العهد مع الرئيس الشيشاني رمضان قاديروف في جدة العلاقات "
    "بين البلدين، في زيارة يؤدي خلالها الضيف مناسك العمرة ويزور المسجد النبوي. وقال مراسلنا "
    "إن اللقاء تناول التعاون في مكافحة الإرهاب والتطرف، وإن قاديروف أشاد بدور المملكة في خدمة "
    "الإسلام والمسلمين، ووجه الدعوة لولي ولي العهد لزيارة غروزني."
)


def _inp(aid: str, body: str) -> StoryInput:
    return StoryInput(aid, "ولي ولي العهد يلتقي رئيس الشيشان", body, "2015-07-21")


def test_edited_copy_is_found_and_own_report_is_not():
    nd = NearDuplicates()
    assert nd.add(_inp("b", WIRE)) is None
    assert nd.add(_inp("c", OWN_REPORT)) is None
    assert nd.add(_inp("a", EDITED)) == "b"  # the earlier copy
    assert nd.canonical("b") == "a"  # the group is named by its smallest id
    assert nd.groups() == [("a", "b")]
    assert nd.duplicate_of() == {"b": "a"}
    assert nd.add(_inp("a", EDITED)) is None  # adding twice changes nothing: "a" is canonical


def test_groups_do_not_depend_on_order():
    items = [_inp("x1", WIRE), _inp("x2", EDITED), _inp("x3", OWN_REPORT),
             _inp("x4", WIRE + " انتهى")]
    results = set()
    for perm in itertools.permutations(items):
        nd = NearDuplicates()
        for inp in perm:
            nd.add(inp)
        results.add((tuple(nd.groups()), tuple(sorted(nd.duplicate_of().items()))))
    assert results == {((("x1", "x2", "x4"),), (("x2", "x1"), ("x4", "x1")))}


def test_short_texts_are_never_called_copies():
    nd = NearDuplicates()
    nd.add(_inp("a", "خبر قصير جدا"))
    assert nd.add(_inp("b", "خبر قصير جدا")) is None
