"""HTML pages: main text, metadata, and hostile markup reduced to inert text."""

from __future__ import annotations

from marsad.clean import clean
from marsad.ingest.readers import make_document
from marsad.model import Source
from marsad.paths import REPO

PARA = ("قال وزير المالية في مؤتمر صحفي اليوم إن الميزانية العامة سجلت فائضا للمرة الأولى منذ سنوات "
        "بفضل ارتفاع الإيرادات غير النفطية وتراجع الإنفاق على المشاريع المؤجلة.")


def html_doc(body: str, head: str = "") -> list:
    html = f"<html><head>{head}</head><body><article>{body}</article></body></html>"
    return clean(make_document(html.encode(), Source(path="p.html"), "p.html", kind="html"))


def test_metadata_from_meta_tags_and_json_ld():
    head = ('<meta property="og:site_name" content="صحيفة المثال"><meta property="og:title" '
            'content="فائض في الميزانية - صحيفة المثال"><meta property="article:published_time" '
            'content="2024-05-05T10:00:00+03:00"><meta property="article:section" content="اقتصاد">')
    a, = html_doc(f"<h1>فائض في الميزانية</h1><p>{PARA}</p><p>{PARA}</p>", head)
    assert a.title == "فائض في الميزانية" and a.outlet == "صحيفة المثال" and a.section == "اقتصاد"
    assert a.published.value == "2024-05-05" and a.published.basis == "meta"
    assert "فائض في الميزانية" not in a.body.split("\n\n")


def test_figcaptions_recorded_as_captions_not_body():
    a, = html_doc(f"<h1>عنوان</h1><p>{PARA}</p><figure><img src='x.jpg'><figcaption>الوزير خلال المؤتمر "
                  f"(رويترز)</figcaption></figure><p>{PARA}</p>")
    assert "الوزير خلال المؤتمر" not in a.body
    assert any(r.kind == "caption" and "الوزير خلال المؤتمر" in r.text for r in a.removed)


def test_hostile_markup_never_reaches_the_body_as_markup():
    hostile = (f"<p>{PARA}<script>alert('x')</script></p><img src=x onerror=\"alert(1)\">"
               f"<p><a href=\"javascript:alert(2)\">رابط الخبر</a> {PARA}</p>"
               "<iframe src=\"javascript:alert(3)\"></iframe><svg onload=alert(4)></svg>")
    a, = html_doc("<h1>عنوان الخبر</h1>" + hostile)
    for bad in ("<script", "alert(", "onerror", "javascript:", "<iframe", "<svg", "<"):
        assert bad not in a.body
    assert "رابط الخبر" in a.body


def test_sample_hostile_page():
    path = REPO / "examples/html/khaleej_oman_budget_hostile.html"
    a = clean(make_document(path.read_bytes(), Source(path=str(path)), str(path)))[0]
    assert "alert(" not in a.body and "<script" not in a.body and "javascript:" not in a.body
