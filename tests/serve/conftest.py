from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.paths import REPO
from marsad.pipeline import ingest, link
from marsad.store.sqlite import Store

pytest.importorskip("fastapi")

# Untrusted text as scrapers deliver it: markup that survives as literal text in
# an article body, a title and a URL field.  None of it may ever run in the UI.
HOSTILE_TEXT = (
    "تقرير: <script>alert('body')</script> وزير الخارجية يلتقي نظيره في العاصمة\n\n"
    "قال الوزير إن المحادثات <img src=x onerror=alert(1)> كانت بناءة ومثمرة، وأضاف أن "
    "<a href=\"javascript:alert(2)\">الاتفاق</a> سيوقع الشهر المقبل في العاصمة.\n\n"
    "وأكد مصدر دبلوماسي أن الجانبين ناقشا التعاون الاقتصادي والأمني <svg onload=alert(3)>.\n"
)


def write_hostile(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    jsonl = folder / "hostile.jsonl"
    jsonl.write_text(json.dumps({
        "title": "\"><script>alert('title')</script> عنوان خبر",
        "url": "javascript:alert('url')",
        "outlet": "<b onmouseover=alert(4)>منفذ</b>",
        "date": "2024-06-20",
        "text": HOSTILE_TEXT,
    }, ensure_ascii=False) + "\n", encoding="utf-8")
    return [jsonl]


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the sample corpus plus hostile pages, linked (built once)."""
    tmp = tmp_path_factory.mktemp("serve")
    db = tmp / "marsad.db"
    ex = REPO / "examples"
    inputs = [str(ex / d) for d in ("txt", "html", "feeds", "jsonl", "warc")]
    inputs += [str(p) for p in write_hostile(tmp / "hostile")]
    with Store(db) as store:
        ingest(store, inputs)
        link(store)
    return db
