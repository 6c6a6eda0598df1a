"""The checks a careful Arabic-reading editor makes on the five real seed pages."""

from __future__ import annotations


def paragraphs(article):
    return article.body.split("\n\n")


def removed(article, kind):
    return [r.text for r in article.removed if r.kind == kind]


def test_seed000_header_date_is_page_date_not_publication(seeds):
    a, = seeds["000"]
    assert a.title == 'طوكيو "قلقة" من المحادثات.. بوتين يقبل دعوة لزيارة كوريا الشمالية'
    assert a.page_date == "2024-10-13"
    assert a.published.value != "2024-10-13"


def test_seed000_furniture_removed_headings_kept(seeds):
    a, = seeds["000"]
    paras = paragraphs(a)
    assert paras[0].startswith("عبّر مسؤولون أميركيون")
    assert paras[-1].startswith("وكان أشار الرئيس الروسي أمس الأربعاء")
    for heading in ("قبول دعوة كيم", "بوتين يشيد بالعلاقات مع كوريا الشمالية",
                    'اليابان تحذّر "انتهاك" للعقوبات المفروضة'):
        assert heading in paras
    for furniture in ("شارك القصة", "تابع القراءة", "Close", "(الصورة: سبوتنيك)", "- سبوتنيك", "المصادر"):
        assert furniture not in a.body
    assert a.title not in a.body
    assert len(removed(a, "caption")) == 3
    assert "شارك القصة" in removed(a, "boilerplate")
    assert a.title in removed(a, "duplicate")
    assert a.credited_source == "وكالات"


def test_seed001_tracking_string_removed(seeds):
    a, = seeds["001"]
    assert a.title.startswith("الأولى منذ 24 عاما")
    assert "aXA6IDE4" not in a.body and "ام اند امز" not in a.body
    assert any("aXA6IDE4" in t for t in removed(a, "tracking"))
    paras = paragraphs(a)
    assert paras[0].startswith("في زيارة نادرة")
    assert paras[-1].startswith("وزودت سول أوكرانيا")
    assert '"روابط الأخوة الراسخة"' in paras and "هدية كبيرة لبيونغ يانغ" in paras


def test_seed002_section_captions_related_comments(seeds):
    a, = seeds["002"]
    assert a.section == "سياسة دولية"
    assert a.title == "موسكو تنفي توقيع أي اتفاقية خلال زيارة زعيم كوريا الشمالية إلى روسيا"
    assert len(removed(a, "caption")) == 2
    assert removed(a, "related") == ["اظهار أخبار متعلقة"] * 3
    assert removed(a, "comments") == ["التعليقات (0)"]
    assert "جيتي" not in a.body and "التعليقات" not in a.body
    assert paragraphs(a)[0].startswith("أكد الكرملين الجمعة")
    assert paragraphs(a)[-1].startswith("وتخشى واشنطن وحلفاؤها")


def test_seed003_dateline_credit_keywords_and_glued_article(seeds):
    main, glued = seeds["003"]
    assert main.published.value == "2023-09-11" and main.published.basis == "dateline"
    assert main.credited_source == "عربي21"
    assert removed(main, "keywords") and "کوریا" not in main.body
    assert "إقرأ أيضاً" not in main.body and "فريدوم شيلد" not in main.body
    assert paragraphs(main)[-1].startswith("وكان البيت الأبيض حذر كوريا الشمالية")
    assert glued.parent == main.id
    assert glued.title.startswith("كوريا الشمالية تدين التدريبات العسكرية")
    assert paragraphs(glued)[0].startswith("أدانت كوريا الشمالية")
    assert "تابع أحدث الأخبار عبر تطبيق" not in glued.body
    # The glued article does not inherit the page's metadata.
    assert glued.published.value is None and glued.credited_source is None and glued.outlet is None


def test_seed004_masthead_and_outlet(seeds):
    a, = seeds["004"]
    assert a.title == "وسط تحذيرات أمريكية.. زعيم كوريا الشمالية يعتزم زيارة موسكو"
    assert a.outlet == "الأمصار"
    assert removed(a, "masthead") == ["رئيس مجلس الإدارة", "د. رائد العزاوي"]
    assert "العزاوي" not in a.body
    paras = paragraphs(a)
    assert paras[0].startswith("وصفت العاصمة الأمريكية واشنطن")
    assert "تحذير أمريكي" in paras and "موعد اللقاء" in paras
    # The old passage is part of this page's text, not a glued article.
    assert "كوريا الشمالية تحذر الولايات المتحدة" in paras
    assert paras[-1].startswith("وحذر البيت الأبيض من أن بوتين وكيم")


def test_body_text_is_never_normalised(seeds):
    """Diacritics, hamza forms and Persian letters in the page stay as printed."""
    a, = seeds["000"]
    assert "قبِل الرئيس الروسي" in a.body and "القمّة" in a.body
