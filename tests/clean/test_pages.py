"""Page-level reading on made-up pages: datelines under the headline, lists under a furniture
header, readers' comments, a second story glued with no marker, and HTML furniture blocks."""

from __future__ import annotations

from marsad.clean import clean
from marsad.ingest.readers import make_document
from marsad.model import Source

P1 = ("أعلنت وزارة الزراعة اليوم عن خطة جديدة لدعم صغار المزارعين في المناطق الريفية، تشمل قروضا "
      "ميسرة وبذورا محسنة وتدريبا على أساليب الري الحديثة خلال الموسم المقبل.")
P2 = ("وقال وزير الزراعة في مؤتمر صحفي إن الخطة تستهدف رفع إنتاج القمح والشعير بنسبة كبيرة، "
      "مشيرا إلى أن المزارعين سيحصلون على الدعم عبر الجمعيات التعاونية في كل محافظة.")
P3 = ("وأضاف الوزير أن الحكومة خصصت ميزانية إضافية للخطة الزراعية، وأن فرق الإرشاد الزراعي "
      "ستزور القرى لشرح شروط الاستفادة من القروض والبذور للمزارعين.")
G1 = ("فاز المنتخب الوطني لكرة السلة على نظيره الضيف في المباراة الودية التي أقيمت مساء أمس "
      "بالصالة المغطاة، ضمن استعداداته للبطولة القارية المقررة الشهر المقبل.")
G2 = ("وتألق لاعب الارتكاز في الربع الأخير بتسجيله نقاطا حاسمة، فيما أشاد المدرب بأداء "
      "اللاعبين الشباب الذين شاركوا للمرة الأولى مع الفريق الأول في مباراة دولية.")


def page(text: str, kind: str = "txt") -> list:
    return clean(make_document(text.encode(), Source(path=f"p.{kind}"), f"p.{kind}", kind=kind))


def removed(article, kind):
    return [r.text for r in article.removed if r.kind == kind]


def test_date_under_the_headline_is_the_dateline_and_the_name_above_it_the_author():
    a, = page("\n\n".join(["الزراعة تطلق خطة لدعم صغار المزارعين", "سعيد المراكشي",
                           "الأحد 24 مارس 2024 - 23:40", P1, P2, P3]))
    assert a.published.value == "2024-03-24" and a.published.basis == "dateline"
    assert a.page_date is None
    assert "سعيد المراكشي" in removed(a, "metadata") and "سعيد المراكشي" not in a.body
    assert a.body.startswith(P1)


def test_date_above_the_headline_is_the_page_date_in_the_masthead():
    a, = page("\n\n".join(["الأحد 13 أكتوبر 2024", "الزراعة تطلق خطة لدعم صغار المزارعين", P1, P2, P3]))
    assert a.page_date == "2024-10-13" and a.published.value != "2024-10-13"
    assert "الأحد 13 أكتوبر 2024" in removed(a, "masthead")


def test_headlines_under_a_related_header_and_readers_comments_are_furniture():
    a, = page("\n\n".join([
        "الزراعة تطلق خطة لدعم صغار المزارعين", P1, P2, P3,
        "مواضيع ذات صلة", "أسعار الخضر تتراجع في الأسواق", "موسم الحصاد يبدأ مبكرا",
        "تعليقات القراء (2)", "1 - مزارع", "خطة جيدة لكنها متأخرة", "2 - قارئ", "نريد التفاصيل",
        "أضف تعليقك", "© جريدة المثال 2024"]))
    assert a.body.split("\n\n")[-1] == P3
    assert {"أسعار الخضر تتراجع في الأسواق", "موسم الحصاد يبدأ مبكرا"} <= set(removed(a, "related"))
    assert {"تعليقات القراء (2)", "خطة جيدة لكنها متأخرة", "نريد التفاصيل"} <= set(removed(a, "comments"))


def test_a_subheading_above_paragraphs_stays_in_a_related_list_page():
    a, = page("\n\n".join(["الزراعة تطلق خطة لدعم صغار المزارعين", P1, "اظهار أخبار متعلقة",
                           "تفاصيل الخطة", P2, P3]))
    assert "تفاصيل الخطة" in a.body.split("\n\n")


