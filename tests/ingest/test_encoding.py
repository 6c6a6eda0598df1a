from __future__ import annotations

import codecs

import pytest

from marsad.errors import InputError
from marsad.ingest.encoding import decode

TEXT = "وقال المتحدث باسم الكرملين، ديمتري بيسكوف، إن الزيارة لم تتضمن توقيع أي اتفاقيات رسمية."


@pytest.mark.parametrize("codec", ["utf-8", "cp1256", "iso8859_6", "utf-16-le", "utf-16-be"])
def test_arabic_encodings_detected(codec):
    text, _enc = decode(TEXT.encode(codec))
    assert text == TEXT


@pytest.mark.parametrize("bom,codec", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                       (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_byte_order_marks(bom, codec):
    text, _ = decode(bom + TEXT.encode(codec))
    assert text == TEXT


def test_declared_charset_is_honoured_for_single_byte_pages():
    html = '<html><head><meta charset="windows-1256"></head><body><p>' + TEXT + "</p></body></html>"
    text, enc = decode(html.encode("cp1256"))
    assert enc == "cp1256" and TEXT in text


@pytest.mark.parametrize("data,reason", [(b"", "empty"), (b"   \n", "empty"),
                                         (bytes(range(256)) * 20, "binary")])
def test_bad_bytes_named_and_explained(data, reason):
    with pytest.raises(InputError) as err:
        decode(data, "page.txt")
    assert err.value.name == "page.txt" and reason in err.value.reason