def test_unmarked_glued_story_with_its_own_dateline_is_split_off():
    main, glued = page("\n\n".join([
        "الزراعة تطلق خطة لدعم صغار المزارعين", "الاثنين 11 سبتمبر 2023", P1, P2, P3, "تويتر فيسبوك واتساب",
        "المنتخب يفوز وديا استعدادا للبطولة القارية", "السبت 09 سبتمبر 2023", G1, G2,
        "كلمات مفتاحية: زراعة سلة", "جميع الحقوق محفوظة لجريدة المثال 2023"]))
    assert main.body.split("\n\n")[-1] == P3 and "المنتخب" not in main.body
    assert main.published.value == "2023-09-11"
    assert glued.parent == main.id and glued.title == "المنتخب يفوز وديا استعدادا للبطولة القارية"
    assert glued.body.split("\n\n") == [G1, G2]
    # Its own dateline, and nothing inherited from the page.
    assert glued.published.value == "2023-09-09" and glued.published.basis == "dateline"
    assert glued.outlet is None and glued.section is None
    assert removed(glued, "keywords")


def test_a_dated_section_of_the_same_story_is_not_split():
    a, = page("\n\n".join([
        "الزراعة تطلق خطة لدعم صغار المزارعين", "الاثنين 11 سبتمبر 2023", P1, P2,
        "قروض ميسرة للمزارعين", "الثلاثاء 12 سبتمبر 2023", P3, P2.replace("وقال", "وأكد")]))
    assert "قروض ميسرة للمزارعين" in a.body


def test_html_furniture_blocks_are_recorded_and_kept_out_of_the_body():
    html = (
        "<html><head><title>خطة لدعم المزارعين | جريدة المثال</title></head><body>"
        "<div class='topbar'><span>الأحد 16 يونيو 2024</span></div>"
        "<div class='path'><a href='/'>الرئيسية</a> » <a href='/agri'>زراعة</a></div>"
        "<article><h1>خطة لدعم المزارعين</h1>"
        "<div class='info'><span class='place'>الرباط - جريدة المثال</span>"
        "<span class='published'>نشر في: 15 يونيو 2024</span></div>"
        f"<p>{P1}</p><p>{P2}</p><p class='related-inline'>اقرأ أيضا: <a href='/x'>موسم الحصاد يبدأ</a></p>"
        f"<p>{P3}</p><p class='disclaimer'>تنشر الجريدة ملخصا لبعض الأخبار التي تقدمها لمشتركيها عبر خدمتها.</p>"
        "<div class='post-tags'>الوسوم: زراعة قروض</div></article>"
        "<section class='comments'><h3>التعليقات (1)</h3><div class='comment'><p>خطة ممتازة.</p></div></section>"
        "</body></html>")
    a, = page(html, "html")
    assert a.outlet == "جريدة المثال" and a.section == "زراعة"
    assert a.published.value == "2024-06-15" and a.published.basis == "dateline"
    assert a.page_date == "2024-06-16" and "الأحد 16 يونيو 2024" in removed(a, "masthead")
    assert "نشر في: 15 يونيو 2024" in removed(a, "metadata")
    assert any("موسم الحصاد يبدأ" in t for t in removed(a, "related"))
    assert "خطة ممتازة." in removed(a, "comments")
    assert any("الوسوم" in t for t in removed(a, "keywords"))
    assert any("ملخصا لبعض الأخبار" in t for t in removed(a, "boilerplate"))
    assert a.body.split("\n\n") == [P1, P2, P3]


def test_html_fragment_keeps_its_headings():
    a, = page(f"<h1>خطة لدعم المزارعين</h1><p>{P1}</p><h3>تفاصيل الخطة</h3><p>{P2}</p><script>alert(1)</script><p>{P3}</p>", "html")
    assert a.body.split("\n\n") == [P1, "تفاصيل الخطة", P2, P3]


def test_breadcrumb_ending_with_the_headline_is_not_the_section():
    html = ("<html><head><meta property='article:section' content='زراعة'></head><body>"
            "<nav class='breadcrumb'><a href='/'>الرئيسية</a> › <a href='/a'>اقتصاد</a> › "
            "<a href='/a/1'>خطة لدعم المزارعين</a></nav>"
            f"<article><h1>خطة لدعم المزارعين</h1><p>{P1}</p><p>{P2}</p></article></body></html>")
    a, = page(html, "html")
    assert a.section == "اقتصاد"
